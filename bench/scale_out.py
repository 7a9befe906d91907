"""Two gunicorn instances sharing Redis and PostgreSQL: a publish shows at once on both.

Usage (run by .ci/run; needs redis-server and PostgreSQL on 127.0.0.1)::

    .venv/bin/python bench/scale_out.py
        [--database-url postgres://postgres@127.0.0.1:5432/zentralasien_scaleout]

Starts a throw-away Redis and two gunicorn instances (ports 8771 and 8772, one worker each,
production settings, page cache on, ``REDIS_URL`` set), both on a scratch database. Both serve
and cache the organisation list; then a draft is published (a model save, as the admin's publish
action does, here from this third process) and renamed; after each change both instances must
show it on their next request. Exits 1 with the failed check otherwise.
"""

import argparse
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import ROOT, create_database, environment, manage, setup_django, start_redis

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/zentralasien_scaleout"
PORTS = (8771, 8772)


def fetch(port: int, path: str) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
        return response.read().decode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    args = parser.parse_args()
    env = environment(args.database_url)
    env.update(PAGE_CACHE_SECONDS="300", REDIS_URL="redis://127.0.0.1:8773/0")
    env["DJANGO_SETTINGS_MODULE"] = "zentralasien.settings"
    # Redis first: the migrations' data changes replace the page cache version in it.
    redis = start_redis(8773)
    servers = []
    failures = []
    try:
        create_database(args.database_url, fresh=True)  # never a stale schema from an old run
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "collectstatic", "--no-input", "-v0")
        setup_django(env)
        from django.urls import reverse

        from directory.models import Organisation

        servers = [
            subprocess.Popen(
                [
                    str(ROOT / ".venv/bin/gunicorn"),
                    "zentralasien.wsgi",
                    "--workers=1",
                    f"--bind=127.0.0.1:{port}",
                    "--log-level=warning",
                ],
                cwd=ROOT,
                env=env,
            )
            for port in PORTS
        ]
        for port in PORTS:
            wait_for(port)
        name = f"Skalierungsprobe {time.time_ns()}"
        probe = Organisation.objects.create(name=name, publication_status="draft")
        listing = reverse("directory:organisation-list") + "?q=Skalierungsprobe"
        for port in PORTS:
            fetch(port, listing)  # cached now on both
            if name in fetch(port, listing):
                failures.append(f"draft shown on port {port}")

        probe.publication_status = "published"
        probe.save()
        for port in PORTS:
            if name not in fetch(port, listing):
                failures.append(f"published entry missing on port {port}")

        probe.name = name + " umbenannt"
        probe.save()
        for port in PORTS:
            if probe.name not in fetch(port, listing):
                failures.append(f"stale name on port {port}")
        probe.delete()
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        redis.terminate()
    if failures:
        sys.exit("Scale-out check FAILED: " + "; ".join(failures))
    print("Scale-out check passed: publish and rename showed at once on both instances.")


def wait_for(port: int) -> None:
    for _ in range(120):
        try:
            fetch(port, "/robots.txt")
            return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"gunicorn on port {port} did not start")


if __name__ == "__main__":
    main()
