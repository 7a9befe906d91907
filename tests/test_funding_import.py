"""CSV import of funding programmes, calls and events: the same preview-then-confirm import as
organisations (directory/curation/imports.py), with a call's deadline read in its own time zone."""

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory.curation import imports
from directory.models import Call, Event, Programme, PublicationStatus
from tests.factories import (
    CallFactory,
    CentralAsianPlaceFactory,
    OrganisationFactory,
    ProgrammeFactory,
    TwinningFactory,
)

pytestmark = pytest.mark.django_db

PROGRAMMES = (
    "slug,name,funder,status,countries,fields,eligible,amount_min,amount_max,currency\n"
    "oepr,Ausbau der Zusammenarbeit,{funder},running,KZ|KG,education,ngo|Municipalities,"
    '5000,"50000,50",EUR\n'
)
CALLS = (
    "slug,name,kind,programme,opens_on,deadline,deadline_timezone,countries\n"
    "aufruf-2027,Aufruf 2027,grant,{programme},2026-12-01,{deadline},{zone},KG\n"
)


def _run(kind, text, *, dry_run=False):
    return imports.run_import(kind=kind, data=text.encode(), user=None, dry_run=dry_run)


def _programmes_csv():
    funder = OrganisationFactory(name="Auswärtiges Amt")
    return PROGRAMMES.format(funder=funder.slug)


def _calls_csv(deadline="2027-01-31 18:00", zone="Asia/Bishkek", opens_on="2026-12-01"):
    programme = ProgrammeFactory(slug="oepr")
    text = CALLS.format(programme=programme.slug, deadline=deadline, zone=zone)
    return text.replace("2026-12-01", opens_on)


def test_import_creates_a_programme_with_its_references_and_applicants():
    result = _run("programmes", _programmes_csv())
    assert result.written
    programme = Programme.objects.get(slug="oepr")
    assert programme.funder.name == "Auswärtiges Amt"
    assert sorted(programme.countries.values_list("code", flat=True)) == ["KG", "KZ"]
    assert programme.eligible_list == ["ngo", "municipality"]
    assert programme.amount_max == Decimal("50000.50")


def test_reimporting_an_exported_programme_changes_nothing():
    _run("programmes", _programmes_csv())
    exported = imports.csv_response(Programme.objects.all()).content.decode("utf-8-sig")
    assert _run("programmes", exported, dry_run=True).counts["unchanged"] == 1


def test_import_updates_a_call_matched_by_its_slug():
    CallFactory(slug="aufruf-2027", name="Alter Name", kind="grant")
    result = _run("calls", _calls_csv())
    assert result.counts["update"] == 1
    assert Call.objects.get(slug="aufruf-2027").name == "Aufruf 2027"


def test_reimporting_the_same_calls_file_changes_nothing():
    text = _calls_csv()
    _run("calls", text)
    assert _run("calls", text).counts == {"create": 0, "update": 0, "unchanged": 1, "reject": 0}


def test_deadline_is_read_in_the_rows_time_zone():
    _run("calls", _calls_csv(deadline="2027-01-31 18:00", zone="Asia/Bishkek"))
    call = Call.objects.get(slug="aufruf-2027")
    assert call.deadline == datetime(2027, 1, 31, 12, 0, tzinfo=UTC)  # Bishkek is UTC+6
    assert call.deadline_time_known


def test_deadline_without_a_zone_is_read_in_german_time():
    _run("calls", _calls_csv(deadline="2027-01-31 18:00", zone=""))
    assert Call.objects.get(slug="aufruf-2027").deadline == datetime(2027, 1, 31, 17, tzinfo=UTC)


def test_bare_date_deadline_is_the_end_of_that_day_without_a_time():
    _run("calls", _calls_csv(deadline="2027-01-31", zone="Asia/Tashkent"))
    call = Call.objects.get(slug="aufruf-2027")
    assert call.local_deadline.isoformat() == "2027-01-31T23:59:00+05:00"
    assert not call.deadline_time_known


def test_exported_call_reimports_without_changes():
    _run("calls", _calls_csv())
    exported = imports.csv_response(Call.objects.all()).content.decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(exported)))
    assert (row["deadline"], row["deadline_timezone"]) == ("2027-01-31 18:00", "Asia/Bishkek")
    assert _run("calls", exported, dry_run=True).counts["unchanged"] == 1


def test_deadline_before_opening_is_reported_on_its_row_in_words():
    result = _run("calls", _calls_csv(opens_on="2027-03-01"), dry_run=True)
    assert result.errors() == [(2, "deadline", "Die Frist kann nicht vor dem Beginn liegen.")]


def test_deadline_before_opening_in_utc_only_is_reported_without_the_constraint_name():
    # 00:30 in Bishkek on the opening day is the evening before in UTC, where the database
    # compares; the row is rejected either way, in words.
    result = _run("calls", _calls_csv(opens_on="2027-01-31", deadline="2027-01-31 00:30"))
    assert not any("call_deadline" in message for _row, _col, message in result.errors())


def test_largest_amount_below_smallest_is_reported_on_its_row():
    text = _programmes_csv().replace('"50000,50"', "100")
    result = _run("programmes", text, dry_run=True)
    assert result.errors() == [
        (2, "amount_max", "Der größte Betrag kann nicht unter dem kleinsten liegen.")
    ]


def test_unknown_programme_reference_is_reported_on_its_row():
    text = _calls_csv().replace(",oepr,", ",gibt-es-nicht,")
    result = _run("calls", text, dry_run=True)
    assert result.errors() == [(2, "programme", "Nicht gefunden: gibt-es-nicht")]


def test_unknown_applicant_kind_is_reported_on_its_row():
    result = _run("programmes", _programmes_csv().replace("ngo|", "parteien|"), dry_run=True)
    assert result.errors()[0][:2] == (2, "eligible")


def test_yes_no_cell_is_read_as_a_yes_or_no():
    text = "name,starts_on,online\nNetzwerktreffen,2027-05-04,nein\n"
    _run("events", text)
    assert Event.objects.get(name="Netzwerktreffen").online is False


def test_import_creates_an_event_with_its_place_organisers_and_twinnings():
    place, organiser = CentralAsianPlaceFactory(name="Taraz"), OrganisationFactory()
    twinning = TwinningFactory()
    text = (
        "name,kind,starts_on,ends_on,place,organisers,twinnings\n"
        f"Partnerschaftstreffen,partnership_meeting,2027-05-04,2027-05-06,{place.slug},"
        f"{organiser.slug},{twinning.slug}\n"
    )
    _run("events", text)
    event = Event.objects.get(name="Partnerschaftstreffen")
    assert (event.place, list(event.organisers.all())) == (place, [organiser])
    assert list(event.twinnings.all()) == [twinning]


def test_imported_entries_without_a_status_stay_drafts():
    _run("calls", _calls_csv())
    call = Call.objects.get(slug="aufruf-2027")
    assert call.publication_status == PublicationStatus.DRAFT
    assert not Call.objects.published().filter(pk=call.pk).exists()


def test_admin_call_list_links_to_the_import(curator_client):
    response = curator_client.get(reverse("admin:directory_call_changelist"))
    assert reverse("admin:directory_call_import").encode() in response.content


def test_admin_event_import_page_lists_the_columns(curator_client):
    response = curator_client.get(reverse("admin:directory_event_import"))
    assert response.status_code == HTTPStatus.OK
    assert b'id="column-twinnings"' in response.content


def test_admin_programme_template_csv_has_the_layouts_columns(curator_client):
    response = curator_client.get(reverse("admin:directory_programme_import_template"))
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header == list(imports.LAYOUTS["programmes"].columns)


def test_admin_preview_of_a_bad_deadline_shows_the_row_without_error(curator_client):
    text = _calls_csv(opens_on="2027-03-01")
    response = curator_client.post(
        reverse("admin:directory_call_import"),
        {"file": SimpleUploadedFile("calls.csv", text.encode())},
    )
    assert response.status_code == HTTPStatus.OK
    assert b'data-row="2"' in response.content
    assert b"call_deadline_not_before_opening" not in response.content
