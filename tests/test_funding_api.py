"""Programmes, calls and events in the JSON API: the same filters as the lists, documented
records, published entries only."""

from datetime import datetime, timedelta
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from directory.funding.api import CALLS, EVENTS, PROGRAMMES
from tests.factories import (
    CallFactory,
    CountryFactory,
    EventFactory,
    OrganisationFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


def test_call_list_filters_like_the_page(client):
    kg = CountryFactory(code="KG")
    CallFactory(name="In Kirgistan", countries=[kg])
    CallFactory(name="Anderswo")

    data = client.get("/api/calls/?country=KG").json()

    assert data["count"] == 1
    assert [record["name"] for record in data["results"]] == ["In Kirgistan"]


@pytest.mark.parametrize(
    ("path", "factory", "record_type"),
    [
        ("programmes", ProgrammeFactory, PROGRAMMES),
        ("calls", CallFactory, CALLS),
        ("events", EventFactory, EVENTS),
    ],
)
def test_records_have_exactly_the_documented_fields(client, path, factory, record_type):
    entry = factory()
    record = client.get(f"/api/{path}/{entry.slug}/").json()
    assert set(record) == {field.name for field in record_type.fields}


def test_call_record_gives_the_deadline_with_its_zones_offset(client):
    deadline = datetime(2030, 3, 1, 18, 0, tzinfo=ZoneInfo("Asia/Bishkek"))
    call = CallFactory(deadline=deadline, deadline_timezone="Asia/Bishkek")

    record = client.get(f"/api/calls/{call.slug}/").json()

    assert record["deadline"] == "2030-03-01T18:00:00+06:00"
    assert record["state"] == "open"


def test_draft_and_unpublished_relations_are_not_served(client):
    draft = CallFactory(publication_status="draft")
    funder = OrganisationFactory(publication_status="draft")
    programme = ProgrammeFactory(funder=funder)

    assert client.get(f"/api/calls/{draft.slug}/").status_code == HTTPStatus.NOT_FOUND
    assert client.get(f"/api/programmes/{programme.slug}/").json()["funder"] is None


def test_unknown_filter_value_gives_400_problem(client):
    response = client.get("/api/events/?when=someday")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "when" in response.json()["errors"]


def test_event_record_says_upcoming_or_past(client):
    EventFactory(name="Vorbei", starts_on=timezone.localdate() - timedelta(days=3))

    (record,) = client.get("/api/events/").json()["results"]

    assert record["when"] == "past"


def test_openapi_documents_the_funding_lists_and_records(client):
    document = client.get("/api/openapi.json").json()
    for path in ("/api/programmes/", "/api/calls/{slug}/", "/api/events/"):
        assert path in document["paths"]
    assert "deadline" in document["components"]["schemas"]["Call"]["properties"]


def test_csv_download_holds_the_filtered_calls_with_neutralised_cells(client):
    from directory.opendata.exports import rows_from_csv

    kg = CountryFactory(code="KG")
    CallFactory(name="=HYPERLINK(1)", countries=[kg])
    CallFactory(name="Anderswo")

    response = client.get("/export/calls.csv?country=KG")

    rows = rows_from_csv(chunk.decode() for chunk in response.streaming_content)
    assert [row["name"] for row in rows] == ["'=HYPERLINK(1)"]
    assert rows[0]["countries"] == "KG"


def test_json_download_holds_the_events(client):
    import json

    EventFactory(name="Runder Tisch")

    response = client.get("/export/events.json")

    data = json.loads(b"".join(response.streaming_content))
    assert [record["name"] for record in data["results"]] == ["Runder Tisch"]


def test_list_page_links_its_downloads_with_its_filter(client):
    CallFactory()
    page = client.get("/de/calls/?kind=grant").content.decode()
    assert 'href="/export/calls.csv?kind=grant"' in page


def test_xlsx_download_of_calls_has_readable_headings_and_neutralised_text(client):
    import io

    from openpyxl import load_workbook

    CallFactory(name="=1+1")

    response = client.get("/export/calls.xlsx?lang=de")

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    headings = [cell.value for cell in sheet[1]]
    assert sheet.title == "Ausschreibungen"
    assert "Frist" in headings
    row = dict(zip(headings, sheet[2], strict=True))
    assert row["Name"].value == "=1+1"
    assert row["Name"].quotePrefix
