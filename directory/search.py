"""The one place that turns a visitor's query string into a filtered, ranked QuerySet.

Views call ``search_organisations``, ``search_twinnings`` and ``search_places``; they never build
search SQL themselves. Each returns the given QuerySet filtered to the matches, annotated with
``rank`` (higher is better) and ordered by rank, then name. An empty query returns the QuerySet
unfiltered with ``rank`` 0 (places: none).

How a query matches (the same on SQLite and PostgreSQL):

1. ``clean_query`` removes control characters (NUL bytes included), collapses whitespace and caps
   the length; ``parse`` turns the rest into normalised word keys (``directory.normalise``).
   Operators, quotes, SQL or tsquery syntax are just characters that separate words, so no input
   can break the query.
2. **Words**: every query word must be the beginning of a word of the entry's stored search text
   (names, alternative names of its places, acronym, description, countries in three languages,
   fields). PostgreSQL additionally accepts entries whose description matches the query in German
   full-text search (stemming: "Gesellschaften" finds "Gesellschaft").
3. **Typos**, only when step 2 finds nothing: each query word of four letters or more is
   corrected against the vocabulary of all indexed words (``SearchWord``, held per process by
   ``Vocabulary``): words with the same first two letters within edit distance 1 (2 for words
   of seven letters or more) of the word or of their beginning. Entries must then contain one
   correction of every such word (and the short words as typed), matched like step 2 and so
   served by the same index. The same on SQLite and PostgreSQL. (Trigram similarity against the
   whole stored text took seconds at 100,000 organisations.)

Rank: 3 the query is an entry's name, another name, acronym (for places: an alternative name;
for twinnings: a place's name); 2 one of those names begins with the query; 1 all words match
elsewhere; 0 full-text or typo match. Ties are broken by name.

Indexes (PostgreSQL): a GIN index on the ``'simple'`` ``to_tsvector`` of ``search_text``
(migration 0014) serves the word and typo matches as prefix queries (``'bildung':*``) without
rechecking the text; a GIN index on the German ``to_tsvector`` of ``description`` (migration
0004) the full-text match. The GIN trigram index of 0004 serves query words that the text search
parser might split differently (anything but ``[a-z0-9]``), through ``LIKE``.
"""

import re
import threading
import time
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan

from directory.facetindex import ValueList
from directory.i18n import localized_order
from directory.normalise import keys, stem

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
MIN_FUZZY_LENGTH = 4
MAX_CORRECTIONS = 8
DESCRIPTION_CONFIG = "german"
WORDS_CONFIG = "simple"  # the words index: lower-cased tokens, no stemming, no stop words
PLAIN_WORD = re.compile(r"[a-z0-9]+")  # a query word the text search parser keeps whole


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
    unstemmed: tuple[str, ...]  # distinct word keys as typed, for typo tolerance

    def __bool__(self) -> bool:
        return bool(self.words)


def parse(raw: str | None) -> ParsedQuery:
    text = clean_query(raw)
    word_keys = keys(text)[:MAX_WORDS]
    words = tuple(dict.fromkeys(stem(k) for k in word_keys))
    return ParsedQuery(
        text=text,
        phrase=" ".join(word_keys),
        words=words,
        unstemmed=tuple(dict.fromkeys(word_keys)),
    )


@dataclass(frozen=True)
class SearchPlan:
    """What a query will match, decided once per request.

    Whether typo tolerance is needed (nothing matches the words exactly) is decided over the whole
    ``scope`` (e.g. all published organisations), not over each filtered subset: so every facet
    count of a list page uses the same kind of match, and the decision costs one query however
    many facets apply the search.
    """

    query: ParsedQuery
    typos: bool = False
    corrections: tuple[tuple[str, ...], ...] = ()  # per typo-tolerant word: what it may mean


def plan_search(scope: QuerySet, raw_query: str | None, *, full_text: bool = True) -> SearchPlan:
    query = parse(raw_query)
    if not query:
        return SearchPlan(query)
    if _word_matches(scope, query, full_text).exists():
        return SearchPlan(query)
    return _typo_plan(query)


def _typo_plan(query: ParsedQuery) -> SearchPlan:
    fuzzy, _exact = _fuzzy_words(query)
    return SearchPlan(query, typos=True, corrections=tuple(vocabulary.close_to(w) for w in fuzzy))


def ranked_matches(scope: QuerySet, raw_query: str | None) -> list[list[int]]:
    """The pks of every entry of ``scope`` the query finds, grouped by rank, best first: exact
    matches, or typo matches when there are none. What the lists' bitmap index needs.

    One query, a second only when nothing matches exactly: the same decision as ``SearchPlan``
    without its separate existence check. Built for broad queries (tens of thousands of matches
    at 100,000 organisations): the words and the description each through their index with no
    per-row recheck, the rank from two substring tests, each rank's pks as one string.
    """
    query = parse(raw_query)
    if not query:
        return []
    return _tiers(scope, SearchPlan(query)) or _tiers(scope, _typo_plan(query))


def _tiers(scope: QuerySet, plan: SearchPlan) -> list[list[int]]:
    groups = _word_groups(plan)
    if not groups:
        return []
    by_words = _having_words(scope, groups).annotate(rank=_rank(plan, words=None))
    parts = [by_words]
    if not plan.typos and connections[scope.db].vendor == "postgresql":
        parts.append(_description_matches(scope, plan.query).annotate(rank=Value(0)))
    grouped = [
        part.order_by().values("rank").annotate(pks=ValueList("pk")).values_list("rank", "pks")
        for part in parts
    ]
    rows = grouped[0].union(*grouped[1:], all=True) if len(grouped) > 1 else grouped[0]
    tiers, seen = [], set()
    for _rank_value, pks in sorted(rows, key=lambda row: row[0], reverse=True):
        if not pks:  # a part without a rank column sums up even no rows: one row, no pks
            continue
        tier = [pk for pk in map(int, pks.split(",")) if pk not in seen]
        seen.update(tier)
        tiers.append(tier)
    return [tier for tier in tiers if tier]


def search_organisations(
    queryset: QuerySet, raw_query: str | None, *, plan: SearchPlan | None = None
) -> QuerySet:
    """Organisations matching the query, annotated with ``rank`` (higher is better)."""
    plan = plan or plan_search(queryset, raw_query)
    return _search(queryset, plan, order=["name"], full_text=True)


def search_twinnings(
    queryset: QuerySet, raw_query: str | None, *, plan: SearchPlan | None = None
) -> QuerySet:
    """Twinnings whose places (in any spelling) or text match the query, with ``rank``."""
    plan = plan or plan_search(queryset, raw_query)
    order = [localized_order("german_place__name"), localized_order("central_asian_place__name")]
    return _search(queryset, plan, order=order, full_text=True)


def search_places(queryset: QuerySet, raw_query: str | None) -> QuerySet:
    """Places whose name or alternative names match the query, with ``rank``."""
    if not parse(raw_query):
        return queryset.none().annotate(rank=Value(0.0))
    plan = plan_search(queryset, raw_query, full_text=False)
    return _search(queryset, plan, order=[localized_order("name")], full_text=False)


def _word_matches(queryset: QuerySet, query: ParsedQuery, full_text: bool) -> QuerySet:
    matches = _having_words(queryset, [(word,) for word in query.words])
    if full_text and connections[queryset.db].vendor == "postgresql":
        matches |= _description_matches(queryset, query)
    return matches


def _description_matches(queryset: QuerySet, query: ParsedQuery) -> QuerySet:
    """PostgreSQL: entries whose description matches in German full-text search."""
    return queryset.alias(
        _description=SearchVector("description", config=DESCRIPTION_CONFIG)
    ).filter(_description=SearchQuery(query.text, config=DESCRIPTION_CONFIG, search_type="plain"))


def _search(queryset: QuerySet, plan: SearchPlan, *, order: list[str], full_text: bool):
    query = plan.query
    if not query:
        return queryset.annotate(rank=Value(0.0))
    if not plan.typos:
        matches = _word_matches(queryset, query, full_text)
    else:
        matches = _having_words(queryset, _word_groups(plan))
    rank = _rank(plan, words=_all_words(query.words))
    return matches.annotate(rank=rank).order_by("-rank", *order)


def _rank(plan: SearchPlan, *, words: Q | None):
    """3 the phrase is a name, 2 a name begins with it, 1 all words match (``words``; None:
    every row given matches them unless it is a typo match), else 0.

    ``#`` occurs only in the names part of a search text, so the substring tests need not
    isolate it; ``StrIndex`` (``strpos``) is a much faster scan than ``LIKE``.
    """
    phrase = plan.query.phrase
    matched = (
        Value(0 if plan.typos else 1) if words is None else Case(When(words, then=1), default=0)
    )
    return Case(
        When(GreaterThan(StrIndex("search_text", Value(f"# {phrase} #")), 0), then=Value(3)),
        When(GreaterThan(StrIndex("search_text", Value(f"# {phrase}")), 0), then=Value(2)),
        default=matched,
        output_field=IntegerField(),
    )


def _all_words(words: tuple[str, ...]) -> Q:
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=f" {word}")
    return condition


def _word_groups(plan: SearchPlan) -> list[tuple[str, ...]]:
    """What the search text must contain: a word beginning with one word of every group.

    Exact: each query word (stemmed). Typos: each short word as typed, and for each longer word
    its corrections; nothing when a longer word has no correction.
    """
    if not plan.typos:
        return [(word,) for word in plan.query.words]
    _fuzzy, exact = _fuzzy_words(plan.query)
    if not plan.corrections or not all(plan.corrections):
        return []
    return [(word,) for word in exact] + [tuple(words) for words in plan.corrections]


def _having_words(queryset: QuerySet, groups: list[tuple[str, ...]]) -> QuerySet:
    """Entries whose search text has, for every group, a word beginning with one of its words.

    PostgreSQL: through the GIN index of the text's words (``'simple'`` text search, migration
    0014), which needs no recheck of the text, unlike the trigram index (five times slower for
    a word in 40,000 entries). Words its parser might split differently go through ``LIKE``.
    """
    if not groups:
        return queryset.none()
    words = [word for group in groups for word in group]
    if connections[queryset.db].vendor == "postgresql" and all(map(PLAIN_WORD.fullmatch, words)):
        tsquery = " & ".join(
            "(" + " | ".join(f"'{word}':*" for word in group) + ")" for group in groups
        )
        return queryset.alias(_words=SearchVector("search_text", config=WORDS_CONFIG)).filter(
            _words=SearchQuery(tsquery, config=WORDS_CONFIG, search_type="raw")
        )
    condition = Q()
    for group in groups:
        either = Q()
        for word in group:
            either |= Q(search_text__contains=f" {word}")
        condition &= either
    return queryset.filter(condition)


def _fuzzy_words(query: ParsedQuery) -> tuple[list[str], list[str]]:
    """The words typo tolerance applies to, and the short ones that must match exactly."""
    fuzzy = [w for w in query.unstemmed if len(w) >= MIN_FUZZY_LENGTH]
    exact = [w for w in query.unstemmed if len(w) < MIN_FUZZY_LENGTH]
    return fuzzy, exact


class Vocabulary:
    """The words of all search texts (``SearchWord``), held per process for typo correction.

    Reloaded after ``MAX_AGE`` seconds: a word added since then is not yet offered as a
    correction, which only affects queries with typos. One query of short strings to load
    (about 30 ms for 60,000 words); grouped by their first two letters, which typos rarely hit.
    """

    MAX_AGE = 60

    def __init__(self):
        self._by_start: dict[str, list[str]] | None = None
        self._loaded_at = 0.0
        self._lock = threading.Lock()

    def close_to(self, word: str) -> tuple[str, ...]:
        """The vocabulary words ``word`` may be a typo of: closest first, ``MAX_CORRECTIONS``."""
        candidates = self._words().get(word[:2], [])
        close = [
            (edit, token)
            for token in candidates
            if (edit := distance_to_prefix(word, token)) <= allowed_edits(word)
        ]
        return tuple(token for _edit, token in sorted(close)[:MAX_CORRECTIONS])

    def _words(self) -> dict[str, list[str]]:
        with self._lock:
            if self._by_start is None or time.monotonic() - self._loaded_at > self.MAX_AGE:
                from directory.models import SearchWord

                by_start: dict[str, list[str]] = {}
                for word in SearchWord.objects.values_list("word", flat=True).iterator(10_000):
                    by_start.setdefault(word[:2], []).append(word)
                self._by_start, self._loaded_at = by_start, time.monotonic()
            return self._by_start

    def forget(self) -> None:
        with self._lock:
            self._by_start = None


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
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
