"""What a list or the site search tells a visitor about a search: the corrections it applied
("Showing results for Umwelt", with a link to the exact words), the fields, kinds and countries
the query names (offered as filters with their counts), and, on each result, why it matched
(the seat, field, kind, country or a snippet of the description, with the words marked).

All text is escaped piece by piece; only ``<mark>`` is added.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from directory.i18n import LANGUAGES, column, page_language, translations
from directory.search.index import split_names
from directory.search.normalise import keys
from directory.search.ranking import SearchPlan
from directory.search.topics import offers as topic_offers
from directory.search.topics import topic_terms

WORD = re.compile(r"\w+")
SNIPPET_WORDS = 12  # words either side of the first match

Groups = Sequence[tuple[str, ...]]


@lru_cache(maxsize=65536)
def _word_keys(word: str) -> tuple[str, ...]:
    """The matching keys of one word of a text. Memoised: the cards of a page ask for every
    word of every description once per query group, and descriptions share most words."""
    return tuple(keys(word))


def _matches(word: str, group: tuple[str, ...]) -> bool:
    word_keys = _word_keys(word)
    for entry in group:
        if entry.endswith(" "):
            if entry.strip() in word_keys:
                return True
        elif any(k.startswith(entry) for k in word_keys):
            return True
    return False


def hits(text: str, groups: Groups) -> set[int]:
    """The indexes of the groups that a word of ``text`` matches."""
    found = set()
    for word in WORD.findall(text or ""):
        found.update(i for i, group in enumerate(groups) if _matches(word, group))
    return found


@lru_cache(maxsize=16384)
def _term_hits(text: str, groups: tuple[tuple[str, ...], ...]) -> frozenset[int]:
    """``hits`` of a seat's name, a field's, kind's or country's name or topic term: the same
    few hundred texts on every card of a page (a field's terms on each card with that field).
    Memoised by the query's word groups."""
    return frozenset(hits(text, groups))


def mark(text: str, groups: Groups) -> SafeString:
    """``text`` escaped, with the words that match a group in ``<mark>``."""
    text = text or ""
    pieces, position = [], 0
    for match in WORD.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        word = match.group()
        matched = any(_matches(word, group) for group in groups)
        pieces.append(f"<mark>{escape(word)}</mark>" if matched else escape(word))
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # every piece is escaped


def snippet(text: str, groups: Groups) -> SafeString | None:
    """About 25 words of ``text`` around its first matching word, marked; None: no match."""
    words = (text or "").split()
    for index, word in enumerate(words):
        if hits(word, groups):
            start = max(0, index - SNIPPET_WORDS)
            part = " ".join(words[start : index + SNIPPET_WORDS + 1])
            before = "… " if start else ""
            after = " …" if index + SNIPPET_WORDS + 1 < len(words) else ""
            return format_html("{}{}{}", before, mark(part, groups), after)
    return None


@dataclass(frozen=True)
class Reason:
    label: str
    text: SafeString
    language: str = ""  # the text's language where it is not the page's (marked with lang)


def descriptions(entry) -> list[tuple[str, str]]:
    """The entry's descriptions with their languages, the page's language first, so that a
    snippet is quoted in the reader's language whenever that text matches too."""
    page = page_language()
    order = [page, *(language for language in LANGUAGES if language != page)]
    texts = (
        (language, getattr(entry, column("description", language), None)) for language in order
    )
    return [(language, text) for language, text in texts if text]


def _description_reason(entry, groups: Groups) -> "Reason | None":
    page = page_language()
    for language, description in descriptions(entry):
        if text := snippet(description, groups):
            return Reason(_("Description"), text, "" if language == page else language)
    return None


def _thing(label: str, shown: str, texts: Iterable[str], groups: Groups, missing: set[int]):
    groups = tuple(groups)
    found = set().union(*(_term_hits(text, groups) for text in texts)) & missing
    if not found:
        return None, found
    marked = mark(shown, groups)
    if "<mark>" not in marked:  # matched by another spelling or a topic term: mark it all
        marked = format_html("<mark>{}</mark>", shown)
    return Reason(label, marked), found


def explain_organisation(org, groups: Groups) -> list[Reason]:
    """Why ``org`` matched: nothing when its names hold every word, else the seat, fields,
    kind, countries and description that hold the rest (at most two reasons)."""
    if not groups:
        return []
    names = [org.name, org.acronym, *split_names(org.other_names)]
    missing = set(range(len(groups))) - set().union(*(hits(n, groups) for n in names))
    reasons = []
    candidates = []
    if org.seat:
        seat = org.seat
        candidates.append((_("Seat"), seat.name, translations(seat, "name")))
    for field in org.field_list:
        terms = [*translations(field, "name"), *topic_terms.of("field", field.slug)]
        candidates.append((_("Field of cooperation"), field.name, terms))
    kind_terms = [str(org.get_kind_display()), *topic_terms.of("kind", org.kind)]
    candidates.append((_("Kind of organisation"), str(org.get_kind_display()), kind_terms))
    for country in getattr(org, "_country_list", ()):
        terms = [*translations(country, "name"), *topic_terms.of("country", country.code)]
        candidates.append((_("Country of activity"), country.name, terms))
    for label, shown, texts in candidates:
        if not missing:
            break
        reason, found = _thing(label, shown, texts, groups, missing)
        if reason:
            reasons.append(reason)
            missing -= found
    if missing and (reason := _description_reason(org, groups)):
        reasons.append(reason)
    return reasons[:2]


def explain_twinning(twinning, groups: Groups) -> list[Reason]:
    """Why a twinning matched, when its two places do not say it: the description."""
    if not groups:
        return []
    places = [twinning.german_place, twinning.central_asian_place]
    names = [name for place in places for name in translations(place, "name")]
    if set().union(*(hits(n, groups) for n in names)) >= set(range(len(groups))):
        return []
    reason = _description_reason(twinning, groups)
    return [reason] if reason else []


@dataclass(frozen=True)
class Offer:
    """A field, kind or country the query names, as a filter to apply."""

    label: str
    value_label: str
    count: int
    url: str


@dataclass(frozen=True)
class SearchSummary:
    corrected: SafeString | None  # the query as corrected, marked; None: as typed
    exact_url: str  # the same list searching the exact words
    offers: list[Offer]


def corrected_query(plan: SearchPlan, rows: Iterable) -> SafeString | None:
    """The query with each corrected word replaced by how the results spell it."""
    if not plan or not plan.corrected:
        return None
    rows = list(rows)
    texts = [field.name for row in rows for field in getattr(row, "_field_list", ())]
    texts += [term for terms in topic_terms.all().values() for term in terms]
    texts += [str(row) for row in rows]
    texts += [getattr(row, "description", "") or "" for row in rows]
    candidates = [word for text in texts for word in WORD.findall(text)]
    shown = {}
    for typed, correction in plan.corrections:
        spelled = []
        for part in correction.split():  # a compound's parts are shown each
            whole = (f"{part} ",)
            spelled.append(
                next(
                    (w for w in candidates if _matches(w, whole)),
                    next((w for w in candidates if _matches(w, (part,))), part),
                )
            )
        shown[typed] = " ".join(spelled)
    words = []
    for word in WORD.findall(plan.query.text):
        key = "".join(keys(word))
        words.append(format_html("<strong>{}</strong>", shown[key]) if key in shown else word)
    return mark_safe(" ".join(conditional_escape(w) for w in words))  # each word escaped


def summarise(filterset, results, rows: Sequence, *, list_url: str = "") -> SearchSummary | None:
    """What the page says about the search, and each row's ``match_reasons``. ``list_url``:
    where the offered filters lead (default: this page)."""
    if not filterset.query:
        return None
    plan = results.plan
    groups = plan.word_groups if plan else ()
    explain = explain_organisation if hasattr(rows[0] if rows else None, "seat") else None
    for row in rows:
        if explain is not None:
            row.match_reasons = explain(row, groups)
        elif hasattr(row, "german_place"):
            row.match_reasons = explain_twinning(row, groups)
    data = filterset.data.copy()
    data["exact"] = "1"
    data.pop("page", None)
    offers = []
    choices = {name: dict(filterset.choices(name)) for name in filterset.facet_names}
    for facet, value in topic_offers(groups, filterset.facet_names):
        count = results.counts.get(facet, {}).get(value, 0)
        if not count or value in filterset.selected(facet) or value not in choices[facet]:
            continue
        link = filterset.data.copy()
        link.setlist(facet, [*filterset.selected(facet), value])
        link.pop("page", None)
        label = str(filterset.filters[facet].label)
        url = f"{list_url}?{link.urlencode()}"
        offers.append(Offer(label, str(choices[facet][value]), count, url))
    return SearchSummary(corrected_query(plan, rows), "?" + data.urlencode(), offers)
