"""Time the possible partners of organisation pages and the twinning opportunities page.

Runs against a SEPARATE PostgreSQL database filled by ``generate_synthetic_data`` (it refuses
SQLite and a database without synthetic organisations). Renders, through Django's test client
with the page cache off, 60 distinct organisation pages (every 1,600th organisation, so German
and Central Asian ones, networks and members) and the opportunities page with 20 filter
combinations, after a warm-up; prints p50, p95 and maximum in milliseconds, and separately the
time of ``partners_of`` itself.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/za_match_bench \\
        .venv/bin/python manage.py generate_synthetic_data --organisations 100000 \\
        --twinnings 10000 --seed 1 --settings=zentralasien.test_settings
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/za_match_bench \\
        .venv/bin/python bench/partners_timing.py
"""

import logging
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zentralasien.test_settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from directory.listing import facetindex  # noqa: E402
from directory.matchmaking.partners import partners_of  # noqa: E402
from directory.models import Organisation  # noqa: E402

PAGES = 60
STATES = [
    "BW",
    "BY",
    "BE",
    "BB",
    "HB",
    "HH",
    "HE",
    "MV",
    "NI",
    "NW",
    "RP",
    "SL",
    "SN",
    "ST",
    "SH",
    "TH",
]


def summary(label: str, durations: list[float], queries: list[int]) -> str:
    durations = sorted(durations)
    p95 = durations[max(0, int(len(durations) * 0.95) - 1)]
    return (
        f"{label}: {len(durations)} pages, p50 {statistics.median(durations):.1f} ms, "
        f"p95 {p95:.1f} ms, max {durations[-1]:.1f} ms, SQL queries max {max(queries)}"
    )


def timed_get(client: Client, url: str) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(url)
        duration = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return duration, len(captured)


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("Run this against a separate PostgreSQL database (set DATABASE_URL).")
    if not Organisation.objects.filter(slug__startswith="synthetic-").exists():
        sys.exit("No synthetic data here: run generate_synthetic_data first.")
    settings.PAGE_CACHE_SECONDS = 0
    logging.getLogger("zentralasien").setLevel(logging.WARNING)
    settings.ALLOWED_HOSTS = ["*"]
    total = Organisation.objects.published().count()
    step = max(1, total // PAGES)
    organisations = list(Organisation.objects.published().order_by("pk")[::step][:PAGES])
    client = Client()
    facetindex.forget()  # the first page after a data change builds the index and the seats
    cold, _queries = timed_get(client, organisations[0].get_absolute_url())
    print(f"first organisation page after a data change (index built): {cold:.0f} ms")
    for organisation in organisations[:5]:  # warm-up
        client.get(organisation.get_absolute_url())
    pages = [timed_get(client, o.get_absolute_url()) for o in organisations]
    print(f"{total} published organisations")
    print(summary("organisation page", [d for d, _q in pages], [q for _d, q in pages]))
    own = []
    for organisation in organisations:
        loaded = Organisation.objects.for_detail().get(pk=organisation.pk)
        started = time.perf_counter()
        partners_of(loaded)
        own.append((time.perf_counter() - started) * 1000)
    print(summary("partners_of alone", own, [0]))
    base = "/de/twinnings/opportunities/"
    queries = [""] + [f"?state={state}" for state in STATES]
    queries += [f"?country={code}" for code in ("KZ", "KG", "TJ", "TM", "UZ")]
    queries += [
        "?field=education",
        "?field=culture",
        "?state=BY&country=UZ",
        "?country=KZ&field=environment",
    ]
    timed_get(client, base)  # warm-up
    pages = [timed_get(client, base + query) for query in queries]
    print(summary("opportunities page", [d for d, _q in pages], [q for _d, q in pages]))


if __name__ == "__main__":
    main()
