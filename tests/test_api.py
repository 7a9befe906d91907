"""The read-only JSON API: pagination, bad input, headers, published data only, OpenAPI."""

import json
from http import HTTPStatus

import pytest
from django.urls import reverse
from openapi_spec_validator import validate

from tests.factories import CountryFactory, OrganisationFactory, SourceFactory, TwinningFactory

pytestmark = pytest.mark.django_db

ORGANISATIONS_URL = "/api/organisations/"


def test_list_links_next_and_previous_pages_with_absolute_urls(client):
    OrganisationFactory.create_batch(3)
    data = client.get(ORGANISATIONS_URL, {"page_size": 1, "page": 2}).json()
    assert data["count"] == 3
    assert data["next"] == "http://testserver/api/organisations/?page_size=1&page=3"
    assert data["previous"] == "http://testserver/api/organisations/?page_size=1&page=1"


def test_last_page_has_no_next_link(client):
    OrganisationFactory.create_batch(2)
    data = client.get(ORGANISATIONS_URL, {"page_size": 2}).json()
    assert data["next"] is None
    assert data["previous"] is None


def test_huge_page_number_is_a_page_after_the_last(client):
    response = client.get(ORGANISATIONS_URL, {"page": "9" * 5000})
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_page_number_with_leading_zeros_is_that_number(client):
    OrganisationFactory()
    assert client.get(ORGANISATIONS_URL, {"page": "0" * 50 + "1"}).json()["page"] == 1


def test_huge_page_size_is_capped(client):
    assert client.get(ORGANISATIONS_URL, {"page_size": "9" * 5000}).json()["page_size"] == 100


def test_page_size_above_the_maximum_is_capped(client):
    data = client.get(ORGANISATIONS_URL, {"page_size": 5000}).json()
    assert data["page_size"] == 100


@pytest.mark.parametrize(
    "params",
    [
        {"page": "-1"},
        {"page": "0"},
        {"page": "abc"},
        {"page_size": "0"},
        {"page_size": "-5"},
        {"page_size": "1e3"},
        {"page": " 2"},
        {"page": "1_0"},
        {"page": "٢"},
        {"format": "xml"},
        {"q": "Verein\x00"},
    ],
)
def test_bad_parameters_give_400_with_a_json_problem(client, params):
    response = client.get(ORGANISATIONS_URL, params)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == HTTPStatus.BAD_REQUEST


def test_page_after_the_last_gives_404_with_a_json_problem(client):
    response = client.get(ORGANISATIONS_URL, {"page": 999999})
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json()["status"] == HTTPStatus.NOT_FOUND


def test_page_after_the_last_says_how_many_pages_there_are(client):
    OrganisationFactory.create_batch(3)
    response = client.get(ORGANISATIONS_URL, {"page": 9, "page_size": 2}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == "There is no page 9: the list has 2 pages."


def test_empty_list_is_a_valid_first_page(client):
    data = client.get(ORGANISATIONS_URL).json()
    assert data == {
        "count": 0,
        "page": 1,
        "page_size": 25,
        "next": None,
        "previous": None,
        "results": [],
    }


def test_list_never_contains_drafts(client):
    OrganisationFactory(slug="offen")
    OrganisationFactory(slug="entwurf", draft=True)
    slugs = [record["slug"] for record in client.get(ORGANISATIONS_URL).json()["results"]]
    assert slugs == ["offen"]


def test_twinning_list_never_contains_drafts(client):
    TwinningFactory(slug="offen")
    TwinningFactory(slug="entwurf", draft=True)
    slugs = [record["slug"] for record in client.get("/api/twinnings/").json()["results"]]
    assert slugs == ["offen"]


@pytest.mark.parametrize("kind", ["organisation", "twinning"])
def test_draft_record_is_not_found(client, kind):
    factory = OrganisationFactory if kind == "organisation" else TwinningFactory
    draft = factory(draft=True)
    for name in (f"data:{kind}-json", f"data:api-{kind}-detail"):
        response = client.get(reverse(name, kwargs={"slug": draft.slug}))
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert response["Content-Type"] == "application/problem+json"


def test_record_json_equals_the_api_record(client):
    organisation = OrganisationFactory()
    suffix = client.get(reverse("data:organisation-json", kwargs={"slug": organisation.slug}))
    api = client.get(reverse("data:api-organisation-detail", args=[organisation.slug]))
    assert suffix.json() == api.json()
    assert suffix.json()["slug"] == organisation.slug


def test_answers_send_json_content_type_and_caching_headers(client):
    response = client.get(ORGANISATIONS_URL)
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("number", [1, 30])
def test_list_needs_the_same_number_of_queries_for_any_page_size(
    client, django_assert_max_num_queries, number
):
    for organisation in OrganisationFactory.create_batch(number):
        organisation.networks.set([OrganisationFactory()])
        SourceFactory(organisation=organisation)
    with django_assert_max_num_queries(7):  # sources: one prefetch query
        client.get(ORGANISATIONS_URL, {"page_size": 100})


def test_twinning_list_needs_few_queries(client, django_assert_max_num_queries):
    for twinning in TwinningFactory.create_batch(20):
        twinning.organisations.set([OrganisationFactory()])
        SourceFactory(organisation=None, twinning=twinning)
    with django_assert_max_num_queries(5):  # sources: one prefetch query
        client.get("/api/twinnings/", {"page_size": 100})


def test_openapi_document_validates(client):
    response = client.get(reverse("data:api-openapi"))
    validate(json.loads(response.content))


def test_list_answer_has_the_keys_the_openapi_document_requires(client):
    OrganisationFactory()
    document = client.get(reverse("data:api-openapi")).json()
    page = client.get(ORGANISATIONS_URL).json()
    schemas = document["components"]["schemas"]
    assert set(page) == set(schemas["OrganisationPage"]["required"])
    assert set(page["results"][0]) == set(schemas["Organisation"]["required"])


def test_api_index_links_every_list(client):
    data = client.get(reverse("data:api-index")).json()
    for name in ("organisations", "twinnings", "countries", "fields", "openapi"):
        assert client.get(data[name]).status_code == HTTPStatus.OK


def test_api_docs_page_renders_every_endpoint(client):
    response = client.get(reverse("directory:api-docs"))
    assert response.status_code == HTTPStatus.OK
    for path in ("/api/organisations/", "/api/twinnings/{slug}/", "/api/fields/"):
        assert f"GET {path}" in response.text


def test_list_takes_the_filters_of_the_page(client):
    OrganisationFactory(slug="in-kasachstan", countries=[CountryFactory(code="KZ")])
    OrganisationFactory(slug="in-usbekistan", countries=[CountryFactory(code="UZ")])
    data = client.get(ORGANISATIONS_URL, {"country": "KZ"}).json()
    assert [record["slug"] for record in data["results"]] == ["in-kasachstan"]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"country": "XX"}, "country"),
        ({"kind": "club"}, "kind"),
        ({"sort": "random"}, "sort"),
        ({"field": "x" * 10_000}, "field"),
    ],
)
def test_unknown_filter_value_gives_400_naming_the_parameter(client, params, parameter):
    response = client.get(ORGANISATIONS_URL, params)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert list(response.json()["errors"]) == [parameter]


def test_twinning_list_rejects_an_unknown_status(client):
    response = client.get("/api/twinnings/", {"status": "forgotten"})
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_openapi_document_lists_the_filters_of_the_page(client):
    document = client.get(reverse("data:api-openapi")).json()
    parameters = document["paths"]["/api/organisations/"]["get"]["parameters"]
    names = [parameter["name"] for parameter in parameters]
    assert names == [
        "q",
        "country",
        "field",
        "kind",
        "seat",
        "state",
        "sort",
        "page",
        "page_size",
        "format",
    ]


def test_api_is_read_only(client):
    response = client.delete(ORGANISATIONS_URL)
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert response["Allow"] == "GET, HEAD, OPTIONS"
