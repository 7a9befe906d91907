"""Data-quality helpers: the possible-duplicate warning and the last-verified date."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse

from directory.curation.forms import similar_organisations
from directory.models import Organisation, PublicationStatus
from tests.factories import OrganisationFactory, TwinningFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:directory_organisation_add")


def _new_organisation(**extra):
    return {
        "name": "Deutsch-Kasachische Gesellschaft",
        "kind": "association",
        "publication_status": PublicationStatus.DRAFT,
        "Twinning_organisations-TOTAL_FORMS": 0,
        "Twinning_organisations-INITIAL_FORMS": 0,
        "sources-TOTAL_FORMS": 0,
        "sources-INITIAL_FORMS": 0,
        **extra,
    }


@pytest.mark.parametrize(
    "existing",
    [
        "Deutsch-Kasachische Gesellschaft e.V.",
        "Deutsch Kasachische Gesellschaft",
        "Deutsch-Kasachische Geselschaft",  # typo
    ],
)
def test_similar_names_are_found(existing):
    OrganisationFactory(name=existing)
    assert similar_organisations("Deutsch-Kasachische Gesellschaft")


def test_different_names_are_not_flagged():
    OrganisationFactory(name="Deutsch-Usbekische Gesellschaft für Kultur")
    OrganisationFactory(name="Freundeskreis Bischkek")
    assert similar_organisations("Deutsch-Kasachische Gesellschaft") == []


def test_similar_names_across_scripts_are_found():
    OrganisationFactory(name="Obshchestvo druzhby")
    assert similar_organisations("Общество дружбы")


def test_admin_warns_before_saving_a_possible_duplicate(curator_client):
    existing = OrganisationFactory(name="Deutsch-Kasachische Gesellschaft e.V.")
    response = curator_client.post(ADD_URL, _new_organisation())
    assert response.status_code == HTTPStatus.OK
    assert "Mögliches Duplikat" in response.text
    assert reverse("admin:directory_organisation_change", args=[existing.pk]) in response.text
    assert Organisation.objects.count() == 1


def test_confirmed_non_duplicate_is_saved(curator_client):
    OrganisationFactory(name="Deutsch-Kasachische Gesellschaft e.V.")
    response = curator_client.post(ADD_URL, _new_organisation(not_a_duplicate="on"))
    assert response.status_code == HTTPStatus.FOUND
    assert Organisation.objects.count() == 2


def test_unrelated_new_name_is_saved_without_warning(curator_client):
    OrganisationFactory(name="Deutsch-Kasachische Gesellschaft")
    response = curator_client.post(ADD_URL, _new_organisation(name="Ganz anderer Verein"))
    assert response.status_code == HTTPStatus.FOUND


def test_twinning_page_shows_date_of_last_verification(client):
    twinning = TwinningFactory(last_verified=datetime.date(2025, 3, 1))
    response = client.get(twinning.get_absolute_url())
    assert "2025" in response.text


def test_unverified_entry_says_so(client):
    organisation = OrganisationFactory(last_verified=None)
    response = client.get(organisation.get_absolute_url())
    assert response.context["organisation"].last_verified is None
    assert "noch nicht geprüft" in response.text
