"""The fields and countries a card and an organisation page show, read from the list's index."""

import random

import pytest
from django.urls import reverse
from django.utils import translation

from directory.listing import cards
from directory.matchmaking.partners import name_index
from directory.models import Organisation
from tests.factories import CooperationFieldFactory, CountryFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations():
    """Forty organisations with random fields and countries, whose names sort differently in
    German and Russian (the countries' order is the page language's), and two fields without a
    Russian name."""
    rng = random.Random(11)
    countries = [
        CountryFactory(code=code, name=name, name_ru=name_ru, is_focus=focus)
        for code, name, name_ru, focus in [
            ("QA", "Aland", "Эль", True),
            ("QB", "Bland", "Жир", True),
            ("QC", "Cland", "Вод", False),
            ("DE", "Deutschland", "Германия", False),
        ]
    ]
    fields = [
        CooperationFieldFactory(
            slug=f"f{n}", name=f"Feld {n}", name_ru=f"Поле {9 - n}", position=n % 2
        )
        for n in range(5)
    ] + [  # not translated into Russian, same position: ordered by id there
        CooperationFieldFactory(slug=f"u{n}", name=f"Unübersetzt {n}", name_ru=None, position=7)
        for n in range(2)
    ]
    return [
        OrganisationFactory(
            countries=rng.sample(countries, rng.randint(0, 4)),
            fields=rng.sample(fields, rng.randint(0, 7)),
            draft=rng.random() < 0.1,
        )
        for _ in range(40)
    ]


@pytest.mark.parametrize("language", ["de", "ru"])
def test_lists_from_the_index_equal_the_prefetched_ones(organisations, language):
    with translation.override(language):
        index = name_index()
        prefetched = Organisation.objects.published().for_list().in_bulk()
        bare = Organisation.objects.published().for_cards().in_bulk()
        cards.attach_lists(index, {index.position(pk): bare[pk] for pk in bare})

        for pk, organisation in prefetched.items():
            assert bare[pk].field_list == organisation.field_list
            assert bare[pk].country_list == organisation.country_list


def test_a_list_page_reads_no_fields_or_countries_of_its_own(
    client, organisations, django_assert_max_num_queries
):
    list_url = reverse("directory:organisation-list")
    client.get(list_url)  # builds the index and keeps the vocabulary

    with django_assert_max_num_queries(2):  # the version with the filter vocabulary, the rows
        response = client.get(list_url, {"page": 2})

    shown = response.context["object_list"]
    assert shown
    expected = Organisation.objects.for_list().in_bulk([o.pk for o in shown])
    assert [o.country_list for o in shown] == [expected[o.pk].country_list for o in shown]
    assert [o.field_list for o in shown] == [expected[o.pk].field_list for o in shown]


def test_a_field_renamed_after_a_page_shows_its_new_name_on_the_next(client):
    field = CooperationFieldFactory(slug="soil", name="Boden")
    organisation = OrganisationFactory(fields=[field])
    client.get(organisation.get_absolute_url())

    field.name = "Bodenschutz"
    field.save()

    assert "Bodenschutz" in client.get(organisation.get_absolute_url()).content.decode()
