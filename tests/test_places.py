"""Public place pages (/places/<slug>/): who is based there, its twinnings, names in three
languages, and the partners around it."""

from http import HTTPStatus

import pytest

from directory.views import places
from tests.factories import (
    CentralAsianPlaceFactory,
    CountryFactory,
    GermanPlaceFactory,
    OrganisationFactory,
    PlaceAliasFactory,
    TwinningFactory,
)
from tests.test_discovery import sitemap_locations

pytestmark = pytest.mark.django_db


@pytest.fixture
def tashkent():
    place = CentralAsianPlaceFactory(
        name="Taschkent",
        name_en="Tashkent",
        name_ru="Ташкент",
        country=CountryFactory(code="UZ"),
        latitude=41.3,
        longitude=69.24,
    )
    PlaceAliasFactory(place=place, name="Toshkent", language="uz")
    return place


@pytest.fixture
def berlin():
    return GermanPlaceFactory(name="Berlin", federal_state="BE", latitude=52.52, longitude=13.4)


def page(client, place) -> str:
    response = client.get(place.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def test_place_page_shows_its_names_in_three_languages_and_scripts(client, tashkent):
    OrganisationFactory(seat=tashkent)

    content = page(client, tashkent)

    for name in ("Taschkent", "Tashkent", "Ташкент", "Toshkent"):
        assert name in content
    assert '<span lang="ru">Ташкент</span>' in content


def test_place_page_lists_organisations_based_there_but_not_drafts(client, tashkent):
    OrganisationFactory(name="Suv Tashkent", seat=tashkent)
    OrganisationFactory(name="Entwurf Taschkent", seat=tashkent, draft=True)

    content = page(client, tashkent)

    assert "Suv Tashkent" in content
    assert "Entwurf Taschkent" not in content


def test_place_page_lists_twinnings_with_a_map(client, tashkent, berlin):
    TwinningFactory(german_place=berlin, central_asian_place=tashkent)

    content = page(client, tashkent)

    assert "Berlin – Taschkent" in content
    assert "<svg" in content


def test_place_page_lists_organisations_in_the_twin_town(client, tashkent, berlin):
    TwinningFactory(german_place=berlin, central_asian_place=tashkent)
    OrganisationFactory(name="Berliner Freundeskreis", seat=berlin)

    content = page(client, tashkent)

    assert "Organisationen in den Partnerorten" in content
    assert "Berliner Freundeskreis" in content


def test_place_page_lists_towns_where_organisations_from_here_work(client, berlin):
    here = OrganisationFactory(seat=berlin, countries=[CountryFactory(code="KZ")])
    TwinningFactory(
        german_place=GermanPlaceFactory(name="Potsdam"),
        central_asian_place=CentralAsianPlaceFactory(name="Almaty"),
        organisations=[here],
    )

    content = page(client, berlin)

    assert "Wo Organisationen von hier schon arbeiten" in content
    assert "Potsdam – Almaty" in content
    assert "Kasachstan" in content


def test_place_known_only_from_drafts_is_not_found(client, tashkent):
    OrganisationFactory(seat=tashkent, draft=True)

    assert client.get(tashkent.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_unknown_place_is_not_found(client):
    assert client.get("/de/places/no-such-place/").status_code == HTTPStatus.NOT_FOUND


def test_organisation_page_links_its_seat(client, tashkent):
    organisation = OrganisationFactory(seat=tashkent)

    assert (
        tashkent.get_absolute_url() in client.get(organisation.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize("size", [1, 20])
def test_place_page_needs_a_constant_number_of_queries(
    client, tashkent, berlin, size, django_assert_max_num_queries
):
    for _n in range(size):
        twin = GermanPlaceFactory(latitude=50, longitude=10)
        PlaceAliasFactory(place=tashkent)
        runner = OrganisationFactory(seat=tashkent, countries=[CountryFactory(code="KZ")])
        TwinningFactory(german_place=twin, central_asian_place=tashkent, organisations=[runner])
        TwinningFactory(german_place=twin, organisations=[runner])
        OrganisationFactory(seat=twin)

    with django_assert_max_num_queries(places.QUERIES):
        response = client.get(tashkent.get_absolute_url())

    assert response.status_code == HTTPStatus.OK


def test_sitemap_lists_public_places_but_not_places_known_only_from_drafts(client, tashkent):
    OrganisationFactory(seat=tashkent)
    hidden = CentralAsianPlaceFactory(name="Nur Entwurf")
    OrganisationFactory(seat=hidden, draft=True)

    locations = sitemap_locations(client)

    assert f"http://testserver{tashkent.get_absolute_url()}" in locations
    assert f"http://testserver{hidden.get_absolute_url()}" not in locations
