"""A curator keeps entries verified, by clicking: from the admin index's "To verify" panel to an
entry's sources, "Verified today", and the date on the public page and in the history."""

import re

import pytest
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from directory.models import LinkCheck, Organisation
from tests.browser.journeys import shoot
from tests.factories import CuratorFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def log_in(page, curator) -> None:
    page.goto("/admin/")
    page.locator("#id_username").fill(curator.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page.locator("#user-tools")).to_be_visible()


@pytest.fixture
def curator():
    return CuratorFactory(username="kuratorin", password=PASSWORD)


def test_curator_verifies_an_entry_from_the_to_verify_panel(page, curator):
    OrganisationFactory(name="Geprüfter Verein", last_verified=timezone.localdate())
    entry = OrganisationFactory(
        name="Deutsch-Kirgisische Gesellschaft",
        website="https://dkg.example/",
        source="https://dkg.example/satzung.pdf",
    )
    log_in(page, curator)

    panel = page.locator("#to-verify")
    expect(panel).to_contain_text("1 noch nie geprüft")
    expect(panel).not_to_contain_text("Geprüfter Verein")
    shoot(page, "verification-to-verify-panel")
    panel.get_by_role("link", name="Deutsch-Kirgisische Gesellschaft").click()

    sources = page.locator("#verify-sources")
    expect(sources.get_by_role("link", name="https://dkg.example/satzung.pdf")).to_have_attribute(
        "href", "https://dkg.example/satzung.pdf"
    )
    links = page.locator("#verify-links")
    website = links.get_by_role("link", name="https://dkg.example/", exact=True)
    expect(website).to_have_attribute("href", "https://dkg.example/")
    shoot(page, "verification-sources")
    page.get_by_role("button", name="Heute geprüft").click()

    expect(page.locator(".messagelist")).to_contain_text("heute geprüft")
    shoot(page, "verification-verified-today")
    entry.refresh_from_db()
    assert entry.last_verified == timezone.localdate()
    assert entry.verified_by == curator
    expect(page.locator("#verification-status")).to_contain_text("kuratorin")

    page.get_by_role("link", name="Verlauf").click()
    expect(page.locator("#change-history")).to_contain_text("Anhand der Quellen geprüft.")
    expect(page.locator("#change-history")).to_contain_text("kuratorin")

    with translation.override("de"):
        shown = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    page.goto(entry.get_absolute_url())
    expect(page.locator(".verification")).to_contain_text(f"Zuletzt geprüft am {shown}")


def test_curator_reaches_the_verification_page_from_the_change_form(page, curator):
    entry = OrganisationFactory(name="Verein aus dem Formular", source="https://quelle.example/")
    log_in(page, curator)
    page.goto(f"/admin/directory/organisation/{entry.pk}/change/")

    page.get_by_role("link", name="Quellen öffnen und als heute geprüft vermerken").click()
    page.get_by_role("button", name="Heute geprüft").click()

    expect(page.locator(".messagelist")).to_contain_text("heute geprüft")
    assert Organisation.objects.get(pk=entry.pk).verified_by == curator


def test_curator_finds_entries_with_broken_links_from_the_panel(page, curator):
    LinkCheck.objects.create(
        url="https://kaputt.example/", checked_at=timezone.now(), status_code=404, is_ok=False
    )
    OrganisationFactory(name="Verein mit totem Link", website="https://kaputt.example/")
    OrganisationFactory(name="Verein mit heilem Link", website="https://heil.example/")
    log_in(page, curator)

    panel = page.locator("#to-verify")
    expect(panel.locator("#broken-links")).to_contain_text("Verein mit totem Link")
    panel.get_by_role("link", name=re.compile("1 mit defektem Link")).first.click()

    expect(page.locator("#result_list")).to_contain_text("Verein mit totem Link")
    expect(page.locator("#result_list")).not_to_contain_text("Verein mit heilem Link")
