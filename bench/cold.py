"""Cold pages at scale: distinct URLs each fetched once, the first list after a save, the export.

Usage (PostgreSQL, trust auth on 127.0.0.1; the database is filled like ``bench/run.py`` does)::

    .venv/bin/python bench/cold.py --organisations 100000 \\
        --database-url postgres://postgres@127.0.0.1:5432/zentralasien_bench

Starts gunicorn as in production (``--workers`` sync workers, a throw-away Redis) and then, at
concurrency 1 from one client on the same machine:

1. fetches 240 distinct URLs once each — searches (every query different, so no kept search or
   page-cache entry helps), filtered lists (country × field × kind, pages) and organisation
   details — after warm-up requests that make each worker build its list index and start
   reading its search words (``directory.search.memory``), and ``--settle`` seconds for that;
2. saves an organisation five times (as a curator's save does: the data version moves) and
   times the first list request after each save (the index is rebuilt or served from before);
3. downloads the whole CSV export and prints rows per second.

Prints p50/p95/max per kind of page. Compare runs made on the same machine (the client, the
server and PostgreSQL share its cores).

A single run's tail varies with the machine (up to half on a shared virtual machine), so
``--runs N`` repeats the whole measurement N times, each with a fresh gunicorn and Redis, and
prints the median over the runs of each run's p50, p95 and max. ``--before PATH`` compares with
an older checkout (a ``git worktree`` with ``.venv`` linked to this one's, compiled messages, on
the same database and migrations): its runs alternate with this tree's, so both see the machine
in the same state::

    git worktree add /tmp/before <commit> && ln -s "$PWD/.venv" /tmp/before/.venv
    (cd /tmp/before && .venv/bin/python manage.py compilemessages -v 0)
    .venv/bin/python bench/cold.py --organisations 100000 --runs 3 --before /tmp/before \
        --database-url postgres://postgres@127.0.0.1:5432/zentralasien_bench
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


def percentiles(durations: list[float]) -> tuple[float, float, float]:
    """p50, p95 (the 76th of 80) and max."""
    ordered = sorted(durations)
    p95 = ordered[max(int(len(ordered) * 0.95) - 1, 0)]
    return statistics.median(ordered), p95, ordered[-1]


def summary(durations: list[float]) -> str:
    p50, p95, most = percentiles(durations)
    return f"n={len(durations):>3}  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  max {most:7.1f} ms"


def static_root(root: Path) -> dict:
    return {"STATIC_ROOT": str(root / "staticfiles")}


def collect_static(root: Path, env: dict) -> None:
    """The checkout's own static files, as whitenoise serves them (the pages name their hashes)."""
    command = [str(root / ".venv/bin/python"), "manage.py", "collectstatic", "--no-input", "-v0"]
    subprocess.run(command, cwd=root, env={**env, **static_root(root)}, check=True)


def measure(
    root: Path, env: dict, port: int, workers: int, urls: dict[str, list[str]], settle: float
) -> dict:
    """One run against the checkout ``root``: a fresh Redis and gunicorn, the cold URLs, five
    saves, the CSV. Returns each kind's durations (ms) and the CSV's rows per second."""
    from django.urls import reverse

    from directory.models import Organisation

    redis = start_redis(port + 1)
    env = {**env, "REDIS_URL": f"redis://127.0.0.1:{port + 1}/0", **static_root(root)}
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(root / ".venv/bin/gunicorn"), "zentralasien.wsgi", f"--workers={workers}",
         f"--bind=127.0.0.1:{port}", "--log-level=warning"],
        cwd=root, env=env,
    )  # fmt: skip
    found: dict = {}
    try:
        wait_until_up(base + "/bench/trivial/")
        organisations = reverse("directory:organisation-list")
        for n in range(workers * 8):  # each worker builds its list index, reads its words
            fetch(base + organisations + ("?" + urlencode({"q": f"Warm {n}"}) if n % 2 else ""))
        time.sleep(settle)  # the search words are read in a thread (about 4 s at 100,000)
        for kind, kind_urls in urls.items():
            found[kind] = [fetch(base + url)[0] for url in kind_urls]
            print(f"  {kind:<22} {summary(found[kind])}")

        found["first list after save"] = []
        for n in range(5):
            organisation = Organisation.objects.published().order_by("pk")[n]
            organisation.description += " "
            organisation.save()
            time.sleep(0.2)  # the bump is committed; the next request sees the new version
            duration = fetch(base + organisations + f"?page={n + 2}")[0]
            found["first list after save"].append(duration)
        print(f"  {'first list after save':<22} {summary(found['first list after save'])}")

        export = reverse("data:organisation-export", kwargs={"fmt": "csv"})
        started = time.perf_counter()
        try:
            _duration, body = fetch(base + export)
            cut = ""
        except http.client.IncompleteRead as error:  # gunicorn's worker timeout ended it
            body, cut = error.partial, " (cut off: the worker timed out)"
        seconds = time.perf_counter() - started
        rows = body.count(b"\n") - 1
        found["CSV rows/s"] = rows / seconds
        print(f"  {'CSV export':<22} {rows} rows in {seconds:.1f} s: "
              f"{rows / seconds:,.0f} rows/s{cut}")  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
        redis.terminate()
        redis.wait(timeout=30)
    return found


def medians(runs: list[dict]) -> None:
    """Each kind's median over the runs of each run's p50, p95 and max; the CSV's median."""
    for kind in runs[0]:
        if kind == "CSV rows/s":
            rate = statistics.median(run[kind] for run in runs)
            print(f"  {'CSV export':<22} {rate:,.0f} rows/s")
            continue
        each = [percentiles(run[kind]) for run in runs]
        p50, p95, most = (statistics.median(values) for values in zip(*each, strict=True))
        print(f"  {kind:<22} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  max {most:7.1f} ms  "
              f"(p95 of each run: {', '.join(f'{p:.1f}' for _p50, p, _m in each)})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8775)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--runs", type=int, default=1, help="repeat; print the medians")
    parser.add_argument("--before", type=Path, help="an older checkout to alternate with")
    parser.add_argument(
        "--settle", type=float, default=8.0, help="seconds after the warm-up before measuring"
    )
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        sys.exit("The benchmark runs against PostgreSQL (--database-url postgres://…).")

    env = environment(args.database_url)
    create_database(args.database_url)
    manage(env, "migrate", "--no-input", "-v0")
    setup_django(env)
    from directory.models import Organisation

    if Organisation.objects.count() != args.organisations:
        manage(env, "generate_synthetic_data", f"--organisations={args.organisations}",
               f"--twinnings={args.organisations // 10}", "--seed=1")  # fmt: skip
    slugs = list(Organisation.objects.published().values_list("slug", flat=True)[:5000])
    urls = cold_urls(slugs)
    trees = {"this tree": ROOT} if args.before is None else {
        "before": args.before.resolve(), "this tree": ROOT}  # fmt: skip
    for root in trees.values():
        collect_static(root, env)
    results: dict[str, list[dict]] = {name: [] for name in trees}
    for run in range(1, args.runs + 1):
        for name, root in trees.items():
            print(f"{args.organisations} organisations, {args.workers} gunicorn workers, Redis: "
                  f"{name} ({root}), run {run} of {args.runs}")  # fmt: skip
            results[name].append(measure(root, env, args.port, args.workers, urls, args.settle))
    if args.runs > 1 or args.before is not None:
        for name, runs in results.items():
            print(f"Median of {len(runs)} runs: {name}")
            medians(runs)


if __name__ == "__main__":
    main()
