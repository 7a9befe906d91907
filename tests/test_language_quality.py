"""Every page reads as if a native speaker wrote it (issue 26, locale/GLOSSARY.md).

Renders every public page type (``tests/browser/pages.py``) and the suggestion form's errors in
English and Russian, and fails on the slips a translation review found: common German words in
the interface, gender slashes, a count followed by the wrong plural, and terms the glossary
replaced. Data (names and descriptions of entries, which are German until someone translates
them) is not interface text: every text stored in the database is taken out before checking.
"""

import re
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import translation

from directory.i18n import title_language
from directory.models import CooperationField, FederalState
from tests.browser.pages import PUBLIC_PAGES, site
from tests.factories import (
    CentralAsianPlaceFactory,
    CountryFactory,
    GermanPlaceFactory,
    OrganisationFactory,
    PlaceAliasFactory,
    SourceFactory,
    TwinningFactory,
)

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale"
CHECKED = ["en", "ru"]

# Frequent German words that never belong in English or Russian interface text.
GERMAN_WORDS = [
    "und", "der", "die", "das", "mit", "für", "nicht", "von", "oder", "zwischen", "bei", "Sie",
    "ist", "wird", "Organisationen", "Städtepartnerschaft", "Städtepartnerschaften",
    "Partnerschaft", "Partnerschaften", "Verein", "Stiftung", "Bundesland", "Eintrag", "Einträge",
    "Zeilen", "Umwelt", "Datenschutz", "Impressum", "Vorschlag", "Themenfeld", "umbenannt",
    "Nebenform", "Sachsen", "Bayern", "Hessen", "Niedersachsen", "Thüringen", "Sachsen-Anhalt",
    "Nordrhein-Westfalen", "Schweiz",
]  # fmt: skip
GERMAN_ONLY_IN_RUSSIAN = ["Organisation", "Kind"]  # English words as well: checked on ru only
GENDER_SLASHES = re.compile(r"\((?:а|ла|-на|на|ась|ёл|ел)\)|\w/(?:а|на|innen)\b|\w\*innen|\w:innen")
# A count followed by a noun in a form ngettext would not choose for it.
WRONG_PLURALS = {
    "en": re.compile(
        r"(?<![\d.,])1 (?:entries|rows|organisations|twinnings|suggestions|values|results|places)\b"
    ),
    "ru": re.compile(
        r"(?<![\d.,])(?:1|21|31) (?:организаций|организации|партнёрств|партнёрства|записей|"
        r"записи|строк|строки|предложений|предложения)\b"
        r"|(?<![\d.,])(?:[2-4]|2[2-4]) (?:организаций|партнёрств|записей|строк|предложений"
        r"|организация|партнёрство|запись|строка|предложение)\b"
        r"|(?<![\d.,])(?:[5-9]|1[0-9]) (?:организация|организации|партнёрство|партнёрства|запись|"
        r"записи|строка|строки|предложение|предложения)\b"
        r"|предложения отклонено|предложения принято"
    ),
}
# Words the glossary replaced (locale/GLOSSARY.md), so that they do not come back.
REPLACED_TERMS = {
    "en": [
        "Imprint",
        "Seat",
        "Carried by",
        "carried by",
        "start page",
        "Briefly unavailable",
        "Give a whole number",
        "Kind of",
        "Footer",
        "'",
    ],
    "ru": ["колонтитул", "побратим", "каталог", "гражданского общества Германии"],
}


class VisibleText(HTMLParser):
    """The text a reader (or a screen reader) gets: text nodes and the attributes read aloud.

    Elements marked with a ``lang`` other than the page's (a German description shown as a
    fallback, an alias in its own script) are content in that language and are skipped, as are
    code examples.
    """

    READ_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}  # fmt: skip

    def __init__(self, language: str):
        super().__init__()
        self.language = language
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def _skipping(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        foreign = bool(attributes.get("lang")) and not attributes["lang"].startswith(self.language)
        if tag == "html":
            foreign = False
        skip = foreign or tag in ("script", "style", "code", "pre", "kbd", "samp")
        if not self._skipping() and not skip:
            self.parts += [
                attributes[name] or "" for name in self.READ_ATTRIBUTES if name in attributes
            ]
            if tag == "meta" and attributes.get("name") == "description":
                self.parts.append(attributes.get("content") or "")
        if tag not in self.VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self._skipping():
            self.parts.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


#: Search vocabulary, not shown as data: taking its words out would hide the very words the
#: checks look for (topic terms hold «побратим», "Umwelt" …).
NOT_SHOWN = {"topicterm", "searchword", "demorecord", "ratelimitcounter", "dataversion"}


def stored_texts() -> list[str]:
    """Every text the database holds and pages show: entry names, descriptions, places, aliases,
    countries, sources, country facts."""
    texts = set()
    for model in apps.get_app_config("directory").get_models():
        if model._meta.model_name in NOT_SHOWN:
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        for row in model.objects.values_list(*fields):
            for value in row:
                if isinstance(value, str):
                    texts |= {value.strip(), *(part.strip() for part in re.split(r"[;\n]", value))}
    return sorted((text for text in texts if len(text) > 2), key=len, reverse=True)


def interface_text(html: str, language: str, data: list[str]) -> str:
    parser = VisibleText(language)
    parser.feed(html)
    text = parser.text()
    for value in data:
        text = text.replace(value, " ")
    return text


def problems(text: str, language: str) -> list[str]:
    found = []
    words = GERMAN_WORDS + (GERMAN_ONLY_IN_RUSSIAN if language == "ru" else [])
    for word in words:
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
            found.append(f"German word {word!r}")
    found += [f"gender slash {m.group()!r}" for m in GENDER_SLASHES.finditer(text)]
    found += [f"wrong plural {m.group()!r}" for m in WRONG_PLURALS[language].finditer(text)]
    found += [f"replaced term {term!r}" for term in REPLACED_TERMS[language] if term in text]
    return found


def context(text: str, problem: str) -> str:
    needle = problem.split("'")[1] if "'" in problem else ""
    at = text.find(needle)
    return f"{problem}: …{text[max(0, at - 60) : at + 60]}…"


@pytest.fixture
def directory_site(db):
    cache.clear()
    return site()


@pytest.mark.parametrize("language", CHECKED)
@pytest.mark.parametrize("page", PUBLIC_PAGES, ids=str)
def test_public_page_reads_as_native_text(client, directory_site, page, language):
    with translation.override(language):
        address = page.address(directory_site)
    response = client.get(address, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == page.status
    text = interface_text(response.content.decode(), language, stored_texts())
    assert [context(text, p) for p in problems(text, language)] == []


@pytest.mark.parametrize("language", CHECKED)
@pytest.mark.parametrize(
    "data",
    [
        {"kind": "correction", "message": "", "consent": ""},
        {"kind": "new_entry", "subject": "", "message": "x" * 6000, "consent": "on"},
        {"kind": "new_entry", "subject": "Verein", "message": "a\x00b", "website": ""},
    ],
    ids=["correction-empty", "new-entry-too-long", "nul-byte"],
)
def test_suggestion_form_errors_read_as_native_text(client, db, language, data):
    cache.clear()
    with translation.override(language):
        address = reverse("directory:suggest")
    response = client.post(address, data, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response.context["form"].errors
    text = interface_text(response.content.decode(), language, stored_texts())
    assert [context(text, p) for p in problems(text, language)] == []


def test_the_checks_catch_the_slips_they_are_for():
    assert problems("Orte in Schweiz und mehr", "en")
    assert problems("Я согласен(-на) с тем", "ru")
    assert problems("кто-то изменил(а) эту запись", "ru")
    assert problems("1 Zeilen, 1 entries", "en")
    assert problems("найдено 1 организаций", "ru")
    assert problems("3 предложения отклонено.", "ru")
    assert problems("Imprint", "en")
    assert problems("Нижний колонтитул", "ru")
    assert not problems("1 organisation, 2 organisations, 21 организация, 3 записи", "en")
    assert not problems("21 организация, 3 записи, 5 партнёрств", "ru")


def test_content_in_another_language_is_not_interface_text():
    html = '<html lang="ru"><p>Описание <span lang="de">und die Stiftung</span></p></html>'
    assert interface_text(html, "ru", []) == "Описание"


def test_federal_states_are_named_in_the_page_language():
    with translation.override("ru"):
        assert str(FederalState.ST.label) == "Саксония-Анхальт"
    with translation.override("en"):
        assert str(FederalState.BY.label) == "Bavaria"
    with translation.override("de"):
        assert str(FederalState.NW.label) == "Nordrhein-Westfalen"


def test_import_preview_of_one_row_reads_as_a_sentence(curator_client):
    """'1 Zeilen', '1 Einträge': the preview names its counts as label and value."""
    text = "name,country,kind,federal_state,region,latitude,longitude\nTaraz,KZ,city,,,42.9,71.37\n"
    response = curator_client.post(
        reverse("admin:directory_place_import"),
        {"file": SimpleUploadedFile("orte.csv", text.encode())},
    )
    page = interface_text(response.content.decode(), "de", [])
    assert "neu anzulegende Einträge: 1" in page
    assert not re.search(r"(?<![\d.,])1 (?:Einträge|Zeilen)\b", page)


@pytest.mark.parametrize("language", ["de", "en", "ru"])
def test_catalogue_passes_msgfmt_check(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("de", "Korrektur melden: "),
        ("en", "Report a correction: "),
        ("ru", "Сообщить об исправлении: "),
    ],
)
def test_correction_form_title_is_in_the_page_language(client, directory_site, language, title):
    with translation.override(language):
        address = reverse("directory:suggest")
    response = client.get(address, {"organisation": directory_site.organisation.slug})
    assert f"<title>{title}{directory_site.organisation.name}" in response.content.decode()


def test_germany_page_does_not_pair_germany_with_itself(client, db):
    CountryFactory(code="DE", name="Deutschland")
    with translation.override("de"):
        address = reverse("directory:country-detail", kwargs={"code": "de"})
    page = client.get(address).content.decode()
    assert "Deutschland und Deutschland" not in page
    assert "In Deutschland tätige Organisationen" in page


def test_country_names_that_need_an_article_stand_as_label_and_value(client, db):
    """'Orte in Schweiz', 'in Mongolei': German needs 'in der Schweiz', so no sentence is built."""
    CountryFactory(code="CH", name="Schweiz")
    with translation.override("de"):
        address = reverse("directory:country-detail", kwargs={"code": "ch"})
    page = client.get(address).content.decode()
    assert "Orte: Schweiz" in page
    assert not re.search(r"(?:in|zwischen Deutschland und) Schweiz\b", page)


def twinning_page(twinning, language: str) -> str:
    cache.clear()
    with translation.override(language):
        address = twinning.get_absolute_url()
        return Client().get(address).content.decode()


def test_district_names_its_parent_place_in_the_page_language(db):
    """«Медеуский район (Almaty)»: the region names a place, which has a Russian name."""
    kazakhstan = CountryFactory(code="KZ", name="Kasachstan", name_ru="Казахстан")
    CentralAsianPlaceFactory(name="Almaty", name_ru="Алматы", country=kazakhstan)
    medeu = CentralAsianPlaceFactory(
        name="Medeu",
        name_ru="Медеуский район",
        kind="district",
        region="Almaty",
        country=kazakhstan,
    )
    page = twinning_page(TwinningFactory(central_asian_place=medeu), "ru")
    assert "Медеуский район</a></strong> (Алматы)" in page
    assert "(Almaty)" not in page


def test_a_places_parent_is_looked_up_once_per_page_language(db, django_assert_num_queries):
    CentralAsianPlaceFactory(name="Almaty", name_ru="Алматы")
    medeu = CentralAsianPlaceFactory(name="Medeu", region="Almaty")

    with django_assert_num_queries(2):
        for language in ("de", "ru", "de", "ru"):
            with translation.override(language):
                medeu.parent()

    with translation.override("ru"):
        assert medeu.parent().text == "Алматы"


def test_region_that_names_no_place_is_marked_as_german_text(db):
    place = CentralAsianPlaceFactory(name="Karakol", name_ru="Каракол", region="Gebiet Issyk-Kul")
    page = twinning_page(TwinningFactory(central_asian_place=place), "ru")
    assert 'Каракол</a></strong> (<span lang="de">Gebiet Issyk-Kul</span>)' in page


def test_russian_twinning_title_starts_with_a_capital_and_keeps_the_names(db):
    """«район Северная Саксония – Каракол»: the Russian name is in running-text form."""
    district = GermanPlaceFactory(
        name="Landkreis Nordsachsen", name_ru="район Северная Саксония", federal_state="SN"
    )
    twinning = TwinningFactory(
        german_place=district, central_asian_place=CentralAsianPlaceFactory(name_ru="Каракол")
    )
    cache.clear()
    with translation.override("ru"):
        listing = Client().get(reverse("directory:twinning-list")).content.decode()
    detail = twinning_page(twinning, "ru")
    assert ">Район Северная Саксония – Каракол</a>" in listing
    assert "<h1>Район Северная Саксония – Каракол</h1>" in detail
    assert "<title>Район Северная Саксония – Каракол" in detail


@pytest.mark.parametrize(
    ("title", "url", "language"),
    [
        ("Vom Niederrhein nach Almaty – DAZ (Februar 2022)", "https://daz.asia/blog/x", "de"),
        ("Usbekistan – GIZ", "https://www.giz.de/de/weltweit/364.html", "de"),
        ("Kasachstan – Ost-Ausschuss", "http://www.ost-ausschuss.de/laender/kasachstan", "de"),
        ("Uzbekistan – GIZ", "https://www.giz.de/en/regions/asia/uzbekistan", "en"),
        ("Freedom House: Freedom in the World 2025", "https://www.ecoi.net/de/dokument/1", "en"),
        ("Встреча посла Таджикистана в Германии – Asal.media", "https://asal.media/3721", "ru"),
        ("Қазақстандағы неміс тілі", "https://example.kz/a", "kk"),
        ("ZOiS – Berlin Research 50", "https://www.br50.org/units/x", ""),
    ],
)
def test_source_title_language_is_inferred_from_script_words_and_address(title, url, language):
    assert title_language(title, url) == language


def test_source_titles_carry_their_language_on_the_page(db):
    twinning = TwinningFactory()
    SourceFactory(
        twinning=twinning, organisation=None, title="Vom Niederrhein nach Almaty – DAZ",
        url="https://daz.asia/blog/vom-niederrhein-nach-almaty/",
    )  # fmt: skip
    SourceFactory(
        twinning=twinning, organisation=None, title="Встреча посла – Asal.media",
        url="https://asal.media/blog/archives/3721",
    )  # fmt: skip
    russian, german = twinning_page(twinning, "ru"), twinning_page(twinning, "de")
    assert 'lang="de">Vom Niederrhein nach Almaty – DAZ</a>' in russian
    assert 'lang="ru">Встреча посла – Asal.media</a>' in german


def test_english_pages_give_dates_in_british_style(client, directory_site):
    """The interface spells British English, so dates read "29 November 2026", not "Nov. 29"."""
    directory_site.organisation.last_verified = date(2026, 11, 29)
    directory_site.organisation.save()
    cache.clear()
    with translation.override("en"):
        page = client.get(directory_site.organisation.get_absolute_url()).content.decode()
    assert "Last verified on 29 November 2026." in page


@pytest.mark.parametrize("language", ["de", "en", "ru"])
def test_every_example_in_the_home_search_hint_finds_an_organisation(client, db, language):
    """The hint's examples («экология», "university partnership" found nothing) are searches a
    visitor may copy: each must find the organisation that works on it, in its language."""
    almaty = CentralAsianPlaceFactory(name="Almaty", name_en="Almaty", name_ru="Алматы")
    OrganisationFactory(
        name="Grüne Brücke e.V.",
        seat=almaty,
        fields=list(CooperationField.objects.filter(slug__in=["environment", "youth-exchange"])),
    )
    cache.clear()
    with translation.override(language):
        home = client.get(reverse("directory:home")).content.decode()
        hint = re.search(r'id="home-search-hint">([^<]*)<', home).group(1)
        examples = [word.strip() for word in hint.split(":", 1)[1].split(",")]
        for example in examples:
            found = client.get(reverse("directory:organisation-list"), {"q": example})
            assert "Grüne Brücke e.V." in found.content.decode(), example


@pytest.mark.parametrize(("language", "label"), [("de", "Art auswählen"), ("ru", "Выберите тип")])
def test_organisation_type_choice_starts_with_words_not_dashes(client, db, language, label):
    with translation.override(language):
        page = client.get(reverse("directory:suggest")).content.decode()
    assert f'<option value="" selected>{label}</option>' in page
    assert "---------" not in page


@pytest.mark.parametrize("language", CHECKED)
@pytest.mark.parametrize("page", ["directory:imprint", "directory:privacy"])
def test_development_instance_notice_reads_as_native_text(client, db, settings, language, page):
    """With DEBUG the legal pages say that this is a development instance («каталог» slipped
    through there, since the other page checks run without DEBUG)."""
    settings.DEBUG = True
    cache.clear()
    with translation.override(language):
        html = client.get(reverse(page)).content.decode()
    text = interface_text(html, language, [])
    assert [context(text, p) for p in problems(text, language)] == []


def test_alias_in_several_languages_gets_one_language_tag(client, db):
    """lang="ky, ru" is not a language tag; the first language names the script to read."""
    place = CentralAsianPlaceFactory(name="Bischkek", name_ru="Бишкек")
    PlaceAliasFactory(place=place, name="Bishkek", language="en, kk")
    page = twinning_page(TwinningFactory(central_asian_place=place), "de")
    assert '<span lang="en">Bishkek</span>' in page
    assert 'lang="en, kk"' not in page
