"""Production mode: the real settings module with production-like environment variables.

Each test starts a fresh Python process, because settings are read once at start-up.
"""

import json
import os
import secrets
import subprocess
import sys
from http import HTTPStatus

import pytest
from django.conf import settings

# Environment variables of the developer's or CI's shell that would change the outcome.
CONFIGURATION_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SITE_URL",
    "DATABASE_URL",
    "ADMIN_URL",
    "STATIC_ROOT",
    "BEHIND_TLS_PROXY",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "DJANGO_SETTINGS_MODULE",
)


@pytest.fixture
def production_env(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in CONFIGURATION_VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="zentralasien.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="example.org",
        SITE_URL="https://example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        OPERATOR_NAME="Verein e.V.",
        OPERATOR_ADDRESS="Straße 1; 10115 Berlin",
        OPERATOR_EMAIL="kontakt@verein.example",
        OPERATOR_RESPONSIBLE_PERSON="Vorstand",
        OPERATOR_SUPERVISORY_AUTHORITY="Datenschutzbehörde",
    )
    return env


def run(env, *args):
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_reports_no_issues(production_env):
    result = run(production_env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_without_operator_details(production_env):
    del production_env["OPERATOR_EMAIL"]
    result = run(production_env, "manage.py", "check", "--deploy")
    assert result.returncode != 0
    assert "OPERATOR_EMAIL" in result.stderr + result.stdout


def test_site_refuses_to_start_without_secret_key(production_env):
    del production_env["SECRET_KEY"]
    result = run(production_env, "-c", "import zentralasien.wsgi")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_deploy_check_fails_without_secret_key(production_env):
    del production_env["SECRET_KEY"]
    result = run(production_env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


def test_migration_check_runs_without_secret_key(production_env):
    """Commands that sign nothing need no key: ``makemigrations --check`` in a bare shell."""
    del production_env["SECRET_KEY"]
    result = run(production_env, "manage.py", "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_admin_lives_under_the_configured_path(production_env):
    production_env["ADMIN_URL"] = "/kuratoren-7f3a/"
    script = (
        "import django; django.setup(); "
        "from django.urls import reverse; print(reverse('admin:index'))"
    )
    result = run(production_env, "-c", script)
    assert result.stdout.strip() == "/kuratoren-7f3a/", result.stderr


GET_PAGE = """
import json, sys, django
django.setup()
from django.test import Client
response = Client().get(sys.argv[1], secure=sys.argv[2] == "https", headers={"host": "example.org"})
result = {"status": response.status_code, "headers": dict(response.headers)}
print("RESULT", json.dumps(result))
"""


@pytest.fixture
def production_get(production_env):
    """GET a page from the production configuration, static files collected as in production."""
    collected = run(production_env, "manage.py", "collectstatic", "--no-input")
    assert collected.returncode == 0, collected.stderr

    def get(path, scheme="https"):
        result = run(production_env, "-c", GET_PAGE, path, scheme)
        assert result.returncode == 0, result.stderr
        # The request log also goes to stdout, one JSON line per request.
        line = next(line for line in result.stdout.splitlines() if line.startswith("RESULT "))
        return json.loads(line.removeprefix("RESULT "))

    return get


def test_public_page_has_every_security_header_in_production(production_get):
    response = production_get("/de/about/")
    headers = response["headers"]
    assert response["status"] == HTTPStatus.OK
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp


def test_plain_http_is_redirected_to_https_in_production(production_get):
    response = production_get("/de/about/", scheme="http")
    assert response["status"] == HTTPStatus.MOVED_PERMANENTLY
    assert response["headers"]["Location"] == "https://example.org/de/about/"


def test_deploy_check_warns_without_site_url(production_env):
    del production_env["SITE_URL"]
    result = run(production_env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "zentralasien.W001" in result.stderr + result.stdout
