"""The journeys people make through the site, in a real browser against the live test server.

UI text is found by role and by the entries' own (German) names, not by the English interface
strings, so the journeys keep working when the interface is translated.
"""

import re
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.checks import layout_problems
from tests.browser.conftest import PHONE
from tests.browser.journeys import tab_to
from tests.factories import (
    CentralAsianPlaceFactory,
    CooperationFieldFactory,
    CountryFactory,
    CuratorFactory,
    GermanPlaceFactory,
    OrganisationFactory,
    PlaceAliasFactory,
    TwinningFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # see test_public_pages.py
]


@pytest.fixture
def organisations():
    """Three societies: one in Kazakhstan working on education, two that differ in one way."""
    kazakhstan, uzbekistan = (
        CountryFactory(code="KZ", name="Kasachstan", is_focus=True),
        CountryFactory(code="UZ", name="Usbekistan", is_focus=True),
    )
    education = CooperationFieldFactory(slug="education", name="Bildung")
    environment = CooperationFieldFactory(slug="environment", name="Umwelt und Klima")
    OrganisationFactory(
        name="Deutsch-Usbekische Gesellschaft", countries=[uzbekistan], fields=[education]
    )
    OrganisationFactory(
        name="Kasachische Gesellschaft für Umwelt", countries=[kazakhstan], fields=[environment]
    )
    return OrganisationFactory(
        name="Deutsch-Kasachische Gesellschaft", countries=[kazakhstan], fields=[education]
    )


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def log_in(page, curator) -> None:
    """Log in to the admin by its form (the admin's own ids; its text is translated)."""
    page.goto("/admin/")
    page.locator("#id_username").fill(curator.username)
    page.locator("#id_password").fill("correct horse battery staple")
    page.locator("#id_password").press("Enter")
    expect(page.locator("#user-tools")).to_be_visible()


def result_names(page) -> list[str]:
    return page.locator(".card-list .card__title a").all_inner_texts()


def test_visitor_searches_filters_opens_an_entry_and_comes_back_to_the_same_list(
    page, organisations
):
    page.goto("/")
    page.get_by_role("main").get_by_role("searchbox").fill("Gesellschaft")
    page.keyboard.press("Enter")
    expect(page.locator(".card-list .card")).to_have_count(3)

    filters = page.locator(".filters")
    filters.get_by_role("checkbox", name=re.compile("Kasachstan")).check()
    filters.get_by_role("checkbox", name=re.compile("Bildung")).check()
    filters.get_by_role("button").click()
    assert result_names(page) == ["Deutsch-Kasachische Gesellschaft"]
    filtered_url = page.url
    assert query_of(filtered_url) == {
        "q": ["Gesellschaft"],
        "country": ["KZ"],
        "field": ["education"],
    }

    page.get_by_role("link", name="Deutsch-Kasachische Gesellschaft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Deutsch-Kasachische Gesellschaft")

    page.go_back()
    assert page.url == filtered_url
    assert result_names(page) == ["Deutsch-Kasachische Gesellschaft"]
    expect(filters.get_by_role("checkbox", name=re.compile("Kasachstan"))).to_be_checked()
    expect(filters.get_by_role("checkbox", name=re.compile("Bildung"))).to_be_checked()
    expect(page.get_by_role("main").get_by_role("searchbox")).to_have_value("Gesellschaft")


def test_visitor_searches_filters_and_opens_a_result_with_the_keyboard_alone(page, organisations):
    page.goto("/")
    search = page.get_by_role("main").get_by_role("searchbox")
    tab_to(page, search)
    page.keyboard.type("Gesellschaft")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=Gesellschaft"))

    filters = page.locator(".filters")
    tab_to(page, filters.get_by_role("checkbox", name=re.compile("Kasachstan")))
    page.keyboard.press("Space")
    tab_to(page, filters.get_by_role("button"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"country=KZ"))
    expect(page.locator(".card-list .card")).to_have_count(2)
    assert sorted(result_names(page)) == [
        "Deutsch-Kasachische Gesellschaft",
        "Kasachische Gesellschaft für Umwelt",
    ]

    tab_to(page, page.get_by_role("link", name="Kasachische Gesellschaft für Umwelt"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kasachische Gesellschaft für Umwelt")


def test_phone_visitor_opens_the_filters_with_the_keyboard_and_they_fit(page, organisations):
    page.set_viewport_size(PHONE)
    page.goto("/organisations/")
    filters = page.locator("details.filters")
    expect(filters).not_to_have_attribute("open", "")  # closed on phones to keep results near
    tab_to(page, filters.locator("summary"))
    page.keyboard.press("Enter")
    expect(filters).to_have_attribute("open", "")
    assert layout_problems(page) == []


def test_curator_edits_an_entry_and_publishes_a_draft_that_visitors_then_see(
    new_context, live_server
):
    published = OrganisationFactory(name="Deutsch-Kasachische Gesellschaft")
    draft = OrganisationFactory(name="Freundeskreis Taschkent", draft=True)
    curator = CuratorFactory(username="curator", password="correct horse battery staple")
    visitor = new_context(base_url=live_server.url).new_page()
    staff = new_context(base_url=live_server.url).new_page()

    assert visitor.goto(draft.get_absolute_url()).status == HTTPStatus.NOT_FOUND
    visitor.goto("/organisations/")
    assert result_names(visitor) == ["Deutsch-Kasachische Gesellschaft"]

    log_in(staff, curator)
    staff.locator("a[href$='/directory/organisation/']").first.click()

    staff.get_by_role("link", name="Deutsch-Kasachische Gesellschaft").click()
    staff.locator("#id_description_de").fill("Seit 1992 Brücke zwischen Berlin und Almaty.")
    staff.locator("input[name=_save]").click()
    expect(staff.locator(".messagelist .success")).to_be_visible()

    staff.locator("tr", has_text="Freundeskreis Taschkent").locator("input.action-select").check()
    staff.locator("select[name=action]").select_option("publish")
    staff.locator("button[name=index]").click()
    expect(staff.locator(".messagelist .success")).to_be_visible()

    visitor.goto(published.get_absolute_url())
    expect(visitor.get_by_role("main")).to_contain_text("Seit 1992 Brücke zwischen Berlin")
    assert visitor.goto(draft.get_absolute_url()).status == HTTPStatus.OK
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Freundeskreis Taschkent")
    visitor.goto("/organisations/")
    assert result_names(visitor) == [
        "Deutsch-Kasachische Gesellschaft",
        "Freundeskreis Taschkent",
    ]

    # The home page's "Newest entries" put the entry just published first.
    draft.refresh_from_db()
    assert draft.published_at > published.published_at
    visitor.goto("/")
    newest = visitor.get_by_role("region", name="Neueste Einträge").get_by_role("listitem")
    expect(newest.first.get_by_role("link")).to_have_text("Freundeskreis Taschkent")


def test_visitor_suggests_a_correction_and_the_curator_finds_it_in_the_queue(
    new_context, live_server
):
    organisation = OrganisationFactory(name="Deutsch-Kasachische Gesellschaft")
    curator = CuratorFactory(username="curator", password="correct horse battery staple")
    visitor = new_context(base_url=live_server.url).new_page()
    staff = new_context(base_url=live_server.url).new_page()

    visitor.goto(organisation.get_absolute_url())
    visitor.locator(".suggest-box").get_by_role("link").click()
    visitor.locator("#id_message").fill("Die Geschäftsstelle ist nach Potsdam umgezogen.")
    visitor.locator("#id_consent").check()
    visitor.get_by_role("main").locator("button[type=submit]").click()
    visitor.wait_for_url("**/suggest/thanks/")

    log_in(staff, curator)
    queue = staff.locator("#open-suggestions")
    expect(queue).to_contain_text("1")
    queue.get_by_role("link", name=re.compile("Vorschl")).click()
    suggestions = staff.locator("#result_list a[href*='/directory/suggestion/']")
    expect(suggestions).to_have_count(1)
    expect(suggestions).to_contain_text("Deutsch-Kasachische Gesellschaft")
    suggestions.click()
    expect(staff.locator("#content")).to_contain_text("nach Potsdam umgezogen")


def test_visitor_finds_a_twinning_by_typing_a_town_in_another_script(page):
    kazakhstan = CountryFactory(code="KZ", name="Kasachstan", is_focus=True)
    almaty = CentralAsianPlaceFactory(name="Almaty", country=kazakhstan)
    PlaceAliasFactory(place=almaty, name="Алматы", language="ru")
    twinning = TwinningFactory(
        german_place=GermanPlaceFactory(name="Berlin"), central_asian_place=almaty
    )
    TwinningFactory(
        german_place=GermanPlaceFactory(name="Potsdam"),
        central_asian_place=CentralAsianPlaceFactory(name="Schymkent", country=kazakhstan),
    )

    page.goto("/")
    page.get_by_role("banner").get_by_role("searchbox").fill("Алматы")
    page.keyboard.press("Enter")
    twinnings = page.locator("#twinnings-heading + .card-list .card__title a")
    expect(twinnings).to_have_count(1)
    twinnings.click()
    assert page.url.endswith(twinning.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Almaty")
