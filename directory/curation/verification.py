"""Keeping entries verified: which entries are due, which cite broken links, and recording that
a curator checked an entry against its sources today.

Every web address of an entry is collected by ``entry_urls()``: the link checker, the "link
broken" filter and the "To verify" panel all ask it. Addresses live in the entries' ``Source``
rows and, for rows written in bulk (synthetic data), still in the ``source`` text.
"""

import re
from dataclasses import dataclass, field

import reversion
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import (
    Call,
    CuratedModel,
    Event,
    LinkCheck,
    Organisation,
    Programme,
    Source,
    Twinning,
)

CURATED_MODELS = (Organisation, Twinning)
FUNDING_MODELS = (Programme, Call, Event)
PANEL_ENTRIES_SHOWN = 10

# A web address inside a line of text; trailing punctuation belongs to the sentence, not the URL.
_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}»\u201c\u201d"


def urls_in_text(text: str) -> list[str]:
    return [match.rstrip(_TRAILING) for match in _URL.findall(text)]


def entry_urls(entry: CuratedModel) -> list[str]:
    """The public web addresses of an entry, website first, without repeats."""
    urls = [getattr(entry, "website", "") or "", *entry.source_urls()]
    return list(dict.fromkeys(url for url in urls if url))


def _urls(*, website: str, source: str) -> list[str]:
    urls = [website or "", *urls_in_text(source)]
    return list(dict.fromkeys(url for url in urls if url))


def public_urls() -> list[str]:
    """Every web address that published entries show, each once."""
    urls: dict[str, None] = {}
    for model in CURATED_MODELS:
        fields = ["source", "website"] if model is Organisation else ["source"]
        for entry in model.objects.published().only(*fields).order_by().iterator(2000):
            urls.update(
                dict.fromkeys(_urls(website=getattr(entry, "website", ""), source=entry.source))
            )
    published = Q(organisation__in=Organisation.objects.published()) | Q(
        twinning__in=Twinning.objects.published()
    )
    # Programmes, calls and events: their own web address and their sources.
    for model in FUNDING_MODELS:
        entries = model.objects.published()
        urls.update(
            dict.fromkeys(entries.exclude(url="").order_by("pk").values_list("url", flat=True))
        )
        published |= Q(**{f"{model._meta.model_name}__in": entries})
    published_sources = Source.objects.filter(published)
    urls.update(dict.fromkeys(published_sources.values_list("url", flat=True).order_by("url")))
    return list(urls)


def broken_urls() -> set[str]:
    return set(LinkCheck.objects.broken().values_list("url", flat=True))


def with_broken_links(queryset: QuerySet, broken: set[str] | None = None) -> QuerySet:
    """The entries of ``queryset`` that show at least one address the last check found broken."""
    return queryset.filter(pk__in=broken_link_entry_ids(queryset, broken))


def broken_link_entry_ids(queryset: QuerySet, broken: set[str] | None = None) -> list[int]:
    """Ids of the entries of ``queryset`` that show an address the last check found broken.

    The database narrows the candidates (website equal, or source text containing the address);
    ``_urls()`` then decides exactly, so "https://a.org" does not match "https://a.org/x".
    """
    broken = broken_urls() if broken is None else broken
    if not broken:
        return []
    has_website = hasattr(queryset.model, "website")
    candidates = Q(website__in=broken) if has_website else Q()
    for url in broken:
        candidates |= Q(source__contains=url)
    fields = ["pk", "source", "website"] if has_website else ["pk", "source"]
    rows = queryset.filter(candidates).order_by().values(*fields)
    ids = {
        row["pk"]
        for row in rows
        if broken.intersection(_urls(website=row.get("website", ""), source=row["source"]))
    }
    owner = queryset.model.source_owner_field
    cited = Source.objects.filter(url__in=broken, **{f"{owner}__in": queryset.order_by()})
    ids.update(cited.values_list(f"{owner}_id", flat=True))
    return sorted(ids)


def link_checks_of(entry: CuratedModel) -> list[tuple[str, LinkCheck | None]]:
    """Each address of ``entry`` with its last check (None if never checked), in one query."""
    urls = entry_urls(entry)
    checks = LinkCheck.objects.in_bulk(urls, field_name="url") if urls else {}
    return [(url, checks.get(url)) for url in urls]


def verify_entry(*, entry: CuratedModel, curator: AbstractBaseUser) -> None:
    """Record that ``curator`` checked ``entry`` against its sources today, with a history entry."""
    with transaction.atomic(), reversion.create_revision():
        entry.last_verified = timezone.localdate()
        entry.verified_by = curator
        entry.save()
        reversion.set_user(curator)
        reversion.set_comment(_("Verified against its sources."))


@dataclass
class ModelSummary:
    model: type
    never: int
    stale: int
    broken: int


@dataclass
class ToVerify:
    """What the admin index's "To verify" panel shows."""

    summaries: list[ModelSummary] = field(default_factory=list)
    oldest: list[CuratedModel] = field(default_factory=list)
    with_broken_links: list[CuratedModel] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(s.never + s.stale for s in self.summaries)

    @property
    def total_broken(self) -> int:
        return sum(s.broken for s in self.summaries)


def _for_panel(model) -> QuerySet:
    queryset = model.objects.published()
    if model is Twinning:
        queryset = queryset.select_related("german_place", "central_asian_place")
    return queryset


def to_verify(*, limit: int = PANEL_ENTRIES_SHOWN) -> ToVerify:
    """Published entries due for verification (oldest first) and those with broken links.

    A constant number of queries: per model one count, one list, one broken-link lookup.
    """
    today = timezone.localdate()
    broken = broken_urls()
    result = ToVerify()
    oldest = []
    for model in CURATED_MODELS:
        queryset = _for_panel(model)
        counts = queryset.verification_counts(today=today)
        oldest.extend(queryset.to_verify(today=today)[:limit])
        broken_entries = list(with_broken_links(queryset, broken)) if broken else []
        result.with_broken_links.extend(broken_entries)
        result.summaries.append(ModelSummary(model=model, broken=len(broken_entries), **counts))
    oldest.sort(key=lambda e: (e.last_verified is not None, e.last_verified or today, e.created_at))
    result.oldest = oldest[:limit]
    result.with_broken_links = result.with_broken_links[:limit]
    return result
