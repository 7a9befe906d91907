"""Open data pages: downloads, statistics, 'Data & API', API docs, robots.txt, OpenSearch."""

import csv
import io

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from directory.listing import pagecache, results
from directory.models import Organisation, Twinning
from directory.opendata import exports, statistics, xlsx
from directory.opendata.exports import BYTE_ORDER_MARK
from directory.opendata.openapi import openapi_document
from directory.opendata.serializers import (
    CSV_LIST_SEPARATOR,
    ORGANISATIONS,
    PLACE_FIELDS,
    TWINNINGS,
)
from directory.opendata.spreadsheets import neutralise_formula
from directory.views import api

_EXPORTS = {
    ORGANISATIONS.name: (ORGANISATIONS, results.organisations),
    TWINNINGS.name: (TWINNINGS, results.twinnings),
}


@require_safe
def export(request, kind: str, fmt: str):
    """The whole result list of ``/<kind>/?<same query string>`` as a CSV, JSON or XLSX download:
    the same rows in the same order as the list page, all pages at once."""
    if kind not in _EXPORTS or fmt not in (*exports.FORMATS, "xlsx"):
        raise Http404
    record_type, find = _EXPORTS[kind]
    entries, _errors = find(request.GET)  # unknown filter values are left out, as on the page
    if fmt == "xlsx":
        return xlsx.xlsx_response(
            record_type, entries, request, exports.file_name(record_type, fmt)
        )
    return exports.export_response(record_type, entries, fmt, request)


STATISTICS = {
    "organisations-by-country-and-field": lambda: statistics.organisations_by_country_and_field(
        Organisation.objects.published()
    ),
    "twinnings-by-federal-state-and-country": lambda: statistics.twinnings_by_state_and_country(
        Twinning.objects.published()
    ),
}


SECTION_TITLES = {
    "organisations-by-country-and-field": lambda: _("Organisations"),
    "twinnings-by-federal-state-and-country": lambda: _("Twinnings"),
}
# Wide tables are shown as one card per row at every width; narrow ones as a table from 48em.
CARD_TABLES = {"organisations-by-country-and-field"}

CHARTS = {
    "organisations-by-country-and-field": statistics.organisation_charts,
    "twinnings-by-federal-state-and-country": statistics.twinning_charts,
}


@require_safe
@cache_control(public=True, max_age=300)
def statistics_page(request):
    """Each table with its charts (its totals as bars) and its CSV download."""
    sections = []
    for name, build in STATISTICS.items():
        table = build()
        sections.append(
            {
                "name": name,
                "title": SECTION_TITLES[name](),
                "table": table,
                "charts": CHARTS[name](table),
                "cards": name in CARD_TABLES,
                "csv_url": reverse("data:statistics-csv", kwargs={"table": name}),
            }
        )
    return render(request, "directory/statistics.html", {"sections": sections})


@require_safe
@cache_control(public=True, max_age=300)
def statistics_csv(request, table: str):
    if table not in STATISTICS:
        raise Http404
    response = HttpResponse(
        STATISTICS[table]().csv_text(), content_type="text/csv; charset=utf-8; header=present"
    )
    name = f"{table}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def data_page(request):
    context = {
        "organisation_fields": ORGANISATIONS.fields,
        "twinning_fields": TWINNINGS.fields,
        "place_fields": PLACE_FIELDS,
        "csv_separator": CSV_LIST_SEPARATOR,
        "today": timezone.localdate(),
    }
    return render(request, "directory/data.html", context)


def _parameter_values(schema: dict) -> list:
    """The values a parameter takes (one value, or each of a repeated parameter)."""
    return schema.get("enum") or schema.get("items", {}).get("enum") or []


@require_safe
def api_docs(request):
    document = openapi_document(request.build_absolute_uri("/").rstrip("/"))
    operations = [
        {
            "path": path,
            **operation,
            "parameters": [
                {**parameter, "values": _parameter_values(parameter["schema"])}
                for parameter in operation.get("parameters", [])
            ],
        }
        for path, methods in document["paths"].items()
        for operation in methods.values()
    ]
    return render(
        request,
        "directory/api_docs.html",
        {"document": document, "operations": operations, "max_page_size": api.MAX_PAGE_SIZE},
    )


@require_safe
@cache_control(public=True, max_age=86400)
def robots_txt(request):
    """Crawl the pages, not the endless search and download URLs. A custom ADMIN_URL is not
    named here, since robots.txt is public."""
    searches = []
    for language, _name in settings.LANGUAGES:  # the search page in every language prefix
        with translation.override(language):
            searches.append(reverse("directory:search"))
    disallow = [*searches, "/export/"]
    if settings.ADMIN_URL == "admin/":
        disallow.append("/admin/")
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in disallow),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=86400)
def opensearch(request):
    return render(
        request,
        "directory/opensearch.xml",
        {"search_url": request.build_absolute_uri(reverse("directory:search"))},
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )


@require_safe
def country_facts_csv(request):
    from directory.countries.records import facts_csv_response

    return facts_csv_response()


def _records_csv(columns, records, name: str) -> HttpResponse:
    """Records (dicts, lists already joined) as a formula-safe CSV download ``name``-<date>.csv."""
    out = io.StringIO()
    out.write(BYTE_ORDER_MARK)
    writer = csv.writer(out)
    writer.writerow(columns)
    for record in records:
        writer.writerow([neutralise_formula(record[column]) for column in columns])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8; header=present")
    filename = f"{name}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _opportunity_records(request) -> list[dict]:
    """The twinning opportunities filtered like the page (unknown values left out), lists joined
    as in every CSV."""
    from directory.matchmaking.opportunities import find, records

    _form, found = find(request.GET, shown=None)
    rows = records(found, request.build_absolute_uri)
    for record in rows:
        record["organisations"] = CSV_LIST_SEPARATOR.join(
            o["name"] for o in record["organisations"]
        )
        record["fields"] = CSV_LIST_SEPARATOR.join(record["fields"])
    return rows


@pagecache.understands("state", "country", "field")
@require_safe
def opportunities_csv(request):
    """The twinning opportunities as CSV, filtered like the page."""
    from directory.matchmaking.opportunities import COLUMNS

    return _records_csv(COLUMNS, _opportunity_records(request), "twinning-opportunities")


@pagecache.understands("state", "country", "field", "lang")
@require_safe
def opportunities_xlsx(request):
    """The twinning opportunities as XLSX, filtered like the page, headed in ``?lang=``."""
    from directory.matchmaking.opportunities import COLUMNS

    return xlsx.records_response(
        COLUMNS,
        _opportunity_records(request),
        request,
        f"twinning-opportunities-{timezone.localdate().isoformat()}.xlsx",
        headings=xlsx.OPPORTUNITY_HEADINGS,
        title=xlsx.SHEET_NAMES["twinning-opportunities"],
    )


def _partner_request_records(request) -> list[dict]:
    """The open partner requests filtered like the list (unknown values left out): the same
    fields as the API, never the contact address."""
    from directory.matchmaking import requests as partner_requests

    values = partner_requests.FilterForm(request.GET).valid_values()
    found = partner_requests.filtered(values).for_list()
    rows = partner_requests.records(found, request.build_absolute_uri)
    for record in rows:
        record["countries"] = CSV_LIST_SEPARATOR.join(record["countries"])
        record["fields"] = CSV_LIST_SEPARATOR.join(record["fields"])
    return rows


@pagecache.understands("country", "field", "kind")
@require_safe
def partner_requests_csv(request):
    """The open partner requests as CSV, filtered like the list."""
    from directory.matchmaking.requests import RECORD_FIELDS

    return _records_csv(RECORD_FIELDS, _partner_request_records(request), "partner-requests")


@pagecache.understands("country", "field", "kind", "lang")
@require_safe
def partner_requests_xlsx(request):
    """The open partner requests as XLSX, filtered like the list, headed in ``?lang=``."""
    from directory.matchmaking.requests import RECORD_FIELDS

    return xlsx.records_response(
        RECORD_FIELDS,
        _partner_request_records(request),
        request,
        f"partner-requests-{timezone.localdate().isoformat()}.xlsx",
        headings=xlsx.PARTNER_REQUEST_HEADINGS,
        title=xlsx.SHEET_NAMES["partner-requests"],
        date_columns=frozenset({"published", "expires_on"}),
    )
