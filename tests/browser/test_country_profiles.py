"""Country profiles in a real browser: a phone user reads a fact and its source without
scrolling sideways and follows the source; the comparison reads on a phone and on a desktop;
a curator records a fact that visitors then see."""

from datetime import date
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from directory.models import CountryFact
from tests.browser.checks import layout_problems
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import (
    CentralAsianPlaceFactory,
    CountryFactFactory,
    CountryFactory,
    CuratorFactory,
    OrganisationFactory,
    ProgrammeFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "country-profiles"
SOURCE = "https://monitor.example.org/country/kazakhstan/civic-space-rating-2023-people-power"
EMBASSY = "https://kasachstan.diplo.de/kz-de/willkommen/laenderinfos/bilaterale-beziehungen"
FOCUS = {
    "KZ": "Kasachstan",
    "KG": "Kirgisistan",
    "TJ": "Tadschikistan",
    "TM": "Turkmenistan",
    "UZ": "Usbekistan",
}


@pytest.fixture
def countries():
    made = {
        code: CountryFactory(code=code, name=name, is_focus=True) for code, name in FOCUS.items()
    }
    kazakhstan = made["KZ"]
    almaty = CentralAsianPlaceFactory(name="Almaty", country=kazakhstan)
    OrganisationFactory(
        name="Goethe-Institut Almaty",
        kind="public_body",
        seat=almaty,
        countries=[kazakhstan],
        german_office=True,
    )
    OrganisationFactory(name="Örtliche Verwaltungsakademie", kind="public_body", seat=almaty)
    CountryFactFactory(
        country=kazakhstan,
        kind="german_embassy",
        value="Deutsche Botschaft Astana; Generalkonsulat Almaty",
        text="Deutschland unterhält eine Botschaft in Astana und ein Generalkonsulat in Almaty.",
        source_url=EMBASSY,
        source_title="Deutsche Botschaft Astana: bilaterale Beziehungen",
    )
    ProgrammeFactory(name="Laufendes Stipendienprogramm", countries=[kazakhstan])
    ProgrammeFactory(name="Beendetes Programm", countries=[kazakhstan], status="ended")
    CountryFactFactory(
        country=kazakhstan,
        kind="civic_space",
        value="Unterdrückt (repressed), 27/100",
        text="Laut CIVICUS Monitor ist der zivilgesellschaftliche Raum eingeschränkt.",
        source_url=SOURCE,
        source_title="CIVICUS Monitor: People Power Under Attack 2023 – Kasachstan",
        as_of=date(2023, 12, 31),
    )
    CountryFactFactory(
        country=made["UZ"],
        kind="civic_space",
        value="Geschlossen (closed), 18/100",
        source_url="https://monitor.example.org/country/uzbekistan",
        as_of=date(2023, 12, 31),
    )
    return made


def serve_sources(context) -> None:
    """The sources are other sites: answer them in the browser, the test has no internet."""
    context.route(
        "https://monitor.example.org/**",
        lambda route: route.fulfill(
            content_type="text/html",
            body="<!doctype html><title>CIVICUS Monitor</title><h1>Kazakhstan</h1>",
        ),
    )


def scrolls_sideways(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def test_phone_user_reads_a_fact_and_its_source_and_follows_the_source(
    new_context, live_server, countries
):
    context = new_context(base_url=live_server.url, viewport=PHONE)
    serve_sources(context)
    page = context.new_page()
    page.goto(countries["KZ"].get_absolute_url())

    fact = page.locator(".fact", has_text="Unterdrückt (repressed), 27/100")
    expect(fact).to_be_visible()
    expect(fact.locator("time")).to_have_text("31. Dezember 2023")
    expect(fact.locator(".badge--outdated")).to_have_text("möglicherweise veraltet")
    source = fact.get_by_role("link", name="CIVICUS Monitor: People Power Under Attack 2023")
    source.scroll_into_view_if_needed()
    expect(source).to_be_visible()
    assert not scrolls_sideways(page)
    assert layout_problems(page) == []
    presence = page.locator("section", has=page.locator("#presence-heading"))
    expect(presence.get_by_role("link", name="Goethe-Institut Almaty")).to_be_visible()
    expect(
        presence.get_by_text("Deutsche Botschaft Astana; Generalkonsulat Almaty")
    ).to_be_visible()
    expect(presence.get_by_role("link", name="Örtliche Verwaltungsakademie")).to_have_count(0)
    screenshot(page, "country-375")

    source.click()
    expect(page).to_have_url(SOURCE)
    expect(page.get_by_role("heading", name="Kazakhstan")).to_be_visible()


def test_country_page_fits_a_desktop_and_links_the_comparison(new_context, live_server, countries):
    page = new_context(base_url=live_server.url, viewport=DESKTOP).new_page()
    page.goto(countries["KZ"].get_absolute_url())
    assert not scrolls_sideways(page)
    screenshot(page, "country-1280")

    page.get_by_role("link", name="Die fünf zentralasiatischen Länder vergleichen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Die fünf zentralasiatischen Länder im Vergleich"
    )


def test_phone_user_reads_the_comparison_as_cards_and_follows_a_source(
    new_context, live_server, countries
):
    context = new_context(base_url=live_server.url, viewport=PHONE)
    serve_sources(context)
    page = context.new_page()
    response = page.goto(reverse("directory:country-compare"))
    assert response.status == HTTPStatus.OK

    assert not scrolls_sideways(page)
    assert layout_problems(page) == []
    row = page.locator("tr", has_text="Bewertung des zivilgesellschaftlichen Raums")
    expect(row).to_be_visible()
    # Each country's cell is labelled with the country's name on a phone (one card per fact).
    cell = row.locator("td", has_text="Unterdrückt (repressed), 27/100")
    assert cell.evaluate("cell => getComputedStyle(cell, '::before').content") == '"Kasachstan"'
    assert cell.evaluate("cell => getComputedStyle(cell).display") == "block"
    expect(row.locator("td", has_text="nicht erfasst").first).to_be_visible()
    screenshot(page, "compare-375")

    cell.get_by_role("link", name="Quelle").click()
    expect(page).to_have_url(SOURCE)


def test_desktop_user_reads_the_comparison_as_a_table_with_counts_linked_to_lists(
    new_context, live_server, countries
):
    page = new_context(base_url=live_server.url, viewport=DESKTOP).new_page()
    page.goto(reverse("directory:country-compare"))

    table = page.get_by_role("table", name="Angaben und Zahlen des Verzeichnisses je Land")
    expect(table).to_be_visible()
    assert table.evaluate("table => getComputedStyle(table).display") == "table"
    expect(table.get_by_role("columnheader")).to_have_count(5)
    assert layout_problems(page) == []
    assert not scrolls_sideways(page)
    screenshot(page, "compare-1280")

    organisations = page.locator("tr", has_text="Dort tätige Organisationen")
    organisations.get_by_role("link", name="1 Organisation").click()
    expect(page).to_have_url(f"{live_server.url}/de/organisations/?country=KZ")
    expect(page.locator(".card-list .card__title a")).to_have_text(["Goethe-Institut Almaty"])


def test_curator_records_a_fact_that_visitors_then_see_with_its_source(
    new_context, live_server, countries
):
    curator = CuratorFactory(username="curator", password="correct horse battery staple")
    staff = new_context(base_url=live_server.url).new_page()
    staff.goto("/admin/")
    staff.locator("#id_username").fill(curator.username)
    staff.locator("#id_password").fill("correct horse battery staple")
    staff.locator("#id_password").press("Enter")
    expect(staff.locator("#user-tools")).to_be_visible()

    staff.locator("a[href$='/directory/countryfact/add/']").first.click()
    staff.locator("#id_country").select_option(label="Turkmenistan")
    staff.locator("#id_kind").select_option("freedom")
    staff.locator("#id_value_de").fill("Nicht frei, 2/100")
    staff.locator("#id_text_de").fill("Freedom House stuft Turkmenistan als nicht frei ein.")
    staff.locator("#id_source_url").fill("https://freedomhouse.example.org/turkmenistan")
    staff.locator("#id_source_title").fill("Freedom House: Freedom in the World 2024")
    staff.locator("#id_as_of").fill("2024-02-29")
    staff.locator("input[name=_save]").click()
    expect(staff.locator(".messagelist .success")).to_be_visible()
    fact = CountryFact.objects.get(country__code="TM")
    assert fact.source_url == "https://freedomhouse.example.org/turkmenistan"

    visitor = new_context(base_url=live_server.url, locale="en-GB").new_page()
    visitor.goto("/en/countries/tm/")
    card = visitor.locator(".fact", has_text="Nicht frei, 2/100")
    expect(card).to_be_visible()
    expect(card.locator(".notice--language")).to_have_text(
        "This description is only available in German."
    )
    expect(
        card.get_by_role("link", name="Freedom House: Freedom in the World 2024")
    ).to_have_attribute("href", "https://freedomhouse.example.org/turkmenistan")


def test_desktop_user_follows_the_running_programmes_count_to_the_filtered_programme_list(
    new_context, live_server, countries
):
    page = new_context(base_url=live_server.url, viewport=DESKTOP).new_page()
    page.goto(reverse("directory:country-compare"))

    row = page.locator("tr", has_text="Laufende Förderprogramme")
    expect(row.locator("td")).to_have_text(["1 laufendes Programm", *["0 laufende Programme"] * 4])
    row.get_by_role("link", name="1 laufendes Programm").click()

    expect(page).to_have_url(f"{live_server.url}/de/programmes/?country=KZ&status=running")
    expect(page.locator(".card__title a")).to_have_text(["Laufendes Stipendienprogramm"])
    assert layout_problems(page) == []


def test_phone_user_follows_an_empty_comparison_cell_to_the_country_page(
    new_context, live_server, countries
):
    page = new_context(base_url=live_server.url, viewport=PHONE).new_page()
    page.goto(reverse("directory:country-compare"))

    row = page.locator("tr", has_text="Bewertung des zivilgesellschaftlichen Raums")
    cell = row.locator("td", has_text="nicht erfasst").first
    expect(cell).to_have_attribute("data-label", "Kirgisistan")
    cell.get_by_role("link", name="siehe die Seite zu Kirgisistan").click()

    expect(page).to_have_url(f"{live_server.url}/de/countries/kg/#civic-space-heading")
    expect(
        page.get_by_role("heading", name="Zivilgesellschaftlicher Raum auf einen Blick")
    ).to_be_in_viewport()
    assert not CountryFact.objects.filter(country=countries["KG"]).exists()
    empty = "Zu diesem Land sind noch keine belegten Angaben zum zivilgesellschaftlichen Raum"
    expect(page.get_by_text(empty)).to_be_visible()
