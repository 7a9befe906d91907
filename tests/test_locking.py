"""Two curators editing the same entry: the second save must not silently overwrite the first."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from tests.admin_forms import change_form_data
from tests.factories import (
    CooperationFieldFactory,
    CountryFactory,
    CuratorFactory,
    OrganisationFactory,
    PlaceFactory,
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
    field = CooperationFieldFactory(description="alt")
    url, data = _open(first_client, field)
    response = first_client.post(url, {**data, "description_de": "neu"})
    assert response.status_code == HTTPStatus.FOUND
    field.refresh_from_db()
    assert field.description_de == "neu"
