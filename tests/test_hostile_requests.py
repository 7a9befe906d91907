"""Requests no browser sends: invalid UTF-8 in a form body, a made-up port in the Host header."""

import json
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from directory.models import Suggestion
from tests.factories import OrganisationFactory
from zentralasien import middleware

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"


def test_invalid_utf8_in_a_form_body_is_refused_and_nothing_stored(client):
    body = b"kind=correction&subject=Verein&message=Kaputt%FF%FE&consent=on"
    response = client.post(reverse("directory:suggest"), body, content_type=FORM)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Suggestion.objects.exists()


def test_invalid_utf8_in_a_field_name_is_refused(client):
    response = client.post(reverse("directory:suggest"), b"%C3%28=1", content_type=FORM)
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_valid_utf8_form_body_is_accepted(client):
    body = "subject=Общество+Köln&message=x".encode()
    response = client.post(reverse("directory:suggest"), body, content_type=FORM)
    assert response.status_code == HTTPStatus.OK  # the form, with its errors (no consent)


def test_utf8_encoded_percent_signs_and_plus_are_accepted(client):
    body = b"subject=%D0%9E%D0%B1+%25FF+100%25&message=x"
    response = client.post(reverse("directory:suggest"), body, content_type=FORM)
    assert response.status_code == HTTPStatus.OK


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://testserver"
    settings.SECURE_PROXY_SSL_HEADER = None
    return settings.SITE_URL


def test_unexpected_port_is_refused_when_site_url_is_set(site_url):
    response = Client().get(reverse("directory:home"), headers={"host": "testserver:8443"})
    assert response.status_code == HTTPStatus.BAD_REQUEST


@pytest.mark.parametrize("host", ["testserver", "testserver:443"])
def test_site_port_or_no_port_is_answered(site_url, host):
    response = Client().get(reverse("directory:home"), headers={"host": host})
    assert response.status_code == HTTPStatus.OK


def test_absolute_urls_never_carry_a_made_up_port(site_url):
    organisation = OrganisationFactory()
    url = reverse("data:api-organisation-detail", args=[organisation.slug])
    refused = Client().get(url, headers={"host": "testserver:8443"})
    answered = Client().get(url, headers={"host": "testserver"})
    assert refused.status_code == HTTPStatus.BAD_REQUEST
    assert ":8443" not in refused.text
    assert json.loads(answered.content)["url"].startswith("http://testserver/")


def test_without_site_url_every_port_is_answered(client):
    response = client.get(reverse("directory:home"), headers={"host": "testserver:8443"})
    assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    ("host", "port"),
    [("example.org", None), ("example.org:8443", 8443), ("[::1]", None), ("[::1]:80", 80)],
)
def test_explicit_port_is_read_from_the_host_header(host, port):
    assert middleware._explicit_port(host) == port
