"""Measure search time on PostgreSQL at growing numbers of organisations.

Fills a SEPARATE database with clearly synthetic organisations (slug ``synthetic-…``, description
"Synthetischer Eintrag"), then times what a list page does for 100 varied queries: the search,
``count()`` and the first 25 results with ``for_list()``. Prints median and 95th percentile.

    createdb -h 127.0.0.1 -U postgres zentralasien_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zentralasien_bench \\
        .venv/bin/python bench/search_timing.py --sizes 10000 100000

Rows are added, never removed, so sizes must grow; the generator is deterministic (``--seed``).
It refuses to run on SQLite or on a database that holds non-synthetic organisations.
"""

import argparse
import os
import random
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

from directory.models import Country, Organisation, Place, PlaceAlias  # noqa: E402
from directory.search import search_organisations  # noqa: E402
from directory.search_index import compose, country_texts  # noqa: E402

PLACES = {
    "DE": ["Berlin", "Bonn", "Leipzig", "Jena", "Greifswald", "Köln", "München", "Dresden"],
    "KZ": [("Almaty", ["Алматы", "Alma-Ata"]), ("Astana", ["Астана", "Nur-Sultan"])],
    "UZ": [("Taschkent", ["Tashkent", "Toshkent", "Ташкент"]), ("Samarkand", ["Самарканд"])],
    "TJ": [("Duschanbe", ["Dushanbe", "Душанбе", "Stalinabad"]), ("Chudschand", ["Khujand"])],
    "KG": [("Bischkek", ["Bishkek", "Бишкек", "Frunse"]), ("Osch", ["Osh", "Ош"])],
    "TM": [("Aschgabat", ["Ashgabat", "Aşgabat", "Ашхабад"])],
}
ADJECTIVES = ["Deutsch-Kasachische", "Deutsch-Usbekische", "Deutsch-Kirgisische",
              "Deutsch-Tadschikische", "Deutsch-Turkmenische", "Zentralasiatische", "Freie",
              "Evangelische", "Akademische", "Ökologische"]  # fmt: skip
NOUNS = ["Gesellschaft", "Stiftung", "Freundschaftsverein", "Initiative", "Forum",
         "Partnerschaftsverein", "Bildungswerk", "Jugendaustausch", "Kulturverein",
         "Netzwerk"]  # fmt: skip
TOPICS = ["Umweltschutz", "Bildung", "Jugendaustausch", "Menschenrechte", "Gesundheit",
          "Wasserwirtschaft", "Hochschulkooperation", "Kultur", "Pressefreiheit",
          "Landwirtschaft"]  # fmt: skip
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


def ensure_places() -> list[Place]:
    places = []
    for code, entries in PLACES.items():
        country = Country.objects.get(code=code)
        for entry in entries:
            name, aliases = entry if isinstance(entry, tuple) else (entry, [])
            place, _ = Place.objects.get_or_create(name=name, country=country)
            for alias in aliases:
                PlaceAlias.objects.get_or_create(place=place, name=alias)
            places.append(place)
    return list(Place.objects.select_related("country").prefetch_related("aliases"))


def generate(total: int, seed: int) -> None:
    """Add synthetic organisations until there are ``total``; row n is the same for any run."""
    existing = Organisation.objects.count()
    places = ensure_places()
    batch = []
    for n in range(existing, total):
        rng = random.Random(seed * 1_000_003 + n)
        seat = rng.choice(places)
        name = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {seat.name} {n}"
        topics = rng.sample(TOPICS, 2)
        description = f"Synthetischer Eintrag für Lasttests: {topics[0]} und {topics[1]}."
        texts = [description, seat.name, *(a.name for a in seat.aliases.all())]
        texts += country_texts(seat.country)
        batch.append(
            Organisation(
                name=name,
                slug=f"synthetic-{n}",
                description=description,
                seat=seat,
                publication_status="published",
                search_text=compose([name], texts),
            )
        )
        if len(batch) == 5000:
            Organisation.objects.bulk_create(batch)
            batch = []
            print(f"\r  generated {n + 1}/{total}", end="", file=sys.stderr, flush=True)
    Organisation.objects.bulk_create(batch)
    print(file=sys.stderr)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE directory_organisation")


def time_queries(queries: list[str]) -> list[float]:
    durations = []
    for query in queries:
        started = time.perf_counter()
        results = search_organisations(Organisation.objects.published().for_list(), query)
        results.count()
        list(results[:25])
        durations.append((time.perf_counter() - started) * 1000)
    return durations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this against a separate PostgreSQL database (set DATABASE_URL).")
    call_command("migrate", verbosity=0)
    if Organisation.objects.exclude(slug__startswith="synthetic-").exists():
        sys.exit("This database holds real organisations; use a separate one.")
    queries = [QUERIES[i % len(QUERIES)] for i in range(100)]
    for size in sorted(args.sizes):
        generate(size, args.seed)
        time_queries(queries[:10])  # warm the cache
        durations = sorted(time_queries(queries))
        p95 = durations[int(len(durations) * 0.95) - 1]
        print(
            f"{Organisation.objects.count():>7} organisations: 100 queries, "
            f"median {statistics.median(durations):.1f} ms, p95 {p95:.1f} ms, "
            f"max {durations[-1]:.1f} ms"
        )


if __name__ == "__main__":
    main()
