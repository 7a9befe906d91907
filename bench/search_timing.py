"""Measure search time on PostgreSQL at growing numbers of organisations.

Fills a SEPARATE database with ``generate_synthetic_data`` (slugs ``synthetic-…``, descriptions
"Synthetischer Eintrag"; kept when it already holds that many organisations), then times what
the organisation list does for 100 varied queries: its ``Results`` (the search, the total, the
facet counts from the list index) and the first 25 rows with ``for_list()``. The list index is
built before timing; every query searches (the index's kept searches are switched off: the
pages reuse a search's matches for a minute, this script times the search itself). Prints
median, 95th percentile, maximum and the slowest queries.

    createdb -h 127.0.0.1 -U postgres zentralasien_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zentralasien_bench \\
        .venv/bin/python bench/search_timing.py --sizes 10000 100000

Each size replaces the synthetic data; the generator is deterministic (``--seed``) and refuses
a database that holds non-synthetic organisations. This script refuses SQLite.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zentralasien.test_settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402

from directory.listing import facetindex  # noqa: E402
from directory.listing.facets import Results  # noqa: E402
from directory.listing.filters import OrganisationFilter  # noqa: E402
from directory.models import Organisation  # noqa: E402

QUERIES = ["Taschkent", "Tashkent", "Ташкент", "Toshkent", "Duschanbe", "Душанбе", "Stalinabad",
           "Aşgabat", "Ашхабад", "Bishkek", "Frunse", "Almaty", "Alma-Ata", "Umwelt",
           "Umweltschutz", "Bildungs", "Kasachstn", "Usbek", "Usbekistna", "Tadschikstan",
           "DAAD", "Stiftung", "Gesellschaft", "Deutsch-Kasachische Gesellschaft", "Kazakhstan",
           "Узбекистан", "Kulturverein Osch", "Forum 4711", "Netzwerk 12345", "Freie Initiative",
           "Jugendaustausch Bischkek", "Wasserwirtschaft", "Pressefreiheit Almaty",
           "Hochschulkooperation", "Menschenrechte", "Oesterreich", "Köln", "Koeln", "Muenchen",
           "Партнерство", "Evangelische Stiftung Leipzig", "Zentralasiatisches Netzwerk",
           "Ökologische Initiative", "Okologische", "Partnerschaftsverein Jena", "Samarqand",
           "Khujand", "Chudschand", "Astana", "Nur-Sultan"]  # fmt: skip


def generate(total: int, seed: int) -> None:
    """Replace the synthetic data with ``total`` organisations (deterministic for ``seed``),
    unless the database holds that many already."""
    if Organisation.objects.count() != total:
        call_command(
            "generate_synthetic_data", organisations=total, twinnings=total // 10, seed=seed
        )


def time_query(query: str) -> float:
    started = time.perf_counter()
    params = QueryDict(mutable=True)
    params["q"] = query
    results = Results(
        OrganisationFilter(params, queryset=Organisation.objects.published()),
        Organisation.objects.for_list(),
    )
    results.facet_counts()
    list(results[:25])
    return (time.perf_counter() - started) * 1000


def time_queries(queries: list[str]) -> list[tuple[float, str]]:
    return [(time_query(query), query) for query in queries]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this against a separate PostgreSQL database (set DATABASE_URL).")
    call_command("migrate", verbosity=0)
    facetindex.SEARCH_SECONDS = 0  # no kept searches: each query is searched
    queries = [QUERIES[i % len(QUERIES)] for i in range(100)]
    for size in sorted(args.sizes):
        generate(size, args.seed)
        time_queries(queries[:10])  # build the list index, warm the caches
        timed = sorted(time_queries(queries))
        durations = [duration for duration, _query in timed]
        p95 = durations[int(len(durations) * 0.95) - 1]
        slowest = ", ".join(f"{query} {duration:.0f}" for duration, query in timed[-5:])
        print(
            f"{Organisation.objects.count():>7} organisations: 100 queries, "
            f"median {statistics.median(durations):.1f} ms, p95 {p95:.1f} ms, "
            f"max {durations[-1]:.1f} ms; slowest (ms): {slowest}"
        )


if __name__ == "__main__":
    main()
