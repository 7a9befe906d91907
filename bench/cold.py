"""Cold pages at scale: distinct URLs each fetched once, the first list after a save, the export.

Usage (PostgreSQL, trust auth on 127.0.0.1; the database is filled like ``bench/run.py`` does)::

    .venv/bin/python bench/cold.py --organisations 100000 \\
        --database-url postgres://postgres@127.0.0.1:5432/zentralasien_bench

Starts gunicorn as in production (``--workers`` sync workers, a throw-away Redis) and then, at
concurrency 1 from one client on the same machine:

1. fetches 240 distinct URLs once each — searches (every query different, so no kept search or
   page-cache entry helps), filtered lists (country × field × kind, pages) and organisation
   details — after one warm-up request per worker that builds its list index;
2. saves an organisation five times (as a curator's save does: the data version moves) and
   times the first list request after each save (the index is rebuilt or served from before);
3. downloads the whole CSV export and prints rows per second.

Prints p50/p95/max per kind of page. Compare runs made on the same machine (the client, the
server and PostgreSQL share its cores).
"""

import argparse
import http.client
import random
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import (
    DEFAULT_DATABASE_URL,
    ROOT,
    create_database,
    environment,
    manage,
    setup_django,
    start_redis,
    wait_until_up,
)

WORDS = ["Taschkent", "Ташкент", "Tashkent", "Bishkek", "Душанбе", "Almaty", "Umwelt", "Bildung",
         "Kultur", "Jugend", "Stiftung", "Verein", "Gesellschaft", "Netzwerk", "Forum", "Leipzig",
         "Berlin", "Köln", "Samarqand", "Osch", "Frauen", "Wasser", "Schule", "Hochschule",
         "Partnerschaft", "Kasachstan", "Usbekistan", "Kirgisistan", "Tadschikistan",
         "Turkmenistan", "Initiative", "Zentrum", "Institut", "Austausch", "Kasachstn",
         "Usbekistna", "Medien", "Gesundheit", "Sport", "Demokratie"]  # fmt: skip
COUNTRIES = ["KZ", "KG", "TJ", "TM", "UZ"]
FIELDS = ["education", "culture", "environment", "democratisation", "youth-exchange", "health"]
KINDS = ["association", "foundation", "university", "network"]


def cold_urls(slugs: list[str]) -> dict[str, list[str]]:
    from django.urls import reverse

    rng = random.Random(1)
    organisations = reverse("directory:organisation-list")
    pairs = [f"{a} {b}" for a in WORDS for b in WORDS if a < b]
    searches = list(WORDS) + rng.sample(pairs, 40)
    filtered = []
    for country in COUNTRIES:
        for field in FIELDS:
            filtered.append({"country": country, "field": field})
            filtered.append({"country": country, "field": field, "kind": rng.choice(KINDS)})
        for page in (2, 5, 40):
            filtered.append({"country": country, "page": page})
    filtered += [{"field": field, "sort": "name", "page": page} for field in FIELDS
                 for page in (3, 7)]  # fmt: skip
    return {
        "search": [organisations + "?" + urlencode({"q": q}) for q in searches],
        "filtered list": [organisations + "?" + urlencode(params) for params in filtered[:80]],
        "organisation detail": [
            reverse("directory:organisation-detail", args=[slug]) for slug in rng.sample(slugs, 80)
        ],
    }


def fetch(url: str) -> tuple[float, bytes]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        body = response.read()
    return (time.perf_counter() - started) * 1000, body


def summary(durations: list[float]) -> str:
    ordered = sorted(durations)
    p95 = ordered[max(int(len(ordered) * 0.95) - 1, 0)]
    return (
        f"n={len(ordered):>3}  p50 {statistics.median(ordered):7.1f} ms  p95 {p95:7.1f} ms  "
        f"max {ordered[-1]:7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8775)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        sys.exit("The benchmark runs against PostgreSQL (--database-url postgres://…).")

    env = environment(args.database_url)
    redis = start_redis(args.port + 1)
    env["REDIS_URL"] = f"redis://127.0.0.1:{args.port + 1}/0"
    create_database(args.database_url)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")
    setup_django(env)
    from django.urls import reverse

    from directory.models import Organisation

    if Organisation.objects.count() != args.organisations:
        manage(env, "generate_synthetic_data", f"--organisations={args.organisations}",
               f"--twinnings={args.organisations // 10}", "--seed=1")  # fmt: skip
    slugs = list(Organisation.objects.published().values_list("slug", flat=True)[:5000])
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "zentralasien.wsgi", f"--workers={args.workers}",
         f"--bind=127.0.0.1:{args.port}", "--log-level=warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        wait_until_up(base + "/bench/trivial/")
        organisations = reverse("directory:organisation-list")
        for _ in range(args.workers * 2):  # each worker builds its list index
            fetch(base + organisations)
        print(f"{args.organisations} organisations, {args.workers} gunicorn workers, Redis")
        for kind, urls in cold_urls(slugs).items():
            print(f"  {kind:<22} {summary([fetch(base + url)[0] for url in urls])}")

        after_save = []
        for n in range(5):
            organisation = Organisation.objects.published().order_by("pk")[n]
            organisation.description += " "
            organisation.save()
            time.sleep(0.2)  # the bump is committed; the next request sees the new version
            after_save.append(fetch(base + organisations + f"?page={n + 2}")[0])
        print(f"  {'first list after save':<22} {summary(after_save)}")

        export = reverse("data:organisation-export", kwargs={"fmt": "csv"})
        started = time.perf_counter()
        try:
            _duration, body = fetch(base + export)
            cut = ""
        except http.client.IncompleteRead as error:  # gunicorn's worker timeout ended it
            body, cut = error.partial, " (cut off: the worker timed out)"
        seconds = time.perf_counter() - started
        rows = body.count(b"\n") - 1
        print(f"  {'CSV export':<22} {rows} rows in {seconds:.1f} s: "
              f"{rows / seconds:,.0f} rows/s{cut}")  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
        redis.terminate()
        redis.wait(timeout=30)


if __name__ == "__main__":
    main()
