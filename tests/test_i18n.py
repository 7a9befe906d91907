"""German, English and Russian: addresses, switcher, catalogues, translated content, sorting."""

import datetime
import re
from http import HTTPStatus
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import translation

from directory.models import Place
from tests.browser.pages import PUBLIC_PAGES as BROWSER_PAGES
from tests.browser.pages import site
from tests.factories import (
    CentralAsianPlaceFactory,
    CooperationFieldFactory,
    CountryFactory,
    GermanPlaceFactory,
    OrganisationFactory,
    TwinningFactory,
)
from tests.language import untranslated, untranslated_on_page

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
LOCALE = Path(settings.BASE_DIR) / "locale"
PUBLIC_PAGES = [
    ("directory:home", {}),
    ("directory:organisation-list", {}),
    ("directory:twinning-list", {}),
    ("directory:about", {}),
    ("directory:imprint", {}),
    ("directory:privacy", {}),
    ("directory:suggest", {}),
    ("directory:suggest-thanks", {}),
    ("directory:country-detail", {"code": "kg"}),
    ("directory:field-detail", {"slug": "culture"}),
    ("directory:organisation-detail", {"slug": "verein"}),
    ("directory:twinning-detail", {"slug": "partnerschaft"}),
]


def url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


@pytest.fixture
def entries(db):
    """One published organisation and twinning that every detail page can show."""
    kyrgyzstan = CountryFactory(code="KG")
    bishkek = CentralAsianPlaceFactory(
        name_de="Bischkek", name_en="Bishkek", name_ru="Бишкек", country=kyrgyzstan
    )
    germany = CountryFactory(code="DE")
    berlin = GermanPlaceFactory(name_de="Berlin", name_ru="Берлин", country=germany)
    culture = CooperationFieldFactory(slug="culture")
    organisation = OrganisationFactory(
        slug="verein",
        seat=berlin,
        countries=[kyrgyzstan],
        fields=[culture],
        description_de="Ein Verein in Berlin.",
        last_verified=datetime.date(2025, 3, 1),
    )
    twinning = TwinningFactory(
        slug="partnerschaft",
        german_place=berlin,
        central_asian_place=bishkek,
        description_de="Seit 1993.",
        description_ru="С 1993 года.",
    )
    twinning.organisations.add(organisation)
    return organisation, twinning


# Addresses, lang attribute, alternates ----------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "kwargs"), PUBLIC_PAGES)
def test_every_public_page_renders_in_each_language_with_its_lang_attribute(
    client, entries, name, kwargs, language
):
    address = url(name, language, **kwargs)
    assert address.startswith(f"/{language}/")
    response = client.get(address)
    assert response.status_code == HTTPStatus.OK
    assert f'<html lang="{language}">' in response.text


@pytest.mark.parametrize(("name", "kwargs"), PUBLIC_PAGES)
def test_every_public_page_names_its_versions_in_all_languages(client, entries, name, kwargs):
    response = client.get(url(name, "ru", **kwargs))
    for language in LANGUAGES:
        expected = f'hreflang="{language}" href="http://testserver{url(name, language, **kwargs)}"'
        assert expected in response.text
    assert 'hreflang="x-default"' in response.text


def test_switcher_keeps_the_page_and_its_filters(client, entries):
    response = client.get(
        url("directory:organisation-list", "de"), {"country": "KG", "q": "Verein"}
    )
    assert 'href="/ru/organisations/?country=KG&amp;q=Verein"' in response.text
    assert 'href="/en/organisations/?country=KG&amp;q=Verein"' in response.text


def test_switcher_marks_the_current_language(client, entries):
    response = client.get(url("directory:home", "ru"))
    assert re.search(
        r'<span class="language-switcher__current" lang="ru"[^>]*>Русский', response.text
    )


def test_unknown_address_gives_the_404_page_in_the_page_language(client):
    response = client.get("/ru/does-not-exist/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert '<html lang="ru">' in response.text
    assert "Страница не найдена" in response.text


# First visit and the visitor's choice -----------------------------------------------------------


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("ru-RU,ru;q=0.9,en;q=0.5", "/ru/"), ("en-GB,en;q=0.8", "/en/"), ("", "/de/"), ("fr", "/de/")],
)
def test_first_visit_follows_the_browser_language(client, accept_language, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == expected


def test_a_language_the_visitor_switched_to_sticks(client):
    client.get("/ru/", HTTP_ACCEPT_LANGUAGE="de")
    response = client.get("/organisations/", HTTP_ACCEPT_LANGUAGE="de")
    assert response["Location"] == "/ru/organisations/"


def test_staying_with_the_browser_language_sets_no_cookie(client):
    response = client.get("/de/", HTTP_ACCEPT_LANGUAGE="de-DE")
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


# Catalogues ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_untranslated_fuzzy_or_obsolete_entries(language):
    po = catalogue(language)
    assert len(po) > 100  # the real catalogue, not an empty file
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po.obsolete_entries()] == []


@pytest.mark.parametrize("language", ["de", "ru"])
def test_catalogue_translates_rather_than_copies(language):
    """A German or Russian msgstr equal to its English msgid is a placeholder, unless it is a word
    that is spelled the same (a name, "Status"). Federal states have German names as msgids."""
    same_in_both = {
        "Status",
        "Name",
        "Website",
        "Cookies",
        "E-mail",
        "Organisation",
        "Turkmenistan",
        "online",  # German uses the English word (an event held online)
    }
    copies = [
        e.msgid
        for e in catalogue(language)
        if not e.msgid_plural
        and e.msgstr == e.msgid
        and e.msgid not in same_in_both
        and e.msgctxt != "German federal state"
    ]
    assert copies == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language):
    """`make compilemessages` has run since the .po file last changed."""
    po_file = LOCALE / language / "LC_MESSAGES" / "django.po"
    mo_file = po_file.with_suffix(".mo")
    assert mo_file.exists(), "run `make compilemessages`"
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(mo_file)}
    source = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.pofile(po_file)}
    assert compiled == source


@pytest.fixture
def directory_site(db):
    cache.clear()
    return site()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", BROWSER_PAGES, ids=str)
def test_public_page_shows_no_catalogue_text_of_another_language(
    client, directory_site, page, language
):
    """English msgids on German and Russian pages, German msgstrs on English and Russian pages:
    an interface string left untranslated (content, which the database holds, is left out)."""
    with translation.override(language):
        address = page.address(directory_site)
    response = client.get(address, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == page.status
    # Checked in the language the page says it is in (statistics-en, the admin's own choice).
    assert untranslated_on_page(response.content.decode()) == []


def test_untranslated_check_finds_phrases_of_the_other_languages():
    assert untranslated("Найдено: No organisations found.", "ru") == ["No organisations found."]
    assert "Keine Organisationen gefunden." in untranslated("Keine Organisationen gefunden.", "en")
    assert untranslated("Организации не найдены.", "ru") == []


def test_untranslated_check_finds_a_time_zone_identifier(db):
    page = '<html lang="ru"><p>1 марта 2030 г. 18:00 (Asia/Almaty)</p></html>'
    assert untranslated_on_page(page) == ["Asia/Almaty"]


# Translated content -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"), [("de", "Bischkek"), ("en", "Bishkek"), ("ru", "Бишкек")]
)
def test_place_names_are_shown_in_the_page_language(client, entries, language, expected):
    response = client.get(url("directory:twinning-list", language))
    assert expected in response.text


def test_country_and_field_names_are_shown_in_the_page_language(client, entries):
    response = client.get(url("directory:organisation-list", "ru"))
    assert "Кыргызстан" in response.text  # seeded by migration 0011
    assert "Kirgisistan" not in response.text


def test_untranslated_name_falls_back_to_german(client, entries):
    response = client.get(url("directory:twinning-list", "en"))
    assert "Berlin" in response.text


def test_description_without_translation_is_shown_in_german_and_marked(client, entries):
    organisation, _twinning = entries
    response = client.get(url("directory:organisation-detail", "ru", slug=organisation.slug))
    assert "Это описание доступно только на немецком языке." in response.text
    assert '<div class="prose" lang="de"><p>Ein Verein in Berlin.</p></div>' in response.text


def test_translated_description_is_shown_without_notice(client, entries):
    _organisation, twinning = entries
    response = client.get(url("directory:twinning-detail", "ru", slug=twinning.slug))
    assert "С 1993 года." in response.text
    assert "Seit 1993." not in response.text
    assert "только на немецком" not in response.text


def test_list_card_with_german_description_says_so_on_a_russian_page(client, entries):
    response = client.get(url("directory:organisation-list", "ru"))
    assert (
        '<p class="card__text"><span class="muted">Только на немецком:</span> '
        '<span lang="de">Ein Verein in Berlin.</span></p>'
    ) in response.text


def test_list_card_with_translated_description_has_no_language_note(client, entries):
    response = client.get(url("directory:twinning-list", "ru"))
    assert '<p class="card__text">С 1993 года.</p>' in response.text
    assert "Только на немецком" not in response.text


def test_german_page_never_shows_the_fallback_notice(client, entries):
    organisation, _twinning = entries
    response = client.get(url("directory:organisation-detail", "de", slug=organisation.slug))
    assert "nur auf Deutsch" not in response.text


@pytest.mark.parametrize(
    ("language", "query"), [("de", "Бишкек"), ("ru", "Bischkek"), ("en", "Берлин")]
)
def test_search_finds_places_in_every_language_on_every_site(client, entries, language, query):
    response = client.get(url("directory:twinning-list", language), {"q": query})
    assert response.context["total"] == 1


def test_saving_in_another_language_keeps_the_german_name_in_the_original_column(entries):
    with translation.override("ru"):
        place = Place.objects.get(name_de="Bischkek")
        place.save()
    with connection.cursor() as cursor:  # the column itself, not modeltranslation's view of it
        cursor.execute("SELECT name FROM directory_place WHERE id = %s", [place.pk])
        assert cursor.fetchone() == ("Bischkek",)


# Dates, numbers, sorting --------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "expected"), [("de", "1. März 2025"), ("ru", "1 марта 2025")])
def test_dates_follow_the_page_language(client, entries, language, expected):
    organisation, _twinning = entries
    response = client.get(url("directory:organisation-detail", language, slug=organisation.slug))
    assert expected in response.text


def test_cyrillic_names_sort_by_russian_rules(client, db):
    """Ё sorts with Е (binary order would put every Ё before А)."""
    kazakhstan = CountryFactory(code="KZ")
    for name in ["Ёшкино", "Есик", "Арысь"]:
        TwinningFactory(
            central_asian_place=CentralAsianPlaceFactory(name_ru=name, country=kazakhstan)
        )
    response = client.get(url("directory:twinning-list", "ru"), {"sort": "partner"})
    names = [t.central_asian_place.name for t in response.context["object_list"]]
    assert names == ["Арысь", "Есик", "Ёшкино"]


def test_german_names_sort_by_german_rules(client, db):
    """Ö sorts with O and case does not matter (binary order: Ulm, ifs, Ötigheim)."""
    for name in ["Ulm", "Ötigheim", "ifs Stadt"]:
        TwinningFactory(german_place=GermanPlaceFactory(name=name))
    response = client.get(url("directory:twinning-list", "de"), {"sort": "place"})
    names = [t.german_place.name for t in response.context["object_list"]]
    assert names == ["ifs Stadt", "Ötigheim", "Ulm"]


def test_country_filter_options_sort_in_the_page_language(client, entries):
    CountryFactory(code="UZ")
    CountryFactory(code="TJ")
    response = client.get(url("directory:twinning-list", "ru"))
    labels = [label for _code, label in response.context["filterset"].choices("country")]
    assert labels == ["Казахстан", "Кыргызстан", "Таджикистан", "Туркменистан", "Узбекистан"]


# Admin --------------------------------------------------------------------------------------------


def test_admin_filter_lists_entries_without_russian_description(curator_client, entries):
    organisation, twinning = entries
    response = curator_client.get(
        reverse("admin:directory_organisation_changelist"), {"missing_translation": "ru"}
    )
    assert organisation.name in response.text
    response = curator_client.get(
        reverse("admin:directory_twinning_changelist"), {"missing_translation": "ru"}
    )
    assert str(twinning) not in response.text  # it has a Russian description


def test_admin_is_in_german_by_default(curator_client):
    response = curator_client.get(reverse("admin:index"))
    assert "Zentralasien-Verzeichnis – Redaktion" in response.text
    assert '<html lang="de"' in response.text


def test_admin_search_finds_places_by_russian_name(curator_client, entries):
    response = curator_client.get(reverse("admin:directory_place_changelist"), {"q": "Бишкек"})
    assert response.context["cl"].result_count == 1
