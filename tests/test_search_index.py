"""The stored search text follows every change it is made of; the rebuild command restores it."""

from io import StringIO

import pytest
from django.core.management import call_command

from directory.models import Organisation, Place, Twinning
from directory.search.ranking import search_places
from tests.factories import (
    CentralAsianPlaceFactory,
    CooperationFieldFactory,
    CountryFactory,
    OrganisationFactory,
    PlaceAliasFactory,
    TwinningFactory,
)
from tests.lists import found

pytestmark = pytest.mark.django_db


def test_renamed_seat_is_found_under_its_new_name():
    org = OrganisationFactory(seat=CentralAsianPlaceFactory(name="Frunse"))
    org.seat.name = "Bischkek"
    org.seat.save()
    assert found(Organisation, "Bischkek") == [org]


def test_new_alias_makes_organisations_and_twinnings_findable():
    place = CentralAsianPlaceFactory(name="Duschanbe")
    org = OrganisationFactory(seat=place)
    twinning = TwinningFactory(central_asian_place=place)
    PlaceAliasFactory(place=place, name="Stalinabad")
    assert found(Organisation, "Stalinabad") == [org]
    assert found(Twinning, "Stalinabad") == [twinning]
    assert list(search_places(Place.objects.all(), "Stalinabad")) == [place]


def test_deleted_alias_no_longer_matches():
    alias = PlaceAliasFactory(name="Stalinabad")
    OrganisationFactory(seat=alias.place)
    alias.delete()
    assert found(Organisation, "Stalinabad") == []


def test_countries_set_after_saving_are_searchable_in_three_languages():
    org = OrganisationFactory()
    org.countries.set([CountryFactory(code="KG")])
    for query in ["Kirgisistan", "Kyrgyzstan", "Кыргызстан"]:
        assert found(Organisation, query) == [org], query


def test_organisation_added_from_the_field_side_is_searchable():
    field = CooperationFieldFactory(slug="environment", name="Umwelt und Klima")
    org = OrganisationFactory()
    field.organisations.add(org)
    assert found(Organisation, "Klima") == [org]


def test_renamed_field_is_searchable():
    field = CooperationFieldFactory(slug="water", name="Wasser")
    org = OrganisationFactory(fields=[field])
    field.name = "Wasserwirtschaft"
    field.save()
    assert found(Organisation, "Wasserwirtschaft") == [org]


def test_renamed_country_is_searchable():
    country = CountryFactory(code="XK", name="Altes Land")
    org = OrganisationFactory(countries=[country])
    country.name = "Neues Land"
    country.save()
    assert found(Organisation, "Neues Land") == [org]


def test_renamed_organisation_makes_its_twinnings_findable():
    org = OrganisationFactory(name="Alter Name")
    twinning = TwinningFactory(organisations=[org])
    org.name = "Partnerschaftsverein Jena"
    org.save()
    assert found(Twinning, "Partnerschaftsverein") == [twinning]


def test_deleted_organisation_leaves_its_twinnings_unfindable_by_its_name():
    org = OrganisationFactory(name="Partnerschaftsverein Jena")
    TwinningFactory(organisations=[org])
    org.delete()
    assert found(Twinning, "Partnerschaftsverein") == []


def test_rebuild_command_indexes_rows_created_in_bulk():
    seat = CentralAsianPlaceFactory(name="Taschkent")
    Organisation.objects.bulk_create(
        [Organisation(name="Usbekisch-Deutsches Forum", slug="forum", seat=seat)]
    )
    assert found(Organisation, "Forum") == []
    call_command("rebuild_search_index", stdout=StringIO(), stderr=StringIO())
    assert [org.name for org in found(Organisation, "Tashkent")] == ["Usbekisch-Deutsches Forum"]


def test_rebuild_command_prints_progress_and_a_one_line_summary():
    OrganisationFactory.create_batch(3)
    stdout, stderr = StringIO(), StringIO()
    call_command("rebuild_search_index", stdout=stdout, stderr=stderr)
    assert "organisations: 3/3" in stderr.getvalue()
    assert stdout.getvalue().count("\n") == 1
    assert "3 organisations" in stdout.getvalue()
