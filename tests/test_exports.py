"""Downloads of result lists: CSV and JSON, published entries only, the list's rows and order."""

import io
import json
from http import HTTPStatus

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from directory.opendata.exports import BYTE_ORDER_MARK, rows_from_csv
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
    url = reverse(f"data:{kind}-export", kwargs={"fmt": fmt}) + query
    response = client.get(url)
    body = b"".join(response.streaming_content).decode() if response.streaming else ""
    return response, body


def get_workbook(client, kind: str, query: str = ""):
    """The XLSX download opened as a spreadsheet program would (openpyxl): its only sheet."""
    response = client.get(reverse(f"data:{kind}-export", kwargs={"fmt": "xlsx"}) + query)
    assert response.status_code == HTTPStatus.OK
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return response, workbook.active


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
    response = client.get(reverse("data:organisation-export", kwargs={"fmt": "xls"}))
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


def test_list_page_links_to_the_xlsx_download_with_the_page_language(client):
    OrganisationFactory(countries=[CountryFactory(code="KZ")])
    response = client.get(
        "/ru" + reverse("directory:organisation-list").removeprefix("/de"), {"country": "KZ"}
    )
    assert 'href="/export/organisations.xlsx?country=KZ&amp;lang=ru"' in response.text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", ["Kennung", "Adresse der Seite"]),
        ("en", ["Identifier", "Page address"]),
        ("ru", ["Идентификатор", "Адрес страницы"]),
    ],
)
def test_xlsx_export_has_readable_headings_in_the_language_asked_for(client, language, expected):
    OrganisationFactory()
    _response, sheet = get_workbook(client, "organisation", f"?lang={language}")
    assert [cell.value for cell in sheet[1]][:2] == expected


def test_xlsx_export_names_place_columns_by_side_and_part(client):
    TwinningFactory()
    _response, sheet = get_workbook(client, "twinning", "?lang=en")
    headings = [cell.value for cell in sheet[1]]
    assert "German place: name" in headings
    assert "Central Asian place: country" in headings


def test_xlsx_export_is_an_attachment_named_with_kind_and_date(client):
    OrganisationFactory()
    response, _sheet = get_workbook(client, "organisation")
    today = timezone.localdate().isoformat()
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == f'attachment; filename="organisations-{today}.xlsx"'


@pytest.mark.parametrize("query", ["?", "?country=KZ&field=theater", "?q=Kulturverein&sort=name"])
def test_xlsx_export_has_the_rows_of_the_csv_in_its_order(
    client, organisations_in_many_pages, query
):
    _response, body = get_export(client, "organisation", "csv", query)
    csv_rows = rows_from_csv([body])
    _response, sheet = get_workbook(client, "organisation", query)
    xlsx_slugs = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sheet.max_row - 1 == len(csv_rows) > 0
    assert xlsx_slugs == [row["slug"] for row in csv_rows]


def test_xlsx_export_keeps_a_formula_like_name_as_text(client):
    OrganisationFactory(name='=HYPERLINK("https://example.org","click")')
    _response, sheet = get_workbook(client, "organisation")
    name = sheet.cell(row=2, column=4)
    assert name.data_type == "s"
    assert name.value == '=HYPERLINK("https://example.org","click")'
    assert name.quotePrefix  # Excel's own apostrophe: editing the cell keeps it text


def test_xlsx_export_writes_numbers_and_dates_as_such(client):
    OrganisationFactory(founded_year=1992, last_verified="2026-03-01")
    _response, sheet = get_workbook(client, "organisation", "?lang=en")
    row = dict(
        zip(
            [c.value for c in sheet[1]],
            next(sheet.iter_rows(min_row=2, values_only=True)),
            strict=True,
        )
    )
    assert row["Year founded"] == 1992
    assert row["Last verified"].date().isoformat() == "2026-03-01"


def test_xlsx_export_never_contains_drafts(client):
    OrganisationFactory(name="Öffentlich")
    OrganisationFactory(name="Entwurf", draft=True)
    _response, sheet = get_workbook(client, "organisation")
    assert [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Öffentlich"]


@pytest.mark.parametrize("size", [1, 30])
def test_xlsx_export_needs_a_constant_number_of_queries(
    client, size, django_assert_max_num_queries
):
    kz = CountryFactory(code="KZ")
    for n in range(size):
        OrganisationFactory(countries=[kz], name=f"Verein {n}")
    url = reverse("data:organisation-export", kwargs={"fmt": "xlsx"}) + "?country=KZ"
    with django_assert_max_num_queries(10):
        response = client.get(url)
        b"".join(response.streaming_content)
