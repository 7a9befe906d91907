"""The offline map on the home, twinnings and country pages, and no request leaves the site."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import (
    CentralAsianPlaceFactory,
    GermanPlaceFactory,
    OrganisationFactory,
    TwinningFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def twinnings():
    berlin = GermanPlaceFactory(name="Berlin", latitude=52.52, longitude=13.405)
    bremen = GermanPlaceFactory(name="Bremen", federal_state="HB", latitude=53.08, longitude=8.81)
    tashkent = CentralAsianPlaceFactory(
        name="Taschkent", country__code="UZ", latitude=41.3, longitude=69.27
    )
    samarkand = CentralAsianPlaceFactory(
        name="Samarkand", country__code="UZ", latitude=39.65, longitude=66.96
    )
    bishkek = CentralAsianPlaceFactory(
        name="Bischkek", country__code="KG", latitude=42.87, longitude=74.59
    )
    return {
        "berlin-tashkent": TwinningFactory(german_place=berlin, central_asian_place=tashkent),
        "bremen-samarkand": TwinningFactory(german_place=bremen, central_asian_place=samarkand),
        "berlin-bishkek": TwinningFactory(german_place=berlin, central_asian_place=bishkek),
        "draft": TwinningFactory(german_place=bremen, central_asian_place=bishkek, draft=True),
    }


def _svg(response) -> str:
    return str(response.context["map"].svg)


def test_home_map_draws_every_published_twinning(client, twinnings):
    svg = _svg(client.get(reverse("directory:home")))
    assert svg.count('class="map__arc"') == 3
    assert svg.count('class="map__point ') == 5
    assert twinnings["draft"].get_absolute_url() not in svg


def test_twinning_map_follows_the_country_filter(client, twinnings):
    response = client.get(reverse("directory:twinning-list"), {"country": "UZ"})
    svg = _svg(response)
    assert svg.count('class="map__arc"') == 2
    assert svg.count('class="map__point ') == 4  # Berlin, Bremen, Taschkent, Samarkand
    assert twinnings["berlin-bishkek"].get_absolute_url() not in svg


def test_twinning_map_follows_the_federal_state_filter(client, twinnings):
    response = client.get(reverse("directory:twinning-list"), {"state": "HB"})
    assert _svg(response).count('class="map__arc"') == 1


def test_twinning_map_links_each_arc_to_its_twinning(client, twinnings):
    svg = _svg(client.get(reverse("directory:twinning-list")))
    for key in ("berlin-tashkent", "bremen-samarkand", "berlin-bishkek"):
        assert f'href="{twinnings[key].get_absolute_url()}"' in svg


def test_map_has_a_table_beside_it(client, twinnings):
    response = client.get(reverse("directory:twinning-list"))
    assert "<caption" in response.text
    assert "Samarkand</th>" in response.text


def test_country_map_shows_seats_and_twinned_places(client, twinnings):
    almaty = CentralAsianPlaceFactory(name="Almaty", latitude=43.25, longitude=76.9)
    OrganisationFactory(seat=almaty)
    response = client.get(reverse("directory:country-detail", kwargs={"code": "kz"}))
    places = {place.name: place for place in response.context["map"].places}
    assert places["Almaty"].organisation_count == 1


def test_country_page_beyond_max_arcs_lists_twinnings_in_six_queries(
    client, twinnings, monkeypatch, django_assert_max_num_queries
):
    from directory.countries.profiles import PROFILE_QUERIES
    from directory.maps import data as mapdata
    from tests.test_query_counts import FUNDING_QUERIES

    monkeypatch.setattr(mapdata, "MAX_ARCS", 1)
    OrganisationFactory(seat=twinnings["berlin-tashkent"].central_asian_place)
    # Six for the map and lists, plus the country profile's facts and German presence, the open
    # calls and upcoming events, and the open partner requests.
    with django_assert_max_num_queries(6 + PROFILE_QUERIES + FUNDING_QUERIES + 1):
        response = client.get(reverse("directory:country-detail", kwargs={"code": "uz"}))

    assert response.context["map"].arcs_left_out
    assert "Berlin – Taschkent" in response.content.decode()


def test_place_without_coordinates_is_listed_as_such(client, twinnings):
    berlin = twinnings["berlin-tashkent"].german_place
    TwinningFactory(
        german_place=berlin, central_asian_place=CentralAsianPlaceFactory(name="Karakol")
    )
    response = client.get(reverse("directory:twinning-list"))
    assert "Karakol" in response.text
    assert [p.name for p in response.context["map"].places_without_coordinates] == ["Karakol"]


def test_twinning_page_shows_both_places_on_a_map(client, twinnings):
    response = client.get(twinnings["berlin-tashkent"].get_absolute_url())
    assert str(response.context["pair_map"]).count('class="map__point ') == 2


# Attributes and CSS through which a browser would load something, with the host they name.
SOURCE = re.compile(
    r"""(?:\bsrc|\bsrcset|\bdata|\baction|\bposter|<link[^>]*\bhref)\s*=\s*["']?\s*(?:https?:)?//([^/"'\s>]+)"""
    r"""|url\(\s*["']?\s*(?:https?:)?//([^/"'\s)]+)|@import\s+["']?(?:https?:)?//([^/"'\s;]+)""",
    re.IGNORECASE,
)
OWN_HOST = "testserver"


def foreign_sources(text: str) -> list[str]:
    hosts = (next(filter(None, match.groups())) for match in SOURCE.finditer(text))
    return [host for host in hosts if host != OWN_HOST]


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/organisations/",
        "/twinnings/",
        "/countries/kz/",
        "/countries/de/",
        "/fields/culture/",
        "/about/",
        "/imprint/",
        "/privacy/",
        "/suggest/",
    ],
)
def test_no_page_loads_anything_from_another_site(client, twinnings, url):
    organisation = OrganisationFactory(website="https://example.org/")
    for page in (
        url,
        organisation.get_absolute_url(),
        twinnings["berlin-tashkent"].get_absolute_url(),
    ):
        assert foreign_sources(client.get(page).text) == [], page


def test_no_static_file_loads_anything_from_another_site():
    for path in Path(settings.BASE_DIR, "static").rglob("*"):
        if path.suffix in {".css", ".js", ".svg", ".html"}:
            assert foreign_sources(path.read_text(encoding="utf-8")) == [], path


def test_source_check_would_catch_a_cdn():
    assert foreign_sources('<script src="https://cdn.example.org/x.js"></script>')
    assert foreign_sources('<link rel="stylesheet" href="//fonts.example.org/css">')
    assert foreign_sources("body { background: url('https://example.org/a.png') }")


def test_source_check_allows_links_and_the_site_itself():
    assert not foreign_sources('<a href="https://example.org/">Website</a>')
    assert not foreign_sources('<link rel="canonical" href="http://testserver/about/">')


def test_places_table_counts_the_organisations_based_in_berlin(client, twinnings):
    berlin = twinnings["berlin-tashkent"].german_place
    OrganisationFactory.create_batch(3, seat=berlin)
    response = client.get(reverse("directory:country-detail", kwargs={"code": "de"}))
    places = {place.name: place for place in response.context["map"].places}
    assert places["Berlin"].organisation_count == 3
    row = re.search(r'<th scope="row">Berlin</th>.*?</tr>', response.text, re.S).group(0)
    assert '<td class="num">3</td>' in row


def test_map_without_seats_shows_no_column_of_organisations(client, twinnings):
    OrganisationFactory(seat=twinnings["berlin-tashkent"].german_place)
    response = client.get(reverse("directory:home"))
    assert not response.context["map"].counts_seats
    assert "Organisationen mit Sitz hier" not in response.text


def test_home_page_does_not_list_places_missing_coordinates(client, twinnings):
    karakol = CentralAsianPlaceFactory(name="Karakol", country__code="KG")
    TwinningFactory(
        german_place=twinnings["berlin-tashkent"].german_place, central_asian_place=karakol
    )
    response = client.get(reverse("directory:home"))
    assert "Karakol" not in response.text
    assert "Koordinaten" not in response.text


def test_map_names_places_and_countries_in_the_page_language(client, twinnings):
    tashkent = twinnings["berlin-tashkent"].central_asian_place
    tashkent.name_ru = "Ташкент"
    tashkent.save()
    response = client.get("/ru/twinnings/")
    svg = _svg(response)
    assert ">Ташкент</text>" in svg  # the permanent label
    assert "<title>Ташкент (Узбекистан)" in svg  # the point's tooltip
    assert "<title>Узбекистан</title>" in svg  # the country's tooltip
    assert "<td>Узбекистан</td>" in response.text  # the table: a name, not the code "UZ"
    assert "<title>Uzbekistan</title>" not in svg


def test_german_map_names_countries_in_german(client, twinnings):
    svg = _svg(client.get(reverse("directory:twinning-list")))
    assert "<title>Kasachstan</title>" in svg
    assert "<title>Kazakhstan</title>" not in svg
    assert ">Taschkent</text>" in svg
