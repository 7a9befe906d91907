"""Organisation and twinning detail pages show everything public, and nothing else."""

import datetime

import pytest

from tests.factories import (
    CooperationFieldFactory,
    CountryFactory,
    GermanPlaceFactory,
    OrganisationFactory,
    PlaceAliasFactory,
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
