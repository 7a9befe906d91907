"""A streamed export that fails midway ends so that clients notice, and is logged as an error.

The status 200 and the first rows are on their way when a later chunk's query fails (database
error, statement timeout). The request log then writes an ERROR line with the path, and the
server closes the connection without the terminating chunk, so that a download tool or browser
reports an incomplete file instead of saving a short one. The end-to-end test runs the site under
gunicorn on PostgreSQL and cuts the export with a statement timeout.
"""

import http.client
import json
import logging
import os
import socket
import subprocess
import sys
import time
from http import HTTPStatus
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.urls import reverse

from directory.models import Organisation
from directory.opendata import exports
from tests.factories import GermanPlaceFactory, OrganisationFactory
from zentralasien.logs import JsonFormatter, StreamAborted

ROOT = Path(__file__).resolve().parent.parent
ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.fixture
def export_fails_after_the_first_chunk(monkeypatch):
    cell_chunks = exports.cell_chunks

    def first_then_timeout(record_type, entries, absolute):
        yield next(cell_chunks(record_type, entries, absolute))
        raise OperationalError("canceling statement due to statement timeout")

    monkeypatch.setattr(exports, "cell_chunks", first_then_timeout)


def _export(client):
    return client.get(reverse("data:organisation-export", kwargs={"fmt": "csv"}))


@pytest.mark.django_db
@pytest.mark.usefixtures("export_fails_after_the_first_chunk")
def test_failing_stream_is_aborted_not_ended(client):
    OrganisationFactory.create_batch(2)
    response = _export(client)
    assert response.status_code == HTTPStatus.OK
    with pytest.raises(StreamAborted):
        b"".join(response.streaming_content)


@pytest.mark.django_db
@pytest.mark.usefixtures("export_fails_after_the_first_chunk")
def test_failing_stream_writes_a_json_error_line_with_the_path(client, caplog):
    OrganisationFactory.create_batch(2)
    response = _export(client)
    with (
        caplog.at_level(logging.INFO, logger="zentralasien.requests"),
        pytest.raises(StreamAborted),
    ):
        b"".join(response.streaming_content)
    [record] = [r for r in caplog.records if r.name == "zentralasien.requests"]
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "ERROR"
    assert line["path"] == reverse("data:organisation-export", kwargs={"fmt": "csv"})
    assert line["aborted"] is True
    assert "statement timeout" in line["error"]


@pytest.mark.django_db
def test_complete_stream_is_logged_once_when_it_ends(client, caplog):
    OrganisationFactory.create_batch(2)
    with caplog.at_level(logging.INFO, logger="zentralasien.requests"):
        response = _export(client)
        assert not [r for r in caplog.records if r.name == "zentralasien.requests"]
        b"".join(response.streaming_content)
    [record] = [r for r in caplog.records if r.name == "zentralasien.requests"]
    assert (record.levelname, record.status) == ("INFO", HTTPStatus.OK)


@pytest.mark.django_db
def test_stream_closed_unread_is_still_logged(client, caplog):
    with caplog.at_level(logging.INFO, logger="zentralasien.requests"):
        _export(client).close()
    assert [r.status for r in caplog.records if r.name == "zentralasien.requests"] == [200]


def test_gunicorn_log_lines_about_an_aborted_stream_have_no_traceback():
    try:
        raise StreamAborted("/export/organisations.csv: OperationalError")
    except StreamAborted:
        record = logging.getLogger("gunicorn.error").makeRecord(
            "gunicorn.error", logging.ERROR, __file__, 1, "Error handling request", (),
            exc_info=sys.exc_info(),
        )  # fmt: skip
    line = json.loads(JsonFormatter().format(record))
    assert "Traceback" not in line["exception"]


# --- End to end: gunicorn, PostgreSQL, a statement timeout ----------------------------------------

ROWS = 2500  # more than one export chunk (exports.EXPORT_CHUNK_SIZE)
# Long enough that the first chunk does not fit into the sockets' buffers: the server is still
# writing it when the table gets locked, so the second chunk's query waits for the lock.
DESCRIPTION = "Austausch und Bildung. " * 400


@pytest.fixture
def many_long_organisations():
    seat = GermanPlaceFactory(name="Leipzig")
    Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Verein {n:05}",
                slug=f"verein-{n:05}",
                publication_status="published",
                seat=seat,
                description=DESCRIPTION,
                search_text=f"verein {n:05}",
            )
            for n in range(ROWS)
        ],
        batch_size=500,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def gunicorn(tmp_path):
    """The site under gunicorn as in production, on the test database, statement timeout 2 s."""
    port = _free_port()
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zentralasien.settings",
        "DEBUG": "0",
        "SECRET_KEY": "stream-fault-test-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": (
            f"postgres://{quote(database['USER'])}:{quote(database['PASSWORD'] or '')}"
            f"@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "DATABASE_STATEMENT_TIMEOUT": "2",
        "PAGE_CACHE_SECONDS": "0",
        "PYTHONWARNINGS": "ignore",
    }
    env.pop("REDIS_URL", None)
    stdout, stderr = tmp_path / "stdout.log", tmp_path / "stderr.log"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        server = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "zentralasien.wsgi", f"--bind=127.0.0.1:{port}",
             "--workers=1", "--timeout=30"],
            cwd=ROOT, env=env, stdout=out, stderr=err,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                probe.request("GET", "/healthz")
                if probe.getresponse().status == HTTPStatus.OK:
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield port, stdout, stderr
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.skipif(not ON_POSTGRESQL, reason="statement timeouts are a PostgreSQL setting")
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("many_long_organisations")
def test_export_cut_by_a_statement_timeout_ends_incomplete_and_logs_json(gunicorn):
    port, stdout, stderr = gunicorn
    path = reverse("data:organisation-export", kwargs={"fmt": "csv"})
    warm_up = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    warm_up.request("GET", path)  # builds the list index; the first chunk is then quick
    assert len(warm_up.getresponse().read()) > ROWS * len(DESCRIPTION)
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    client.request("GET", path)
    response = client.getresponse()
    assert response.status == HTTPStatus.OK
    assert response.getheader("Transfer-Encoding") == "chunked"
    received = response.read(1000)
    with transaction.atomic(), connection.cursor() as cursor:
        # The rest of the export waits for this lock until its statement timeout (2 s).
        cursor.execute("LOCK TABLE directory_organisation IN ACCESS EXCLUSIVE MODE")
        with pytest.raises(http.client.IncompleteRead) as incomplete:
            response.read()  # the stream ends without its terminating chunk
    assert len(received + incomplete.value.partial) < ROWS * len(DESCRIPTION)

    time.sleep(0.5)  # let the worker finish writing its log lines
    lines = stdout.read_text().splitlines()
    entries = [json.loads(line) for line in lines]  # every line is JSON
    assert not [entry for entry in entries if entry["logger"] == "gunicorn.access"]
    [aborted] = [entry for entry in entries if entry.get("aborted")]
    assert (aborted["level"], aborted["path"], aborted["status"]) == ("ERROR", path, 200)
    assert "statement timeout" in aborted["error"]
    assert "Traceback" not in stdout.read_text() + stderr.read_text()
