"""Hostile requests to every public URL: never a server error, always a sensible answer.

A seeded generator (the same requests on every run) sends FUZZ_REQUESTS requests (default 5,000)
with hostile paths, query strings, headers, methods and form bodies. URLs come from the URLconf,
so pages added later are covered without editing this file. A larger run:

    FUZZ_REQUESTS=50000 FUZZ_SEED=7 .venv/bin/python -m pytest tests/test_fuzz.py -s
"""

import os
import random
import re
import sys
import warnings
from collections import Counter
from http import HTTPStatus
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings
from django.core.signals import got_request_exception
from django.template import TemplateDoesNotExist
from django.test import Client
from django.urls import LocalePrefixPattern, URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from directory.models import CooperationField, Country, Organisation, Place, Twinning
from tests.factories import (
    CountryFactory,
    OrganisationFactory,
    PlaceAliasFactory,
    TwinningFactory,
)

pytestmark = pytest.mark.django_db

SEED = int(os.environ.get("FUZZ_SEED", "20261125"))
REQUESTS = int(os.environ.get("FUZZ_REQUESTS", "5000"))

# Paths hit besides those found in the URLconf.
KNOWN_PATHS = [
    "/", "/healthz", "/robots.txt", "/static/css/site.css", "/favicon.ico", "/api/",
    f"/{settings.ADMIN_URL}login/", f"/{settings.ADMIN_URL}",
]  # fmt: skip

PARAMETER_NAMES = [
    "q", "page", "country", "field", "kind", "status", "sort", "order", "per_page", "format",
    "lang", "state", "federal_state", "place", "year", "network", "letter", "limit", "offset",
    "cursor", "ordering", "search", "next", "csrfmiddlewaretoken", "name", "email", "message",
    "username", "password",
]  # fmt: skip

MARKUP = "<script>alert(1)</script>"
HOSTILE_VALUES = [
    "", " ", "a", "x" * 10_000, "a\x00b", "\x00",
    "' OR '1'='1", "1; DROP TABLE directory_organisation; --",
    '" UNION SELECT password FROM auth_user --',
    "{{ settings.SECRET_KEY }}", "{% debug %}", "${7*7}", "<%= 7*7 %>", "%s%s%s%n", "{0}", "%(x)s",
    MARKUP, '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
    "0", "-1", "1.5", "1e309", "NaN", "abc", "999999999", "9" * 400, str(2**64), "0x10", "١٢٣", "²",
    "last", " 2", "２",
    "Общество", "Köln", "ÖSTERREICH", "\u202eevil", "\ufeffbom", "e\u0301", "🇰🇿", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "../../etc/passwd", "..\\..\\boot.ini", "//evil.example", "https://evil.example/",
    "\r\nSet-Cookie: x=1", "%", "_", "%_%", ".*", "(a+)+$", "[", "\\", "'", '"', ";", "--",
    '{"a": [1, 2]}', "[]", "null", "true",
    "KZ", "kz", "DE", "published", "draft", "active", "ended",
]  # fmt: skip

# Raw, already percent-encoded fragments: NUL, invalid and overlong UTF-8, encoded surrogates.
RAW_FRAGMENTS = ["%00", "%ff", "%C3%28", "%C0%AE", "%E0%80%AF", "%ED%A0%80", "%", "%zz", "%%", "%2"]
PATH_GARBAGE = [
    "does-not-exist", "a" * 300, "%00", "%ff", "%C3%28", "..%2f..%2fetc%2fpasswd", "%2e%2e",
    "x%20y", "%D0%BE%D0%B1", "1", "0", "-", "__", "KZ%00", "%3Cscript%3E",
]  # fmt: skip

METHODS = ["GET"] * 11 + ["HEAD"] * 2 + ["POST"] * 4 + [
    "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "FOO", "get", "X" * 50,
]  # fmt: skip

HEADERS = {
    "accept-language": ["de", "ru-RU,ru;q=0.9", "zz-ZZ", "*", "de;q=abc", "x" * 5000, "en-\x00"],
    "accept": ["*/*", "application/json", "text/html;q=abc", "x" * 2000],
    "user-agent": ["Mozilla/5.0", "", "sqlmap/1.0", "x" * 8000],
    "referer": ["https://evil.example/", "not a url", "javascript:alert(1)"],
    "cookie": [
        "sessionid=garbage", "sessionid=" + "a" * 5000, "csrftoken=short", "django_language=xx",
        "sessionid=abc\x00", "=; ;=;", "sessionid=" + quote(MARKUP),
    ],
    "x-forwarded-for": ["1.2.3.4", "999.1.1.1, ::1", "garbage", ""],
    "x-forwarded-proto": ["https", "gopher"],
    "if-modified-since": ["yesterday", "Mon, 01 Jan 1990 00:00:00 GMT"],
    "if-none-match": ['"x"', "*"],
    "range": ["bytes=0-1", "bytes=garbage"],
    "host": ["testserver", "evil.example", "testserver:99999", "[::1", "x" * 300],
}  # fmt: skip

CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=xyz",
    "multipart/form-data",
    "application/json",
    "text/plain",
    "application/x-www-form-urlencoded; charset=koi8-r",
    "garbage",
]

PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def public_routes(patterns=None, prefix=""):
    """Every route outside the admin, as a string like ``organisations/<slug:slug>/``."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            if isinstance(entry.pattern, RoutePattern):
                yield from public_routes(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry.pattern, LocalePrefixPattern):  # /de/… (the default language)
                yield from public_routes(entry.url_patterns, prefix + entry.pattern.language_prefix)
        elif isinstance(entry, URLPattern) and isinstance(entry.pattern, RoutePattern):
            yield prefix + str(entry.pattern)


def real_values():
    """URL parameter values that name real (and draft) objects."""
    slugs = [
        *Organisation.objects.values_list("slug", flat=True),
        *Twinning.objects.values_list("slug", flat=True),
        *CooperationField.objects.values_list("slug", flat=True),
        *Place.objects.values_list("slug", flat=True),
    ]
    codes = list(Country.objects.values_list("code", flat=True))
    return {"slug": slugs, "code": codes + [code.lower() for code in codes]}


class RequestGenerator:
    def __init__(self, rng, routes, values):
        self.rng = rng
        self.routes = routes
        self.values = values

    def path(self):
        route = self.rng.choice(self.routes)

        def fill(match):
            if self.rng.random() < 0.6:
                real = self.values.get(match["name"]) or self.values["slug"]
                return quote(self.rng.choice(real))
            return self.rng.choice(PATH_GARBAGE)

        path = "/" + PARAMETER.sub(fill, route)
        if self.rng.random() < 0.05:
            path = path.rstrip("/") + self.rng.choice(["", "/extra/", "%00/", "//", "/%ff"])
        return path

    def value(self):
        if self.rng.random() < 0.03:  # rarely: most requests should get past the input guard
            return self.rng.choice(RAW_FRAGMENTS)
        return quote(self.rng.choice(HOSTILE_VALUES), safe="")

    def query_string(self):
        if self.rng.random() < 0.05:
            return self.rng.choice(["&&&", "==", "a&&b==c", "%00=%00", "page", "q=" + "%ff" * 50])
        pairs = []
        for _ in range(self.rng.randrange(0, 6)):
            key = self.rng.choice(PARAMETER_NAMES) if self.rng.random() < 0.85 else self.value()
            for _ in range(self.rng.choice([1, 1, 1, 2, 5])):  # repeated parameters
                pairs.append(f"{key}={self.value()}")
        return "&".join(pairs)

    def headers(self):
        chosen = self.rng.sample(sorted(HEADERS), self.rng.randrange(0, 4))
        # A WSGI server hands header values over as bytes read as Latin-1.
        return {name: self.rng.choice(HEADERS[name]).encode().decode("latin-1") for name in chosen}

    def body(self, content_type):
        if content_type.startswith("application/x-www-form-urlencoded"):
            return "&".join(
                f"{self.rng.choice(PARAMETER_NAMES)}={self.value()}"
                for _ in range(self.rng.randrange(0, 8))
            ).encode()
        return self.rng.choice(
            [
                b"",
                b'{"q": "\\u0000", "page": 99999999999}',
                b'--xyz\r\nContent-Disposition: form-data; name="q"\r\n\r\na\x00b\r\n--xyz--\r\n',
                b"--xyz\r\ngarbage",
                bytes(self.rng.randrange(256) for _ in range(200)),
                "Общество".encode("koi8-r"),
            ]
        )

    def request(self):
        method = self.rng.choice(METHODS)
        path = self.path() if self.rng.random() < 0.9 else self.rng.choice(KNOWN_PATHS)
        query = self.query_string()
        url = f"{path}?{query}" if query else path
        kwargs = {"headers": self.headers(), "secure": self.rng.random() < 0.5}
        if method in {"POST", "PUT", "PATCH"}:
            kwargs["content_type"] = self.rng.choice(CONTENT_TYPES)
            kwargs["data"] = self.body(kwargs["content_type"])
        return method, url, kwargs


@pytest.fixture
def directory_content():
    kazakhstan = CountryFactory(code="KZ")
    for number in range(30):  # more than one page of organisations
        OrganisationFactory(name=f"Verein {number}", countries=[kazakhstan])
    OrganisationFactory(draft=True)
    twinning = TwinningFactory()
    TwinningFactory(draft=True)
    PlaceAliasFactory(place=twinning.central_asian_place)


def routes_that_render(client, routes, values):
    """Leave out pages whose templates another branch is still writing, with a warning.

    A route with a parameter is tried with real values until one names an existing object.
    """
    rendering = []
    for route in routes:
        parameter = PARAMETER.search(route)
        candidates = (values.get(parameter["name"]) or values["slug"]) if parameter else [""]
        try:
            for value in candidates:
                path = "/" + PARAMETER.sub(lambda match, value=value: value, route)
                if client.get(path).status_code != HTTPStatus.NOT_FOUND:
                    break
        except TemplateDoesNotExist as missing:
            warnings.warn(f"fuzz test leaves out {route}: no template {missing}", stacklevel=1)
            continue
        rendering.append(route)
    return rendering


def is_sensible(method, response):
    """Why the answer is not sensible, or ``""``."""
    status = response.status_code
    if status >= HTTPStatus.INTERNAL_SERVER_ERROR:
        return f"status {status}"
    if not response.streaming:
        body = response.content
        if b"Traceback" in body or settings.SECRET_KEY.encode() in body:
            return "leaks internals"
        # Markup matters only where a browser renders it: JSON (sent with nosniff) is data.
        if MARKUP.encode() in body and response.get("Content-Type", "").startswith("text/html"):
            return "reflects markup unescaped"
        no_body_expected = method == "HEAD" or status in (
            HTTPStatus.NOT_MODIFIED,
            HTTPStatus.METHOD_NOT_ALLOWED,  # Django's answer is empty, with an Allow header
        )
        if status >= HTTPStatus.BAD_REQUEST and not body and not no_body_expected:
            return "empty error page"
    if HTTPStatus.MULTIPLE_CHOICES <= status < HTTPStatus.BAD_REQUEST and status != 304:
        location = response.get("Location", "")
        if not location or urlsplit(location).netloc not in ("", "testserver"):
            return f"redirect to {location!r}"
    return ""


def test_hostile_requests_never_cause_server_errors(directory_content):
    values = real_values()
    probe = Client()
    routes = routes_that_render(probe, sorted(set(public_routes())), values)
    assert "de/" in routes  # the home page at least

    errors = []

    def remember(sender, request=None, **kwargs):
        errors.append(repr(sys.exc_info()[1]))

    got_request_exception.connect(remember)
    clients = [Client(raise_request_exception=False), Client(enforce_csrf_checks=True)]
    clients[1].raise_request_exception = False
    generator = RequestGenerator(random.Random(SEED), routes, values)
    statuses = Counter()
    failures = []
    try:
        for _ in range(REQUESTS):
            method, url, kwargs = generator.request()
            response = generator.rng.choice(clients).generic(method, url, **kwargs)
            statuses[response.status_code] += 1
            if problem := is_sensible(method, response):
                failures.append(f"{method} {url[:200]!r}: {problem} {errors[-1:] or ''}")
    finally:
        got_request_exception.disconnect(remember)

    seen = dict(sorted(statuses.items()))
    print(f"\nfuzz: seed {SEED}, {REQUESTS} requests, {len(routes)} routes, statuses {seen}")
    assert not failures, f"{len(failures)} bad answers, e.g.:\n" + "\n".join(failures[:15])
