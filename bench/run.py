"""Load-test the public pages under gunicorn against the framework's ceiling: ``make bench``.

Usage (PostgreSQL with trust auth on 127.0.0.1, ``wrk`` from Debian: ``apt-get install wrk``)::

    .venv/bin/python bench/run.py [--organisations 10000] [--duration 10] [--concurrency 1 4]
        [--workers 2] [--database-url postgres://postgres@127.0.0.1:5432/zentralasien_bench]

1. Fills a separate database with synthetic data (``generate_synthetic_data``, seed 1, one
   twinning per ten organisations) unless it already holds exactly that many organisations.
2. Starts a throw-away Redis (``--no-redis``: local-memory cache) and gunicorn as in production
   (``DEBUG`` off, ``--workers`` sync workers, persistent database connections, static files
   through whitenoise, ``REDIS_URL``) on 127.0.0.1 only, with
   ``bench.settings`` (the production settings plus a trivial view at ``/bench/trivial/``).
3. Counts SQL queries per page in-process (first request, then a repeated one).
4. For each page and concurrency: ``wrk`` warms up for two seconds (with at least two
   connections per worker, so that every worker is warm), then loads it for
   ``--duration`` seconds, cycling through the page's URLs (20 search queries, 50 random slugs).
5. Prints requests/s, p50/p95/p99 latency, queries per request and the ratio to the trivial
   view's requests/s at the same concurrency; writes ``bench/results/<time>-<n>.json``.

The load generator shares the machine with the server: compare runs made on the same machine.
"""

import argparse
import datetime
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/zentralasien_bench"
SEARCHES = ["Taschkent", "Ташкент", "Tashkent", "Bishkek", "Душанбе", "Alma-Ata", "Umweltschutz",
            "Bildung", "Kasachstn", "Usbekistna", "Jugendaustausch Bischkek", "Stiftung",
            "Deutsch-Kasachische Gesellschaft", "Frunse", "Дружба", "Youth Exchange Network",
            "Köln", "Koeln", "Samarqand", "Gesellschaft Leipzig"]  # fmt: skip

WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\nRESULT {"requests": %%d, "duration_us": %%d, "errors": %%d, "non2xx": %%d, '
    .. '"p50_us": %%d, "p95_us": %%d, "p99_us": %%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def environment(database_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=env.get("SECRET_KEY", "bench-only-" + "x" * 40),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        LOG_LEVEL="WARNING",
        CONN_MAX_AGE="600",
        DJANGO_SETTINGS_MODULE="bench.settings",
        STATIC_ROOT=str(ROOT / "staticfiles"),
    )
    return env


def create_database(database_url: str, *, fresh: bool = False) -> None:
    """Create the database if missing; ``fresh`` drops it first (a scratch database)."""
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as db:
        if fresh:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            db.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def setup_django(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def pages(organisations: int) -> dict[str, list[str]]:
    """Each page's URLs (several for search and detail)."""
    from urllib.parse import urlencode

    from django.templatetags.static import static
    from django.urls import reverse

    from directory.models import Organisation

    organisation_list = reverse("directory:organisation-list")
    slugs = list(
        Organisation.objects.published()
        .order_by("pk")
        .values_list("slug", flat=True)[: max(organisations, 1)]
    )
    rng = random.Random(1)
    detail = [reverse("directory:organisation-detail", args=[s]) for s in rng.sample(slugs, 50)]
    return {
        "home": [reverse("directory:home")],
        "organisations": [organisation_list],
        "filtered: country+field": [organisation_list + "?country=KZ&field=education"],
        "search (20 queries)": [organisation_list + "?" + urlencode({"q": q}) for q in SEARCHES],
        "deep page 200": [organisation_list + "?page=200"],
        "organisation detail": detail,
        "twinnings": [reverse("directory:twinning-list")],
        "API list": [reverse("data:api-organisation-list")],
        "CSV export (filtered)": [
            reverse("data:organisation-export", kwargs={"fmt": "csv"}) + "?country=TM&field=health"
        ],
        "CEILING trivial view": ["/bench/trivial/"],
        "CEILING static file": [static("css/site.css")],
    }


def count_queries(urls: list[str]) -> tuple[int, int]:
    """SQL queries of the first request of a page and of the same request repeated."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(urls[0])
            if response.streaming:
                for _chunk in response.streaming_content:
                    pass
        counts.append(len(queries))
    return counts[0], counts[1]


def start_redis(port: int) -> subprocess.Popen:
    """A throw-away Redis on 127.0.0.1 without persistence, for this run only."""
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(0.5)
    return server


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"gunicorn did not answer at {url}")


def wrk(base: str, urls: list[str], concurrency: int, seconds: int) -> dict:
    paths = ", ".join(json.dumps(u) for u in urls)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % paths)
    command = ["wrk", "-t1", f"-c{concurrency}", f"-d{seconds}s", "--timeout", "10s",
               "-s", script.name, base]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument(
        "--no-page-cache", action="store_true", help="PAGE_CACHE_SECONDS=0: measure the pages"
    )
    parser.add_argument(
        "--no-redis", action="store_true", help="local-memory cache (one per worker), not Redis"
    )
    parser.add_argument("--only", nargs="*", help="page names containing any of these words")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("The benchmark needs wrk: sudo apt-get install wrk  (Debian/Ubuntu)")
    if not args.database_url.startswith("postgres"):
        sys.exit("The benchmark runs against PostgreSQL (--database-url postgres://…).")

    env = environment(args.database_url)
    if args.no_page_cache:
        env["PAGE_CACHE_SECONDS"] = "0"
    redis = None
    if not args.no_redis:
        if not shutil.which("redis-server"):
            sys.exit("No redis-server: sudo apt-get install redis-server, or pass --no-redis")
        redis = start_redis(args.port + 1)
        env["REDIS_URL"] = f"redis://127.0.0.1:{args.port + 1}/0"
    create_database(args.database_url)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")
    setup_django(env)
    from directory.models import Organisation

    if Organisation.objects.count() != args.organisations:
        manage(env, "generate_synthetic_data", f"--organisations={args.organisations}",
               f"--twinnings={args.organisations // 10}", "--seed=1")  # fmt: skip
    targets = pages(args.organisations)
    if args.only:
        targets = {k: v for k, v in targets.items()
                   if k.startswith("CEILING") or any(w in k for w in args.only)}  # fmt: skip
    queries = {name: count_queries(urls) for name, urls in targets.items()}

    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "zentralasien.wsgi", f"--workers={args.workers}",
         f"--bind=127.0.0.1:{args.port}", "--log-level=warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    results = []
    try:
        wait_until_up(base + "/bench/trivial/")
        # Ceilings first, so that every page's ratio is known when it is printed.
        order = sorted(targets, key=lambda k: not k.startswith("CEILING"))
        for concurrency in args.concurrency:
            for name in order:
                # Warm up with enough connections to reach every worker (each builds or loads
                # its list index and fills its caches), then measure at the given concurrency.
                wrk(base, targets[name], max(concurrency, 2 * args.workers), 2)
                result = wrk(base, targets[name], concurrency, args.duration)
                result.update(page=name, concurrency=concurrency, queries=queries[name])
                results.append(result)
                print(f"  {name} c={concurrency}: {result['rps']:.0f} req/s", file=sys.stderr)
    finally:
        server.terminate()
        server.wait(timeout=30)
        if redis:
            redis.terminate()
            redis.wait(timeout=30)

    ceiling = {r["concurrency"]: r["rps"] for r in results if r["page"] == "CEILING trivial view"}
    cached = "off" if args.no_page_cache else "on"
    backend = "local memory" if args.no_redis else "Redis"
    print(f"\n{args.organisations} organisations, {args.workers} gunicorn workers, "
          f"page cache {cached} ({backend}), "
          f"{args.duration} s per page (after 2 s warm-up), wrk on the same machine")  # fmt: skip
    header = f"{'page':<26} {'c':>2} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
    print(header + f"{'SQL 1st/again':>13} {'ceiling':>8} {'errors':>6}")
    for r in results:
        r["ratio"] = r["rps"] / ceiling[r["concurrency"]]
        print(
            f"{r['page']:<26} {r['concurrency']:>2} {r['rps']:>7.0f} {r['p50_us'] / 1000:>7.1f} "
            f"{r['p95_us'] / 1000:>7.1f} {r['p99_us'] / 1000:>7.1f} "
            f"{'{}/{}'.format(*r['queries']):>13} {r['ratio']:>7.0%} "
            f"{r['errors'] + r['non2xx']:>6}"
        )
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = out / f"{stamp}-{args.organisations}.json"
    meta = {"organisations": args.organisations, "workers": args.workers,
            "duration": args.duration, "commit": git_commit(),
            "page_cache": not args.no_page_cache, "redis": not args.no_redis}  # fmt: skip
    path.write_text(json.dumps({**meta, "results": results}, indent=2))
    print(f"\nwritten: {path.relative_to(ROOT)}")


def git_commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                          text=True)  # fmt: skip
    return done.stdout.strip()


if __name__ == "__main__":
    main()
