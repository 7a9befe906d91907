"""On PostgreSQL the search uses its GIN indexes, also at 10,000 organisations."""

import pytest
from django.db import connection

from directory.models import Organisation
from directory.search import search_organisations
from directory.search_index import compose
from tests.factories import CentralAsianPlaceFactory, GermanPlaceFactory

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
def test_selective_search_uses_the_trigram_index(query):
    """Selective queries. For a query matching half the table, and for typo matches (``%>``),
    the planner may rightly prefer a sequential scan at this size."""
    plan = search_organisations(Organisation.objects.published(), query).explain()
    assert "Bitmap Index Scan on organisation_search_trgm" in plan, plan


@pytest.mark.usefixtures("many_organisations")
def test_search_finds_one_among_ten_thousand():
    names = [org.name for org in search_organisations(Organisation.objects.all(), "Verein 4711")]
    assert names[0] == "Synthetischer Verein 4711"
