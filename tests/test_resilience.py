"""Faults and bad input: malformed requests, database outages, the health check, the logs."""

import json
import logging
import socket
import sys
from http import HTTPStatus
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connection, connections
from django.test import RequestFactory

from zentralasien.logs import JsonFormatter
from zentralasien.views import server_error

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def database_refuses():
    """Every new query fails as if the database server refused the connection."""
    return mock.patch.object(
        type(connections["default"]),
        "ensure_connection",
        side_effect=OperationalError("connection refused"),
    )


@pytest.mark.parametrize(
    "query",
    ["q=%00", "q=a%00b", "page=1&x%00=1", "q=%ff", "q=%C3%28", "q=%ED%A0%80"],
)
def test_nul_or_invalid_utf8_in_query_string_is_refused(client, query):
    assert client.get(f"/?{query}").status_code == HTTPStatus.BAD_REQUEST


def test_nul_in_path_is_refused(client):
    assert client.get("/organisations/a%00b/").status_code == HTTPStatus.BAD_REQUEST


def test_form_in_undeclared_charset_is_refused_without_server_error(client):
    response = client.post(
        "/",
        b"q=%ff%fe",
        content_type="application/x-www-form-urlencoded; charset=koi8-r",
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_nul_in_cookie_is_refused(client):
    response = client.get("/", headers={"cookie": "sessionid=abc\x00def"})
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_unknown_method_is_not_allowed(client):
    response = client.generic("PROPFIND", "/")
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert "GET" in response["Allow"]


def test_ordinary_unicode_query_is_accepted(client):
    response = client.get("/de/?q=%D0%9E%D0%B1%D1%89%D0%B5%D1%81%D1%82%D0%B2%D0%BE+K%C3%B6ln")
    assert response.status_code == HTTPStatus.OK


def test_health_check_reports_database_and_cache_and_nothing_else(client):
    response = client.get("/healthz")
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "ok", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_health_check_answers_probes_by_ip_address(client):
    response = client.get("/healthz", headers={"host": "10.1.2.3:8000"})
    assert response.status_code == HTTPStatus.OK


def test_health_check_reports_unavailable_database(client):
    with database_refuses():
        response = client.get("/healthz")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json() == {"status": "unavailable", "cache": "ok"}


def test_database_failure_gives_maintenance_page_with_503(client):
    with database_refuses():
        response = client.get("/de/")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == "60"
    assert "Vorübergehend nicht erreichbar" in response.text
    assert "connection refused" not in response.text


def test_database_failure_outside_a_view_gives_maintenance_page():
    request = RequestFactory().get("/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE


def test_other_server_errors_keep_the_500_page():
    request = RequestFactory().get("/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR


@pytest.fixture
def closed_port():
    """A local TCP port on which nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="an SQLite file has no server that can go down")
@pytest.mark.django_db(transaction=True)
def test_site_answers_503_while_database_is_down_and_recovers_by_itself(client, closed_port):
    assert client.get("/de/").status_code == HTTPStatus.OK
    real = connection.settings_dict.copy()
    connection.close()  # the database server goes away ...
    connection.settings_dict.update(HOST="127.0.0.1", PORT=closed_port)
    try:
        down = client.get("/de/")
        health = client.get("/healthz")
    finally:
        connection.settings_dict.update(real)  # ... and comes back
    assert down.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "Vorübergehend nicht erreichbar" in down.text
    assert health.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert client.get("/de/").status_code == HTTPStatus.OK


@pytest.mark.skipif(not ON_POSTGRESQL, reason="statement timeouts are a PostgreSQL setting")
def test_statement_timeout_is_set_and_surfaces_as_operational_error():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == ("15s",)
        cursor.execute("SET LOCAL statement_timeout = '50ms'")
        with pytest.raises(OperationalError):
            cursor.execute("SELECT pg_sleep(1)")


def test_json_formatter_writes_one_object_with_the_extra_fields():
    record = logging.makeLogRecord(
        {"name": "x", "levelname": "INFO", "msg": "GET %s", "args": ("/",), "status": 200}
    )
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "GET /"
    assert entry["status"] == 200
    assert entry["level"] == "INFO"


def test_json_formatter_includes_the_exception():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, __file__, 1, "failed", (), exc_info=sys.exc_info()
        )
    entry = json.loads(JsonFormatter().format(record))
    assert "ValueError: boom" in entry["exception"]


def test_request_is_logged_without_query_string(client, caplog):
    with caplog.at_level(logging.INFO, logger="zentralasien.requests"):
        client.get("/de/?q=Maria+Musterfrau")
    (record,) = [r for r in caplog.records if r.name == "zentralasien.requests"]
    assert (record.method, record.path, record.status) == ("GET", "/de/", HTTPStatus.OK)
    assert record.duration_ms >= 0
    assert "Musterfrau" not in JsonFormatter().format(record)


def test_database_outage_is_logged_as_error(client, caplog):
    with database_refuses():
        client.get("/de/")
    assert any(
        r.levelno == logging.ERROR and r.name == "zentralasien.middleware" for r in caplog.records
    )
