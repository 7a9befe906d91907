"""Aggregate counts: organisations per country × field, twinnings per federal state × country."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from directory.exports import rows_from_csv
from directory.models import Organisation, Twinning
from directory.statistics import organisations_by_country_and_field, twinnings_by_state_and_country
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
    url = reverse("directory:statistics-csv", args=["twinnings-by-federal-state-and-country"])
    response = client.get(url)
    rows = rows_from_csv([response.content.decode()])
    assert response["Content-Type"].startswith("text/csv")
    saxony = next(row for row in rows if row["key"] == "SN")
    assert saxony["KZ"] == "1"
    assert rows[-1]["key"] == "total"
    assert rows[-1]["total"] == "1"


def test_unknown_statistics_table_is_not_found(client):
    response = client.get(reverse("directory:statistics-csv", args=["nothing"]))
    assert response.status_code == HTTPStatus.NOT_FOUND
