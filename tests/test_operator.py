"""Imprint and privacy policy: operator details from settings, never a placeholder."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from directory.operations.operator import REQUIRED, check_operator

pytestmark = pytest.mark.django_db

COMPLETE = {
    "name": "Netzwerk Zentralasien e.V.",
    "address": "Musterstraße 1; 10115 Berlin",
    "email": "kontakt@verein.example",
    "responsible_person": "Vorstand des Vereins",
    "supervisory_authority": "Berliner Beauftragte für Datenschutz und Informationsfreiheit",
}


@pytest.mark.parametrize("name", ["imprint", "privacy"])
def test_unconfigured_development_pages_say_so_and_show_no_placeholder(client, settings, name):
    settings.OPERATOR = {}
    settings.DEBUG = True
    html = client.get(reverse(f"directory:{name}")).text
    assert "Entwicklungsinstanz" in html
    assert "[" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_imprint_shows_the_configured_operator(client, settings):
    settings.OPERATOR = {**COMPLETE, "phone": "+49 30 123"}
    html = client.get(reverse("directory:imprint")).text
    assert "Netzwerk Zentralasien e.V." in html
    assert "Musterstraße 1<br>" in html
    assert "10115 Berlin<br>" in html
    assert 'href="mailto:kontakt@verein.example"' in html
    assert "Vorstand des Vereins" in html
    assert "+49 30 123" in html
    assert "Entwicklungsinstanz" not in html


def test_privacy_names_the_supervisory_authority(client, settings):
    settings.OPERATOR = COMPLETE
    html = client.get(reverse("directory:privacy")).text
    assert "Berliner Beauftragte für Datenschutz" in html


def test_deploy_check_fails_while_a_required_detail_is_unset(settings):
    settings.OPERATOR = {**COMPLETE, "email": ""}
    (error,) = check_operator()
    assert error.id == "directory.E001"
    assert REQUIRED["email"] in error.msg


def test_deploy_check_passes_with_every_required_detail(settings):
    settings.OPERATOR = COMPLETE
    assert check_operator() == []


def test_check_deploy_command_reports_missing_operator_details(settings):
    settings.OPERATOR = {}
    with pytest.raises(SystemCheckError, match=r"directory\.E001"):
        call_command("check", "--deploy", "--fail-level", "ERROR")
