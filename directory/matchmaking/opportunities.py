"""Twinning opportunities: towns with ties but no twinning (``/twinnings/opportunities/``).

The rules, in plain words:

- **German towns and districts**: a place in Germany where published organisations are based
  that work in a Central Asian country (their countries of activity), while the place has no
  twinning with a place in that country. One opportunity per place and country.
- **Central Asian towns**: a place in Central Asia without any twinning with a German place, where
  published organisations are based that have a tie to Germany: they list Germany among their
  countries of activity, or they are foundations or public bodies
  (``directory.countries.profiles.GERMAN_PRESENCE_KINDS``: often the offices of German
  foundations and institutions, sometimes local bodies with German partners).

Only published twinnings that have not ended count as a twinning. An opportunity is as strong
as the number of organisations behind it; ties are broken by the place's name, then its id and
the country. Each shows its evidence: the organisations (at most ``EVIDENCE_SHOWN`` by name) and
their fields. Filters: the German federal state (German places only), the Central Asian
country, the field of cooperation (only organisations working in it count).

Cost: no scan of the organisations per page. The counts come from the organisation list's
in-memory bitmap index (``directory.listing.facetindex``: countries, fields, kinds, in name order)
and the organisations per seat kept with it (``partners.seat_positions``); one query reads the
places, one the twinnings, two the filter choices and two the organisations shown with their
fields: ``QUERIES`` in all (with the index rebuilt after a data change).
"""

from dataclasses import dataclass, field

from django import forms
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from directory.countries.profiles import GERMAN_PRESENCE_KINDS
from directory.i18n import sort_key
from directory.listing.facetindex import bitmap, set_bits
from directory.matchmaking.partners import name_index, seat_positions
from directory.models import (
    CooperationField,
    Country,
    FederalState,
    Organisation,
    Place,
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
    evidence_ids: list[int] = field(default_factory=list)  # the first by name

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


def _twinned() -> tuple[set[tuple[int, str]], set[int]]:
    """(German place, Central Asian country code) pairs and Central Asian places that have a
    published twinning that has not ended: one query."""
    rows = (
        Twinning.objects.published()
        .exclude(status=TwinningStatus.ENDED)
        .values_list(
            "german_place_id", "central_asian_place__country__code", "central_asian_place_id"
        )
    )
    pairs, central = set(), set()
    for german, code, place in rows:
        pairs.add((german, code))
        central.add(place)
    return pairs, central


def _rank(rows: list[Opportunity]) -> list[Opportunity]:
    return sorted(
        rows,
        key=lambda o: (-o.strength, sort_key(o.place.name), o.place.pk, o.country.code),
    )


def find(data, *, shown: int | None = ROWS_SHOWN) -> tuple[OpportunityForm, Opportunities]:
    """The filter form bound to ``data`` (a QueryDict) and the opportunities it selects, at
    most ``shown`` per side with their evidence (None: all, for the API and the download).

    An invalid value is shown as the form's error and that filter is left out."""
    form = OpportunityForm(data)
    form.is_valid()
    chosen = {name: form.cleaned_data.get(name, "") for name in ("state", "country", "field")}
    index = name_index()
    seats = seat_positions(index)
    facets = index.facets
    within = (
        facets.get("field", {}).get(chosen["field"], 0) if chosen["field"] else index.everything
    )
    countries = {c.code: c for c in form.countries if chosen["country"] in ("", c.code)}
    active_in = {code: facets.get("country", {}).get(code, 0) & within for code in countries}
    kinds = facets.get("kind", {})
    tied = facets.get("country", {}).get("DE", 0)
    for kind in GERMAN_PRESENCE_KINDS:
        tied |= kinds.get(kind, 0)
    tied &= within
    twinned_pairs, twinned_central = _twinned()
    places = Place.objects.filter(pk__in=list(seats)).select_related("country")
    german, central = [], []
    for place in places:
        code = place.country.code
        if code == "DE" and chosen["state"] in ("", place.federal_state):
            here = bitmap(seats[place.pk], index.size)
            for country_code, mask in active_in.items():
                found = here & mask
                if found and (place.pk, country_code) not in twinned_pairs:
                    german.append(_opportunity(place, countries[country_code], found, index))
        elif code in countries and not chosen["state"] and place.pk not in twinned_central:
            found = bitmap(seats[place.pk], index.size) & tied
            if found:
                central.append(_opportunity(place, countries[code], found, index))
    german, central = _rank(german), _rank(central)
    _fetch_evidence(german[:shown] + central[:shown])
    return form, Opportunities(
        german=german[:shown],
        german_total=len(german),
        central_asian=central[:shown],
        central_asian_total=len(central),
        state=chosen["state"],
    )


def _opportunity(place: Place, country: Country, found: int, index) -> Opportunity:
    opportunity = Opportunity(place=place, country=country, strength=found.bit_count())
    opportunity.evidence_ids = [index.pks[p] for p in set_bits(found, 0, EVIDENCE_SHOWN)]
    return opportunity


def _fetch_evidence(shown: list[Opportunity]) -> None:
    """The organisations behind the shown rows with their fields: two queries."""
    ids = {pk for opportunity in shown for pk in opportunity.evidence_ids}
    if not ids:
        return
    fields = Prefetch("fields", queryset=CooperationField.objects.all(), to_attr="_field_list")
    organisations = Organisation.objects.filter(pk__in=ids).prefetch_related(fields).in_bulk()
    for opportunity in shown:
        opportunity.organisations = [organisations[pk] for pk in opportunity.evidence_ids]


#: The columns of the CSV download, in order (the API's records have the same keys).
COLUMNS = ("side", "place", "place_url", "federal_state", "country", "strength",
           "organisations", "fields")  # fmt: skip


def records(found: Opportunities, absolute) -> list[dict]:
    """The opportunities as public records (API and CSV); ``absolute`` makes a path a URL."""
    rows = [("german", o) for o in found.german] + [
        ("central_asian", o) for o in found.central_asian
    ]
    return [
        {
            "side": side,
            "place": opportunity.place.name,
            "place_url": absolute(opportunity.place.get_absolute_url()),
            "federal_state": opportunity.place.federal_state,
            "country": opportunity.country.code,
            "strength": opportunity.strength,
            "organisations": [
                {"name": o.name, "url": absolute(o.get_absolute_url())}
                for o in opportunity.organisations
            ],
            "fields": sorted({f.slug for o in opportunity.organisations for f in o.field_list}),
        }
        for side, opportunity in rows
    ]
