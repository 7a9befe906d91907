"""CSV import (all or nothing, with a dry-run preview) and CSV export of admin selections."""

import csv
import io
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from reversion.models import Version

from directory import imports
from directory.models import Organisation, Place, Twinning
from tests.factories import (
    CentralAsianPlaceFactory,
    GermanPlaceFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PLACES = (
    "name,country,kind,federal_state,region,latitude,longitude\n"
    "Taraz,KZ,city,,Schambyl,42.9,71.37\n"
    "Halle (Saale),DE,city,ST,,51.48,11.97\n"
)
ORGANISATIONS = (
    "name,acronym,kind,countries,fields,seat,publication_status,last_verified\n"
    "Freundeskreis Taraz e.V.,FKT,association,KZ;KG,,{seat},published,2025-01-15\n"
    "Deutsch-Usbekische Gesellschaft,,Association,UZ,,,draft,\n"
)


def _run(kind, text, *, dry_run=False, user=None):
    return imports.run_import(kind=kind, data=text.encode(), user=user, dry_run=dry_run)


def _organisations_csv():
    seat = CentralAsianPlaceFactory(name="Taraz")
    return ORGANISATIONS.format(seat=seat.slug)


# --- Validation and the all-or-nothing rule --------------------------------------------------


def test_import_creates_places():
    result = _run("places", PLACES)
    assert result.written
    assert set(Place.objects.values_list("name", flat=True)) == {"Taraz", "Halle (Saale)"}


def test_import_creates_organisations_with_countries():
    _run("organisations", _organisations_csv())
    organisation = Organisation.objects.get(acronym="FKT")
    assert sorted(organisation.countries.values_list("code", flat=True)) == ["KG", "KZ"]
    assert organisation.seat.name == "Taraz"


def test_choice_given_by_label_is_accepted():
    _run("organisations", _organisations_csv())
    assert Organisation.objects.get(name="Deutsch-Usbekische Gesellschaft").kind == "association"


def test_dry_run_reports_but_writes_nothing():
    result = _run("places", PLACES, dry_run=True)
    assert result.counts["create"] == 2
    assert not result.written
    assert not Place.objects.exists()


def test_one_bad_row_rejects_the_whole_file():
    bad = PLACES + "Nirgendwo,XX,city,,,,\n"
    result = _run("places", bad)
    assert not result.written
    assert not Place.objects.exists()


def test_rejection_names_row_column_and_reason():
    bad = PLACES + "Taschkent,UZ,city,,,91,69\n"
    result = _run("places", bad, dry_run=True)
    assert result.errors() == [(4, "latitude", result.errors()[0][2])]
    assert "90" in result.errors()[0][2]


def test_model_validation_applies_to_imported_rows():
    result = _run("places", "name,country,federal_state\nAlmaty,KZ,BY\n")
    assert result.errors()[0][:2] == (2, "federal_state")


def test_unknown_reference_is_rejected():
    result = _run("organisations", "name,countries\nVerein,KZ;QQ\n")
    assert result.errors() == [(2, "countries", "Not found: QQ")]


def test_same_entry_twice_in_a_file_is_rejected():
    result = _run("places", PLACES + "Taraz,KZ,city,,,,\n")
    assert result.errors()[0][0] == 4


def test_unknown_column_rejects_the_file():
    result = _run("places", "name,country,population\nTaraz,KZ,358000\n")
    assert result.file_errors
    assert not Place.objects.exists()


def test_nul_byte_rejects_the_file_without_crashing():
    result = _run("places", "name,country\nTa\x00raz,KZ\n")
    assert result.file_errors


def test_semicolon_separated_windows_file_with_decimal_comma_is_read():
    text = "name;country;latitude;longitude\r\nKöln;DE;50,94;6,96\r\n"
    imports.run_import(kind="places", data=text.encode("cp1252"), user=None, dry_run=False)
    place = Place.objects.get()
    assert (place.name, str(place.latitude)) == ("Köln", "50.94000")


# --- Idempotence and updates -----------------------------------------------------------------


def test_reimporting_the_same_file_changes_nothing():
    csv_text = _organisations_csv()
    _run("organisations", csv_text)
    before = list(Organisation.objects.values().order_by("pk"))
    result = _run("organisations", csv_text)
    assert result.counts == {"create": 0, "update": 0, "unchanged": 2, "reject": 0}
    assert list(Organisation.objects.values().order_by("pk")) == before


def test_reimporting_places_changes_nothing():
    _run("places", PLACES)
    assert _run("places", PLACES).counts["unchanged"] == 2


def test_changed_value_is_reported_and_applied():
    _run("places", PLACES)
    result = _run("places", PLACES.replace("Schambyl", "Dschambul"))
    assert result.counts["update"] == 1
    assert result.rows[0].changes == ["region: Schambyl → Dschambul"]
    assert Place.objects.get(name="Taraz").region == "Dschambul"


def test_import_creates_twinning_by_place_slugs():
    german, central = GermanPlaceFactory(name="Halle"), CentralAsianPlaceFactory(name="Taraz")
    text = f"german_place,central_asian_place,established_year\n{german.slug},{central.slug},1996\n"
    _run("twinnings", text)
    assert Twinning.objects.get().established_year == 1996
    assert _run("twinnings", text).counts["unchanged"] == 1


def test_import_is_recorded_in_the_history():
    importer = UserFactory()
    _run("places", PLACES, user=importer)
    version = Version.objects.get_for_object(Place.objects.get(name="Taraz")).get()
    assert version.revision.user == importer


# --- Export ----------------------------------------------------------------------------------


def test_exported_organisations_reimport_without_changes():
    _run("organisations", _organisations_csv())
    response = imports.csv_response(Organisation.objects.all())
    exported = response.content.decode("utf-8-sig")
    assert _run("organisations", exported, dry_run=True).counts["unchanged"] == 2


def test_export_neutralises_spreadsheet_formulas():
    OrganisationFactory(name='=HYPERLINK("http://evil")')
    text = imports.csv_response(Organisation.objects.all()).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["name"].startswith("'=")


def test_admin_export_action_returns_csv_of_the_selection(curator_client):
    chosen, _other = OrganisationFactory(name="Gewählt"), OrganisationFactory(name="Andere")
    response = curator_client.post(
        reverse("admin:directory_organisation_changelist"),
        {"action": "export_as_csv", "_selected_action": [chosen.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["name"] for row in rows] == ["Gewählt"]


# --- The admin pages -------------------------------------------------------------------------

IMPORT_URL = reverse("admin:directory_place_import")


def _upload(client, text, name="orte.csv"):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, text.encode())})


def test_admin_upload_shows_preview_and_writes_nothing(curator_client):
    response = _upload(curator_client, PLACES)
    assert response.status_code == HTTPStatus.OK
    assert response.context["result"].counts["create"] == 2
    assert not Place.objects.exists()


def test_admin_preview_of_bad_file_offers_no_import(curator_client):
    response = _upload(curator_client, PLACES + "Nirgendwo,XX,city,,,,\n")
    assert "Not found: XX" in response.text
    assert 'name="confirm"' not in response.text


def test_admin_confirm_imports_the_previewed_file(curator_client):
    preview = _upload(curator_client, PLACES)
    response = curator_client.post(
        IMPORT_URL, {"confirm": "1", "payload": preview.context["payload"]}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Place.objects.count() == 2


def test_admin_confirm_with_tampered_payload_is_refused(curator_client):
    response = curator_client.post(IMPORT_URL, {"confirm": "1", "payload": "forged"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Place.objects.exists()


def test_staff_without_curators_group_cannot_import(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(IMPORT_URL).status_code == HTTPStatus.FORBIDDEN
    assert _upload(client, PLACES).status_code == HTTPStatus.FORBIDDEN


def test_changelist_links_to_import(curator_client):
    response = curator_client.get(reverse("admin:directory_organisation_changelist"))
    assert reverse("admin:directory_organisation_import") in response.text


# --- Management command ----------------------------------------------------------------------


def test_command_imports_a_file(tmp_path):
    path = tmp_path / "orte.csv"
    path.write_text(PLACES)
    call_command("import_directory", "places", str(path), stdout=io.StringIO())
    assert Place.objects.count() == 2


def test_command_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "orte.csv"
    path.write_text(PLACES)
    out = io.StringIO()
    call_command("import_directory", "places", str(path), "--dry-run", stdout=out)
    assert "2 to create" in out.getvalue()
    assert not Place.objects.exists()


def test_command_fails_on_bad_file_and_writes_nothing(tmp_path):
    path = tmp_path / "orte.csv"
    path.write_text(PLACES + "Nirgendwo,XX,city,,,,\n")
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_directory", "places", str(path), stderr=io.StringIO())
    assert not Place.objects.exists()
