"""With the cache (Redis) unreachable, a visitor still browses and sends a suggestion.

The site's cache points at a port nobody listens on (``dead_cache``), configured as in
production (pages and the data version in Redis). Nothing needs a redis-server.
"""

from unittest import mock

import pytest
from django.db import OperationalError
from playwright.sync_api import expect

from directory.models import Suggestion
from directory.operations import ratelimit
from tests.browser.conftest import PHONE
from tests.factories import OrganisationFactory
from tests.redis_server import free_port
from zentralasien import cache as cache_module

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MESSAGE = "Die Geschäftsstelle ist nach Potsdam umgezogen."


@pytest.fixture
def dead_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "zentralasien.cache.ReusingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_VERSION_IN_CACHE = True
    settings.LIST_INDEX_IN_CACHE = True
    cache_module.breakers.clear()
    yield
    cache_module.breakers.clear()


def suggest_correction(visitor, organisation) -> None:
    visitor.goto(organisation.get_absolute_url())
    visitor.locator(".suggest-box").get_by_role("link").click()
    visitor.locator("#id_message").fill(MESSAGE)
    visitor.locator("#id_consent").check()
    visitor.get_by_role("main").locator("button[type=submit]").click()


def test_visitor_sends_a_suggestion_while_the_cache_is_down(dead_cache, new_context, live_server):
    organisation = OrganisationFactory(name="Deutsch-Kasachische Gesellschaft")
    visitor = new_context(base_url=live_server.url).new_page()

    visitor.goto("/organisations/")
    expect(visitor.get_by_role("link", name="Deutsch-Kasachische Gesellschaft")).to_be_visible()
    suggest_correction(visitor, organisation)

    visitor.wait_for_url("**/suggest/thanks/")
    expect(visitor.get_by_role("heading", level=1)).to_be_visible()
    suggestion = Suggestion.objects.get()
    assert suggestion.message == MESSAGE
    assert suggestion.organisation == organisation


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 800}])
def test_visitor_keeps_the_text_when_suggestions_cannot_be_counted(
    dead_cache, new_context, live_server, viewport
):
    organisation = OrganisationFactory(name="Deutsch-Kasachische Gesellschaft")
    visitor = new_context(base_url=live_server.url, viewport=viewport).new_page()

    with mock.patch.object(ratelimit, "count", side_effect=OperationalError("disk full")):
        suggest_correction(visitor, organisation)
        expect(visitor.get_by_role("alert")).to_contain_text("einigen Minuten")

    expect(visitor.locator("#id_message")).to_have_value(MESSAGE)
    assert not Suggestion.objects.exists()
