"""Follow a list: the Atom feed of the organisation or twinning list's current filter."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.models import Organisation
from tests.factories import CountryFactory, OrganisationFactory, TwinningFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entry_titles(response) -> list[str]:
    root = ElementTree.fromstring(response.content)
    return [entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")]


def published(name: str, days_ago: int, **kwargs) -> Organisation:
    organisation = OrganisationFactory(name=name, **kwargs)
    Organisation.objects.filter(pk=organisation.pk).update(
        published_at=timezone.now() - timedelta(days=days_ago)
    )
    return organisation


def test_organisation_feed_holds_the_filter_newest_first(client):
    kazakhstan = CountryFactory(code="KZ", name="Kasachstan", is_focus=True)
    published("Älterer Verein", 30, countries=[kazakhstan])
    published("Neuer Verein", 1, countries=[kazakhstan])
    published("Verein anderswo", 0)

    response = client.get(reverse("directory:organisation-feed") + "?country=KZ")

    assert response["Content-Type"].startswith("application/atom+xml")
    assert entry_titles(response) == ["Neuer Verein", "Älterer Verein"]


def test_organisation_feed_keeps_an_order_the_address_names(client):
    published("Zentrum", 1)
    published("Akademie", 30)

    response = client.get(reverse("directory:organisation-feed") + "?sort=name")

    assert entry_titles(response) == ["Akademie", "Zentrum"]


def test_organisation_feed_leaves_out_drafts(client):
    OrganisationFactory(name="Geheimer Entwurf", draft=True)
    OrganisationFactory(name="Öffentlicher Verein")

    assert entry_titles(client.get(reverse("directory:organisation-feed"))) == [
        "Öffentlicher Verein"
    ]


def test_organisation_feed_summary_is_plain_text(client):
    OrganisationFactory(name="Verein", description="Kinder <6 & <b>Eltern</b>")

    root = ElementTree.fromstring(client.get(reverse("directory:organisation-feed")).content)
    summary = root.find(f"{ATOM}entry/{ATOM}summary")

    assert summary.get("type") == "text"
    assert summary.text == "Kinder <6 & <b>Eltern</b>"


def test_twinning_feed_holds_the_search(client):
    TwinningFactory(german_place__name="Jena", central_asian_place__name="Osch")
    TwinningFactory(german_place__name="Bonn", central_asian_place__name="Buchara")

    response = client.get(reverse("directory:twinning-feed") + "?q=Buchara")

    assert entry_titles(response) == ["Bonn – Buchara"]


@pytest.mark.parametrize("count", [1, 20])
def test_organisation_feed_needs_a_constant_number_of_queries(
    client, count, django_assert_max_num_queries
):
    OrganisationFactory.create_batch(count)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("directory:organisation-feed"))
    assert len(entry_titles(response)) == count


def test_lists_and_country_pages_link_their_feeds(client):
    kazakhstan = CountryFactory(code="KZ", name="Kasachstan", is_focus=True)
    OrganisationFactory(countries=[kazakhstan])
    TwinningFactory()
    feed = reverse("directory:organisation-feed")

    organisations = client.get(reverse("directory:organisation-list") + "?country=KZ").text
    twinnings = client.get(reverse("directory:twinning-list")).text
    country = client.get(kazakhstan.get_absolute_url()).text

    assert f'href="{feed}?country=KZ"' in organisations
    assert reverse("directory:twinning-feed") in twinnings
    assert f'href="{feed}?country=KZ"' in country


def test_a_filtered_feed_names_its_filter_in_its_title(client):
    CountryFactory(code="KZ", name="Kasachstan", is_focus=True)
    response = client.get(reverse("directory:organisation-feed") + "?country=KZ")
    root = ElementTree.fromstring(response.content)
    assert root.find(f"{ATOM}title").text.endswith(": Kasachstan")


def test_a_feed_filtered_by_a_translated_choice_names_it_in_its_title(client):
    """A status's label is a lazy translation: joined into the title, it gave a 500."""
    TwinningFactory(status="ended")
    response = client.get(reverse("directory:twinning-feed") + "?status=ended")
    root = ElementTree.fromstring(response.content)
    assert root.find(f"{ATOM}title").text.endswith(": Beendet")
