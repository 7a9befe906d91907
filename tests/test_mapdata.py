"""Maps drawn from the directory's data: a point per place, an arc per published twinning."""

import pytest

from directory.maps import data as mapdata
from directory.maps.data import cooperation_map, pair_map
from directory.models import Place, Twinning
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
    assert result.svg.count('class="map__point ') == 3


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


def test_seats_of_published_organisations_are_points(tashkent):
    OrganisationFactory.create_batch(2, seat=tashkent)
    OrganisationFactory(seat=tashkent, draft=True)
    result = _map(twinnings=Twinning.objects.none(), seats=Place.objects.seats_in("UZ"))
    assert result.svg.count('class="map__point ') == 1
    assert result.places[0].organisation_count == 2


def test_map_costs_one_query_for_twinnings_and_one_for_seats(
    berlin, tashkent, django_assert_num_queries
):
    TwinningFactory.create_batch(5, german_place=berlin)
    OrganisationFactory.create_batch(5, seat=tashkent)
    with django_assert_num_queries(2):
        _map(twinnings=Twinning.objects.published(), seats=Place.objects.seats_in("UZ"))


def test_beyond_max_arcs_only_points_are_drawn(monkeypatch, berlin, tashkent):
    monkeypatch.setattr(mapdata, "MAX_ARCS", 2)
    TwinningFactory.create_batch(2, german_place=berlin)
    TwinningFactory(german_place=berlin, central_asian_place=tashkent)
    result = _map(twinnings=Twinning.objects.published())
    assert result.arcs_left_out
    assert 'class="map__arc"' not in result.svg
    assert result.twinning_count == 3
    assert next(p for p in result.places if p.name == "Berlin").twinning_count == 3


def test_beyond_max_arcs_the_map_still_costs_two_queries(
    monkeypatch, berlin, django_assert_num_queries
):
    monkeypatch.setattr(mapdata, "MAX_ARCS", 2)
    TwinningFactory.create_batch(5, german_place=berlin)
    with django_assert_num_queries(2):
        _map(twinnings=Twinning.objects.published())


def test_beyond_max_arcs_seats_cost_no_extra_query(
    monkeypatch, berlin, tashkent, django_assert_num_queries
):
    monkeypatch.setattr(mapdata, "MAX_ARCS", 2)
    TwinningFactory.create_batch(5, central_asian_place=tashkent)
    OrganisationFactory.create_batch(2, seat=tashkent)
    with django_assert_num_queries(2):
        result = _map(twinnings=Twinning.objects.published(), seats=Place.objects.seats_in("UZ"))

    place = next(p for p in result.places if p.name == "Taschkent")
    assert (place.twinning_count, place.organisation_count) == (5, 2)


def test_beyond_max_arcs_the_first_twinnings_are_still_listed(monkeypatch, berlin):
    monkeypatch.setattr(mapdata, "MAX_ARCS", 2)
    TwinningFactory.create_batch(5, german_place=berlin)

    result = _map(twinnings=Twinning.objects.published())

    assert len(result.twinnings) == 3  # MAX_ARCS + 1 in name order, for a list of the first


def test_drawn_twinnings_are_listed_for_the_table_beside_the_map(berlin, tashkent):
    twinning = TwinningFactory(german_place=berlin, central_asian_place=tashkent)
    result = _map(twinnings=Twinning.objects.published())
    assert [(t.label, t.url) for t in result.twinnings] == [
        ("Berlin – Taschkent", twinning.get_absolute_url())
    ]


def test_pair_map_joins_the_two_places(berlin, tashkent):
    twinning = TwinningFactory(german_place=berlin, central_asian_place=tashkent)
    svg = pair_map(twinning)
    assert svg.count('class="map__point ') == 2
    assert 'class="map__arc"' in svg


def test_pair_map_is_empty_without_coordinates(berlin):
    twinning = TwinningFactory(german_place=berlin)
    assert pair_map(twinning) == ""


def test_place_names_are_escaped(tashkent):
    evil = GermanPlaceFactory(name="<script>x</script>", latitude=50, longitude=10)
    TwinningFactory(german_place=evil, central_asian_place=tashkent)
    result = _map(twinnings=Twinning.objects.published())
    assert "<script>" not in result.svg


@pytest.mark.parametrize("max_arcs", [300, 2], ids=["arcs", "points only"])
def test_twinnings_are_counted_per_country_of_either_side(monkeypatch, berlin, tashkent, max_arcs):
    monkeypatch.setattr(mapdata, "MAX_ARCS", max_arcs)
    bishkek = CentralAsianPlaceFactory(name="Bischkek", country__code="KG")
    for partner in (tashkent, tashkent, bishkek):
        TwinningFactory(german_place=GermanPlaceFactory(), central_asian_place=partner)
    TwinningFactory(german_place=berlin, central_asian_place=bishkek, draft=True)

    counts = _map(twinnings=Twinning.objects.published()).twinnings_by_country()

    assert (counts["UZ"], counts["KG"], counts["DE"]) == (2, 1, 3)
