"""Suggestions from the public: the form, its protections, and the curators' review queue."""

import datetime
import time
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.urls import reverse

from directory.curation.services import (
    SuggestionAlreadyHandled,
    accept_suggestion,
    reject_suggestion,
)
from directory.models import (
    Organisation,
    PublicationStatus,
    RateLimitCounter,
    Suggestion,
    SuggestionStatus,
)
from tests.factories import (
    OrganisationFactory,
    SuggestionFactory,
    TwinningFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("directory:suggest")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _valid(**overrides):
    data = {
        "kind": "new_entry",
        "subject": "Freundeskreis Taraz e.V.",
        "seat_town": "Taraz",
        "seat_country": "Kasachstan",
        "activity_countries": ["KZ", "DE"],
        "activity_fields": ["education"],
        "organisation_kind": "association",
        "message": "Gibt es seit 2001, siehe https://example.org.",
        "contact_email": "",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


# --- The public form -------------------------------------------------------------------------


def test_form_page_opens_without_account(client):
    assert client.get(URL).status_code == HTTPStatus.OK


def test_valid_suggestion_is_stored_and_sender_sees_thanks(client):
    response = client.post(URL, _valid(), follow=True)
    assert response.redirect_chain[-1][0] == reverse("directory:suggest-thanks")
    suggestion = Suggestion.objects.get()
    assert (suggestion.subject, suggestion.status) == ("Freundeskreis Taraz e.V.", "new")


def test_thanks_page_renders(client):
    response = client.get(reverse("directory:suggest-thanks"))
    assert response.status_code == HTTPStatus.OK
    assert "Vielen Dank" in response.text


def test_suggestion_without_consent_is_refused_and_input_kept(client):
    response = client.post(URL, _valid(consent="", message="Mein langer Text"))
    assert response.status_code == HTTPStatus.OK
    assert "consent" in response.context["form"].errors
    assert "Mein langer Text" in response.text
    assert not Suggestion.objects.exists()


def test_message_longer_than_limit_is_refused_and_kept(client):
    long_text = "x" * (Suggestion.MESSAGE_MAX_LENGTH + 1)
    response = client.post(URL, _valid(message=long_text))
    assert "message" in response.context["form"].errors
    assert response.context["form"]["message"].value() == long_text
    assert not Suggestion.objects.exists()


def test_nul_byte_in_message_is_a_form_error_not_a_crash(client):
    response = client.post(URL, _valid(message="a\x00b"))
    assert response.status_code == HTTPStatus.OK
    assert "message" in response.context["form"].errors


def test_honeypot_filled_in_stores_nothing_but_looks_successful(client):
    response = client.post(URL, _valid(website="http://spam.example"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("directory:suggest-thanks")
    assert not Suggestion.objects.exists()


def test_honeypot_field_is_hidden_from_people(client):
    response = client.get(URL)
    assert '<div hidden aria-hidden="true">' in response.text


def test_markup_in_message_is_shown_escaped_in_the_admin(curator_client):
    suggestion = SuggestionFactory(message="<script>alert(1)</script>")
    url = reverse("admin:directory_suggestion_change", args=[suggestion.pk])
    text = curator_client.get(url).text
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_sender_ip_is_not_stored():
    field_names = {f.name for f in Suggestion._meta.get_fields()}
    assert not {"ip", "ip_address", "remote_addr"} & field_names


# --- Rate limit ------------------------------------------------------------------------------


def test_rate_limit_refuses_the_sixth_suggestion_within_the_window(client, settings):
    settings.SUGGESTION_RATE_LIMIT = 5
    for _ in range(5):
        assert client.post(URL, _valid()).status_code == HTTPStatus.FOUND
    response = client.post(URL, _valid(message="Der sechste Text"))
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Der sechste Text" in response.text
    assert Suggestion.objects.count() == 5


def test_rate_limit_counts_each_client_address_separately(client, settings):
    settings.SUGGESTION_RATE_LIMIT = 1
    client.post(URL, _valid(), REMOTE_ADDR="192.0.2.1")
    response = client.post(URL, _valid(), REMOTE_ADDR="192.0.2.2")
    assert response.status_code == HTTPStatus.FOUND


def test_rate_limit_ignores_forwarded_for_header_unless_trusted(client, settings):
    settings.SUGGESTION_RATE_LIMIT = 1
    client.post(URL, _valid(), HTTP_X_FORWARDED_FOR="198.51.100.1")
    response = client.post(URL, _valid(), HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_rate_limit_uses_proxy_entry_of_forwarded_for_when_trusted(client, settings):
    settings.SUGGESTION_RATE_LIMIT = 1
    settings.CLIENT_IP_FROM_X_FORWARDED_FOR = True
    client.post(URL, _valid(), HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.1")
    response = client.post(URL, _valid(), HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.2")
    assert response.status_code == HTTPStatus.FOUND


def test_rate_limit_keeps_only_a_hash_of_the_address_with_a_ttl(client, settings):
    settings.SUGGESTION_RATE_WINDOW = 600
    client.post(URL, _valid(), REMOTE_ADDR="192.0.2.77")
    counters = list(RateLimitCounter.objects.all())
    assert counters
    assert not any("192.0.2.77" in counter.key for counter in counters)
    assert all(counter.expires_at > time.time() for counter in counters)


def test_invalid_submissions_do_not_use_up_the_rate_limit(client, settings):
    settings.SUGGESTION_RATE_LIMIT = 1
    client.post(URL, _valid(consent=""))
    assert client.post(URL, _valid()).status_code == HTTPStatus.FOUND


# --- Correction for a given entry ------------------------------------------------------------


def test_correction_link_prefills_organisation(client):
    organisation = OrganisationFactory(name="Deutsch-Kasachische Gesellschaft")
    response = client.get(URL, {"organisation": organisation.slug})
    form = response.context["form"]
    assert form["kind"].value() == "correction"
    assert form["subject"].value() == "Deutsch-Kasachische Gesellschaft"


def test_correction_is_linked_to_the_twinning(client):
    twinning = TwinningFactory()
    client.post(f"{URL}?twinning={twinning.slug}", _valid(kind="correction"))
    assert Suggestion.objects.get().twinning == twinning


def test_correction_link_to_draft_does_not_reveal_it(client):
    draft = OrganisationFactory(name="Geheimer Entwurf", draft=True)
    response = client.get(URL, {"organisation": draft.slug})
    assert response.context["entry"] is None
    assert "Geheimer Entwurf" not in response.text


@pytest.mark.parametrize("slug", ["does-not-exist", "%00", "a" * 5000, "ümlaut"])
def test_unknown_or_malformed_slug_gives_empty_form(client, slug):
    response = client.get(URL, {"organisation": slug})
    assert response.status_code == HTTPStatus.OK
    assert response.context["entry"] is None


def test_nul_in_slug_is_refused_before_the_form(client):
    response = client.get(URL, {"organisation": "\x00"})
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_suggest_link_include_points_to_the_form_for_the_entry(rf):
    from django.template.loader import render_to_string

    organisation = OrganisationFactory(last_verified=datetime.date(2025, 3, 1))
    html = render_to_string(
        "includes/_suggest_link.html", {"organisation": organisation}, request=rf.get("/")
    )
    assert f"{URL}?organisation={organisation.slug}" in html


# --- Review queue ----------------------------------------------------------------------------


def test_curator_sees_the_review_queue(curator_client):
    SuggestionFactory()
    response = curator_client.get(reverse("admin:directory_suggestion_changelist"))
    assert response.status_code == HTTPStatus.OK
    assert response.context["cl"].result_count == 1


def test_staff_without_curators_group_cannot_see_the_queue(client):
    client.force_login(UserFactory(is_staff=True))
    response = client.get(reverse("admin:directory_suggestion_changelist"))
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_staff_without_curators_group_cannot_accept(client):
    suggestion = SuggestionFactory()
    client.force_login(UserFactory(is_staff=True))
    client.post(reverse("admin:directory_suggestion_accept", args=[suggestion.pk]))
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.NEW


def test_admin_index_shows_count_of_open_suggestions(curator_client, curator):
    SuggestionFactory.create_batch(2)
    reject_suggestion(suggestion=SuggestionFactory(), curator=curator)
    response = curator_client.get(reverse("admin:index"))
    assert "2 offene Vorschläge" in response.text


def test_admin_index_hides_count_from_staff_without_queue_access(client):
    SuggestionFactory()
    client.force_login(UserFactory(is_staff=True))
    response = client.get(reverse("admin:index"))
    assert "open suggestion" not in response.text


def test_accepting_new_entry_creates_prefilled_draft(curator):
    suggestion = SuggestionFactory(subject="Freundeskreis Taraz e.V.", message="Quelle: X")
    draft = accept_suggestion(suggestion=suggestion, curator=curator).organisation
    assert draft.name == "Freundeskreis Taraz e.V."
    assert draft.publication_status == PublicationStatus.DRAFT
    assert "Quelle: X" in draft.internal_note


def test_accepting_records_who_and_when(curator):
    suggestion = SuggestionFactory()
    accept_suggestion(suggestion=suggestion, curator=curator)
    assert suggestion.status == SuggestionStatus.ACCEPTED
    assert suggestion.handled_by == curator
    assert suggestion.handled_at is not None


def test_accepting_a_correction_creates_no_organisation(curator):
    organisation = OrganisationFactory()
    suggestion = SuggestionFactory(kind="correction", organisation=organisation)
    assert accept_suggestion(suggestion=suggestion, curator=curator).organisation is None
    assert Organisation.objects.count() == 1


def test_handling_a_suggestion_twice_is_refused(curator):
    suggestion = SuggestionFactory()
    reject_suggestion(suggestion=suggestion, curator=curator)
    with pytest.raises(SuggestionAlreadyHandled):
        accept_suggestion(suggestion=suggestion, curator=curator)


def test_accept_button_opens_the_draft_organisation(curator_client):
    suggestion = SuggestionFactory()
    response = curator_client.post(
        reverse("admin:directory_suggestion_accept", args=[suggestion.pk])
    )
    draft = Organisation.objects.get()
    assert response["Location"] == reverse("admin:directory_organisation_change", args=[draft.pk])


def test_accept_by_get_request_is_refused(curator_client):
    suggestion = SuggestionFactory()
    response = curator_client.get(
        reverse("admin:directory_suggestion_accept", args=[suggestion.pk])
    )
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_reject_button_marks_suggestion_rejected(curator_client):
    suggestion = SuggestionFactory()
    curator_client.post(reverse("admin:directory_suggestion_reject", args=[suggestion.pk]))
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REJECTED


def test_open_suggestion_page_shows_accept_and_reject_buttons(curator_client):
    suggestion = SuggestionFactory()
    url = reverse("admin:directory_suggestion_change", args=[suggestion.pk])
    text = curator_client.get(url).text
    assert reverse("admin:directory_suggestion_accept", args=[suggestion.pk]) in text
    assert reverse("admin:directory_suggestion_reject", args=[suggestion.pk]) in text


def test_organisation_page_links_to_a_prefilled_correction(client):
    organisation = OrganisationFactory()
    response = client.get(organisation.get_absolute_url())
    assert f"{reverse('directory:suggest')}?organisation={organisation.slug}" in response.text


def test_twinning_page_links_to_a_prefilled_correction(client):
    twinning = TwinningFactory()
    response = client.get(twinning.get_absolute_url())
    assert f"{reverse('directory:suggest')}?twinning={twinning.slug}" in response.text
