"""generate_synthetic_data: deterministic, complete, consistent with the index, never mixed."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from directory.models import Organisation, Place, Twinning
from directory.search import index as search_index
from tests.factories import OrganisationFactory
from tests.lists import listed

pytestmark = pytest.mark.django_db


def generate(organisations=60, twinnings=20, seed=1, **kwargs) -> str:
    stdout = StringIO()
    call_command(
        "generate_synthetic_data",
        organisations=organisations,
        twinnings=twinnings,
        seed=seed,
        stdout=stdout,
        stderr=kwargs.pop("stderr", StringIO()),
        **kwargs,
    )
    return stdout.getvalue()


def snapshot() -> list[tuple]:
    return list(
        Organisation.objects.order_by("slug").values_list(
            "slug", "name", "kind", "seat__name", "publication_status", "search_text"
        )
    ) + list(
        Twinning.objects.order_by("slug").values_list(
            "slug", "german_place__name", "central_asian_place__name", "status"
        )
    )


def test_creates_the_requested_numbers_of_rows():
    generate(organisations=60, twinnings=20)

    assert Organisation.objects.count() == 60
    assert Twinning.objects.count() == 20


def test_every_row_is_marked_synthetic():
    generate()

    for model in (Organisation, Twinning, Place):
        assert not model.objects.exclude(slug__startswith="synthetic-").exists()
    assert all(
        "Synthetischer Eintrag" in d for d in Twinning.objects.values_list("description", flat=True)
    )


def test_same_seed_gives_the_same_data_again():
    generate(seed=7)
    first = snapshot()
    generate(seed=7)

    assert snapshot() == first


def test_another_seed_gives_other_data():
    generate(seed=1)
    first = snapshot()
    generate(seed=2)

    assert snapshot() != first


def test_names_come_in_german_russian_and_english():
    generate(organisations=200)
    names = list(Organisation.objects.values_list("name", flat=True))

    assert any("Deutsch-" in name for name in names)
    assert any(any("а" <= ch <= "я" for ch in name) for name in names)
    assert any(
        name.split()[-1] in {"Network", "Fund", "Lab", "Alliance"} or "Centre" in name
        for name in names
    )


def words(search_text: str) -> tuple[list[str], list[str]]:
    """The names and the words of a search text, each sorted: their order does not matter."""
    names, _, rest = search_text.partition("# ~ ")
    return sorted(names.split("#")), sorted(rest.split())


def test_stored_search_text_is_what_the_index_would_compute():
    generate(organisations=40, twinnings=15)

    for org in search_index.organisations_for_index(Organisation.objects.all()):
        assert words(org.search_text) == words(search_index.organisation_text(org))
    for twinning in search_index.twinnings_for_index(Twinning.objects.all()):
        assert words(twinning.search_text) == words(search_index.twinning_text(twinning))
    for place in search_index.places_for_index(Place.objects.all()):
        assert words(place.search_text) == words(search_index.place_text(place))


def test_places_are_found_under_their_other_spellings():
    generate(organisations=300)
    seated_in_tashkent = Organisation.objects.published().filter(seat__name="Taschkent")

    found = listed(Organisation, "Ташкент")

    assert seated_in_tashkent.exists()
    assert set(seated_in_tashkent) <= set(found)


def test_refuses_a_database_with_other_organisations():
    OrganisationFactory(name="Echter Verein")

    with pytest.raises(CommandError, match="not synthetic"):
        generate()
    assert Organisation.objects.count() == 1


def test_demo_data_refuses_a_database_with_synthetic_rows():
    generate(organisations=5, twinnings=1)

    with pytest.raises(CommandError, match="synthetic"):
        call_command("load_demo_data", stdout=StringIO(), stderr=StringIO())


def test_command_prints_a_one_line_summary():
    output = generate(organisations=10, twinnings=3)

    assert output.splitlines()[0].startswith("Synthetic data: ")
    assert "10 organisations, 3 twinnings" in output
    assert len(output.splitlines()) == 1


def test_command_reports_progress_on_stderr_at_verbosity_two():
    stderr = StringIO()
    generate(organisations=10, twinnings=3, verbosity=2, stderr=stderr)

    assert "Generated organisations: 10" in stderr.getvalue()
