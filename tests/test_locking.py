"""Two curators editing the same entry: the second save must not silently overwrite the first."""

from http import HTTPStatus

import pytest
import reversion
from django.test import Client
from django.urls import reverse

from directory.models import PartnerRequestStatus
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
    TwinningFactory,
)

pytestmark = pytest.mark.django_db


def _open(client, obj):
    url = reverse(f"admin:directory_{obj._meta.model_name}_change", args=[obj.pk])
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return url, change_form_data(response)


def _client_of(username: str) -> Client:
    client = Client()
    client.force_login(CuratorFactory(username=username))
    return client


@pytest.fixture
def first_client():
    return _client_of("anna")


@pytest.fixture
def second_client():
    return _client_of("bea")


def test_unchanged_entry_saves_normally(first_client):
    organisation = OrganisationFactory(description="alt")
    url, data = _open(first_client, organisation)
    response = first_client.post(url, {**data, "description_de": "neu"})
    assert response.status_code == HTTPStatus.FOUND
    organisation.refresh_from_db()
    assert organisation.description == "neu"


def test_second_save_of_organisation_is_refused(first_client, second_client):
    organisation = OrganisationFactory(description="alt")
    url, anna = _open(first_client, organisation)
    _, bea = _open(second_client, organisation)
    first_client.post(url, {**anna, "description_de": "Annas Fassung"})
    response = second_client.post(url, {**bea, "description_de": "Beas Fassung"})
    assert response.status_code == HTTPStatus.OK
    organisation.refresh_from_db()
    assert organisation.description == "Annas Fassung"


def test_conflict_message_names_who_changed_it(first_client, second_client):
    organisation = OrganisationFactory()
    url, anna = _open(first_client, organisation)
    _, bea = _open(second_client, organisation)
    first_client.post(url, {**anna, "description_de": "Annas Fassung"})
    response = second_client.post(url, {**bea, "description_de": "Beas Fassung"})
    errors = str(response.context["adminform"].form.non_field_errors())
    assert "anna hat diesen Eintrag" in errors
    assert "Annas Fassung" in errors  # the stored value, to merge from


def test_conflict_keeps_the_second_curators_input(first_client, second_client):
    organisation = OrganisationFactory()
    url, anna = _open(first_client, organisation)
    _, bea = _open(second_client, organisation)
    first_client.post(url, {**anna, "description_de": "Annas Fassung"})
    response = second_client.post(url, {**bea, "description_de": "Beas Fassung"})
    assert response.context["adminform"].form["description_de"].value() == "Beas Fassung"


def test_saving_again_after_the_conflict_keeps_the_merged_version(first_client, second_client):
    organisation = OrganisationFactory()
    url, anna = _open(first_client, organisation)
    _, bea = _open(second_client, organisation)
    first_client.post(url, {**anna, "description_de": "Annas Fassung"})
    conflict = second_client.post(url, {**bea, "description_de": "Beas Fassung"})
    merged = {**change_form_data(conflict), "description_de": "Annas und Beas Fassung"}
    response = second_client.post(url, merged)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    organisation.refresh_from_db()
    assert organisation.description == "Annas und Beas Fassung"


def test_second_save_of_twinning_is_refused(first_client, second_client):
    twinning = TwinningFactory(description="alt")
    url, anna = _open(first_client, twinning)
    _, bea = _open(second_client, twinning)
    first_client.post(url, {**anna, "description_de": "Annas Fassung"})
    response = second_client.post(url, {**bea, "description_de": "Beas Fassung"})
    assert response.status_code == HTTPStatus.OK
    twinning.refresh_from_db()
    assert twinning.description == "Annas Fassung"


def test_change_by_an_admin_action_also_counts_as_a_conflict(first_client, second_client):
    organisation = OrganisationFactory(draft=True)
    url, bea = _open(second_client, organisation)
    first_client.post(
        reverse("admin:directory_organisation_changelist"),
        {"action": "publish", "_selected_action": [organisation.pk]},
    )
    response = second_client.post(url, {**bea, "description_de": "Beas Fassung"})
    assert response.status_code == HTTPStatus.OK
    organisation.refresh_from_db()
    assert organisation.is_published


def _assert_second_save_refused(first_client, second_client, entry, field: str) -> None:
    """Anna and Bea open ``entry``; Anna saves ``field`` first, Bea's save is refused with her
    input kept, and Anna's value stays."""
    url, anna = _open(first_client, entry)
    _, bea = _open(second_client, entry)
    first_client.post(url, {**anna, field: "Anna"})
    response = second_client.post(url, {**bea, field: "Bea"})
    assert response.status_code == HTTPStatus.OK
    assert response.context["adminform"].form[field].value() == "Bea"
    entry.refresh_from_db()
    assert getattr(entry, field) == "Anna"


def _assert_single_save_stored(client, entry, field: str) -> None:
    """A save nobody else interfered with is stored as it is."""
    url, data = _open(client, entry)
    response = client.post(url, {**data, field: "neu"})
    assert response.status_code == HTTPStatus.FOUND
    entry.refresh_from_db()
    assert getattr(entry, field) == "neu"


def test_second_save_of_place_is_refused(first_client, second_client):
    place = PlaceFactory(name="Almaty", region="alt")
    _assert_second_save_refused(first_client, second_client, place, "region")


def test_second_save_of_country_is_refused(first_client, second_client):
    country = CountryFactory(code="TJ", name="Tadschikistan")
    _assert_second_save_refused(first_client, second_client, country, "name_de")


def test_second_save_of_field_of_cooperation_is_refused(first_client, second_client):
    field = CooperationFieldFactory(description="alt")
    _assert_second_save_refused(first_client, second_client, field, "description_de")


def test_unchanged_field_of_cooperation_saves_normally(first_client):
    _assert_single_save_stored(
        first_client, CooperationFieldFactory(description="alt"), "description_de"
    )


def test_second_save_of_programme_is_refused(first_client, second_client):
    programme = ProgrammeFactory(description="alt")
    _assert_second_save_refused(first_client, second_client, programme, "description_de")


def test_second_save_of_call_is_refused(first_client, second_client):
    call = CallFactory(description="alt")
    _assert_second_save_refused(first_client, second_client, call, "description_de")


def test_second_save_of_event_is_refused(first_client, second_client):
    event = EventFactory(description="alt")
    _assert_second_save_refused(first_client, second_client, event, "description_de")


def test_second_save_of_country_fact_is_refused(first_client, second_client):
    fact = CountryFactFactory(text="alt")
    _assert_second_save_refused(first_client, second_client, fact, "text_de")


def test_unchanged_country_fact_saves_normally(first_client):
    _assert_single_save_stored(first_client, CountryFactFactory(text="alt"), "text_de")


def test_second_save_of_partner_request_is_refused(first_client, second_client):
    partner_request = PartnerRequestFactory(description="alt")
    _assert_second_save_refused(first_client, second_client, partner_request, "description")


def test_unchanged_partner_request_saves_normally(first_client):
    _assert_single_save_stored(
        first_client, PartnerRequestFactory(description="alt"), "description"
    )


def test_accepting_a_partner_request_counts_as_a_change_for_an_open_form(
    first_client, second_client
):
    partner_request = PartnerRequestFactory()
    url, bea = _open(second_client, partner_request)
    first_client.post(reverse("admin:directory_partnerrequest_accept", args=[partner_request.pk]))
    response = second_client.post(url, {**bea, "description": "Beas Fassung"})
    assert response.status_code == HTTPStatus.OK
    assert response.context["adminform"].form["description"].value() == "Beas Fassung"
    partner_request.refresh_from_db()
    assert partner_request.status == PartnerRequestStatus.ACCEPTED


def test_partner_request_accept_button_works_after_a_guarded_save(first_client):
    partner_request = PartnerRequestFactory(description="alt")
    url, data = _open(first_client, partner_request)
    assert first_client.post(url, {**data, "description": "korrigiert"}).status_code == (
        HTTPStatus.FOUND
    )
    response = first_client.post(
        reverse("admin:directory_partnerrequest_accept", args=[partner_request.pk])
    )
    assert response.status_code == HTTPStatus.FOUND
    partner_request.refresh_from_db()
    assert partner_request.status == PartnerRequestStatus.ACCEPTED
    assert partner_request.description == "korrigiert"


def test_partner_request_reject_button_works_after_a_guarded_save(first_client):
    partner_request = PartnerRequestFactory(description="alt")
    url, data = _open(first_client, partner_request)
    first_client.post(url, {**data, "curator_note": "geprüft"})
    response = first_client.post(
        reverse("admin:directory_partnerrequest_reject", args=[partner_request.pk]),
        {"reason": "Werbung"},
    )
    assert response.status_code == HTTPStatus.FOUND
    partner_request.refresh_from_db()
    assert partner_request.status == PartnerRequestStatus.REJECTED
    assert partner_request.curator_note == "geprüft"


def test_conflict_on_a_call_lists_a_changed_deadline(first_client, second_client):
    call = CallFactory(description="alt")
    url, anna = _open(first_client, call)
    _, bea = _open(second_client, call)
    anna_deadline = {**anna, "deadline_0": "31.12.2030", "deadline_1": "12:00:00"}
    assert first_client.post(url, anna_deadline).status_code == HTTPStatus.FOUND
    response = second_client.post(url, {**bea, "description_de": "Beas Fassung"})
    assert response.status_code == HTTPStatus.OK
    errors = str(response.context["adminform"].form.non_field_errors())
    assert "31. Dezember 2030 12:00" in errors  # the stored deadline, in German time


def _opened_by_both(first_client, second_client, **fields):
    with reversion.create_revision():  # the version both forms are opened on is in the history
        organisation = OrganisationFactory(**fields)
    url, anna = _open(first_client, organisation)
    _, bea = _open(second_client, organisation)
    return organisation, url, anna, bea


def test_conflict_takes_the_other_curators_changes_into_untouched_fields(
    first_client, second_client
):
    organisation, url, anna, bea = _opened_by_both(
        first_client, second_client, acronym="DTG", description="alt", founded_year=1990
    )
    first_client.post(url, {**anna, "acronym": "DTG e.V."})
    bea_edits = {"description_de": "Beas Fassung", "founded_year": 1991}
    response = second_client.post(url, {**bea, **bea_edits})
    form = response.context["adminform"].form
    errors = str(form.non_field_errors())
    assert "Abkürzung" in errors  # named as taken into the form
    assert "Beschreibung" not in errors  # Bea's own edits are not listed
    assert form["acronym"].value() == "DTG e.V."
    assert form["description_de"].value() == "Beas Fassung"

    assert second_client.post(url, change_form_data(response)).status_code == HTTPStatus.FOUND
    organisation.refresh_from_db()
    assert (organisation.acronym, organisation.description) == ("DTG e.V.", "Beas Fassung")
    assert organisation.founded_year == 1991


def test_conflict_on_a_field_both_changed_lists_the_stored_value_to_merge(
    first_client, second_client
):
    _organisation, url, anna, bea = _opened_by_both(first_client, second_client, acronym="DTG")
    first_client.post(url, {**anna, "acronym": "DTG-A"})
    response = second_client.post(url, {**bea, "acronym": "DTG-B"})
    form = response.context["adminform"].form
    assert "<li>Abkürzung: DTG-A</li>" in str(form.non_field_errors())
    assert form["acronym"].value() == "DTG-B"  # Bea's input kept
