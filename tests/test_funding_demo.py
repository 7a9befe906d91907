"""The demo programmes, calls and events (directory/demo/funding.json): loaded from sourced facts,
idempotently, with what the directory lacks left empty and reported."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from directory.demo.funding import deadline
from directory.demo.loader import load_demo_data, read_demo_file
from directory.models import Call, Event, Programme, Source

pytestmark = pytest.mark.django_db

FUNDING = read_demo_file("funding.json")


@pytest.fixture
def loaded():
    return load_demo_data()


def test_every_demo_programme_call_and_event_is_loaded_with_its_sources(loaded):
    assert Programme.objects.count() == len(FUNDING["programmes"])
    assert Call.objects.count() == len(FUNDING["calls"])
    assert Event.objects.count() == len(FUNDING["events"])
    for model in (Programme, Call, Event):
        for entry in model.objects.all():
            assert entry.sources.exists(), entry
    assert not Source.objects.filter(read_on__isnull=True, call__isnull=False).exists()


def test_the_2023_round_table_is_an_event():
    load_demo_data()
    event = Event.objects.get(starts_on="2023-09-20")
    assert event.kind == "round_table"


def test_funders_not_in_the_directory_are_left_empty_and_reported(loaded):
    assert any("Europäische Kommission" in note for note in loaded.funding_notes)
    programme = Programme.objects.get(name_de__startswith="Erasmus+ Capacity Building")
    assert programme.funder is None


def test_a_funder_in_the_directory_is_linked(loaded):
    programme = Programme.objects.get(name_de__startswith="Ausbau der Zusammenarbeit")
    assert programme.funder.name == "Auswärtiges Amt"


def test_a_bare_date_deadline_is_the_end_of_that_day_without_a_stated_time():
    moment, time_known = deadline("2026-02-10", None)
    assert moment == datetime(2026, 2, 10, 23, 59, tzinfo=ZoneInfo("Europe/Berlin"))
    assert not time_known


def test_a_deadline_with_a_time_keeps_its_offset():
    moment, time_known = deadline("2018-02-08T12:00:00+01:00", "Europe/Brussels")
    assert moment == datetime(2018, 2, 8, 11, 0, tzinfo=ZoneInfo("UTC"))
    assert time_known


def test_loading_again_changes_no_funding_entry(loaded):
    again = load_demo_data()
    for counts in (again.programmes, again.calls, again.events):
        assert (counts.created, counts.updated, counts.kept) == (0, 0, 0)
