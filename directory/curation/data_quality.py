"""How complete, current and well-sourced the directory is: the ``data_quality`` report, shown by
``manage.py data_quality`` (English, with field names as in the code) and on an admin page for
curators (in the admin's language, fields by their names in the forms: ``EntityReport.rows``)."""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import models
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from directory.curation.history import field_label
from directory.models import Organisation, Place, Source, Twinning

#: An entry verified longer ago than this is stale.
STALE_AFTER = timedelta(days=365)

#: What makes a source address fragile, checked in this order; the first match is the reason.
FRAGILE_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("http:// (not encrypted)", re.compile(r"^http://", re.I)),
    ("share link", re.compile(r"[?&](share|utm_[a-z]+)=", re.I)),
    ("listing page (?paged=)", re.compile(r"[?&]paged?=\d+", re.I)),
    ("listing page (/page/N)", re.compile(r"/page/\d+/?$", re.I)),
    ("listing page (/author/, /tag/, /category/)", re.compile(r"/(author|tag|category)/", re.I)),
    ("web archive copy", re.compile(r"archive\.org/", re.I)),
]


#: The reasons above in the admin's language.
FRAGILE_LABELS = {
    "http:// (not encrypted)": _("http:// (not encrypted)"),
    "share link": _("share link"),
    "listing page (?paged=)": _("listing page (?paged=)"),
    "listing page (/page/N)": _("listing page (/page/N)"),
    "listing page (/author/, /tag/, /category/)": _("listing page (/author/, /tag/, /category/)"),
    "web archive copy": _("web archive copy"),
}


def fragile_reason(url: str) -> str:
    """Why ``url`` is a fragile source, or '' when it looks like a stable page."""
    return next((reason for reason, pattern in FRAGILE_PATTERNS if pattern.search(url)), "")


@dataclass
class EntityReport:
    name: str
    total: int
    missing: dict[str, int]  # by field name as in the code ("description (de)": description_de)
    unverified: int | None = None
    stale: int | None = None
    model: type[models.Model] | None = None

    @property
    def label(self) -> str:
        """The model's name in the admin's language: "Organisationen", "Организации"."""
        return capfirst(self.model._meta.verbose_name_plural) if self.model else self.name

    def rows(self) -> list[tuple[str, int]]:
        """Each missing field by its label in the forms ("Beschreibung (Englisch)") and count."""
        return [(_missing_label(self.model, key), count) for key, count in self.missing.items()]


def _missing_label(model: type[models.Model], key: str) -> str:
    if key == "coordinates":
        return str(capfirst(_("coordinates")))
    # "description (de)" is the column description_de
    model_field = model._meta.get_field(key.replace(" (", "_").removesuffix(")"))
    if model_field.auto_created and not model_field.concrete:  # a reverse relation: sources
        return str(capfirst(model_field.related_model._meta.verbose_name_plural))
    return field_label(model_field)


@dataclass
class DataQualityReport:
    today: date
    entities: list[EntityReport] = field(default_factory=list)
    duplicated_sources: list[tuple[str, int]] = field(default_factory=list)
    fragile_sources: list[tuple[str, str, str]] = field(default_factory=list)  # url, reason, entry
    undated_sources: int = 0

    def fragile_rows(self) -> list[tuple[str, str, str]]:
        """Fragile sources with the reason in the admin's language: (address, reason, entry)."""
        return [(url, FRAGILE_LABELS[reason], entry) for url, reason, entry in self.fragile_sources]

    def summary(self) -> str:
        parts = []
        for entity in self.entities:
            text = f"{entity.total} {entity.name}"
            if entity.unverified is not None:
                text += f" ({entity.unverified} unverified, {entity.stale} stale)"
            parts.append(text)
        return (
            "Data quality: "
            + ", ".join(parts)
            + f"; {len(self.fragile_sources)} fragile sources, "
            + f"{len(self.duplicated_sources)} duplicated sources, "
            + f"{self.undated_sources} sources without a date read."
        )


def _missing(queryset: QuerySet, conditions: dict[str, Q]) -> dict[str, int]:
    """How many rows of ``queryset`` meet each condition, in one query."""
    aliases = {f"c{number}": key for number, key in enumerate(conditions)}
    counts = queryset.aggregate(
        **{alias: Count("pk", filter=conditions[key]) for alias, key in aliases.items()}
    )
    return {key: counts[alias] for alias, key in aliases.items()}


def _empty(name: str) -> Q:
    return Q(**{f"{name}__isnull": True}) | Q(**{name: ""})


def _curated(name: str, queryset: QuerySet, conditions: dict[str, Q], today: date):
    stale_before = today - STALE_AFTER
    counts = _missing(
        queryset,
        {
            **conditions,
            "_unverified": Q(last_verified__isnull=True),
            "_stale": Q(last_verified__lt=stale_before),
        },
    )
    unverified, stale = counts.pop("_unverified"), counts.pop("_stale")
    return EntityReport(name, queryset.count(), counts, unverified, stale, queryset.model)


def build_report(today: date | None = None) -> DataQualityReport:
    """The report over every organisation, twinning and place (drafts included)."""
    today = today or timezone.localdate()
    report = DataQualityReport(today=today)
    # Counting related rows per entry, apart from the field counts, so joins do not inflate them.
    organisations = Organisation.objects.annotate(
        _countries=Count("countries", distinct=True),
        _fields=Count("fields", distinct=True),
        _sources=Count("sources", distinct=True),
    )
    report.entities.append(
        _curated(
            "organisations",
            Organisation.objects.all(),
            {
                "website": _empty("website"),
                "email": _empty("email"),
                "seat": Q(seat__isnull=True),
                "founded_year": Q(founded_year__isnull=True),
                "wikidata_id": _empty("wikidata_id"),
                "description (de)": _empty("description_de"),
                "description (en)": _empty("description_en"),
                "description (ru)": _empty("description_ru"),
            },
            today,
        )
    )
    relation_counts = organisations.aggregate(
        countries=Count("pk", filter=Q(_countries=0)), fields=Count("pk", filter=Q(_fields=0))
    )
    report.entities[0].missing.update(relation_counts)
    report.entities[0].missing["sources"] = organisations.filter(_sources=0, source="").count()

    twinnings = Twinning.objects.annotate(
        _organisations=Count("organisations", distinct=True),
        _sources=Count("sources", distinct=True),
    )
    twinning_report = _curated(
        "twinnings",
        Twinning.objects.all(),
        {
            "established_year": Q(established_year__isnull=True),
            "description (de)": _empty("description_de"),
            "description (en)": _empty("description_en"),
            "description (ru)": _empty("description_ru"),
        },
        today,
    )
    twinning_report.missing["organisations"] = twinnings.filter(_organisations=0).count()
    twinning_report.missing["sources"] = twinnings.filter(_sources=0, source="").count()
    report.entities.append(twinning_report)

    places = Place.objects.all()
    report.entities.append(
        EntityReport(
            name="places",
            model=Place,
            total=places.count(),
            missing=_missing(
                places,
                {
                    "coordinates": Q(latitude__isnull=True),
                    "wikidata_id": _empty("wikidata_id"),
                    "name (en)": _empty("name_en"),
                    "name (ru)": _empty("name_ru"),
                },
            ),
        )
    )

    sources = list(
        Source.objects.select_related(
            "organisation", "twinning__german_place", "twinning__central_asian_place"
        ).order_by("url", "pk")
    )
    report.undated_sources = sum(1 for source in sources if source.read_on is None)
    uses = Counter(source.url for source in sources)
    report.duplicated_sources = sorted(
        ((url, count) for url, count in uses.items() if count > 1), key=lambda item: -item[1]
    )
    for source in sources:
        if reason := fragile_reason(source.url):
            entry = source.organisation or source.twinning
            report.fragile_sources.append((source.url, reason, str(entry)))
    return report
