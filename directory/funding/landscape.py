"""The funding landscape (/programmes/landscape/): published programmes per field of
cooperation (rows) and Central Asian country (columns), running ones and ended ones in tables
of their own, so that the gaps show at a glance. Every count links to the programme list with its
filters.

The counts come from the programme list's bitmap index (``directory.listing.facetindex``), so the
page costs what the list's first page costs, without its rows.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from directory.funding.filters import ProgrammeFilter
from directory.listing.facets import Results
from directory.models import Programme, ProgrammeStatus
from directory.opendata.statistics import CrossTable, Row


@dataclass
class StatusCrossTable(CrossTable):
    """A cross table whose links also carry a fixed filter (``status=running``)."""

    fixed: tuple[tuple[str, str], ...] = ()

    def list_url(self, row_key: str | None = None, column_key: str | None = None) -> str:
        url = super().list_url(row_key, column_key)
        fixed = list(self.fixed)
        if column_key is None:  # a total counts the five countries: so does the list it opens
            fixed += [(self.column_parameter, code) for code, _label in self.columns]
        if not fixed:
            return url
        return url + ("&" if "?" in url else "?") + urlencode(fixed)


def landscape() -> dict:
    """The tables of running and of ended programmes, and the number of the others (paused or
    not stated)."""
    queryset = Programme.objects.published()
    filterset = ProgrammeFilter(QueryDict(), queryset=queryset)
    index = Results(filterset, queryset).index
    countries = [
        (code, name)
        for code, name in filterset.choices("country")
        if code in filterset.focus_countries
    ]
    fields = filterset.choices("field")
    by_status = index.facets.get("status", {})
    by_country = index.facets.get("country", {})
    by_field = index.facets.get("field", {})

    def table(status: str, caption: str) -> StatusCrossTable:
        selected = by_status.get(status, 0)
        in_region = 0
        for code, _name in countries:
            in_region |= by_country.get(code, 0)
        rows = []
        for slug, name in fields:
            mask = selected & in_region & by_field.get(slug, 0)
            cells = [(mask & by_country.get(code, 0)).bit_count() for code, _label in countries]
            rows.append(Row(slug, name, cells, mask.bit_count()))
        column_totals = [
            (selected & by_country.get(code, 0)).bit_count() for code, _label in countries
        ]
        return StatusCrossTable(
            caption=caption,
            row_heading=_("Field of cooperation"),
            columns=countries,
            rows=rows,
            column_totals=column_totals,
            total=(selected & in_region).bit_count(),
            list_name="directory:programme-list",
            row_parameter="field",
            column_parameter="country",
            fixed=(("status", status),),
        )

    others = sum(
        bits.bit_count()
        for status, bits in by_status.items()
        if status not in (ProgrammeStatus.RUNNING, ProgrammeStatus.ENDED)
    )
    return {
        "running": table(ProgrammeStatus.RUNNING, _("Running programmes")),
        "ended": table(ProgrammeStatus.ENDED, _("Ended programmes")),
        "other_count": others,
        "other_url": reverse("directory:programme-list")
        + "?"
        + urlencode([("status", ProgrammeStatus.PAUSED), ("status", ProgrammeStatus.UNKNOWN)]),
    }
