"""Security events (bad Host, too many fields, CSRF failures) are WARNING lines without a
traceback, JSON, and rate-limited per kind, so nobody can fill the error alerts at will."""

import io
import json
import logging
from http import HTTPStatus

import pytest
from django.test import Client

from zentralasien.logs import JsonFormatter, SecurityEventHandler

pytestmark = pytest.mark.django_db


@pytest.fixture
def security_log():
    """The lines the security handler writes, with the limit of the settings' handler."""
    stream = io.StringIO()
    handler = SecurityEventHandler(stream, limit=3, window=60)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("django.security")
    old_handlers = logger.handlers[:]
    logger.handlers = [handler]
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.handlers = old_handlers


def test_settings_route_security_events_to_the_rate_limited_handler():
    handlers = logging.getLogger("django.security").handlers
    assert SecurityEventHandler in [type(h) for h in handlers]
    assert not logging.getLogger("django.security").propagate


def test_bad_host_is_a_warning_without_traceback(client, security_log):
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    [line] = security_log()
    assert line["level"] == "WARNING"
    assert line["event"] == "DisallowedHost"
    assert "exception" not in line
    assert "Traceback" not in json.dumps(line)


def test_too_many_query_parameters_is_a_warning_without_traceback(client, security_log):
    query = "&".join(f"a{n}=1" for n in range(1200))
    response = client.get(f"/de/organisations/?{query}")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    [line] = security_log()
    assert (line["level"], line["event"]) == ("WARNING", "TooManyFieldsSent")
    assert "exception" not in line


def test_csrf_failure_is_a_warning(security_log):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/de/suggest/", {"message": "x"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    [line] = security_log()
    assert (line["level"], line["event"]) == ("WARNING", "csrf")


def test_flood_of_bad_hosts_is_cut_to_the_limit_per_minute(client, security_log):
    for _ in range(20):
        client.get("/", headers={"host": "evil.example"})
    assert len(security_log()) == 3


def test_limit_counts_each_kind_separately(client, security_log):
    for _ in range(5):
        client.get("/", headers={"host": "evil.example"})
    Client(enforce_csrf_checks=True).post("/de/suggest/", {"message": "x"})
    assert [line["event"] for line in security_log()] == ["DisallowedHost"] * 3 + ["csrf"]


def test_suppressed_events_are_summarised_when_the_minute_is_over(security_log):
    logger = logging.getLogger("django.security.DisallowedHost")
    for _ in range(8):
        logger.error("Invalid HTTP_HOST header")
    handler = logging.getLogger("django.security").handlers[0]
    started, seen = handler._windows["DisallowedHost"]
    handler._windows["DisallowedHost"] = (started - 61, seen)  # the minute is over
    logger.error("Invalid HTTP_HOST header")
    lines = security_log()
    summary = lines[3]
    assert summary["suppressed"] == 5
    assert summary["level"] == "WARNING"
    assert "5 more security events of kind DisallowedHost" in summary["message"]
    assert len(lines) == 5  # 3 events, the summary, the first event of the new minute


def test_summary_is_written_when_the_process_closes_its_logs():
    stream = io.StringIO()
    handler = SecurityEventHandler(stream, limit=1)
    handler.setFormatter(JsonFormatter())
    for _ in range(3):
        handler.handle(logging.makeLogRecord({"name": "django.security.csrf", "msg": "x"}))
    handler.close()
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines[-1]["suppressed"] == 2
