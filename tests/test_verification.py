"""Keeping entries verified: the "To verify" panel, the verification page, broken links."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version

from directory.curation import verification
from directory.models import LinkCheck
from directory.querysets import year_before
from tests.admin_forms import change_form_data
from tests.factories import OrganisationFactory, TwinningFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 29)


def broken(url: str) -> LinkCheck:
    return LinkCheck.objects.create(
        url=url, checked_at=timezone.now(), status_code=404, is_ok=False, error="HTTP 404"
    )


def test_entry_urls_are_the_website_and_every_address_in_the_sources():
    organisation = OrganisationFactory.build(
        website="https://verein.example/",
        source="Satzung (https://verein.example/satzung.pdf), Stand 2024.\n"
        "Telefonat mit dem Vorstand\nhttps://verein.example/",
    )
    assert verification.entry_urls(organisation) == [
        "https://verein.example/",
        "https://verein.example/satzung.pdf",
    ]


def test_year_before_keeps_the_day_and_maps_29_february_to_28():
    assert year_before(datetime.date(2026, 11, 29)) == datetime.date(2025, 11, 29)
    assert year_before(datetime.date(2028, 2, 29)) == datetime.date(2027, 2, 28)


def test_to_verify_lists_never_verified_first_then_the_oldest_and_skips_recent_ones():
    recent = OrganisationFactory(last_verified=timezone.localdate())
    old = TwinningFactory(last_verified=timezone.localdate() - datetime.timedelta(days=800))
    older = OrganisationFactory(last_verified=timezone.localdate() - datetime.timedelta(days=900))
    never = OrganisationFactory(last_verified=None)
    OrganisationFactory(last_verified=None, draft=True)

    due = verification.to_verify()

    assert due.oldest == [never, older, old]
    assert recent not in due.oldest
    counts = {s.model._meta.model_name: (s.never, s.stale) for s in due.summaries}
    assert counts == {"organisation": (1, 1), "twinning": (0, 1)}


def test_broken_link_filter_matches_exact_addresses_in_website_and_sources():
    broken("https://a.example/")
    by_website = OrganisationFactory(website="https://a.example/")
    in_source = TwinningFactory(source="Bericht: https://a.example/.")
    OrganisationFactory(website="https://a.example/other")
    OrganisationFactory(source="https://a.example/other")

    assert list(verification.with_broken_links(by_website._meta.model.objects.all())) == [
        by_website
    ]
    assert list(verification.with_broken_links(in_source._meta.model.objects.all())) == [in_source]


def test_verify_entry_records_who_and_when_with_a_history_comment(curator):
    organisation = OrganisationFactory()

    verification.verify_entry(entry=organisation, curator=curator)

    organisation.refresh_from_db()
    assert (organisation.last_verified, organisation.verified_by) == (
        timezone.localdate(),
        curator,
    )
    version = Version.objects.get_for_object(organisation).get()
    assert version.revision.user == curator
    assert version.revision.comment == "Anhand der Quellen geprüft."


@pytest.mark.parametrize("factory", [OrganisationFactory, TwinningFactory])
def test_verification_page_shows_sources_and_website_as_links(curator_client, factory):
    entry = factory(source="Jahresbericht https://quelle.example/bericht")
    opts = entry._meta
    response = curator_client.get(
        reverse(f"admin:directory_{opts.model_name}_verify", args=[entry.pk])
    )
    assert response.status_code == HTTPStatus.OK
    assert b'href="https://quelle.example/bericht"' in response.content
    assert b'id="verify-form"' in response.content


def test_verification_page_button_records_the_curator(curator_client, curator):
    organisation = OrganisationFactory(website="https://verein.example/")
    url = reverse("admin:directory_organisation_verify", args=[organisation.pk])

    response = curator_client.post(url)

    assert response.status_code == HTTPStatus.FOUND
    organisation.refresh_from_db()
    assert organisation.verified_by == curator
    assert organisation.last_verified == timezone.localdate()


def test_verification_page_is_for_curators_only(client):
    client.force_login(UserFactory(is_staff=True))
    organisation = OrganisationFactory()
    url = reverse("admin:directory_organisation_verify", args=[organisation.pk])
    assert client.post(url).status_code == HTTPStatus.FORBIDDEN
    organisation.refresh_from_db()
    assert organisation.last_verified is None


def test_verification_page_of_a_missing_entry_redirects_with_a_message(curator_client):
    response = curator_client.get(reverse("admin:directory_organisation_verify", args=[999]))
    assert response.status_code == HTTPStatus.FOUND


def test_admin_index_panel_counts_due_entries_and_lists_broken_links(curator_client):
    OrganisationFactory.create_batch(2, last_verified=None)
    TwinningFactory(last_verified=timezone.localdate() - datetime.timedelta(days=400))
    broken("https://kaputt.example/")
    with_broken = OrganisationFactory(name="Kaputter Verein", website="https://kaputt.example/")

    response = curator_client.get(reverse("admin:index"))

    panel = response.context.get("due", None)
    assert panel is not None
    assert [(s.never, s.stale, s.broken) for s in panel.summaries] == [(3, 0, 1), (0, 1, 0)]
    assert panel.with_broken_links == [with_broken]
    assert b'id="to-verify"' in response.content


def test_admin_index_needs_the_same_queries_for_few_and_many_due_entries(
    curator_client, django_assert_max_num_queries
):
    broken("https://kaputt.example/")
    OrganisationFactory.create_batch(15, website="https://kaputt.example/")
    TwinningFactory.create_batch(12)
    # 16: per model, one more query for the broken addresses cited in Source rows; and one for
    # the partner requests to review.
    with django_assert_max_num_queries(17):
        curator_client.get(reverse("admin:index"))


def test_changelist_filter_link_broken(curator_client):
    broken("https://kaputt.example/")
    OrganisationFactory(name="Kaputter Verein", website="https://kaputt.example/")
    OrganisationFactory(name="Heiler Verein", website="https://heil.example/")
    response = curator_client.get(
        reverse("admin:directory_organisation_changelist"), {"links": "broken"}
    )
    names = [o.name for o in response.context["cl"].result_list]
    assert names == ["Kaputter Verein"]


def test_recent_changes_on_the_change_form_show_the_site_time_zone(curator_client, curator):
    organisation = OrganisationFactory()
    verification.verify_entry(entry=organisation, curator=curator)
    revision = Version.objects.get_for_object(organisation).get().revision
    local = timezone.localtime(revision.date_created).strftime("%H:%M")
    utc = revision.date_created.astimezone(datetime.UTC).strftime("%H:%M")
    assert local != utc  # Europe/Berlin is never UTC

    response = curator_client.get(
        reverse("admin:directory_organisation_change", args=[organisation.pk])
    )
    recent = response.context["adminform"].form.instance
    assert recent == organisation
    assert local in response.content.decode()
    assert f"{utc}</li>" not in response.content.decode()


def test_translated_columns_are_labelled_in_the_active_language():
    field = OrganisationFactory.build()._meta.get_field("description_de")
    with translation.override("de"):
        assert str(field.verbose_name) == "Beschreibung (Deutsch)"
    with translation.override("en"):
        assert str(field.verbose_name) == "description (German)"
    with translation.override("ru"):
        assert (
            str(field.verbose_name) == "описание (немецкий)"
        )  # Russian language names are lower case


def test_admin_pages_carry_the_site_favicon(curator_client):
    response = curator_client.get(reverse("admin:directory_organisation_changelist"))
    assert b'rel="icon" href="/static/img/favicon.svg"' in response.content


def test_history_message_names_a_translated_field_in_the_curators_language(curator_client):
    organisation = OrganisationFactory()
    url = reverse("admin:directory_organisation_change", args=[organisation.pk])
    data = change_form_data(curator_client.get(url))
    data["description_en"] = "A society for cooperation."

    curator_client.post(url, data)

    comment = Version.objects.get_for_object(organisation).first().revision.get_comment()
    assert "Beschreibung (Englisch)" in comment
    assert "[en]" not in comment


def test_list_action_marks_entries_verified_with_the_curator_and_history(curator_client, curator):
    entries = TwinningFactory.create_batch(2)
    curator_client.post(
        reverse("admin:directory_twinning_changelist"),
        {"action": "mark_verified_today", "_selected_action": [e.pk for e in entries]},
    )
    for entry in entries:
        entry.refresh_from_db()
        assert (entry.last_verified, entry.verified_by) == (timezone.localdate(), curator)
        assert Version.objects.get_for_object(entry).count() == 1
