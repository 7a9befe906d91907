"""Template tags for machine-readable pages: absolute URLs and JSON-LD blocks.

A ``<script type="application/ld+json">`` block is data, not a script: browsers never run it,
so a Content-Security-Policy's ``script-src`` does not apply to it (HTML spec, "prepare the
script element": data blocks return before the CSP inline check). Checked in Chromium with
``script-src 'self'``: the plain inline script beside it is reported, the ld+json block is
not. The JSON is escaped like
Django's ``json_script`` so that no text inside can close the element.
"""

import json

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from directory.opendata.linkeddata import (
    call_jsonld,
    event_jsonld,
    organisation_jsonld,
    programme_jsonld,
)

register = template.Library()

_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def jsonld_script(data: dict) -> SafeString:
    text = json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """``{% absolute_url organisation.get_absolute_url %}`` → https://host/organisations/…/"""
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def organisation_jsonld_script(context, organisation) -> SafeString:
    """``{% organisation_jsonld_script organisation %}``: the schema.org Organization block."""
    return jsonld_script(organisation_jsonld(organisation, context["request"].build_absolute_uri))


@register.simple_tag(takes_context=True)
def json_url(context, entry) -> str:
    """The absolute URL of an organisation's or twinning's JSON record."""
    path = reverse(f"data:{entry._meta.model_name}-json", kwargs={"slug": entry.slug})
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def export_url(context, kind: str, fmt: str) -> str:
    """The download of the current list: ``{% export_url "organisation" "csv" %}`` keeps the
    list's query string (search, filters, sort) and drops only the page number. The XLSX
    download also carries the page language (``lang``), for its column headings."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    params.pop("lang", None)
    if fmt == "xlsx":
        params["lang"] = get_language()
    url = reverse(f"data:{kind}-export", kwargs={"fmt": fmt})
    return f"{url}?{params.urlencode()}" if params else url


@register.simple_tag(takes_context=True)
def funding_jsonld_script(context, entry) -> SafeString:
    """``{% funding_jsonld_script programme %}``: MonetaryGrant (programme, call) or Event."""
    describe = {
        "programme": programme_jsonld,
        "call": call_jsonld,
        "event": event_jsonld,
    }[entry._meta.model_name]
    return jsonld_script(describe(entry, context["request"].build_absolute_uri))
