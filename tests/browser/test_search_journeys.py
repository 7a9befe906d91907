"""Searching in the visitor's own language and spelling, in a real browser: topics, corrections
and why each result matched, on a phone and on a desktop."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from playwright.sync_api import expect

from directory.models import Organisation, TopicTerm
from directory.search import memory
from tests.browser.checks import layout_problems
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import CooperationFieldFactory, CountryFactory, OrganisationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # see test_public_pages.py
]

SCREENSHOTS = "test-artifacts/search"


@pytest.fixture
def environment_organisations():
    """Two organisations on the environment, one on culture; the seeded topic terms are gone
    in a transactional test, so the needed ones are made here."""
    environment = CooperationFieldFactory(
        slug="environment", name_de="Umwelt und Klima", name_ru="Окружающая среда и климат"
    )
    culture = CooperationFieldFactory(slug="culture", name_de="Kultur", name_ru="Культура")
    for term in ["экология", "Umwelt", "Klimaschutz"]:
        TopicTerm.objects.create(term=term, field=environment)
    kyrgyzstan = CountryFactory(code="KG", name="Kirgisistan", is_focus=True)
    OrganisationFactory(
        name="Ökologische Bewegung BIOM",
        fields=[environment],
        countries=[kyrgyzstan],
        description="Eine kirgisische Umweltbewegung.",
    )
    OrganisationFactory(name="Michael Succow Stiftung", fields=[environment])
    OrganisationFactory(name="Kulturverein Osch", fields=[culture], countries=[kyrgyzstan])


@pytest.mark.usefixtures("environment_organisations")
def test_russian_visitor_on_a_phone_finds_environment_organisations_and_takes_the_field_filter(
    page,
):
    page.set_viewport_size(PHONE)
    page.goto("/ru/search/")
    page.locator("#search-q").fill("экология")
    page.locator("#search-q").press("Enter")

    results = page.locator("#organisations-heading + .card-list")
    expect(results.get_by_role("link", name="Ökologische Bewegung BIOM")).to_be_visible()
    expect(results.get_by_role("link", name="Michael Succow Stiftung")).to_be_visible()
    expect(results.get_by_role("link", name="Kulturverein Osch")).to_have_count(0)
    why = results.locator(".card__match").first
    expect(why).to_contain_text("Окружающая среда и климат")
    expect(why.locator("mark")).to_have_count(1)
    assert layout_problems(page) == []
    page.screenshot(path=f"{SCREENSHOTS}/ru-search-375.png", full_page=True)

    offer = page.get_by_role("link", name="Окружающая среда и климат — 2")
    offer.click()
    expect(page).to_have_url(re.compile(r"/ru/organisations/\?"))
    assert parse_qs(urlsplit(page.url).query)["field"] == ["environment"]
    expect(page.get_by_role("heading", level=2).first).to_contain_text("2")
    expect(page.get_by_role("link", name="Kulturverein Osch")).to_have_count(0)
    assert layout_problems(page) == []

    page.set_viewport_size(DESKTOP)
    page.goto("/ru/search/?q=%D1%8D%D0%BA%D0%BE%D0%BB%D0%BE%D0%B3%D0%B8%D1%8F")
    page.screenshot(path=f"{SCREENSHOTS}/ru-search-1280.png", full_page=True)


@pytest.mark.usefixtures("environment_organisations")
def test_german_visitor_with_a_typo_sees_the_correction_and_can_search_the_exact_words(page):
    page.goto("/organisations/")
    page.locator("#organisation-search-q").fill("Umwlet")
    page.locator("#organisation-search-q").press("Enter")

    notice = page.locator(".search-correction")
    expect(notice).to_contain_text("Umwelt")
    expect(page.get_by_role("link", name="Ökologische Bewegung BIOM")).to_be_visible()
    page.screenshot(path=f"{SCREENSHOTS}/de-typo-1280.png", full_page=True)
    page.set_viewport_size(PHONE)
    assert layout_problems(page) == []
    page.screenshot(path=f"{SCREENSHOTS}/de-typo-375.png", full_page=True)

    notice.get_by_role("link").click()
    assert parse_qs(urlsplit(page.url).query) == {"q": ["Umwlet"], "exact": ["1"]}
    expect(page.locator(".search-correction")).to_have_count(0)
    expect(page.get_by_role("link", name="Ökologische Bewegung BIOM")).to_have_count(0)
    expect(page.locator("#organisation-search-q")).to_have_value("Umwlet")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the words are held on PostgreSQL only"
)
@pytest.mark.usefixtures("environment_organisations")
def test_a_search_answered_from_held_words_shows_a_curators_rename_on_the_next_search(
    page, settings
):
    """A big list's searches come from words held in memory (``directory.search.memory``);
    here every list is big enough."""
    settings.SEARCH_MEMORY_MIN_ENTRIES = 0
    page.set_viewport_size(PHONE)
    page.goto("/organisations/")
    page.locator("#organisation-search-q").fill("Umwelt")
    page.locator("#organisation-search-q").press("Enter")
    expect(page.get_by_role("link", name="Ökologische Bewegung BIOM")).to_be_visible()
    expect(page.get_by_role("link", name="Michael Succow Stiftung")).to_be_visible()
    expect(page.get_by_role("link", name="Kulturverein Osch")).to_have_count(0)
    assert "directory.organisation" in memory.held._held  # the words answered

    succow = Organisation.objects.get(name="Michael Succow Stiftung")
    succow.name = "Succow Stiftung für Moorschutz"
    succow.save()  # a curator's save, committed

    page.locator("#organisation-search-q").fill("Moorschutz")
    page.locator("#organisation-search-q").press("Enter")
    expect(page.get_by_role("link", name="Succow Stiftung für Moorschutz")).to_be_visible()
    expect(page.get_by_role("link", name="Ökologische Bewegung BIOM")).to_have_count(0)
    assert layout_problems(page) == []
    page.screenshot(path=f"{SCREENSHOTS}/de-held-words-375.png", full_page=True)
