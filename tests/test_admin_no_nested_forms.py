"""No admin page of the directory nests a <form> inside another.

Browsers drop a nested form (its buttons then submit the outer form, or nothing), so such a
button only looks as if it worked: this test renders every change form, add form and list of
the directory's models as a curator and parses the HTML.
"""

from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import (
    OrganisationFactory,
    PartnerRequestFactory,
    PlaceAliasFactory,
    SuggestionFactory,
    TwinningFactory,
)

pytestmark = pytest.mark.django_db


class FormNesting(HTMLParser):
    """Collects every <form> start tag met while another form is open."""

    def __init__(self):
        super().__init__()
        self.open_forms: list[str] = []
        self.nested: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag != "form":
            return
        description = self.get_starttag_text()
        if self.open_forms:
            self.nested.append(f"{description} inside {self.open_forms[-1]}")
        self.open_forms.append(description)

    def handle_endtag(self, tag):
        if tag == "form" and self.open_forms:
            self.open_forms.pop()


def nested_forms(html: str) -> list[str]:
    parser = FormNesting()
    parser.feed(html)
    parser.close()
    return parser.nested


def test_the_parser_finds_a_nested_form():
    html = '<form id="outer"><p><form id="inner"></form></p></form><form id="after"></form>'
    assert nested_forms(html) == ['<form id="inner"> inside <form id="outer">']


def test_the_parser_accepts_forms_side_by_side():
    assert nested_forms('<form id="a"></form><form id="b"></form>') == []


def _directory_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "directory"
    ]


def _admin_pages():
    """Every list, add form and change form of the directory's models, one object each."""
    OrganisationFactory()
    TwinningFactory()
    PlaceAliasFactory()
    SuggestionFactory()
    PartnerRequestFactory()  # submitted: its page has the accept and reject buttons
    SuggestionFactory(kind="correction", organisation=OrganisationFactory())
    pages = []
    for model, _model_admin in _directory_admins():
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        pages.append(reverse(f"{prefix}_changelist"))
        pages.append(reverse(f"{prefix}_add"))
        pages.extend(reverse(f"{prefix}_change", args=[obj.pk]) for obj in model.objects.all()[:3])
    return pages


def test_every_directory_model_is_covered():
    names = {model._meta.model_name for model, _ in _directory_admins()}
    assert {"organisation", "twinning", "place", "suggestion"} <= names


def test_no_admin_page_of_the_directory_nests_a_form(curator_client):
    checked = 0
    for url in _admin_pages():
        response = curator_client.get(url)
        if response.status_code == HTTPStatus.FORBIDDEN:
            continue  # e.g. adding suggestions: nobody may
        assert response.status_code == HTTPStatus.OK, url
        assert nested_forms(response.text) == [], url
        checked += 1
    assert checked >= 12
