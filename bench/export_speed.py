"""Rows per second of the whole CSV download, read as plain rows and as model instances.

Usage (a database filled by ``generate_synthetic_data``, e.g. the one ``bench/cold.py`` made)::

    .venv/bin/python bench/export_speed.py \\
        --database-url postgres://postgres@127.0.0.1:5432/zentralasien_bench [--rows 20000] \\
        [--plain-only]

Streams the organisation CSV of the first ``--rows`` list entries in this process (no HTTP, no
gunicorn) twice: through the downloads' bulk reader (``directory.opendata.bulk_records``) and
through the instance path the API uses for a page (``RecordType.to_record`` on prefetched
instances), and prints rows/s of each, measured in the same run on the same data, each after
streaming ten rows to warm up (the first request of a worker imports the URL configuration).
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import environment, setup_django


class FirstRows:
    """The first ``rows`` entries of a list's ``Results`` (same interface as a Results)."""

    def __init__(self, results, rows: int):
        self.results, self.rows = results, min(rows, len(results))

    def __len__(self) -> int:
        return self.rows

    def __getitem__(self, key: slice):
        start, stop, _step = key.indices(self.rows)
        return self.results[start:stop]

    def pks(self) -> list[int]:
        return self.results.pks()[: self.rows]


def rows_per_second(entries, *, bulk: bool) -> tuple[int, float]:
    from directory.opendata import exports
    from directory.opendata.serializers import ORGANISATIONS

    readers = dict(exports.READERS)
    if not bulk:
        exports.READERS.clear()
    try:
        # Warm up (URL configuration, imports, connection) as a worker has done before serving.
        sum(1 for _line in exports.csv_lines(ORGANISATIONS, FirstRows(entries, 10), lambda p: p))
        started = time.perf_counter()
        written = sum(1 for _line in exports.csv_lines(ORGANISATIONS, entries, lambda p: p))
        elapsed = time.perf_counter() - started
    finally:
        exports.READERS.update(readers)
    return written, len(entries) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument(
        "--plain-only", action="store_true", help="skip the (slow) model instances' run"
    )
    args = parser.parse_args()
    setup_django(environment(args.database_url))
    from django.http import QueryDict

    from directory.listing import results

    entries, _errors = results.organisations(QueryDict())
    first = FirstRows(entries, args.rows)
    print(f"{len(entries)} published organisations; the CSV of the first {len(first)}:")
    runs = [("plain rows (downloads)", True), ("model instances", False)]
    for label, bulk in runs[:1] if args.plain_only else runs:
        _written, speed = rows_per_second(first, bulk=bulk)
        print(f"  {label:<24} {speed:>9,.0f} rows/s")


if __name__ == "__main__":
    main()
