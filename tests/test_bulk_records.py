"""The downloads read records as plain rows (``directory.opendata.bulk_records``); they must be
exactly the records the API builds from model instances (``serializers``), in the same order."""

import datetime
import json

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from modeltranslation.translator import translator

from directory.listing import results
from directory.models import Organisation, Twinning
from directory.opendata import bulk_records, exports
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
def varied_directory(monkeypatch):
    """Entries with every kind of value a record holds, empty ones and drafts included, read
    two per chunk; related names are created in the reverse of their alphabetical order."""
    monkeypatch.setattr(exports, "EXPORT_CHUNK_SIZE", 2)
    # Austria sorts before Germany in English, after it in German ("Österreich"): an order by id
    # or by the German name would show in one language.
    austria = CountryFactory(code="AT", name="Österreich", name_en="Austria", name_ru="Австрия")
    germany = CountryFactory(code="DE")
    kazakhstan, uzbekistan = CountryFactory(code="KZ"), CountryFactory(code="UZ")
    culture = CooperationFieldFactory(slug="kultur-test", position=2)
    water = CooperationFieldFactory(slug="wasser-test", position=1)
    second_network = OrganisationFactory(name="Zweites Netzwerk")
    network = OrganisationFactory(name="Netzwerk Zentralasien", acronym="NZ")
    draft_network = OrganisationFactory(name="Entwurf eines Netzwerks", draft=True)
    almaty = CentralAsianPlaceFactory(
        name="Almaty", name_en="", name_ru="алматы", latitude="43.2380", longitude="76.9450"
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
        countries=[uzbekistan, kazakhstan, germany, austria],
        fields=[culture, water],
        last_verified=datetime.date(2026, 11, 29),
    )
    member.networks.add(second_network, network, draft_network)
    SourceFactory(organisation=member, url="https://b.example", title="", position=2)
    SourceFactory(
        organisation=member, url="https://a.example", read_on=datetime.date(2026, 1, 2), position=1
    )
    # Lines not yet moved into Source rows (bulk-created entries keep theirs in the text field).
    type(member).objects.filter(pk=member.pk).update(
        source="Alte Zeile https://städtepartnerschaft.example/ä und https://a.example "
        "und https://städtepartnerschaft.example/ä"
    )
    OrganisationFactory(name="Ohne Sitz", seat=None, description="")
    OrganisationFactory(name="Nur Entwurf", draft=True)
    carried = TwinningFactory(central_asian_place=almaty, established_year=1994)
    carried.organisations.add(second_network, member, network)
    SourceFactory(organisation=None, twinning=carried, url="https://t.example")
    TwinningFactory(draft=True)
    TwinningFactory()


def streamed(records) -> str:
    """Records as the JSON download writes them: key order and types count."""
    return json.dumps(list(records), ensure_ascii=False)


@pytest.mark.usefixtures("varied_directory")
@pytest.mark.parametrize("language", ["de", "en", "ru"])
def test_download_records_of_organisations_equal_the_api_records(language):
    with translation.override(language):
        entries, _errors = results.organisations(QueryDict())
        expected = instance_records(ORGANISATIONS, entries)
        assert streamed(exports.records(ORGANISATIONS, entries, absolute)) == streamed(expected)
    assert len(expected) == 4  # the two drafts are left out


@pytest.mark.usefixtures("varied_directory")
@pytest.mark.parametrize("language", ["de", "en", "ru"])
def test_download_records_of_twinnings_equal_the_api_records(language):
    with translation.override(language):
        entries, _errors = results.twinnings(QueryDict())
        expected = instance_records(TWINNINGS, entries)
        assert streamed(exports.records(TWINNINGS, entries, absolute)) == streamed(expected)
    assert len(expected) == 2


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


@pytest.mark.usefixtures("varied_directory")
def test_an_entry_unpublished_after_the_list_was_read_is_not_downloaded():
    entries, _errors = results.organisations(QueryDict())
    Organisation.objects.filter(name="Ohne Sitz").update(publication_status="draft")

    names = [record["name"] for record in exports.records(ORGANISATIONS, entries, absolute)]

    assert "Ohne Sitz" not in names
    assert len(names) == 3


def test_the_columns_read_as_they_are_have_no_translations():
    """``bulk_records`` reads these columns past modeltranslation: a translated one would be
    read in German only."""
    for model, columns in (
        (Organisation, bulk_records.ORGANISATION_COLUMNS),
        (Twinning, bulk_records.TWINNING_COLUMNS),
    ):
        translated = set(translator.get_options_for_model(model).fields)
        assert not translated & set(columns)
