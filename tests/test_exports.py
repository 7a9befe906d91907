"""Downloads of result lists: CSV and JSON, published entries only, the list's rows and order."""

import json
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.exports import BYTE_ORDER_MARK, rows_from_csv
from tests.factories import (
    CentralAsianPlaceFactory,
    CooperationFieldFactory,
    CountryFactory,
    GermanPlaceFactory,
    OrganisationFactory,
    TwinningFactory,
)

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


def test_export_with_nul_byte_in_search_is_a_bad_request(client):
    OrganisationFactory(name="Verein")
    response, _body = get_export(client, "organisation", "csv", "?q=Ver%00ein")
    assert response.status_code == HTTPStatus.BAD_REQUEST


def list_slugs(client, kind: str, query: str) -> list[str]:
    """Every entry of the HTML list for ``query``, all pages, in the page order."""
    slugs, page = [], 1
    while True:
        response = client.get(reverse(f"directory:{kind}-list") + f"{query}&page={page}")
        slugs += [entry.slug for entry in response.context["page_obj"].object_list]
        if not response.context["page_obj"].has_next():
            return slugs
        page += 1


def export_slugs(client, kind: str, fmt: str, query: str) -> list[str]:
    _response, body = get_export(client, kind, fmt, query)
    if fmt == "csv":
        return [row["slug"] for row in rows_from_csv([body])]
    return [record["slug"] for record in json.loads(body)["results"]]


@pytest.fixture
def organisations_in_many_pages():
    kz, uz, de = (CountryFactory(code=code) for code in ("KZ", "UZ", "DE"))
    culture, youth = CooperationFieldFactory(slug="theater"), CooperationFieldFactory(slug="jugend")
    for n in range(60):
        OrganisationFactory(
            name=f"{'Kultur' if n % 2 else 'Jugend'}verein {n % 7}",  # repeated names: ties
            kind="foundation" if n % 3 else "association",
            countries=[[kz], [uz], [kz, de]][n % 3],
            fields=[[culture], [youth], [culture, youth]][n % 3],
            last_verified=f"2026-0{1 + n % 9}-01" if n % 4 else None,
        )
    OrganisationFactory(name="Kulturverein Entwurf", countries=[kz], draft=True)


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize(
    "query",
    [
        "?",
        "?country=KZ",
        "?country=KZ&country=UZ&field=theater",
        "?q=Kulturverein&sort=name",
        "?q=verein&sort=relevance&kind=foundation",
        "?sort=verified&field=jugend",
        "?country=XX&sort=nonsense",  # unknown values are left out, as on the page
    ],
)
def test_organisation_export_equals_the_filtered_list(
    client, organisations_in_many_pages, query, fmt
):
    expected = list_slugs(client, "organisation", query)
    assert len(expected) > 25  # more than one page
    assert export_slugs(client, "organisation", fmt, query) == expected


@pytest.mark.parametrize(
    "query", ["?", "?country=UZ", "?state=BY&status=active", "?q=stadt&sort=established"]
)
def test_twinning_export_equals_the_filtered_list(client, query):
    kz, uz = CountryFactory(code="KZ"), CountryFactory(code="UZ")
    for n in range(40):
        TwinningFactory(
            german_place=GermanPlaceFactory(
                name=f"Stadt {n:02}", federal_state=["BY", "BE"][n % 2]
            ),
            central_asian_place=CentralAsianPlaceFactory(country=[kz, uz][n % 2]),
            status=["active", "ended"][n % 3 == 0],
            established_year=1990 + n % 5,
        )
    expected = list_slugs(client, "twinning", query)
    assert expected
    assert export_slugs(client, "twinning", "csv", query) == expected


def test_list_page_links_to_exports_of_the_current_query(client):
    OrganisationFactory(countries=[CountryFactory(code="KZ")])
    response = client.get(reverse("directory:organisation-list"), {"country": "KZ", "page": "1"})
    assert 'href="/export/organisations.csv?country=KZ"' in response.text
    assert 'href="/export/organisations.json?country=KZ"' in response.text
