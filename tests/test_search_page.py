"""The site-wide search page and the highlight filter."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from directory.templatetags.search_tags import highlight
from tests.factories import (
    CentralAsianPlaceFactory,
    CountryFactory,
    OrganisationFactory,
    PlaceAliasFactory,
    TwinningFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("directory:search")


@pytest.fixture
def dushanbe():
    place = CentralAsianPlaceFactory(name="Duschanbe", country=CountryFactory(code="TJ"))
    PlaceAliasFactory(place=place, name="Душанбе")
    return place


def make_entries(place, count):
    for n in range(count):
        OrganisationFactory(name=f"Verein {n} Duschanbe", seat=place, countries=[place.country])
        TwinningFactory(central_asian_place=place)


def test_results_are_grouped_by_organisations_twinnings_and_places(client, dushanbe):
    make_entries(dushanbe, 1)
    response = client.get(URL, {"q": "Душанбе"})
    assert response.status_code == HTTPStatus.OK
    assert [org.name for org in response.context["organisations"]] == ["Verein 0 Duschanbe"]
    assert len(response.context["twinnings"]) == 1
    assert [place.name for place in response.context["places"]] == ["Duschanbe"]


def test_place_result_counts_public_entries_and_links_to_the_lists(client, dushanbe):
    make_entries(dushanbe, 2)
    OrganisationFactory(seat=dushanbe, draft=True)
    response = client.get(URL, {"q": "Dushanbe"})
    place = response.context["places"][0]
    assert (place.organisation_count, place.twinning_count) == (2, 2)
    assert f"{reverse('directory:organisation-list')}?q=Duschanbe" in response.content.decode()


def test_place_without_public_entries_is_not_a_result(client, dushanbe):
    OrganisationFactory(seat=dushanbe, draft=True)
    response = client.get(URL, {"q": "Duschanbe"})
    assert list(response.context["places"]) == []


def test_drafts_are_not_shown(client, dushanbe):
    OrganisationFactory(name="Entwurf Duschanbe", seat=dushanbe, draft=True)
    TwinningFactory(central_asian_place=dushanbe, draft=True)
    response = client.get(URL, {"q": "Duschanbe"})
    assert list(response.context["organisations"]) == []
    assert list(response.context["twinnings"]) == []
    assert "Entwurf" not in response.content.decode()


def test_more_results_than_shown_link_to_the_filtered_list(client, dushanbe):
    make_entries(dushanbe, 11)
    response = client.get(URL, {"q": "Verein"})
    assert len(response.context["organisations"]) == 10
    assert response.context["organisation_total"] == 11
    assert f"{reverse('directory:organisation-list')}?q=Verein" in response.content.decode()


def test_matched_words_are_highlighted(client, dushanbe):
    make_entries(dushanbe, 1)
    response = client.get(URL, {"q": "Dushanbe"})
    assert "<mark>Duschanbe</mark>" in response.content.decode()


@pytest.mark.parametrize("count", [1, 12])
def test_query_count_does_not_grow_with_results(
    client, dushanbe, count, django_assert_max_num_queries
):
    make_entries(dushanbe, count)
    with django_assert_max_num_queries(12):
        response = client.get(URL, {"q": "Duschanbe"})
    assert response.status_code == HTTPStatus.OK


def test_empty_query_shows_the_form_only(client):
    response = client.get(URL)
    assert response.status_code == HTTPStatus.OK
    assert "organisations" not in response.context


@pytest.mark.parametrize("q", ["a" * 10_000, "usbek:* & !(bonn)", "'; DROP TABLE x; --", "🎉 שלום"])
def test_hostile_query_gives_a_page(client, q):
    OrganisationFactory()
    assert client.get(URL, {"q": q}).status_code == HTTPStatus.OK


def test_nul_byte_in_query_gets_the_bad_request_page(client):
    assert client.get(URL, {"q": "Bonn\x00"}).status_code == HTTPStatus.BAD_REQUEST


def test_query_is_escaped_in_the_page(client):
    response = client.get(URL, {"q": "<script>alert(1)</script>"})
    assert "<script>alert(1)" not in response.content.decode()


def test_highlight_marks_a_word_in_another_script():
    assert highlight("DAAD Duschanbe", "Душанбе") == "DAAD <mark>Duschanbe</mark>"


def test_highlight_marks_a_compound_by_its_beginning():
    assert highlight("Umweltschutz in Zentralasien", "Umwelt") == (
        "<mark>Umweltschutz</mark> in Zentralasien"
    )


def test_highlight_escapes_the_text():
    assert (
        highlight("<b>Bonn</b> & Köln", "Bonn") == "&lt;b&gt;<mark>Bonn</mark>&lt;/b&gt; &amp; Köln"
    )


def test_highlight_without_query_only_escapes():
    assert highlight("<i>Bonn</i>", "") == "&lt;i&gt;Bonn&lt;/i&gt;"
