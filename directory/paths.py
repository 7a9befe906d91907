"""Paths of entries: by slug, reversed once per URL name and language, not once per entry.

A list page links 25 entries and an export names two URLs per row; ``reverse()`` took 15 % of an
export's time. Slugs need no quoting (the ``slug`` path converter takes only ``[-a-zA-Z0-9_]``),
so putting one into a path reversed with a placeholder gives exactly what ``reverse()`` gives.
"""

import re
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

PLACEHOLDER = "slug-placeholder"
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@lru_cache(maxsize=256)
def _around(view_name: str, language: str | None, prefix: str, urlconf: str) -> tuple[str, str]:
    """The path of ``view_name`` before and after its slug."""
    path = reverse(view_name, kwargs={"slug": PLACEHOLDER}, urlconf=urlconf)
    head, _, tail = path.partition(PLACEHOLDER)
    return head, tail


def slug_path(view_name: str, slug: str) -> str:
    """``reverse(view_name, kwargs={"slug": slug})`` for a URL whose only argument is a slug."""
    if not SLUG.fullmatch(slug):  # not a slug: let reverse() refuse it as it would
        return reverse(view_name, kwargs={"slug": slug})
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    head, tail = _around(view_name, get_language(), get_script_prefix(), urlconf)
    return head + slug + tail


def slug_paths(view_name: str) -> Callable[[str], str]:
    """``slug_path`` for many slugs of one view: the URL configuration and language are looked
    up once (a download names two paths per row)."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    head, tail = _around(view_name, get_language(), get_script_prefix(), urlconf)

    def path(slug: str) -> str:
        if not SLUG.fullmatch(slug):
            return reverse(view_name, kwargs={"slug": slug})
        return head + slug + tail

    return path


def country_path(code: str) -> str:
    """The page of the country with ISO code ``code`` (its URL takes the code in lower case)."""
    return reverse("directory:country-detail", kwargs={"code": code.lower()})
