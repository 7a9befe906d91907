"""The one place that turns a visitor's query string into ranked matches.

``ranked_matches`` gives the pks of every match in rank tiers, best first; every list, download,
map and API answer takes them through ``directory.listing.facets.Results`` (which orders each tier
by the list's sort order and counts the facets), and the site search's places through
``search_places``. Nothing else builds search SQL.

How a query matches (the same on SQLite and PostgreSQL):

1. ``clean_query`` removes control characters (NUL bytes included), collapses whitespace and caps
   the length; ``parse`` turns the rest into normalised word keys (``directory.search.normalise``),
   each with its other readings (a Cyrillic е/ё may be a German ö: Гете = Goethe). Operators,
   quotes, SQL or tsquery syntax are just characters that separate words, so no input can break the
   query.
2. **Words**: every query word (less one German or Russian ending, ``normalise.stem``:
   "Gesellschaften", "инвалиды") must be the beginning of a word of the entry's stored search text
   (``directory.search.index.compose``: names, acronym, places in every spelling, countries,
   fields, kind and their topic terms in three languages, then the description). A word typed in
   capitals with three letters or fewer (an acronym: KAS, DAZ) must be a whole word, and any
   word of three letters or fewer must be in the names, places or topics, not the description.
   PostgreSQL additionally accepts entries whose description matches the query in German
   full-text search (stemming: "Gesellschaften" finds "Gesellschaft").
3. **Typos**, only when step 2 finds nothing (and the visitor did not ask for the exact words,
   ``?exact=1``): only words that no known word begins with are corrected, never a word of four
   letters or fewer; a correction is a known name, place or topic word (``SearchWord.is_term``,
   not an arbitrary description word) with the same first two letters within edit distance 1
   (2 for words of seven letters or more) of the word or of its beginning, where a swap of two
   neighbouring letters is one edit; only the closest ones count. ``SearchPlan.corrections``
   says what was corrected, for "Showing results for …" (``directory.search.explain``).

Rank (higher is better): 5 the query is a name, another name or the acronym (for places: an
alternative name; for twinnings: a place's name); 4 a name begins with it; 3 every word is in the
names; 2 every word is in the names, places, countries, fields, kind or topic terms; 1 the
description holds the rest; 0 the German full-text match alone. Typo matches are only ever shown
when nothing matches exactly, so a correction never outranks an exact match. Ties by name.

Indexes (PostgreSQL): a GIN index on the ``'simple'`` ``to_tsvector`` of ``search_text``
(migration 0014) serves the word and typo matches as prefix queries (``'bildung':*``) without
rechecking the text; GIN indexes of the sections (0027: names; names, places and topics; 0030:
the description's words) each rank; a GIN index on the German ``to_tsvector`` of
``description`` (migration 0004) the full-text match. The GIN trigram index of 0004 serves
query words that the text search parser might split differently (anything but ``[a-z0-9]``),
through ``LIKE``.
"""

import functools
import re
import threading
import time
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections
from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan, LessThan

from directory.i18n import localized_order
from directory.listing.facetindex import ValueList
from directory.search.normalise import keys, query_alternatives, stem

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
MIN_FUZZY_LENGTH = 5  # words of four letters or fewer are never corrected
MAX_WHOLE_WORD = 3  # words of three letters or fewer match whole words only: KAS ≠ Kasachstan
MAX_CORRECTIONS = 8
DESCRIPTION_CONFIG = "german"
WORDS_CONFIG = "simple"  # the words index: lower-cased tokens, no stemming, no stop words
PLAIN_WORD = re.compile(r"[a-z0-9]+")  # a query word the text search parser keeps whole
ACRONYM = re.compile(r"\w+")
NAMES_END = "# ~"  # see directory.search.index.compose
THINGS_END = " | "


def clean_query(raw: str | None) -> str:
    """Return the query without control characters, whitespace collapsed, length capped."""
    if not raw:
        return ""
    text = "".join(ch if ch.isprintable() else " " for ch in str(raw)[: MAX_QUERY_LENGTH * 4])
    return " ".join(text.split()[:MAX_WORDS])[:MAX_QUERY_LENGTH].strip()


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # the cleaned query, for full-text search and display
    phrase: str  # all word keys in order, for the name tiers of the rank
    words: tuple[str, ...]  # stemmed, distinct word keys, for matching
    unstemmed: tuple[str, ...]  # the same words' keys as typed, for typo tolerance
    # Per word: what a stored word may begin with to match it (its readings, stemmed); an
    # entry ending in a space must be the whole stored word (short words).
    groups: tuple[tuple[str, ...], ...] = ()
    short: tuple[bool, ...] = ()  # per word: typed with three letters or fewer

    def __bool__(self) -> bool:
        return bool(self.words)


def _group(readings: tuple[str, ...], acronyms: set[str]) -> tuple[str, ...]:
    """A short word typed in capitals (an acronym: KAS, DAZ) must be a whole word."""
    if readings[0] in acronyms:
        return tuple(dict.fromkeys(f"{reading} " for reading in readings))
    return tuple(dict.fromkeys(stem(reading) for reading in readings))


def parse(raw: str | None) -> ParsedQuery:
    text = clean_query(raw)
    alternatives = [readings for readings in query_alternatives(text) if readings[0]]
    alternatives = alternatives[:MAX_WORDS]
    typed = [word for word in ACRONYM.findall(text) if "".join(keys(word))]
    short = {"".join(keys(word)) for word in typed if len(word) <= MAX_WHOLE_WORD}
    acronyms = {"".join(keys(word)) for word in typed if word.isupper() and len(word) <= 3}
    by_word: dict[str, tuple[tuple[str, ...], str]] = {}
    for readings in alternatives:
        group = _group(readings, acronyms)
        by_word.setdefault(group[0].strip(), (group, readings[0]))
    return ParsedQuery(
        text=text,
        phrase=" ".join(readings[0] for readings in alternatives),
        words=tuple(by_word),
        unstemmed=tuple(typed for _group, typed in by_word.values()),
        groups=tuple(group for group, _typed in by_word.values()),
        short=tuple(typed in short for _group, typed in by_word.values()),
    )


@dataclass(frozen=True)
class SearchPlan:
    """What a query will match, decided once per request.

    Whether typo tolerance is needed (nothing matches the words exactly) is decided over the whole
    scope of ``ranked_matches`` (e.g. all published organisations), not over each filtered
    subset: so every facet count of a list page uses the same kind of match.
    """

    query: ParsedQuery
    typos: bool = False
    groups: tuple[tuple[str, ...], ...] | None = None  # None: the query's own words
    corrections: tuple[tuple[str, str], ...] = ()  # (word as typed, its best correction)

    @property
    def word_groups(self) -> tuple[tuple[str, ...], ...]:
        return self.query.groups if self.groups is None else self.groups

    @property
    def corrected(self) -> bool:
        return bool(self.corrections)


@dataclass(frozen=True)
class Ranked:
    """What ``ranked_matches`` found: pks in rank tiers (best first), each tier's rank (see
    ``_rank``) and the plan used."""

    tiers: list[list[int]]
    plan: SearchPlan
    ranks: tuple[int, ...] = ()

    def rank_of(self, pk: int) -> int | None:
        return next((r for r, tier in zip(self.ranks, self.tiers, strict=True) if pk in tier), None)


def _typo_plan(query: ParsedQuery) -> SearchPlan:
    """Correct only the words that match no known word: a known word (after transliteration and
    folding) is never corrected, nor a word of four letters or fewer. A correction is a known
    name, place or topic word (the part of the search texts before the description), never an
    arbitrary description word. When no word needs correcting, the plan finds nothing."""
    groups, corrections, parts = [], [], []
    for group, typed in zip(query.groups, query.unstemmed, strict=True):
        if len(typed) < MIN_FUZZY_LENGTH or vocabulary.knows(group):
            groups.append(group)
            continue
        if split := vocabulary.compound(typed):  # Umweltbildung: Umwelt + Bildung
            groups.append((split[0],))
            parts.append((split[1],))
            corrections.append((typed, " ".join(split)))
            continue
        close = vocabulary.close_to(typed)
        if not close:
            return SearchPlan(query, typos=True, groups=())
        groups.append(close)
        corrections.append((typed, close[0]))
    if not corrections:
        return SearchPlan(query)
    groups += parts  # after the query's own words, whose short-word flags stay aligned
    return SearchPlan(query, typos=True, groups=tuple(groups), corrections=tuple(corrections))


def ranked_matches(
    scope: QuerySet,
    raw_query: str | None,
    *,
    exact: bool = False,
    full_text: bool = True,
    tiers: Callable[[SearchPlan, bool], Ranked] | None = None,
) -> Ranked:
    """The pks of every entry of ``scope`` the query finds, grouped by rank, best first: exact
    matches, or typo matches when there are none (and ``exact`` is not asked for). The one
    search of every list, download, map and API answer (through
    ``directory.listing.facets.Results``) and of the site search's places. ``full_text``: PostgreSQL
    also matches the description in German full-text search (entries with a description).

    One query, a second only when nothing matches exactly. Built for broad queries (tens of
    thousands of matches at 100,000 organisations): the words, each rank's section and the
    description each through their index with no per-row recheck, each rank's pks as one string.
    ``tiers(plan, full_text)``: finds a plan's tiers instead of ``sql_tiers`` (the words held in
    memory, ``directory.search.memory``).
    """
    query = parse(raw_query)
    plan = SearchPlan(query)
    if not query:
        return Ranked([], plan)
    if tiers is None:
        tiers = functools.partial(sql_tiers, scope)
    found = tiers(plan, full_text)
    if found.tiers or exact:
        return found
    plan = _typo_plan(query)
    return tiers(plan, full_text) if plan.typos else Ranked([], plan)


def sql_tiers(scope: QuerySet, plan: SearchPlan, full_text: bool) -> Ranked:
    groups = plan.word_groups
    if not groups:
        return Ranked([], plan)
    short = plan.query.short
    postgresql = connections[scope.db].vendor == "postgresql"
    if postgresql and plain(groups):
        # Each rank from its own index (see ``section_words``), so no row's text is scanned:
        # a country or topic word matches most of 100,000 organisations.
        parts = [
            _having_words(scope, groups, section=NAMES_END).annotate(rank=_name_rank(plan)),
            _having_words(scope, groups, section=THINGS_END).annotate(rank=Value(2)),
            _lowest_rank(scope, groups, short).annotate(rank=Value(1)),
        ]
    else:
        parts = [_having_words(scope, groups, short).annotate(rank=_rank(plan))]
    if full_text and not plan.typos and postgresql:
        parts.append(_description_matches(scope, plan.query).annotate(rank=Value(0)))
    grouped = [
        part.order_by().values("rank").annotate(pks=ValueList("pk")).values_list("rank", "pks")
        for part in parts
    ]
    rows = grouped[0].union(*grouped[1:], all=True) if len(grouped) > 1 else grouped[0]
    tiers, ranks, seen = [], [], set()
    for rank, pks in sorted(rows, key=lambda row: row[0], reverse=True):
        if not pks:  # a part without a rank column sums up even no rows: one row, no pks
            continue
        tier = list(map(int, pks.split(",")))
        if seen:  # a broad word's sections hold the same entries: each in its best tier
            tier = [pk for pk in tier if pk not in seen]
        if tier:
            seen.update(tier)
            tiers.append(tier)
            ranks.append(rank)
    return Ranked(tiers, plan, tuple(ranks))


def search_places(queryset: QuerySet, raw_query: str | None) -> QuerySet:
    """Places whose name or alternative names match the query, annotated with ``rank`` and
    ordered by it, then by name in the page language (the site search's places)."""
    found = ranked_matches(queryset, raw_query, full_text=False)
    if not found.tiers:
        return queryset.none().annotate(rank=Value(0))
    rank = Case(
        *(When(pk__in=pks, then=Value(r)) for r, pks in zip(found.ranks, found.tiers, strict=True)),
        default=Value(0),
        output_field=IntegerField(),
    )
    matches = [pk for tier in found.tiers for pk in tier]
    return (
        queryset.filter(pk__in=matches)
        .annotate(rank=rank)
        .order_by("-rank", localized_order("name"))
    )


def _description_matches(queryset: QuerySet, query: ParsedQuery) -> QuerySet:
    """PostgreSQL: entries whose description matches in German full-text search."""
    return queryset.alias(
        _description=SearchVector("description", config=DESCRIPTION_CONFIG)
    ).filter(_description=SearchQuery(query.text, config=DESCRIPTION_CONFIG, search_type="plain"))


def _rank(plan: SearchPlan):
    """Higher is better: 5 the phrase is a name, another name or the acronym; 4 a name begins
    with it; 3 every word is in the names; 2 every word is in the names, places, countries,
    fields or kind (and their topic words); 1 the description holds the rest; 0 the German
    full-text match only (PostgreSQL, a separate part of ``sql_tiers``). For rows that match the
    words.

    The sections of a search text (``directory.search.index.compose``) are found by their
    markers; ``StrIndex`` (``strpos``) is a much faster scan than ``LIKE``. PostgreSQL ranks
    plain words from indexes instead (``sql_tiers``).
    """
    phrase = plan.query.phrase
    text = F("search_text")
    return Case(
        When(GreaterThan(StrIndex(text, Value(f"# {phrase} #")), 0), then=Value(5)),
        When(GreaterThan(StrIndex(text, Value(f"# {phrase}")), 0), then=Value(4)),
        When(_all_in(NAMES_END, plan.word_groups), then=Value(3)),
        When(_all_in(THINGS_END, plan.word_groups), then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )


def _name_rank(plan: SearchPlan):
    """For entries whose names hold every word: 5, 4 or 3 as in ``_rank``."""
    text, phrase = F("search_text"), plan.query.phrase
    return Case(
        When(GreaterThan(StrIndex(text, Value(f"# {phrase} #")), 0), then=Value(5)),
        When(GreaterThan(StrIndex(text, Value(f"# {phrase}")), 0), then=Value(4)),
        default=Value(3),
        output_field=IntegerField(),
    )


def section_words(section_end: str, part: int = 1) -> SearchVector:
    """PostgreSQL: the words of a search text before the marker ``section_end`` (the names, or
    the names, places and topics), as indexed by migration 0027, or after it (``part=2``: the
    description's words, migration 0030) — the same expression, or the planner does not use the
    index."""
    before = Func(
        F("search_text"), Value(section_end), Value(part), function="split_part",
        output_field=TextField(),
    )  # fmt: skip
    return SearchVector(before, config=WORDS_CONFIG)


def _lowest_rank(queryset: QuerySet, groups, short: tuple[bool, ...]) -> QuerySet:
    """PostgreSQL, plain words: the entries of rank 1 (every word in the text, not all of them
    before the description), and some of the better ranks, which ``sql_tiers`` drops (its
    ``seen``).

    One word: the entries with it in the description's words (after `` | ``), through that
    section's own index (migration 0030). The text's words are the words before `` | `` and
    those after it, so the entries it finds in the text and not there are all in rank 2 or
    better. A country word matches most of 100,000 organisations, and reading all of them again
    for this tier cost as much as the tier above; the description holds it for few. A short
    word must be before the description: no entry is of rank 1. Several words: all of them in
    the whole text (a condition on two sections per word made the planner compute every
    candidate's words row by row).
    """
    if len(groups) == 1:
        if short and short[0]:
            return queryset.none()
        return _having_words(queryset, groups, section=THINGS_END, part=2)
    return _having_words(queryset, groups, short)


def _words_query(groups) -> SearchQuery:
    """The query of the ``'simple'`` words indexes: every group, any of its readings."""
    return SearchQuery(_tsquery(groups), config=WORDS_CONFIG, search_type="raw")


def _all_in(section_end: str, groups) -> Q:
    """Every group has a word before the marker ``section_end``: a condition.

    A word's first occurrence is its earliest, so comparing two ``strpos`` suffices (no
    substring is copied per row).
    """
    text = F("search_text")
    end = StrIndex(text, Value(section_end))
    condition = Q()
    for group in groups:
        either = Q()
        for word in group:
            position = StrIndex(text, Value(f" {word}"))
            either |= Q(GreaterThan(position, 0)) & Q(LessThan(position, end))
        condition &= either
    return condition


def _all_words(groups) -> Q:
    condition = Q()
    for group in groups:
        either = Q()
        for word in group:
            either |= Q(search_text__contains=f" {word}")
        condition &= either
    return condition


def plain(groups) -> bool:
    """Are all words ones the text search parser keeps whole (so its index can match them)?"""
    return all(PLAIN_WORD.fullmatch(word.strip()) for group in groups for word in group)


def _having_words(
    queryset: QuerySet,
    groups,
    short: tuple[bool, ...] = (),
    *,
    section: str | None = None,
    part: int = 1,
) -> QuerySet:
    """Entries whose search text has, for every group, a word beginning with one of its words
    (the whole word, for an entry ending in a space).

    PostgreSQL: through the GIN index of the text's words (``'simple'`` text search, migration
    0014), which needs no recheck of the text, unlike the trigram index (five times slower for
    a word in 40,000 entries). Words its parser might split differently go through ``LIKE``.
    ``section`` (PostgreSQL, plain words only): match only the words before that marker (after
    it: ``part=2``), through that section's own index.
    """
    if not groups:
        return queryset.none()
    if section is not None:
        return queryset.alias(_section=section_words(section, part)).filter(
            _section=_words_query(groups)
        )
    short_groups = [group for group, is_short in zip(groups, short, strict=False) if is_short]
    if short_groups:  # short words match names, places and topics only: DAZ is not "das"
        queryset = queryset.filter(_all_in(THINGS_END, short_groups))
    if connections[queryset.db].vendor == "postgresql" and plain(groups):
        return queryset.alias(_words=SearchVector("search_text", config=WORDS_CONFIG)).filter(
            _words=_words_query(groups)
        )
    return queryset.filter(_all_words(groups))


def _tsquery(groups) -> str:
    return " & ".join("(" + " | ".join(_lexeme(word) for word in group) + ")" for group in groups)


def _lexeme(word: str) -> str:
    return f"'{word.strip()}'" if word.endswith(" ") else f"'{word}':*"


class Vocabulary:
    """The words of all search texts (``SearchWord``), held per process: which words are known,
    and the known names, places and topic words (``is_term``) that typos are corrected to.

    Reloaded after ``MAX_AGE`` seconds: a word added since then is not yet offered as a
    correction, which only affects queries with typos. One query of short strings to load
    (about 30 ms for 60,000 words); corrections are grouped by their first two letters, which
    typos rarely hit.
    """

    MAX_AGE = 60

    def __init__(self):
        self._loaded: tuple | None = None  # sorted words, their set, terms by start, term set
        self._loaded_at = 0.0
        self._lock = threading.Lock()

    def knows(self, group: Iterable[str]) -> bool:
        """Does a known word begin with one of ``group`` (or equal it, for a whole word)?"""
        ordered, exact, _terms, _term_set = self._words()
        for word in group:
            if word.endswith(" "):
                if word.strip() in exact:
                    return True
                continue
            position = bisect_left(ordered, word)
            if position < len(ordered) and ordered[position].startswith(word):
                return True
        return False

    def compound(self, word: str) -> tuple[str, str] | None:
        """A German compound the vocabulary knows by its parts (``umveltbildung``: ``umvelt``
        and ``bildung``), each a known name, place or topic word of five letters or more;
        the longest known first part wins."""
        terms = self._words()[3]
        for cut in range(len(word) - MIN_FUZZY_LENGTH, MIN_FUZZY_LENGTH - 1, -1):
            head, tail = word[:cut], stem(word[cut:])
            if head in terms and (tail in terms or self.knows((tail,))):
                return head, tail
        return None

    def close_to(self, word: str) -> tuple[str, ...]:
        """The known terms ``word`` may be a typo of: the closest ones, ``MAX_CORRECTIONS``."""
        candidates = self._words()[2].get(word[:2], [])
        close = [
            (edit, token)
            for token in candidates
            if (edit := distance_to_prefix(word, token)) <= allowed_edits(word)
        ]
        if not close:
            return ()
        best = min(edit for edit, _token in close)
        return tuple(token for edit, token in sorted(close) if edit == best)[:MAX_CORRECTIONS]

    def _words(self):
        with self._lock:
            if self._loaded is None or time.monotonic() - self._loaded_at > self.MAX_AGE:
                from directory.models import SearchWord

                words, terms, term_set = [], {}, set()
                rows = SearchWord.objects.values_list("word", "is_term").iterator(10_000)
                for word, is_term in rows:
                    words.append(word)
                    if is_term:
                        terms.setdefault(word[:2], []).append(word)
                        term_set.add(word)
                words.sort()
                loaded = (words, frozenset(words), terms, frozenset(term_set))
                self._loaded, self._loaded_at = loaded, time.monotonic()
            return self._loaded

    def forget(self) -> None:
        with self._lock:
            self._loaded = None


vocabulary = Vocabulary()


def allowed_edits(word: str) -> int:
    return 1 if len(word) < 7 else 2


def distance_to_prefix(word: str, token: str) -> int:
    """The least edit distance of ``word`` to ``token`` or a beginning of it (capped)."""
    allowed = allowed_edits(word)
    if len(token) < len(word) - allowed:
        return allowed + 1
    return min(
        (
            edit_distance(word, token[:length], allowed)
            for length in range(len(word) - allowed, len(word) + allowed + 1)
            if length <= len(token)
        ),
        default=allowed + 1,
    )


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau–Levenshtein distance (optimal string alignment: a swap of two neighbouring
    letters is one edit, Umwlet → Umwelt) of ``a`` and ``b``, or ``limit + 1`` beyond ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                cost = min(cost, before_previous[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return limit + 1
        before_previous, previous = previous, current
    return previous[-1]
