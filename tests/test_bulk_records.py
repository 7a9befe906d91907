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
from tests.hostile import HOSTILE_STRINGS, as_spreadsheet_cell

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


def json_records(entries) -> int:
    return len(list(exports.records(ORGANISATIONS, entries, absolute)))


def csv_rows(entries) -> int:
    return "".join(exports.csv_lines(ORGANISATIONS, entries, absolute)).count("\r\n") - 1


@pytest.mark.parametrize("download", [json_records, csv_rows])
def test_a_download_reads_a_constant_number_of_queries_per_chunk(monkeypatch, download):
    monkeypatch.setattr(exports, "EXPORT_CHUNK_SIZE", 3)
    for number in range(7):
        OrganisationFactory(name=f"Verein {number}", countries=[CountryFactory(code="KZ")])
    entries, _errors = results.organisations(QueryDict())
    with CaptureQueriesContext(connection) as three_chunks:
        assert download(entries) == 7
    for number in range(7, 13):
        OrganisationFactory(name=f"Verein {number}")
    entries, _errors = results.organisations(QueryDict())
    with CaptureQueriesContext(connection) as five_chunks:
        assert download(entries) == 13
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


LISTS = {"organisations": results.organisations, "twinnings": results.twinnings}


def csv_from_rows_and_from_records(record_type, monkeypatch) -> tuple[str, str]:
    """The CSV download as streamed (cells built from plain rows), and as written from the
    records the API builds from model instances."""
    entries, _errors = LISTS[record_type.name](QueryDict())
    from_rows = "".join(exports.csv_lines(record_type, entries, absolute))
    monkeypatch.setattr(exports, "READERS", {})
    return from_rows, "".join(exports.csv_lines(record_type, entries, absolute))


@pytest.mark.usefixtures("varied_directory")
@pytest.mark.parametrize("language", ["de", "en", "ru"])
@pytest.mark.parametrize(("record_type", "count"), [(ORGANISATIONS, 4), (TWINNINGS, 2)])
def test_download_csv_equals_the_csv_of_the_api_records(language, record_type, count, monkeypatch):
    with translation.override(language):
        from_rows, from_records = csv_from_rows_and_from_records(record_type, monkeypatch)
    assert from_rows == from_records
    assert from_rows.count("\r\n") == 1 + count  # header; line breaks in cells are "\n"


@pytest.fixture
def hostile_directory():
    """Hostile text in every free-text column of an organisation's CSV row (cut to the columns'
    lengths: the beginnings stay; the Wikidata ID has a format the database checks)."""
    for number, text in enumerate(HOSTILE_STRINGS):
        seat = CentralAsianPlaceFactory(name=f"{text} {number}", region=text)
        OrganisationFactory(
            name=text, acronym=text[:30], other_names=text, description=text, description_en=text,
            website=text, email=text, seat=seat,
        )  # fmt: skip


@pytest.mark.usefixtures("hostile_directory")
def test_download_csv_of_hostile_text_equals_the_csv_of_the_api_records(monkeypatch):
    with translation.override("en"):
        from_rows, from_records = csv_from_rows_and_from_records(ORGANISATIONS, monkeypatch)
    assert from_rows == from_records
    names = [row["name"] for row in exports.rows_from_csv([from_rows])]
    assert sorted(names) == sorted(map(as_spreadsheet_cell, HOSTILE_STRINGS))


def test_the_last_change_is_cut_to_the_second_as_in_the_api():
    organisation = OrganisationFactory()
    changed = datetime.datetime(2026, 11, 29, 10, 11, 12, 999_999, tzinfo=datetime.UTC)
    Organisation.objects.filter(pk=organisation.pk).update(updated_at=changed)
    entries, _errors = results.organisations(QueryDict())
    [record] = exports.records(ORGANISATIONS, entries, absolute)
    assert record["updated_at"] == "2026-11-29T10:11:12+00:00"
    assert record == ORGANISATIONS.to_record(entries[0:1][0], absolute)
