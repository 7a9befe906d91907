"""Security in every response: headers, admin login lockout, cookies, no third-party requests."""

import re
import time
from datetime import timedelta
from http import HTTPStatus
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import CuratorFactory, OrganisationFactory, TwinningFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.mark.parametrize("path", ["/de/", "/de/about/", "/does-not-exist/", "/healthz"])
def test_every_response_has_the_security_headers(client, path):
    response = client.get(path, secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_content_security_policy_allows_no_inline_code_and_no_other_hosts(client):
    csp = client.get("/de/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if " " in part.strip())
    assert directives["default-src"] == "'none'"
    for directive in ("script-src", "style-src", "img-src", "font-src", "connect-src"):
        assert directives[directive] == "'self'"


def test_pages_are_not_framed(client):
    assert client.get("/de/").headers["X-Frame-Options"] == "DENY"


def test_admin_login_page_has_no_inline_script_or_style(client):
    html = client.get(reverse("admin:login")).text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html
    assert " style=" not in html


# Resources a page loads by itself (not links a visitor may follow).
EXTERNAL_RESOURCE = re.compile(
    r"<(?:script|img|iframe|link|source|video|audio|embed|object)\b[^>]*"
    # The site's own absolute addresses (hreflang alternates, canonical) load nothing foreign.
    r"\b(?:src|href|srcset|data)=[\"']?(?:https?:)?//(?!testserver[/:])",
    re.IGNORECASE,
)


@pytest.mark.parametrize("name", ["home", "about", "imprint", "privacy"])
def test_page_loads_nothing_from_other_hosts(client, name):
    OrganisationFactory()
    TwinningFactory()
    html = client.get(reverse(f"directory:{name}")).text
    assert not EXTERNAL_RESOURCE.search(html)


def test_external_resource_pattern_finds_a_cdn_script():
    assert EXTERNAL_RESOURCE.search('<script src="https://cdn.example.org/x.js"></script>')
    assert not EXTERNAL_RESOURCE.search('<a href="https://example.org/">licence</a>')
    assert not EXTERNAL_RESOURCE.search('<link rel="alternate" href="http://testserver/ru/">')


def login(client, username, password, ip="192.0.2.1"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=ip,
    )


def test_curator_logs_in_with_the_right_password(client):
    curator = CuratorFactory()
    response = login(client, curator.username, PASSWORD)
    assert response.status_code == HTTPStatus.FOUND


def test_session_cookie_is_secure_http_only_and_same_site(client):
    curator = CuratorFactory()
    cookie = login(client, curator.username, PASSWORD).cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_account_is_locked_after_repeated_failures_from_many_addresses(client):
    curator = CuratorFactory()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, curator.username, "wrong", ip=f"192.0.2.{attempt + 10}")
    response = login(client, curator.username, PASSWORD, ip="198.51.100.1")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_address_is_locked_after_repeated_failures_for_many_accounts(client):
    curator = CuratorFactory()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"guess{attempt}", "wrong", ip="203.0.113.5")
    response = login(client, curator.username, PASSWORD, ip="203.0.113.5")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_lockout_ends_after_the_cool_off_time(client):
    curator = CuratorFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, curator.username, "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME)
    response = login(client, curator.username, PASSWORD)
    assert response.status_code == HTTPStatus.FOUND


def test_successful_logins_leave_no_address_behind(client):
    curator = CuratorFactory()
    login(client, curator.username, PASSWORD)
    assert not AccessLog.objects.exists()
    assert not AccessAttempt.objects.exists()


def test_expired_failed_logins_are_forgotten_with_their_addresses(client):
    login(client, "someone", "wrong", ip="192.0.2.77")
    login(client, "someone-else", "wrong", ip="192.0.2.78")
    AccessAttempt.objects.filter(ip_address="192.0.2.77").update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    call_command("forget_expired_login_attempts")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["192.0.2.78"]


def test_the_daily_clean_up_forgets_rate_limit_hashes_whose_hour_has_passed():
    from directory.models import RateLimitCounter

    now = int(time.time())
    RateLimitCounter.objects.create(key="expired", hits=1, expires_at=now - 1)
    RateLimitCounter.objects.create(key="current", hits=1, expires_at=now + 3600)
    call_command("forget_expired_login_attempts", stdout=StringIO())
    assert list(RateLimitCounter.objects.values_list("key", flat=True)) == ["current"]


def test_the_site_policy_is_built_once_and_the_same_on_every_page(client, monkeypatch):
    from zentralasien import middleware

    first = client.get("/de/")["Content-Security-Policy"]
    monkeypatch.setattr(middleware, "build_policy", lambda **kwargs: pytest.fail("rebuilt"))

    assert client.get("/de/about/")["Content-Security-Policy"] == first


def test_a_response_with_its_own_policy_keeps_it(rf):
    from django.http import HttpResponse

    from zentralasien.middleware import SitePolicyCSPMiddleware

    response = HttpResponse()
    response._csp_update = {"img-src": ["https://tiles.example.org"]}
    handled = SitePolicyCSPMiddleware(lambda request: response)(rf.get("/de/"))

    assert "https://tiles.example.org" in handled["Content-Security-Policy"]
