"""Every output format escapes user and curator text for itself, tested with one list of hostile
strings (tests/hostile.py): HTML, JSON, JSON-LD, Atom, iCalendar, every CSV the site writes and
the XLSX downloads. Organisations, calls, events, programmes, partner requests and country facts
all go through them."""

import io
import json
import re
from xml.etree import ElementTree

import openpyxl
import pytest
from django.urls import reverse
from django.utils.html import escape
from icalendar import Calendar

from directory.opendata.exports import rows_from_csv
from directory.opendata.spreadsheets import neutralise_cells, neutralise_formula
from tests.factories import (
    CallFactory,
    CountryFactFactory,
    CountryFactory,
    EventFactory,
    OrganisationFactory,
    PartnerRequestFactory,
    ProgrammeFactory,
)
from tests.hostile import FORMULAS, HOSTILE_STRINGS, NOT_FORMULAS, as_spreadsheet_cell

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
JSONLD_BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def hostile_organisations():
    return [OrganisationFactory(name=text, description=text) for text in HOSTILE_STRINGS]


def test_html_detail_page_shows_hostile_text_escaped(client, hostile_organisations):
    for organisation in hostile_organisations:
        html = client.get(organisation.get_absolute_url()).text
        assert escape(organisation.name) in html
        if "<" in organisation.name:
            assert organisation.name not in html


def test_json_api_carries_hostile_text_unchanged(client, hostile_organisations):
    for organisation in hostile_organisations:
        url = reverse("data:api-organisation-detail", args=[organisation.slug])
        record = json.loads(client.get(url).content)
        assert (record["name"], record["description"]) == (organisation.name, organisation.name)


def test_jsonld_block_cannot_be_closed_by_hostile_text(client, hostile_organisations):
    for organisation in hostile_organisations:
        html = client.get(organisation.get_absolute_url()).text
        blocks = [json.loads(block) for block in JSONLD_BLOCK.findall(html)]
        assert organisation.name in [block.get("name") for block in blocks]
        assert all("</" not in block for block in JSONLD_BLOCK.findall(html))


def test_atom_feed_declares_summaries_as_text_and_escapes_them(client, hostile_organisations):
    feed = ElementTree.fromstring(client.get(reverse("data:feed-updates")).content)
    summaries = feed.findall(f"{ATOM}entry/{ATOM}summary")
    assert {summary.get("type") for summary in summaries} == {"text"}
    # Descriptions are shortened to words, which joins white space.
    assert sorted(summary.text for summary in summaries) == sorted(
        " ".join(text.split()) for text in HOSTILE_STRINGS
    )
    titles = [title.text for title in feed.findall(f"{ATOM}entry/{ATOM}title")]
    # XML parsers read a carriage return as a line feed.
    assert sorted(titles) == sorted(text.replace("\r", "\n") for text in HOSTILE_STRINGS)


def test_csv_export_neutralises_formulas_and_keeps_other_text(client, hostile_organisations):
    response = client.get(reverse("data:organisation-export", kwargs={"fmt": "csv"}))
    rows = rows_from_csv([b"".join(response.streaming_content).decode()])
    assert sorted(row["name"] for row in rows) == sorted(map(as_spreadsheet_cell, HOSTILE_STRINGS))


def test_statistics_csv_neutralises_formulas_in_country_names(client):
    for number, text in enumerate(HOSTILE_STRINGS):
        country = CountryFactory(code=f"X{chr(ord('A') + number)}", name=text)
        OrganisationFactory(countries=[country])
    url = reverse("data:statistics-csv", args=["organisations-by-country-and-field"])
    rows = rows_from_csv([client.get(url).content.decode()])
    labels = {row["key"]: row["label"] for row in rows}
    for number, text in enumerate(HOSTILE_STRINGS):
        assert labels[f"X{chr(ord('A') + number)}"] == as_spreadsheet_cell(text)


def test_admin_csv_export_neutralises_formulas(curator_client, hostile_organisations):
    response = curator_client.post(
        reverse("admin:directory_organisation_changelist"),
        {"action": "export_as_csv", "_selected_action": [o.pk for o in hostile_organisations]},
    )
    rows = rows_from_csv([response.content.decode()])
    assert sorted(row["name"] for row in rows) == sorted(map(as_spreadsheet_cell, HOSTILE_STRINGS))


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_gets_a_leading_apostrophe(text):
    assert neutralise_formula(text) == "'" + text


@pytest.mark.parametrize("text", NOT_FORMULAS)
def test_plain_value_stays_as_it_is(text):
    assert neutralise_formula(text) == text


def test_numbers_are_not_touched():
    assert neutralise_formula(-5) == -5


def test_a_row_of_cells_is_neutralised_as_each_cell_alone():
    """``neutralise_cells`` passes most cells by their first character: none may be missed."""
    cells = [*HOSTILE_STRINGS, "", "'=1", "\u00a0=1", "\n-x", "-", 5, -5, 1.5, None]
    cells += [chr(code) + text for code in range(0x3000) for text in ("=1", "")]
    assert neutralise_cells(cells) == [neutralise_formula(cell) for cell in cells]


def test_xlsx_export_keeps_hostile_text_as_text_and_marks_formulas(client, hostile_organisations):
    response = client.get(reverse("data:organisation-export", kwargs={"fmt": "xlsx"}))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = [row[3] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in names)
    # XLSX stores a carriage return as the escape _x000D_, which Excel reads back (openpyxl not).
    as_read = {text: text.replace("\r", "_x000D_") for text in HOSTILE_STRINGS}
    assert sorted(cell.value for cell in names) == sorted(as_read.values())
    assert {cell.value for cell in names if cell.quotePrefix} == {as_read[f] for f in FORMULAS}


# --- Calls, events, programmes, partner requests and country facts --------------------------


def _words(text: str) -> str:
    """Descriptions shortened to words (``Truncator.words``) have their white space joined."""
    return " ".join(text.split())


def _as_xml_reads(text: str) -> str:
    """XML parsers, and iCalendar's escaping, turn a lone carriage return into a line feed."""
    return text.replace("\r", "\n")


def _xlsx_cells(response, heading: str) -> list:
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows())
    column = [cell.value for cell in rows[0]].index(heading)
    return [row[column] for row in rows[1:]]


@pytest.fixture
def hostile_calls():
    return [CallFactory(name=text, description=text) for text in HOSTILE_STRINGS]


@pytest.fixture
def hostile_events():
    return [EventFactory(name=text, description=text) for text in HOSTILE_STRINGS]


def _assert_ics_lines_are_properties(content: bytes, entries: int) -> None:
    """No text started a line of its own: after unfolding, every line is a property, and the
    file holds one VEVENT per entry."""
    unfolded = content.replace(b"\r\n ", b"")
    assert b"\r" not in unfolded.replace(b"\r\n", b"")
    assert b"\n" not in unfolded.replace(b"\r\n", b"")
    lines = unfolded.decode().split("\r\n")
    assert all(re.match(r"[A-Z][A-Z0-9-]*[;:]", line) for line in lines if line)
    assert lines.count("BEGIN:VEVENT") == entries


def _ics_events(content: bytes) -> list:
    return Calendar.from_ical(content).walk("VEVENT")


def test_call_list_ics_carries_hostile_text_unchanged(client, hostile_calls):
    content = client.get(reverse("directory:call-calendar")).content
    _assert_ics_lines_are_properties(content, len(HOSTILE_STRINGS))
    items = _ics_events(content)
    # The summary is "Deadline: <name>" in the page's language.
    assert sorted(str(item["summary"]).split(": ", 1)[1] for item in items) == sorted(
        map(_as_xml_reads, HOSTILE_STRINGS)
    )
    assert sorted(str(item["description"]) for item in items) == sorted(
        map(_words, HOSTILE_STRINGS)
    )


def test_event_list_ics_carries_hostile_text_unchanged(client, hostile_events):
    content = client.get(reverse("directory:event-calendar")).content
    _assert_ics_lines_are_properties(content, len(HOSTILE_STRINGS))
    items = _ics_events(content)
    assert sorted(str(item["summary"]) for item in items) == sorted(
        map(_as_xml_reads, HOSTILE_STRINGS)
    )
    assert sorted(str(item["description"]) for item in items) == sorted(
        map(_words, HOSTILE_STRINGS)
    )


def test_single_call_ics_carries_hostile_text_unchanged(client, hostile_calls):
    for call in hostile_calls:
        url = reverse("directory:call-detail-calendar", args=[call.slug])
        content = client.get(url).content
        _assert_ics_lines_are_properties(content, 1)
        (item,) = _ics_events(content)
        assert str(item["summary"]).split(": ", 1)[1] == _as_xml_reads(call.name)
        assert str(item["description"]) == _words(call.description)


def test_single_event_ics_carries_hostile_text_unchanged(client, hostile_events):
    for event in hostile_events:
        url = reverse("directory:event-detail-calendar", args=[event.slug])
        content = client.get(url).content
        _assert_ics_lines_are_properties(content, 1)
        (item,) = _ics_events(content)
        assert str(item["summary"]) == _as_xml_reads(event.name)
        assert str(item["description"]) == _words(event.description)


@pytest.mark.parametrize(("kind", "make"), [("call", CallFactory), ("event", EventFactory)])
def test_funding_csv_neutralises_formulas_and_keeps_other_text(client, kind, make):
    for text in HOSTILE_STRINGS:
        make(name=text, description=text)
    response = client.get(reverse(f"data:{kind}-export", kwargs={"fmt": "csv"}))
    rows = rows_from_csv([b"".join(response.streaming_content).decode()])
    expected = sorted(map(as_spreadsheet_cell, HOSTILE_STRINGS))
    assert sorted(row["name"] for row in rows) == expected
    assert sorted(row["description"] for row in rows) == expected


@pytest.mark.parametrize(("kind", "make"), [("call", CallFactory), ("event", EventFactory)])
def test_funding_xlsx_keeps_hostile_text_as_text_and_marks_formulas(client, kind, make):
    for text in HOSTILE_STRINGS:
        make(name=text, description=text)
    url = reverse(f"data:{kind}-export", kwargs={"fmt": "xlsx"})
    # XLSX stores a carriage return as the escape _x000D_, which Excel reads back (openpyxl not).
    as_read = {text: text.replace("\r", "_x000D_") for text in HOSTILE_STRINGS}
    for heading in ("Name", "Description"):
        cells = _xlsx_cells(client.get(url, {"lang": "en"}), heading)
        assert all(cell.data_type == "s" for cell in cells)
        assert sorted(cell.value for cell in cells) == sorted(as_read.values())
        assert {cell.value for cell in cells if cell.quotePrefix} == {as_read[f] for f in FORMULAS}


@pytest.fixture
def hostile_partner_requests():
    return [
        PartnerRequestFactory(public=True, title=text, poster_name=text, description=text)
        for text in HOSTILE_STRINGS
    ]


def test_partner_request_csv_neutralises_formulas(client, hostile_partner_requests):
    response = client.get(reverse("data:partner-requests-csv"))
    rows = rows_from_csv([response.content.decode()])
    expected = sorted(map(as_spreadsheet_cell, HOSTILE_STRINGS))
    assert sorted(row["title"] for row in rows) == expected
    assert sorted(row["description"] for row in rows) == expected


def test_partner_request_feed_declares_text_and_escapes_it(client, hostile_partner_requests):
    feed = ElementTree.fromstring(client.get(reverse("data:feed-partner-requests")).content)
    summaries = feed.findall(f"{ATOM}entry/{ATOM}summary")
    assert {summary.get("type") for summary in summaries} == {"text"}
    assert sorted(summary.text for summary in summaries) == sorted(map(_words, HOSTILE_STRINGS))
    titles = [title.text for title in feed.findall(f"{ATOM}entry/{ATOM}title")]
    assert sorted(titles) == sorted(_as_xml_reads(f"{text} – {text}") for text in HOSTILE_STRINGS)


def test_country_facts_csv_neutralises_formulas(client):
    # A value is at most 100 characters; every hostile string fits.
    for text in HOSTILE_STRINGS:
        CountryFactFactory(value=text, text=text)
    rows = rows_from_csv([client.get(reverse("data:country-facts-csv")).content.decode()])
    expected = sorted(map(as_spreadsheet_cell, HOSTILE_STRINGS))
    assert sorted(row["value_de"] for row in rows) == expected
    assert sorted(row["text_de"] for row in rows) == expected


@pytest.mark.parametrize(
    "make", [ProgrammeFactory, CallFactory, EventFactory], ids=["programme", "call", "event"]
)
def test_funding_jsonld_cannot_be_closed_by_hostile_text(client, make):
    for text in HOSTILE_STRINGS:
        entry = make(name=text, description=text)
        html = client.get(entry.get_absolute_url()).text
        found = JSONLD_BLOCK.findall(html)
        assert found
        assert all("</" not in block for block in found)
        blocks = [json.loads(block) for block in found]
        assert (text, text) in [(b.get("name"), b.get("description")) for b in blocks]


@pytest.mark.parametrize(("kind", "make"), [("call", CallFactory), ("event", EventFactory)])
def test_funding_feed_declares_text_and_escapes_it(client, kind, make):
    for text in HOSTILE_STRINGS:
        make(name=text, description=text)
    feed = ElementTree.fromstring(client.get(reverse(f"directory:{kind}-feed")).content)
    summaries = feed.findall(f"{ATOM}entry/{ATOM}summary")
    assert {summary.get("type") for summary in summaries} == {"text"}
    # The summary starts with the deadline or the days and ends with the description.
    for summary in summaries:
        assert any(summary.text.endswith(_words(text)) for text in HOSTILE_STRINGS)
    titles = [title.text for title in feed.findall(f"{ATOM}entry/{ATOM}title")]
    assert sorted(titles) == sorted(map(_as_xml_reads, HOSTILE_STRINGS))
