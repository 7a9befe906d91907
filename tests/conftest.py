import pytest
from django.conf import settings
from django.utils import translation

from directory.listing import facetindex, filters
from directory.search import memory
from directory.search.ranking import vocabulary
from directory.search.topics import topic_terms
from tests.factories import CuratorFactory


@pytest.fixture
def curator(db):
    return CuratorFactory()


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in German: a request leaves its page language active in the thread, and
    ``Place(name=…)`` writes the active language's column (django-modeltranslation)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _no_process_caches_from_earlier_tests():
    """A test's data is rolled back, never committed, so the data version that keys the lists'
    bitmap indexes (``directory.listing.facetindex``) does not move between tests: start without
    them, and without an earlier test's typo vocabulary."""
    facetindex.forget()
    filters.forget_vocabularies()
    memory.held.forget()
    vocabulary.forget()
    topic_terms.forget()


def reseed_vocabulary() -> None:
    """Seed countries, fields (in three languages) and topic terms again, as the migrations do.

    A transactional test's flush empties the tables that the data migrations filled, and
    pytest-django runs transactional tests (live_server among them) after each other, so one that
    loads the demo data must put them back first.
    """
    from importlib import import_module

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    apps = MigrationLoader(connection).project_state().apps
    for module, functions in [
        ("0002_seed_countries_and_fields", ["seed"]),
        ("0011_i18n_seed_names", ["forwards"]),
        ("0020_topic_terms", ["seed_terms"]),
    ]:
        terms = apps.get_model("directory", "TopicTerm").objects
        if module.endswith("topic_terms") and terms.exists():
            continue  # not flushed: seeding again would double the terms
        migration = import_module(f"directory.migrations.{module}")
        for function in functions:
            getattr(migration, function)(apps, None)
