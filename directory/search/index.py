"""The stored search text of places, organisations and twinnings, and how it is kept current.

Layout of ``search_text`` (all normalised keys, see ``directory.search.normalise``)::

    "# <name> # <other name> # <acronym> # ~ <every word of everything, once> "

The ``#`` section holds the names an entry is called by (for a place: its names in German, English
and Russian and its alternative names; for a twinning: both places' names in every language);
``search/ranking.py`` ranks a query equal to one of them, or the beginning of one, above matches
elsewhere. The part after ``~`` holds the keys of all words:
names, alternative names of the places involved, acronym, descriptions in every language,
country names in German, English and Russian, fields of cooperation (names in every language,
slug), the seat and its region. Translated fields are read with ``directory.i18n.translations``,
never through the page language (``place.name``), so the text is the same whoever saves.

``refresh_*`` recompute entries from the database (signals call them after saves);
``organisation_text`` and friends compute the text from objects already in memory, which the
rebuild command and the synthetic-data generator use in bulk.
"""

import functools
from collections.abc import Iterable

from django.db.models import Prefetch, Q
from django.utils import translation

from directory.i18n import translations
from directory.search.normalise import index_words, keys
from directory.search.topics import topic_terms

# Country names in English and Russian (the German name is the Country row's own name).
COUNTRY_NAMES = {
    "DE": ("Germany", "Германия"),
    "KZ": ("Kazakhstan", "Казахстан", "Qazaqstan"),
    "KG": ("Kyrgyzstan", "Kirghizia", "Кыргызстан", "Киргизия"),
    "TJ": ("Tajikistan", "Таджикистан", "Tojikiston"),
    "TM": ("Turkmenistan", "Туркменистан", "Türkmenistan"),
    "UZ": ("Uzbekistan", "Узбекистан", "Oʻzbekiston"),
    "AT": ("Austria", "Австрия"),
    "CH": ("Switzerland", "Швейцария"),
    "RU": ("Russia", "Россия"),
    "UA": ("Ukraine", "Украина"),
    "BY": ("Belarus", "Беларусь"),
    "MD": ("Moldova", "Молдова"),
    "AF": ("Afghanistan", "Афганистан"),
    "MN": ("Mongolia", "Монголия"),
}

# English names of the seeded fields of cooperation, by slug.
FIELD_NAMES = {
    "democratisation": "Democracy and rule of law",
    "social-justice": "Social justice",
    "environment": "Environment and climate",
    "education": "Education",
    "culture": "Culture",
    "youth-exchange": "Youth and professional exchange",
    "science": "Science and research",
    "health": "Health and social affairs",
    "media": "Media and press freedom",
    "human-rights": "Human and women's rights",
    "economy": "Economy and development",
    "german-language": "German language and minority",
    "municipal-partnership": "Municipal partnerships",
}


def compose(
    names: Iterable[str],
    texts: Iterable[str],
    *,
    description: Iterable[str] = (),
    words=index_words,
) -> str:
    """The search text for an entry called ``names`` that also is ``texts`` (places, countries,
    fields, kind and their topic terms) and says ``description``.

    Three sections, so the rank can tell where a word matched: ``# name # other name # ~`` then
    the words of the names and texts, then `` | `` and the remaining words of the description.
    ``words`` turns a text into its index keys; bulk generators pass a memoised version.
    """
    name_keys = [" ".join(keys(name)) for name in names]
    name_part = "".join(f"# {k} " for k in name_keys if k)
    seen: dict[str, None] = {}
    for text in [*names, *texts]:
        for word in words(text or ""):
            seen.setdefault(word)
    described: dict[str, None] = {}
    for text in description:
        for word in words(text or ""):
            if word not in seen:
                described.setdefault(word)
    return f"{name_part}# ~ {' '.join(seen)} | {' '.join(described)} "


def country_texts(country) -> list[str]:
    if country is None:
        return []
    return [
        *translations(country, "name"),
        country.code,
        *COUNTRY_NAMES.get(country.code, ()),
        *topic_terms.of("country", country.code),
    ]


def field_texts(field) -> list[str]:
    return [
        *translations(field, "name"),
        field.slug,
        FIELD_NAMES.get(field.slug, ""),
        *topic_terms.of("field", field.slug),
    ]


def kind_texts(kind: str) -> list[str]:
    return topic_terms.of("kind", kind)


@functools.cache
def federal_state_names(code: str) -> tuple[str, ...]:
    """A German federal state's name in every site language ("Sachsen", "Saxony", "Саксония")."""
    if not code:
        return ()
    from directory.models import FederalState

    names = []
    for language in ("de", "en", "ru"):
        with translation.override(language):
            names.append(str(FederalState(code).label))
    return tuple(names)


def place_texts(place) -> list[str]:
    """Everything a place is known by: names, alternative names, region, country."""
    if place is None:
        return []
    return [
        *translations(place, "name"),
        *(alias.name for alias in place.aliases.all()),
        place.region,
        *federal_state_names(place.federal_state),
        *country_texts(place.country),
    ]


def place_text(place) -> str:
    aliases = [alias.name for alias in place.aliases.all()]
    return compose([*translations(place, "name"), *aliases], place_texts(place))


def organisation_text(org) -> str:
    names = [org.name, *split_names(org.other_names), org.acronym]
    texts = [*place_texts(org.seat), *kind_texts(org.kind)]
    for country in org.countries.all():
        texts += country_texts(country)
    for field in org.fields.all():
        texts += field_texts(field)
    description = translations(org, "description")
    return compose([name for name in names if name], texts, description=description)


def twinning_text(twinning) -> str:
    places = [twinning.german_place, twinning.central_asian_place]
    names = [name for place in places for name in translations(place, "name")]
    texts = [twinning.get_kind_display()]
    for place in places:
        texts += place_texts(place)
    for org in twinning.organisations.all():
        texts += [org.name, org.acronym]
    return compose(names, texts, description=translations(twinning, "description"))


def split_names(other_names: str) -> list[str]:
    """``other_names`` holds several names separated by semicolons, commas or new lines."""
    return [name.strip() for name in other_names.replace(";", "\n").split("\n") if name.strip()]


# Querysets that fetch what the text functions read, in a constant number of queries.


def places_for_index(queryset):
    return queryset.select_related("country").prefetch_related("aliases")


def organisations_for_index(queryset):
    return queryset.select_related("seat__country").prefetch_related(
        "seat__aliases", "countries", "fields"
    )


def twinnings_for_index(queryset):
    from directory.models import Organisation

    return queryset.select_related(
        "german_place__country", "central_asian_place__country"
    ).prefetch_related(
        "german_place__aliases",
        "central_asian_place__aliases",
        Prefetch("organisations", queryset=Organisation.objects.only("name", "acronym")),
    )


def store_texts(objects, text_function) -> int:
    """Compute the search text of ``objects`` and write the ones that changed; returns the count."""
    objects = list(objects)
    changed = []
    for obj in objects:
        text = text_function(obj)
        if text != obj.search_text:
            obj.search_text = text
            changed.append(obj)
    if changed:
        type(changed[0]).objects.bulk_update(changed, ["search_text"])
        add_words(obj.search_text for obj in changed)
    return len(objects)


MARKERS = {"#", "~", "|"}
MAX_WORD_LENGTH = 100


def words_of(text: str) -> set[str]:
    """The words of a stored search text (without the section markers)."""
    return {word for word in text.split() if word not in MARKERS and len(word) <= MAX_WORD_LENGTH}


def term_words_of(text: str) -> set[str]:
    """The words of a search text's names, places, countries, fields and kind (not of the
    description): what typos may be corrected to."""
    return words_of(text.partition(" | ")[0])


def add_words(texts: Iterable[str]) -> None:
    """Add the words of ``texts`` to the vocabulary that typos are corrected against."""
    from directory.models import SearchWord
    from directory.search.ranking import vocabulary

    texts = list(texts)
    words = set().union(*(words_of(text) for text in texts))
    terms = set().union(*(term_words_of(text) for text in texts))
    SearchWord.objects.bulk_create(
        [SearchWord(word=word, is_term=word in terms) for word in words],
        ignore_conflicts=True,
        batch_size=5000,
    )
    terms = sorted(terms)
    for start in range(0, len(terms), 500):  # words first seen in a description
        SearchWord.objects.filter(word__in=terms[start : start + 500], is_term=False).update(
            is_term=True
        )
    vocabulary.forget()  # this process at once; the others within Vocabulary.MAX_AGE


def rebuild_vocabulary() -> int:
    """Refill the vocabulary from every stored search text; returns the number of words."""
    from django.db import connection, transaction

    from directory.models import Organisation, Place, SearchWord, Twinning

    with transaction.atomic():
        SearchWord.objects.all().delete()
        for model in (Place, Organisation, Twinning):
            if connection.vendor == "postgresql":  # in the database: no texts through Python
                table = connection.ops.quote_name(model._meta.db_table)
                with connection.cursor() as cursor:
                    for section, is_term in (
                        ("split_part(search_text, ' | ', 1)", True),
                        ("search_text", False),
                    ):
                        cursor.execute(
                            f"INSERT INTO {SearchWord._meta.db_table} (word, is_term) "
                            f"SELECT DISTINCT w, %s FROM {table}, "
                            f"unnest(string_to_array({section}, ' ')) AS w "
                            "WHERE w <> '' AND w NOT IN ('#', '~', '|') AND length(w) <= %s "
                            "ON CONFLICT DO NOTHING",
                            [is_term, MAX_WORD_LENGTH],
                        )
            else:
                texts = model.objects.values_list("search_text", flat=True).iterator(5000)
                batch = []
                for text in texts:
                    batch.append(text)
                    if len(batch) == 5000:
                        add_words(batch)
                        batch = []
                add_words(batch)
        return SearchWord.objects.count()


def refresh(queryset, text_function, batch_size: int = 500, progress=None) -> int:
    """Recompute the search text of every row of ``queryset``, batch by batch in key order."""
    count = 0
    last_pk = None
    while True:
        batch = queryset.order_by("pk")
        if last_pk is not None:
            batch = batch.filter(pk__gt=last_pk)
        batch = list(batch[:batch_size])
        if not batch:
            return count
        count += store_texts(batch, text_function)
        last_pk = batch[-1].pk
        if progress:
            progress(count)
        if len(batch) < batch_size:
            return count


def refresh_places(queryset) -> int:
    return refresh(places_for_index(queryset), place_text)


def refresh_organisations(queryset) -> int:
    return refresh(organisations_for_index(queryset), organisation_text)


def refresh_twinnings(queryset) -> int:
    return refresh(twinnings_for_index(queryset), twinning_text)


def refresh_for_places(place_ids: Iterable[int]) -> None:
    """A place changed (name, aliases, country): refresh it and every entry that shows it."""
    from directory.models import Organisation, Place, Twinning

    place_ids = list(place_ids)
    refresh_places(Place.objects.filter(pk__in=place_ids))
    refresh_organisations(Organisation.objects.filter(seat__in=place_ids))
    refresh_twinnings(
        Twinning.objects.filter(
            Q(german_place__in=place_ids) | Q(central_asian_place__in=place_ids)
        )
    )
