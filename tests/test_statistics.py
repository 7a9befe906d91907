"""Aggregate counts: organisations per country × field, twinnings per federal state × country."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import translation

from directory.models import Country, Organisation, Twinning
from directory.opendata.exports import rows_from_csv
from directory.opendata.statistics import (
    organisation_charts,
    organisations_by_country_and_field,
    twinning_charts,
    twinnings_by_state_and_country,
)
from tests.factories import (
    CentralAsianPlaceFactory,
    CooperationFieldFactory,
    CountryFactory,
    GermanPlaceFactory,
    OrganisationFactory,
    TwinningFactory,
)

pytestmark = pytest.mark.django_db


def cell(table, row_key: str, column_key: str) -> int:
    row = next(row for row in table.rows if row.key == row_key)
    return row.cells[[key for key, _label in table.columns].index(column_key)]


def row_total(table, row_key: str) -> int:
    return next(row for row in table.rows if row.key == row_key).total


def test_organisation_counts_in_every_country_and_field_it_works_in():
    kz, uz = CountryFactory(code="KZ"), CountryFactory(code="UZ")
    theatre, music = CooperationFieldFactory(slug="theater"), CooperationFieldFactory(slug="musik")
    OrganisationFactory(countries=[kz, uz], fields=[theatre, music])
    OrganisationFactory(countries=[kz], fields=[theatre])
    table = organisations_by_country_and_field(Organisation.objects.published())
    assert cell(table, "KZ", "theater") == 2
    assert cell(table, "UZ", "musik") == 1
    assert row_total(table, "KZ") == 2
    assert table.total == 2


def test_draft_organisations_are_not_counted():
    kz = CountryFactory(code="KZ")
    OrganisationFactory(countries=[kz], draft=True)
    table = organisations_by_country_and_field(Organisation.objects.published())
    assert row_total(table, "KZ") == 0
    assert table.total == 0


def test_twinnings_count_per_federal_state_and_country():
    TwinningFactory(
        german_place=GermanPlaceFactory(federal_state="BY"),
        central_asian_place=CentralAsianPlaceFactory(country=CountryFactory(code="UZ")),
    )
    TwinningFactory(german_place=GermanPlaceFactory(federal_state="BY"), draft=True)
    table = twinnings_by_state_and_country(Twinning.objects.published())
    assert cell(table, "BY", "UZ") == 1
    assert row_total(table, "BY") == 1
    assert table.total == 1


def test_statistics_page_shows_both_tables(client):
    response = client.get(reverse("directory:statistics"))
    assert response.status_code == HTTPStatus.OK
    assert response.text.count("<table") == 2


def test_statistics_csv_has_the_table_with_a_totals_row(client):
    TwinningFactory(german_place=GermanPlaceFactory(federal_state="SN"))
    url = reverse("data:statistics-csv", args=["twinnings-by-federal-state-and-country"])
    response = client.get(url)
    rows = rows_from_csv([response.content.decode()])
    assert response["Content-Type"].startswith("text/csv")
    saxony = next(row for row in rows if row["key"] == "SN")
    assert saxony["KZ"] == "1"
    assert rows[-1]["key"] == "total"
    assert rows[-1]["total"] == "1"


def test_unknown_statistics_table_is_not_found(client):
    response = client.get(reverse("data:statistics-csv", args=["nothing"]))
    assert response.status_code == HTTPStatus.NOT_FOUND


def linked_cell(table, row_key: str, column_key: str):
    _row, cells, _total = next(item for item in table.linked_rows() if item[0].key == row_key)
    return cells[[key for key, _label in table.columns].index(column_key)]


@pytest.fixture
def organisations():
    kz, uz = CountryFactory(code="KZ", is_focus=True), CountryFactory(code="UZ", is_focus=True)
    theatre, music = CooperationFieldFactory(slug="theater"), CooperationFieldFactory(slug="musik")
    OrganisationFactory(countries=[kz, uz], fields=[theatre, music])
    OrganisationFactory(countries=[kz], fields=[theatre])
    OrganisationFactory(countries=[kz], fields=[music])
    OrganisationFactory(countries=[], fields=[music])
    return organisations_by_country_and_field(Organisation.objects.published())


def test_each_cell_links_to_the_list_filtered_by_its_row_and_column(organisations):
    cell_ = linked_cell(organisations, "KZ", "theater")
    expected = reverse("directory:organisation-list") + "?country=KZ&field=theater"
    assert (cell_.count, cell_.url) == (2, expected)


@pytest.mark.parametrize(
    ("row_key", "column_key"), [("KZ", "theater"), ("UZ", "musik"), ("KZ", None), (None, "musik")]
)
def test_the_linked_list_shows_as_many_results_as_the_number(
    client, organisations, row_key, column_key
):
    if row_key and column_key:
        counted = linked_cell(organisations, row_key, column_key)
    elif row_key:
        counted = next(
            total for row, _c, total in organisations.linked_rows() if row.key == row_key
        )
    else:
        keys = [key for key, _label in organisations.columns]
        counted = organisations.linked_column_totals()[keys.index(column_key)]
    response = client.get(counted.url)
    assert response.context["total"] == counted.count > 0


def test_entries_without_a_country_are_counted_but_not_linked(organisations):
    row, _cells, total = organisations.linked_rows()[-1]
    assert (row.key, total.count, total.url) == ("", 1, "")


def test_the_grand_total_links_to_the_whole_list(client, organisations):
    total = organisations.linked_total()
    assert total.url == reverse("directory:organisation-list")
    assert client.get(total.url).context["total"] == total.count == 4


def test_charts_show_largest_first_and_leave_out_empty_and_unknown_groups(organisations):
    by_country, by_field = organisation_charts(organisations)
    assert [(bar.label, bar.count, bar.percent) for bar in by_country.bars] == [
        (Country.objects.get(code="KZ").name, 3, 100.0),
        (Country.objects.get(code="UZ").name, 1, 33.3),
    ]
    assert [bar.count for bar in by_field.bars] == [3, 2]


def test_chart_summary_names_the_number_of_groups_and_the_largest(organisations):
    with translation.override("en"):
        by_country, _by_field = organisation_charts(organisations)
    kazakhstan = Country.objects.get(code="KZ").name
    assert by_country.summary == (
        f"Countries with organisations: 2; the most in {kazakhstan} (3 of 4 organisations)."
    )


def test_twinning_chart_bars_link_to_the_list_of_their_state(client):
    TwinningFactory(german_place=GermanPlaceFactory(federal_state="SN"))
    by_state, by_country = twinning_charts(
        twinnings_by_state_and_country(Twinning.objects.published())
    )
    assert [bar.url for bar in by_state.bars] == [reverse("directory:twinning-list") + "?state=SN"]
    assert client.get(by_country.bars[0].url).context["total"] == 1


def test_chart_without_entries_has_no_bars_and_no_summary():
    by_state, _by_country = twinning_charts(twinnings_by_state_and_country(Twinning.objects.none()))
    assert (by_state.bars, by_state.summary) == ([], "")


def test_statistics_page_links_numbers_to_their_lists(client, organisations):
    response = client.get(reverse("directory:statistics"))
    url = reverse("directory:organisation-list") + "?country=KZ&amp;field=theater"
    assert f'<a href="{url}">2</a>' in response.text


def test_statistics_page_needs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get(reverse("directory:statistics"))
    for n in range(20):
        OrganisationFactory(countries=[CountryFactory(code=f"X{'ABCDE'[n % 5]}")])
        TwinningFactory()
    with django_assert_max_num_queries(12):
        assert client.get(reverse("directory:statistics")).status_code == HTTPStatus.OK


def test_main_navigation_links_to_the_statistics(client):
    response = client.get(reverse("directory:home"))
    nav = response.text.split('class="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert f'href="{reverse("directory:statistics")}"' in nav
