"""A journalist reads the statistics and follows a number to its list; a user downloads the XLSX
of a filtered list and opens it as a spreadsheet program would. At phone and desktop width."""

import re

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
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

each_width = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "1280px"])

NO_SIDEWAYS_SCROLLING = """() => {
    const root = document.documentElement;
    const wide = [...document.querySelectorAll("table")].filter(t => t.scrollWidth > t.clientWidth);
    return {page: root.scrollWidth <= root.clientWidth, wideTables: wide.length};
}"""


@pytest.fixture
def directory():
    kazakhstan = CountryFactory(code="KZ", name="Kasachstan", is_focus=True)
    uzbekistan = CountryFactory(code="UZ", name="Usbekistan", is_focus=True)
    education = CooperationFieldFactory(slug="education", name="Bildung")
    environment = CooperationFieldFactory(slug="environment", name="Umwelt und Klima")
    for name in ("Deutsch-Kasachische Gesellschaft", "Kasachstan-Schulverein", "Almaty e.V."):
        OrganisationFactory(name=name, countries=[kazakhstan], fields=[education])
    OrganisationFactory(
        name="Aralsee-Hilfe", countries=[kazakhstan, uzbekistan], fields=[environment]
    )
    OrganisationFactory(name="=HYPERLINK(1)", countries=[uzbekistan], fields=[education])
    OrganisationFactory(name="Entwurf e.V.", countries=[kazakhstan], fields=[education], draft=True)
    for german, partner in (
        ("München", kazakhstan),
        ("Nürnberg", kazakhstan),
        ("Berlin", uzbekistan),
    ):
        state = "BE" if german == "Berlin" else "BY"
        TwinningFactory(
            german_place=GermanPlaceFactory(name=german, federal_state=state),
            central_asian_place=CentralAsianPlaceFactory(country=partner),
        )


def results_count(page) -> int:
    return int(re.search(r"\d+", page.locator("#results-heading").inner_text()).group())


def assert_readable_without_sideways_scrolling(page, viewport) -> None:
    layout = page.evaluate(NO_SIDEWAYS_SCROLLING)
    assert layout == {"page": True, "wideTables": 0}, f"at {viewport['width']} px: {layout}"


def assert_within_the_width(locator, viewport) -> None:
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= viewport["width"]


@each_width
def test_journalist_follows_a_table_number_to_its_list(page, directory, viewport):
    page.set_viewport_size(viewport)
    page.goto("/")
    page.locator(".site-nav").get_by_role("link", name="Statistik").click()
    expect(page).to_have_url(re.compile(r"/de/statistics/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistik")
    assert_readable_without_sideways_scrolling(page, viewport)

    table = page.locator("table").first
    kazakhstan = table.locator("tr", has=page.get_by_role("rowheader", name="Kasachstan"))
    number = kazakhstan.locator('td[data-label="Bildung"] a')
    assert_within_the_width(number, viewport)
    counted = int(number.inner_text())
    assert counted == 3
    number.click()

    expect(page).to_have_url(re.compile(r"/organisations/\?country=KZ&field=education$"))
    assert results_count(page) == counted
    expect(page.get_by_role("link", name="Entwurf e.V.")).to_have_count(0)


@each_width
def test_journalist_follows_a_chart_bar_to_its_list(page, directory, viewport):
    page.set_viewport_size(viewport)
    page.goto("/de/statistics/")
    chart = page.get_by_role("list", name="Partnerschaften nach Bundesland")
    expect(page.get_by_text("Bundesländer mit Partnerschaften: 2")).to_be_visible()
    bar = chart.get_by_role("link", name=re.compile(r"^Bayern \d+$"))
    assert_within_the_width(bar, viewport)
    counted = int(bar.locator(".bar-chart__value").inner_text())
    assert counted == 2
    bar.click()
    expect(page).to_have_url(re.compile(r"/twinnings/\?state=BY$"))
    assert results_count(page) == counted


@each_width
def test_user_downloads_the_xlsx_of_a_filtered_list(page, directory, viewport, tmp_path):
    page.set_viewport_size(viewport)
    page.goto("/de/organisations/?country=KZ")
    shown = results_count(page)
    assert shown == 4
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Excel (XLSX) herunterladen").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    sheet = openpyxl.load_workbook(path).active
    headings = [cell.value for cell in sheet[1]]
    assert headings[:4] == ["Kennung", "Adresse der Seite", "Adresse des JSON-Datensatzes", "Name"]
    assert "Sitz: Name" in headings
    assert sheet.max_row - 1 == shown
    names = {row[3] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "Aralsee-Hilfe" in names
    assert "Entwurf e.V." not in names
