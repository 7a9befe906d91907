"""Aggregate counts for the statistics page and its CSV downloads.

Each function takes a QuerySet of published entries (so a filtered list could be counted too)
and returns a ``CrossTable``: one GROUP BY query for the cells, plus small queries for totals
and labels, whatever the number of entries.

Every count knows the address of the list it counts (``CrossTable.list_url`` with the row's and
the column's filter, e.g. ``/organisations/?country=KZ&field=culture``), so the page links each
number to its list, and the list shows that many results. Entries without a country, field or
federal state have no filter value, so their counts are not links.
"""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directory.models import CooperationField, Country, FederalState
from directory.opendata.spreadsheets import neutralise_formula

NONE_KEY = ""  # entries without a country, field or federal state


@dataclass(frozen=True)
class LinkedCount:
    """A number on the statistics page and the list it counts (no link when ``url`` is empty)."""

    count: int
    url: str
    label: str = ""  # the column's (or the bar's) label, for the phone layout and the charts


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: a label, its count and list, and its length in per cent."""

    label: str
    count: int
    url: str
    percent: float


@dataclass(frozen=True)
class Chart:
    """Counts of one dimension, largest first, with a one-line summary for everyone."""

    title: str
    summary: str
    bars: list[Bar]


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
    list_name: str = ""  # the URL name of the list the counts come from
    row_parameter: str = ""  # its filter for the row keys (``country``)
    column_parameter: str = ""  # and for the column keys (``field``)

    def list_url(self, row_key: str | None = None, column_key: str | None = None) -> str:
        """The list with the row's and the column's filter; empty if one of them has no value."""
        if NONE_KEY in (row_key, column_key):
            return ""
        pairs = ((self.row_parameter, row_key), (self.column_parameter, column_key))
        query = [(parameter, key) for parameter, key in pairs if key is not None]
        url = reverse(self.list_name)
        return f"{url}?{urlencode(query)}" if query else url

    def linked_rows(self) -> list[tuple[Row, list[LinkedCount], LinkedCount]]:
        """Each row with its cells and its total as linked counts."""
        return [
            (
                row,
                [
                    LinkedCount(count, self.list_url(row.key, key), label)
                    for count, (key, label) in zip(row.cells, self.columns, strict=True)
                ],
                LinkedCount(row.total, self.list_url(row.key), _("Total")),
            )
            for row in self.rows
        ]

    def linked_column_totals(self) -> list[LinkedCount]:
        return [
            LinkedCount(count, self.list_url(column_key=key), label)
            for count, (key, label) in zip(self.column_totals, self.columns, strict=True)
        ]

    def linked_total(self) -> LinkedCount:
        return LinkedCount(self.total, self.list_url(), _("Total"))

    def row_chart(self, title: str) -> Chart:
        """The row totals as a chart (rows without entries and without a key left out)."""
        counts = [(row.label, row.total, self.list_url(row.key)) for row in self.rows if row.key]
        return _chart(title, counts)

    def column_chart(self, title: str) -> Chart:
        counts = [
            (label, count, self.list_url(column_key=key))
            for (key, label), count in zip(self.columns, self.column_totals, strict=True)
            if key
        ]
        return _chart(title, counts)

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


def _chart(title: str, counts: list[tuple[str, int, str]]) -> Chart:
    shown = sorted((item for item in counts if item[1]), key=lambda item: (-item[1], item[0]))
    largest = max((count for _label, count, _url in shown), default=0)
    bars = [Bar(label, count, url, round(100 * count / largest, 1)) for label, count, url in shown]
    return Chart(title, "", bars)


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
    **links: str,
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
        **links,
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
        list_name="directory:organisation-list",
        row_parameter="country",
        column_parameter="field",
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
        list_name="directory:twinning-list",
        row_parameter="state",
        column_parameter="country",
    )


def _summarised(chart: Chart, message: str, total: int) -> Chart:
    """``chart`` with one line a reader gets before the bars: how many groups, which is largest.

    ``message`` is already translated (``ngettext`` with ``total``).
    """
    if not chart.bars:
        return chart
    top = chart.bars[0]
    values = {"groups": len(chart.bars), "top": top.label, "count": top.count, "total": total}
    return Chart(chart.title, message % values, chart.bars)


def organisation_charts(table: CrossTable) -> list[Chart]:
    """Organisations per country of activity and per field, from the cross table's totals."""
    n = table.total
    by_country = ngettext(
        "Countries with organisations: %(groups)d; the most in %(top)s "
        "(%(count)d of %(total)d organisation).",
        "Countries with organisations: %(groups)d; the most in %(top)s "
        "(%(count)d of %(total)d organisations).",
        n,
    )
    by_field = ngettext(
        "Fields with organisations: %(groups)d; the most in %(top)s "
        "(%(count)d of %(total)d organisation).",
        "Fields with organisations: %(groups)d; the most in %(top)s "
        "(%(count)d of %(total)d organisations).",
        n,
    )
    return [
        _summarised(table.row_chart(_("Organisations by country of activity")), by_country, n),
        _summarised(table.column_chart(_("Organisations by field of cooperation")), by_field, n),
    ]


def twinning_charts(table: CrossTable) -> list[Chart]:
    """Twinnings per German federal state and per Central Asian country."""
    n = table.total
    by_state = ngettext(
        "Federal states with twinnings: %(groups)d; the most in %(top)s "
        "(%(count)d of %(total)d twinning).",
        "Federal states with twinnings: %(groups)d; the most in %(top)s "
        "(%(count)d of %(total)d twinnings).",
        n,
    )
    by_country = ngettext(
        "Countries with twinnings: %(groups)d; the most with %(top)s "
        "(%(count)d of %(total)d twinning).",
        "Countries with twinnings: %(groups)d; the most with %(top)s "
        "(%(count)d of %(total)d twinnings).",
        n,
    )
    return [
        _summarised(table.row_chart(_("Twinnings by German federal state")), by_state, n),
        _summarised(table.column_chart(_("Twinnings by Central Asian country")), by_country, n),
    ]
