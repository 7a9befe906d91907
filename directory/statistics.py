"""Aggregate counts for the statistics page and its CSV downloads.

Each function takes a QuerySet of published entries (so a filtered list could be counted too)
and returns a ``CrossTable``: one GROUP BY query for the cells, plus small queries for totals
and labels, whatever the number of entries.
"""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from directory.models import CooperationField, Country, FederalState
from directory.spreadsheets import neutralise_formula

NONE_KEY = ""  # entries without a country, field or federal state


@dataclass
class Row:
    key: str
    label: str
    cells: list[int]
    total: int


@dataclass
class CrossTable:
    """Counts per (row, column); row and column totals count entries, not cells."""

    caption: str
    row_heading: str
    columns: list[tuple[str, str]]  # (key, label)
    rows: list[Row]
    column_totals: list[int]
    total: int

    def csv_text(self) -> str:
        """The table as CSV: UTF-8 with byte-order mark, codes and labels, a totals row."""
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out)
        lines = [
            ["key", "label", *(key for key, _label in self.columns), "total"],
            *([row.key, row.label, *row.cells, row.total] for row in self.rows),
            ["total", _("Total"), *self.column_totals, self.total],
        ]
        for line in lines:
            writer.writerow([neutralise_formula(cell) for cell in line])
        return out.getvalue()


def _counts(queryset: QuerySet, *keys: str, distinct: bool) -> dict:
    grouped = queryset.order_by().values(*keys).annotate(n=Count("pk", distinct=distinct))
    return {tuple(item[key] or NONE_KEY for key in keys): item["n"] for item in grouped}


def _build(
    caption: str,
    row_heading: str,
    rows: list[tuple[str, str]],
    columns: list[tuple[str, str]],
    cells: dict,
    row_totals: dict,
    column_totals: dict,
    total: int,
) -> CrossTable:
    return CrossTable(
        caption=caption,
        row_heading=row_heading,
        columns=columns,
        rows=[
            Row(
                key=row_key,
                label=row_label,
                cells=[cells.get((row_key, column_key), 0) for column_key, _label in columns],
                total=row_totals.get((row_key,), 0),
            )
            for row_key, row_label in rows
        ],
        column_totals=[column_totals.get((key,), 0) for key, _label in columns],
        total=total,
    )


def organisations_by_country_and_field(queryset: QuerySet) -> CrossTable:
    """Organisations per country of activity × field of cooperation.

    An organisation active in two countries and three fields counts in six cells, but once in
    each total. The five focus countries always appear; other countries when they have entries.
    """
    row_key, column_key = "countries__code", "fields__slug"
    cells = _counts(queryset, row_key, column_key, distinct=True)
    row_totals = _counts(queryset, row_key, distinct=True)
    column_totals = _counts(queryset, column_key, distinct=True)
    present = {key for (key,) in row_totals}
    rows = [
        (country.code, country.name)
        for country in Country.objects.order_by("-is_focus", "name")
        if country.is_focus or country.code in present
    ]
    columns = [(field.slug, field.name) for field in CooperationField.objects.all()]
    if (NONE_KEY,) in row_totals:
        rows.append((NONE_KEY, _("No country given")))
    if (NONE_KEY,) in column_totals:
        columns.append((NONE_KEY, _("No field given")))
    return _build(
        _("Organisations by country of activity and field of cooperation"),
        _("Country"),
        rows,
        columns,
        cells,
        row_totals,
        column_totals,
        queryset.count(),
    )


def twinnings_by_state_and_country(queryset: QuerySet) -> CrossTable:
    """Twinnings per German federal state × Central Asian country; every twinning counts once."""
    row_key, column_key = "german_place__federal_state", "central_asian_place__country__code"
    cells = _counts(queryset, row_key, column_key, distinct=False)
    row_totals: dict = defaultdict(int)
    column_totals: dict = defaultdict(int)
    for (state, country), n in cells.items():
        row_totals[(state,)] += n
        column_totals[(country,)] += n
    rows = list(FederalState.choices)
    if (NONE_KEY,) in row_totals:
        rows.append((NONE_KEY, _("No federal state given")))
    columns = [(country.code, country.name) for country in Country.objects.focus()]
    return _build(
        _("Twinnings by German federal state and Central Asian country"),
        _("Federal state"),
        rows,
        columns,
        cells,
        row_totals,
        column_totals,
        sum(cells.values()),
    )
