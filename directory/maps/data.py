"""From directory data to the offline map: points per place, an arc per twinning.

A map costs one query when it shows at most ``MAX_ARCS`` twinnings (their rows give both the arcs
and the points; seats of organisations add one query) and two beyond that, when it shows points
only, sized by how many twinnings and seats each place has (one query for both): thousands of
arcs would be unreadable and heavy. The first ``MAX_ARCS`` + 1 twinnings in name order are
returned for a list either way. Places without coordinates cannot be drawn; they are returned so
the page can list them.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, F, QuerySet, Value
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, ngettext

from directory.maps.drawing import (
    FOCUS_COUNTRIES,
    MapLine,
    MapPoint,
    country_bounds,
    render_map_svg,
)
from directory.paths import slug_path

MAX_ARCS = 300
LANGUAGE_CODES = tuple(code for code, _ in settings.LANGUAGES)
# Names in every language (modeltranslation's own rewriting does not reach across relations):
# the map shows the page language's name and falls back to German.
PLACE_COLUMNS = (
    "id",
    *(f"name_{code}" for code in LANGUAGE_CODES),
    "country__code",
    *(f"country__name_{code}" for code in LANGUAGE_CODES),
    "latitude",
    "longitude",
)
SIDES = ("german_place__", "central_asian_place__")


@dataclass
class PlaceOnMap:
    """A place as the map and the list beside it show it."""

    pk: int
    name: str
    country_code: str
    country_name: str
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
        return f"{self.name} ({self.country_name})" + (
            ": " + ", ".join(parts[1:]) if parts[1:] else ""
        )

    def as_point(self) -> MapPoint:
        # Twinned places link to their twinnings; seats of organisations to the organisations.
        name = "directory:twinning-list" if self.twinning_count else "directory:organisation-list"
        return MapPoint(
            key=f"place-{self.pk}",
            label=self.label,
            name=self.name if self.twinning_count else "",  # permanent labels: twinned places
            lon=self.lon,
            lat=self.lat,
            url=f"{reverse(name)}?{urlencode({'q': self.name})}",
            weight=max(self.twinning_count + self.organisation_count, 1),
            kind="de" if self.country_code == "DE" else "ca",
        )


@dataclass(frozen=True)
class TwinningOnMap:
    """One twinning of the map, for the list beside it."""

    label: str
    slug: str

    @property
    def url(self) -> str:  # on use: a page lists 20 of a map's up to 301
        return slug_path("directory:twinning-detail", self.slug)


@dataclass
class MapResult:
    svg: SafeString
    places: list[PlaceOnMap] = field(default_factory=list)
    twinnings: list[TwinningOnMap] = field(default_factory=list)
    twinning_count: int = 0
    arcs_left_out: bool = False
    zoomed: bool = False
    counts_seats: bool = False  # whether organisation_count was counted (seats were given)

    @property
    def places_without_coordinates(self) -> list[PlaceOnMap]:
        return [place for place in self.places if not place.has_coordinates]

    def twinnings_by_country(self) -> dict[str, int]:
        """How many of the map's twinnings have a side in each country (by ISO code)."""
        counts: dict[str, int] = {}
        for place in self.places:
            counts[place.country_code] = counts.get(place.country_code, 0) + place.twinning_count
        return counts


def in_page_language(row: dict, column: str) -> str:
    """``column`` of ``row`` in the active language, else German (the required one)."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return row.get(f"{column}_{language}") or row[f"{column}_de"]


class _Places(dict[int, PlaceOnMap]):
    def add(self, row: dict, prefix: str = "") -> PlaceOnMap:
        pk = row[f"{prefix}id"]
        if pk not in self:
            lat, lon = row[f"{prefix}latitude"], row[f"{prefix}longitude"]
            self[pk] = PlaceOnMap(
                pk=pk,
                # A label: «район Северная Саксония» opens with a capital (GLOSSARY.md).
                name=capfirst(in_page_language(row, f"{prefix}name")),
                country_code=row[f"{prefix}country__code"],
                country_name=in_page_language(row, f"{prefix}country__name"),
                lat=float(lat) if lat is not None else None,
                lon=float(lon) if lon is not None else None,
            )
        return self[pk]


def has_outline(iso: str) -> bool:
    try:
        country_bounds(iso)
    except KeyError:
        return False
    return True


def _columns(prefix: str) -> list[str]:
    return [f"{prefix}{name}" for name in PLACE_COLUMNS]


def _place_counts(twinnings: QuerySet, seats: QuerySet | None) -> QuerySet:
    """Each place on either side of ``twinnings`` with its number of twinnings, and each of
    ``seats`` with its number of organisations: ``(*PLACE_COLUMNS, twinnings, organisations)``
    rows, a place once per part it is in (one query)."""
    parts = []
    for prefix in SIDES:
        columns = {f"p_{name}": F(f"{prefix}{name}") for name in PLACE_COLUMNS}
        parts.append(
            twinnings.order_by()
            .annotate(**columns)
            .values(*columns)
            .annotate(twinning_count=Count("pk"), seat_count=Value(0))
            .values_list(*columns, "twinning_count", "seat_count")
        )
    if seats is not None:
        columns = {f"p_{name}": F(name) for name in PLACE_COLUMNS}
        parts.append(
            seats.annotate(
                **columns, twinning_count=Value(0), seat_count=F("organisation_count")
            ).values_list(*columns, "twinning_count", "seat_count")
        )
    return parts[0].union(*parts[1:], all=True)


def cooperation_map(
    *,
    twinnings: QuerySet,
    seats: QuerySet | None = None,
    title: str,
    description: str,
    bbox: str | None = None,
    id_prefix: str = "map",
) -> MapResult:
    """A map of ``twinnings`` (arcs, or points only beyond ``MAX_ARCS``) and ``seats``.

    ``twinnings`` comes filtered and published-only from the caller. ``seats`` is a Place
    QuerySet annotated with ``organisation_count`` (see ``PlaceQuerySet.seats_of``).
    """
    places = _Places()
    columns = ["slug", *_columns(SIDES[0]), *_columns(SIDES[1])]
    ordering = ("german_place__name", "central_asian_place__name")
    rows = list(twinnings.order_by(*ordering).values(*columns)[: MAX_ARCS + 1])
    arcs_left_out = len(rows) > MAX_ARCS
    if arcs_left_out:
        count = 0
        for values in _place_counts(twinnings, seats):
            row = dict(zip((*PLACE_COLUMNS, "twinning_count", "seat_count"), values, strict=True))
            place = places.add(row)
            place.twinning_count += row["twinning_count"]
            place.organisation_count += row["seat_count"]
            count += row["twinning_count"] if row["country__code"] == "DE" else 0
    else:
        count = len(rows)
        for row in rows:
            for side in SIDES:
                places.add(row, side).twinning_count += 1
        if seats is not None:
            for row in seats.values(*PLACE_COLUMNS, "organisation_count"):
                places.add(row).organisation_count += row["organisation_count"]

    points = {pk: place.as_point() for pk, place in places.items() if place.has_coordinates}
    drawn = []
    lines = []
    for row in rows:
        twinning = TwinningOnMap(
            label=f"{places[row['german_place__id']].name} – "
            f"{places[row['central_asian_place__id']].name}",
            slug=row["slug"],
        )
        drawn.append(twinning)
        start, end = points.get(row["german_place__id"]), points.get(row["central_asian_place__id"])
        if start and end and not arcs_left_out:
            lines.append(
                MapLine(
                    key=f"twinning-{row['slug']}",
                    label=twinning.label,
                    start=start,
                    end=end,
                    url=twinning.url,
                )
            )
    if bbox and not has_outline(bbox):
        bbox = None  # a country beyond the map's area: show the whole map
    svg = render_map_svg(
        list(points.values()),
        lines,
        title=title,
        description=description,
        bbox=bbox,
        highlight=(bbox,) if bbox else FOCUS_COUNTRIES,
        id_prefix=id_prefix,
        country_names={place.country_code: place.country_name for place in places.values()},
    )
    ordered = sorted(places.values(), key=lambda place: (place.country_code != "DE", place.name))
    return MapResult(
        svg=svg,
        places=ordered,
        twinnings=drawn,
        twinning_count=count,
        arcs_left_out=arcs_left_out,
        zoomed=bool(bbox),
        counts_seats=seats is not None,
    )


def pair_map(twinning) -> SafeString:
    """The two places of one twinning, zoomed to both (no query: the places come with it)."""
    ends = []
    for place in (twinning.german_place, twinning.central_asian_place):
        if not place.has_coordinates:
            return SafeString("")
        ends.append(
            MapPoint(
                key=f"place-{place.pk}",
                label=place.name,
                lon=float(place.longitude),
                lat=float(place.latitude),
                url="",
                kind="de" if place.country.code == "DE" else "ca",
            )
        )
    lons, lats = [end.lon for end in ends], [end.lat for end in ends]
    line = MapLine(key="twinning", label=str(twinning), start=ends[0], end=ends[1], url="")
    return render_map_svg(
        ends,
        [line],
        title=str(twinning),
        description=gettext("Map of the two places of this twinning, joined by an arc."),
        bbox=(min(lons), min(lats), max(lons), max(lats)),
        highlight=(twinning.german_place.country.code, twinning.central_asian_place.country.code),
        id_prefix="pair-map",
    )


def place_map(place, twinnings) -> SafeString:
    """A place and its twinned places, joined by arcs, zoomed to them (no query: ``twinnings``
    come with their places). Empty when the place has no coordinates."""
    if not place.has_coordinates:
        return SafeString("")

    def point(where) -> MapPoint:
        return MapPoint(
            key=f"place-{where.pk}",
            label=where.name,
            lon=float(where.longitude),
            lat=float(where.latitude),
            url="" if where.pk == place.pk else slug_path("directory:place-detail", where.slug),
            kind="de" if where.country.code == "DE" else "ca",
        )

    centre = point(place)
    points, lines = {place.pk: centre}, []
    for twinning in twinnings:
        other = twinning.other_place
        if other.has_coordinates:
            points.setdefault(other.pk, point(other))
            lines.append(
                MapLine(
                    key=f"twinning-{twinning.slug}",
                    label=str(twinning),
                    start=centre,
                    end=points[other.pk],
                    url=slug_path("directory:twinning-detail", twinning.slug),
                )
            )
    lons = [p.lon for p in points.values()]
    lats = [p.lat for p in points.values()]
    bbox = (min(lons), min(lats), max(lons), max(lats))
    if len(points) == 1:  # no twinned place to show: the place within its country
        bbox = place.country.code if has_outline(place.country.code) else None
    return render_map_svg(
        list(points.values()),
        lines,
        title=place.name,
        description=gettext("Map of this place and its twinned places, joined by arcs."),
        bbox=bbox,
        highlight=tuple(
            {where.country.code for where in [place, *(t.other_place for t in twinnings)]}
        ),
        id_prefix="place-map",
    )
