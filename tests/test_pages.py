"""The static pages and the error pages render in the site's design."""

from http import HTTPStatus

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["home", "about", "imprint", "privacy"])
def test_page_renders_with_one_h1(client, name):
    response = client.get(reverse(f"directory:{name}"))
    assert response.status_code == HTTPStatus.OK
    assert response.text.count("<h1") == 1


def test_unknown_path_gives_the_designed_404_page(client):
    response = client.get("/does-not-exist/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert 'id="main"' in response.text


@pytest.mark.parametrize("template", ["400.html", "500.html", "503.html"])
def test_error_page_renders_without_context(template):
    html = render_to_string(template)
    assert "<h1" in html
    assert "/static/css/site.css" in html


@pytest.mark.urls("tests.error_urls")
def test_server_error_gives_the_designed_500_page(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert "500.html" in [template.name for template in response.templates]
    assert "/static/css/site.css" in response.text
