"""Languages of the content: translated fields, fallback to German, sorting per language.

Names of countries, fields and places and the descriptions of organisations, twinnings and
fields are kept in German, English and Russian columns (``name_de``, ``name_en``, ``name_ru``;
see ``directory/translation.py``). German is always there; an empty translation falls back to it.

- ``localized("name")`` is the SQL expression of a field in the page language, German where the
  translation is missing: for ``order_by`` and ``annotate``.
- ``collated(expression)`` sorts by the rules of the page language (Ö with O in German, Ё with Е
  in Russian, case ignored): ICU collations on PostgreSQL, the same rules in Python on SQLite.
- ``sort_key(text)`` gives the same order in Python, for short lists sorted in memory.
- ``translations(obj, "name")`` lists every language's value, for the stored search text.
- ``has_translation(obj, "description")`` tells a template whether to say that a text is only
  available in German.
- ``Localized(text, language)`` is a text shown on a page with the language it is in, when that is
  not the page's: a template marks it with ``lang`` so screen readers pronounce it correctly.
- ``title_language(title, url)`` tells which language a source's title is in (German, English,
  Russian, Kazakh, Kyrgyz, Tajik), from its script and words, else from its address; '' when
  neither tells.
"""

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db.backends.signals import connection_created
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, Collate, NullIf
from django.dispatch import receiver
from django.utils.translation import get_language

DEFAULT_LANGUAGE = settings.LANGUAGE_CODE
LANGUAGES = [code for code, _name in settings.LANGUAGES]

#: PostgreSQL's ICU collations per page language (Debian's PostgreSQL is built with ICU).
#: On SQLite the same names are registered with ``_compare`` below.
COLLATIONS = {"de": "de-x-icu", "en": "en-x-icu", "ru": "ru-x-icu"}


def page_language() -> str:
    language = (get_language() or DEFAULT_LANGUAGE).split("-")[0]
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def column(field: str, language: str) -> str:
    """``column("seat__name", "ru")`` → ``"seat__name_ru"``."""
    return f"{field}_{language}"


def localized(field: str, language: str | None = None):
    """The field in ``language`` (default: the page language), German where it is empty."""
    language = language or page_language()
    german = F(column(field, DEFAULT_LANGUAGE))
    if language == DEFAULT_LANGUAGE:
        return german
    text = TextField()
    return Coalesce(
        NullIf(F(column(field, language)), Value(""), output_field=text), german, output_field=text
    )


def collated(expression, language: str | None = None):
    """``expression`` compared by the sorting rules of ``language`` (default: page language)."""
    return Collate(expression, COLLATIONS[language or page_language()])


def localized_order(field: str, *, descending: bool = False):
    """An ``order_by`` argument: the field in the page language, sorted by its rules."""
    expression = collated(localized(field))
    return expression.desc() if descending else expression.asc()


def sort_key(text: str) -> tuple[str, str]:
    """Sort key for names in any of our scripts: letters first, then accents, then case.

    "Österreich" sorts with O, "Ёлка" with Е; upper and lower case are equal at first.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return base, text.casefold()


def _compare(left: str | None, right: str | None) -> int:
    left_key, right_key = sort_key(left or ""), sort_key(right or "")
    return (left_key > right_key) - (left_key < right_key)


@receiver(connection_created)
def _register_sqlite_collations(sender, connection, **kwargs) -> None:
    """SQLite knows only binary order: give it the collations PostgreSQL has from ICU."""
    if connection.vendor == "sqlite":
        for name in COLLATIONS.values():
            connection.connection.create_collation(name, _compare)


def in_all_languages(*fields: str) -> list[str]:
    """A translated field's columns in every language, German first: ``"seat__name"`` →
    ``seat__name_de``, ``seat__name_en``, ``seat__name_ru``. For searches and admin
    ``search_fields`` (modeltranslation turns a plain ``name`` into the page language's column
    only, so "Бишкек" would not be found on the German site)."""
    return [column(field, language) for field in fields for language in LANGUAGES]


def translations(obj, field: str) -> list[str]:
    """Every language's value of a translated field, German first, empty ones left out."""
    values = (getattr(obj, column(field, language), None) for language in LANGUAGES)
    return list(dict.fromkeys(value for value in values if value))


def has_translation(obj, field: str, language: str | None = None) -> bool:
    """Whether ``obj.field`` has its own text in ``language`` (German always counts)."""
    language = language or page_language()
    return language == DEFAULT_LANGUAGE or bool(getattr(obj, column(field, language), None))


@dataclass(frozen=True)
class Localized:
    """A text for the page and the language it is in: ``language`` is empty when it is the page
    language, else the code a template puts in ``lang`` (German shown as the fallback)."""

    text: str
    language: str = ""

    def __str__(self) -> str:
        return self.text


#: Words that mark a Latin-script title as German or English (articles, prepositions, pronouns).
TITLE_WORDS = {
    "de": {
        "der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "und", "oder",
        "für", "mit", "von", "vom", "zum", "zur", "im", "am", "auf", "aus", "bei", "nach", "über",
        "unter", "zwischen", "gegen", "ohne", "sich", "ist", "sind", "wird", "wie", "uns",
        "unsere", "jahre", "jahren", "deutsche", "deutscher", "deutschen", "neue", "neuer",
    },
    "en": {
        "the", "a", "and", "or", "of", "for", "with", "from", "to", "on", "at", "by", "about",
        "under", "between", "against", "without", "is", "are", "its", "our", "new", "how",
        "what", "why", "years",
    },
}  # fmt: skip
_GERMAN_ENDING = re.compile(r"\w{3}(?:ung|ungen|schaft|schaften|keit|heit)$")
#: Letters of Cyrillic alphabets that Russian lacks.
CYRILLIC_LETTERS = {"kk": set("әғқұһі"), "tg": set("ӣӯҷҳ"), "ky": set("ңөү")}
_LANGUAGE_PART = re.compile(r"(?:^|[-_])(de|en|ru)$")


def _url_language(url: str) -> str:
    """The language an address names: a path segment (``/de/``, ``/kz-de/``) or a subdomain
    (``de.wikipedia.org``); never the top-level domain (``giz.de/en/`` is English)."""
    parts = urlsplit(url.lower())
    subdomains = parts.hostname.split(".")[:-1] if parts.hostname else []
    for part in [*parts.path.split("/"), *subdomains]:
        if match := _LANGUAGE_PART.search(part):
            return match.group(1)
    return ""


def title_language(title: str, url: str = "") -> str:
    """The language a source's title is written in: script first (Cyrillic letters Russian
    lacks name Kazakh, Tajik or Kyrgyz), then German against English words (endings such as
    -ung, -schaft count as German, umlauts only in a tie), then a language named in the address
    (``giz.de/en/…``), then a German-speaking country's domain. '' when nothing tells, e.g.
    "ZOiS – Berlin Research 50" at br50.org."""
    letters = [ch for ch in title.casefold() if ch.isalpha()]
    cyrillic = {ch for ch in letters if "\u0400" <= ch <= "\u04ff"}
    if cyrillic and sum(ch in cyrillic for ch in letters) * 2 > len(letters):
        return next((code for code, own in CYRILLIC_LETTERS.items() if cyrillic & own), "ru")
    if not letters:
        return ""
    words = re.findall(r"\w+", title.casefold())
    german = sum(word in TITLE_WORDS["de"] or bool(_GERMAN_ENDING.search(word)) for word in words)
    english = sum(word in TITLE_WORDS["en"] for word in words)
    if german == english:  # umlauts decide a tie only: Kazakh and Turkmen Latin have them too
        german += bool(set(letters) & set("äöüß"))
    if german != english:
        return "de" if german > english else "en"
    if (named := _url_language(url)) in ("de", "en"):
        return named
    # No word tells and the address names no language: a site in a German-speaking country.
    host = urlsplit(url.lower()).hostname or ""
    return "de" if not german and host.endswith((".de", ".at", ".ch")) else ""
