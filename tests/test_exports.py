"""Downloads of result lists: CSV and JSON, published entries only, the list's rows and order."""

import json
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.exports import BYTE_ORDER_MARK, rows_from_csv
from tests.factories import CountryFactory, OrganisationFactory, TwinningFactory

pytestmark = pytest.mark.django_db


def get_export(client, kind: str, fmt: str, query: str = ""):
    url = reverse(f"directory:{kind}-export", kwargs={"fmt": fmt}) + query
    response = client.get(url)
    body = b"".join(response.streaming_content).decode() if response.streaming else ""
    return response, body


def test_csv_export_starts_with_byte_order_mark_and_one_header_row(client):
    OrganisationFactory(name="Deutsch-Kasachische Gesellschaft, Berlin")
    _response, body = get_export(client, "organisation", "csv")
    assert body.startswith(BYTE_ORDER_MARK + "slug,url,json_url,name,")
    assert body.count("slug,url") == 1
    assert rows_from_csv([body])[0]["name"] == "Deutsch-Kasachische Gesellschaft, Berlin"


def test_csv_export_is_an_attachment_named_with_kind_and_date(client):
    response, _body = get_export(client, "twinning", "csv")
    assert response["Content-Type"].startswith("text/csv; charset=utf-8")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="twinnings-{today}.csv"'


def test_csv_export_joins_multiple_countries_with_the_documented_separator(client):
    OrganisationFactory(countries=[CountryFactory(code="KZ"), CountryFactory(code="UZ")])
    _response, body = get_export(client, "organisation", "csv")
    assert sorted(rows_from_csv([body])[0]["countries"].split("|")) == ["KZ", "UZ"]


def test_csv_export_defuses_text_that_looks_like_a_formula(client):
    OrganisationFactory(name="=HYPERLINK(1)")
    _response, body = get_export(client, "organisation", "csv")
    assert rows_from_csv([body])[0]["name"] == "'=HYPERLINK(1)"


def test_json_export_carries_licence_and_unchanged_records(client, settings):
    OrganisationFactory(name="=Gleich")
    response, body = get_export(client, "organisation", "json")
    data = json.loads(body)
    assert response["Content-Type"] == "application/json"
    assert data["licence"] == settings.DATA_LICENCE
    assert [record["name"] for record in data["results"]] == ["=Gleich"]


@pytest.mark.parametrize(("kind", "fmt"), [("organisation", "csv"), ("organisation", "json")])
def test_export_never_contains_drafts(client, kind, fmt):
    OrganisationFactory(name="Öffentlich")
    OrganisationFactory(name="Entwurf", draft=True)
    _response, body = get_export(client, kind, fmt)
    assert "Öffentlich" in body
    assert "Entwurf" not in body


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_twinning_export_never_contains_drafts(client, fmt):
    TwinningFactory(german_place__name="Öffentlichstadt")
    TwinningFactory(german_place__name="Entwurfstadt", draft=True)
    _response, body = get_export(client, "twinning", fmt)
    assert "Öffentlichstadt" in body
    assert "Entwurfstadt" not in body


def test_unknown_export_format_is_not_found(client):
    response = client.get(reverse("directory:organisation-export", kwargs={"fmt": "xlsx"}))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_export_with_nul_byte_in_search_does_not_fail(client):
    OrganisationFactory(name="Verein")
    response, _body = get_export(client, "organisation", "csv", "?q=Ver%00ein")
    assert response.status_code == HTTPStatus.OK
