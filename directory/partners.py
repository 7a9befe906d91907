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

Cost: one query finds the twinnings of the seat, one ranks the candidates from the join tables
(indexed by field, country, seat, network and twinning; no scan of all organisations and no
per-candidate query), and five fetch the partners shown with their fields, countries, networks
and twinnings – ``QUERIES`` in all, whatever the size of the directory.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _

from directory.models import (
    Organisation,
    PublicationStatus,
    Twinning,
    TwinningStatus,
)

LIMIT = 10
TWIN_TOWN_POINTS = 4
CARRIER_POINTS = 4
NETWORK_POINTS = 3
PAIR_POINTS = 1
MAX_PAIRS = 3
#: SQL queries ``partners_of`` runs at most (pinned in tests/test_partners.py).
QUERIES = 7


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
    twin_places: dict[int, Twinning]  # place id → a twinning that makes it a twin town
    twinnings: dict[int, Twinning]  # twinnings of its seat and those it runs
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


def _ties(organisation: Organisation) -> _Ties:
    """Needs ``organisation`` as ``for_detail()`` fetched it; one query for its seat's
    twinnings (the ones it runs are prefetched)."""
    own = [t for t in organisation.twinnings.all() if t.status != TwinningStatus.ENDED]
    of_seat = []
    if organisation.seat_id:
        of_seat = list(
            Twinning.objects.published()
            .exclude(status=TwinningStatus.ENDED)
            .filter(
                Q(german_place_id=organisation.seat_id)
                | Q(central_asian_place_id=organisation.seat_id)
            )
            .for_list()
            .order_by("pk")
        )
    twin_places: dict[int, Twinning] = {}
    for twinning in [*of_seat, *sorted(own, key=lambda t: t.pk)]:
        for place_id in (twinning.german_place_id, twinning.central_asian_place_id):
            if place_id != organisation.seat_id:
                twin_places.setdefault(place_id, twinning)
    return _Ties(
        side=side_of(organisation),
        twin_places=twin_places,
        twinnings={t.pk: t for t in [*of_seat, *own]},
        networks={n.pk: n for n in organisation.networks.all()},  # published ones only
        fields={f.pk: f for f in organisation.field_list},
        countries={c.pk: c for c in organisation.country_list if c.is_focus},
    )


def _in(values: Iterable[int]) -> tuple[str, list[int]]:
    values = sorted(set(values))
    return ", ".join(["%s"] * len(values)) or "NULL", values


def _ranked(organisation: Organisation, ties: _Ties) -> list[tuple[int, int, int]]:
    """(candidate id, points, other side) of the best candidates, in order: one query."""
    org = Organisation._meta.db_table
    org_fields = Organisation.fields.through._meta.db_table
    org_countries = Organisation.countries.through._meta.db_table
    org_networks = Organisation.networks.through._meta.db_table
    carriers = Twinning.organisations.through._meta.db_table
    place, country = "directory_place", "directory_country"
    parts, params = [], []
    if ties.fields and ties.countries:
        fields_in, field_ids = _in(ties.fields)
        countries_in, country_ids = _in(ties.countries)
        parts.append(
            f"SELECT f.organisation_id AS cid, COUNT(*) AS pairs, 0 AS twin, 0 AS net, 0 AS run "
            f"FROM {org_fields} f JOIN {org_countries} c "
            f"ON c.organisation_id = f.organisation_id "
            f"WHERE f.cooperationfield_id IN ({fields_in}) AND c.country_id IN ({countries_in}) "
            f"GROUP BY f.organisation_id"
        )
        params += field_ids + country_ids
    if ties.twin_places:
        places_in, place_ids = _in(ties.twin_places)
        parts.append(
            f"SELECT id AS cid, 0 AS pairs, 1 AS twin, 0 AS net, 0 AS run FROM {org} "
            f"WHERE seat_id IN ({places_in})"
        )
        params += place_ids
    if ties.networks:
        networks_in, network_ids = _in(ties.networks)
        parts.append(
            f"SELECT from_organisation_id AS cid, 0 AS pairs, 0 AS twin, 1 AS net, 0 AS run "
            f"FROM {org_networks} WHERE to_organisation_id IN ({networks_in})"
        )
        params += network_ids
    if ties.twinnings:
        twinnings_in, twinning_ids = _in(ties.twinnings)
        parts.append(
            f"SELECT organisation_id AS cid, 0 AS pairs, 0 AS twin, 0 AS net, 1 AS run "
            f"FROM {carriers} WHERE twinning_id IN ({twinnings_in})"
        )
        params += twinning_ids
    if not parts:
        return []
    other_side = {
        "de": "CASE WHEN k.is_focus THEN 1 ELSE 0 END",
        "ca": "CASE WHEN k.code = 'DE' THEN 1 ELSE 0 END",
    }.get(ties.side, "0")
    points = (
        f"(CASE WHEN SUM(h.pairs) > {MAX_PAIRS} THEN {MAX_PAIRS} ELSE SUM(h.pairs) END)"
        f" * {PAIR_POINTS} + MAX(h.twin) * {TWIN_TOWN_POINTS}"
        f" + MAX(h.net) * {NETWORK_POINTS} + MAX(h.run) * {CARRIER_POINTS}"
    )
    members = [member.pk for member in organisation.members.all()]  # prefetched, listed above
    excluded_in, excluded = _in([organisation.pk, *ties.networks, *members])
    sql = (
        f"SELECT h.cid, {points} AS points, {other_side} AS other_side "
        f"FROM ({' UNION ALL '.join(parts)}) h "
        f"JOIN {org} o ON o.id = h.cid "
        f"LEFT JOIN {place} p ON p.id = o.seat_id LEFT JOIN {country} k ON k.id = p.country_id "
        f"WHERE o.publication_status = %s AND o.id NOT IN ({excluded_in}) "
        f"GROUP BY h.cid, o.name, k.is_focus, k.code "
        f"ORDER BY other_side DESC, points DESC, o.name, h.cid LIMIT {LIMIT}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, PublicationStatus.PUBLISHED, *excluded])
        return [(cid, points, side) for cid, points, side in cursor.fetchall()]


def _reasons(candidate: Organisation, ties: _Ties, networks: set[int], runs: set[int]) -> list:
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
    pairs = [
        (f, c)
        for f in candidate.field_list
        if f.pk in ties.fields
        for c in candidate.country_list
        if c.pk in ties.countries
    ]
    for f, c in pairs[:MAX_PAIRS]:
        reasons.append(
            _("Same field in the same country: %(field)s, %(country)s")
            % {"field": f.name, "country": c.name}
        )
    return reasons


def partners_of(organisation: Organisation) -> list[Partner]:
    """Up to ``LIMIT`` possible partners of a published ``organisation`` fetched with
    ``for_detail()``, best first, each with its reasons (see the module's docstring)."""
    ties = _ties(organisation)
    ranked = _ranked(organisation, ties)
    if not ranked:
        return []
    ids = [cid for cid, _points, _side in ranked]
    candidates = Organisation.objects.filter(pk__in=ids).for_list().in_bulk()
    networks: dict[int, set[int]] = {pk: set() for pk in ids}
    if ties.networks:
        for member, network in Organisation.networks.through.objects.filter(
            from_organisation_id__in=ids, to_organisation_id__in=list(ties.networks)
        ).values_list("from_organisation_id", "to_organisation_id"):
            networks[member].add(network)
    runs: dict[int, set[int]] = {pk: set() for pk in ids}
    if ties.twinnings:
        for carrier, twinning in Twinning.organisations.through.objects.filter(
            organisation_id__in=ids, twinning_id__in=list(ties.twinnings)
        ).values_list("organisation_id", "twinning_id"):
            runs[carrier].add(twinning)
    return [
        Partner(
            organisation=candidates[cid],
            points=points,
            other_side=bool(side),
            reasons=_reasons(candidates[cid], ties, networks[cid], runs[cid]),
        )
        for cid, points, side in ranked
    ]
