"""Every change by a curator is recorded (who, when, what) and any earlier version can be restored,
including its countries and fields of cooperation."""

from datetime import UTC, datetime, timedelta
from http import HTTPStatus

import pytest
import reversion
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from reversion.models import Version

from directory.curation import history
from directory.models import CooperationField, Country, Organisation, PlaceAlias
from tests.admin_forms import change_form_data
from tests.factories import (
    CallFactory,
    CentralAsianPlaceFactory,
    OrganisationFactory,
    PlaceAliasFactory,
    TwinningFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _edit(client, obj, **changes):
    url = reverse(f"admin:directory_{obj._meta.model_name}_change", args=[obj.pk])
    data = {**change_form_data(client.get(url)), **changes}
    response = client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]


def _versions(obj):
    return Version.objects.get_for_object(obj).select_related("revision__user")


def test_admin_change_records_who_and_what(curator_client, curator):
    organisation = OrganisationFactory()
    _edit(curator_client, organisation, description_de="Neu beschrieben")
    version = _versions(organisation).first()
    assert version.revision.user == curator
    with translation.override("de"):  # field labels in the curator's language
        label = str(Organisation._meta.get_field("description_de").verbose_name)
    assert label.casefold() in version.revision.get_comment().casefold()


def test_admin_action_is_recorded(curator_client, curator):
    organisation = OrganisationFactory(draft=True)
    curator_client.post(
        reverse("admin:directory_organisation_changelist"),
        {"action": "publish", "_selected_action": [organisation.pk]},
    )
    assert _versions(organisation).get().revision.user == curator


def test_change_page_shows_recent_changes(curator_client, curator):
    organisation = OrganisationFactory()
    _edit(curator_client, organisation, description_de="Neu beschrieben")
    url = reverse("admin:directory_organisation_change", args=[organisation.pk])
    text = curator_client.get(url).text
    assert curator.username in text
    assert reverse("admin:directory_organisation_history", args=[organisation.pk]) in text


def test_history_page_lists_the_versions(curator_client, curator):
    organisation = OrganisationFactory()
    _edit(curator_client, organisation, description_de="Erste Änderung")
    _edit(curator_client, organisation, description_de="Zweite Änderung")
    url = reverse("admin:directory_organisation_history", args=[organisation.pk])
    response = curator_client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert len(response.context["action_list"]) == 2


def test_restore_brings_back_earlier_text_and_m2m(curator_client):
    kz, kg = Country.objects.get(code="KZ"), Country.objects.get(code="KG")
    field = CooperationField.objects.first()
    organisation = OrganisationFactory(description="Original", countries=[kz], fields=[field])
    _edit(curator_client, organisation, description_de="Original")  # version 1
    _edit(
        curator_client, organisation, description_de="Überschrieben", countries=[kg.pk], fields=[]
    )
    first = _versions(organisation).order_by("pk").first()
    url = reverse("admin:directory_organisation_revision", args=[organisation.pk, first.pk])
    data = change_form_data(curator_client.get(url))
    response = curator_client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    organisation.refresh_from_db()
    assert organisation.description == "Original"
    assert list(organisation.countries.all()) == [kz]
    assert list(organisation.fields.all()) == [field]


def test_viewing_an_old_version_changes_nothing(curator_client):
    organisation = OrganisationFactory(description="Original")
    _edit(curator_client, organisation, description_de="Original")
    _edit(curator_client, organisation, description_de="Aktuell")
    first = _versions(organisation).order_by("pk").first()
    url = reverse("admin:directory_organisation_revision", args=[organisation.pk, first.pk])
    assert curator_client.get(url).status_code == HTTPStatus.OK
    organisation.refresh_from_db()
    assert organisation.description == "Aktuell"


def test_restore_of_a_twinning(curator_client):
    twinning = TwinningFactory(description="Original")
    _edit(curator_client, twinning, description_de="Original")
    _edit(curator_client, twinning, description_de="Überschrieben")
    first = _versions(twinning).order_by("pk").first()
    url = reverse("admin:directory_twinning_revision", args=[twinning.pk, first.pk])
    curator_client.post(url, change_form_data(curator_client.get(url)))
    twinning.refresh_from_db()
    assert twinning.description == "Original"


def test_restore_is_recorded_as_a_new_version(curator_client):
    organisation = OrganisationFactory()
    _edit(curator_client, organisation, description_de="A")
    _edit(curator_client, organisation, description_de="B")
    first = _versions(organisation).order_by("pk").first()
    url = reverse("admin:directory_organisation_revision", args=[organisation.pk, first.pk])
    curator_client.post(url, change_form_data(curator_client.get(url)))
    assert _versions(organisation).count() == 3


def test_staff_without_curators_group_cannot_see_history(client):
    organisation = OrganisationFactory()
    client.force_login(UserFactory(is_staff=True))
    url = reverse("admin:directory_organisation_history", args=[organisation.pk])
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN


def _first_version_url(obj):
    first = _versions(obj).order_by("pk").first()
    return reverse(f"admin:directory_{obj._meta.model_name}_revision", args=[obj.pk, first.pk])


def test_restore_page_lists_what_would_change_before_anything_changes(curator_client):
    kz, kg = Country.objects.get(code="KZ"), Country.objects.get(code="KG")
    organisation = OrganisationFactory(description="Original", countries=[kz])
    _edit(curator_client, organisation, description_de="Original")
    _edit(curator_client, organisation, description_de="Überschrieben", countries=[kg.pk])

    response = curator_client.get(_first_version_url(organisation))

    changes = {c.label: (c.current, c.restored) for c in response.context["restore_changes"]}
    countries = str(capfirst(Organisation._meta.get_field("countries").verbose_name))
    description = str(capfirst(Organisation._meta.get_field("description").verbose_name))
    assert changes == {
        f"{description} (Deutsch)": ("Überschrieben", "Original"),
        countries: (kg.name, kz.name),
    }
    assert 'id="restore-confirm"' in response.text
    organisation.refresh_from_db()
    assert organisation.description == "Überschrieben"


def test_restore_preview_shows_a_time_near_midnight_utc_in_the_sites_time_zone():
    # 23:30 UTC on 31 January is 00:30 on 1 February in Berlin.
    late_evening_utc = datetime(2026, 1, 31, 23, 30, tzinfo=UTC)
    with reversion.create_revision():
        call = CallFactory(deadline=late_evening_utc)
    version = _versions(call).get()
    call.deadline = late_evening_utc + timedelta(days=7)
    call.save()

    changes = {c.label: c.restored for c in history.restore_changes(call, version)}

    deadline = str(capfirst(call._meta.get_field("deadline").verbose_name))
    assert timezone.get_current_timezone_name() == "Europe/Berlin"
    assert changes[deadline] == "01.02.2026 00:30"


def test_restore_page_says_when_a_version_changes_nothing(curator_client):
    organisation = OrganisationFactory()
    _edit(curator_client, organisation, description_de="Gleich")
    response = curator_client.get(_first_version_url(organisation))
    assert response.context["restore_changes"] == []


def test_first_version_of_an_entry_added_in_the_admin_is_in_its_history(curator_client, curator):
    url = reverse("admin:directory_organisation_add")
    data = {**change_form_data(curator_client.get(url)), "name": "Neuer Verein", "kind": "other"}
    data["publication_status"] = "draft"
    response = curator_client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    assert _versions(Organisation.objects.get(name="Neuer Verein")).get().revision.user == curator


def test_first_version_of_an_accepted_suggestion_is_in_its_history(curator):
    from directory.curation import services
    from tests.factories import SuggestionFactory

    suggestion = SuggestionFactory(subject="Verein aus einem Vorschlag")
    draft = services.accept_suggestion(suggestion=suggestion, curator=curator).organisation
    assert _versions(draft).get().revision.user == curator


def test_restore_page_lists_the_alternative_names_a_place_gets_back(curator_client):
    place = CentralAsianPlaceFactory(name="Bischkek")
    PlaceAliasFactory(place=place, name="Frunse")
    _edit(curator_client, place, region="Tschüi")  # version 1, with its alias
    place.aliases.all().delete()
    _edit(curator_client, place, region="Tschüi-Tal")

    response = curator_client.get(_first_version_url(place))

    changes = {c.label: (c.current, c.restored) for c in response.context["restore_changes"]}
    aliases = str(capfirst(PlaceAlias._meta.verbose_name_plural))
    assert changes[aliases] == ("–", "Frunse")


def test_comment_stored_in_english_by_the_old_demo_loader_is_shown_in_german(curator_client):
    """Databases loaded before the loader wrote German keep "Created from the demo data"."""
    organisation = OrganisationFactory()
    with reversion.create_revision():
        reversion.set_comment("Created from the demo data")
        reversion.add_to_revision(organisation)
    history = reverse("admin:directory_organisation_history", args=[organisation.pk])
    change = reverse("admin:directory_organisation_change", args=[organisation.pk])
    for address in (history, change):
        page = curator_client.get(address).content.decode()
        assert "Aus den Demodaten angelegt" in page
        assert "Created from the demo data" not in page
