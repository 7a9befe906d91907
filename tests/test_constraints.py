"""The database itself refuses what the code assumes never happens."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from directory.models import Organisation, Place, Twinning
from tests.factories import (
    CentralAsianPlaceFactory,
    CountryFactory,
    GermanPlaceFactory,
    OrganisationFactory,
    TwinningFactory,
)

pytestmark = pytest.mark.django_db


def assert_rejected(update) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        update()


def test_organisation_slugs_are_unique_in_the_database():
    first = OrganisationFactory()
    second = OrganisationFactory()
    assert_rejected(lambda: Organisation.objects.filter(pk=second.pk).update(slug=first.slug))


def test_organisation_slug_cannot_be_empty():
    organisation = OrganisationFactory()
    assert_rejected(lambda: Organisation.objects.filter(pk=organisation.pk).update(slug=""))


@pytest.mark.parametrize("year", [1699, 2101])
def test_implausible_founding_year_is_rejected(year):
    organisation = OrganisationFactory()
    assert_rejected(
        lambda: Organisation.objects.filter(pk=organisation.pk).update(founded_year=year)
    )


def test_plausible_founding_year_is_accepted():
    organisation = OrganisationFactory(founded_year=1994)
    organisation.refresh_from_db()
    assert organisation.founded_year == 1994


def test_place_cannot_be_twinned_with_itself():
    twinning = TwinningFactory()
    assert_rejected(
        lambda: Twinning.objects.filter(pk=twinning.pk).update(
            central_asian_place=twinning.german_place
        )
    )


def test_a_pair_of_places_is_twinned_only_once():
    twinning = TwinningFactory()
    assert_rejected(
        lambda: Twinning.objects.create(
            german_place=twinning.german_place,
            central_asian_place=twinning.central_asian_place,
            slug="duplicate",
        )
    )


@pytest.mark.parametrize("year", [1899, 2101])
def test_implausible_twinning_year_is_rejected(year):
    twinning = TwinningFactory()
    assert_rejected(lambda: Twinning.objects.filter(pk=twinning.pk).update(established_year=year))


@pytest.mark.parametrize(("latitude", "longitude"), [(91, 10), (-91, 10), (10, 181), (10, -181)])
def test_coordinates_out_of_range_are_rejected(latitude, longitude):
    place = GermanPlaceFactory()
    assert_rejected(
        lambda: Place.objects.filter(pk=place.pk).update(latitude=latitude, longitude=longitude)
    )


def test_latitude_without_longitude_is_rejected():
    place = GermanPlaceFactory()
    assert_rejected(lambda: Place.objects.filter(pk=place.pk).update(latitude=50))


def test_place_names_are_unique_within_a_country():
    place = GermanPlaceFactory(name="Bonn")
    assert_rejected(lambda: Place.objects.create(name="Bonn", country=place.country, slug="bonn-2"))


def test_same_place_name_may_exist_in_two_countries():
    GermanPlaceFactory(name="Karakol")
    assert CentralAsianPlaceFactory(name="Karakol").pk


def test_country_code_must_be_two_capitals():
    assert_rejected(lambda: CountryFactory(code="k1"))


def test_form_validation_explains_self_twinning():
    place = GermanPlaceFactory()
    twinning = Twinning(german_place=place, central_asian_place=place)
    with pytest.raises(ValidationError, match="itself"):
        twinning.full_clean()


def test_form_validation_requires_german_side_in_germany():
    twinning = Twinning(
        german_place=CentralAsianPlaceFactory(), central_asian_place=CentralAsianPlaceFactory()
    )
    with pytest.raises(ValidationError) as error:
        twinning.full_clean()
    assert "german_place" in error.value.message_dict


def test_form_validation_rejects_founding_year_in_the_future():
    organisation = OrganisationFactory.build(founded_year=2099, slug="x")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean(exclude=["seat"])
    assert "founded_year" in error.value.message_dict


def test_federal_state_only_for_german_places():
    place = CentralAsianPlaceFactory.build(federal_state="BY", country=CountryFactory(code="KZ"))
    with pytest.raises(ValidationError) as error:
        place.full_clean()
    assert "federal_state" in error.value.message_dict
