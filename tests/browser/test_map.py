"""Zoom, pan and labels that static/js/map.js adds to the server-rendered maps, in Chromium."""

import os
import re

import pytest
from playwright.sync_api import expect

from directory.models import Country, Place
from tests.browser.checks import collect_page_errors
from tests.browser.conftest import PHONE
from tests.factories import (
    CentralAsianPlaceFactory,
    CountryFactory,
    GermanPlaceFactory,
    TwinningFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # see test_public_pages.py
]

FULL_MAP = [0.0, 0.0, 1000.0, 385.0]


@pytest.fixture
def twinning():
    kazakhstan = CountryFactory(code="KZ", name="Kasachstan", is_focus=True)
    uzbekistan = CountryFactory(code="UZ", name="Usbekistan", is_focus=True)
    berlin = GermanPlaceFactory(name="Berlin", latitude=52.52, longitude=13.405)
    almaty = CentralAsianPlaceFactory(
        name="Almaty", country=kazakhstan, latitude=43.25, longitude=76.9
    )
    tashkent = CentralAsianPlaceFactory(
        name="Taschkent", country=uzbekistan, latitude=41.3, longitude=69.27
    )
    TwinningFactory(german_place=berlin, central_asian_place=tashkent)
    return TwinningFactory(german_place=berlin, central_asian_place=almaty)


def view_box(page) -> list[float]:
    return [float(value) for value in page.locator("svg.map").get_attribute("viewBox").split()]


def open_map(page, address="/twinnings/"):
    page.goto(address)
    expect(page.locator(".map-controls")).to_be_visible()
    page.locator("svg.map").scroll_into_view_if_needed()


def points_centre(page) -> tuple[float, float]:
    """The centre of the box around the map's points, in SVG units."""
    return tuple(
        page.locator("svg.map circle.map__point").evaluate_all(
            """(circles) => {
                const xs = circles.map((c) => c.cx.baseVal.value);
                const ys = circles.map((c) => c.cy.baseVal.value);
                const middle = (values) => (Math.min(...values) + Math.max(...values)) / 2;
                return [middle(xs), middle(ys)];
            }"""
        )
    )


def test_zoom_in_button_narrows_the_view_box_towards_the_points(page, twinning):
    open_map(page)
    page.locator(".map-controls__in").click()
    x, y, width, height = view_box(page)
    assert (width, height) == pytest.approx((500, 192.5))
    # Zoomed towards where the points are, not into the map's empty middle.
    assert (x + width / 2, y + height / 2) == pytest.approx(points_centre(page), abs=0.5)
    assert (x + width / 2, y + height / 2) != pytest.approx((500, 192.5), abs=5)


def test_zoom_out_button_widens_the_view_box_again(page, twinning):
    open_map(page)
    page.locator(".map-controls__in").click()
    page.locator(".map-controls__in").click()
    page.locator(".map-controls__out").click()
    assert view_box(page)[2] == pytest.approx(500)


def test_reset_button_restores_the_whole_map(page, twinning):
    open_map(page)
    page.locator(".map-controls__in").click()
    page.mouse.wheel(0, -200)
    page.locator(".map-controls__reset").click()
    assert view_box(page) == pytest.approx(FULL_MAP)
    expect(page.locator(".map-controls__reset")).to_be_disabled()


def test_zoom_stops_at_twelve_times(page, twinning):
    open_map(page)
    for _ in range(5):
        page.locator(".map-controls__in").click(force=True)
    assert view_box(page)[2] == pytest.approx(1000 / 12, abs=0.01)
    expect(page.locator(".map-controls__in")).to_be_disabled()


def test_wheel_zooms_around_the_pointer(page, twinning):
    open_map(page)
    box = page.locator("svg.map").bounding_box()
    # A quarter across and down: that map point must stay under the pointer.
    page.mouse.move(box["x"] + box["width"] / 4, box["y"] + box["height"] / 4)
    page.mouse.wheel(0, -300)
    x, y, width, height = view_box(page)
    assert width < 1000
    assert x + width / 4 == pytest.approx(250, abs=1)
    assert y + height / 4 == pytest.approx(385 / 4, abs=1)


def test_dragging_pans_the_map(page, twinning):
    open_map(page)
    page.locator(".map-controls__in").click()
    before = view_box(page)
    box = page.locator("svg.map").bounding_box()
    scale = before[2] / box["width"]  # map units per pixel
    start_x, start_y = box["x"] + 200, box["y"] + 150
    page.mouse.move(start_x, start_y)
    page.mouse.down()
    page.mouse.move(start_x - 100, start_y - 50, steps=5)
    page.mouse.up()
    after = view_box(page)
    assert after[0] - before[0] == pytest.approx(100 * scale, abs=0.5)
    assert after[1] - before[1] == pytest.approx(50 * scale, abs=0.5)
    assert after[2:] == before[2:]


def arc_middle(page, twinning) -> tuple[float, float]:
    """The middle of the twinning's arc in page pixels (a curve's box centre may miss it)."""
    return page.locator(f'a.map__link[href="{twinning.get_absolute_url()}"] .map__arc').evaluate(
        """(path) => {
            const point = path.getPointAtLength(path.getTotalLength() / 2);
            const screen = new DOMPoint(point.x, point.y).matrixTransform(path.getScreenCTM());
            return [screen.x, screen.y];
        }"""
    )


def test_clicking_an_arc_opens_its_twinning(page, twinning):
    open_map(page)
    page.mouse.click(*arc_middle(page, twinning))
    expect(page).to_have_url(re.compile(re.escape(twinning.get_absolute_url()) + "$"))


def test_a_drag_that_starts_on_an_arc_does_not_open_it(page, twinning):
    open_map(page)
    page.mouse.move(*arc_middle(page, twinning))
    page.mouse.wheel(0, -300)  # zoomed in around the arc's middle, so that a drag can pan
    x, y = arc_middle(page, twinning)
    before = view_box(page)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 40, y + 10, steps=4)
    page.mouse.up()
    page.wait_for_timeout(300)  # time for a navigation, should one (wrongly) start
    assert page.url.endswith("/twinnings/")
    assert view_box(page) != before  # it was a drag


def test_hovering_a_point_shows_its_name(page, twinning):
    open_map(page)
    page.locator("a.map__link circle.map__point").first.hover()
    expect(page.locator(".map-tooltip")).to_be_visible()
    expect(page.locator(".map-tooltip")).to_contain_text("Berlin")


def test_focusing_an_arc_shows_its_name(page, twinning):
    open_map(page)
    page.locator(f'a.map__link[href="{twinning.get_absolute_url()}"]').focus()
    expect(page.locator(".map-tooltip")).to_have_text("Berlin – Almaty")


def test_zoom_buttons_have_translated_names(page, twinning):
    open_map(page, "/ru/twinnings/")
    expect(page.get_by_role("button", name="Увеличить")).to_be_visible()
    expect(page.get_by_role("button", name="Показать всю карту")).to_be_visible()


@pytest.mark.parametrize("address", ["/", "/twinnings/", "/countries/kz/", "twinning"])
def test_map_page_runs_without_errors_or_csp_violations(page, twinning, address):
    problems = collect_page_errors(page)
    open_map(page, twinning.get_absolute_url() if address == "twinning" else address)
    page.locator("svg.map circle.map__point").first.hover()
    page.locator(".map-controls__in").click()
    page.mouse.wheel(0, -100)
    page.locator(".map-controls__reset").click()
    assert problems == []


def phone_map(new_context, live_server, address):
    context = new_context(base_url=live_server.url, viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(address)
    expect(page.locator(".map-controls")).to_be_visible()
    page.locator("svg.map").scroll_into_view_if_needed()
    return page


@pytest.mark.parametrize(
    ("language", "tashkent_name", "expected"),
    [("de", "Taschkent", "Taschkent (Usbekistan)"), ("ru", "Ташкент", "Ташкент (Узбекистан)")],
)
def test_phone_visitor_taps_a_place_and_reads_its_name_in_the_page_language(
    new_context, live_server, twinning, language, tashkent_name, expected
):
    tashkent = Place.objects.get(name_de="Taschkent")
    tashkent.name_ru = "Ташкент"
    tashkent.save()
    Country.objects.filter(code="UZ").update(name_ru="Узбекистан")
    page = phone_map(new_context, live_server, f"/{language}/twinnings/")
    svg_box = page.locator("svg.map").bounding_box()
    assert svg_box["height"] >= 250  # taller than the 132 px of a 1000 × 385 map at 343 px

    target = page.locator(f'a.map__link[data-key="place-{tashkent.pk}"] circle.map__hit')
    box = target.bounding_box()
    assert box["width"] >= 24  # WCAG 2.2 target size
    assert box["height"] >= 24
    expect(page.locator("text.map__label", has_text=tashkent_name)).to_be_visible()

    target.tap()
    tooltip = page.locator(".map-tooltip")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text(expected)
    assert page.url.endswith(f"/{language}/twinnings/")  # the first tap names the place
    shot_folder = os.environ.get("FILTER_SCREENSHOTS")
    if shot_folder:
        page.screenshot(path=f"{shot_folder}/phone-map-{language}.png")

    target.tap()  # the second opens its twinnings
    expect(page).to_have_url(re.compile(r"/twinnings/\?q="))


def test_phone_map_starts_where_most_points_are(new_context, live_server, twinning):
    page = phone_map(new_context, live_server, "/twinnings/")
    x, _y, width, height = view_box(page)
    assert height == pytest.approx(385)
    assert width < 1000
    xs = page.locator("svg.map circle.map__point").evaluate_all(
        "(circles) => circles.map((c) => c.cx.baseVal.value)"
    )
    # Taschkent and Almaty (two of the three points) are in view; Berlin is a drag away.
    assert sum(x <= value <= x + width for value in xs) == 2


def test_phone_map_says_the_other_places_are_a_drag_away(new_context, live_server, twinning):
    page = phone_map(new_context, live_server, "/twinnings/")
    expect(page.locator(".map-hint")).to_have_text(
        "Ziehen Sie die Karte zur Seite, um die übrigen Orte zu sehen."
    )


def test_desktop_map_shows_everything_and_needs_no_drag_hint(page, twinning):
    open_map(page)
    expect(page.locator(".map-hint")).to_have_count(0)


def test_labels_keep_their_screen_size_when_zooming(page, twinning):
    open_map(page)
    label = page.locator("text.map__label", has_text="Berlin")
    before = label.evaluate("(text) => text.getBoundingClientRect().height")
    font_size = float(label.get_attribute("font-size"))
    page.locator(".map-controls__in").click()
    assert float(label.get_attribute("font-size")) == pytest.approx(font_size / 2, rel=0.01)
    assert label.evaluate("(text) => text.getBoundingClientRect().height") == pytest.approx(
        before, abs=1
    )
