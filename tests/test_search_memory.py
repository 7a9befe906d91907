"""The search words held in memory (``directory.search.memory``) find what SQL finds, in the same
ranks, and never what an entry said before a change."""

import threading

import numpy as np
import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection

from bench.cold import WORDS
from directory.listing import changelog, facetindex, pagecache
from directory.models import Organisation
from directory.search import memory
from directory.search.ranking import ranked_matches
from tests.factories import (
    CentralAsianPlaceFactory,
    CountryFactory,
    GermanPlaceFactory,
    OrganisationFactory,
    PlaceAliasFactory,
    SourceFactory,
)
from tests.lists import listed

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the words are held on PostgreSQL only"
    ),
]

LABEL = "directory.organisation"
ODD_QUERIES = [
    "KAS", "kas Verein", "DAZ Almaty", "Gesellschaften", "der", "und Verein", "e-mail",
    "Kasachstn Verein", "Umweltbildung", "Ташкент Umwelt", "Гёте", "Deutsch-Kasachische",
    "Verein der Freunde", "zzzzqqq", "Bildung Austausch Jugend Kultur", "12", "Fond rasvitia",
    "12e3", "ab Verein", "ab",
]  # fmt: skip


@pytest.fixture
def held_always(settings):
    settings.SEARCH_MEMORY_MIN_ENTRIES = 0


@pytest.fixture
def steppenadler(held_always):
    """An organisation, and the words read with it."""
    organisation = OrganisationFactory(name="Verein Steppenadler")
    listed(Organisation, "Steppenadler")
    return organisation


def _held():
    return memory.held._held[LABEL]


@pytest.fixture
def directory_data():
    call_command("generate_synthetic_data", organisations=300, twinnings=0, seed=3, verbosity=0)
    leipzig = GermanPlaceFactory()
    OrganisationFactory(name="Deutsche Allgemeine Zeitung", acronym="DAZ", seat=leipzig)
    OrganisationFactory(name="Deutsch-Kasachische Gesellschaft", seat=leipzig)
    OrganisationFactory(name="Goethe-Institut Almaty", seat=CentralAsianPlaceFactory())
    OrganisationFactory(name="Verein 12e3ab", seat=leipzig)  # PostgreSQL parses 12e3 + ab
    OrganisationFactory(
        name="Verein der Freunde Kasachstans",
        description="Wir fördern Gesellschaften und Schulen, Kontakt per E-Mail.",
    )


def _by_rank(found) -> list[tuple[int, list[int]]]:
    tiers = [sorted(np.flatnonzero(t).tolist()) if hasattr(t, "dtype") else sorted(t)
             for t in found.tiers]  # fmt: skip
    return list(zip(found.ranks, tiers, strict=True))


def _from_memory(query: str):
    scope = Organisation.objects.published()
    words = memory.Words.read(scope)

    def tiers(plan, full_text):
        return memory._tiers(words, set(), scope, plan, full_text, words.size)

    return ranked_matches(scope, query, tiers=tiers)


@pytest.mark.usefixtures("directory_data")
def test_held_words_rank_every_query_as_sql_does():
    queries = WORDS + [f"{a} {b}" for a in WORDS[:8] for b in WORDS[25:33]] + ODD_QUERIES
    scope = Organisation.objects.published()
    differing = [
        query
        for query in queries
        if _by_rank(_from_memory(query)) != _by_rank(ranked_matches(scope, query))
    ]
    assert differing == []


@pytest.mark.usefixtures("directory_data")
@pytest.mark.parametrize("query", ["Kasachstan", "Verein Bildung", "DAZ", "Gesellschaften"])
def test_a_list_searched_from_held_words_shows_what_sql_shows(settings, monkeypatch, query):
    settings.SEARCH_MEMORY_MIN_ENTRIES = 10**9
    from_sql = [organisation.pk for organisation in listed(Organisation, query)]
    facetindex.forget()  # its kept search
    settings.SEARCH_MEMORY_MIN_ENTRIES = 0
    _no_sql_search(monkeypatch)
    from_memory = [organisation.pk for organisation in listed(Organisation, query)]
    assert from_memory == from_sql
    assert from_sql


def _no_sql_search(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("searched by SQL")

    monkeypatch.setattr("directory.search.ranking.sql_tiers", refuse)


def test_a_renamed_organisation_is_found_by_its_new_name_only(steppenadler):
    organisation = steppenadler
    organisation.name = "Verein Bergfalke"
    organisation.save()
    assert listed(Organisation, "Bergfalke") == [organisation]
    assert listed(Organisation, "Steppenadler") == []


def test_an_organisation_another_process_changed_is_matched_by_sql(steppenadler):
    """Another worker's change reaches this one through the change log only."""
    organisation = steppenadler
    Organisation.objects.filter(pk=organisation.pk).update(
        search_text="# verein bergfalke # ~ verein bergfalke |  "
    )  # no signal: not this process's write
    pagecache.bump_data_version({LABEL: {organisation.pk}})
    assert listed(Organisation, "Bergfalke") == [organisation]
    assert listed(Organisation, "Steppenadler") == []


@pytest.mark.usefixtures("held_always")
def test_a_new_organisation_is_found_after_the_words_were_read():
    first = OrganisationFactory(name="Verein Steppenadler")
    listed(Organisation, "Steppenadler")
    newcomer = OrganisationFactory(name="Verein Bergfalke", seat=first.seat)
    assert listed(Organisation, "Bergfalke") == [newcomer]


@pytest.mark.usefixtures("held_always")
def test_a_renamed_country_makes_the_words_be_read_again():
    country = CountryFactory(code="KZ", name="Kasachstan")
    organisation = OrganisationFactory(name="Verein Steppenadler")
    organisation.countries.add(country)
    assert listed(Organisation, "Wolkenland") == []
    held_before = _held()
    country.name = "Wolkenland"
    country.save()
    assert listed(Organisation, "Wolkenland") == [organisation]
    assert _held() is not held_before


@pytest.mark.usefixtures("held_always")
def test_a_change_to_what_no_text_shows_keeps_the_words(steppenadler):
    organisation, held_before = steppenadler, _held()
    SourceFactory(organisation=organisation)
    listed(Organisation, "Steppenadler")
    assert _held() is held_before


@pytest.mark.usefixtures("held_always")
def test_a_list_shorter_than_the_setting_is_searched_by_sql(settings):
    settings.SEARCH_MEMORY_MIN_ENTRIES = 2
    organisation = OrganisationFactory(name="Verein Steppenadler")
    assert listed(Organisation, "Steppenadler") == [organisation]
    assert LABEL not in memory.held._held


@pytest.mark.usefixtures("held_always")
def test_words_that_cannot_be_read_leave_the_search_to_sql(monkeypatch, caplog):
    def fail(scope):
        raise DatabaseError("canceling statement due to statement timeout")

    monkeypatch.setattr(memory.Words, "read", staticmethod(fail))
    organisation = OrganisationFactory(name="Verein Steppenadler")
    assert listed(Organisation, "Steppenadler") == [organisation]
    assert LABEL not in memory.held._held
    assert "search words not read" in caplog.text


@pytest.mark.usefixtures("held_always")
def test_words_that_could_not_be_read_are_not_read_again_at_once(monkeypatch):
    reads = []

    def fail(scope):
        reads.append(scope)
        raise DatabaseError("canceling statement due to statement timeout")

    monkeypatch.setattr(memory.Words, "read", staticmethod(fail))
    organisation = OrganisationFactory(name="Verein Steppenadler")
    assert listed(Organisation, "Steppenadler") == [organisation]
    assert listed(Organisation, "Verein") == [organisation]
    assert len(reads) == 1


@pytest.mark.usefixtures("held_always")
def test_an_organisation_added_from_the_countrys_side_is_found_by_the_country():
    country = CountryFactory(code="KZ", name="Kasachstan")
    organisation = OrganisationFactory(name="Verein Steppenadler")
    listed(Organisation, "Steppenadler")  # the words are read
    country.organisations.add(organisation)
    assert listed(Organisation, "Kasachstan") == [organisation]


def test_a_deleted_organisation_is_not_found(steppenadler):
    organisation = steppenadler
    organisation.delete()
    assert listed(Organisation, "Steppenadler") == []


def test_an_organisation_unpublished_in_bulk_is_not_found(steppenadler):
    organisation = steppenadler
    with pagecache.batch():
        Organisation.objects.filter(pk=organisation.pk).update(publication_status="draft")
    assert listed(Organisation, "Steppenadler") == []


@pytest.mark.usefixtures("held_always")
def test_a_renamed_seat_finds_its_organisations_without_reading_the_words_again(steppenadler):
    organisation, held_before = steppenadler, _held()
    organisation.seat.name = "Wolkenstadt"
    organisation.seat.save()
    assert listed(Organisation, "Wolkenstadt") == [organisation]
    assert _held() is held_before


@pytest.mark.usefixtures("held_always")
def test_an_organisation_with_a_new_seat_keeps_the_words():
    OrganisationFactory(name="Verein Steppenadler")
    listed(Organisation, "Steppenadler")
    held_before = _held()
    newcomer = OrganisationFactory(name="Verein Bergfalke", seat=GermanPlaceFactory())
    assert listed(Organisation, "Bergfalke") == [newcomer]
    assert _held() is held_before


@pytest.mark.usefixtures("held_always")
def test_a_new_alternative_name_of_the_seat_finds_its_organisations():
    organisation = OrganisationFactory(name="Verein Steppenadler")
    listed(Organisation, "Steppenadler")
    PlaceAliasFactory(place=organisation.seat, name="Wolkenstadt")
    assert listed(Organisation, "Wolkenstadt") == [organisation]


@pytest.mark.usefixtures("held_always")
def test_more_changed_entries_than_sql_should_match_make_the_words_be_read_again(monkeypatch):
    monkeypatch.setattr(memory, "MAX_DIRTY", 1)
    first = OrganisationFactory(name="Verein Steppenadler")
    second = OrganisationFactory(name="Verein Bergfalke", seat=first.seat)
    listed(Organisation, "Verein")
    held_before = _held()
    for organisation in (first, second):
        organisation.description = "Wir pflanzen Wolkenbäume."
        organisation.save()
    assert listed(Organisation, "Wolkenbäume") == [second, first]
    assert _held() is not held_before


@pytest.mark.usefixtures("held_always")
def test_words_more_versions_behind_than_the_log_spans_are_read_again(steppenadler):
    organisation, held_before = steppenadler, _held()
    for _ in range(changelog.MAX_VERSIONS + 1):
        pagecache.bump_data_version({LABEL: {organisation.pk}})
    assert listed(Organisation, "Steppenadler") == [organisation]
    assert _held() is not held_before


def test_a_reading_voided_by_forget_leaves_the_next_reading_alone():
    words = memory.HeldWords()
    words._reading[LABEL] = (words._generation, {})
    voided = words._generation
    words.forget()
    words._reading[LABEL] = (words._generation, {})  # the next reading, under way
    words._done(LABEL, voided, object())
    assert LABEL in words._reading
    assert LABEL not in words._held


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("held_always")
def test_sql_answers_while_a_thread_reads_the_words(settings, monkeypatch):
    settings.SEARCH_MEMORY_BACKGROUND = True
    organisation = OrganisationFactory(name="Verein Steppenadler")
    reading, release = threading.Event(), threading.Event()
    read = memory.Words.read

    def slow(scope):
        reading.set()
        release.wait(10)
        return read(scope)

    monkeypatch.setattr(memory.Words, "read", staticmethod(slow))
    assert listed(Organisation, "Steppenadler") == [organisation]  # not waiting for the thread
    assert reading.wait(10)
    assert LABEL not in memory.held._held
    release.set()
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and thread.daemon:
            thread.join(10)
    assert LABEL in memory.held._held
    assert listed(Organisation, "Steppenadler") == [organisation]
