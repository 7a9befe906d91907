"""The public records: documented field names, published data only."""

import pytest

from directory.models import Organisation, Twinning
from directory.opendata.serializers import ORGANISATIONS, PLACE_FIELDS, TWINNINGS
from tests.factories import (
    CooperationFieldFactory,
    CountryFactory,
    OrganisationFactory,
    TwinningFactory,
)

pytestmark = pytest.mark.django_db


def absolute(path: str) -> str:
    return "https://example.org" + path


def organisation_record(organisation):
    entry = Organisation.objects.for_export().get(pk=organisation.pk)
    return ORGANISATIONS.to_record(entry, absolute)


def twinning_record(twinning):
    return TWINNINGS.to_record(Twinning.objects.for_export().get(pk=twinning.pk), absolute)


def test_organisation_record_has_exactly_the_documented_fields():
    record = organisation_record(OrganisationFactory())
    assert list(record) == [field.name for field in ORGANISATIONS.fields]
    assert list(record["seat"]) == [field.name for field in PLACE_FIELDS]


def test_twinning_record_has_exactly_the_documented_fields():
    record = twinning_record(TwinningFactory())
    assert list(record) == [field.name for field in TWINNINGS.fields]


def test_csv_row_has_exactly_the_csv_columns():
    entry = Organisation.objects.for_export().get(pk=OrganisationFactory(seat=None).pk)
    assert list(ORGANISATIONS.to_row(entry, absolute)) == ORGANISATIONS.csv_columns


def test_record_never_contains_the_internal_note_or_status():
    organisation = OrganisationFactory(internal_note="GEHEIM")
    record = organisation_record(organisation)
    assert "GEHEIM" not in str(record)
    assert "publication_status" not in record


def test_record_lists_only_published_networks():
    organisation = OrganisationFactory()
    organisation.networks.set(
        [OrganisationFactory(slug="offen"), OrganisationFactory(slug="entwurf", draft=True)]
    )
    assert organisation_record(organisation)["networks"] == ["offen"]


def test_twinning_record_lists_only_published_organisations():
    twinning = TwinningFactory(
        organisations=[OrganisationFactory(slug="traeger"), OrganisationFactory(draft=True)]
    )
    assert twinning_record(twinning)["organisations"] == ["traeger"]


def test_record_uses_codes_slugs_iso_dates_and_absolute_urls():
    organisation = OrganisationFactory(
        slug="verein",
        countries=[CountryFactory(code="KZ")],
        fields=[CooperationFieldFactory(slug="theater")],
        last_verified="2026-03-01",
    )
    record = organisation_record(organisation)
    assert record["countries"] == ["KZ"]
    assert record["fields"] == ["theater"]
    assert record["last_verified"] == "2026-03-01"
    assert record["url"] == "https://example.org/de/organisations/verein/"
    assert record["json_url"] == "https://example.org/organisations/verein.json"
