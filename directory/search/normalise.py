"""How search text and query words are normalised, so that spellings and scripts meet.

Every word, of an entry and of a query alike, goes through the same steps:

1. **Fold**: Unicode NFKC, ``casefold()`` (so ``ß`` becomes ``ss``), German umlauts to their
   two-letter forms (``ä`` → ``ae``, ``ö`` → ``oe``, ``ü`` → ``ue``), Turkic Latin letters to their
   usual transliteration (Turkmen ``ş`` → ``sh``, ``ç`` → ``ch``, ``ž`` → ``zh``), Cyrillic to
   Latin with the table below (``Душанбе`` → ``dushanbe``, ``Ташкент`` → ``tashkent``, including
   the Kazakh, Kyrgyz, Tajik and Uzbek letters), then NFKD with combining marks removed
   (``é`` → ``e``). Everything that is not a letter or digit separates words, so hyphens and
   punctuation become spaces. The result is the word's *plain* form.
2. **Key**: the plain form with German and English transliteration habits collapsed, so that
   ``Taschkent``/``Tashkent``, ``Duschanbe``/``Dushanbe``, ``Chudschand``/``Khujand``/
   ``Худжанд``, ``Kasachstan``/``Kazakhstan`` and ``Österreich``/``Oesterreich``/``Osterreich``
   have the same key:
   ``dsch``/``dzh``/``dj``/``zh`` → ``j`` and ``tsch`` → ``ch`` (German ``dsch``/``tsch`` only
   word-initially or after a vowel, so ``Umwelt|schutz`` keeps its parts); ``sch`` → ``sh``;
   ``kh``/``ch``/``x`` → ``h``; ``ae``/``oe``/``ue`` → ``a``/``o``/``u``; ``w`` → ``v``;
   ``th`` → ``t``; ``z`` → ``s``; ``y`` → ``i``; ``q``/``ck`` → ``k``; doubled letters once. The
   key is used only for matching, never shown. Russian ``ё`` folds to ``e``, as most people type it.

A Cyrillic query word may also spell a German ``ö`` with ``е``/``ё`` (``Гёте``/``Гете`` for Goethe,
``Шенефельд`` for Schönefeld): ``query_alternatives`` gives such a word its readings with ``ö``.

An entry's search text lists the keys of its words and, for hyphenated names, of the joined
compound (``West-Östliche``: ``vest``, ``ostlihe`` and ``vestostlihe``). A query word
matches when its key is the beginning of a stored key, so ``Usbek`` finds ``Usbekische`` and
``Umwelt`` finds ``Umweltschutz``. Query words additionally lose one German inflection or
linking ending (``Bildungs`` → ``bildung``, ``Gesellschaften`` → ``gesellschaft``) before the
prefix match.

What this does not do: split compounds (``Partnerschaft`` does not find
``Städtepartnerschaften`` unless typed as its beginning), treat Uzbek ``o``/Russian ``а`` as
the same (``Toshkent`` ≠ ``Tashkent`` here: the typo tolerance in ``search/ranking.py`` or a place's
alternative names bridge that), or know synonyms.
"""

import re
import unicodedata
from functools import lru_cache

CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
    # Kazakh, Kyrgyz, Tajik, Uzbek Cyrillic letters
    "ә": "a", "ғ": "g", "қ": "k", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h",
    "і": "i", "ҳ": "h", "ӣ": "i", "ӯ": "u", "ҷ": "j", "ў": "u", "ї": "yi", "є": "ye",
}  # fmt: skip

LATIN = {
    "ä": "ae", "ö": "oe", "ü": "ue",
    "ş": "sh", "ș": "sh", "ç": "ch", "ž": "zh", "š": "sh", "č": "ch", "ň": "n", "ý": "y",
    "ğ": "g", "ı": "i", "ə": "a", "ʻ": "", "ʼ": "", "'": "", "’": "", "‘": "",
}  # fmt: skip

FOLD_TABLE = str.maketrans({**CYRILLIC, **LATIN})
APOSTROPHES = str.maketrans(dict.fromkeys("ʻʼ'’‘", ""))

# Applied in order to a plain word; earlier rules see the longer spellings first. German
# "tsch"/"dsch" count only at the start of a word or after a vowel, so compounds keep their
# parts: Umwelt|schutz, Land|schaft.
KEY_RULES = [
    (re.compile(pattern), replacement)
    for pattern, replacement in [
        ("(^|[aeiouy])tsch", r"\1ch"),
        ("(^|[aeiouy])dsch", r"\1j"),
        ("dzh", "j"),
        ("dj", "j"),
        ("zh", "j"),
        ("sch", "sh"),
        ("kh", "h"),
        ("th", "t"),
        ("ch", "h"),
        ("x", "h"),
        ("ck", "k"),
        ("q", "k"),
        ("ae", "a"),
        ("oe", "o"),
        ("ue", "u"),
        ("w", "v"),
        ("z", "s"),
        ("y", "i"),
    ]
]
DOUBLED = re.compile(r"([^\W\d_])\1+")  # letters only: 4711 is not 471
NON_WORD = re.compile(r"[\W_]+")
HYPHENATED = re.compile(r"\w+(?:[-‐‑–]\w+)+")

# German inflection and linking endings a query word may drop (longest first), and the commonest
# Russian plural/case endings in their transliterated key form (инвалиды -> invalid, which then
# finds инвалидов and инвалидностью; культуры -> kultur).
ENDINGS = ("ungen", "ami", "ern", "en", "er", "es", "em", "ov", "e", "s", "n", "i")
MIN_STEM = 4


def fold(text: str) -> str:
    """Casefold, transliterate to Latin and strip accents; keeps the original word breaks."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(FOLD_TABLE)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def plain_words(text: str) -> list[str]:
    """The plain forms of the words of ``text`` (step 1 of the module docstring)."""
    return [word for word in NON_WORD.split(fold(text)) if word]


@lru_cache(maxsize=65536)
def key(word: str) -> str:
    """The matching key of one plain word (step 2 of the module docstring).

    Memoised: a language has far fewer distinct words than a bulk load or a busy site looks up.
    """
    for pattern, replacement in KEY_RULES:
        word = pattern.sub(replacement, word)
    return DOUBLED.sub(r"\1", word)


def keys(text: str) -> list[str]:
    """The keys of the words of ``text``, in order."""
    return [key(word) for word in plain_words(text)]


def index_words(text: str) -> list[str]:
    """Keys to store for ``text``: every word, plus hyphenated compounds joined up."""
    words = keys(text)
    for compound in HYPHENATED.findall(fold(text)):
        joined = key("".join(plain_words(compound)))
        if joined:
            words.append(joined)
    return words


CYRILLIC_E = re.compile(r"(?<=[бвгджзклмнпрстфхцчшщ])[её]")
MAX_VARIANT_POSITIONS = 3


def query_alternatives(text: str) -> list[tuple[str, ...]]:
    """The keys of the words of a query, each with its other readings (key first).

    A Cyrillic ``е``/``ё`` after a consonant may stand for a German ``ö`` (Гёте = Goethe): each
    such letter, and all of them at once, is also read as ``ö`` (at most three positions).
    """
    text = unicodedata.normalize("NFKC", text).casefold().translate(APOSTROPHES)
    words = [w for w in NON_WORD.split(text) if w]
    result = []
    for word in words:
        readings = [word]
        positions = [m.start() for m in CYRILLIC_E.finditer(word)][:MAX_VARIANT_POSITIONS]
        if positions:
            readings += [word[:p] + "ö" + word[p + 1 :] for p in positions]
            readings.append(CYRILLIC_E.sub("ö", word))
        for parts in zip(*(keys(reading) for reading in readings), strict=False):
            result.append(tuple(dict.fromkeys(parts)))
    return result


def stem(word_key: str) -> str:
    """Drop one German ending from a query word's key, keeping at least ``MIN_STEM`` letters."""
    for ending in ENDINGS:
        if word_key.endswith(ending) and len(word_key) - len(ending) >= MIN_STEM:
            return word_key[: -len(ending)]
    return word_key
