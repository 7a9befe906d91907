"""Downloads of whole result lists as CSV and JSON, streamed so memory stays bounded.

The rows come from the list's ``directory.listing.facets.Results`` (the bitmap index gives their
order), ``EXPORT_CHUNK_SIZE`` at a time (organisations and twinnings as plain rows,
``bulk_records``: a few queries per chunk), and are written as they come; at no time are more
than one chunk of entries in memory.

CSV, chosen to open cleanly in LibreOffice and Excel:
- UTF-8 with a byte-order mark (Excel needs it to read UTF-8), comma-separated, CRLF line ends,
  fields quoted when needed (RFC 4180), exactly one header row with the stable field names;
- places flattened into columns (``seat_name``, ``seat_country``, …);
- lists of codes and slugs joined with ``|`` (``KZ|UZ``), sources joined with line breaks;
- text cells that a spreadsheet would run as a formula get a leading apostrophe
  (``directory.opendata.spreadsheets.neutralise_formula``, OWASP "CSV injection"). The JSON export
  carries the text unchanged.

JSON: one object with the licence, the source address, the time of the export and ``results``,
a list of records exactly as the API returns them.
"""

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence

from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils import timezone

from directory.opendata.bulk_records import READERS
from directory.opendata.serializers import Absolute, RecordType, flatten
from directory.opendata.spreadsheets import neutralise_cells

EXPORT_CHUNK_SIZE = 2000
ROWS_PER_WRITE = 200
BYTE_ORDER_MARK = "\ufeff"

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8; header=present",
    "json": "application/json",
}
FORMATS = tuple(CONTENT_TYPES)


def in_chunks(entries: Sequence) -> Iterator:
    """Every entry of ``entries`` (a ``Results``), reading one chunk at a time."""
    for start in range(0, len(entries), EXPORT_CHUNK_SIZE):
        yield from entries[start : start + EXPORT_CHUNK_SIZE]


def records(record_type: RecordType, entries: Sequence, absolute: Absolute) -> Iterator[dict]:
    """The records of ``entries`` in order, a chunk at a time: read as plain rows where a bulk
    reader exists (``bulk_records``), else from the entries as model instances."""
    reader = READERS.get(record_type.name)
    if reader is None or not hasattr(entries, "pks"):
        for entry in in_chunks(entries):
            yield record_type.to_record(entry, absolute)
        return
    read, ids = reader(), entries.pks()
    for start in range(0, len(ids), EXPORT_CHUNK_SIZE):
        yield from read(ids[start : start + EXPORT_CHUNK_SIZE], absolute)


def rows(record_type: RecordType, entries: Sequence, absolute: Absolute) -> Iterator[dict]:
    """The CSV and XLSX rows of ``entries``: records with places flattened, lists joined."""
    for record in records(record_type, entries, absolute):
        yield flatten(record, record_type.fields)


def cell_chunks(record_type: RecordType, entries: Sequence, absolute: Absolute) -> Iterator[list]:
    """The CSV rows of ``entries`` as sequences of formula-neutralised cells in the order of
    ``csv_columns``, a chunk at a time: straight from plain rows where the bulk reader builds
    them (``cells``), else flattened records."""
    reader = READERS.get(record_type.name)
    read = reader() if reader is not None and hasattr(entries, "pks") else None
    if hasattr(read, "cells"):
        ids = entries.pks()
        for start in range(0, len(ids), EXPORT_CHUNK_SIZE):
            yield read.cells(ids[start : start + EXPORT_CHUNK_SIZE], absolute)
        return
    columns, chunk = record_type.csv_columns, []
    for row in rows(record_type, entries, absolute):
        chunk.append(neutralise_cells([row[column] for column in columns]))
        if len(chunk) == EXPORT_CHUNK_SIZE:
            yield chunk
            chunk = []
    yield chunk


def _taken(buffer: io.StringIO) -> str:
    """What was written to ``buffer`` since the last call."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def csv_lines(record_type: RecordType, entries: Sequence, absolute: Absolute) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # the default dialect: comma, minimal quoting, CRLF
    writer.writerow(record_type.csv_columns)
    yield BYTE_ORDER_MARK + _taken(buffer)
    for chunk in cell_chunks(record_type, entries, absolute):
        for start in range(0, len(chunk), ROWS_PER_WRITE):
            writer.writerows(chunk[start : start + ROWS_PER_WRITE])
            yield _taken(buffer)


def rows_from_csv(lines: Iterable[str]) -> list[dict]:
    """Parse an export back into dicts (for tests and scripts)."""
    text = "".join(lines).removeprefix(BYTE_ORDER_MARK)
    return list(csv.DictReader(text.splitlines(keepends=True)))


def json_chunks(
    record_type: RecordType, entries: Sequence, absolute: Absolute, source: str
) -> Iterator[str]:
    head = {
        "licence": settings.DATA_LICENCE,
        "source": source,
        "generated_at": timezone.now().replace(microsecond=0).isoformat(),
    }
    yield "{" + "".join(f"{json.dumps(key)}: {json.dumps(value)}, " for key, value in head.items())
    yield '"results": ['
    separator = "\n"
    for record in records(record_type, entries, absolute):
        yield separator + json.dumps(record, ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"


def file_name(record_type: RecordType, fmt: str) -> str:
    return f"{record_type.name}-{timezone.localdate().isoformat()}.{fmt}"


def export_response(
    record_type: RecordType, entries: Sequence, fmt: str, request
) -> StreamingHttpResponse:
    """Stream ``entries`` (the list's ``Results``: published, filtered, ordered) as ``fmt``."""
    base = request.build_absolute_uri("/").rstrip("/")

    def absolute(path: str) -> str:
        return base + path

    if fmt == "csv":
        content = csv_lines(record_type, entries, absolute)
    else:
        content = json_chunks(record_type, entries, absolute, source=request.build_absolute_uri())
    response = StreamingHttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{file_name(record_type, fmt)}"'
    response["Cache-Control"] = "public, max-age=300"
    return response
