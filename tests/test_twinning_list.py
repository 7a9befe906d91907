"""The twinning list: search by either town in any spelling, filters with counts."""

import pytest
from django.urls import reverse

from tests.factories import (
    CentralAsianPlaceFactory,
    GermanPlaceFactory,
    PlaceAliasFactory,
    TwinningFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("directory:twinning-list")


def titles(response) -> list[str]:
    return [str(twinning) for twinning in response.context["page_obj"].object_list]


def facet(response, name: str) -> dict[str, int]:
    facets = {f.name: f for f in response.context["facets"]}
    return {option.value: option.count for option in facets[name].options}


def twinning(de: str, ca: str, *, country: str = "KZ", state: str = "BE", **kwargs):
    return TwinningFactory(
        german_place=GermanPlaceFactory(name=de, federal_state=state),
        central_asian_place=CentralAsianPlaceFactory(name=ca, country__code=country),
        **kwargs,
    )


def test_lists_published_twinnings_only(client):
    twinning("Berlin", "Taschkent", country="UZ")
    twinning("Köln", "Almaty", publication_status="draft")
    response = client.get(URL)
    assert titles(response) == ["Berlin – Taschkent"]
    assert "Almaty" not in response.text


def test_central_asian_country_filter(client):
    twinning("Berlin", "Taschkent", country="UZ")
    twinning("Bonn", "Almaty", country="KZ")
    assert titles(client.get(URL, {"country": "UZ"})) == ["Berlin – Taschkent"]


def test_federal_state_filter(client):
    twinning("München", "Almaty", state="BY")
    twinning("Berlin", "Taschkent", state="BE")
    assert titles(client.get(URL, {"state": "BY"})) == ["München – Almaty"]


def test_kind_filter(client):
    twinning("Bonn", "Buchara", kind="project")
    twinning("Berlin", "Taschkent", kind="twinning")
    assert titles(client.get(URL, {"kind": "project"})) == ["Bonn – Buchara"]


def test_status_filter(client):
    twinning("Bonn", "Buchara", status="planned")
    twinning("Berlin", "Taschkent", status="active")
    assert titles(client.get(URL, {"status": "planned"})) == ["Bonn – Buchara"]


def test_status_and_kind_filters_must_both_match(client):
    twinning("Bonn", "Buchara", status="planned", kind="project")
    twinning("Berlin", "Taschkent", status="planned", kind="twinning")
    twinning("Bremen", "Samarkand", status="active", kind="project")
    response = client.get(URL, {"status": "planned", "kind": "project"})
    assert titles(response) == ["Bonn – Buchara"]


def test_search_finds_the_central_asian_town_by_another_spelling(client):
    found = twinning("Berlin", "Taschkent", country="UZ")
    PlaceAliasFactory(place=found.central_asian_place, name="Ташкент")
    twinning("Bonn", "Buchara", country="UZ")
    assert titles(client.get(URL, {"q": "Ташкент"})) == ["Berlin – Taschkent"]


def test_search_finds_the_german_town(client):
    twinning("Reutlingen", "Duschanbe", country="TJ")
    twinning("Bonn", "Buchara", country="UZ")
    assert titles(client.get(URL, {"q": "Reutlingen"})) == ["Reutlingen – Duschanbe"]


def test_facet_counts_under_the_other_filters(client):
    twinning("Bonn", "Buchara", country="UZ", status="planned")
    twinning("Berlin", "Taschkent", country="UZ", status="active")
    twinning("Reutlingen", "Duschanbe", country="TJ", status="active")
    response = client.get(URL, {"status": "active"})
    assert facet(response, "country") == {"TJ": 1, "UZ": 1}
    assert facet(response, "status") == {"active": 2, "planned": 1}


def test_shows_how_many_twinnings_were_found(client):
    twinning("Berlin", "Taschkent", country="UZ")
    twinning("Bonn", "Buchara", country="UZ")
    assert "2 twinnings found" in client.get(URL).text


def test_card_shows_both_places_kind_status_and_year(client):
    twinning("Bremen", "Samarkand", country="UZ", established_year=2003)
    text = client.get(URL).text
    for expected in ["Bremen – Samarkand", "Town twinning", "Active", "2003", "Usbekistan"]:
        assert expected in text
