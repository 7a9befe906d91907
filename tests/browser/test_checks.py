"""The page checks find what they look for: each is run on a page broken on purpose."""

import pytest

from tests.browser.checks import (
    axe_violations,
    collect_page_errors,
    layout_problems,
    structure_problems,
)
from tests.browser.conftest import PHONE
from tests.browser.journeys import tab_to

pytestmark = pytest.mark.browser

SOUND_PAGE = """<!DOCTYPE html><html lang="de"><head><title>Seite</title></head><body>
<a href="#main" style="position:absolute;top:-10rem">Zum Inhalt</a>
<main id="main"><h1 style="line-height:1.1">Eine Überschrift, die auf dem Telefon in mehrere
Zeilen umbricht</h1>
<p>Ein Absatz mit <a href="/">einem Verweis</a> und <strong>betontem</strong> Text, lang genug,
um umzubrechen, damit benachbarte Zeilen geprüft werden.</p>
<label>Suche <input type="search"></label>
<span style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)">
Nur für Screenreader, ein langer Text, der in einem Pixel steckt</span>
<ul><li>Eins</li><li>Zwei</li></ul></main></body></html>"""


def test_layout_check_passes_a_sound_page(blank_page):
    blank_page.set_viewport_size(PHONE)
    blank_page.set_content(SOUND_PAGE)
    assert layout_problems(blank_page) == []


def test_layout_check_finds_text_on_top_of_text(blank_page):
    blank_page.set_content(
        '<p style="position:absolute;top:10px">Erster Text</p>'
        '<p style="position:absolute;top:14px;left:20px">Zweiter Text</p>'
    )
    assert any("text overlaps" in problem for problem in layout_problems(blank_page))


def test_layout_check_finds_text_running_out_of_a_short_box(blank_page):
    blank_page.set_viewport_size(PHONE)
    blank_page.set_content(
        '<div style="height:1em">Ein langer Text, der in dem zu niedrigen Kasten über mehrere'
        " Zeilen läuft, weiter und weiter, bis er in den nächsten Absatz hineinragt</div>"
        "<p>Nächster Absatz</p>"
    )
    assert any("Nächster Absatz" in problem for problem in layout_problems(blank_page))


def test_layout_check_finds_lines_squeezed_together(blank_page):
    blank_page.set_viewport_size(PHONE)
    blank_page.set_content(
        '<h1 style="line-height:0.4">Eine Überschrift, deren Zeilen übereinander liegen</h1>'
    )
    assert any("text overlaps" in problem for problem in layout_problems(blank_page))


def test_layout_check_finds_horizontal_scrolling_and_its_cause(blank_page):
    blank_page.set_viewport_size(PHONE)
    blank_page.set_content('<main><table class="wide" style="width:900px"><tr><td>x</td></table>')
    problems = layout_problems(blank_page)
    assert problems[0].startswith("page scrolls horizontally")
    assert any("table.wide" in problem for problem in problems)


def test_axe_check_finds_wcag_violations(blank_page, axe):
    blank_page.set_content(
        '<html><body><img src="data:,"><p style="color:#ccc;background:#fff">Blass</p>'
        '<input type="text"></body></html>'
    )
    found = {problem.split(" ", 1)[0] for problem in axe_violations(blank_page)}
    assert {"html-has-lang", "image-alt", "color-contrast", "label"} <= found


def test_axe_check_passes_a_sound_page(blank_page, axe):
    blank_page.set_content(SOUND_PAGE)
    assert axe_violations(blank_page) == []


def test_structure_check_finds_two_h1_and_a_wrong_language(blank_page):
    blank_page.set_content('<html lang="en"><title>T</title><h1>Eins</h1><h1>Zwei</h1></html>')
    assert structure_problems(blank_page, language="de") == [
        "the page has 2 h1 elements, not one",
        '<html lang="en">, expected "de"',
    ]


def test_keyboard_check_follows_visible_focus_to_its_target(blank_page):
    blank_page.set_content('<a href="#a">Eins</a> <a href="#b" id="b">Zwei</a>')
    assert tab_to(blank_page, blank_page.locator("#b")) == 2


def test_keyboard_check_finds_focus_that_does_not_show(blank_page):
    blank_page.set_content(
        '<style>:focus { outline: none }</style><a href="#a">Eins</a> <a href="#b" id="b">Zwei</a>'
    )
    with pytest.raises(AssertionError, match="focus is not visible"):
        tab_to(blank_page, blank_page.locator("#b"))


def test_keyboard_check_fails_when_the_target_cannot_be_reached(blank_page):
    blank_page.set_content('<a href="#a">Eins</a> <span id="b">Zwei</span>')
    with pytest.raises(AssertionError, match="was not reached"):
        tab_to(blank_page, blank_page.locator("#b"), limit=5)


def test_page_error_check_finds_a_csp_violation_and_an_exception(blank_page):
    problems = collect_page_errors(blank_page)
    blank_page.route(
        "http://checks.test/",
        lambda route: route.fulfill(
            content_type="text/html",
            headers={"Content-Security-Policy": "script-src 'self'; style-src 'self'"},
            body='<p style="color:red">Rot</p><script src="/boom.js"></script>',
        ),
    )
    blank_page.route(
        "http://checks.test/boom.js",
        lambda route: route.fulfill(content_type="text/javascript", body="undefinedFunction();"),
    )
    blank_page.goto("http://checks.test/")
    blank_page.wait_for_load_state("load")
    assert any("CSP violation: style-src" in problem for problem in problems), problems
    assert any("undefinedFunction" in problem for problem in problems), problems
