"""The one place that turns a visitor's query string into a filtered, ranked QuerySet.

Views call ``search_organisations``, ``search_twinnings`` and ``search_places``; they never build
search SQL themselves. ``clean_query`` makes any input safe to use (length, NUL bytes).

This first version matches every word of the query, case-insensitively, against names and the
stored search text. The search issue replaces the matching with normalised, ranked search.
"""

from django.db.models import Q, QuerySet, Value

from directory.i18n import in_all_languages

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12


def clean_query(raw: str | None) -> str:
    """Return the query without control characters, whitespace collapsed, length capped."""
    if not raw:
        return ""
    text = "".join(ch if ch.isprintable() else " " for ch in raw[: MAX_QUERY_LENGTH * 4])
    return " ".join(text.split()[:MAX_WORDS])[:MAX_QUERY_LENGTH]


def _all_words(fields: list[str], query: str) -> Q:
    condition = Q()
    for word in query.split():
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return condition


def search_organisations(queryset: QuerySet, raw_query: str | None) -> QuerySet:
    """Organisations matching the query, annotated with ``rank`` (higher is better)."""
    query = clean_query(raw_query)
    if not query:
        return queryset.annotate(rank=Value(0.0))
    fields = [
        "name",
        "acronym",
        "other_names",
        "search_text",
        *in_all_languages("description", "seat__name"),
    ]
    return queryset.filter(_all_words(fields, query)).annotate(rank=Value(1.0))


def search_twinnings(queryset: QuerySet, raw_query: str | None) -> QuerySet:
    """Twinnings whose places (in any spelling) or text match the query, with ``rank``."""
    query = clean_query(raw_query)
    if not query:
        return queryset.annotate(rank=Value(0.0))
    fields = [
        "german_place__aliases__name",
        "central_asian_place__aliases__name",
        "search_text",
        *in_all_languages("german_place__name", "central_asian_place__name", "description"),
    ]
    return queryset.filter(_all_words(fields, query)).annotate(rank=Value(1.0)).distinct()


def search_places(queryset: QuerySet, raw_query: str | None) -> QuerySet:
    """Places whose name or alternative names match the query, with ``rank``."""
    query = clean_query(raw_query)
    if not query:
        return queryset.none()
    fields = ["aliases__name", "search_text", *in_all_languages("name")]
    return queryset.filter(_all_words(fields, query)).annotate(rank=Value(1.0)).distinct()
