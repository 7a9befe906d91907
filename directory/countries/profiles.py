"""Country profiles: the sourced, dated facts about each country's framework for civil society,
the German embassy and the German institutions with an office there, and the comparison of the
five countries.

Queries are fixed in number whatever the number of facts or countries: a country page adds two
(its facts, its German presence), the comparison runs four (``COMPARISON_QUERIES``).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count

from directory.models import (
    FACT_KIND_ORDER,
    Country,
    CountryFact,
    CountryFactKind,
    Organisation,
    OrganisationKind,
    Programme,
    ProgrammeStatus,
    Twinning,
)

#: Kinds of organisation that are often, but not always, German institutions' offices. The
#: twinning opportunities (``directory.matchmaking.opportunities``) count them as a tie to
#: Germany; "German presence" on a country page uses the curated ``Organisation.german_office``.
GERMAN_PRESENCE_KINDS = (OrganisationKind.FOUNDATION, OrganisationKind.PUBLIC_BODY)

#: The queries ``country_profile()`` adds to a Central Asian country's page.
PROFILE_QUERIES = 2
#: The queries ``comparison()`` runs: countries with counts, twinnings, programmes, facts.
COMPARISON_QUERIES = 4


def sort_facts(facts) -> list[CountryFact]:
    """In the order of ``CountryFactKind``, newest first within a kind."""
    facts = sorted(facts, key=lambda fact: fact.as_of, reverse=True)
    return sorted(facts, key=lambda fact: FACT_KIND_ORDER[fact.kind])


@dataclass
class CountryProfile:
    civic_space: list[CountryFact]
    travel: list[CountryFact]
    embassy: list[CountryFact]
    german_presence: list[Organisation]

    @property
    def has_facts(self) -> bool:
        return bool(self.civic_space or self.travel)


def country_profile(country: Country) -> CountryProfile:
    """The facts of ``country``, split into the page's three sections, and the published
    offices of German institutions seated there (two queries)."""
    facts = sort_facts(CountryFact.objects.filter(country=country))
    presence = (
        Organisation.objects.published()
        .filter(seat__country=country, german_office=True)
        .select_related("seat")
        .order_by("name")
    )
    return CountryProfile(
        civic_space=[fact for fact in facts if not (fact.is_travel or fact.is_presence)],
        travel=[fact for fact in facts if fact.is_travel],
        embassy=[fact for fact in facts if fact.is_presence],
        german_presence=list(presence),
    )


def fact_section(kind: str) -> str:
    """The id of the country-page section that shows facts of ``kind`` (for links to it)."""
    if kind in (CountryFactKind.VISA_TO_GERMANY, CountryFactKind.VISA_FROM_GERMANY):
        return "travel-heading"
    if kind == CountryFactKind.GERMAN_EMBASSY:
        return "presence-heading"
    return "civic-space-heading"


@dataclass
class ComparedCountry:
    country: Country
    organisation_count: int
    twinning_count: int
    programme_count: int


@dataclass
class ComparisonRow:
    """One kind of fact across the compared countries: each country with its newest fact of
    this kind, or None."""

    kind: str
    label: str
    section: str
    cells: list[tuple["ComparedCountry", CountryFact | None]] = field(default_factory=list)


@dataclass
class Comparison:
    countries: list[ComparedCountry]
    rows: list[ComparisonRow]


def comparison() -> Comparison:
    """The five Central Asian countries side by side: counts of organisations, twinnings and
    running funding programmes, and the newest fact of each kind (``COMPARISON_QUERIES``)."""
    countries = list(Country.objects.focus().with_public_counts().by_name())
    twinnings = Counter(
        dict(
            Twinning.objects.published()
            .values_list("central_asian_place__country__code")
            .annotate(count=Count("pk"))
            .order_by()
        )
    )
    programmes = Counter(
        dict(
            Programme.objects.published()
            .filter(status=ProgrammeStatus.RUNNING)
            .values_list("countries__code")
            .annotate(count=Count("pk"))
            .order_by()
        )
    )
    newest: dict[tuple[str, str], CountryFact] = {}
    for fact in CountryFact.objects.of_focus_countries().for_display():
        key = (fact.country.code, fact.kind)
        if key not in newest or fact.as_of > newest[key].as_of:
            newest[key] = fact
    kinds = [kind for kind in CountryFactKind if any(k == kind for _code, k in newest)]
    compared = [
        ComparedCountry(
            country,
            country.organisation_count,
            twinnings[country.code],
            programmes[country.code],
        )
        for country in countries
    ]
    rows = [
        ComparisonRow(
            kind=kind.value,
            label=kind.label,
            section=fact_section(kind.value),
            cells=[(entry, newest.get((entry.country.code, kind.value))) for entry in compared],
        )
        for kind in kinds
    ]
    return Comparison(countries=compared, rows=rows)
