"""The filters' countries and fields are kept per language and data version, outside a
transaction only (``directory.listing.filters.organisation_choices``)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from directory.listing.filters import organisation_choices
from tests.factories import CountryFactory

pytestmark = pytest.mark.django_db(transaction=True)  # committed, as a public page reads


def test_a_second_page_reads_the_data_version_alone():
    CountryFactory(code="KZ", name="Kasachstan")
    organisation_choices()
    with CaptureQueriesContext(connection) as queries:
        vocabulary = organisation_choices()
    [query] = queries
    assert "directory_country" not in query["sql"]  # the version's row only
    assert ("KZ", "Kasachstan") in vocabulary.countries


def test_a_committed_rename_is_shown_on_the_next_page():
    country = CountryFactory(code="KZ", name="Kasachstan")
    organisation_choices()
    country.name = "Qazaqstan"
    country.save()  # committed: the data version moves
    assert ("KZ", "Qazaqstan") in organisation_choices().countries


def test_each_language_keeps_its_own_names():
    CountryFactory(code="KZ", name_de="Kasachstan", name_ru="Казахстан")
    with translation.override("de"):
        organisation_choices()
    with translation.override("ru"):
        assert ("KZ", "Казахстан") in organisation_choices().countries


def test_what_a_transaction_reads_is_not_kept():
    country = CountryFactory(code="KZ", name="Kasachstan")
    organisation_choices()
    with transaction.atomic():
        country.name = "Qazaqstan"
        country.save()
        assert ("KZ", "Qazaqstan") in organisation_choices().countries
        transaction.set_rollback(True)
    assert ("KZ", "Kasachstan") in organisation_choices().countries
