"""Sources as data: links with a title and the date read, shown on pages and in records."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from directory.models import Organisation, Source
from tests.factories import OrganisationFactory, SourceFactory, TwinningFactory

pytestmark = pytest.mark.django_db


def test_source_text_that_is_not_a_web_address_is_refused():
    organisation = OrganisationFactory.build(source="Gespräch mit dem Vorstand")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean(exclude=["seat", "slug"])
    assert "source" in error.value.message_dict


def test_web_addresses_typed_as_source_text_become_source_rows():
    organisation = OrganisationFactory()
    organisation.source = "https://a.example/about\n\nhttps://b.example/\nhttps://a.example/about"
    organisation.save()
    organisation.refresh_from_db()
    assert organisation.source == ""
    assert organisation.source_urls() == ["https://a.example/about", "https://b.example/"]


def test_a_source_belongs_to_exactly_one_entry():
    with pytest.raises(IntegrityError):
        Source.objects.create(
            url="https://a.example/",
            organisation=OrganisationFactory(),
            twinning=TwinningFactory(),
        )


def test_detail_page_links_sources_with_title_and_date_read(client):
    organisation = OrganisationFactory()
    SourceFactory(
        organisation=organisation,
        url="https://verein.example/ueber-uns",
        title="Über uns",
        read_on=datetime.date(2026, 11, 29),
    )
    html = client.get(organisation.get_absolute_url()).text
    assert 'href="https://verein.example/ueber-uns"' in html
    assert ">Über uns</a>" in html
    assert "gelesen am 29. November 2026" in html


def test_api_record_carries_source_details(client):
    organisation = OrganisationFactory(slug="verein")
    SourceFactory(
        organisation=organisation,
        url="https://verein.example/",
        title="Startseite",
        read_on=datetime.date(2026, 11, 29),
    )
    record = client.get("/api/organisations/verein/").json()
    assert record["sources"] == ["https://verein.example/"]
    assert record["source_details"] == [
        {"url": "https://verein.example/", "title": "Startseite", "read_on": "2026-11-29"}
    ]


def test_migration_moves_links_and_keeps_other_text_in_the_internal_note():
    migration = importlib.import_module("directory.migrations.0022_sources")
    organisation = OrganisationFactory(last_verified=datetime.date(2026, 1, 5))
    Organisation.objects.filter(pk=organisation.pk).update(
        source="https://a.example/\ngithub:owner/repo (Q1-Q2)"
    )
    migration.move_source_lines(django_apps, None)
    organisation.refresh_from_db()
    assert organisation.source == ""
    assert [(s.url, s.read_on) for s in organisation.sources.all()] == [
        ("https://a.example/", datetime.date(2026, 1, 5))
    ]
    assert "github:owner/repo (Q1-Q2)" in organisation.internal_note
