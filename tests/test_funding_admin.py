"""Curators maintain programmes, calls and events in the admin, without being superusers."""

from datetime import datetime
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from directory.models import Call
from tests.admin_forms import change_form_data
from tests.factories import CallFactory, EventFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["programme", "call", "event"])
def test_curator_sees_the_list_and_the_add_form(curator_client, model):
    assert curator_client.get(reverse(f"admin:directory_{model}_changelist")).status_code == 200
    assert curator_client.get(reverse(f"admin:directory_{model}_add")).status_code == 200


@pytest.mark.parametrize("factory", [ProgrammeFactory, CallFactory, EventFactory])
def test_curator_sees_the_change_form(curator_client, factory):
    entry = factory()
    url = reverse(f"admin:directory_{entry._meta.model_name}_change", args=[entry.pk])
    assert curator_client.get(url).status_code == HTTPStatus.OK


def test_deadline_is_entered_in_the_calls_time_zone(curator_client):
    call = CallFactory(deadline=datetime(2030, 3, 1, 18, 0, tzinfo=ZoneInfo("Asia/Bishkek")))
    url = reverse("admin:directory_call_change", args=[call.pk])
    form = curator_client.get(url)
    data = change_form_data(form)
    data.update({"deadline_timezone": "Asia/Bishkek", "deadline_0": "01.03.2030"})
    data["deadline_1"] = "18:00:00"

    response = curator_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors
    call.refresh_from_db()
    assert call.deadline == datetime(2030, 3, 1, 18, 0, tzinfo=ZoneInfo("Asia/Bishkek"))


def test_change_form_shows_the_deadline_as_the_call_states_it(curator_client):
    call = CallFactory(
        deadline=datetime(2030, 3, 1, 18, 0, tzinfo=ZoneInfo("Asia/Bishkek")),
        deadline_timezone="Asia/Bishkek",
    )
    response = curator_client.get(reverse("admin:directory_call_change", args=[call.pk]))
    assert 'value="18:00:00"' in response.content.decode()


def test_programme_form_refuses_a_largest_amount_below_the_smallest(curator_client):
    programme = ProgrammeFactory()
    url = reverse("admin:directory_programme_change", args=[programme.pk])
    data = change_form_data(curator_client.get(url))
    data.update({"amount_min": "5000", "amount_max": "100", "currency": "EUR"})

    response = curator_client.post(url, data)

    assert response.status_code == HTTPStatus.OK
    assert "amount_max" in response.context["adminform"].form.errors


def test_publish_action_publishes_a_draft_call(curator_client):
    call = CallFactory(publication_status="draft")
    curator_client.post(
        reverse("admin:directory_call_changelist"),
        {"action": "publish", "_selected_action": [call.pk]},
    )
    call.refresh_from_db()
    assert call.is_published
    assert Call.objects.published().count() == 1
