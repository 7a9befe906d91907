"""The API answers only in JSON: every error under /api/ is a problem details object (RFC 9457)
with the status, content type and headers its OpenAPI document promises."""

import json
import socket
from http import HTTPStatus
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connection, connections
from django.test import Client, RequestFactory

from tests.factories import (
    CallFactory,
    CountryFactFactory,
    EventFactory,
    OrganisationFactory,
    PartnerRequestFactory,
    ProgrammeFactory,
    TwinningFactory,
)
from zentralasien.views import server_error

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def assert_problem(response, status: HTTPStatus) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body = json.loads(response.content)
    assert body["type"] == "about:blank"
    assert body["title"] == status.phrase
    assert body["status"] == status
    assert isinstance(body["detail"], str)
    assert body["detail"]
    return body


@pytest.fixture
def csrf_client():
    """A client that enforces CSRF checks, as a browser or script without a token meets them."""
    return Client(enforce_csrf_checks=True)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_write_to_a_list_gives_405_problem_with_allow_not_the_csrf_page(csrf_client, method):
    response = getattr(csrf_client, method)("/api/organisations/")
    assert_problem(response, HTTPStatus.METHOD_NOT_ALLOWED)
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_write_to_a_record_gives_405_problem_with_allow(csrf_client):
    organisation = OrganisationFactory()
    response = csrf_client.post(f"/api/organisations/{organisation.slug}/", {"name": "x"})
    assert_problem(response, HTTPStatus.METHOD_NOT_ALLOWED)
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_write_to_a_json_record_gives_405_problem(csrf_client):
    organisation = OrganisationFactory()
    response = csrf_client.post(f"/organisations/{organisation.slug}.json")
    assert_problem(response, HTTPStatus.METHOD_NOT_ALLOWED)


def test_unknown_method_under_api_gives_405_problem_with_allow(client):
    response = client.generic("PROPFIND", "/api/organisations/")
    assert_problem(response, HTTPStatus.METHOD_NOT_ALLOWED)
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_options_names_the_allowed_methods(client):
    response = client.options("/api/twinnings/")
    assert response.status_code == HTTPStatus.NO_CONTENT
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "Content-Type" not in response


@pytest.mark.parametrize("path", ["/api/organisations/a%20b/", "/api/twinnings/%C3%BC%C3%A4/"])
def test_address_that_is_no_slug_gives_404_problem(client, path):
    assert_problem(client.get(path), HTTPStatus.NOT_FOUND)


@pytest.mark.parametrize("path", ["/api/nothing/", "/api/organisations/x/y/", "/api/v2"])
def test_unknown_api_address_gives_404_problem(client, path):
    assert_problem(client.get(path), HTTPStatus.NOT_FOUND)


def test_unknown_page_outside_the_api_keeps_the_html_404(client):
    response = client.get("/de/nothing/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response["Content-Type"].startswith("text/html")


def test_missing_published_record_gives_404_problem(client):
    assert_problem(client.get("/api/twinnings/none-such/"), HTTPStatus.NOT_FOUND)


def database_refuses():
    return mock.patch.object(
        type(connections["default"]),
        "ensure_connection",
        side_effect=OperationalError("connection refused"),
    )


def test_database_outage_gives_503_problem_with_retry_after(client):
    with database_refuses():
        response = client.get("/api/organisations/")
    body = assert_problem(response, HTTPStatus.SERVICE_UNAVAILABLE)
    assert response["Retry-After"] == "60"
    assert "connection refused" not in body["detail"]


def test_database_outage_on_a_json_record_gives_503_problem(client):
    with database_refuses():
        response = client.get("/organisations/some-slug.json")
    assert_problem(response, HTTPStatus.SERVICE_UNAVAILABLE)


def test_database_outage_outside_a_view_gives_503_problem():
    request = RequestFactory().get("/api/twinnings/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(request)
    assert_problem(response, HTTPStatus.SERVICE_UNAVAILABLE)
    assert response["Retry-After"] == "60"


def test_database_outage_outside_the_api_keeps_the_maintenance_page(client):
    with database_refuses():
        response = client.get("/de/")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Content-Type"].startswith("text/html")


@pytest.fixture
def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="an SQLite file has no server that can go down",
)
@pytest.mark.django_db(transaction=True)
def test_api_answers_503_problem_while_postgresql_is_down_and_recovers(client, closed_port):
    assert client.get("/api/organisations/").status_code == HTTPStatus.OK
    real = connection.settings_dict.copy()
    connection.close()  # the database server goes away ...
    connection.settings_dict.update(HOST="127.0.0.1", PORT=closed_port)
    try:
        down = client.get("/api/organisations/")
    finally:
        connection.settings_dict.update(real)  # ... and comes back
    assert_problem(down, HTTPStatus.SERVICE_UNAVAILABLE)
    assert down["Retry-After"] == "60"
    assert client.get("/api/organisations/").status_code == HTTPStatus.OK


def test_server_error_gives_500_problem(client):
    client.raise_request_exception = False
    with mock.patch(
        "directory.views.api.Country.objects.with_public_counts",
        side_effect=RuntimeError("a bug"),
    ):
        response = client.get("/api/countries/")
    body = assert_problem(response, HTTPStatus.INTERNAL_SERVER_ERROR)
    assert "a bug" not in body["detail"]


def test_bad_parameter_gives_400_problem_naming_the_parameter(client):
    response = client.get("/api/organisations/", {"kind": "no-such-kind"})
    body = assert_problem(response, HTTPStatus.BAD_REQUEST)
    assert list(body["errors"]) == ["kind"]


def test_nul_in_query_gives_400_problem(client):
    assert_problem(client.get("/api/organisations/?q=a%00b"), HTTPStatus.BAD_REQUEST)


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/organisations/", "sort"),
        ("/api/organisations/", "kind"),
        ("/api/organisations/", "country"),
        ("/api/organisations/", "page"),
        ("/api/organisations/", "page_size"),
        ("/api/twinnings/", "status"),
        ("/api/twinnings/", "kind"),
        ("/api/twinnings/", "sort"),
        *(
            ("/api/programmes/", name)
            for name in ("country", "field", "status", "sort", "page", "page_size", "format")
        ),
        *(
            ("/api/calls/", name)
            for name in ("state", "country", "field", "kind", "sort", "page", "page_size")
        ),
        *(
            ("/api/events/", name)
            for name in ("when", "country", "field", "kind", "sort", "page", "page_size")
        ),
        ("/api/country-facts/", "country"),
        *(("/api/partner-requests/", name) for name in ("country", "field", "kind", "format")),
    ],
)
def test_empty_parameter_value_gives_400_problem_naming_it(client, path, name):
    body = assert_problem(client.get(f"{path}?{name}="), HTTPStatus.BAD_REQUEST)
    assert list(body["errors"]) == [name]


@pytest.mark.parametrize(
    ("path", "factory"),
    [
        ("/api/organisations/", OrganisationFactory),
        ("/api/programmes/", ProgrammeFactory),
        ("/api/calls/", CallFactory),
        ("/api/events/", EventFactory),
    ],
)
def test_empty_search_is_no_search(client, path, factory):
    factory.create_batch(2)
    response = client.get(f"{path}?q=")
    assert response.status_code == HTTPStatus.OK
    assert response.json()["count"] == 2


@pytest.mark.parametrize(
    ("path", "factory"),
    [
        ("/api/country-facts/", CountryFactFactory),
        ("/api/partner-requests/", lambda: PartnerRequestFactory(public=True)),
    ],
)
def test_list_without_parameters_answers_200(client, path, factory):
    """The two small lists take only filters; without any they list everything public."""
    factory()
    response = client.get(path)
    assert response.status_code == HTTPStatus.OK
    assert len(response.json()["results"]) == 1


@pytest.mark.parametrize(
    ("path", "factory"),
    [
        ("/api/organisations/", OrganisationFactory),
        ("/api/twinnings/", TwinningFactory),
        ("/api/programmes/", ProgrammeFactory),
        ("/api/calls/", CallFactory),
        ("/api/events/", EventFactory),
    ],
)
def test_relevance_without_search_gives_the_default_order(client, path, factory):
    factory.create_batch(3)
    default = client.get(path).json()["results"]
    response = client.get(path, {"sort": "relevance"})
    assert response.status_code == HTTPStatus.OK
    assert response.json()["results"] == default


def test_unknown_sort_gives_400_problem(client):
    body = assert_problem(
        client.get("/api/organisations/", {"sort": "shoe-size"}), HTTPStatus.BAD_REQUEST
    )
    assert list(body["errors"]) == ["sort"]


def test_openapi_documents_every_error_answer_as_a_problem(client):
    document = client.get("/api/openapi.json").json()
    for path, methods in document["paths"].items():
        responses = methods["get"]["responses"]
        for status in ("400", "500", "503"):
            content = responses[status]["content"]
            assert list(content) == [PROBLEM], (path, status)
        assert responses["503"]["headers"]["Retry-After"]["required"] is True
    problem = document["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail"}


@pytest.mark.parametrize(
    "path",
    ["/api/organisations/", "/api/twinnings/", "/api/programmes/", "/api/calls/", "/api/events/"],
)
def test_openapi_lists_relevance_and_documents_it_without_q(client, path):
    document = client.get("/api/openapi.json").json()
    parameters = document["paths"][path]["get"]["parameters"]
    sort = next(parameter for parameter in parameters if parameter["name"] == "sort")
    assert "relevance" in sort["schema"]["enum"]
    assert "" not in sort["schema"]["enum"]
