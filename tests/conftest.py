import pytest
from django.conf import settings
from django.utils import translation

from directory import facetindex
from directory.search import vocabulary
from directory.topics import topic_terms
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
    bitmap indexes (``directory.facetindex``) does not move between tests: start without them,
    and without an earlier test's typo vocabulary."""
    facetindex.forget()
    vocabulary.forget()
    topic_terms.forget()
