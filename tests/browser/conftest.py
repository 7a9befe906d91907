"""Fixtures for the browser tests: Debian's Chromium driven by Playwright against live_server.

On failure, every open page's screenshot and HTML go to test-artifacts/<test>/ (git ignores it).
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import sync_playwright

from tests.browser.tools import (
    AXE_SCRIPT,
    CHROMIUM_ARGS,
    VNU_JAR,
    chromium_path,
    java_path,
    require,
)

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
_reports = pytest.StashKey[dict]()


def pytest_sessionstart(session):
    """Artefacts describe the last run only: old ones would point at failures since fixed."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(_reports, {})[report.when] = report
    return report


def artifact_folder(node) -> Path:
    return ARTIFACTS / re.sub(r"[^\w.\-\[\]]+", "_", node.nodeid)


# Module scope, not session: the environment variable below must not outlive the browser tests
# (manage.py check --deploy in tests/test_production.py rejects it, and subprocesses inherit it).
@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    require(
        executable is not None,
        "Chromium is not installed (apt-get install chromium); the browser tests need it",
    )
    # Playwright's synchronous API keeps an event loop running in this thread, and Django then
    # refuses database access from it ("You cannot call this from an async context"). The tests
    # really are synchronous, so that guard does not apply (playwright-pytest issue 29).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def axe():
    """axe-core is needed: the test calls checks.axe_violations()."""
    require(AXE_SCRIPT.is_file(), f"axe-core is missing ({AXE_SCRIPT}); run `make browser-deps`")


@pytest.fixture
def vnu():
    """The Nu HTML Checker and Java are needed: the test calls checks.html_errors()."""
    require(VNU_JAR.is_file(), f"vnu.jar is missing ({VNU_JAR}); run `make browser-deps`")
    require(java_path() is not None, "Java is missing (apt-get install default-jre-headless)")


@pytest.fixture
def new_context(browser, request):
    """Make browser contexts (separate cookie jars: a visitor and a curator); closed afterwards."""
    contexts = []

    def make(**options):
        context = browser.new_context(**{"viewport": DESKTOP, "locale": "de-DE", **options})
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    reports = request.node.stash.get(_reports, {})
    if any(report.failed for report in reports.values()):
        save_artifacts(artifact_folder(request.node), [p for c in contexts for p in c.pages])
    for context in contexts:
        context.close()


def save_artifacts(folder: Path, pages) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number, page in enumerate(pages, start=1):
        (folder / f"page-{number}.url").write_text(page.url + "\n", encoding="utf-8")
        (folder / f"page-{number}.html").write_text(page.content(), encoding="utf-8")
        page.screenshot(path=folder / f"page-{number}.png", full_page=True)


@pytest.fixture
def blank_page(new_context):
    """A page without a server, for content set by the test (page.set_content)."""
    return new_context().new_page()


@pytest.fixture
def page(new_context, live_server):
    """A page on the live test server; relative addresses work: ``page.goto("/about/")``."""
    return new_context(base_url=live_server.url).new_page()
