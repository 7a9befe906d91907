"""The downloads read records as plain rows (``directory.opendata.bulk_records``); they must be
exactly the records the API builds from model instances (``serializers``), in the same order."""

import datetime

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from directory.listing import results
from directory.opendata import exports
from directory.opendata.serializers import ORGANISATIONS, TWINNINGS
from tests.factories import (
    CentralAsianPlaceFactory,
    CooperationFieldFactory,
    CountryFactory,
    OrganisationFactory,
    SourceFactory,
    TwinningFactory,
)

pytestmark = pytest.mark.django_db


def absolute(path: str) -> str:
    return "https://example.org" + path


def instance_records(record_type, entries) -> list[dict]:
    return [record_type.to_record(entry, absolute) for entry in entries[: len(entries)]]


@pytest.fixture
def varied_directory():
    """Entries with every kind of value a record holds, empty ones and drafts included."""
    kazakhstan, uzbekistan = CountryFactory(code="KZ"), CountryFactory(code="UZ")
    culture = CooperationFieldFactory(slug="kultur-test", position=2)
    water = CooperationFieldFactory(slug="wasser-test", position=1)
    network = OrganisationFactory(name="Netzwerk Zentralasien", acronym="NZ")
    OrganisationFactory(name="Entwurf eines Netzwerks", draft=True)
    almaty = CentralAsianPlaceFactory(
        name="Almaty", name_ru="Алматы", latitude="43.2380", longitude="76.9450"
    )
    member = OrganisationFactory(
        name="Verein =Formel",
        other_names="Association",
        description="Deutsch",
        description_en="English",
        description_ru="",
        founded_year=1999,
        website="https://verein.example",
        wikidata_id="Q42",
        seat=almaty,
        countries=[uzbekistan, kazakhstan],
        fields=[culture, water],
        source="Alte Zeile https://alt.example/seite und https://städtepartnerschaft.example",
        last_verified=datetime.date(2026, 11, 29),
    )
    member.networks.add(network, *type(network).objects.filter(name__startswith="Entwurf"))
    SourceFactory(organisation=member, url="https://b.example", title="", position=2)
    SourceFactory(
        organisation=member, url="https://a.example", read_on=datetime.date(2026, 1, 2), position=1
    )
    OrganisationFactory(name="Ohne Sitz", seat=None, description="")
    OrganisationFactory(name="Nur Entwurf", draft=True)
    twinning = TwinningFactory(central_asian_place=almaty, established_year=1994)
    twinning.organisations.add(member, network)
    SourceFactory(organisation=None, twinning=twinning, url="https://t.example")
    TwinningFactory(draft=True)


@pytest.mark.usefixtures("varied_directory")
@pytest.mark.parametrize("language", ["de", "en", "ru"])
def test_download_records_of_organisations_equal_the_api_records(language):
    with translation.override(language):
        entries, _errors = results.organisations(QueryDict())
        expected = instance_records(ORGANISATIONS, entries)
        assert list(exports.records(ORGANISATIONS, entries, absolute)) == expected
    assert len(expected) == 3  # the two drafts are left out


@pytest.mark.usefixtures("varied_directory")
@pytest.mark.parametrize("language", ["de", "en", "ru"])
def test_download_records_of_twinnings_equal_the_api_records(language):
    with translation.override(language):
        entries, _errors = results.twinnings(QueryDict())
        expected = instance_records(TWINNINGS, entries)
        assert list(exports.records(TWINNINGS, entries, absolute)) == expected
    assert len(expected) == 1


@pytest.mark.usefixtures("varied_directory")
def test_download_records_follow_the_order_of_a_filtered_sorted_list():
    params = QueryDict("country=KZ&sort=-name")
    entries, _errors = results.organisations(params)
    slugs = [record["slug"] for record in exports.records(ORGANISATIONS, entries, absolute)]
    assert slugs == [entry.slug for entry in entries[: len(entries)]]


def test_a_download_reads_a_constant_number_of_queries_per_chunk(monkeypatch):
    monkeypatch.setattr(exports, "EXPORT_CHUNK_SIZE", 3)
    for number in range(7):
        OrganisationFactory(name=f"Verein {number}", countries=[CountryFactory(code="KZ")])
    entries, _errors = results.organisations(QueryDict())
    with CaptureQueriesContext(connection) as three_chunks:
        assert len(list(exports.records(ORGANISATIONS, entries, absolute))) == 7
    for number in range(7, 13):
        OrganisationFactory(name=f"Verein {number}")
    entries, _errors = results.organisations(QueryDict())
    with CaptureQueriesContext(connection) as five_chunks:
        assert len(list(exports.records(ORGANISATIONS, entries, absolute))) == 13
    per_chunk = (len(five_chunks) - len(three_chunks)) / 2
    assert len(three_chunks) == 2 + 3 * per_chunk  # countries and fields once, then per chunk
