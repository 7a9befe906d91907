import pytest

from directory.models import CooperationField, Country, Organisation, Twinning
from tests.factories import (
    CentralAsianPlaceFactory,
    CooperationFieldFactory,
    CountryFactory,
    OrganisationFactory,
    TwinningFactory,
)

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts():
    public = OrganisationFactory()
    OrganisationFactory(draft=True)
    assert list(Organisation.objects.published()) == [public]


def test_drafts_excludes_published():
    OrganisationFactory()
    draft = OrganisationFactory(draft=True)
    assert list(Organisation.objects.drafts()) == [draft]


def test_in_country_matches_countries_of_activity_once():
    kz, uz = CountryFactory(code="KZ"), CountryFactory(code="UZ")
    both = OrganisationFactory(countries=[kz, uz])
    OrganisationFactory(countries=[uz])
    assert list(Organisation.objects.in_country("kz")) == [both]


def test_in_field_matches_by_slug():
    culture = CooperationFieldFactory(slug="culture")
    organisation = OrganisationFactory(fields=[culture])
    OrganisationFactory()
    assert list(Organisation.objects.in_field("culture")) == [organisation]


def test_focus_countries_are_the_five_central_asian_ones():
    codes = set(Country.objects.focus().values_list("code", flat=True))
    assert codes == {"KZ", "KG", "TJ", "TM", "UZ"}


def test_country_counts_ignore_drafts():
    kz = CountryFactory(code="KZ")
    OrganisationFactory(countries=[kz])
    OrganisationFactory(countries=[kz], draft=True)
    assert Country.objects.with_public_counts().get(code="KZ").organisation_count == 1


def test_field_counts_ignore_drafts():
    field = CooperationFieldFactory(slug="environment")
    OrganisationFactory(fields=[field])
    OrganisationFactory(fields=[field], draft=True)
    counted = CooperationField.objects.with_public_counts().get(slug="environment")
    assert counted.organisation_count == 1


def test_twinning_in_country_matches_either_side():
    twinning = TwinningFactory(central_asian_place=CentralAsianPlaceFactory(country__code="TJ"))
    TwinningFactory()
    assert list(Twinning.objects.in_country("TJ")) == [twinning]
    assert Twinning.objects.in_country("DE").count() == 2


@pytest.mark.parametrize("size", [1, 20])
def test_organisation_list_needs_constant_queries(size, django_assert_num_queries):
    kz, field = CountryFactory(code="KZ"), CooperationFieldFactory()
    OrganisationFactory.create_batch(size, countries=[kz], fields=[field])
    with django_assert_num_queries(3):
        for organisation in Organisation.objects.published().for_list():
            _ = organisation.seat.country.name, organisation.country_list
            _ = organisation.field_list


def test_list_relations_are_read_when_not_prefetched():
    kz, field = CountryFactory(code="KZ"), CooperationFieldFactory()
    organisation = OrganisationFactory(countries=[kz], fields=[field])
    loaded = Organisation.objects.get(pk=organisation.pk)
    assert (loaded.country_list, loaded.field_list) == ([kz], [field])


def test_network_list_holds_only_published_networks_when_not_prefetched():
    network = OrganisationFactory(name="Netzwerk")
    hidden = OrganisationFactory(name="Entwurf", draft=True)
    member = OrganisationFactory()
    member.networks.add(network, hidden)
    assert Organisation.objects.get(pk=member.pk).network_list == [network]


def test_detail_shows_only_published_networks_members_and_twinnings():
    network = OrganisationFactory(name="Netzwerk")
    member = OrganisationFactory(name="Mitglied")
    hidden_member = OrganisationFactory(name="Entwurf", draft=True)
    member.networks.add(network)
    hidden_member.networks.add(network)
    visible = TwinningFactory(organisations=[network])
    TwinningFactory(organisations=[network], draft=True)
    loaded = Organisation.objects.for_detail().get(pk=network.pk)
    assert list(loaded.members.all()) == [member]
    assert list(loaded.twinnings.all()) == [visible]
