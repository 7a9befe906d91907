"""Interface text left untranslated: catalogue phrases of another language on a page.

English source strings (msgids) on a German or Russian page, German translations (the German
msgstr) on an English or Russian page. Content is not interface text:
``tests.test_language_quality`` drops the elements marked in another language and every text
the database holds before checking.
"""

import re
from functools import cache
from pathlib import Path

import polib
from django.conf import settings

from tests.test_language_quality import interface_text, stored_texts

LOCALE = Path(settings.BASE_DIR) / "locale"
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sd]|\{\w*\}")
#: Shorter phrases occur by chance in the other languages (a name, "Status", "online").
MIN_LENGTH = 12
#: An IANA time-zone identifier is no reader's word; a page names the time (or its UTC offset).
TIME_ZONE_ID = re.compile(r"\b(?:Africa|America|Asia|Atlantic|Australia|Europe|Indian|Pacific)/\w+")


@cache
def _catalogues() -> dict[str, dict[tuple[str, str], str]]:
    return {
        language: {
            (e.msgctxt or "", e.msgid): e.msgstr
            for e in polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
            if not e.msgid_plural and e.msgstr
        }
        for language in ("de", "en", "ru")
    }


def _pattern(phrase: str) -> re.Pattern | None:
    """A phrase as a whole-word pattern; placeholders match a few words of anything."""
    if "<" in phrase or len(PLACEHOLDER.sub("", phrase).strip()) < MIN_LENGTH:
        return None
    pieces = [re.escape(" ".join(piece.split())) for piece in PLACEHOLDER.split(phrase)]
    return re.compile(r"(?<!\w)" + r".{1,80}?".join(pieces) + r"(?!\w)")


@cache
def foreign_phrases(language: str) -> tuple[tuple[str, re.Pattern], ...]:
    """The catalogue phrases that must not appear on a page in ``language``: English msgids and
    (except on German pages) German msgstrs that no translation into ``language`` contains (a
    name such as "Zentralasien-Verzeichnis" is the same in every language)."""
    catalogues = _catalogues()
    own = "\n".join(catalogues[language].values())
    phrases = set()
    for (_context, english), german in catalogues["de"].items():
        if language != "en":
            phrases.add(english)
        if language != "de":
            phrases.add(german)
    return tuple(
        (phrase, pattern)
        for phrase in sorted(phrases)
        if phrase not in own and (pattern := _pattern(phrase))
    )


def untranslated(text: str, language: str) -> list[str]:
    """The catalogue phrases of another language found in a page's interface ``text``."""
    text = " ".join(text.split())
    return [phrase for phrase, pattern in foreign_phrases(language) if pattern.search(text)]


def untranslated_on_page(html: str, language: str | None = None) -> list[str]:
    """Like ``untranslated``, for a whole page in ``language`` (default: its ``<html lang>``):
    content (data, lang-marked text) left out, and time-zone identifiers ("Asia/Almaty", which
    the database holds) reported. Needs database access."""
    language = language or re.search(r'<html[^>]* lang="([a-z]+)', html).group(1)
    zones = TIME_ZONE_ID.findall(interface_text(html, language, []))
    return zones + untranslated(interface_text(html, language, stored_texts()), language)
