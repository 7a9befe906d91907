"""Which writes move the public pages' data version, and how often
(``directory.listing.pagecache``).

Only public directory data bumps it, once per transaction, admin action or bulk command;
suggestions, sessions, login records and rate limits never do. A bump that fails is retried,
then logged. Receivers connected per sender keep Django's fast deletes for everything else.
"""

import logging

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import DatabaseError, router, transaction
from django.db.models.deletion import Collector
from django.db.models.query import QuerySet
from django.urls import reverse

from directory.listing import pagecache
from directory.models import (
    DataVersion,
    Organisation,
    RateLimitCounter,
    SearchWord,
    Suggestion,
)
from tests.factories import (
    CooperationFieldFactory,
    CountryFactory,
    CuratorFactory,
    OrganisationFactory,
)
from tests.test_suggestions import _valid

pytestmark = pytest.mark.django_db


@pytest.fixture
def bumps(monkeypatch):
    """The bumps run by committed transactions (``on_commit``), counted."""
    counted = []
    original = pagecache.bump_data_version

    def bump(*args):
        counted.append(1)
        original(*args)

    monkeypatch.setattr(pagecache, "bump_data_version", bump)
    return counted


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the transactions inside would run on commit.

    Set-up writes go inside it too: a transaction bumps once, and the test's own transaction
    never commits, so an uncaptured earlier write would leave its bump pending."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def version() -> int:
    return pagecache.data_version()


def test_public_suggestion_does_not_bump(client, bumps, committed):
    with committed():
        response = client.post(reverse("directory:suggest"), _valid())

    assert response.status_code == 302
    assert Suggestion.objects.count() == 1
    assert RateLimitCounter.objects.count() == 1
    assert bumps == []


def test_session_does_not_bump(bumps, committed):
    with committed():
        session = SessionStore()
        session["language"] = "de"
        session.save()

    assert Session.objects.count() == 1
    assert bumps == []


def test_login_failure_does_not_bump(client, bumps, committed):
    curator = CuratorFactory()
    with committed():
        client.post(
            reverse("admin:login"),
            {"username": curator.username, "password": "wrong", "next": "/admin/"},
            REMOTE_ADDR="192.0.2.1",
        )

    assert AccessAttempt.objects.count() == 1
    assert bumps == []


def test_publishing_an_organisation_with_its_relations_bumps_once(bumps, committed):
    with committed():
        country, field = CountryFactory(code="KZ"), CooperationFieldFactory()
    bumps.clear()
    with committed(), transaction.atomic():
        OrganisationFactory(countries=[country], fields=[field])

    assert len(bumps) == 1


def test_admin_publish_action_on_several_drafts_bumps_once(curator_client, bumps, committed):
    with committed():
        drafts = [OrganisationFactory(draft=True) for _ in range(3)]
    bumps.clear()
    url = reverse("admin:directory_organisation_changelist")

    with committed():
        curator_client.post(url, {"action": "publish", "_selected_action": [d.pk for d in drafts]})

    assert Organisation.objects.published().count() == 3
    assert len(bumps) == 1


def test_change_from_the_country_side_of_a_relation_bumps(bumps, committed):
    with committed():
        organisation, country = OrganisationFactory(), CountryFactory(code="UZ")
    bumps.clear()
    with committed():
        country.organisations.add(organisation)

    assert len(bumps) == 1


def test_rebuild_search_index_bumps_once(bumps, committed):
    with committed():
        for _ in range(3):
            OrganisationFactory()
    bumps.clear()
    assert SearchWord.objects.count() > 3  # each would have bumped when deleted

    with committed():
        call_command("rebuild_search_index", stdout=None, stderr=None)

    assert len(bumps) == 1


def test_generate_synthetic_data_bumps_once(bumps, committed):
    before = version()
    with committed():
        call_command("generate_synthetic_data", organisations=5, twinnings=1, verbosity=0)

    assert len(bumps) == 1
    assert version() == before + 1


def test_a_failed_bump_is_retried(monkeypatch):
    before = version()
    original, failures = QuerySet.update, []

    def update_failing_once(self, **kwargs):
        if self.model is DataVersion and not failures:
            failures.append(1)
            raise DatabaseError("could not serialize access")
        return original(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", update_failing_once)

    pagecache.bump_data_version()

    assert failures == [1]
    assert version() == before + 1


def test_a_bump_that_keeps_failing_is_logged_as_an_error(monkeypatch, caplog):
    def failing(self, **kwargs):
        raise DatabaseError("database is read-only")

    monkeypatch.setattr(QuerySet, "update", failing)

    with caplog.at_level(logging.ERROR, logger="directory.listing.pagecache"):
        pagecache.bump_data_version()

    assert "Data version not bumped" in caplog.text


@pytest.mark.parametrize("model", [Suggestion, SearchWord, RateLimitCounter, Session])
def test_rows_nobody_sees_publicly_are_deleted_fast(model):
    collector = Collector(using=router.db_for_write(model))

    assert collector.can_fast_delete(model.objects.all())


def test_every_model_of_the_app_is_classified_as_public_or_not():
    """A new model must be placed deliberately: public ones bump, the others must not."""
    from django.apps import apps

    names = {model.__name__ for model in apps.get_app_config("directory").get_models()}

    assert names == set(pagecache.PUBLIC_MODELS) | set(pagecache.NOT_PUBLIC_MODELS)
    assert not set(pagecache.PUBLIC_MODELS) & set(pagecache.NOT_PUBLIC_MODELS)
