"""A reader switches to Russian or English and gets native text (issue 26, locale/GLOSSARY.md)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import (
    CentralAsianPlaceFactory,
    CountryFactory,
    GermanPlaceFactory,
    OrganisationFactory,
    SourceFactory,
    TwinningFactory,
)
from tests.language import untranslated_on_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def twinning():
    germany = CountryFactory(code="DE", name="Deutschland", name_ru="Германия")
    magdeburg = GermanPlaceFactory(
        name="Magdeburg", name_ru="Магдебург", federal_state="ST", country=germany
    )
    kazakhstan = CountryFactory(code="KZ", name="Kasachstan", name_ru="Казахстан", is_focus=True)
    almaty = CentralAsianPlaceFactory(name="Almaty", name_ru="Алматы", country=kazakhstan)
    OrganisationFactory(name="Freundeskreis Magdeburg", seat=magdeburg, countries=[kazakhstan])
    return TwinningFactory(german_place=magdeburg, central_asian_place=almaty)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "1280px"])
def test_russian_reader_sees_the_federal_state_and_the_footer_in_russian(page, twinning, viewport):
    page.set_viewport_size(viewport)
    page.goto(twinning.get_absolute_url())
    expect(page.get_by_text("Sachsen-Anhalt").first).to_be_visible()

    page.get_by_role("navigation", name="Sprache").get_by_role("link", name="Русский").click()

    expect(page.locator("html")).to_have_attribute("lang", "ru")
    assert untranslated_on_page(page.content(), "ru") == []
    expect(page.get_by_role("main")).to_contain_text("Саксония-Анхальт")
    expect(page.get_by_role("main")).not_to_contain_text("Sachsen-Anhalt")
    footer = page.get_by_role("contentinfo").get_by_role("navigation", name="Информация о сайте")
    expect(footer).to_be_visible()
    footer.get_by_role("link", name="Правовая информация").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Правовая информация")


def test_russian_consent_sentence_has_no_gender_slash(page, twinning):
    page.goto("/ru/suggest/")
    consent = page.get_by_label("Даю согласие", exact=False)
    expect(consent).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text("(-на)")
    page.get_by_role("button", name="Отправить предложение").click()
    expect(page.get_by_role("main")).not_to_contain_text("(а)")


def test_english_reader_sees_english_terms_on_an_organisation_page(page, twinning):
    page.goto("/en/organisations/")
    page.get_by_role("link", name="Freundeskreis Magdeburg").click()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Based in")
    expect(main).to_contain_text("Saxony-Anhalt")
    expect(main).not_to_contain_text("Seat")
    footer = page.get_by_role("contentinfo").get_by_role("navigation", name="Site information")
    expect(footer.get_by_role("link", name="Legal notice")).to_be_visible()


def test_russian_reader_sees_a_district_with_its_city_and_a_german_source_marked_german(page):
    kazakhstan = CountryFactory(code="KZ", name="Kasachstan", name_ru="Казахстан", is_focus=True)
    CentralAsianPlaceFactory(name="Almaty", name_ru="Алматы", country=kazakhstan)
    medeu = CentralAsianPlaceFactory(
        name="Medeu", name_ru="Медеуский район", region="Almaty", country=kazakhstan
    )
    district = GermanPlaceFactory(name="Landkreis Nordsachsen", name_ru="район Северная Саксония")
    twinning = TwinningFactory(german_place=district, central_asian_place=medeu)
    SourceFactory(
        twinning=twinning, organisation=None, title="Vom Niederrhein nach Almaty – DAZ",
        url="https://daz.asia/blog/vom-niederrhein-nach-almaty/",
    )  # fmt: skip

    page.goto("/ru/twinnings/")
    page.get_by_role("link", name="Район Северная Саксония – Медеуский район").click()

    main = page.get_by_role("main")
    expect(main).to_contain_text("Медеуский район (Алматы)")
    expect(main).not_to_contain_text("(Almaty)")
    source = main.get_by_role("link", name="Vom Niederrhein nach Almaty – DAZ")
    expect(source).to_have_attribute("lang", "de")
