"""Possible partners on an organisation page: the ranking rules on small hand-made graphs."""

import random
from http import HTTPStatus

import pytest
from django.utils import translation

from directory.matchmaking import partners
from directory.models import Organisation
from tests.factories import (
    CentralAsianPlaceFactory,
    CooperationFieldFactory,
    CountryFactory,
    GermanPlaceFactory,
    OrganisationFactory,
    TwinningFactory,
)

pytestmark = pytest.mark.django_db


def suggest(organisation: Organisation) -> list[partners.Partner]:
    return partners.partners_of(Organisation.objects.for_detail().get(pk=organisation.pk))


def names(organisation: Organisation) -> list[str]:
    return [partner.organisation.name for partner in suggest(organisation)]


@pytest.fixture
def uz():
    return CountryFactory(code="UZ")


@pytest.fixture
def environment():
    return CooperationFieldFactory(slug="soil", name="Boden", name_ru="Почва")


@pytest.fixture
def tashkent(uz):
    return CentralAsianPlaceFactory(name="Taschkent", country=uz)


def test_central_asian_organisation_with_the_same_field_and_country_is_suggested_with_the_reason(
    uz, environment, tashkent
):
    german = OrganisationFactory(name="Grün e.V.", countries=[uz], fields=[environment])
    OrganisationFactory(name="Eco Tashkent", seat=tashkent, countries=[uz], fields=[environment])

    (partner,) = suggest(german)

    assert partner.organisation.name == "Eco Tashkent"
    assert partner.reasons == ["Gleiches Themenfeld im gleichen Land: Boden, Usbekistan"]


def test_an_organisation_is_never_its_own_partner(uz, environment):
    german = OrganisationFactory(countries=[uz], fields=[environment])

    assert suggest(german) == []


def test_draft_organisations_are_never_suggested(uz, environment, tashkent):
    german = OrganisationFactory(countries=[uz], fields=[environment])
    OrganisationFactory(seat=tashkent, countries=[uz], fields=[environment], draft=True)

    assert suggest(german) == []


def test_a_draft_twinning_makes_no_twin_town(tashkent):
    berlin = GermanPlaceFactory(name="Berlin")
    TwinningFactory(german_place=berlin, central_asian_place=tashkent, draft=True)
    german = OrganisationFactory(seat=berlin)
    OrganisationFactory(seat=tashkent)

    assert suggest(german) == []


def test_an_ended_twinning_makes_no_twin_town(tashkent):
    berlin = GermanPlaceFactory(name="Berlin")
    TwinningFactory(german_place=berlin, central_asian_place=tashkent, status="ended")
    german = OrganisationFactory(seat=berlin)
    OrganisationFactory(seat=tashkent)

    assert suggest(german) == []


def test_a_draft_network_links_no_members():
    network = OrganisationFactory(name="Netzwerk", kind="network", draft=True)
    first, second = OrganisationFactory(), OrganisationFactory(seat=CentralAsianPlaceFactory())
    network.members.set([first, second])

    assert suggest(first) == []


def test_organisation_based_in_the_twin_town_is_suggested(tashkent):
    berlin = GermanPlaceFactory(name="Berlin")
    TwinningFactory(german_place=berlin, central_asian_place=tashkent)
    german = OrganisationFactory(seat=berlin)
    OrganisationFactory(name="Tashkent Friends", seat=tashkent)

    (partner,) = suggest(german)

    assert partner.reasons == ["Sitz im Partnerort: Taschkent"]


def test_organisation_based_in_a_town_of_a_twinning_it_runs_is_suggested(tashkent):
    twinning = TwinningFactory(
        german_place=GermanPlaceFactory(name="Berlin"), central_asian_place=tashkent
    )
    runner = OrganisationFactory(seat=GermanPlaceFactory(name="Potsdam"))
    twinning.organisations.set([runner])
    OrganisationFactory(name="Tashkent Friends", seat=tashkent)

    (partner,) = suggest(runner)

    assert partner.reasons == ["Sitz im Partnerort: Taschkent"]


def test_organisation_running_a_twinning_of_the_seat_is_suggested(tashkent):
    twinning = TwinningFactory(
        german_place=GermanPlaceFactory(name="Berlin"), central_asian_place=tashkent
    )
    uzbek = OrganisationFactory(seat=tashkent)
    twinning.organisations.set(
        [OrganisationFactory(name="Freundeskreis", seat=GermanPlaceFactory(name="Potsdam"))]
    )

    (partner,) = suggest(uzbek)

    assert partner.organisation.name == "Freundeskreis"
    assert partner.reasons == ["Trägt die Partnerschaft: Berlin – Taschkent"]


def test_members_of_the_same_network_are_suggested_but_not_the_network_itself(tashkent):
    network = OrganisationFactory(name="Netzwerk", kind="network")
    german, uzbek = (
        OrganisationFactory(),
        OrganisationFactory(name="Usbekischer Partner", seat=tashkent),
    )
    network.members.set([german, uzbek])

    assert [p.reasons for p in suggest(german)] == [["Mitglied im selben Netzwerk: Netzwerk"]]
    assert suggest(network) == []


def test_every_suggestion_has_a_reason(uz, environment, tashkent):
    berlin = GermanPlaceFactory(name="Berlin")
    twinning = TwinningFactory(german_place=berlin, central_asian_place=tashkent)
    network = OrganisationFactory(kind="network")
    german = OrganisationFactory(seat=berlin, countries=[uz], fields=[environment])
    others = [
        OrganisationFactory(seat=tashkent),
        OrganisationFactory(countries=[uz], fields=[environment]),
        OrganisationFactory(seat=CentralAsianPlaceFactory(), countries=[uz], fields=[environment]),
    ]
    twinning.organisations.set([others[1]])
    network.members.set([german, others[2]])

    found = suggest(german)

    assert len(found) == 3
    assert all(partner.reasons for partner in found)


def test_organisations_from_the_other_side_come_first(uz, environment):
    german = OrganisationFactory(countries=[uz], fields=[environment])
    OrganisationFactory(name="A Deutsch", countries=[uz], fields=[environment])
    OrganisationFactory(
        name="Z Usbekisch",
        seat=CentralAsianPlaceFactory(country=uz),
        countries=[uz],
        fields=[environment],
    )

    found = suggest(german)

    assert [p.organisation.name for p in found] == ["Z Usbekisch", "A Deutsch"]
    assert [p.other_side for p in found] == [True, False]


def test_more_points_rank_higher(uz, environment, tashkent):
    berlin = GermanPlaceFactory(name="Berlin")
    TwinningFactory(german_place=berlin, central_asian_place=tashkent)
    german = OrganisationFactory(seat=berlin, countries=[uz], fields=[environment])
    OrganisationFactory(
        name="A Shared Field",
        seat=CentralAsianPlaceFactory(country=uz),
        countries=[uz],
        fields=[environment],
    )
    OrganisationFactory(name="B Twin Town", seat=tashkent)
    OrganisationFactory(name="C Both", seat=tashkent, countries=[uz], fields=[environment])

    assert names(german) == ["C Both", "B Twin Town", "A Shared Field"]


def test_ties_are_broken_by_name_then_id(uz, environment):
    german = OrganisationFactory(countries=[uz], fields=[environment])
    seat = CentralAsianPlaceFactory(country=uz)
    second = OrganisationFactory(name="Same", seat=seat, countries=[uz], fields=[environment])
    first = OrganisationFactory(name="Same", seat=seat, countries=[uz], fields=[environment])
    OrganisationFactory(name="Before", seat=seat, countries=[uz], fields=[environment])
    first.pk, second.pk = sorted([first.pk, second.pk])

    found = suggest(german)

    assert [p.organisation.pk for p in found][1:] == sorted([first.pk, second.pk])
    assert found[0].organisation.name == "Before"


def test_shared_pairs_count_up_to_three(environment):
    fields = [environment, *CooperationFieldFactory.create_batch(3)]
    countries = [CountryFactory(code="UZ"), CountryFactory(code="KZ")]
    german = OrganisationFactory(countries=countries, fields=fields)
    many = OrganisationFactory(seat=CentralAsianPlaceFactory(), countries=countries, fields=fields)

    (partner,) = suggest(german)

    assert partner.organisation == many
    assert partner.points == partners.MAX_PAIRS * partners.PAIR_POINTS
    assert len(partner.reasons) == partners.MAX_PAIRS


def test_germany_as_a_shared_country_is_no_reason(environment):
    de = CountryFactory(code="DE")
    german = OrganisationFactory(countries=[de], fields=[environment])
    OrganisationFactory(countries=[de], fields=[environment])

    assert suggest(german) == []


def test_at_most_ten_partners(uz, environment):
    german = OrganisationFactory(countries=[uz], fields=[environment])
    OrganisationFactory.create_batch(
        partners.LIMIT + 2, seat=CentralAsianPlaceFactory(), countries=[uz], fields=[environment]
    )

    assert len(suggest(german)) == partners.LIMIT


def test_reasons_are_in_the_page_language(uz, environment, tashkent):
    german = OrganisationFactory(countries=[uz], fields=[environment])
    OrganisationFactory(seat=tashkent, countries=[uz], fields=[environment])

    with translation.override("ru"):
        (partner,) = suggest(german)

    assert partner.reasons == ["Та же сфера в той же стране: Почва, Узбекистан"]


def test_partners_show_on_the_organisation_page(client, uz, environment, tashkent):
    german = OrganisationFactory(countries=[uz], fields=[environment])
    uzbek = OrganisationFactory(
        name="Eco Tashkent", seat=tashkent, countries=[uz], fields=[environment]
    )

    response = client.get(german.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "Mögliche Partner" in page
    assert uzbek.get_absolute_url() in page
    assert "Gleiches Themenfeld im gleichen Land: Boden, Usbekistan" in page


@pytest.mark.parametrize("size", [1, 30])
def test_partners_need_a_constant_number_of_queries(
    size, uz, environment, tashkent, django_assert_max_num_queries
):
    berlin = GermanPlaceFactory(name="Berlin")
    network = OrganisationFactory(kind="network")
    german = OrganisationFactory(seat=berlin, countries=[uz], fields=[environment])
    others = OrganisationFactory.create_batch(
        size, seat=tashkent, countries=[uz], fields=[environment]
    )
    for _ in range(size):
        TwinningFactory(german_place=berlin, organisations=others[:2])
    TwinningFactory(german_place=berlin, central_asian_place=tashkent, organisations=others)
    network.members.set([german, *others])
    loaded = Organisation.objects.for_detail().get(pk=german.pk)

    with django_assert_max_num_queries(partners.QUERIES):
        found = partners.partners_of(loaded)

    assert len(found) == min(size, partners.LIMIT)


def test_a_page_after_the_first_needs_only_its_own_queries(
    uz, environment, tashkent, django_assert_max_num_queries
):
    """The twinnings per town, their carriers, the networks' members and the places' names are
    kept with the index: a page reads the version and fetches the partners."""
    berlin = GermanPlaceFactory(name="Berlin")
    network = OrganisationFactory(kind="network")
    first, second = OrganisationFactory.create_batch(2, seat=berlin, countries=[uz])
    others = OrganisationFactory.create_batch(3, seat=tashkent, countries=[uz])
    TwinningFactory(german_place=berlin, central_asian_place=tashkent, organisations=others[:1])
    network.members.set([first, second, *others])
    suggest(first)
    loaded = Organisation.objects.for_detail().get(pk=second.pk)

    with django_assert_max_num_queries(partners.PAGE_QUERIES):
        found = partners.partners_of(loaded)

    assert {p.organisation.pk for p in found} == {o.pk for o in others} | {first.pk}


def test_a_twinning_made_after_a_page_is_a_tie_on_the_next(tashkent):
    """What the index keeps for the partners is made again after a change."""
    berlin = GermanPlaceFactory(name="Berlin")
    german = OrganisationFactory(seat=berlin)
    uzbek = OrganisationFactory(seat=tashkent)
    assert suggest(german) == []

    TwinningFactory(german_place=berlin, central_asian_place=tashkent, organisations=[uzbek])

    (partner,) = suggest(german)
    assert partner.organisation == uzbek
    assert partner.reasons == [
        "Sitz im Partnerort: Taschkent",
        "Trägt die Partnerschaft: Berlin – Taschkent",
    ]


def test_a_member_joining_a_network_after_a_page_is_suggested_on_the_next(tashkent):
    network = OrganisationFactory(name="Netzwerk", kind="network")
    german, uzbek = OrganisationFactory(), OrganisationFactory(seat=tashkent)
    network.members.set([german])
    assert suggest(german) == []

    network.members.add(uzbek)

    assert [p.organisation for p in suggest(german)] == [uzbek]


@pytest.mark.parametrize("language", ["de", "ru"])
def test_shared_pairs_read_from_the_index_equal_those_of_the_candidates_own_fields_and_countries(
    language,
):
    """The pairs a reason names come from the index's bits, no longer from each candidate's
    prefetched fields and countries: the same pairs in the same order, in every page language
    (the countries' order is the page language's)."""
    rng = random.Random(7)
    countries = [
        CountryFactory(code=code, name=name, name_ru=name_ru, is_focus=True)
        for code, name, name_ru in [
            ("QA", "Aland", "Эль"),  # Russian names in the opposite order
            ("QB", "Bland", "Жир"),
            ("QC", "Cland", "Вод"),
            ("QD", "Dland", "Арал"),
        ]
    ]
    fields = [  # lists order fields by position, then name in the page language
        CooperationFieldFactory(
            slug=f"f{n}", name=f"Feld {n}", name_ru=f"Поле {9 - n}", position=n % 2
        )
        for n in range(5)
    ]
    for _ in range(40):
        OrganisationFactory(
            countries=rng.sample(countries, rng.randint(0, 4)),
            fields=rng.sample(fields, rng.randint(0, 5)),
        )
    with translation.override(language):
        index = partners.name_index()
        everyone = Organisation.objects.for_list().in_bulk()
        for pk in list(everyone)[:8]:
            ties = partners._ties(Organisation.objects.for_detail().get(pk=pk), index)
            for candidate in everyone.values():
                old = [
                    (f, c)
                    for f in candidate.field_list
                    if f.pk in ties.fields
                    for c in candidate.country_list
                    if c.pk in ties.countries
                ]
                position = index.position(candidate.pk)

                assert partners.shared_pairs(index, position, ties) == old
