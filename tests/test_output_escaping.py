"""Every output format escapes user and curator text for itself, tested with one list of hostile
strings (tests/hostile.py): HTML, JSON, JSON-LD, Atom, every CSV the site writes and the XLSX."""

import io
import json
import re
from xml.etree import ElementTree

import openpyxl
import pytest
from django.urls import reverse
from django.utils.html import escape

from directory.opendata.exports import rows_from_csv
from directory.opendata.spreadsheets import neutralise_formula
from tests.factories import CountryFactory, OrganisationFactory
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


def test_xlsx_export_keeps_hostile_text_as_text_and_marks_formulas(client, hostile_organisations):
    response = client.get(reverse("data:organisation-export", kwargs={"fmt": "xlsx"}))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = [row[3] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in names)
    # XLSX stores a carriage return as the escape _x000D_, which Excel reads back (openpyxl not).
    as_read = {text: text.replace("\r", "_x000D_") for text in HOSTILE_STRINGS}
    assert sorted(cell.value for cell in names) == sorted(as_read.values())
    assert {cell.value for cell in names if cell.quotePrefix} == {as_read[f] for f in FORMULAS}
