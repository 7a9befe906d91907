"""Organisation and twinning detail pages show everything public, and nothing else."""

import datetime
from collections import defaultdict

import pytest
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from directory.views import organisations as organisation_views
from tests.factories import (
    CooperationFieldFactory,
    CountryFactory,
    GermanPlaceFactory,
    OrganisationFactory,
    PartnerRequestFactory,
    PlaceAliasFactory,
    SourceFactory,
    TwinningFactory,
)

pytestmark = pytest.mark.django_db


def test_organisation_page_shows_contact_countries_fields_and_verification(client):
    organisation = OrganisationFactory(
        name="Deutsch-Kasachische Gesellschaft",
        acronym="DKG",
        website="https://dekasges.example/",
        email="info@dekasges.example",
        founded_year=1992,
        seat=GermanPlaceFactory(name="Berlin"),
        countries=[CountryFactory(code="KZ")],
        fields=[CooperationFieldFactory(slug="culture", name="Kultur")],
        last_verified=datetime.date(2026, 3, 1),
        source="https://dekasges.example/portrait",
    )
    text = client.get(organisation.get_absolute_url()).text
    expected = [
        "Deutsch-Kasachische Gesellschaft",
        "(DKG)",
        'href="https://dekasges.example/"',
        'href="mailto:info@dekasges.example"',
        "1992",
        "Berlin",
        "Kasachstan",
        "Kultur",
        "2026",
        'href="https://dekasges.example/portrait"',
    ]
    for fragment in expected:
        assert fragment in text
    assert text.count("<h1") == 1


def test_organisation_page_hides_the_internal_note(client):
    organisation = OrganisationFactory(internal_note="Nur für Kuratoren")
    assert "Nur für Kuratoren" not in client.get(organisation.get_absolute_url()).text


def test_organisation_page_lists_published_networks_members_and_twinnings_only(client):
    organisation = OrganisationFactory()
    network, hidden_network = (
        OrganisationFactory(name="Netzwerk"),
        OrganisationFactory(name="Geheimes Netzwerk", draft=True),
    )
    organisation.networks.set([network, hidden_network])
    member = OrganisationFactory(name="Mitglied")
    member.networks.add(organisation)
    TwinningFactory(german_place__name="Bonn", organisations=[organisation])
    TwinningFactory(german_place__name="Entwurfstadt", organisations=[organisation], draft=True)
    text = client.get(organisation.get_absolute_url()).text
    assert "Netzwerk" in text
    assert "Mitglied" in text
    assert "Bonn" in text
    assert "Geheimes Netzwerk" not in text
    assert "Entwurfstadt" not in text


def test_organisation_pages_skipping_relations_without_rows_equal_pages_reading_them_all(
    client, monkeypatch
):
    """The page reads networks, members, twinnings, sources and partner requests only for
    organisations with rows there (``linked``): every page equals the one that reads them all."""
    network, draft_network = OrganisationFactory(kind="network"), OrganisationFactory(draft=True)
    member, draft_member, carrier, draft_carrier, cited, poster, draft_poster, plain = (
        OrganisationFactory.create_batch(8)
    )
    member.networks.set([network])
    draft_member.networks.set([draft_network])
    TwinningFactory(organisations=[carrier])
    TwinningFactory(organisations=[draft_carrier], draft=True)
    SourceFactory(organisation=cited, title="Eine Quelle")
    PartnerRequestFactory(poster_organisation=poster, public=True, title="Gesucht: Schule")
    PartnerRequestFactory(poster_organisation=draft_poster)  # submitted, not yet public
    organisations = [network, member, draft_member, carrier, draft_carrier, cited, poster]
    organisations += [draft_poster, plain]

    def pages() -> dict[str, str]:
        return {o.name: client.get(o.get_absolute_url()).text for o in organisations}

    skipping = pages()
    monkeypatch.setattr(
        organisation_views, "linked", lambda index: defaultdict(lambda: index.everything)
    )

    assert skipping == pages()
    assert all(
        text in skipping[o.name]
        for o, text in [(member, network.name), (network, member.name), (cited, "Eine Quelle")]
    )
    assert "Gesucht: Schule" in skipping[poster.name]


def test_an_organisation_page_compiles_no_query_for_relations_it_has_no_rows_in(
    client, monkeypatch
):
    """Relations without rows are filled as a prefetch fills them: reading them compiles no
    SQL (a bare ``none()`` is compiled, and found empty, on every read)."""
    organisation = OrganisationFactory()  # no networks, members, twinnings, sources, requests
    client.get(organisation.get_absolute_url())  # the index and what it keeps
    compiled = []
    execute_sql = SQLCompiler.execute_sql

    def counting(compiler, *args, **kwargs):
        compiled.append(compiler.query.model)
        return execute_sql(compiler, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "execute_sql", counting)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(organisation.get_absolute_url() + "?again")

    assert response.status_code == 200
    assert len(compiled) == len(queries) == 2  # the entry; the version with the vocabulary


def test_twinning_page_shows_places_other_spellings_and_carriers(client):
    carrier = OrganisationFactory(name="Partnerschaftsverein")
    twinning = TwinningFactory(
        german_place__name="Berlin",
        central_asian_place__name="Taschkent",
        established_year=1993,
        organisations=[carrier, OrganisationFactory(name="Entwurfsverein", draft=True)],
    )
    PlaceAliasFactory(place=twinning.central_asian_place, name="Ташкент", language="ru")
    text = client.get(twinning.get_absolute_url()).text
    for fragment in ["Berlin – Taschkent", "1993", "Partnerschaftsverein"]:
        assert fragment in text
    assert '<span lang="ru">Ташкент</span>' in text
    assert "Entwurfsverein" not in text
    assert text.count("<h1") == 1


def test_user_text_is_escaped(client):
    organisation = OrganisationFactory(name="<script>alert(1)</script>")
    text = client.get(organisation.get_absolute_url()).text
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;" in text
