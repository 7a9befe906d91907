"""Maps drawn from the directory's data: a point per place, an arc per published twinning."""

import pytest

from directory.mapdata import cooperation_map
from directory.models import Organisation, Twinning
from tests.factories import (
    CentralAsianPlaceFactory,
    GermanPlaceFactory,
    OrganisationFactory,
    TwinningFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def berlin():
    return GermanPlaceFactory(name="Berlin", latitude=52.52, longitude=13.405)


@pytest.fixture
def tashkent():
    return CentralAsianPlaceFactory(
        name="Taschkent", country__code="UZ", latitude=41.3, longitude=69.2667
    )


def _map(**kwargs):
    return cooperation_map(title="Karte", description="Beschreibung", **kwargs)


def test_each_published_twinning_is_an_arc_linking_to_its_page(berlin, tashkent):
    twinning = TwinningFactory(german_place=berlin, central_asian_place=tashkent)
    TwinningFactory(german_place=berlin, draft=True)
    result = _map(twinnings=Twinning.objects.published())
    assert result.svg.count('class="map__arc"') == 1
    assert f'href="{twinning.get_absolute_url()}"' in result.svg


def test_each_place_with_coordinates_is_one_point(berlin, tashkent):
    samarkand = CentralAsianPlaceFactory(name="Samarkand", latitude=39.65, longitude=66.96)
    TwinningFactory(german_place=berlin, central_asian_place=tashkent)
    TwinningFactory(german_place=berlin, central_asian_place=samarkand)
    result = _map(twinnings=Twinning.objects.published())
    assert result.svg.count("<circle") == 3


def test_point_label_counts_twinnings_of_the_place(berlin, tashkent):
    TwinningFactory(german_place=berlin, central_asian_place=tashkent)
    TwinningFactory(german_place=berlin)
    result = _map(twinnings=Twinning.objects.published())
    berlin_on_map = next(place for place in result.places if place.name == "Berlin")
    assert berlin_on_map.twinning_count == 2


def test_places_without_coordinates_are_listed_not_drawn(berlin):
    karakol = CentralAsianPlaceFactory(name="Karakol")
    TwinningFactory(german_place=berlin, central_asian_place=karakol)
    result = _map(twinnings=Twinning.objects.published())
    assert [place.name for place in result.places_without_coordinates] == ["Karakol"]
    assert 'class="map__arc"' not in result.svg


def test_organisation_seats_are_points(tashkent):
    OrganisationFactory.create_batch(2, seat=tashkent)
    result = _map(organisations=Organisation.objects.published())
    assert result.svg.count("<circle") == 1
    assert result.places[0].organisation_count == 2


def test_map_costs_one_query_per_source(berlin, tashkent, django_assert_num_queries):
    TwinningFactory.create_batch(5, german_place=berlin)
    OrganisationFactory.create_batch(5, seat=tashkent)
    with django_assert_num_queries(2):
        _map(twinnings=Twinning.objects.published(), organisations=Organisation.objects.all())


def test_place_names_are_escaped(tashkent):
    evil = GermanPlaceFactory(name="<script>x</script>", latitude=50, longitude=10)
    TwinningFactory(german_place=evil, central_asian_place=tashkent)
    result = _map(twinnings=Twinning.objects.published())
    assert "<script>" not in result.svg
