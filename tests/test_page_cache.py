"""Anonymous pages come from the cache, and any data change shows on the next request."""

from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from directory.listing.pagecache import AnonymousPageCacheMiddleware, bump_data_version
from directory.models import Organisation
from tests.factories import CountryFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["version in database", "version in cache"])
def page_cache(request, settings):
    """Every test runs with the data version read from the database (local-memory cache) and
    kept in the shared cache (as with Redis)."""
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_VERSION_IN_CACHE = request.param == "version in cache"
    cache.clear()
    yield settings.PAGE_CACHE_VERSION_IN_CACHE
    cache.clear()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what a committed transaction would run (the version bump) right away.

    Changes a test makes outside ``commit()`` stay uncommitted in the test's transaction, and
    a transaction bumps the version once: wrap the set-up in ``commit()`` too."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


LIST = reverse("directory:organisation-list")


def test_repeated_anonymous_request_runs_one_query_or_none(
    client, page_cache, django_assert_num_queries
):
    """The version query, unless the version is kept in the shared cache."""
    OrganisationFactory(name="Seidenstraße e.V.")
    client.get(LIST)

    with django_assert_num_queries(0 if page_cache else 1):
        response = client.get(LIST)

    assert "Seidenstraße e.V." in response.content.decode()


def test_curators_publish_shows_on_the_public_list_at_once(client, commit):
    with commit():
        draft = OrganisationFactory(name="Neuer Verein Taraz", draft=True)
    assert "Neuer Verein Taraz" not in client.get(LIST).content.decode()

    with commit():
        draft.publication_status = "published"
        draft.save()

    assert "Neuer Verein Taraz" in client.get(LIST).content.decode()


def test_curator_publishing_in_the_admin_shows_at_once(client, curator_client, commit):
    draft = OrganisationFactory(name="Verein aus dem Admin", draft=True)
    client.get(LIST)
    url = reverse("admin:directory_organisation_changelist")

    with commit():
        response = curator_client.post(
            url, {"action": "publish", "_selected_action": [draft.pk]}, follow=True
        )

    assert response.status_code == HTTPStatus.OK
    assert Organisation.objects.get(pk=draft.pk).publication_status == "published"
    assert "Verein aus dem Admin" in client.get(LIST).content.decode()


def test_many_to_many_change_shows_at_once(client, commit):
    with commit():
        kz = CountryFactory(code="KZ")
        organisation = OrganisationFactory(name="Verein ohne Land")
    filtered = LIST + "?country=KZ"
    assert "Verein ohne Land" not in client.get(filtered).content.decode()

    with commit():
        organisation.countries.add(kz)

    assert "Verein ohne Land" in client.get(filtered).content.decode()


def test_deletion_shows_at_once(client, commit):
    with commit():
        organisation = OrganisationFactory(name="Bald gelöscht")
    assert "Bald gelöscht" in client.get(LIST).content.decode()

    with commit():
        organisation.delete()

    assert "Bald gelöscht" not in client.get(LIST).content.decode()


def test_signed_in_curator_is_not_served_the_cached_page(client, curator_client):
    OrganisationFactory()
    client.get(LIST)

    with CaptureQueriesContext(connection) as queries:
        response = curator_client.get(LIST)

    assert response.status_code == HTTPStatus.OK
    assert any("directory_organisation" in query["sql"] for query in queries)


def test_streamed_exports_are_not_cached(client):
    OrganisationFactory()
    url = reverse("data:organisation-export", kwargs={"fmt": "csv"})
    b"".join(client.get(url).streaming_content)

    assert client.get(url).streaming


def test_change_in_another_process_shows_at_once(client, commit):
    """Another worker's cache still holds the page; the shared version makes it unreachable."""
    organisation = OrganisationFactory(name="Alter Name")
    client.get(LIST)

    Organisation.objects.filter(pk=organisation.pk).update(name="Neuer Name")  # no signal here
    bump_data_version()  # what the other worker's commit did

    assert "Neuer Name" in client.get(LIST).content.decode()


def test_cache_key_holds_language_and_full_url(rf):
    keys = set()
    for path in ("/organisations/", "/organisations/?page=2", "/en/organisations/"):
        for language in ("de", "en"):
            with translation.override(language):
                keys.add(AnonymousPageCacheMiddleware.key(rf.get(path)))

    assert len(keys) == 6


def test_a_cached_page_costs_one_cache_round_trip(client, page_cache, monkeypatch):
    """With the version in the cache, version and page come in one ``get_many`` (Redis MGET)."""
    if not page_cache:
        pytest.skip("the version comes from the database here")
    client.get(LIST)
    calls, depth = [], [0]

    def counted(name, original):
        def call(*args, **kwargs):  # only calls from outside the cache (get_many uses get)
            if not depth[0]:
                calls.append(name)
            depth[0] += 1
            try:
                return original(*args, **kwargs)
            finally:
                depth[0] -= 1

        return call

    for name in ("get", "get_many"):
        monkeypatch.setattr(cache, name, counted(name, getattr(cache, name)))

    response = client.get(LIST)

    assert response.status_code == HTTPStatus.OK
    assert calls == ["get_many"]


def test_a_page_that_shows_the_clock_is_not_served_beyond_its_minute(client, monkeypatch):
    """A call's state changes at its deadline without any write: the cached calls page must not
    outlive the minute it was made in."""
    from directory.listing import pagecache

    now = [1_800_000_000.0]
    monkeypatch.setattr(pagecache.time, "time", lambda: now[0])
    calls = reverse("directory:call-list")
    first = AnonymousPageCacheMiddleware.key(RequestFactory().get(calls))
    now[0] += 60
    assert AnonymousPageCacheMiddleware.key(RequestFactory().get(calls)) != first


def test_a_page_that_does_not_show_the_clock_keeps_its_key(client, monkeypatch):
    from directory.listing import pagecache

    now = [1_800_000_000.0]
    monkeypatch.setattr(pagecache.time, "time", lambda: now[0])
    first = AnonymousPageCacheMiddleware.key(RequestFactory().get(LIST))
    now[0] += 60
    assert AnonymousPageCacheMiddleware.key(RequestFactory().get(LIST)) == first


def test_every_clock_page_names_a_url():
    from django.urls import get_resolver

    from directory.listing.pagecache import CLOCK_PAGES

    namespaces = get_resolver().namespace_dict
    names = set()
    for namespace in ("directory", "data"):
        _prefix, resolver = namespaces[namespace]
        names |= {key for key in resolver.reverse_dict if isinstance(key, str)}
    assert names >= CLOCK_PAGES, CLOCK_PAGES - names
