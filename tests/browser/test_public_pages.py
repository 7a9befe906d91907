"""Every public page type, in a real browser: accessible (axe), well-formed, usable on a phone."""

import shutil

import pytest
from django.conf import settings
from django.utils import translation

from tests.browser.checks import axe_violations, html_errors, layout_problems, structure_problems
from tests.browser.conftest import DESKTOP, PHONE, artifact_folder
from tests.browser.pages import PUBLIC_PAGES, page_language, site

pytestmark = [
    pytest.mark.browser,
    # live_server needs committed data: each test's data is deleted afterwards, the seeded
    # countries and fields too, so tests make what they use (the factories get or create it).
    pytest.mark.django_db(transaction=True),
]

each_page = pytest.mark.parametrize("public_page", PUBLIC_PAGES, ids=str)


@pytest.fixture
def directory():
    return site()


def visit(page, public_page, directory):
    address = public_page.address(directory)
    response = page.goto(address)
    assert response.status == public_page.status, f"{address} answered {response.status}"
    return address


def assert_no_problems(problems: list[str], what: str) -> None:
    if problems:
        pytest.fail(f"{what}:\n" + "\n".join(problems), pytrace=False)


@each_page
def test_page_has_no_wcag_a_or_aa_violations(page, axe, directory, public_page):
    """WCAG 2.2 A/AA (axe's tags up to wcag22aa) in every language, on a phone and a desktop."""
    problems = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            address = visit(page, public_page, directory)
        for viewport in (PHONE, DESKTOP):
            page.set_viewport_size(viewport)
            page.goto(address)
            problems += [
                f"{address} at {viewport['width']} px: {problem}"
                for problem in axe_violations(page)
            ]
    assert_no_problems(problems, "axe-core found WCAG 2.2 A/AA violations")


@each_page
def test_page_has_a_title_one_h1_and_its_language(page, directory, public_page):
    address = visit(page, public_page, directory)
    assert_no_problems(structure_problems(page, language=page_language(address)), "Page structure")


@each_page
def test_page_fits_phone_and_desktop_without_overlapping_text(page, directory, public_page):
    problems = []
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        visit(page, public_page, directory)
        problems += [f"at {viewport['width']} px: {problem}" for problem in layout_problems(page)]
    assert_no_problems(problems, "Layout")


def test_every_page_has_its_own_title(page, directory):
    pages_by_title = {}
    for public_page in PUBLIC_PAGES:
        visit(page, public_page, directory)
        pages_by_title.setdefault(page.title(), []).append(public_page.name)
    shared = [f"{title!r}: {names}" for title, names in pages_by_title.items() if len(names) > 1]
    assert_no_problems(shared, "Pages share a title")


def test_every_page_is_valid_html(client, vnu, directory, tmp_path, request):
    documents = {}
    for public_page in PUBLIC_PAGES:
        response = client.get(public_page.address(directory))
        assert response.status_code == public_page.status
        documents[public_page.name] = response.text
    errors = html_errors(documents, tmp_path)
    if any(errors.values()):
        shutil.copytree(tmp_path, artifact_folder(request.node), dirs_exist_ok=True)
    assert_no_problems(
        [f"{name}: {error}" for name, messages in errors.items() for error in messages],
        "The Nu HTML Checker found errors",
    )
