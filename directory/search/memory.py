"""The words of the search texts held in memory: broad searches at scale without reading rows.

Why: at 100,000 organisations a country or topic word matches most of them. PostgreSQL finds
them through its word indexes but must visit every matching row to return its pk (a heap scan
of nearly the whole table: about 40 ms for "Kasachstan", 60,000 matches), and the list then
maps 60,000 pks to its positions (about 15 ms). From the words held here, a query's tiers take
about a millisecond.

What is held, per searchable model (``TEXT_READS``), for one data version (PostgreSQL only):

- for every word of the search texts (``directory.search.index.compose``: keys separated by
  spaces, as PostgreSQL's ``'simple'`` text search parses them: the few keys it splits further,
  ``12e3ab``, are asked of it), the entries that have it in their names, before the description
  (names, places, countries, fields, kind, topic terms) and in the description part: arrays of
  pks, by word, sorted for prefix lookups;
- the names, sorted, for "a name is / begins with the query" (ranks 5 and 4);
- for every German stem of the descriptions, as PostgreSQL's own ``to_tsvector('german', …)``
  gives them, the entries whose description has it.

A query's tiers are those of ``directory.search.ranking.sql_tiers`` (``tests/
test_search_memory.py`` compares both on the same data), as boolean masks over pks (numpy),
then gathered into a list index's order in one step.

Freshness: the entries changed since the build (the change log, and this process's own writes
before they commit; for a changed place, the entries based there: ``SEATED``) are left out of
the masks and matched by SQL: a few rows. A change the log cannot name, more than
``MAX_DIRTY`` changed entries, or a change to what many texts show (``TEXT_READS``: a country,
a field, a place's alias, a topic term) makes the held words unusable: SQL answers while one
thread of the process reads them again (about 4 s at 100,000; after a failed reading, SQL
answers for ``RETRY_SECONDS`` before the next try).

Only for lists of at least ``SEARCH_MEMORY_MIN_ENTRIES`` entries (setting): below that, SQL is
fast, and the memory (about 80 MB more per process at 100,000 organisations) is better left free.
"""

import dataclasses
import functools
import logging
import threading
import time
from array import array
from bisect import bisect_left, bisect_right

import numpy as np
from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connections
from django.db.models import Func, QuerySet

from directory.listing import changelog
from directory.listing.facetindex import BitmapIndex, Selection, mask_to_bitmap
from directory.search import ranking

logger = logging.getLogger(__name__)

#: Searchable models held in memory, with the models whose changes rewrite many of their texts.
TEXT_READS = {
    "directory.organisation": (
        "directory.country",
        "directory.cooperationfield",
        "directory.placealias",
        "directory.topicterm",
    ),
}
#: Changes that rewrite the texts of the entries based there (a place: its organisations'),
#: which SQL then matches: a curator adding an organisation with a new seat adds a place.
SEATED = {"directory.organisation": {"directory.place": "seat"}}
MIN_ENTRIES = 5_000  # default of the setting SEARCH_MEMORY_MIN_ENTRIES
MAX_DIRTY = 500  # entries changed since the build that SQL matches; more: read the words again
RETRY_SECONDS = 60  # after a failed reading, SQL answers this long before the next try
LAST = "\U0010ffff"  # sorts after every character: the end of a prefix's range
MARKERS = {"#", "~"}  # the section marks of a search text, not words


class Section:
    """One part of the search texts: its words, sorted, and the pks having each."""

    def __init__(self, by_word: dict[str, array]):
        self.words = sorted(by_word)
        self.pks = [np.frombuffer(by_word[word], dtype=np.int32) for word in self.words]

    def having(self, group: tuple[str, ...], size: int) -> np.ndarray:
        """The mask of entries with a word beginning with one of ``group`` (equal to it, for a
        word ending in a space: ``ranking._lexeme``)."""
        mask = np.zeros(size, dtype=bool)
        for word in group:
            if word.endswith(" "):
                low, high = bisect_left(self.words, word[:-1]), bisect_right(self.words, word[:-1])
            else:
                low, high = bisect_left(self.words, word), bisect_left(self.words, word + LAST)
            for pks in self.pks[low:high]:
                mask[pks] = True
        return mask

    def having_all(self, groups, size: int) -> np.ndarray:
        mask = np.ones(size, dtype=bool)
        for group in groups:
            mask &= self.having(group, size)
        return mask


class Words:
    """The held words of one model's searchable entries (see the module docstring)."""

    def __init__(self, version: int, rows, stems: dict[str, array], tokens_of=None):
        """``tokens_of(words)``: how PostgreSQL's text search parser splits those of the given
        words it does not keep whole (``_parsed``)."""
        names: dict[str, array] = {}
        things: dict[str, array] = {}
        described: dict[str, array] = {}
        called: list[tuple[str, int]] = []
        biggest = 0
        for pk, text in rows:
            biggest = max(biggest, pk)
            head, _, tail = text.partition(ranking.THINGS_END)
            name_part = head.partition(ranking.NAMES_END)[0]
            for word in set(name_part.split()) - MARKERS:
                names.setdefault(word, array("i")).append(pk)
            for word in set(head.split()) - MARKERS:
                things.setdefault(word, array("i")).append(pk)
            for word in set(tail.split()) - MARKERS:
                described.setdefault(word, array("i")).append(pk)
            called += [(name.strip(), pk) for name in name_part.split("#") if name.strip()]
        called.sort()
        self.version = version
        self.size = biggest + 1
        sections = [names, things, described]
        if tokens_of is not None:
            sections = _as_parsed(sections, tokens_of)
        self.names, self.things, self.described = map(Section, sections)
        self.stems = Section(stems)
        self.called = [name for name, _pk in called]
        self.called_pks = np.array([pk for _name, pk in called], dtype=np.int32)

    @classmethod
    def read(cls, scope: QuerySet) -> "Words | None":
        """Read the words of ``scope`` (three queries); None when its pks do not suit masks."""
        version = changelog.current_version()  # first: what commits later is named as changed
        biggest = max(scope.order_by("-pk").values_list("pk", flat=True)[:1], default=0)
        if biggest >= 2**31 or biggest > 20 * scope.count() + 100_000:
            return None
        rows = scope.order_by("pk").values_list("pk", "search_text").iterator(chunk_size=5_000)
        # Each description's German stems, as the full-text match (``ranking._description_matches``)
        # reads them, grouped by stem in PostgreSQL: one row per stem.
        vector = SearchVector("description", config=ranking.DESCRIPTION_CONFIG)
        each = Func(Func(vector, function="tsvector_to_array"), function="unnest")
        inner = scope.order_by().annotate(stem=each).values_list("pk", "stem")
        sql, params = inner.query.sql_with_params()
        with connections[scope.db].cursor() as cursor:  # by name: Django orders the columns
            cursor.execute(
                f'SELECT "stem", string_agg("pk"::text, \',\' ORDER BY "pk") FROM ({sql}) '
                'AS stems GROUP BY "stem"',
                params,
            )
            stems = {stem: array("i", map(int, pks.split(","))) for stem, pks in cursor.fetchall()}
        return cls(version, rows, stems, functools.partial(_parsed, using=scope.db))

    def named(self, phrase: str, size: int) -> tuple[np.ndarray, np.ndarray]:
        """Masks of the entries with a name equal to ``phrase``, and beginning with it."""
        equal, beginning = np.zeros(size, dtype=bool), np.zeros(size, dtype=bool)
        low = bisect_left(self.called, phrase)
        equal[self.called_pks[low : bisect_right(self.called, phrase)]] = True
        beginning[self.called_pks[low : bisect_left(self.called, phrase + LAST)]] = True
        return equal, beginning

    def ranked(self, plan: ranking.SearchPlan, stems: list[str] | None, size: int):
        """``(rank, mask)`` best first, each entry in its best rank, as ``ranking.sql_tiers``
        ranks plain words on PostgreSQL; ``stems``: the query's German stems, or None (no
        full-text match)."""
        groups, short = plan.word_groups, plan.query.short
        in_names = self.names.having_all(groups, size)
        equal, beginning = self.named(plan.query.phrase, size)
        if len(groups) == 1:
            lowest = np.zeros(size, dtype=bool)
            if not (short and short[0]):
                lowest = self.described.having(groups[0], size)
        else:
            lowest = np.ones(size, dtype=bool)
            flags = plan.query.short + (False,) * len(groups)  # a typo plan's added parts
            for group, is_short in zip(groups, flags, strict=False):
                things = self.things.having(group, size)
                lowest &= things if is_short else things | self.described.having(group, size)
        ranks = [
            (5, in_names & equal),
            (4, in_names & beginning),
            (3, in_names),
            (2, self.things.having_all(groups, size)),
            (1, lowest),
        ]
        if stems is not None:  # no stems (stop words only): PostgreSQL's match finds nothing
            stemmed = self.stems.having_all([(stem + " ",) for stem in stems], size)
            ranks.append((0, stemmed if stems else np.zeros(size, dtype=bool)))
        return ranks


def _parsed(words: list[str], using: str) -> dict[str, list[str]]:
    """Those of ``words`` that PostgreSQL's ``'simple'`` text search does not keep as one word,
    with what it makes of them: a number in exponent form splits off (``12e3ab``: ``12e3``,
    ``ab``), a word over 2,047 characters is dropped. Only words with a digit or that long are
    asked (a key is letters and digits): one query."""
    asked = [word for word in words if len(word) > 2047 or any(map(str.isdigit, word))]
    if not asked:
        return {}
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT word, tsvector_to_array(to_tsvector(%s::regconfig, word)) "
            "FROM unnest(%s::text[]) AS word",
            [ranking.WORDS_CONFIG, asked],
        )
        return {word: list(tokens) for word, tokens in cursor.fetchall() if tokens != [word]}


def _as_parsed(sections: list[dict[str, array]], tokens_of) -> list[dict[str, array]]:
    """The sections' words as PostgreSQL's text search parser splits them (``_parsed``): the
    entries of a split word have its parts instead."""
    split = tokens_of(sorted({word for section in sections for word in section}))
    for section in sections:
        for word, tokens in split.items():
            pks = section.pop(word, None)
            for token in tokens if pks else ():
                section[token] = array("i", sorted({*section.get(token, ()), *pks}))
    return sections


def _stems(text: str, using: str) -> list[str]:
    """The German stems of a query, as ``plainto_tsquery`` finds them (none: stop words only)."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(to_tsvector(%s::regconfig, %s))",
            [ranking.DESCRIPTION_CONFIG, text],
        )
        return list(cursor.fetchone()[0])


@dataclasses.dataclass
class _Held:
    words: Words
    # Changes this process wrote since the words were read (changelog.Changes, or EVERYTHING).
    pending: dict | None = dataclasses.field(default_factory=dict)
    since: tuple[int, dict | None] | None = None  # the last version asked for, and its changes
    based: dict[int, frozenset[int] | None] = dataclasses.field(default_factory=dict)

    def based_in(self, model, field: str, places: set[int]) -> set[int] | None:
        """The entries of ``model`` whose ``field`` is one of ``places`` (None: a place is
        gone), each place asked once. An entry that moves there or away later changes itself."""
        asked = [place for place in places if place not in self.based]
        if asked:
            existing = model._meta.get_field(field).related_model.objects.filter(pk__in=asked)
            found = {place: set() for place in existing.values_list("pk", flat=True)}
            rows = model.objects.filter(**{f"{field}__in": asked}).values_list(field, "pk")
            for place, pk in rows:
                found[place].add(pk)
            for place in asked:
                self.based[place] = frozenset(found[place]) if place in found else None
        entries: set[int] = set()
        for place in places:
            if self.based[place] is None:
                return None
            entries |= self.based[place]
        return entries


class HeldWords:
    """The words this process holds, per model label, and the reading of them again."""

    def __init__(self):
        self._lock = threading.Lock()
        self._held: dict[str, _Held] = {}
        # label: (generation, changes written meanwhile); forget() voids the readings under way
        self._reading: dict[str, tuple[int, dict | None]] = {}
        self._generation = 0
        self._failed: dict[str, float] = {}  # label: when its last reading failed

    def usable(self, scope: QuerySet, version: int) -> tuple[Words, set[int]] | None:
        """The words of ``scope``'s model valid at ``version`` but for the entries changed
        since (which SQL must match), or None: SQL answers (they are being read)."""
        label = scope.model._meta.label_lower
        with self._lock:
            held = self._held.get(label)
        if held is not None:
            changes = changelog.merged(self._since(held, version), held.pending)
            if changes is not changelog.EVERYTHING and not any(
                read in changes for read in TEXT_READS[label]
            ):
                dirty = self._dirty(held, scope.model, label, changes)
                if dirty is not None and len(dirty) <= MAX_DIRTY:
                    return held.words, dirty
            with self._lock:
                if self._held.get(label) is held:
                    del self._held[label]
        if not self._read(label, scope):
            return None
        with self._lock:  # read here and now (``SEARCH_MEMORY_BACKGROUND`` off)
            held = self._held.get(label)
        return (held.words, set()) if held is not None and not held.pending else None

    @staticmethod
    def _dirty(held: _Held, model, label: str, changes) -> set[int] | None:
        """The entries whose texts ``changes`` rewrote (None: unknown)."""
        dirty = set(changes.get(label, ()))
        for read, field in SEATED.get(label, {}).items():
            if places := changes.get(read):
                based = held.based_in(model, field, places)
                if based is None:
                    return None
                dirty |= based
        return dirty

    @staticmethod
    def _since(held: _Held, version: int) -> dict | None:
        if version <= held.words.version:
            return {}
        if held.since is None or held.since[0] != version:
            held.since = (version, changelog.since(held.words.version, version))
        return held.since[1]

    def _read(self, label: str, scope: QuerySet) -> bool:
        """Read the words again: in a thread of their own (``SEARCH_MEMORY_BACKGROUND``, the
        default), or here (then True), unless a reading is under way or failed lately."""
        with self._lock:
            failed = self._failed.get(label)
            if label in self._reading or (failed and time.monotonic() - failed < RETRY_SECONDS):
                return False
            generation = self._generation
            self._reading[label] = (generation, {})
        scope = scope.all()
        if not getattr(settings, "SEARCH_MEMORY_BACKGROUND", True):
            self._store(label, scope, generation)
            return True
        try:
            threading.Thread(
                target=self._store, args=(label, scope, generation, True), daemon=True
            ).start()
        except RuntimeError:  # no thread to be had: SQL answers, a later search tries again
            logger.warning("search words not read: no thread", exc_info=True)
            self._done(label, generation, None)
        return False

    def _store(self, label: str, scope: QuerySet, generation: int, own_connection=False):
        words = None
        try:
            words = Words.read(scope)
        except Exception:  # the database is down or slow: SQL answers, retried later
            logger.warning("search words not read", exc_info=True)
        finally:
            if own_connection:
                connections[scope.db].close()
            self._done(label, generation, words)

    def _done(self, label: str, generation: int, words: Words | None) -> None:
        with self._lock:
            reading = self._reading.get(label)
            if reading is None or reading[0] != generation:
                return  # forgotten meanwhile: another reading may be under way
            del self._reading[label]
            if words is None:
                self._failed[label] = time.monotonic()
            else:
                self._failed.pop(label, None)
                self._held[label] = _Held(words, reading[1])

    def changed(self, changes) -> None:
        """This process wrote ``changes``: the held words leave those entries to SQL."""
        with self._lock:
            for held in self._held.values():
                held.pending = changelog.merged(held.pending, changes)
            for label, (generation, written) in self._reading.items():
                self._reading[label] = (generation, changelog.merged(written, changes))

    def forget(self) -> None:
        with self._lock:
            self._held.clear()
            self._reading.clear()
            self._failed.clear()
            self._generation += 1


held = HeldWords()


def searched(index: BitmapIndex, scope: QuerySet, raw_query: str, exact: bool, version):
    """The search's selection in ``index``'s order from the held words, or None: SQL answers
    (another database, a small list, no version, the words not held yet)."""
    label = scope.model._meta.label_lower
    if (
        label not in TEXT_READS
        or version is None
        or connections[scope.db].vendor != "postgresql"
        or index.size < getattr(settings, "SEARCH_MEMORY_MIN_ENTRIES", MIN_ENTRIES)
    ):
        return None
    usable = held.usable(scope, version)
    if usable is None:
        return None
    words, dirty = usable
    order = np.frombuffer(index.pks, dtype=np.int64)
    size = max(words.size, int(order.max(initial=-1)) + 1, max(dirty, default=-1) + 1)
    if size > 2 * words.size + 100_000:  # pks far beyond those read: masks would be huge
        return None

    def tiers(plan: ranking.SearchPlan, full_text: bool) -> ranking.Ranked:
        return _tiers(words, dirty, scope, plan, full_text, size)

    found = ranking.ranked_matches(scope, raw_query, exact=exact, tiers=tiers)
    bitmaps = tuple(mask_to_bitmap(mask[order]) for mask in found.tiers)
    return Selection(bitmaps, found.plan)


def _tiers(words: Words, dirty: set[int], scope, plan, full_text: bool, size: int):
    """``ranking.sql_tiers`` from the held words, with masks over pks for tiers: the entries
    changed since the words were read by SQL."""
    if not plan.word_groups:  # a typo plan that found no correction: nothing
        return ranking.Ranked([], plan)
    if not ranking.plain(plan.word_groups):  # what the text search parser may split: SQL
        return _as_masks(ranking.sql_tiers(scope, plan, full_text), size)
    stems = _stems(plan.query.text, scope.db) if full_text and not plan.typos else None
    ranks = words.ranked(plan, stems, size)
    if dirty:
        unchanged = np.ones(size, dtype=bool)
        unchanged[list(dirty)] = False
        changed = _as_masks(ranking.sql_tiers(scope.filter(pk__in=dirty), plan, full_text), size)
        by_rank = dict(zip(changed.ranks, changed.tiers, strict=True))
        ranks = [(rank, (mask & unchanged) | by_rank.get(rank, False)) for rank, mask in ranks]
    tiers, kept, seen = [], [], np.zeros(size, dtype=bool)
    for rank, mask in ranks:
        mask &= ~seen
        if mask.any():
            seen |= mask
            tiers.append(mask)
            kept.append(rank)
    return ranking.Ranked(tiers, plan, tuple(kept))


def _as_masks(found: ranking.Ranked, size: int) -> ranking.Ranked:
    """SQL's tiers as masks over pks; a pk beyond ``size`` is in no list index being asked."""
    masks = []
    for pks in found.tiers:
        mask = np.zeros(size, dtype=bool)
        mask[[pk for pk in pks if pk < size]] = True
        masks.append(mask)
    return ranking.Ranked(masks, found.plan, found.ranks)
