"""No admin page of the directory nests a <form> inside another.

Browsers drop a nested form (its buttons then submit the outer form, or nothing), so such a
button only looks as if it worked: these tests render, as a curator, every change form, add form
and list of the directory's models, and the custom pages (the index with its "To verify" panel,
import with and without a preview, verification, history, restore, data quality, and the page of
the "reject selected" action), and parse the HTML.
"""

import re
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
import reversion
from django.contrib import admin
from django.contrib.admin import helpers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reversion.models import Version

from directory.admin import CuratedAdmin
from directory.curation import import_help
from directory.curation.admin_parts import HistoryAdmin, ImportAdminMixin
from tests.factories import (
    CallFactory,
    CountryFactFactory,
    EventFactory,
    OrganisationFactory,
    PartnerRequestFactory,
    PlaceAliasFactory,
    ProgrammeFactory,
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


def _entries():
    """One object of every directory model, each saved in a revision (so it has a history)."""
    with reversion.create_revision():
        OrganisationFactory()  # never verified: it shows in the index's "To verify" panel
        TwinningFactory()
        PlaceAliasFactory()
        CountryFactFactory()
        ProgrammeFactory()
        CallFactory()
        EventFactory()
        for model, model_admin in _directory_admins():
            if isinstance(model_admin, HistoryAdmin):  # seeded countries and fields too
                reversion.add_to_revision(model.objects.first())
    SuggestionFactory()
    PartnerRequestFactory()  # submitted: its page has the accept and reject buttons
    SuggestionFactory(kind="correction", organisation=OrganisationFactory())


def _admin_pages():
    """Every list, add form and change form of the directory's models, up to three objects each."""
    _entries()
    pages = []
    for model, _model_admin in _directory_admins():
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        pages.append(reverse(f"{prefix}_changelist"))
        pages.append(reverse(f"{prefix}_add"))
        pages.extend(reverse(f"{prefix}_change", args=[obj.pk]) for obj in model.objects.all()[:3])
    return pages


def _custom_pages() -> list[str]:
    """The directory's own admin pages that are read with GET: index, import, verification,
    history, restore (one version each), data quality."""
    _entries()
    pages = [reverse("admin:index"), reverse("admin:directory_data_quality")]
    for model, model_admin in _directory_admins():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        entry = model.objects.first()
        if isinstance(model_admin, ImportAdminMixin):
            pages.append(reverse(f"{prefix}_import"))
        if isinstance(model_admin, CuratedAdmin):
            pages.append(reverse(f"{prefix}_verify", args=[entry.pk]))
        if isinstance(model_admin, HistoryAdmin):
            version = Version.objects.get_for_object(entry).first()
            pages.append(reverse(f"{prefix}_history", args=[entry.pk]))
            pages.append(reverse(f"{prefix}_revision", args=[entry.pk, version.pk]))
    return pages


def _import_file(kind: str) -> SimpleUploadedFile:
    """The kind's template with one row of nonsense in every column: a preview full of errors."""
    header = import_help.template_csv(kind).content.decode("utf-8-sig").strip()
    row = ",".join("x" for _ in header.split(","))
    return SimpleUploadedFile(f"{kind}.csv", f"{header}\n{row}\n".encode(), "text/csv")


def _assert_no_nested_form(response, url: str) -> None:
    assert response.status_code == HTTPStatus.OK, url
    assert nested_forms(response.text) == [], url


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


def test_no_custom_admin_page_of_the_directory_nests_a_form(curator_client):
    pages = _custom_pages()
    for url in pages:
        _assert_no_nested_form(curator_client.get(url), url)
    for kind in [r"/verify/$", r"/history/$", r"/history/\d+/$", r"/import/$", r"/data-quality/$"]:
        assert any(re.search(kind, url) for url in pages), kind


def test_the_admin_index_with_its_to_verify_panel_nests_no_form(curator_client):
    OrganisationFactory(name="Nie geprüfter Verein")
    response = curator_client.get(reverse("admin:index"))

    assert 'id="to-verify"' in response.text
    assert "Nie geprüfter Verein" in response.text
    _assert_no_nested_form(response, "admin:index")


def test_no_import_preview_nests_a_form(curator_client):
    checked = 0
    for model, model_admin in _directory_admins():
        if not isinstance(model_admin, ImportAdminMixin):
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_import")
        response = curator_client.post(url, {"file": _import_file(model_admin.import_kind)})
        assert 'id="import-preview"' in response.text, url
        _assert_no_nested_form(response, url)
        checked += 1
    assert checked >= 3


def test_a_valid_import_preview_with_its_confirm_form_nests_no_form(curator_client):
    url = reverse("admin:directory_organisation_import")
    data = "name,kind,countries,publication_status\nFreundeskreis Chudschand,association,TJ,draft\n"
    upload = SimpleUploadedFile("neu.csv", data.encode(), "text/csv")
    response = curator_client.post(url, {"file": upload})

    assert 'id="import-confirm"' in response.text
    _assert_no_nested_form(response, url)


def test_the_reject_selected_page_nests_no_form(curator_client):
    suggestions = [SuggestionFactory(), SuggestionFactory()]
    url = reverse("admin:directory_suggestion_changelist")
    response = curator_client.post(
        url,
        {
            "action": "reject_selected",
            helpers.ACTION_CHECKBOX_NAME: [s.pk for s in suggestions],
            "index": "0",
        },
    )

    assert 'name="apply"' in response.text
    _assert_no_nested_form(response, url)
