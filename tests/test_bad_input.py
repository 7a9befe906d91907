"""Bad input never gives a server error: it is cleaned, ignored, or answered with 404."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.factories import CountryFactory, OrganisationFactory, TwinningFactory

pytestmark = pytest.mark.django_db

LISTS = [reverse("directory:organisation-list"), reverse("directory:twinning-list")]


@pytest.fixture(autouse=True)
def entries():
    OrganisationFactory(name="Verein", countries=[CountryFactory(code="KZ")])
    TwinningFactory()


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "999999"},
        {"page": "-1"},
        {"q": "x" * 10_000},
        {"q": "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ̸̢ \u202e\ufeff 🇰🇿 %_\\"},
        {"country": "XX"},
        {"kind": "x" * 5000},
        {"sort": "-id; DROP TABLE"},
    ],
)
def test_list_answers_bad_input_with_a_page(client, url, params):
    assert client.get(url, params).status_code == HTTPStatus.OK


def test_unknown_filter_value_is_ignored_with_a_notice(client):
    response = client.get(LISTS[0], {"country": ["KZ", "XX"]})
    assert [o.name for o in response.context["page_obj"].object_list] == ["Verein"]
    assert "were not recognised and have been ignored" in response.text


def test_page_past_the_end_shows_the_last_page(client):
    response = client.get(LISTS[0], {"page": "999999"})
    assert response.context["page_obj"].number == 1
    assert [o.name for o in response.context["page_obj"].object_list] == ["Verein"]


@pytest.mark.parametrize("params", [{"q": "Ver\x00ein"}, {"q": "\x00"}, {"country": "\x00"}])
def test_nul_bytes_get_the_designed_bad_request_page(client, params):
    response = client.get(LISTS[0], params)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "<h1>" in response.text
    assert "/static/css/site.css" in response.text


def test_overlong_search_is_shortened(client):
    response = client.get(LISTS[0], {"q": "x" * 10_000})
    assert len(response.context["filterset"].query) <= 200


@pytest.mark.parametrize(
    "url",
    [
        "/organisations/does-not-exist/",
        "/twinnings/does-not-exist/",
        "/countries/xx/",
        "/countries/" + "k" * 500 + "/",
        "/fields/does-not-exist/",
        "/organisations/%D0%BE%D0%B1%D1%89%D0%B5%D1%81%D1%82%D0%B2%D0%BE/",
    ],
)
def test_unknown_address_gives_the_designed_404_page(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "404.html" in [template.name for template in response.templates]
    assert 'id="main"' in response.text


def test_draft_organisation_detail_is_not_found(client):
    draft = OrganisationFactory(draft=True)
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_draft_twinning_detail_is_not_found(client):
    draft = TwinningFactory(draft=True)
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
