"""The organisation list: search, facet filters with counts, chips, sorting, pagination."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.factories import (
    CooperationFieldFactory,
    CountryFactory,
    GermanPlaceFactory,
    OrganisationFactory,
    PlaceFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("directory:organisation-list")


def names(response) -> list[str]:
    return [organisation.name for organisation in response.context["page_obj"].object_list]


def facet(response, name: str) -> dict[str, int]:
    facets = {f.name: f for f in response.context["facets"]}
    return {option.value: option.count for option in facets[name].options}


@pytest.fixture
def kz():
    return CountryFactory(code="KZ")


@pytest.fixture
def uz():
    return CountryFactory(code="UZ")


@pytest.fixture
def culture():
    return CooperationFieldFactory(slug="culture")


@pytest.fixture
def environment():
    return CooperationFieldFactory(slug="environment")


def test_lists_published_organisations_only(client):
    OrganisationFactory(name="Öffentlich")
    OrganisationFactory(name="Entwurf", draft=True)
    response = client.get(URL)
    assert names(response) == ["Öffentlich"]
    assert "Entwurf" not in response.text


def test_shows_how_many_organisations_were_found(client):
    OrganisationFactory.create_batch(3)
    response = client.get(URL)
    assert "3 Organisationen gefunden" in response.text


def test_card_shows_name_acronym_kind_seat_countries_fields_and_description(client, kz, culture):
    OrganisationFactory(
        name="Deutsch-Kasachische Gesellschaft",
        acronym="DKG",
        kind="association",
        seat=GermanPlaceFactory(name="Berlin"),
        countries=[kz],
        fields=[culture],
        description="Pflegt Kultur und Kontakte.",
    )
    text = client.get(URL).text
    for expected in ["Deutsch-Kasachische Gesellschaft", "(DKG)", "Verein", "Berlin"]:
        assert expected in text
    for expected in ["Kasachstan", culture.name, "Pflegt Kultur und Kontakte."]:
        assert expected in text


def test_country_filter_keeps_organisations_active_there(client, kz, uz):
    OrganisationFactory(name="KZ", countries=[kz])
    OrganisationFactory(name="UZ", countries=[uz])
    assert names(client.get(URL, {"country": "KZ"})) == ["KZ"]


def test_several_values_of_one_filter_are_alternatives(client, kz, uz):
    OrganisationFactory(name="KZ", countries=[kz])
    OrganisationFactory(name="UZ", countries=[uz])
    OrganisationFactory(name="Keins")
    assert names(client.get(URL, {"country": ["KZ", "UZ"]})) == ["KZ", "UZ"]


def test_organisation_in_two_chosen_countries_is_listed_once(client, kz, uz):
    OrganisationFactory(name="Beide", countries=[kz, uz])
    response = client.get(URL, {"country": ["KZ", "UZ"]})
    assert names(response) == ["Beide"]
    assert response.context["total"] == 1


def test_different_filters_must_all_match(client, kz, culture, environment):
    OrganisationFactory(name="Treffer", countries=[kz], fields=[culture])
    OrganisationFactory(name="Falsches Feld", countries=[kz], fields=[environment])
    OrganisationFactory(name="Falsches Land", fields=[culture])
    assert names(client.get(URL, {"country": "KZ", "field": "culture"})) == ["Treffer"]


def test_kind_filter(client):
    OrganisationFactory(name="Stiftung", kind="foundation")
    OrganisationFactory(name="Verein", kind="association")
    assert names(client.get(URL, {"kind": "foundation"})) == ["Stiftung"]


def test_seat_country_filter(client):
    OrganisationFactory(name="In Almaty", seat=PlaceFactory(country=CountryFactory(code="KZ")))
    OrganisationFactory(name="In Berlin")
    assert names(client.get(URL, {"seat": "KZ"})) == ["In Almaty"]


def test_federal_state_filter(client):
    OrganisationFactory(name="Bayern", seat=GermanPlaceFactory(federal_state="BY"))
    OrganisationFactory(name="Berlin", seat=GermanPlaceFactory(federal_state="BE"))
    assert names(client.get(URL, {"state": "BY"})) == ["Bayern"]


def test_search_narrows_the_list(client):
    OrganisationFactory(name="Seidenstraße e.V.")
    OrganisationFactory(name="Andere Gesellschaft")
    assert names(client.get(URL, {"q": "Seidenstraße"})) == ["Seidenstraße e.V."]


def test_search_combines_with_filters(client, kz):
    OrganisationFactory(name="Seidenstraße KZ", countries=[kz])
    OrganisationFactory(name="Seidenstraße ohne Land")
    assert names(client.get(URL, {"q": "Seidenstraße", "country": "KZ"})) == ["Seidenstraße KZ"]


def test_facet_counts_each_option_under_the_other_filters(client, kz, uz, culture, environment):
    OrganisationFactory(countries=[kz], fields=[culture])
    OrganisationFactory(countries=[kz, uz], fields=[culture])
    OrganisationFactory(countries=[uz], fields=[environment])
    response = client.get(URL, {"field": "culture"})
    assert facet(response, "country") == {"KZ": 2, "UZ": 1}


def test_facet_ignores_its_own_filter(client, kz, uz):
    OrganisationFactory(countries=[kz])
    OrganisationFactory(countries=[uz])
    response = client.get(URL, {"country": "KZ"})
    assert facet(response, "country") == {"KZ": 1, "UZ": 1}


def test_facet_counts_follow_the_search(client):
    OrganisationFactory(name="Seidenstraße", kind="foundation")
    OrganisationFactory(name="Andere", kind="association")
    response = client.get(URL, {"q": "Seidenstraße"})
    assert facet(response, "kind") == {"foundation": 1}


def test_facet_leaves_out_options_without_results(client, kz):
    OrganisationFactory(countries=[kz])
    CountryFactory(code="TM")
    assert "TM" not in facet(client.get(URL), "country")


def test_chosen_option_without_results_stays_visible_to_be_unticked(client, kz):
    OrganisationFactory(countries=[kz], kind="association")
    response = client.get(URL, {"country": "KZ", "kind": "foundation"})
    assert facet(response, "country") == {"KZ": 0}
    assert 'value="KZ" checked' in response.text


def test_facet_counts_ignore_drafts(client, kz):
    OrganisationFactory(countries=[kz])
    OrganisationFactory(countries=[kz], draft=True)
    assert facet(client.get(URL), "country") == {"KZ": 1}


def test_total_count_ignores_drafts(client):
    OrganisationFactory()
    OrganisationFactory(draft=True)
    assert client.get(URL).context["total"] == 1


def test_each_active_filter_is_a_chip_that_removes_only_itself(client, kz, culture):
    OrganisationFactory(countries=[kz], fields=[culture])
    response = client.get(URL, {"country": "KZ", "field": "culture", "q": "Verein"})
    filterset = response.context["filterset"]
    chips = {chip.value_label: chip.remove_url for chip in filterset.active_filters}
    assert chips["Kasachstan"] == "?q=Verein&field=culture"
    assert chips[culture.name] == "?q=Verein&country=KZ"
    assert chips["Verein"] == "?country=KZ&field=culture"


def test_reset_link_clears_everything(client, kz):
    OrganisationFactory(countries=[kz])
    response = client.get(URL, {"country": "KZ"})
    assert f'<a href="{URL}">' in response.text


def test_filter_form_keeps_the_search_and_the_search_form_keeps_the_filters(client, kz):
    OrganisationFactory(countries=[kz])
    response = client.get(URL, {"country": "KZ", "q": "Verein", "sort": "name"})
    filterset = response.context["filterset"]
    assert filterset.hidden_for_filters == [("q", "Verein"), ("sort", "name")]
    assert filterset.hidden_for_search == [("country", "KZ"), ("sort", "name")]


def test_sorted_by_name_without_a_search(client):
    OrganisationFactory(name="Zeta")
    OrganisationFactory(name="Alpha")
    assert names(client.get(URL)) == ["Alpha", "Zeta"]


def test_sort_by_recently_verified_puts_unverified_last(client):
    OrganisationFactory(name="Alt", last_verified=datetime.date(2020, 1, 1))
    OrganisationFactory(name="Nie")
    OrganisationFactory(name="Neu", last_verified=datetime.date(2026, 1, 1))
    assert names(client.get(URL, {"sort": "verified"})) == ["Neu", "Alt", "Nie"]


def test_relevance_is_the_default_order_when_searching(client):
    OrganisationFactory(name="Seidenstraße")
    response = client.get(URL, {"q": "Seidenstraße"})
    assert response.context["filterset"].sort == "relevance"


def test_relevance_is_not_offered_without_a_search(client):
    OrganisationFactory()
    OrganisationFactory()
    response = client.get(URL, {"sort": "relevance"})
    assert response.context["filterset"].sort == "name"
    assert "Relevance" not in [link.label for link in response.context["filterset"].sort_links]


def test_pages_hold_25_organisations(client):
    OrganisationFactory.create_batch(26)
    first, second = client.get(URL), client.get(URL, {"page": 2})
    assert len(names(first)) == 25
    assert len(names(second)) == 1


def test_pagination_links_keep_the_filters(client, kz):
    OrganisationFactory.create_batch(26, countries=[kz])
    response = client.get(URL, {"country": "KZ"})
    assert 'href="?country=KZ&amp;page=2"' in response.text


def test_empty_result_explains_what_to_do(client):
    OrganisationFactory(name="Verein")
    response = client.get(URL, {"q": "nichtsdergleichen"})
    assert response.status_code == HTTPStatus.OK
    assert "0 Organisationen gefunden" in response.text
    assert 'class="empty-state"' in response.text


def test_page_has_one_h1_and_labelled_search_box(client):
    response = client.get(URL)
    assert response.text.count("<h1") == 1
    assert '<label for="organisation-search-q">' in response.text


def test_country_code_in_lower_case_filters_like_the_code(client):
    kazakhstan = CountryFactory(code="KZ", name="Kasachstan", is_focus=True)
    OrganisationFactory(name="In Kasachstan", countries=[kazakhstan])
    OrganisationFactory(name="Anderswo")

    response = client.get(reverse("directory:organisation-list") + "?country=kz")

    assert [org.name for org in response.context["object_list"]] == ["In Kasachstan"]


def test_api_takes_a_country_code_in_lower_case(client):
    kazakhstan = CountryFactory(code="KZ", name="Kasachstan", is_focus=True)
    OrganisationFactory(name="In Kasachstan", countries=[kazakhstan])
    OrganisationFactory(name="Anderswo")

    response = client.get(reverse("data:api-organisation-list") + "?country=kz")

    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["In Kasachstan"]
