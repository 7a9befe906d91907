"""'Newest entries' on the home page: the newest published organisations, by first publication;
'recently verified' is a sort of its own."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.models import Organisation, PublicationStatus
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def newest_on_home(client) -> list[str]:
    response = client.get(reverse("directory:home"))
    return [organisation.name for organisation in response.context["newest_organisations"]]


def published_days_ago(organisation, days: int) -> None:
    moment = timezone.now() - datetime.timedelta(days=days)
    Organisation.objects.filter(pk=organisation.pk).update(published_at=moment)


def test_publishing_stamps_the_first_publication():
    organisation = OrganisationFactory(draft=True)
    assert organisation.published_at is None
    organisation.publication_status = PublicationStatus.PUBLISHED
    organisation.save()
    assert organisation.published_at is not None


def test_publishing_again_keeps_the_first_publication_date():
    organisation = OrganisationFactory()
    first = organisation.published_at
    organisation.publication_status = PublicationStatus.DRAFT
    organisation.save()
    organisation.publication_status = PublicationStatus.PUBLISHED
    organisation.save()
    assert organisation.published_at == first


def test_saving_only_some_fields_still_stamps_the_publication():
    organisation = OrganisationFactory(draft=True)
    organisation.publication_status = PublicationStatus.PUBLISHED
    organisation.save(update_fields=["publication_status"])
    organisation.refresh_from_db()
    assert organisation.published_at is not None


def test_home_shows_the_newest_published_organisations_first(client):
    old = OrganisationFactory(name="Alter Verein", last_verified=timezone.localdate())
    published_days_ago(old, 30)
    OrganisationFactory(name="Neuer Verein", last_verified=None)
    assert newest_on_home(client)[:2] == ["Neuer Verein", "Alter Verein"]


def test_a_just_published_draft_appears_among_the_newest_entries(client):
    for n in range(8):
        published_days_ago(
            OrganisationFactory(name=f"Verein {n}", last_verified="2026-01-01"), n + 1
        )
    draft = OrganisationFactory(name="Gerade veröffentlicht", draft=True)
    Organisation.objects.filter(pk=draft.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=400)
    )
    assert "Gerade veröffentlicht" not in newest_on_home(client)
    draft.refresh_from_db()
    draft.publication_status = PublicationStatus.PUBLISHED
    draft.save()
    assert newest_on_home(client)[0] == "Gerade veröffentlicht"


def test_drafts_are_never_among_the_newest_entries(client):
    OrganisationFactory(name="Öffentlich")
    OrganisationFactory(name="Entwurf", draft=True)
    assert newest_on_home(client) == ["Öffentlich"]


def test_newest_first_is_a_sort_of_the_organisation_list(client):
    old = OrganisationFactory(name="A Alt")
    published_days_ago(old, 10)
    OrganisationFactory(name="B Neu")
    response = client.get(reverse("directory:organisation-list"), {"sort": "newest"})
    assert [o.name for o in response.context["object_list"]] == ["B Neu", "A Alt"]


def test_recently_verified_is_its_own_sort_linked_from_home(client):
    OrganisationFactory(name="Geprüft", last_verified="2026-11-01")
    newer = OrganisationFactory(name="Ungeprüft", last_verified=None)
    assert newer.published_at is not None
    response = client.get(reverse("directory:organisation-list"), {"sort": "verified"})
    assert [o.name for o in response.context["object_list"]] == ["Geprüft", "Ungeprüft"]
    home = client.get(reverse("directory:home")).text
    assert f'href="{reverse("directory:organisation-list")}?sort=verified"' in home
