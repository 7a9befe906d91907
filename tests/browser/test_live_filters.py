"""Filters that respond (static/js/filters.js) and the apply button that stays in reach.

With JavaScript a ticked filter applies at once, without a page load; without it the sticky
apply button submits the form. German interface text is used where the journey reads what a
person reads; entries are found by their own names.
"""

import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from directory.models import Organisation
from tests.browser.checks import axe_violations, collect_page_errors, layout_problems
from tests.browser.conftest import PHONE
from tests.browser.journeys import is_focused
from tests.factories import (
    CentralAsianPlaceFactory,
    CooperationFieldFactory,
    CountryFactory,
    GermanPlaceFactory,
    OrganisationFactory,
    TwinningFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # see test_public_pages.py
]

# Screenshots for a person to look at (FILTER_SCREENSHOTS=/some/folder); none by default.
SHOTS = os.environ.get("FILTER_SCREENSHOTS")


def shot(page, name: str, *, full_page: bool = False) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=full_page)


@pytest.fixture
def organisations():
    """Four organisations, one in Uzbekistan, and enough fields for a long filter panel."""
    kazakhstan = CountryFactory(code="KZ", name="Kasachstan", is_focus=True)
    uzbekistan = CountryFactory(code="UZ", name="Usbekistan", is_focus=True)
    fields = [
        CooperationFieldFactory(slug=f"field-{number}", name=f"Arbeitsfeld {number}")
        for number in range(14)
    ]
    OrganisationFactory(
        name="Deutsch-Usbekische Gesellschaft", countries=[uzbekistan], fields=fields[:3]
    )
    for number, name in enumerate(("Steppe e. V.", "Kasachstan-Hilfe", "Almaty-Freunde")):
        OrganisationFactory(name=name, countries=[kazakhstan], fields=fields[number + 3 :: 3])


def results(page) -> list[str]:
    return sorted(page.locator(".card-list .card__title a").all_inner_texts())


def heading(page):
    return page.locator("#results-heading")


def uzbekistan(page):
    return page.locator(".filters").get_by_role("checkbox", name=re.compile("Usbekistan"))


def test_ticking_a_country_updates_the_list_without_a_page_load(page, organisations):
    problems = collect_page_errors(page)
    page.goto("/organisations/")
    expect(heading(page)).to_have_text(re.compile("4 Organisationen gefunden"))
    page.evaluate("() => { window.pageMarker = 'still the same page'; }")

    uzbekistan(page).check()
    expect(heading(page)).to_have_text(re.compile("1 Organisation gefunden"))
    assert results(page) == ["Deutsch-Usbekische Gesellschaft"]
    assert page.evaluate("() => window.pageMarker") == "still the same page"  # no navigation
    assert parse_qs(urlsplit(page.url).query) == {"country": ["UZ"]}
    assert is_focused(uzbekistan(page))  # focus stays on the checkbox just ticked
    expect(page.locator("#filter-status")).to_have_text("1 Organisation gefunden")
    kazakhstan_count = page.locator(".filters__option", has_text="Kasachstan").locator(".count")
    expect(kazakhstan_count).to_contain_text("3")
    expect(page.locator(".filters__apply")).to_have_text("1 Ergebnis anzeigen")

    page.go_back()
    expect(heading(page)).to_have_text(re.compile("4 Organisationen gefunden"))
    assert urlsplit(page.url).query == ""
    expect(uzbekistan(page)).not_to_be_checked()
    assert page.evaluate("() => window.pageMarker") == "still the same page"
    page.go_forward()
    expect(heading(page)).to_have_text(re.compile("1 Organisation gefunden"))
    expect(uzbekistan(page)).to_be_checked()
    assert problems == []


def test_the_scroll_position_stays_when_a_filter_applies(page, organisations):
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto("/organisations/")
    option = page.locator(".filters").get_by_role("checkbox", name=re.compile("Arbeitsfeld 13"))
    option.evaluate("(box) => box.scrollIntoView({ block: 'center' })")
    page.wait_for_function("() => window.scrollY > 0")
    before = page.evaluate("() => window.scrollY")
    option.check()
    expect(heading(page)).to_have_text(re.compile("1 Organisation gefunden"))
    assert page.evaluate("() => window.scrollY") == pytest.approx(before, abs=2)
    assert is_focused(option)


def test_the_apply_button_stays_in_reach_on_the_desktop(page, organisations):
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto("/organisations/")
    button = page.locator(".filters__apply")
    box = button.bounding_box()
    assert box["y"] + box["height"] <= 600  # sticky at the bottom of the screen, not far below
    assert page.locator(".filters form").bounding_box()["height"] > 600  # the panel is long


def test_phone_filter_panel_ticks_and_shows_the_results(page, organisations):
    page.set_viewport_size(PHONE)
    page.goto("/organisations/")
    panel = page.locator("details.filters")
    expect(panel).not_to_have_attribute("open", "")
    panel.locator("summary").click()
    expect(panel).to_have_attribute("open", "")
    button = page.locator(".filters__apply")
    box = button.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"]  # in reach at once
    uzbekistan(page).check()
    expect(button).to_have_text("1 Ergebnis anzeigen")
    box = button.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"]
    shot(page, "phone-filter-panel-de")
    assert layout_problems(page) == []

    button.click()
    expect(panel).not_to_have_attribute("open", "")
    expect(heading(page)).to_be_in_viewport()
    expect(heading(page)).to_be_focused()
    assert results(page) == ["Deutsch-Usbekische Gesellschaft"]


def test_phone_filter_panel_in_russian(page, organisations):
    page.set_viewport_size(PHONE)
    page.goto("/ru/organisations/")
    page.locator("details.filters summary").click()
    page.locator(".filters input[name=country][value=UZ]").check()
    expect(page.locator(".filters__apply")).to_have_text("Показать 1 результат")
    shot(page, "phone-filter-panel-ru")
    assert layout_problems(page) == []


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 800}])
def test_list_page_after_a_live_filter_passes_axe(page, organisations, axe, viewport):
    page.set_viewport_size(viewport)
    page.goto("/organisations/")
    page.locator("details.filters").evaluate("(details) => { details.open = true; }")
    uzbekistan(page).check()
    expect(heading(page)).to_have_text(re.compile("1 Organisation gefunden"))
    assert axe_violations(page) == []


def test_filtering_without_javascript_uses_the_apply_button(
    new_context, live_server, organisations
):
    context = new_context(
        base_url=live_server.url,
        java_script_enabled=False,
        viewport={"width": 1280, "height": 600},
    )
    page = context.new_page()
    page.goto("/organisations/")
    button = page.get_by_role("button", name="Filter anwenden")
    box = button.bounding_box()
    assert box["y"] + box["height"] <= 600  # sticky: in reach without scrolling the panel
    uzbekistan(page).check()
    expect(heading(page)).to_have_text(re.compile("4 Organisationen gefunden"))  # not yet
    button.click()
    expect(heading(page)).to_have_text(re.compile("1 Organisation gefunden"))
    assert parse_qs(urlsplit(page.url).query) == {"country": ["UZ"]}
    assert results(page) == ["Deutsch-Usbekische Gesellschaft"]


def test_filtering_on_a_phone_without_javascript(new_context, live_server, organisations):
    """Without the script that folds it on phones, the panel stays open; the sticky apply
    button is in reach and submits the form."""
    page = new_context(
        base_url=live_server.url, java_script_enabled=False, viewport=PHONE
    ).new_page()
    page.goto("/organisations/")
    expect(page.locator("details.filters")).to_have_attribute("open", "")
    uzbekistan(page).check()
    button = page.get_by_role("button", name="Filter anwenden")
    box = button.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"]  # in reach without scrolling the panel
    assert layout_problems(page) == []

    button.click()

    expect(heading(page)).to_have_text(re.compile("1 Organisation gefunden"))
    assert parse_qs(urlsplit(page.url).query) == {"country": ["UZ"]}
    in_uzbekistan = Organisation.objects.published().filter(countries__code="UZ")
    assert results(page) == sorted(in_uzbekistan.values_list("name", flat=True))
    assert layout_problems(page) == []


def test_ticking_a_country_on_the_twinning_list_updates_list_and_map(page):
    uzbek = CountryFactory(code="UZ", name="Usbekistan", is_focus=True)
    berlin = GermanPlaceFactory(name="Berlin", latitude=52.52, longitude=13.405)
    tashkent = CentralAsianPlaceFactory(
        name="Taschkent", country=uzbek, latitude=41.3, longitude=69.27
    )
    almaty = CentralAsianPlaceFactory(name="Almaty", latitude=43.25, longitude=76.9)
    TwinningFactory(german_place=berlin, central_asian_place=tashkent)
    TwinningFactory(german_place=berlin, central_asian_place=almaty)
    page.goto("/twinnings/")
    expect(page.locator("svg.map .map__arc")).to_have_count(2)
    page.evaluate("() => { window.pageMarker = 1; }")

    uzbekistan(page).check()
    expect(heading(page)).to_have_text(re.compile("1 Partnerschaft gefunden"))
    expect(page.locator("svg.map .map__arc")).to_have_count(1)
    expect(page.locator(".map-controls")).to_have_count(1)  # the new map is enhanced again
    assert page.evaluate("() => window.pageMarker") == 1
