import pytest
from django.conf import settings
from django.utils import translation

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
