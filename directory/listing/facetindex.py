"""In-memory bitmap index of a list's published entries: totals, facet counts and pages.

Why: at 100,000 organisations the facet counts as SQL (one ``GROUP BY`` per facet over the
many-to-many joins) took 0.6–0.9 s per list page, and ``ORDER BY`` a collated name another
0.1 s. Here they take well under a millisecond.

How: a list's published entries are numbered in the list's sort order (per page language and
sort). For every facet value (country ``KZ``, field ``culture``, kind ``association`` …) a Python
``int`` serves as a bitmap whose bit *i* is set when entry *i* has that value. OR within a filter,
AND across filters; a count is ``int.bit_count()``; a page is the 25 set bits after an offset, so
page 200 costs what page 1 costs. A search contributes the bitmap of its matches (one query).

The index lives in each worker process, keyed by the data version (``directory.listing.pagecache``),
which every committed write to the directory bumps, so the lists never show stale data. After a
curator's save, each worker moves the saved entries in its index on its next request: the change
log (``directory.listing.changelog``) names them, and three small queries place them and read their
facet values (milliseconds, against about a second for a rebuild at 100,000 organisations). A
change that cannot name its entries (a bulk command) or that touches what many entries show (a
country, a place) rebuilds the index: with Redis, one worker builds it and shares it while the
others wait for it (a short lock). A write in this process reaches its indexes at once
(``changed``), before its commit, so tests that never commit see their data.
"""

import dataclasses
import logging
import threading
import time
from array import array
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.db import connections
from django.db.models import Aggregate, CharField, F, QuerySet, Window
from django.db.models.functions import Cast, RowNumber

from directory.listing import changelog
from zentralasien.cache import unreachable as cache_unreachable

CHUNK_BITS = 4096
CHUNK_MASK = (1 << CHUNK_BITS) - 1
# Per process: (list, language, sort order) combinations kept in memory; the organisation and
# twinning lists reach 15, the newer lists a few more (a few MB each at 100,000 organisations).
MAX_INDEXES = 24
SHARED_SECONDS = 3600  # in the shared cache; a change makes the key unreachable anyway
BUILD_LOCK_SECONDS = 10  # one worker builds an index; a builder that died frees it after this
BUILD_WAIT_SECONDS = 2.0  # the others wait this long for it, then build it themselves
BUILD_POLL_SECONDS = 0.05
MAX_SEARCHES = 32  # per index: recent searches whose selections are kept
MAX_MOVED = 32  # entries moved in an index after a change; more: it is rebuilt
SAMPLES = 256  # entries a moved entry is compared with first (``_placed``)
# Part of the shared cache's key: a change to the pickled class (its module moved in the package
# layout) must not be read back from indexes an older release stored.
FORMAT = 2
SEARCH_SECONDS = 60  # how long: as long as typo corrections stand (search.Vocabulary.MAX_AGE)

logger = logging.getLogger(__name__)


class ValueList(Aggregate):
    """The values of a column as one comma-separated string (``distinct=True``: each once).

    One string per group instead of a row per value: tens of thousands of ids reach Python
    several times faster this way than as rows.
    """

    function = "STRING_AGG"
    template = "%(function)s(%(distinct)s%(expressions)s, ',')"
    allow_distinct = True
    output_field = CharField()

    def __init__(self, expression, **extra):
        super().__init__(Cast(expression, CharField()), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            function="GROUP_CONCAT",
            template="%(function)s(%(distinct)s%(expressions)s)",
            **extra_context,
        )


def _is_multi_valued(model, path: str) -> bool:
    """Does the lookup ``path`` (e.g. ``countries__code``) cross a to-many relation?
    (An annotation, such as a call's computed state, is a single value.)"""
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:  # an annotation of the list's queryset (a computed state)
            return False
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False


def _grouped_values(model, path: str, only=None) -> QuerySet:
    """``(_k, v)``: each row's pk (``only``: of these pks) and the values of the to-many lookup
    ``path``, comma-joined.

    A many-to-many relation is read from its link table alone (ten times faster at 100,000
    rows than joining the model again).
    """
    relation, _, rest = path.partition("__")
    field = model._meta.get_field(relation)
    if field.many_to_many and not field.auto_created and rest:
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        values = ValueList(f"{target}__{rest}")  # a link row per pair: each value once
        rows = through.objects.annotate(_k=F(source))
    else:
        values = ValueList(path, distinct=True)
        rows = model._base_manager.annotate(_k=F("pk"))
    if only is not None:
        rows = rows.filter(_k__in=only)
    return rows.order_by().values("_k").annotate(v=values).values_list("_k", "v")


def _rows(queryset: QuerySet, scalar: dict[str, str], multi: dict[str, str], only=None):
    """``(pk, *scalar values, *multi values)`` of ``queryset``'s rows in its order, in one query
    (``only``: of these pks alone).

    The to-many values come from their link tables grouped once and joined (hash joins), not
    from a subquery per row: that took 3 s of 4 s at 100,000 organisations.
    """
    order = list(queryset.query.order_by) or ["pk"]
    if only is not None:
        queryset = queryset.filter(pk__in=only)
    main = (
        queryset.order_by()
        .annotate(
            _k=F("pk"),
            _position=Window(RowNumber(), order_by=order),
            **{f"_s{i}": F(path) for i, path in enumerate(scalar.values())},
        )
        .values_list("_k", "_position", *(f"_s{i}" for i in range(len(scalar))))
    )
    sql, params = main.query.sql_with_params()
    connection = connections[queryset.db]
    quote = connection.ops.quote_name
    columns = [f"m.{quote('_k')}", *(f"m.{quote(f'_s{i}')}" for i in range(len(scalar)))]
    joins, params = [], list(params)
    for i, path in enumerate(multi.values()):
        grouped = _grouped_values(queryset.model, path, only)
        grouped_sql, grouped_params = grouped.query.sql_with_params()
        joins.append(f"LEFT JOIN ({grouped_sql}) a{i} ON a{i}.{quote('_k')} = m.{quote('_k')}")
        columns.append(f"a{i}.{quote('v')}")
        params.extend(grouped_params)
    sql = (
        f"SELECT {', '.join(columns)} FROM ({sql}) m {' '.join(joins)} "
        f"ORDER BY m.{quote('_position')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(10_000):
            yield from chunk


def _split(model, facet_paths: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The facets' lookups: single-valued and to-many ones."""
    paths = {name: path for name, path in facet_paths.items() if path}
    multi = {name: path for name, path in paths.items() if _is_multi_valued(model, path)}
    return {name: path for name, path in paths.items() if name not in multi}, multi


def _facet_keys(scalar: dict, multi: dict, values) -> Iterable[tuple[str, str]]:
    """``(facet, value)`` pairs of one ``_rows`` row's values (to-many ones comma-joined)."""
    for name, value in zip([*scalar, *multi], values, strict=True):
        if value in (None, ""):
            continue
        for key in value.split(",") if name in multi else (str(value),):
            yield name, key


def _position_map(pks: array):
    """pk → position: an array indexed by pk, or a dict when the keys are sparse."""
    size, largest = len(pks), max(pks, default=0)
    if largest > 4 * size + 100_000:  # sparse keys: a dict costs less than the array
        return dict(zip(pks, range(size), strict=True))
    positions = array("i", [-1]) * (largest + 1)
    for position, pk in enumerate(pks):
        positions[pk] = position
    return positions


def _in_order(queryset: QuerySet, pks) -> list[int]:
    """Those of ``pks`` that ``queryset`` holds, in its order."""
    return list(queryset.filter(pk__in=pks).values_list("pk", flat=True))


def _placed(order: array, queryset: QuerySet, moving: list[int]) -> list[tuple[int, int]]:
    """Where the ``moving`` entries go among the entries ``order`` (in ``queryset``'s order):
    ``(index in order before which it goes, pk)``, in their new order.

    Comparing by the list's own ``ORDER BY`` (collations, empty values last) keeps the index in
    exactly the order a rebuild gives: first among ``SAMPLES`` evenly spaced entries, then
    among the entries between the two samples each moving entry fell between.
    """
    size = len(order)
    step = max(1, -(-size // SAMPLES))
    samples = range(0, size, step)
    sample_pks = {order[i] for i in samples}
    interval: dict[int, int] = {}  # moving pk → how many samples come before it
    before = 0
    for pk in _in_order(queryset, [*sample_pks, *moving]):
        if pk in sample_pks:
            before += 1
        else:
            interval[pk] = before

    def start(n: int) -> int:  # the first entry after the n-th sample
        return samples[n - 1] + 1 if n else 0

    between = {
        order[i]: n
        for n in set(interval.values())
        for i in range(start(n), samples[n] if n < len(samples) else size)
    }
    seen = dict.fromkeys(interval.values(), 0)  # per interval: its entries passed so far
    placed = []
    for pk in _in_order(queryset, [*between, *interval]) if between else list(interval):
        if pk in between:
            seen[between[pk]] += 1
        elif pk in interval:
            placed.append((start(interval[pk]) + seen[interval[pk]], pk))
    return sorted(placed, key=lambda entry: entry[0])  # stable: equal places keep SQL's order


BINARY_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
MARKS_FROM = 32  # one position in this many or more: a byte per entry (``marks_to_bitmap``)


def bitmap(positions: Iterable[int], size: int) -> int:
    """The bitmap (an ``int``) with the given bit positions set.

    Many positions (a big city's organisations, a broad search) are marked a byte each and
    converted at once, three to four times faster than setting bits one by one; the conversion
    costs about what setting a few thousand bits does, so few positions set bits."""
    positions = positions if isinstance(positions, list | tuple | array) else list(positions)
    if len(positions) * MARKS_FROM >= size:
        marks = bytearray(size + 1)
        for position in positions:
            marks[position] = 1
        return marks_to_bitmap(marks, size)
    data = bytearray((size + 7) // 8)
    for position in positions:
        data[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(data, "little")


def positions_bitmap(arrays: Iterable[array], size: int) -> int:
    """The bitmap of the positions in ``arrays`` (each an ``array("i")``, e.g. the organisations
    of one place): a few numpy steps per array, however many positions (``bitmap`` takes one
    Python step per position: 2 ms for a big city's twin towns at 100,000 organisations)."""
    marks = np.zeros(size, dtype=bool)
    for positions in arrays:
        if positions:
            marks[np.frombuffer(positions, dtype=np.int32)] = True
    return mask_to_bitmap(marks)


def mask_to_bitmap(marks) -> int:
    """The bitmap whose bit *i* is set where the numpy boolean array ``marks`` is true."""
    return int.from_bytes(np.packbits(marks, bitorder="little").tobytes(), "little")


def marks_to_bitmap(marks: bytearray, size: int) -> int:
    """The bitmap whose bit *i* is set where ``marks[i]`` is 1, for *i* below ``size``: the marks
    read as the binary digits of an ``int``, highest position first (a linear conversion)."""
    if not size:
        return 0
    return int(marks[size - 1 :: -1].translate(BINARY_DIGITS), 2)


def set_bits(mask: int, skip: int, take: int) -> list[int]:
    """Positions of the set bits of ``mask`` after the first ``skip`` of them, at most ``take``.

    Whole chunks are skipped by their popcount, so a deep page costs little more than the first.
    """
    found: list[int] = []
    base = 0
    while mask and len(found) < take:
        chunk = mask & CHUNK_MASK
        ones = chunk.bit_count()
        if skip >= ones:
            skip -= ones
        else:
            while chunk and len(found) < take:
                lowest = chunk & -chunk
                if skip:
                    skip -= 1
                else:
                    found.append(base + lowest.bit_length() - 1)
                chunk ^= lowest
        mask >>= CHUNK_BITS
        base += CHUNK_BITS
    return found


@dataclass(frozen=True)
class Selection:
    """A result set within an index: its rows in order, as ranked tiers (best first)."""

    tiers: tuple[int, ...]  # bitmaps; a search's rank groups, else one
    # A search's directory.search.ranking.SearchPlan (its corrections), else None.
    plan: object = None

    @property
    def mask(self) -> int:
        combined = 0
        for tier in self.tiers:
            combined |= tier
        return combined

    def restricted(self, mask: int) -> "Selection":
        return Selection(tuple(tier & mask for tier in self.tiers), self.plan)


class BitmapIndex:
    """One list's published entries in one sort order, with a bitmap per facet value."""

    def __init__(self, pks, facets: dict[str, dict[str, int]]):
        self.pks = array("q", pks)
        self.size = len(self.pks)
        self.everything = (1 << self.size) - 1
        self.facets = facets
        self._positions = None  # pk → position, made when a search first needs it
        self._forget_local()

    def _forget_local(self) -> None:
        """This process's own: kept searches and derived values (``searched``, ``kept``)."""
        self._kept: dict[str, object] = {}
        self._searches: OrderedDict[Hashable, tuple[float, Selection]] = OrderedDict()
        self._searches_lock = threading.Lock()

    def __getstate__(self) -> dict:
        """What the shared cache stores: the index without this process's searches and what
        it keeps (``kept``)."""
        return {k: v for k, v in self.__dict__.items() if not k.startswith(("_searches", "_kept"))}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._forget_local()

    @classmethod
    def build(cls, queryset: QuerySet, facet_paths: dict[str, str]) -> "BitmapIndex":
        """Read ``queryset`` (ordered as the list) with every facet's values: one query."""
        scalar, multi = _split(queryset.model, facet_paths)
        pks: list[int] = []
        positions: dict[str, dict[str, list[int]]] = {name: {} for name in [*scalar, *multi]}
        for position, (pk, *values) in enumerate(_rows(queryset, scalar, multi)):
            pks.append(pk)
            for name, key in _facet_keys(scalar, multi, values):
                positions[name].setdefault(key, []).append(position)
        size = len(pks)
        facets = {
            name: {value: bitmap(where, size) for value, where in by_value.items()}
            for name, by_value in positions.items()
        }
        return cls(pks, facets)

    def fresh(self) -> "BitmapIndex":
        """The same index for a newer data version: its bitmaps, none of its kept searches
        (a change may have altered what a search finds)."""
        return BitmapIndex(self.pks, self.facets)

    def moved(self, queryset: QuerySet, facet_paths: dict[str, str], pks: set[int]):
        """This index with the entries ``pks`` taken out and put back where ``queryset`` (the
        list's entries in its order) has them now, with their current facet values; one not in
        ``queryset`` any more (a draft, deleted) stays out. Three small queries instead of
        reading every entry (``_placed``)."""
        rest = self._without(pks)
        scalar, multi = _split(queryset.model, facet_paths)
        keys = {
            pk: list(_facet_keys(scalar, multi, values))
            for pk, *values in _rows(queryset, scalar, multi, only=pks)
        }
        if not keys:
            return rest
        placed = _placed(rest.pks, queryset, list(keys))
        return rest._with(
            [(at + n, pk, keys[pk]) for n, (at, pk) in enumerate(placed)]  # n placed before
        )

    def _without(self, pks: set[int]) -> "BitmapIndex":
        """A copy without the entries ``pks`` (each bit after one moves down). Found by scanning
        (a millisecond at 100,000 entries) rather than by the positions map, which a moved index
        makes only when a search needs it."""
        gone = sorted({self.pks.index(pk) for pk in pks if pk in self.pks}, reverse=True)
        kept = array("q", self.pks)
        facets = {name: dict(values) for name, values in self.facets.items()}
        for position in gone:
            del kept[position]
            below = (1 << position) - 1
            for values in facets.values():
                for value, bits in values.items():
                    values[value] = (bits & below) | ((bits >> (position + 1)) << position)
        return BitmapIndex(kept, facets)

    def _with(self, entries: list[tuple[int, int, list[tuple[str, str]]]]) -> "BitmapIndex":
        """A copy with ``(position, pk, facet keys)`` entries inserted, by ascending position
        (each bit from there moves up)."""
        pks = array("q", self.pks)
        facets = {name: dict(values) for name, values in self.facets.items()}
        for position, pk, keys in entries:
            pks.insert(position, pk)
            below = (1 << position) - 1
            for values in facets.values():
                for value, bits in values.items():
                    values[value] = (bits & below) | ((bits >> position) << (position + 1))
            for name, key in keys:
                values = facets.setdefault(name, {})
                values[key] = values.get(key, 0) | (1 << position)
        return BitmapIndex(pks, facets)

    def kept(self, name: str, make: Callable[[], object]):
        """``make()``'s result, made once per index and kept on it: what a page derives from
        the directory's data (the partners' seats, the relations an entry has rows in) is made
        once per data change, as every change replaces the index (``fresh``, ``moved``, a
        rebuild). Per process: not put into the shared cache."""
        kept = self._kept.get(name)
        if kept is None:
            kept = self._kept[name] = make()
        return kept

    def _position_lookup(self):
        if self._positions is None:
            self._positions = _position_map(self.pks)
        return self._positions

    def position(self, pk: int) -> int | None:
        """Where entry ``pk`` stands in the index (None: not in it, e.g. a draft)."""
        positions = self._position_lookup()
        if isinstance(positions, dict):
            return positions.get(pk)
        if 0 <= pk < len(positions) and positions[pk] >= 0:
            return positions[pk]
        return None

    def _bitmap_of(self, pks: Iterable[int]) -> int:
        """The bitmap of the entries ``pks`` (those in the index).

        A broad search gives tens of thousands of pks: each is marked with one byte store (a pk
        not in the index marks the spare last byte), and the marks become an ``int`` in one
        conversion, several times faster than a ``position`` call and a bit operation per pk."""
        positions, size = self._position_lookup(), self.size
        marks = bytearray(size + 1)
        if isinstance(positions, dict):
            for pk in pks:
                marks[positions.get(pk, -1)] = 1
        else:
            known = len(positions)
            for pk in pks:
                marks[positions[pk] if 0 <= pk < known else -1] = 1
        return marks_to_bitmap(marks, size)

    # Selections -----------------------------------------------------------------------------
    def all(self) -> Selection:
        return Selection((self.everything,))

    def ranked(self, tiers: Iterable[Iterable[int]], plan: object = None) -> Selection:
        """The selection of search matches given as tiers of pks, best tier first."""
        return Selection(tuple(self._bitmap_of(pks) for pks in tiers), plan)

    def searched(self, query: Hashable, search: Callable[[], object]) -> Selection:
        """The selection of a search's matches; ``search()`` gives their pk tiers, an object
        with ``tiers`` and ``plan`` (``directory.search.ranking.Ranked``), or the selection
        itself (``directory.search.memory``).

        Kept for ``SEARCH_SECONDS`` (and never beyond this index, which a data change replaces),
        so that paging through a broad search, or repeating it, does not search again: at
        100,000 organisations a broad query reads tens of thousands of rows.
        """
        now = time.monotonic()
        with self._searches_lock:
            kept = self._searches.get(query)
            if kept and now - kept[0] < SEARCH_SECONDS:
                self._searches.move_to_end(query)
                return kept[1]
        found = search()
        if isinstance(found, Selection):
            selection = found
        elif hasattr(found, "tiers"):
            selection = self.ranked(found.tiers, found.plan)
        else:
            selection = self.ranked(found)
        with self._searches_lock:
            self._searches[query] = (now, selection)
            self._searches.move_to_end(query)
            while len(self._searches) > MAX_SEARCHES:
                self._searches.popitem(last=False)
        return selection

    def matching(self, selected: dict[str, list[str]], *, without: str | None = None) -> int:
        """The bitmap of entries with any chosen value of every filter (but ``without``)."""
        mask = self.everything
        for name, values in selected.items():
            if name == without or not values:
                continue
            bits = self.facets.get(name, {})
            either = 0
            for value in values:
                either |= bits.get(value, 0)
            mask &= either
        return mask

    def counts(self, name: str, mask: int) -> dict[str, int]:
        """How many entries of ``mask`` have each value of facet ``name``."""
        return {
            value: count
            for value, bits in self.facets.get(name, {}).items()
            if (count := (bits & mask).bit_count())
        }

    def page(self, selection: Selection, offset: int, limit: int) -> list[int]:
        """Primary keys of the selection's rows ``offset`` to ``offset + limit``, in order."""
        return [self.pks[position] for position in self.page_positions(selection, offset, limit)]

    def page_positions(self, selection: Selection, offset: int, limit: int) -> list[int]:
        """Positions of the selection's rows ``offset`` to ``offset + limit``, in order."""
        positions: list[int] = []
        for tier in selection.tiers:
            ones = tier.bit_count()
            if offset >= ones:
                offset -= ones
                continue
            positions += set_bits(tier, offset, limit - len(positions))
            offset = 0
            if len(positions) >= limit:
                break
        return positions


@dataclass
class _Held:
    """An index this process holds: the data version it is valid for, and the changes this
    process has written since (perhaps not committed yet: they reach no version before)."""

    version: int
    index: BitmapIndex
    # changelog.Changes; None: anything may have changed
    pending: dict | None = dataclasses.field(default_factory=dict)


class IndexCache:
    """The indexes this process holds, each valid for one data version (see the module
    docstring).

    When the data version has moved, an index is brought up to date by moving the entries the
    versions in between changed (``update``; ``directory.listing.changelog``) — milliseconds —
    and rebuilt only when a change cannot name its entries or touches what many entries show.
    With ``LIST_INDEX_IN_CACHE`` (the default when Redis is configured) a built index is also
    put into the shared cache, so one worker builds it and the other workers and instances load
    it (milliseconds instead of about a second at 100,000 organisations).
    """

    def __init__(self, size: int = MAX_INDEXES):
        self.size = size
        self._lock = threading.Lock()
        self._indexes: OrderedDict[tuple, _Held] = OrderedDict()

    def get(self, key: tuple, version: int, build, update=None) -> BitmapIndex:
        """The index ``key`` for data ``version``: held, moved up to it by
        ``update(index, changes)`` (None: it cannot be), shared, or built."""
        with self._lock:
            held = self._indexes.get(key)
            if held is not None:
                self._indexes.move_to_end(key)
                if held.version > version:  # a request that read the version before a change
                    return held.index
                if held.version == version and held.pending == {}:
                    return held.index
                pending, held.pending = held.pending, {}
        index = None
        if held is not None and update is not None:
            changes = changelog.merged(changelog.since(held.version, version), pending)
            if changes is not changelog.EVERYTHING:
                index = update(held.index, changes)
                if index is not None and changelog.current_version() != version:
                    # Another change came while moving entries: what was read may mix both
                    # versions, so serve it to this request but keep moving from the old index.
                    with self._lock:
                        held.pending = changelog.merged(held.pending, pending)
                    return index
        if index is None:
            index = self._shared(key, version, build)
        with self._lock:
            later = held.pending if held is not None else {}  # written while this was made
            self._indexes[key] = _Held(version, index, later)
            while len(self._indexes) > self.size:
                self._indexes.popitem(last=False)
        return index

    def changed(self, changes) -> None:
        """This process wrote ``changes`` (``changelog.Changes`` or ``EVERYTHING``): every index
        takes them in on its next use, before any commit moves the version."""
        with self._lock:
            for held in self._indexes.values():
                held.pending = changelog.merged(held.pending, changes)

    @staticmethod
    def _shared(key: tuple, version: int, build) -> BitmapIndex:
        """The index from the shared cache; else one worker builds and shares it (a short lock
        in the cache) while the others wait for it, up to ``BUILD_WAIT_SECONDS``, instead of
        all building the same index at once. Without a reachable cache: built here."""
        if not getattr(settings, "LIST_INDEX_IN_CACHE", False):
            return build()
        shared_key = f"listindex:{FORMAT}:" + ":".join(map(str, (version, *key)))
        try:
            index = cache.get(shared_key)
            if index is not None:
                return index
            if not cache.add(shared_key + ":building", 1, BUILD_LOCK_SECONDS):
                if (index := _wait_for(shared_key)) is not None:
                    return index
                return build()  # the builder is slow or gone, or the cache is unreachable
        except Exception:  # the cache is down: build here
            logger.warning("list index cache unavailable", exc_info=True)
            return build()
        try:
            index = build()
            cache.set(shared_key, index, SHARED_SECONDS)
        finally:
            cache.delete(shared_key + ":building")
        return index

    def forget(self) -> None:
        with self._lock:
            self._indexes.clear()


def _wait_for(shared_key: str) -> "BitmapIndex | None":
    """The index another worker is building, once it is shared; None after the wait."""
    deadline = time.monotonic() + BUILD_WAIT_SECONDS
    while time.monotonic() < deadline and not cache_unreachable():
        time.sleep(BUILD_POLL_SECONDS)
        if (index := cache.get(shared_key)) is not None:
            return index
    return None


indexes = IndexCache()


def forget(*args, **kwargs) -> None:
    """Drop this process's indexes (a bulk change, or a test starting)."""
    indexes.forget()


def changed(changes) -> None:
    """This process wrote ``changes``: its indexes take them in on their next use."""
    indexes.changed(changes)
