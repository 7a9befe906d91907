"""Downloads of whole result lists as XLSX, for Excel (and every other spreadsheet program).

The rows are the CSV's (``RecordType.to_row``: places flattened, lists joined), one per entry,
read ``EXPORT_CHUNK_SIZE`` at a time as for the CSV. XlsxWriter's ``constant_memory`` mode writes
each row to a temporary file as it comes, and the finished workbook goes to another temporary
file, which the response then streams: memory stays bounded, whatever the number of entries.

- Headings are readable, in the language the download was asked for (``?lang=``, which the list's
  link carries; ``directory.templatetags.opendata.export_url``); the CSV keeps its stable codes.
- Text is written with ``write_string``, which never makes a formula; text that a spreadsheet
  would otherwise run (``directory.opendata.spreadsheets.needs_neutralising``) also gets the "quote
  prefix" style, Excel's own leading apostrophe, so that editing the cell keeps it text.
- Numbers are numbers, the date of the last verification a date; empty values empty cells.

The partner requests and twinning opportunities are records (dicts) rather than record types;
``records_response`` writes them the same way, under their own headings.
"""

import tempfile
from collections.abc import Sequence
from datetime import date

import xlsxwriter
from django.conf import settings
from django.http import FileResponse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from directory.opendata.exports import rows
from directory.opendata.serializers import ORGANISATIONS, Absolute, RecordType
from directory.opendata.spreadsheets import needs_neutralising

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

HEADINGS = {
    "slug": gettext_lazy("Identifier"),
    "url": gettext_lazy("Page address"),
    "json_url": gettext_lazy("Address of the JSON record"),
    "name": gettext_lazy("Name"),
    "acronym": gettext_lazy("Acronym"),
    "other_names": gettext_lazy("Other names"),
    "kind": gettext_lazy("Kind"),
    "status": gettext_lazy("Status"),
    "description": gettext_lazy("Description"),
    "founded_year": gettext_lazy("Year founded"),
    "established_year": gettext_lazy("Year established"),
    "website": gettext_lazy("Website"),
    "email": gettext_lazy("E-mail"),
    "countries": gettext_lazy("Countries of activity"),
    "fields": gettext_lazy("Fields of cooperation"),
    "networks": gettext_lazy("Networks"),
    "organisations": gettext_lazy("Organisations"),
    "sources": gettext_lazy("Sources"),
    "source_details": gettext_lazy("Sources with title and date read"),
    "wikidata_id": gettext_lazy("Wikidata ID"),
    "last_verified": gettext_lazy("Last verified"),
    "updated_at": gettext_lazy("Last changed"),
}
# Programmes, calls and events (directory.funding.api): their own columns.
HEADINGS |= {
    "web_address": gettext_lazy("Web address"),
    "funder": gettext_lazy("Funder"),
    "eligible": gettext_lazy("Who may apply"),
    "amount_min": gettext_lazy("smallest amount"),
    "amount_max": gettext_lazy("largest amount"),
    "currency": gettext_lazy("currency"),
    "how_to_apply": gettext_lazy("How to apply"),
    "programme": gettext_lazy("Programme"),
    "organisation": gettext_lazy("Organisation"),
    "eligibility": gettext_lazy("Who may apply"),
    "opens_on": gettext_lazy("Opens on"),
    "deadline": gettext_lazy("Deadline"),
    "deadline_timezone": gettext_lazy("time zone of the deadline"),
    "deadline_time_known": gettext_lazy("the call states a time of day"),
    "state": gettext_lazy("Status"),
    "starts_on": gettext_lazy("starts on"),
    "ends_on": gettext_lazy("ends on"),
    "online": gettext_lazy("online"),
    "organisers": gettext_lazy("Organised by"),
    "participants": gettext_lazy("Participating organisations"),
    "twinnings": gettext_lazy("Twinnings concerned"),
    "when": gettext_lazy("When"),
}
SHEET_NAMES = {
    "programmes": gettext_lazy("Funding programmes"),
    "calls": gettext_lazy("Calls"),
    "events": gettext_lazy("Events"),
    "partner-requests": gettext_lazy("Partner requests"),
    "twinning-opportunities": gettext_lazy("Twinning opportunities"),
}
PLACES = {
    "place": gettext_lazy("Place"),
    "seat": gettext_lazy("Seat"),
    "german_place": pgettext_lazy("spreadsheet heading", "German place"),
    "central_asian_place": pgettext_lazy("spreadsheet heading", "Central Asian place"),
}
PLACE_PARTS = {
    "name": gettext_lazy("name"),
    "slug": gettext_lazy("identifier"),
    "country": gettext_lazy("country"),
    "federal_state": gettext_lazy("federal state"),
    "region": gettext_lazy("region"),
    "latitude": gettext_lazy("latitude"),
    "longitude": gettext_lazy("longitude"),
}
DATE_COLUMNS = {
    "last_verified",
    "opens_on",
    "starts_on",
    "ends_on",
}  # ISO dates in the record, written as dates
# The downloads of records (directory.matchmaking): their columns' headings, their sheet's name.
PARTNER_REQUEST_HEADINGS = {
    "id": gettext_lazy("Number"),
    "url": gettext_lazy("Page address"),
    "title": pgettext_lazy("partner request", "Title"),
    "description": gettext_lazy("Description"),
    "language": gettext_lazy("Language"),
    "posted_by": gettext_lazy("Posted by"),
    "poster_url": gettext_lazy("Page address of the posting organisation"),
    "partner_kind": gettext_lazy("Kind of partner sought"),
    "countries": gettext_lazy("Countries"),
    "fields": gettext_lazy("Fields of cooperation"),
    "published": gettext_lazy("Published"),
    "expires_on": gettext_lazy("Open until"),
}
OPPORTUNITY_HEADINGS = {
    "side": pgettext_lazy("spreadsheet heading", "Side (german or central_asian)"),
    "place": gettext_lazy("Place"),
    "place_url": gettext_lazy("Page address of the place"),
    "federal_state": gettext_lazy("Federal state"),
    "country": gettext_lazy("Country"),
    "strength": gettext_lazy("Number of organisations"),
    "organisations": gettext_lazy("Organisations"),
    "fields": gettext_lazy("Fields of cooperation"),
}
WIDTHS = {
    "name": 40,
    "title": 40,
    "place": 30,
    "organisations": 40,
    "description": 60,
    "url": 30,
    "json_url": 30,
    "sources": 40,
}
DEFAULT_WIDTH = 16


def heading(column: str) -> str:
    """The readable heading of a CSV column, in the active language."""
    if column in HEADINGS:
        return capfirst(str(HEADINGS[column]))
    side, part = next(
        (side, column.removeprefix(side + "_")) for side in PLACES if column.startswith(side + "_")
    )
    return f"{PLACES[side]}: {PLACE_PARTS[part]}"  # "Seat: name", "Sitz: Name", the same in all


def sheet_name(record_type: RecordType) -> str:
    if record_type.name in SHEET_NAMES:
        return str(SHEET_NAMES[record_type.name])
    return _("Organisations") if record_type is ORGANISATIONS else _("Twinnings")


def language_of(request) -> str:
    """The language asked for with ``?lang=``, else the active one."""
    asked = request.GET.get("lang", "")
    return asked if asked in dict(settings.LANGUAGES) else translation.get_language()


def write_workbook(
    record_type: RecordType, entries: Sequence, absolute: Absolute, output, *, language: str
) -> None:
    """Write ``entries`` as one worksheet to the binary file ``output``, headed in ``language``.

    Only the headings and the sheet's name are in ``language``; the cells hold what the CSV
    holds (German place names, codes, addresses without a language prefix).
    """
    columns = record_type.csv_columns
    with translation.override(language):
        headings = [heading(column) for column in columns]
        title = sheet_name(record_type)[:31]
    workbook, sheet, (quoted, day) = _new_sheet(output, title, columns, headings, len(entries))
    for row_number, row in enumerate(rows(record_type, entries, absolute), start=1):
        for number, column in enumerate(columns):
            value = row[column]
            if column in DATE_COLUMNS and value:
                sheet.write_datetime(row_number, number, date.fromisoformat(value), day)
            else:
                _write_cell(sheet, row_number, number, value, quoted)
    workbook.close()


def write_records(
    columns: Sequence[str],
    records: Sequence[dict],
    output,
    *,
    headings: dict,
    title,
    language: str,
    date_columns: frozenset = frozenset(),
) -> None:
    """Write ``records`` (dicts with the values of ``columns``, lists already joined) as one
    worksheet, headed in ``language``; ISO dates in ``date_columns`` become dates."""
    with translation.override(language):
        heading_texts = [capfirst(str(headings[column])) for column in columns]
        title = str(title)[:31]
    workbook, sheet, (quoted, day) = _new_sheet(output, title, columns, heading_texts, len(records))
    for row_number, record in enumerate(records, start=1):
        for number, column in enumerate(columns):
            value = record[column]
            if column in date_columns and value:
                sheet.write_datetime(row_number, number, date.fromisoformat(value), day)
            else:
                _write_cell(sheet, row_number, number, value, quoted)
    workbook.close()


def _new_sheet(output, title: str, columns: Sequence[str], headings: list[str], rows: int):
    """A workbook with one sheet: bold, frozen headings, a filter over ``rows`` rows; the cell
    formats for neutralised text and dates."""
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "in_memory": False})
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    quoted = workbook.add_format({"quote_prefix": True})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet = workbook.add_worksheet(title)
    for number, column in enumerate(columns):
        sheet.set_column(number, number, WIDTHS.get(column, DEFAULT_WIDTH))
        sheet.write_string(0, number, headings[number], bold)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, rows, len(columns) - 1)
    return workbook, sheet, (quoted, day)


def _write_cell(sheet, row: int, column: int, value, quoted) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value)
    elif needs_neutralising(value):
        sheet.write_string(row, column, value, quoted)
    else:
        sheet.write_string(row, column, str(value))


def xlsx_response(record_type: RecordType, entries: Sequence, request, file_name: str):
    """``entries`` (the list's ``Results``) as an XLSX attachment named ``file_name``."""
    base = request.build_absolute_uri("/").rstrip("/")
    output = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    absolute = lambda path: base + path  # noqa: E731
    write_workbook(record_type, entries, absolute, output, language=language_of(request))
    return _attachment(output, file_name)


def records_response(columns, records, request, file_name: str, **options):
    """``records`` as an XLSX attachment named ``file_name``; ``options`` as for
    ``write_records`` (headings, title, date_columns)."""
    output = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    write_records(columns, records, output, language=language_of(request), **options)
    return _attachment(output, file_name)


def _attachment(output, file_name: str) -> FileResponse:
    output.seek(0)
    response = FileResponse(
        output, as_attachment=True, filename=file_name, content_type=CONTENT_TYPE
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
