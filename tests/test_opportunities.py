"""Twinning opportunities: towns with ties but no twinning (/twinnings/opportunities/)."""

import io
from http import HTTPStatus

import openpyxl
import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation

from directory.matchmaking import opportunities
from tests.factories import (
    CentralAsianPlaceFactory,
    CooperationFieldFactory,
    CountryFactory,
    GermanPlaceFactory,
    OrganisationFactory,
    TwinningFactory,
)

pytestmark = pytest.mark.django_db


def find(query: str = "") -> opportunities.Opportunities:
    return opportunities.find(QueryDict(query))[1]


def german_rows(query: str = "") -> list[tuple[str, str, int]]:
    return [(o.place.name, o.country.code, o.strength) for o in find(query).german]


@pytest.fixture
def uz():
    return CountryFactory(code="UZ")


@pytest.fixture
def jena():
    return GermanPlaceFactory(name="Jena", federal_state="TH")


def test_german_town_whose_organisations_work_in_a_country_without_a_twinning_there_is_listed(
    uz, jena
):
    OrganisationFactory.create_batch(2, seat=jena, countries=[uz])

    assert german_rows() == [("Jena", "UZ", 2)]


def test_german_town_with_a_twinning_in_that_country_is_not_listed(uz, jena):
    OrganisationFactory(seat=jena, countries=[uz])
    TwinningFactory(german_place=jena, central_asian_place=CentralAsianPlaceFactory(country=uz))

    assert german_rows() == []


def test_a_twinning_in_another_country_leaves_the_opportunity(uz, jena):
    OrganisationFactory(seat=jena, countries=[uz])
    TwinningFactory(
        german_place=jena,
        central_asian_place=CentralAsianPlaceFactory(country=CountryFactory(code="KZ")),
    )

    assert german_rows() == [("Jena", "UZ", 1)]


def test_draft_and_ended_twinnings_count_as_none(uz, jena):
    OrganisationFactory(seat=jena, countries=[uz])
    TwinningFactory(
        german_place=jena, central_asian_place=CentralAsianPlaceFactory(country=uz), draft=True
    )
    TwinningFactory(
        german_place=jena, central_asian_place=CentralAsianPlaceFactory(country=uz), status="ended"
    )

    assert german_rows() == [("Jena", "UZ", 1)]


def test_draft_organisations_are_no_evidence(uz, jena):
    OrganisationFactory(seat=jena, countries=[uz], draft=True)

    assert german_rows() == []


def test_stronger_ties_rank_first_and_ties_by_name(uz, jena):
    OrganisationFactory(seat=jena, countries=[uz])
    OrganisationFactory.create_batch(2, seat=GermanPlaceFactory(name="Zwickau"), countries=[uz])
    OrganisationFactory(seat=GermanPlaceFactory(name="Aachen"), countries=[uz])

    assert german_rows() == [("Zwickau", "UZ", 2), ("Aachen", "UZ", 1), ("Jena", "UZ", 1)]


def test_evidence_names_the_organisations_and_their_fields(uz, jena):
    water = CooperationFieldFactory(slug="water", name="Wasser")
    OrganisationFactory(name="Saale-Verein", seat=jena, countries=[uz], fields=[water])

    (opportunity,) = find().german

    assert [o.name for o in opportunity.organisations] == ["Saale-Verein"]
    assert [f.name for f in opportunity.organisations[0].field_list] == ["Wasser"]


def test_evidence_shows_at_most_ten_and_says_how_many_more(uz, jena):
    OrganisationFactory.create_batch(opportunities.EVIDENCE_SHOWN + 2, seat=jena, countries=[uz])

    (opportunity,) = find().german

    assert len(opportunity.organisations) == opportunities.EVIDENCE_SHOWN
    assert opportunity.more == 2


def test_filter_by_federal_state(uz, jena):
    OrganisationFactory(seat=jena, countries=[uz])
    OrganisationFactory(seat=GermanPlaceFactory(name="Köln", federal_state="NW"), countries=[uz])

    assert german_rows("state=TH") == [("Jena", "UZ", 1)]


def test_filter_by_country(uz, jena):
    OrganisationFactory(seat=jena, countries=[uz, CountryFactory(code="KZ")])

    assert german_rows("country=KZ") == [("Jena", "KZ", 1)]


def test_filter_by_field_counts_only_organisations_in_that_field(uz, jena):
    water = CooperationFieldFactory(slug="water")
    OrganisationFactory(seat=jena, countries=[uz], fields=[water])
    OrganisationFactory(seat=jena, countries=[uz])

    assert german_rows("field=water") == [("Jena", "UZ", 1)]


def test_central_asian_town_with_german_ties_but_no_twinning_is_listed(uz):
    nukus = CentralAsianPlaceFactory(name="Nukus", country=uz)
    OrganisationFactory(seat=nukus, kind="foundation", countries=[uz])
    OrganisationFactory(seat=nukus, kind="association", countries=[uz, CountryFactory(code="DE")])
    OrganisationFactory(seat=nukus, kind="association", countries=[uz])  # no tie to Germany

    (opportunity,) = find().central_asian

    assert (opportunity.place.name, opportunity.strength) == ("Nukus", 2)


def test_central_asian_town_with_a_twinning_is_not_listed(uz):
    nukus = CentralAsianPlaceFactory(name="Nukus", country=uz)
    OrganisationFactory(seat=nukus, kind="foundation")
    TwinningFactory(central_asian_place=nukus)

    assert find().central_asian == []


def test_a_federal_state_hides_the_central_asian_towns(uz):
    OrganisationFactory(seat=CentralAsianPlaceFactory(country=uz), kind="foundation")

    assert find("state=TH").central_asian == []
    assert len(find().central_asian) == 1


def test_the_page_lists_an_opportunity_with_its_evidence(client, uz, jena):
    organisation = OrganisationFactory(name="Saale-Verein", seat=jena, countries=[uz])

    response = client.get(reverse("directory:twinning-opportunities") + "?state=TH")

    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "Chancen für Partnerschaften" in page
    assert "Jena" in page
    assert organisation.get_absolute_url() in page


@pytest.mark.parametrize(
    "query",
    [
        "state=XX",
        "country=%00",
        "field=" + "x" * 300,
        "country=DE",
        "field=%C0",
        "state=BY&state=XX",
    ],
)
def test_an_unknown_filter_value_is_named_and_left_out(client, uz, jena, query):
    OrganisationFactory(seat=jena, countries=[uz])

    response = client.get(reverse("directory:twinning-opportunities") + "?" + query)

    assert response.status_code in (HTTPStatus.OK, HTTPStatus.BAD_REQUEST)
    if response.status_code == HTTPStatus.OK:
        page = response.content.decode()
        assert "wurde nicht erkannt" in page
        assert "Jena" in page


def test_the_twinning_list_links_to_the_opportunities(client):
    response = client.get(reverse("directory:twinning-list"))

    assert reverse("directory:twinning-opportunities") in response.content.decode()


@pytest.mark.parametrize("size", [1, 30])
def test_the_page_needs_a_constant_number_of_queries(
    client, uz, size, django_assert_max_num_queries
):
    for _n in range(size):
        place = GermanPlaceFactory(federal_state="TH")
        OrganisationFactory.create_batch(
            2, seat=place, countries=[uz], fields=[CooperationFieldFactory()]
        )
        OrganisationFactory(seat=CentralAsianPlaceFactory(country=uz), kind="foundation")

    with django_assert_max_num_queries(opportunities.QUERIES + 1):  # + the page cache's version
        response = client.get(reverse("directory:twinning-opportunities"))

    assert response.status_code == HTTPStatus.OK


def test_api_lists_the_opportunities_with_their_evidence(client, uz, jena):
    OrganisationFactory(
        name="Saale-Verein",
        seat=jena,
        countries=[uz],
        fields=[CooperationFieldFactory(slug="water")],
    )

    response = client.get(reverse("data:api-opportunity-list") + "?state=TH")

    assert response.status_code == HTTPStatus.OK
    (record,) = response.json()["results"]
    assert record["side"] == "german"
    assert record["place"] == "Jena"
    assert record["country"] == "UZ"
    assert record["strength"] == 1
    assert record["organisations"][0]["name"] == "Saale-Verein"
    assert record["fields"] == ["water"]


def test_api_refuses_an_unknown_filter_value(client):
    response = client.get(reverse("data:api-opportunity-list") + "?state=XX")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "state" in response.json()["errors"]


def test_csv_download_neutralises_formulas(client, uz):
    OrganisationFactory(
        name="=HYPERLINK(1)",
        seat=GermanPlaceFactory(name="Gera", federal_state="TH"),
        countries=[uz],
    )

    response = client.get(reverse("data:opportunities-csv"))

    assert response.status_code == HTTPStatus.OK
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(opportunities.COLUMNS)
    assert "'=HYPERLINK(1)" in text
    assert "Gera" in text


def test_xlsx_download_is_headed_in_the_page_language_one_row_per_opportunity(client, uz):
    OrganisationFactory(
        name="=HYPERLINK(1)",
        seat=GermanPlaceFactory(name="Gera", federal_state="TH"),
        countries=[uz],
    )

    response = client.get(reverse("data:opportunities-xlsx") + "?lang=en")

    assert response.status_code == HTTPStatus.OK
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    headings = [cell.value for cell in sheet[1]]
    assert headings[1:3] == ["Place", "Page address of the place"]
    assert sheet.max_row == 1 + len(
        client.get(reverse("data:api-opportunity-list")).json()["results"]
    )
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert ("german", "Gera") in [row[:2] for row in rows]
    organisations = sheet.cell(row=2, column=headings.index("Organisations") + 1)
    assert organisations.value == "=HYPERLINK(1)"
    assert organisations.data_type == "s"
    assert organisations.quotePrefix


def test_the_page_links_the_xlsx_download_with_its_filters_and_language(client):
    with translation.override("ru"):
        response = client.get(reverse("directory:twinning-opportunities") + "?state=TH")

    assert reverse("data:opportunities-xlsx") + "?state=TH&amp;lang=ru" in response.text


def test_the_page_links_the_download_with_its_filters(client):
    response = client.get(reverse("directory:twinning-opportunities") + "?state=TH")

    assert reverse("data:opportunities-csv") + "?state=TH" in response.content.decode()


def test_a_filter_value_is_escaped_in_the_error(client):
    response = client.get(
        reverse("directory:twinning-opportunities") + "?country=<script>x</script>"
    )

    assert response.status_code == HTTPStatus.OK
    assert "<script>x" not in response.content.decode()
