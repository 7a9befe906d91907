"""Schemathesis against the API's own OpenAPI document, with every check it has.

The demo data is loaded into the test database and served by ``live_server``; the Schemathesis
command line (``schemathesis run … --checks all``) tests every operation of /api/openapi.json:
examples, coverage (boundary and invalid values, undeclared methods), fuzzing and stateful
links, in positive and negative mode. It runs on whichever database the suite runs on (SQLite
locally, SQLite and PostgreSQL in CI). ``SCHEMATHESIS_MAX_EXAMPLES`` (default 10 per operation
in the fuzzing phase; the coverage phase tries boundary and invalid values systematically anyway)
and a fixed seed keep it at about a minute per database; a longer run:

    SCHEMATHESIS_MAX_EXAMPLES=200 .venv/bin/python -m pytest tests/test_api_schemathesis.py -s
"""

import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from directory.search import index as search_index
from tests.conftest import reseed_vocabulary

MAX_EXAMPLES = os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "10")
SEED = os.environ.get("SCHEMATHESIS_SEED", "20261129")
TIME_LIMIT = 300  # seconds; the run takes about a minute on a two-core machine


@pytest.fixture
def api_with_demo_data(live_server):
    reseed_vocabulary()  # an earlier transactional test's flush may have emptied them
    call_command("load_demo_data", verbosity=0)  # search texts follow by signals
    search_index.rebuild_vocabulary()  # typo correction, as after `make run`
    return live_server.url


def test_api_fulfils_its_openapi_document(api_with_demo_data, tmp_path):
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"{api_with_demo_data}/api/openapi.json",
        "--checks",
        "all",
        "--mode",
        "all",
        "--max-examples",
        MAX_EXAMPLES,
        "--seed",
        SEED,
        "--workers",
        "1",  # the live server shares one SQLite connection between its threads
        "--request-timeout",
        "20",
        "--generation-database",
        "none",
        "--no-color",
    ]
    finished = subprocess.run(
        command,
        cwd=tmp_path,  # no stray reports or settings files in the project
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        env={**os.environ, "NO_COLOR": "1"},
    )
    report = finished.stdout + finished.stderr
    assert finished.returncode == 0, report[-20_000:]
    assert "No issues found" in report, report[-5_000:]
