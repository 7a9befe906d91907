"""Finding partners in a real browser: a municipal official on a phone filters the twinning
opportunities by her federal state and opens one's evidence; a project manager sees an
organisation's possible partners and follows one."""

import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.checks import layout_problems
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import (
    CentralAsianPlaceFactory,
    CooperationFieldFactory,
    CountryFactory,
    GermanPlaceFactory,
    OrganisationFactory,
    TwinningFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Screenshots to look at (not committed); set PARTNER_SCREENSHOTS to a folder to keep them.
SCREENSHOTS = os.environ.get("PARTNER_SCREENSHOTS")


def screenshot(page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(SCREENSHOTS) / f"{name}.png", full_page=True)


@pytest.fixture
def directory():
    uzbekistan = CountryFactory(code="UZ", name="Usbekistan", is_focus=True)
    water = CooperationFieldFactory(slug="water", name="Wasser")
    jena = GermanPlaceFactory(name="Jena", federal_state="TH")
    tashkent = CentralAsianPlaceFactory(name="Taschkent", country=uzbekistan)
    saale = OrganisationFactory(
        name="Saale-Usbekistan-Verein e.V.", seat=jena, countries=[uzbekistan], fields=[water]
    )
    OrganisationFactory(
        name="Thüringer Brunnenbauer e.V.", seat=jena, countries=[uzbekistan], fields=[water]
    )
    OrganisationFactory(
        name="Kölner Aralsee-Initiative",
        seat=GermanPlaceFactory(name="Köln", federal_state="NW"),
        countries=[uzbekistan],
    )
    water_tashkent = OrganisationFactory(
        name="Suv Tashkent", seat=tashkent, countries=[uzbekistan], fields=[water]
    )
    kyrgyzstan = CountryFactory(code="KG", name="Kirgisistan", is_focus=True)
    TwinningFactory(
        german_place=jena,
        central_asian_place=CentralAsianPlaceFactory(name="Karakol", country=kyrgyzstan),
    )
    TwinningFactory(
        german_place=GermanPlaceFactory(name="Erfurt", federal_state="TH"),
        central_asian_place=CentralAsianPlaceFactory(name="Buchara", country=uzbekistan),
    )
    return {"saale": saale, "partner": water_tashkent}


def test_official_on_a_phone_filters_opportunities_by_her_state_and_opens_the_evidence(
    new_context, live_server, directory
):
    page = new_context(base_url=live_server.url, viewport=PHONE).new_page()
    page.goto(reverse("directory:twinning-list"))
    page.get_by_role("link", name="Chancen für Partnerschaften").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chancen für Partnerschaften")
    expect(page.locator(".opportunity", has_text="Köln")).to_be_visible()

    page.get_by_label("Bundesland").select_option(label="Thüringen")
    page.get_by_role("button", name="Chancen anzeigen").click()

    expect(page).to_have_url(
        f"{live_server.url}{reverse('directory:twinning-opportunities')}?state=TH&country=&field="
    )
    german = page.locator("section", has=page.locator("#german-heading"))
    row = german.locator(".opportunity", has_text="Jena")
    expect(row).to_contain_text("2 Organisationen")
    expect(row).to_contain_text("Usbekistan")
    expect(german.locator(".opportunity", has_text="Köln")).to_have_count(0)
    evidence = row.get_by_role("link", name="Saale-Usbekistan-Verein e.V.")
    expect(evidence).to_be_hidden()

    row.locator("summary").click()

    expect(evidence).to_be_visible()
    expect(row).to_contain_text("Wasser")
    assert layout_problems(page) == []
    screenshot(page, "opportunities-375")
    evidence.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Saale-Usbekistan-Verein e.V.")


def test_project_manager_sees_possible_partners_with_reasons_and_follows_one(
    new_context, live_server, directory
):
    page = new_context(base_url=live_server.url, viewport=DESKTOP).new_page()
    page.goto(directory["saale"].get_absolute_url())

    partners = page.locator("section", has=page.locator("#partners-heading"))
    expect(partners.get_by_role("heading")).to_have_text("Mögliche Partner")
    first = partners.locator(".partner-list > li").first
    expect(first).to_contain_text("Suv Tashkent")
    expect(first).to_contain_text("Gleiches Themenfeld im gleichen Land: Wasser, Usbekistan")
    screenshot(page, "organisation-1280")
    page.set_viewport_size(PHONE)
    assert layout_problems(page) == []
    screenshot(page, "organisation-375")

    first.get_by_role("link", name="Suv Tashkent").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Suv Tashkent")


def test_opportunities_fit_a_desktop(new_context, live_server, directory):
    page = new_context(base_url=live_server.url, viewport=DESKTOP).new_page()
    page.goto(reverse("directory:twinning-opportunities"))
    page.locator(".opportunity summary").first.click()
    assert layout_problems(page) == []
    screenshot(page, "opportunities-1280")


def test_visitor_goes_from_an_organisation_to_its_town_and_sees_the_twin_town(
    new_context, live_server, directory
):
    page = new_context(base_url=live_server.url, viewport=PHONE).new_page()
    page.goto(directory["saale"].get_absolute_url())
    page.get_by_role("link", name="Jena", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Jena")
    expect(page.get_by_role("link", name="Jena – Karakol")).to_be_visible()
    seated = page.locator("section", has=page.locator("#seated-heading"))
    expect(seated.get_by_role("link", name="Saale-Usbekistan-Verein e.V.")).to_be_visible()
    assert layout_problems(page) == []
    screenshot(page, "place-375")
    page.set_viewport_size(DESKTOP)
    screenshot(page, "place-1280")
