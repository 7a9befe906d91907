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
"""

import unicodedata

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
