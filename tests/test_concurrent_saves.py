"""Two curators saving the same entry at the same moment: exactly one save wins, atomically.

The lost-update guard compares the version the form was opened with against the stored one
under a row lock inside the admin's save transaction (``directory.curation.forms.locked_version``).
These tests fire both saves from two threads on PostgreSQL, where row locks exist; a barrier makes
both requests reach the version check together, and a pause after the check widens the window in
which a check-then-act guard lets both through.
"""

import threading
import time
from http import HTTPStatus

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from directory.curation import forms
from tests.admin_forms import change_form_data
from tests.factories import (
    CallFactory,
    CooperationFieldFactory,
    CountryFactFactory,
    CountryFactory,
    CuratorFactory,
    EventFactory,
    OrganisationFactory,
    PartnerRequestFactory,
    PlaceFactory,
    ProgrammeFactory,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite ignores them)"
    ),
]

PAUSE_AFTER_CHECK = 0.5  # seconds; long enough for the other save to pass an unlocked check


def _client_of(username: str) -> Client:
    client = Client()
    client.force_login(CuratorFactory(username=username))
    return client


def _save_both_at_once(monkeypatch, obj, field: str, values: tuple[str, str]):
    """Open the change form as two curators, then submit both from two threads at once."""
    url = reverse(f"admin:directory_{obj._meta.model_name}_change", args=[obj.pk])
    clients = [_client_of("anna"), _client_of("bea")]
    data = [change_form_data(client.get(url)) for client in clients]
    barrier = threading.Barrier(2, timeout=10)
    real = forms.locked_version

    def version_after_both_arrived(model, pk):
        barrier.wait()
        version = real(model, pk)
        time.sleep(PAUSE_AFTER_CHECK)
        return version

    monkeypatch.setattr(forms, "locked_version", version_after_both_arrived)
    responses = [None, None]

    def submit(index: int) -> None:
        try:
            responses[index] = clients[index].post(url, {**data[index], field: values[index]})
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return responses


@pytest.mark.parametrize(
    ("make", "field", "column"),
    [
        (lambda: OrganisationFactory(description="alt"), "description_de", "description_de"),
        (lambda: PlaceFactory(region="alt"), "region", "region"),
        (lambda: CountryFactory(code="TJ"), "name_de", "name_de"),
        (lambda: CooperationFieldFactory(description="alt"), "description_de", "description_de"),
        (lambda: ProgrammeFactory(description="alt"), "description_de", "description_de"),
        (lambda: CallFactory(description="alt"), "description_de", "description_de"),
        (lambda: EventFactory(description="alt"), "description_de", "description_de"),
        (lambda: CountryFactFactory(text="alt"), "text_de", "text_de"),
        (lambda: PartnerRequestFactory(description="alt"), "description", "description"),
    ],
    ids=[
        "organisation",
        "place",
        "country",
        "field",
        "programme",
        "call",
        "event",
        "country-fact",
        "partner-request",
    ],
)
def test_of_two_simultaneous_saves_exactly_one_wins(monkeypatch, make, field, column):
    obj = make()
    responses = _save_both_at_once(monkeypatch, obj, field, ("Annas Fassung", "Beas Fassung"))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [HTTPStatus.OK, HTTPStatus.FOUND]
    winner = next(r for r in responses if r.status_code == HTTPStatus.FOUND)
    loser = next(r for r in responses if r.status_code == HTTPStatus.OK)
    obj.refresh_from_db()
    winning_value = "Annas Fassung" if winner is responses[0] else "Beas Fassung"
    losing_value = "Beas Fassung" if winner is responses[0] else "Annas Fassung"
    assert getattr(obj, column) == winning_value
    # The losing curator is told and keeps their input.
    form = loser.context["adminform"].form
    assert "geändert, nachdem Sie ihn geöffnet" in str(form.non_field_errors())
    assert form[field].value() == losing_value
