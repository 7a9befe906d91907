"""Topic terms (``TopicTerm``): the words in German, English and Russian, with synonyms, that
name a field of cooperation, a kind of organisation or a country.

They enter the search text of every entry of that field, kind or country
(``directory.search.index``), so "экология", "Klimaschutz" or "ecology" find the entries of
"Umwelt und Klima"; and a query that names one is offered the matching filter (``offers``).
Curators extend the terms in the admin; the seed is migration 0015. Held per process and
reloaded after ``MAX_AGE`` seconds, or at once in the process that saves a term.
"""

import threading
import time
from collections.abc import Iterable
from functools import lru_cache

from directory.search.normalise import keys, stem

MAX_AGE = 60

Target = tuple[str, str]  # (facet name, value): ("field", "environment"), ("kind", "ngo")


class TopicTerms:
    def __init__(self):
        self._terms: dict[Target, list[str]] | None = None
        self._loaded_at = 0.0
        self._lock = threading.Lock()

    def all(self) -> dict[Target, list[str]]:
        with self._lock:
            if self._terms is None or time.monotonic() - self._loaded_at > MAX_AGE:
                from directory.models import TopicTerm

                terms: dict[Target, list[str]] = {}
                rows = TopicTerm.objects.order_by("pk").values_list(
                    "term", "field__slug", "kind", "country__code"
                )
                for term, field, kind, country in rows:
                    target = ("field", field) if field else ("kind", kind) if kind else None
                    target = target or ("country", country)
                    terms.setdefault(target, []).append(term)
                self._terms, self._loaded_at = terms, time.monotonic()
            return self._terms

    def of(self, facet: str, value: str) -> list[str]:
        return self.all().get((facet, value), [])

    def forget(self, *args, **kwargs) -> None:
        with self._lock:
            self._terms = None


topic_terms = TopicTerms()


@lru_cache(maxsize=16384)
def _keys(term: str) -> tuple[str, ...]:
    """A term's word keys: ``offers`` asks for all terms' on every search."""
    return tuple(keys(term))


def named_by(term: str, words: Iterable[tuple[str, ...]]) -> bool:
    """Does the query (its word groups) name ``term``: does every word of the term begin with a
    query word, and is the term's first word typed in full (not just its beginning)?"""
    term_keys = _keys(term)
    groups = list(words)
    if not term_keys or not groups:
        return False

    def matched(term_key: str) -> bool:
        return any(term_key.startswith(w.strip()) for group in groups for w in group)

    first = term_keys[0]
    typed_in_full = any(stem(first) == w.strip() or first == w.strip() for g in groups for w in g)
    return typed_in_full and all(matched(k) for k in term_keys)


def offers(groups: Iterable[tuple[str, ...]], facets: Iterable[str]) -> list[Target]:
    """The fields, kinds and countries (of ``facets``) a query names by one of their terms."""
    groups = list(groups)
    facets = set(facets)
    return [
        target
        for target, terms in topic_terms.all().items()
        if target[0] in facets and any(named_by(term, groups) for term in terms)
    ]
