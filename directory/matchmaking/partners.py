"""Possible partners of an organisation: who would make sense to work with, and why.

The rules, in plain words (every suggestion shows each rule it meets as a reason):

1. **Twin town** (4 points): the candidate is based in a twin town of this organisation's seat,
   or in a town of a twinning this organisation runs ("Based in the twin town: Taschkent").
2. **Runs a twinning** (4 points): the candidate runs a twinning one of whose towns is this
   organisation's seat, or a twinning this organisation runs too ("Runs the twinning:
   Berlin – Taschkent").
3. **Same network** (3 points): both are members of the same network or umbrella organisation
   ("Member of the same network: …").
4. **Same field in the same country** (1 point per pair, at most 3): both work on a field of
   cooperation in the same Central Asian country ("Same field in the same country:
   Environment, Uzbekistan"). Germany and other countries do not count here: two
   organisations that both list Germany are not thereby partners.

Ranking: organisations from the other side come first – a German organisation (seat in
Germany) is matched with organisations based in Central Asia and the other way round; those
from the same side (or without a seat) only fill the list after them. Within a side, more
points first, then name, then id, so the order is deterministic. At most ``LIMIT`` partners.

Only published organisations and published twinnings count, never drafts; twinnings that have
ended count as no tie (they are not a basis for working together now); an organisation is never
its own partner, nor are its networks or its members suggested (the page lists them already).

Cost: no scan of the organisations per page. The shared field-and-country pairs, the sides and
the organisations per seat come from the organisation list's in-memory bitmap index in name
order (``directory.listing.facetindex``); the twinnings per town, who runs each twinning, who
belongs to each network and the places' names are read once per data change and kept on that
index (which every change replaces: ``BitmapIndex.kept``). Per page: one query reads the data
version (with the filter vocabulary) and one fetches the ten partners shown with their seats
(the shared fields and countries they are shown with come from the index's bits):
``PAGE_QUERIES``, or ``QUERIES`` after a change (with the index and what it keeps), whatever
the size of the directory.
"""

from array import array
from dataclasses import dataclass, field
from itertools import product

from django.http import QueryDict
from django.utils.translation import gettext as _

from directory.listing.facetindex import ValueList, bitmap, positions_bitmap, set_bits
from directory.listing.facets import facet_index
from directory.listing.filters import OrganisationFilter
from directory.models import Organisation, Place, Twinning, TwinningStatus

LIMIT = 10
TWIN_TOWN_POINTS = 4
CARRIER_POINTS = 4
NETWORK_POINTS = 3
PAIR_POINTS = 1
MAX_PAIRS = 3
#: SQL queries ``partners_of`` runs at most: the first time after a data change (with the index
#: and what it keeps), and on every page after that (pinned in tests/test_partners.py).
QUERIES = 8
PAGE_QUERIES = 2


@dataclass
class Partner:
    organisation: Organisation
    points: int
    other_side: bool
    reasons: list[str] = field(default_factory=list)


@dataclass
class _Ties:
    """What the organisation brings: its side, its twin towns and the twinnings around it."""

    side: str  # "de", "ca" or "" (no seat, or a seat elsewhere)
    twin_places: dict[int, int]  # place id → a twinning (id) that makes it a twin town
    # Twinnings of its seat and those it runs; those of the seat only as ids (None) until a
    # reason names them (``_name_twinnings``): a big city has hundreds.
    twinnings: dict[int, Twinning | None]
    seat_twinnings: dict[int, tuple[int, int]]  # their places: (German, Central Asian)
    networks: dict[int, Organisation]
    fields: dict[int, object]
    countries: dict[int, object]


def side_of(organisation: Organisation) -> str:
    seat = organisation.seat
    if seat is None:
        return ""
    if seat.country.code == "DE":
        return "de"
    return "ca" if seat.country.is_focus else ""


def _ties(organisation: Organisation, index) -> _Ties:
    """Needs ``organisation`` as ``for_detail()`` gives it (or the organisation page: its
    fields, countries, twinnings and networks without further queries) and the name ``index``
    (its seat's twinnings, ``_seat_twinnings``)."""
    own = [t for t in organisation.twinnings.all() if t.status != TwinningStatus.ENDED]
    of_seat = _seat_twinnings(index).get(organisation.seat_id, []) if organisation.seat_id else []
    own_rows = [(t.pk, t.german_place_id, t.central_asian_place_id) for t in own]
    twin_places: dict[int, int] = {}
    for pk, *place_ids in [*of_seat, *sorted(own_rows)]:
        for place_id in place_ids:
            if place_id != organisation.seat_id:
                twin_places.setdefault(place_id, pk)
    twinnings: dict[int, Twinning | None] = {pk: None for pk, *_ in of_seat}
    return _Ties(
        side=side_of(organisation),
        twin_places=twin_places,
        twinnings=twinnings | {t.pk: t for t in own},
        seat_twinnings={pk: tuple(places) for pk, *places in of_seat},
        networks={n.pk: n for n in organisation.networks.all()},  # published ones only
        fields={f.pk: f for f in organisation.field_list},
        countries={c.pk: c for c in organisation.country_list if c.is_focus},
    )


def _seat_twinnings(index) -> dict[int, list[tuple[int, int, int]]]:
    """Place id → the published twinnings that have not ended with a town there, as ``(pk,
    German place, Central Asian place)`` in pk order: one query per data change, kept on the
    index (``BitmapIndex.kept``)."""

    def make():
        rows = (
            Twinning.objects.published()
            .exclude(status=TwinningStatus.ENDED)
            .order_by("pk")
            .values_list("pk", "german_place_id", "central_asian_place_id")
        )
        by_place: dict[int, list[tuple[int, int, int]]] = {}
        for row in rows:
            for place in dict.fromkeys(row[1:]):
                by_place.setdefault(place, []).append(row)
        return by_place

    return index.kept("partner_seat_twinnings", make)


def _linked_to(index, keys, name: str, through, source: str, target: str) -> dict[int, set[int]]:
    """Who is linked to which of ``keys`` (twinnings: who runs them; networks: their members)
    in the link table ``through``, as ``target`` id → its ``keys``. The table is read once per
    data change (drafts included: the index holds only published candidates) and kept on the
    index."""
    if not keys:
        return {}

    def make():
        linked: dict[int, list[int]] = {}
        for key, value in through.objects.order_by().values_list(source, target):
            linked.setdefault(key, []).append(value)
        return linked

    linked, found = index.kept(name, make), {}
    for key in keys:
        for other in linked.get(key, ()):
            found.setdefault(other, set()).add(key)
    return found


@dataclass
class _Candidates:
    """Who meets which rule, as bitmaps over the organisation list's index (in name order)."""

    twin_town: int
    runs: dict[int, set[int]]  # candidate id → twinnings it runs (of ``_Ties.twinnings``)
    networks: dict[int, set[int]]  # candidate id → shared networks


def name_index():
    """The published organisations in name order with their facet bitmaps
    (``directory.listing.facetindex``): the list's own index, shared with ``?sort=name``."""
    filterset = OrganisationFilter(QueryDict("sort=name"), queryset=Organisation.objects.none())
    index = facet_index(filterset)
    index.focus_codes = filterset.focus_countries  # the Central Asian countries' codes
    return index


def seat_positions(index) -> dict[int, array]:
    """Place id → the index positions of the organisations based there: one query (one row per
    place) once per data change, kept on the index."""

    def make():
        rows = (
            Organisation.objects.published()
            .filter(seat__isnull=False)
            .order_by()
            .values("seat_id")
            .annotate(ids=ValueList("pk"))
            .values_list("seat_id", "ids")
        )
        seats = {}
        for place, ids in rows:
            positions = (index.position(int(pk)) for pk in ids.split(","))
            seats[place] = array("i", sorted(p for p in positions if p is not None))
        return seats

    return index.kept("partner_seats", make)


def _candidates(ties: _Ties, index) -> _Candidates:
    """Who is based in a twin town, who runs a twinning and who shares a network: from what
    the index keeps, no query once it is kept."""
    twin_town = 0
    if ties.twin_places:  # a big city's twin towns hold thousands: marked in numpy
        seats = seat_positions(index)
        twin_town = positions_bitmap(
            (seats.get(place, ()) for place in ties.twin_places), index.size
        )
    runs = _linked_to(
        index, ties.twinnings, "partner_carriers", Twinning.organisations.through,
        "twinning_id", "organisation_id",
    )  # fmt: skip
    networks = _linked_to(
        index, ties.networks, "partner_members", Organisation.networks.through,
        "to_organisation_id", "from_organisation_id",
    )  # fmt: skip
    return _Candidates(twin_town=twin_town, runs=runs, networks=networks)


def _bits(index, pks) -> int:
    positions = (index.position(pk) for pk in pks)
    return bitmap((p for p in positions if p is not None), index.size)


def _ranked(organisation: Organisation, ties: _Ties, index, found: _Candidates):
    """(candidate id, points, other side) of the best candidates, in order.

    Bit-sliced counting: ``at_least[n]`` holds the organisations sharing at least n
    field-and-country pairs; every combination of rules is a bitmap, visited from the most
    points down, and its lowest set bits are the first by name.
    """
    fields, countries = index.facets.get("field", {}), index.facets.get("country", {})
    at_least = [index.everything, 0, 0, 0]
    for f in ties.fields.values():
        for c in ties.countries.values():
            pair = fields.get(f.slug, 0) & countries.get(c.code, 0)
            for n in range(MAX_PAIRS, 0, -1):
                at_least[n] |= at_least[n - 1] & pair
    exactly = [at_least[n] & ~at_least[n + 1] for n in range(MAX_PAIRS)] + [at_least[MAX_PAIRS]]
    seats = index.facets.get("seat", {})
    other = {
        "de": _or(seats.get(code, 0) for code in index.focus_codes),
        "ca": seats.get("DE", 0),
    }.get(ties.side, 0)
    members = [member.pk for member in organisation.members.all()]  # prefetched, listed above
    allowed = index.everything & ~_bits(index, [organisation.pk, *ties.networks, *members])
    rules = (found.twin_town, _bits(index, found.runs), _bits(index, found.networks))
    combinations = []
    for twin, run, net, pairs in product((0, 1), (0, 1), (0, 1), range(MAX_PAIRS + 1)):
        points = twin * TWIN_TOWN_POINTS + run * CARRIER_POINTS + net * NETWORK_POINTS
        points += pairs * PAIR_POINTS
        if points:
            mask = exactly[pairs]
            for met, rule in zip((twin, run, net), rules, strict=True):
                mask &= rule if met else ~rule
            combinations.append((points, mask & allowed))
    ranked: list[tuple[int, int, int]] = []
    for side_mask, side in ((other, 1), (index.everything & ~other, 0)):
        by_points: dict[int, int] = {}
        for points, mask in combinations:
            by_points[points] = by_points.get(points, 0) | (mask & side_mask)
        for points in sorted(by_points, reverse=True):
            for position in set_bits(by_points[points], 0, LIMIT - len(ranked)):
                ranked.append((index.pks[position], points, side))
            if len(ranked) >= LIMIT:
                return ranked
    return ranked


def _or(bitmaps) -> int:
    combined = 0
    for bits in bitmaps:
        combined |= bits
    return combined


def shared_pairs(index, position: int, ties: _Ties) -> list[tuple]:
    """The field-and-country pairs the candidate at ``position`` shares, from the index's bits,
    in the order of its own ``field_list`` and ``country_list``: ``ties`` holds the
    organisation's, read in the same orders (so the candidate needs no prefetch of its own)."""
    fields, countries = index.facets.get("field", {}), index.facets.get("country", {})
    mine = [c for c in ties.countries.values() if (countries.get(c.code, 0) >> position) & 1]
    return [
        (f, c)
        for f in ties.fields.values()
        if (fields.get(f.slug, 0) >> position) & 1
        for c in mine
    ]


def _reasons(
    candidate: Organisation, ties: _Ties, networks: set[int], runs: set[int], pairs: list
) -> list:
    reasons = []
    if candidate.seat_id in ties.twin_places:
        reasons.append(_("Based in the twin town: %(place)s") % {"place": candidate.seat.name})
    for twinning_id in sorted(runs):
        reasons.append(
            _("Runs the twinning: %(twinning)s") % {"twinning": ties.twinnings[twinning_id]}
        )
    for network_id in sorted(networks, key=lambda pk: (ties.networks[pk].name, pk)):
        reasons.append(
            _("Member of the same network: %(network)s") % {"network": ties.networks[network_id]}
        )
    for f, c in pairs[:MAX_PAIRS]:
        reasons.append(
            _("Same field in the same country: %(field)s, %(country)s")
            % {"field": f.name, "country": c.name}
        )
    return reasons


def _name_twinnings(ties: _Ties, cited: list[set[int]], index) -> None:
    """Name the seat's twinnings the reasons cite, by their places (``Twinning.__str__``): the
    places of the twinnings are read once per data change and kept on the index, so no query
    per page."""
    missing = {pk for runs in cited for pk in runs if ties.twinnings[pk] is None}
    if missing:
        places = index.kept(
            "partner_places",
            lambda: Place.objects.defer("search_text").in_bulk(list(_seat_twinnings(index))),
        )
        for pk in missing:
            german, central_asian = ties.seat_twinnings[pk]
            ties.twinnings[pk] = Twinning(
                pk=pk, german_place=places[german], central_asian_place=places[central_asian]
            )


def partners_of(organisation: Organisation, index=None) -> list[Partner]:
    """Up to ``LIMIT`` possible partners of a published ``organisation`` as ``for_detail()``
    gives it, best first, each with its reasons (see the module's docstring).
    ``index``: ``name_index()`` if the caller has read it already."""
    index = index or name_index()
    ties = _ties(organisation, index)
    if not (ties.twin_places or ties.twinnings or ties.networks or ties.countries):
        return []
    found = _candidates(ties, index)
    ranked = _ranked(organisation, ties, index, found)
    if not ranked:
        return []
    _name_twinnings(ties, [found.runs.get(pk, set()) for pk, *_ in ranked], index)
    # Seats only: the shared pairs come from the index (``shared_pairs``), not from prefetches.
    candidates = Organisation.objects.filter(pk__in=[pk for pk, *_ in ranked])
    candidates = candidates.select_related("seat__country").in_bulk()
    return [
        Partner(
            organisation=candidates[pk],
            points=points,
            other_side=bool(side),
            reasons=_reasons(
                candidates[pk],
                ties,
                found.networks.get(pk, set()),
                found.runs.get(pk, set()),
                shared_pairs(index, index.position(pk), ties),
            ),
        )
        for pk, points, side in ranked
        if pk in candidates
    ]
