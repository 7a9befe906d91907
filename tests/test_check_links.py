"""check_links: every public address checked politely against a local test server (never the
internet), and the answer recorded per address."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from directory.curation import linkcheck
from directory.management.commands.check_links import default_contact_url
from directory.models import LinkCheck
from tests.factories import OrganisationFactory, TwinningFactory

pytestmark = pytest.mark.django_db

USER_AGENT = "Zentralasien-Verzeichnis-Linkpruefung/1.0 (+https://example.org/about/)"
SLOW_SECONDS = 3


class Handler(BaseHTTPRequestHandler):
    """/ok 200, /missing 404, /no-head 405 on HEAD and 200 on GET, /slow answers too late,
    /moved redirects to /ok. Remembers every request's method, path and user agent."""

    def _answer(self) -> None:
        self.server.seen.append((self.command, self.path, self.headers.get("User-Agent")))
        if self.path == "/slow":
            time.sleep(SLOW_SECONDS)
        status, headers = {
            "/ok": (200, {}),
            "/no-head": (405 if self.command == "HEAD" else 200, {}),
            "/moved": (301, {"Location": "/ok"}),
            "/slow": (200, {}),
        }.get(self.path, (404, {}))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.seen = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.url = f"http://127.0.0.1:{httpd.server_port}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def check(url: str) -> linkcheck.Result:
    return linkcheck.check_url(url, timeout=1, user_agent=USER_AGENT)


def test_a_reachable_address_is_ok_after_a_head_request_only(server):
    result = check(f"{server.url}/ok")
    assert (result.ok, result.status_code) == (True, 200)
    assert [method for method, _, _ in server.seen] == ["HEAD"]


def test_a_missing_page_is_broken_with_its_status(server):
    result = check(f"{server.url}/missing")
    assert (result.ok, result.status_code) == (False, 404)
    assert "404" in result.error


def test_a_server_refusing_head_is_asked_again_with_get(server):
    result = check(f"{server.url}/no-head")
    assert (result.ok, result.status_code) == (True, 200)
    assert [method for method, _, _ in server.seen] == ["HEAD", "GET"]


def test_a_redirect_is_followed_with_the_same_method(server):
    result = check(f"{server.url}/moved")
    assert (result.ok, result.status_code) == (True, 200)
    assert [(m, p) for m, p, _ in server.seen] == [("HEAD", "/moved"), ("HEAD", "/ok")]


def test_a_server_answering_too_late_is_broken_within_the_time_limit(server):
    started = time.monotonic()
    result = check(f"{server.url}/slow")
    assert time.monotonic() - started < SLOW_SECONDS - 0.5
    assert (result.ok, result.error) == (False, "timed out")


def test_a_refused_connection_is_broken_with_the_reason(server):
    port = server.server_port
    server.shutdown()
    server.server_close()
    result = check(f"http://127.0.0.1:{port}/ok")
    assert result.ok is False
    assert result.status_code is None
    assert result.error


def test_every_request_names_the_site_and_a_contact_address(server):
    check(f"{server.url}/no-head")
    assert {agent for _, _, agent in server.seen} == {USER_AGENT}


def test_addresses_are_checked_at_most_workers_at_a_time(server):
    urls = [f"{server.url}/slow"] * 4
    started = time.monotonic()
    linkcheck.check_urls(urls, user_agent=USER_AGENT, timeout=0.5, workers=2)
    # Two rounds of two timeouts each: concurrent, but never more than two at once.
    assert 0.9 < time.monotonic() - started < 2 * 0.5 + 1


def test_command_records_each_public_address_once_and_prints_a_summary(server):
    OrganisationFactory(website=f"{server.url}/ok", source=f"Satzung: {server.url}/missing.")
    OrganisationFactory(website=f"{server.url}/ok", source="Telefonat mit dem Vorstand")
    TwinningFactory(source=f"{server.url}/no-head")
    OrganisationFactory(website=f"{server.url}/draft-only", draft=True)
    out = StringIO()

    call_command("check_links", "--timeout=1", "--contact-url=https://example.org/", stdout=out)

    checks = {c.url.removeprefix(server.url): c for c in LinkCheck.objects.all()}
    assert set(checks) == {"/ok", "/missing", "/no-head"}
    assert (checks["/missing"].is_ok, checks["/missing"].status_code) == (False, 404)
    assert checks["/ok"].is_ok
    assert checks["/ok"].check_count == 1
    assert out.getvalue().strip().startswith("Checked 3 addresses in ")
    assert out.getvalue().strip().endswith("2 reachable, 1 broken.")
    assert len(out.getvalue().strip().splitlines()) == 1


def test_command_counts_checks_and_forgets_addresses_no_longer_shown(server):
    organisation = OrganisationFactory(website=f"{server.url}/missing")
    call_command("check_links", "--timeout=1", "--contact-url=https://e.org/", stdout=StringIO())
    organisation.website = f"{server.url}/ok"
    organisation.save()
    call_command("check_links", "--timeout=1", "--contact-url=https://e.org/", stdout=StringIO())
    call_command("check_links", "--timeout=1", "--contact-url=https://e.org/", stdout=StringIO())

    assert list(LinkCheck.objects.values_list("url", "is_ok", "check_count")) == [
        (f"{server.url}/ok", True, 2)
    ]


def test_command_refuses_to_run_without_a_contact_address(settings):
    settings.LINK_CHECK_CONTACT_URL = ""
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    with pytest.raises(CommandError, match="LINK_CHECK_CONTACT_URL"):
        call_command("check_links", stdout=StringIO())


def test_command_rejects_a_non_positive_timeout():
    with pytest.raises(CommandError, match="timeout"):
        call_command("check_links", "--timeout=0", "--contact-url=https://e.org/")


def test_user_agent_contact_defaults_to_the_about_page_of_the_site(settings):
    settings.LINK_CHECK_CONTACT_URL = ""
    settings.ALLOWED_HOSTS = ["localhost", "zentralasien.example.org"]
    assert default_contact_url() == "https://zentralasien.example.org/de/about/"
