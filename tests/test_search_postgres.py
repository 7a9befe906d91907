"""On PostgreSQL the search uses its GIN indexes, also at 10,000 organisations."""

import pytest
from django.db import connection

from directory.models import Organisation
from directory.search.index import compose
from directory.search.ranking import (
    NAMES_END,
    THINGS_END,
    _all_words,
    _having_words,
    _lowest_rank,
    parse,
    ranked_matches,
)
from tests.factories import CentralAsianPlaceFactory, GermanPlaceFactory, OrganisationFactory
from tests.lists import listed

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="GIN indexes exist on PostgreSQL only"
    ),
]

ORGANISATIONS = 10_000


@pytest.fixture
def many_organisations():
    seats = [GermanPlaceFactory(name="Leipzig"), CentralAsianPlaceFactory(name="Almaty")]
    Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Synthetischer Verein {n}",
                slug=f"synthetischer-verein-{n}",
                publication_status="published",
                seat=seats[n % 2],
                description=f"Projekt {n} für Austausch und Bildung.",
                search_text=compose(
                    [f"Synthetischer Verein {n}"], [seats[n % 2].name, "Austausch", "Bildung"]
                ),
            )
            for n in range(ORGANISATIONS)
        ],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE directory_organisation")


@pytest.mark.usefixtures("many_organisations")
@pytest.mark.parametrize("query", ["Verein 4711", "Synthetischer Verein 4711"])
def test_selective_search_uses_the_words_index(query):
    """Selective queries. For a query matching half the table the planner may rightly prefer
    a sequential scan at this size."""
    groups = parse(query).groups
    explained = _having_words(Organisation.objects.published(), groups).explain()
    assert "Bitmap Index Scan on organisation_search_words" in explained, explained


@pytest.mark.usefixtures("many_organisations")
def test_typo_corrections_use_the_words_index():
    corrected = (("verein", "vereinn"), ("4711",))  # a typo plan's groups: either reading
    explained = _having_words(Organisation.objects.published(), corrected).explain()
    assert "Bitmap Index Scan on organisation_search_words" in explained, explained


@pytest.mark.usefixtures("many_organisations")
def test_a_broad_search_ranks_every_match_from_the_index():
    tiers = ranked_matches(Organisation.objects.published(), "Verein").tiers
    assert sum(map(len, tiers)) == ORGANISATIONS


@pytest.mark.usefixtures("many_organisations")
def test_search_finds_one_among_ten_thousand():
    assert listed(Organisation, "Verein 4711")[0].name == "Synthetischer Verein 4711"


@pytest.mark.parametrize(
    "query",
    ["verein", "4711", "e.V.", "C++ Club", "Straße", "Ташкент", "o'zbek", "x1", "12 Monate", "α"],
)
def test_the_words_index_finds_what_the_text_scan_finds(query):
    """``'simple'`` text search must split the stored keys exactly as ``LIKE ' word%'`` sees
    them, or the index would find other entries than SQLite does."""
    names = [
        "Verein 4711 e.V.", "C++ Club Almaty", "Straßenkinder Taschkent", "Ташкент-Freunde",
        "O'zbek tili markazi", "X1 Studio", "12 Monate Austausch", "αβγ Gesellschaft",
        "Bildungswerk 2024ab", "Ab-Verein Ost",
    ]  # fmt: skip
    for name in names:
        OrganisationFactory(name=name, publication_status="published")
    scope = Organisation.objects.published()
    words = [(word,) for word in parse(query).words]

    by_index = set(_having_words(scope, words).values_list("pk", flat=True))
    by_scan = set(scope.filter(_all_words(words)).values_list("pk", flat=True))

    assert by_index == by_scan
    assert by_index, "each query should find something"


@pytest.mark.usefixtures("many_organisations")
@pytest.mark.parametrize(
    ("section", "index"),
    [(NAMES_END, "organisation_search_names"), (THINGS_END, "organisation_search_things")],
)
def test_a_rank_section_is_searched_through_its_own_index(section, index):
    """The expression of migration 0027 and ``section_words`` must stay the same, or the
    planner scans every row's text."""
    scope = Organisation.objects.published()
    explained = _having_words(scope, (("verein",), ("4711",)), section=section).explain()
    assert f"Bitmap Index Scan on {index}" in explained, explained


@pytest.mark.usefixtures("many_organisations")
def test_the_lowest_rank_of_one_word_is_searched_through_the_description_index():
    """The expression of migration 0030 and ``section_words(THINGS_END, 2)`` must stay the
    same, or the planner computes every row's words."""
    found = parse("Austausch")
    explained = _lowest_rank(Organisation.objects.published(), found.groups, found.short)
    assert "Bitmap Index Scan on organisation_search_described" in explained.explain()


@pytest.mark.parametrize(
    "query",
    [
        "Almaty", "Bildung", "Leipzig Bildung", "Verein", "Austausch Almaty", "KAS",
        "KAS Bildung", "Kasseler Almaty", "Austausch Bildung", "Almaty Leipzig",
    ],
)  # fmt: skip
def test_ranks_from_the_section_indexes_equal_the_ranks_from_the_text(query, monkeypatch):
    leipzig, almaty = GermanPlaceFactory(name="Leipzig"), CentralAsianPlaceFactory(name="Almaty")
    for name, seat, description in [
        ("Almaty", almaty, ""), ("Almaty Verein", leipzig, ""), ("Verein Leipzig", almaty, ""),
        ("Bildungsverein", leipzig, "Austausch mit Almaty"), ("KAS", leipzig, "Bildung"),
        ("Kasseler Kreis", almaty, "Austausch und Bildung in Almaty"),
    ]:  # fmt: skip
        OrganisationFactory(
            name=name, seat=seat, description=description, publication_status="published"
        )
    scope = Organisation.objects.published()
    by_sections = [sorted(tier) for tier in ranked_matches(scope, query).tiers]
    monkeypatch.setattr("directory.search.ranking.plain", lambda groups: False)
    by_text = [sorted(tier) for tier in ranked_matches(scope, query).tiers]

    assert by_sections == by_text
    assert by_sections, "each query should find something"
