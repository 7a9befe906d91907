"""Twinning opportunities: towns with ties but no twinning (``/twinnings/opportunities/``).

The rules, in plain words:

- **German towns and districts**: a place in Germany where published organisations are based
  that work in a Central Asian country (their countries of activity), while the place has no
  twinning with a place in that country. One opportunity per place and country.
- **Central Asian towns**: a place in Central Asia without any twinning with a German place, where
  published organisations are based that have a tie to Germany: they list Germany among their
  countries of activity, or they are foundations or public bodies (the directory's rule for
  "German presence", ``country_profiles.GERMAN_PRESENCE_KINDS``: the offices of German
  foundations and institutions).

Only published twinnings that have not ended count as a twinning. An opportunity is as strong
as the number of organisations behind it; ties are broken by the place's name, then its id and
the country. Each shows its evidence: the organisations (at most ``EVIDENCE_SHOWN`` by name) and
their fields. Filters: the German federal state (German places only), the Central Asian
country, the field of cooperation (only organisations working in it count).

Cost: one grouped query per side over the join tables, then one query for the evidence of the
rows shown and two for their fields – a constant number, ``QUERIES``.
"""

from dataclasses import dataclass, field

from django import forms
from django.db import connection
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from directory.country_profiles import GERMAN_PRESENCE_KINDS
from directory.models import (
    CooperationField,
    Country,
    FederalState,
    Organisation,
    Place,
    PublicationStatus,
    Twinning,
    TwinningStatus,
)

ROWS_SHOWN = 50
EVIDENCE_SHOWN = 10
#: SQL queries ``find()`` runs at most (choices of the form included; pinned in tests).
QUERIES = 9


class OpportunityForm(forms.Form):
    """The filters: a plain GET form whose values make shareable addresses."""

    state = forms.ChoiceField(label=_("German federal state"), required=False)
    country = forms.ChoiceField(label=_("Central Asian country"), required=False)
    field = forms.ChoiceField(label=_("Field of cooperation"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["state"].choices = every + list(FederalState.choices)
        self.countries = list(Country.objects.focus().by_name())
        self.fields["country"].choices = every + [(c.code, c.name) for c in self.countries]
        fields = CooperationField.objects.values_list("slug", "name")
        self.fields["field"].choices = every + list(fields)


@dataclass
class Opportunity:
    place: Place
    country: Country  # the Central Asian country (for a Central Asian place, its own)
    strength: int
    organisations: list[Organisation] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.strength - len(self.organisations)


@dataclass
class Opportunities:
    german: list[Opportunity]
    german_total: int
    central_asian: list[Opportunity]
    central_asian_total: int
    state: str = ""


def _table(model) -> str:
    return model._meta.db_table


def _german_rows(*, state: str, country: str, field_slug: str) -> list[tuple[int, int, int]]:
    """(place id, country id, organisations) of every German opportunity, strongest first."""
    org, place, ctry = _table(Organisation), _table(Place), _table(Country)
    org_countries = _table(Organisation.countries.through)
    org_fields = _table(Organisation.fields.through)
    twinning = _table(Twinning)
    sql = [
        f"SELECT o.seat_id, oc.country_id, COUNT(*) AS strength FROM {org} o "
        f"JOIN {place} p ON p.id = o.seat_id JOIN {ctry} pc ON pc.id = p.country_id "
        f"JOIN {org_countries} oc ON oc.organisation_id = o.id "
        f"JOIN {ctry} k ON k.id = oc.country_id "
    ]
    params: list = []
    if field_slug:
        sql.append(
            f"JOIN {org_fields} f ON f.organisation_id = o.id AND f.cooperationfield_id = "
            f"(SELECT id FROM {_table(CooperationField)} WHERE slug = %s) "
        )
        params.append(field_slug)
    sql.append(
        f"WHERE o.publication_status = %s AND pc.code = 'DE' AND k.is_focus = %s "
        f"AND NOT EXISTS (SELECT 1 FROM {twinning} t JOIN {place} tp "
        f"ON tp.id = t.central_asian_place_id WHERE t.german_place_id = o.seat_id "
        f"AND tp.country_id = oc.country_id AND t.publication_status = %s AND t.status <> %s) "
    )
    params += [PublicationStatus.PUBLISHED, True, PublicationStatus.PUBLISHED, TwinningStatus.ENDED]
    if state:
        sql.append("AND p.federal_state = %s ")
        params.append(state)
    if country:
        sql.append("AND k.code = %s ")
        params.append(country)
    sql.append(
        "GROUP BY o.seat_id, oc.country_id, p.name, k.code "
        "ORDER BY strength DESC, p.name, o.seat_id, k.code"
    )
    with connection.cursor() as cursor:
        cursor.execute("".join(sql), params)
        return cursor.fetchall()


def _central_asian_rows(*, country: str, field_slug: str) -> list[tuple[int, int, int]]:
    """(place id, country id, organisations) of every Central Asian opportunity."""
    org, place, ctry = _table(Organisation), _table(Place), _table(Country)
    org_countries = _table(Organisation.countries.through)
    org_fields = _table(Organisation.fields.through)
    twinning = _table(Twinning)
    kinds = ", ".join(["%s"] * len(GERMAN_PRESENCE_KINDS))
    sql = [
        f"SELECT o.seat_id, p.country_id, COUNT(*) AS strength FROM {org} o "
        f"JOIN {place} p ON p.id = o.seat_id JOIN {ctry} k ON k.id = p.country_id "
    ]
    params: list = []
    if field_slug:
        sql.append(
            f"JOIN {org_fields} f ON f.organisation_id = o.id AND f.cooperationfield_id = "
            f"(SELECT id FROM {_table(CooperationField)} WHERE slug = %s) "
        )
        params.append(field_slug)
    sql.append(
        f"WHERE o.publication_status = %s AND k.is_focus = %s "
        f"AND (o.kind IN ({kinds}) OR EXISTS (SELECT 1 FROM {org_countries} oc "
        f"JOIN {ctry} de ON de.id = oc.country_id WHERE oc.organisation_id = o.id "
        f"AND de.code = 'DE')) "
        f"AND NOT EXISTS (SELECT 1 FROM {twinning} t WHERE t.central_asian_place_id = o.seat_id "
        f"AND t.publication_status = %s AND t.status <> %s) "
    )
    params += [PublicationStatus.PUBLISHED, True, *GERMAN_PRESENCE_KINDS]
    params += [PublicationStatus.PUBLISHED, TwinningStatus.ENDED]
    if country:
        sql.append("AND k.code = %s ")
        params.append(country)
    sql.append("GROUP BY o.seat_id, p.country_id, p.name ORDER BY strength DESC, p.name, o.seat_id")
    with connection.cursor() as cursor:
        cursor.execute("".join(sql), params)
        return cursor.fetchall()


def _evidence_ids(
    rows: list[tuple[int, int, int]], *, german: bool, field_slug: str
) -> dict[tuple[int, int], list[int]]:
    """The first ``EVIDENCE_SHOWN`` organisations (by name) behind each shown row, by (place
    id, country id): one query."""
    if not rows:
        return {}
    org, ctry = _table(Organisation), _table(Country)
    org_countries = _table(Organisation.countries.through)
    org_fields = _table(Organisation.fields.through)
    places = sorted({place_id for place_id, _country, _n in rows})
    place_in = ", ".join(["%s"] * len(places))
    params: list = []
    if german:
        countries = sorted({country_id for _place, country_id, _n in rows})
        key = "oc.country_id"
        join = f"JOIN {org_countries} oc ON oc.organisation_id = o.id "
        where = f"AND oc.country_id IN ({', '.join(['%s'] * len(countries))}) "
        where_params = countries
    else:
        kinds = ", ".join(["%s"] * len(GERMAN_PRESENCE_KINDS))
        key = "p.country_id"
        join = "JOIN directory_place p ON p.id = o.seat_id "
        where = (
            f"AND (o.kind IN ({kinds}) OR EXISTS (SELECT 1 FROM {org_countries} oc "
            f"JOIN {ctry} de ON de.id = oc.country_id WHERE oc.organisation_id = o.id "
            f"AND de.code = 'DE')) "
        )
        where_params = list(GERMAN_PRESENCE_KINDS)
    if field_slug:
        join += (
            f"JOIN {org_fields} f ON f.organisation_id = o.id AND f.cooperationfield_id = "
            f"(SELECT id FROM {_table(CooperationField)} WHERE slug = %s) "
        )
        params.append(field_slug)
    sql = (
        f"SELECT seat_id, country_id, id FROM (SELECT o.seat_id, {key} AS country_id, o.id, "
        f"ROW_NUMBER() OVER (PARTITION BY o.seat_id, {key} ORDER BY o.name, o.id) AS position "
        f"FROM {org} o {join}"
        f"WHERE o.publication_status = %s AND o.seat_id IN ({place_in}) {where}) ranked "
        f"WHERE position <= %s ORDER BY position"
    )
    params += [PublicationStatus.PUBLISHED, *places, *where_params, EVIDENCE_SHOWN]
    wanted = {(place_id, country_id) for place_id, country_id, _n in rows}
    found: dict[tuple[int, int], list[int]] = {key: [] for key in wanted}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for place_id, country_id, org_id in cursor.fetchall():
            if (place_id, country_id) in wanted:
                found[place_id, country_id].append(org_id)
    return found


def _opportunities(rows, evidence, organisations, places, countries) -> list[Opportunity]:
    return [
        Opportunity(
            place=places[place_id],
            country=countries[country_id],
            strength=strength,
            organisations=[organisations[pk] for pk in evidence[place_id, country_id]],
        )
        for place_id, country_id, strength in rows
    ]


def find(data) -> tuple[OpportunityForm, Opportunities]:
    """The filter form bound to ``data`` (a QueryDict) and the opportunities it selects.

    An invalid value is shown as the form's error and that filter is left out."""
    form = OpportunityForm(data)
    form.is_valid()
    chosen = {name: form.cleaned_data.get(name, "") for name in ("state", "country", "field")}
    german = _german_rows(
        state=chosen["state"], country=chosen["country"], field_slug=chosen["field"]
    )
    central = []
    if not chosen["state"]:  # a federal state selects German places only
        central = _central_asian_rows(country=chosen["country"], field_slug=chosen["field"])
    shown = {"german": german[:ROWS_SHOWN], "central": central[:ROWS_SHOWN]}
    evidence = {
        side: _evidence_ids(rows, german=side == "german", field_slug=chosen["field"])
        for side, rows in shown.items()
    }
    org_ids = {pk for found in evidence.values() for ids in found.values() for pk in ids}
    organisations = (
        Organisation.objects.filter(pk__in=org_ids)
        .prefetch_related(
            Prefetch("fields", queryset=CooperationField.objects.all(), to_attr="_field_list")
        )
        .in_bulk()
        if org_ids
        else {}
    )
    place_ids = {place_id for rows in shown.values() for place_id, _c, _n in rows}
    places = Place.objects.select_related("country").in_bulk(place_ids) if place_ids else {}
    countries = {country.pk: country for country in form.countries}
    return form, Opportunities(
        german=_opportunities(
            shown["german"], evidence["german"], organisations, places, countries
        ),
        german_total=len(german),
        central_asian=_opportunities(
            shown["central"], evidence["central"], organisations, places, countries
        ),
        central_asian_total=len(central),
        state=chosen["state"],
    )
