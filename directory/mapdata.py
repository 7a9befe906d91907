"""From directory data to the offline map: points per place, an arc per twinning.

Each function runs one query (``values()`` of exactly what the map needs), so a map costs one
SQL query whatever the number of twinnings. Points are aggregated per place, as
``directory.maps`` expects. Places without coordinates cannot be drawn; they are returned so the
page can list them.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from directory.maps import MapLine, MapPoint, render_map_svg


@dataclass
class PlaceOnMap:
    """A place as the map and the list beside it show it."""

    pk: int
    name: str
    country_code: str
    lat: float | None
    lon: float | None
    twinning_count: int = 0
    organisation_count: int = 0

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def label(self) -> str:
        parts = [self.name]
        if self.twinning_count:
            parts.append(
                ngettext("%(count)d twinning", "%(count)d twinnings", self.twinning_count)
                % {"count": self.twinning_count}
            )
        if self.organisation_count:
            parts.append(
                ngettext(
                    "%(count)d organisation", "%(count)d organisations", self.organisation_count
                )
                % {"count": self.organisation_count}
            )
        return ", ".join(parts)

    def as_point(self) -> MapPoint:
        # Twinned places link to their twinnings; seats of organisations to the organisations.
        if self.twinning_count:
            url = reverse("directory:twinning-list")
        else:
            url = reverse("directory:organisation-list")
        return MapPoint(
            key=f"place-{self.pk}",
            label=self.label,
            lon=self.lon,
            lat=self.lat,
            url=f"{url}?{urlencode({'q': self.name})}",
            weight=max(self.twinning_count + self.organisation_count, 1),
            kind="de" if self.country_code == "DE" else "ca",
        )


@dataclass
class MapResult:
    svg: SafeString
    places: list[PlaceOnMap] = field(default_factory=list)

    @property
    def places_without_coordinates(self) -> list[PlaceOnMap]:
        return [place for place in self.places if not place.has_coordinates]


class _Places(dict[int, PlaceOnMap]):
    def add(self, row: dict, prefix: str) -> PlaceOnMap:
        pk = row[f"{prefix}id"]
        if pk not in self:
            lat, lon = row[f"{prefix}latitude"], row[f"{prefix}longitude"]
            self[pk] = PlaceOnMap(
                pk=pk,
                name=row[f"{prefix}name"],
                country_code=row[f"{prefix}country__code"],
                lat=float(lat) if lat is not None else None,
                lon=float(lon) if lon is not None else None,
            )
        return self[pk]


def _place_columns(prefix: str) -> list[str]:
    return [f"{prefix}{name}" for name in PLACE_COLUMNS]


PLACE_COLUMNS = ["id", "name", "country__code", "latitude", "longitude"]
SIDES = ("german_place__", "central_asian_place__")


def cooperation_map(
    *,
    twinnings: QuerySet | None = None,
    organisations: QuerySet | None = None,
    title: str,
    description: str,
    bbox: str | None = None,
) -> MapResult:
    """A map of ``twinnings`` (arcs) and the seats of ``organisations`` (points).

    Both QuerySets come filtered and published-only from the caller; each costs one query.
    """
    places = _Places()
    twinning_rows = []
    if twinnings is not None:
        columns = ["slug", *_place_columns(SIDES[0]), *_place_columns(SIDES[1])]
        twinning_rows = list(twinnings.order_by().values(*columns))
        for row in twinning_rows:
            for side in SIDES:
                places.add(row, side).twinning_count += 1
    if organisations is not None:
        seats = (
            organisations.filter(seat__isnull=False).order_by().values(*_place_columns("seat__"))
        )
        for row in seats:
            places.add(row, "seat__").organisation_count += 1

    points = {pk: place.as_point() for pk, place in places.items() if place.has_coordinates}
    lines = [
        MapLine(
            key=f"twinning-{row['slug']}",
            label=f"{row['german_place__name']} – {row['central_asian_place__name']}",
            start=points[row["german_place__id"]],
            end=points[row["central_asian_place__id"]],
            url=reverse("directory:twinning-detail", kwargs={"slug": row["slug"]}),
        )
        for row in twinning_rows
        if row["german_place__id"] in points and row["central_asian_place__id"] in points
    ]
    svg = render_map_svg(
        list(points.values()), lines, title=title, description=description, bbox=bbox
    )
    ordered = sorted(places.values(), key=lambda place: (place.country_code != "DE", place.name))
    return MapResult(svg=svg, places=ordered)
