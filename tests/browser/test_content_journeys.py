"""Curators source entries, read the data-quality report; visitors see dated sources and an
honest imprint – in a real browser against the live test server."""

import datetime

import pytest
from playwright.sync_api import expect

from directory.models import Organisation, Source
from tests.browser.test_journeys import log_in
from tests.factories import CuratorFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def test_curator_adds_a_dated_source_that_visitors_then_see_as_a_link(new_context, live_server):
    organisation = OrganisationFactory(name="Deutsch-Kasachische Gesellschaft")
    curator = CuratorFactory(username="curator", password=PASSWORD)
    staff = new_context(base_url=live_server.url).new_page()
    visitor = new_context(base_url=live_server.url).new_page()

    log_in(staff, curator)
    staff.goto(f"/admin/directory/organisation/{organisation.pk}/change/")
    staff.locator("#id_sources-0-url").fill("https://dekasges.example/portrait")
    staff.locator("#id_sources-0-title").fill("Über uns – Porträt")
    staff.locator("#id_sources-0-read_on").fill("29.11.2026")
    staff.locator("input[name=_save]").click()
    expect(staff.locator(".messagelist .success")).to_be_visible()

    source = Source.objects.get(organisation=organisation)
    assert (source.url, source.title, source.read_on) == (
        "https://dekasges.example/portrait",
        "Über uns – Porträt",
        datetime.date(2026, 11, 29),
    )
    visitor.goto(organisation.get_absolute_url())
    link = visitor.get_by_role("link", name="Über uns – Porträt")
    expect(link).to_have_attribute("href", "https://dekasges.example/portrait")
    expect(visitor.locator(".source-list")).to_contain_text("gelesen am 29. November 2026")


def test_curator_typing_a_source_that_is_no_web_address_is_told_and_keeps_the_input(
    new_context, live_server
):
    organisation = OrganisationFactory(name="Deutsch-Tadschikische Gesellschaft")
    curator = CuratorFactory(username="curator", password=PASSWORD)
    staff = new_context(base_url=live_server.url).new_page()

    log_in(staff, curator)
    staff.goto(f"/admin/directory/organisation/{organisation.pk}/change/")
    staff.locator("#id_source").fill("Gespräch mit dem Vorstand")
    staff.locator("#id_description_de").fill("Neue Beschreibung, die nicht verloren geht.")
    staff.locator("input[name=_save]").click()

    expect(staff.locator(".errornote")).to_be_visible()
    expect(staff.locator("#id_source")).to_have_value("Gespräch mit dem Vorstand")
    expect(staff.locator("#id_description_de")).to_have_value(
        "Neue Beschreibung, die nicht verloren geht."
    )
    organisation.refresh_from_db()
    assert organisation.source == ""
    assert not Source.objects.filter(organisation=organisation).exists()


def test_curator_opens_the_data_quality_report_from_the_admin_index(new_context, live_server):
    OrganisationFactory(name="Ohne Website", website="")
    OrganisationFactory(name="Mit Website", website="https://verein.example")
    curator = CuratorFactory(username="curator", password=PASSWORD)
    staff = new_context(base_url=live_server.url).new_page()

    log_in(staff, curator)
    staff.locator("#data-quality-link a").click()

    summary = staff.locator("#data-quality-summary")
    total = Organisation.objects.count()
    expect(summary).to_contain_text(f"Organisationen: {total} (noch nie geprüft: {total},")
    expect(staff.get_by_role("row", name="Website 1", exact=True)).to_be_visible()


def test_visitor_sees_no_placeholder_in_the_imprint(page):
    page.goto("/imprint/")
    main = page.get_by_role("main")
    expect(main.locator(".notice")).to_be_visible()
    assert "[" not in main.inner_text()
