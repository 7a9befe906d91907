"""Checking web addresses politely: HEAD first, GET when a server refuses HEAD or fails it;
a time limit per request, a few requests at a time, and a user agent that says who asks.

``check_urls()`` only talks HTTP; ``record()`` stores the results (``LinkCheck``). The
``check_links`` management command joins the two for every public address.
"""

import socket
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from directory.models import LinkCheck

DEFAULT_TIMEOUT = 10.0
DEFAULT_WORKERS = 8
ERROR_MAX_LENGTH = 300
_GET_BYTES_READ = 1024  # enough to know the server answers; the body itself is not needed


@dataclass(frozen=True)
class Result:
    url: str
    status_code: int | None
    ok: bool
    error: str = ""


class _KeepMethodRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects with the same method: urllib would turn a HEAD into a GET."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.method = req.get_method()
        return new


_opener = urllib.request.build_opener(_KeepMethodRedirects)


def _request(url: str, method: str, *, timeout: float, user_agent: str) -> int:
    """The final status code after redirects; raises for errors and statuses of 400 and more."""
    request = urllib.request.Request(url, method=method, headers={"User-Agent": user_agent})
    with _opener.open(request, timeout=timeout) as response:
        if method == "GET":
            response.read(_GET_BYTES_READ)
        return response.status


def _describe(error: Exception) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP {error.code} {error.reason}"
    if isinstance(error, urllib.error.URLError):
        error = error.reason if isinstance(error.reason, Exception) else error
    if isinstance(error, (TimeoutError, socket.timeout)):
        return "timed out"
    return (str(error) or type(error).__name__)[:ERROR_MAX_LENGTH]


def _timed_out(error: Exception) -> bool:
    reason = getattr(error, "reason", error)
    return isinstance(reason, (TimeoutError, socket.timeout))


def check_url(url: str, *, timeout: float, user_agent: str) -> Result:
    """HEAD, then GET if HEAD fails (405/501 and other refusals); a timeout is not retried, so
    one address takes at most ``timeout`` per connection attempt and read."""
    if not url.lower().startswith(("http://", "https://")):
        return Result(url, None, False, "not a web address")
    try:
        return Result(url, _request(url, "HEAD", timeout=timeout, user_agent=user_agent), True)
    except Exception as error:
        if _timed_out(error):
            return Result(url, None, False, _describe(error))
    try:
        return Result(url, _request(url, "GET", timeout=timeout, user_agent=user_agent), True)
    except urllib.error.HTTPError as error:
        return Result(url, error.code, False, _describe(error))
    except Exception as error:
        return Result(url, None, False, _describe(error))


def check_urls(
    urls: Iterable[str],
    *,
    user_agent: str,
    timeout: float = DEFAULT_TIMEOUT,
    workers: int = DEFAULT_WORKERS,
) -> list[Result]:
    """Check ``urls`` with at most ``workers`` requests at a time; results in the given order."""
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(
            pool.map(lambda url: check_url(url, timeout=timeout, user_agent=user_agent), urls)
        )


def record(results: Iterable[Result], *, keep_only_these: bool = False) -> None:
    """Store each result (one row per address); ``keep_only_these`` also forgets addresses
    no entry shows any more, so a corrected link leaves the broken list."""
    now = timezone.now()
    url_max_length = LinkCheck._meta.get_field("url").max_length
    results = [result for result in results if len(result.url) <= url_max_length]
    with transaction.atomic():
        for result in results:
            values = {
                "checked_at": now,
                "status_code": result.status_code,
                "is_ok": result.ok,
                "error": result.error[:ERROR_MAX_LENGTH],
            }
            updated = LinkCheck.objects.filter(url=result.url).update(
                check_count=F("check_count") + 1, **values
            )
            if not updated:
                LinkCheck.objects.create(url=result.url, check_count=1, **values)
        if keep_only_these:
            current = {result.url for result in results}
            gone = [
                pk
                for pk, url in LinkCheck.objects.values_list("pk", "url").iterator()
                if url not in current
            ]
            for start in range(0, len(gone), 500):
                LinkCheck.objects.filter(pk__in=gone[start : start + 500]).delete()
