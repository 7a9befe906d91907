"""Curators maintain every entity in the admin; other users cannot."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.models import CooperationField, Organisation, PublicationStatus
from tests.factories import (
    CentralAsianPlaceFactory,
    OrganisationFactory,
    PlaceAliasFactory,
    TwinningFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MODELS = ["country", "cooperationfield", "place", "organisation", "twinning"]


@pytest.fixture
def entries():
    """One entry of every model, so change forms have something to show."""
    organisation = OrganisationFactory()
    twinning = TwinningFactory(organisations=[organisation])
    PlaceAliasFactory(place=twinning.central_asian_place)
    return {
        "country": twinning.central_asian_place.country,
        "cooperationfield": CooperationField.objects.first(),
        "place": twinning.central_asian_place,
        "organisation": organisation,
        "twinning": twinning,
    }


@pytest.mark.parametrize("model", MODELS)
def test_curator_sees_changelist(curator_client, entries, model):
    response = curator_client.get(reverse(f"admin:directory_{model}_changelist"))
    assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize("model", MODELS)
def test_curator_sees_change_form(curator_client, entries, model):
    url = reverse(f"admin:directory_{model}_change", args=[entries[model].pk])
    response = curator_client.get(url)
    assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize("model", ["place", "organisation", "twinning"])
def test_curator_sees_add_form(curator_client, model):
    response = curator_client.get(reverse(f"admin:directory_{model}_add"))
    assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize("model", MODELS)
def test_staff_without_curator_group_is_refused(client, entries, model):
    client.force_login(UserFactory(is_staff=True))
    response = client.get(reverse(f"admin:directory_{model}_changelist"))
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("admin:directory_organisation_changelist"))
    assert response.status_code == HTTPStatus.FOUND
    assert "/login/" in response["Location"]


def test_changelist_search_finds_by_acronym(curator_client):
    OrganisationFactory(name="Deutscher Akademischer Austauschdienst", acronym="DAAD")
    OrganisationFactory(name="Anderer Verein")
    response = curator_client.get(reverse("admin:directory_organisation_changelist"), {"q": "DAAD"})
    assert response.context["cl"].result_count == 1


def test_changelist_shows_facet_counts(curator_client, entries):
    response = curator_client.get(reverse("admin:directory_organisation_changelist"))
    assert "(1)" in response.text


def test_organisation_page_lists_twinnings_it_carries(curator_client, entries):
    url = reverse("admin:directory_organisation_change", args=[entries["organisation"].pk])
    assert str(entries["twinning"]) in curator_client.get(url).text


def test_place_page_lists_its_twinnings(curator_client, entries):
    url = reverse("admin:directory_place_change", args=[entries["place"].pk])
    assert str(entries["twinning"]) in curator_client.get(url).text


def _run_action(client, action, organisations):
    return client.post(
        reverse("admin:directory_organisation_changelist"),
        {"action": action, "_selected_action": [o.pk for o in organisations]},
        follow=True,
    )


def test_publish_action_publishes_selected_drafts(curator_client):
    drafts = OrganisationFactory.create_batch(2, draft=True)
    _run_action(curator_client, "publish", drafts)
    assert Organisation.objects.published().count() == 2


def test_unpublish_action_sets_entries_to_draft(curator_client):
    published = OrganisationFactory.create_batch(2)
    _run_action(curator_client, "unpublish", published)
    assert Organisation.objects.drafts().count() == 2


def test_mark_verified_action_sets_today(curator_client):
    organisation = OrganisationFactory(last_verified=None)
    _run_action(curator_client, "mark_verified_today", [organisation])
    organisation.refresh_from_db()
    assert organisation.last_verified == timezone.localdate()


def test_curator_can_create_an_organisation(curator_client):
    seat = CentralAsianPlaceFactory(name="Bischkek")
    response = curator_client.post(
        reverse("admin:directory_organisation_add"),
        {
            "name": "Общество дружбы",
            "kind": "association",
            "publication_status": PublicationStatus.DRAFT,
            "seat": seat.pk,
            "Twinning_organisations-TOTAL_FORMS": 0,
            "Twinning_organisations-INITIAL_FORMS": 0,
            "sources-TOTAL_FORMS": 0,
            "sources-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    assert Organisation.objects.get().slug == "obshchestvo-druzhby"


def test_stale_verification_filter_lists_entries_older_than_a_year(curator_client):
    today = timezone.localdate()
    stale = OrganisationFactory(last_verified=today - timezone.timedelta(days=400))
    OrganisationFactory(last_verified=today)
    response = curator_client.get(
        reverse("admin:directory_organisation_changelist"), {"verification": "stale"}
    )
    assert list(response.context["cl"].result_list) == [stale]
