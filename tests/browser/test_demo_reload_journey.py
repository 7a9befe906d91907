"""Loading the demo data again (every `make run`) keeps what a curator typed in the admin, seen
from outside: the public page still shows the curator's text and the history lists the edit.

The management command runs as `make run` runs it, on a small subset of the demo files in the
loader's own format (the real files take about half a minute to load on SQLite; tests/
test_demo_data.py loads those, tests/test_demo_reload.py covers the loader's rules)."""

import copy
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from reversion.models import Version

from directory.demo import loader
from directory.models import Organisation
from tests.browser.test_journeys import log_in
from tests.conftest import reseed_vocabulary
from tests.factories import CuratorFactory
from tests.test_demo_reload import ORGANISATION, PLACES, TWINNING

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CURATORS_TEXT = "Von der Kuratorin nach einem Anruf in der Geschäftsstelle ergänzt."


DEMO_FILES = {
    "places.json": {"places": PLACES},
    "organisations.json": {"organisations": [ORGANISATION]},
    "twinnings.json": {"twinnings": [TWINNING]},
    "funding.json": {},
}


@pytest.fixture
def demo_data(monkeypatch):
    """The demo data loaded once by the command, from the small files."""
    monkeypatch.setattr(loader, "read_demo_file", lambda name: copy.deepcopy(DEMO_FILES[name]))
    reseed_vocabulary()  # the flush after an earlier transactional test emptied the seeded rows
    call_command("load_demo_data", verbosity=0)


def test_curators_edit_survives_loading_the_demo_data_again(new_context, live_server, demo_data):
    entry = Organisation.objects.get(name=ORGANISATION["name"])
    assert entry.description_de == ORGANISATION["description"]
    curator = CuratorFactory(username="kuratorin", password="correct horse battery staple")
    staff = new_context(base_url=live_server.url).new_page()
    log_in(staff, curator)

    # The curator finds the entry in the list and types a new German description.
    staff.goto("/admin/directory/organisation/")
    staff.locator("#searchbar").fill(entry.name)
    staff.locator("#searchbar").press("Enter")
    staff.locator("#result_list").get_by_role("link", name=entry.name, exact=True).click()
    description = staff.locator("#id_description_de")
    description.fill(CURATORS_TEXT)
    staff.locator("input[name=_save]").click()
    expect(staff.locator(".messagelist .success")).to_be_visible()
    entry.refresh_from_db()
    assert entry.description_de == CURATORS_TEXT

    # `make run` loads the demo data again.
    call_command("load_demo_data", verbosity=0)

    entry.refresh_from_db()
    assert entry.description_de == CURATORS_TEXT
    latest = Version.objects.get_for_object(entry).first()
    assert latest.revision.user == curator
    visitor = new_context(base_url=live_server.url).new_page()
    visitor.goto(entry.get_absolute_url())
    expect(visitor.get_by_role("main")).to_contain_text(CURATORS_TEXT)
    expect(visitor.get_by_role("main")).not_to_contain_text(ORGANISATION["description"])

    staff.goto(f"/admin/directory/organisation/{entry.pk}/change/")
    expect(staff.locator("#id_description_de")).to_have_value(CURATORS_TEXT)
    staff.locator("a.historylink").click()
    newest = staff.locator("#change-history tbody tr").first
    expect(newest).to_contain_text("kuratorin")
    expect(newest).to_contain_text(re.compile(r"Beschreibung \(Deutsch\)"))
