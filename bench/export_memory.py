"""Peak memory of the streamed CSV export of 100,000 organisations.

Usage (PostgreSQL with trust auth on 127.0.0.1, as in the team's setup):

    .venv/bin/python bench/export_memory.py [--rows 100000] [--format csv|json]
        [--database-url postgres://postgres@127.0.0.1:5432/zentralasien_bench]

Creates (or reuses) a scratch database, migrates it, fills it with ``generate_synthetic_data``
(seed 1; about 95 % of the organisations are published), then measures in a
fresh process: the resident set size (RSS) before the export, the peak RSS while the whole
export is streamed through the Django test client, and the bytes streamed. Bounded memory means
the growth stays far below the size of the file and does not grow with the number of rows.
"""

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/zentralasien_bench"


def setup_django(database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "0"  # DEBUG would keep every query in memory
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["DJANGO_SETTINGS_MODULE"] = "zentralasien.settings"
    import django

    django.setup()


def create_database(database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    server = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not exists.fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def fill(rows: int) -> None:
    from django.core.management import call_command

    from directory.models import Organisation

    call_command("migrate", verbosity=0)
    if Organisation.objects.count() == rows:
        print(f"database already holds {rows} organisations")
        return
    call_command(
        "generate_synthetic_data", organisations=rows, twinnings=rows // 10, seed=1, verbosity=2
    )


def current_rss_kib() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def measure(fmt: str) -> None:
    from django.test import Client
    from django.urls import reverse

    from directory.models import Organisation

    count = Organisation.objects.published().count()
    client = Client()
    client.get("/api/")  # warm up imports, URL resolver and templates
    before = current_rss_kib()
    started = time.perf_counter()
    response = client.get(reverse("data:organisation-export", kwargs={"fmt": fmt}))
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"organisations exported:  {count}")
    print(f"format:                  {fmt}")
    print(f"bytes streamed:          {size / 1e6:.1f} MB ({lines} lines)")
    print(f"RSS before export:       {before / 1024:.1f} MiB")
    print(f"peak RSS during export:  {peak / 1024:.1f} MiB")
    print(f"peak growth:             {(peak - before) / 1024:.1f} MiB")
    print(f"time:                    {seconds:.1f} s (shared 2-core machine; not a benchmark)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=["csv", "json"], default="csv")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_only:
        setup_django(args.database_url)
        measure(args.format)
        return
    create_database(args.database_url)
    setup_django(args.database_url)
    fill(args.rows)
    # Measure in a fresh process, so that filling the database does not count in the peak.
    subprocess.run(
        [
            sys.executable,
            __file__,
            "--measure-only",
            "--format",
            args.format,
            "--database-url",
            args.database_url,
        ],
        check=True,
    )


if __name__ == "__main__":
    main()
