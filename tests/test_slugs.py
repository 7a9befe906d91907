import pytest

from tests.factories import OrganisationFactory, TwinningFactory

pytestmark = pytest.mark.django_db


def test_slug_is_generated_from_the_name():
    assert OrganisationFactory(name="Deutsch-Usbekische Gesellschaft e.V.").slug == (
        "deutsch-usbekische-gesellschaft-e-v"
    )


def test_cyrillic_name_gives_readable_ascii_slug():
    assert OrganisationFactory(name="Общество дружбы").slug == "obshchestvo-druzhby"


def test_clashing_slugs_get_a_number():
    OrganisationFactory(name="Goethe-Institut")
    assert OrganisationFactory(name="Goethe Institut").slug == "goethe-institut-2"


def test_slug_is_kept_when_the_name_changes():
    organisation = OrganisationFactory(name="Alter Name")
    organisation.name = "Neuer Name"
    organisation.save()
    assert organisation.slug == "alter-name"


def test_name_without_letters_still_gets_a_slug():
    assert OrganisationFactory(name="„…“").slug == "entry"


def test_twinning_slug_names_both_places():
    twinning = TwinningFactory(
        german_place__name="Reutlingen", central_asian_place__name="Duschanbe"
    )
    assert twinning.slug == "reutlingen-duschanbe"
