"""Home, country and field pages: entry points with counts that never include drafts."""

import pytest
from django.urls import reverse
from django.utils import translation

from directory.i18n import sort_key
from tests.factories import (
    CentralAsianPlaceFactory,
    CooperationFieldFactory,
    CountryFactory,
    OrganisationFactory,
    TwinningFactory,
)

pytestmark = pytest.mark.django_db


def test_home_counts_published_organisations_and_twinnings(client):
    OrganisationFactory.create_batch(2)
    OrganisationFactory(draft=True)
    TwinningFactory()
    TwinningFactory(draft=True)
    response = client.get(reverse("directory:home"))
    assert response.context["organisation_count"] == 2
    assert response.context["twinning_count"] == 1


def test_home_lists_the_five_countries_with_counts(client):
    OrganisationFactory(countries=[CountryFactory(code="KZ")])
    TwinningFactory(central_asian_place=CentralAsianPlaceFactory(country__code="KZ"))
    response = client.get(reverse("directory:home"))
    countries = {country.code: country for country in response.context["countries"]}
    assert set(countries) == {"KZ", "KG", "TJ", "TM", "UZ"}
    assert (countries["KZ"].organisation_count, countries["KZ"].twinning_count) == (1, 1)
    assert countries["UZ"].twinning_count == 0


def test_home_names_the_countries_in_the_page_language_in_its_order(client):
    with translation.override("ru"):
        response = client.get(reverse("directory:home"))
    names = [country.name for country in response.context["countries"]]

    assert names == sorted(names, key=sort_key)
    assert "Казахстан" in names
    assert 'href="/ru/countries/kz/"' in response.text


def test_home_shows_recently_verified_organisations_but_not_drafts(client):
    OrganisationFactory(name="Sichtbar")
    OrganisationFactory(name="Unsichtbar", draft=True)
    text = client.get(reverse("directory:home")).text
    assert "Sichtbar" in text
    assert "Unsichtbar" not in text


def test_country_page_shows_its_organisations_fields_and_twinnings(client):
    kz = CountryFactory(code="KZ")
    culture = CooperationFieldFactory(slug="culture", name="Kultur")
    OrganisationFactory(name="Aktiv in KZ", countries=[kz], fields=[culture])
    OrganisationFactory(name="Anderswo", countries=[CountryFactory(code="UZ")])
    TwinningFactory(german_place__name="Köln", central_asian_place__name="Almaty")
    response = client.get(kz.get_absolute_url())
    text = response.text
    assert "Aktiv in KZ" in text
    assert "Anderswo" not in text
    assert "Köln – Almaty" in text
    assert "?country=KZ&amp;field=culture" in text
    assert response.context["country"].organisation_count == 1


def test_country_page_leaves_out_drafts(client):
    kz = CountryFactory(code="KZ")
    OrganisationFactory(name="Entwurf", countries=[kz], draft=True)
    TwinningFactory(central_asian_place__name="Entwurfsstadt", draft=True)
    text = client.get(kz.get_absolute_url()).text
    assert "Entwurf" not in text


def test_country_code_is_case_insensitive(client):
    assert client.get("/de/countries/kz/").context["country"].code == "KZ"


def test_country_code_in_capitals_redirects_to_the_one_address(client):
    response = client.get("/de/countries/KZ/")
    assert (response.status_code, response["Location"]) == (301, "/de/countries/kz/")


def test_field_page_shows_its_organisations_by_country(client):
    culture = CooperationFieldFactory(slug="culture", name="Kultur")
    kz = CountryFactory(code="KZ")
    OrganisationFactory(name="Kulturverein", fields=[culture], countries=[kz])
    OrganisationFactory(name="Umweltverein")
    OrganisationFactory(name="Entwurf", fields=[culture], draft=True)
    response = client.get(culture.get_absolute_url())
    assert "Kulturverein" in response.text
    assert "Umweltverein" not in response.text
    assert "Entwurf" not in response.text
    assert [c.code for c in response.context["countries"]] == ["KZ"]
    assert "?field=culture&amp;country=KZ" in response.text
