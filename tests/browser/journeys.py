"""Steps that several journeys share: moving with the keyboard and checking what has focus;
screenshots for a person to look at."""

from playwright.sync_api import Locator, Page

from tests.browser.conftest import ARTIFACTS, DESKTOP, PHONE

SCREENSHOTS = ARTIFACTS / "screenshots"


def shoot(page: Page, name: str) -> None:
    """The whole page at 1280 px and at 375 px (a phone): test-artifacts/screenshots/NAME-1280.png
    and NAME-375.png. The viewport is back at desktop width afterwards."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=SCREENSHOTS / f"{name}-1280.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=SCREENSHOTS / f"{name}-375.png", full_page=True)
    page.set_viewport_size(DESKTOP)


# A focused element must show it (WCAG 2.4.7): an outline or a box shadow. Focus on <body> (or
# in the browser's own interface, after the last element) has nothing to show.
_FOCUS_HIDDEN = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const shown = el.matches(":focus-visible") && (outline || style.boxShadow !== "none");
    return shown ? null : el.outerHTML.slice(0, 120);
}"""


def is_focused(locator: Locator) -> bool:
    return locator.evaluate("(el) => el === document.activeElement")


def tab_to(page: Page, target: Locator, *, limit: int = 80) -> int:
    """Press Tab until ``target`` has focus; every element passed must show its focus.

    Returns the number of key presses. Fails when the target is not reached within ``limit``.
    """
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        hidden = page.evaluate(_FOCUS_HIDDEN)
        assert hidden is None, f"focus is not visible on {hidden}"
        if is_focused(target):
            return presses
    raise AssertionError(f"{target} was not reached with {limit} presses of Tab")
