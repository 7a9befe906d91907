"""CSV import (all or nothing, with a dry-run preview) and CSV export of admin selections."""

import csv
import io
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from directory.curation import imports
from directory.models import Organisation, Place, Twinning
from tests.factories import (
    CentralAsianPlaceFactory,
    GermanPlaceFactory,
    OrganisationFactory,
    PlaceAliasFactory,
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
    "Freundeskreis Taraz e.V.,FKT,association,KZ|KG,,{seat},published,2025-01-15\n"
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
    result = _run("organisations", "name,countries\nVerein,KZ|QQ\n")
    assert result.errors() == [(2, "countries", "Nicht gefunden: QQ")]


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
    assert "Nicht gefunden: XX" in response.text
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


# --- Every problem at once, slugs as saved, empty cells, duplicates (issues 17 and 25) --------


def test_a_row_with_a_wrong_reference_shows_its_other_problems_too():
    result = _run("places", "name,country,latitude,longitude\nNirgendwo,XX,91,200\n", dry_run=True)
    assert sorted(column for _row, column, _msg in result.errors()) == [
        "country",
        "latitude",
        "longitude",
    ]


def test_a_repeated_row_shows_its_own_problems_too():
    result = _run("places", PLACES + "Taraz,KZ,village,,,,\n", dry_run=True)
    assert sorted(column for row, column, _msg in result.errors() if row == 4) == ["kind", "–"]


def test_rows_are_checked_even_when_the_file_has_an_unknown_column():
    result = _run("places", "name,country,population\nTaraz,XX,358000\n", dry_run=True)
    assert result.file_errors
    assert result.errors()[0][:2] == (2, "country")


def test_generated_slug_avoids_a_slug_given_later_in_the_file():
    text = "slug,name\n,Collision Test\ncollision-test,Another Name\n"
    preview = _run("organisations", text, dry_run=True)
    assert preview.is_valid
    assert preview.rows[0].form.instance.slug == "collision-test-2"

    result = _run("organisations", text)

    assert result.written
    assert dict(Organisation.objects.values_list("slug", "name")) == {
        "collision-test-2": "Collision Test",
        "collision-test": "Another Name",
    }


def test_generated_slugs_of_two_new_places_with_the_same_name_differ():
    result = _run("places", "name,country\nTaraz,KZ\nTaraz,DE\n")
    assert result.written
    assert sorted(Place.objects.values_list("slug", flat=True)) == ["taraz", "taraz-2"]


def test_generated_slug_avoids_slugs_in_the_database():
    OrganisationFactory(name="Anderer Verein", slug="collision-test")
    result = _run("organisations", "slug,name\n,Collision Test\n")
    assert result.written
    assert Organisation.objects.get(name="Collision Test").slug == "collision-test-2"


def test_confirm_that_the_database_refuses_writes_nothing_and_says_why(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise imports.DatabaseError("duplicate key value violates unique constraint")

    monkeypatch.setattr(Place, "save", refuse)
    result = _run("places", PLACES)
    assert not result.written
    assert "3" in result.file_errors[0] or "2" in result.file_errors[0]
    assert not Place.objects.exists()


def test_empty_cell_keeps_the_stored_value():
    _run("places", PLACES)
    result = _run("places", "name,country,region\nTaraz,KZ,\n")
    assert result.counts["unchanged"] == 1
    assert result.rows[0].kept == ["region"]
    assert Place.objects.get(name="Taraz").region == "Schambyl"


def test_dash_clears_the_stored_value():
    _run("places", PLACES)
    result = _run("places", "name,country,region,latitude,longitude\nTaraz,KZ,-,-,-\n")
    assert result.counts["update"] == 1
    place = Place.objects.get(name="Taraz")
    assert (place.region, place.latitude) == ("", None)


def test_dash_clears_a_list_column():
    _run("organisations", _organisations_csv())
    _run("organisations", "name,countries\nFreundeskreis Taraz e.V.,-\n")
    assert not Organisation.objects.get(acronym="FKT").countries.exists()


def test_an_identifying_column_cannot_be_cleared():
    result = _run("places", "name,country\nTaraz,-\n", dry_run=True)
    assert result.errors()[0][:2] == (2, "country")


def test_empty_cell_of_a_new_entry_gets_the_default():
    _run("organisations", "name,kind\nVerein ohne Art,\n")
    assert Organisation.objects.get().kind == "other"


def test_an_exported_dash_is_imported_as_text_not_as_clear_marker():
    OrganisationFactory(name="Strich", acronym="-")
    exported = imports.csv_response(Organisation.objects.all()).content.decode("utf-8-sig")
    assert _run("organisations", exported, dry_run=True).counts["unchanged"] == 1


def test_new_organisation_like_an_existing_one_is_flagged_and_needs_a_check():
    existing = OrganisationFactory(name="Deutsch-Kasachische Gesellschaft e.V.")
    text = "name\nDeutsch-Kasachische Gesellschaft\n"
    result = _run("organisations", text)
    assert [d.label for d in result.rows[0].duplicates] == [existing.name]
    assert not result.written
    assert result.duplicates_unchecked
    assert imports.run_import(
        kind="organisations", data=text.encode(), user=None, dry_run=False, duplicates_checked=True
    ).written


def test_two_alike_new_rows_in_one_file_are_flagged():
    result = _run("organisations", "name\nFreundeskreis Osch\nFreundeskreis Osch e.V.\n")
    assert result.rows[1].duplicates[0].row == 2


def test_new_place_like_an_existing_alias_in_the_same_country_is_flagged():
    PlaceAliasFactory(place=CentralAsianPlaceFactory(name="Almaty"), name="Alma-Ata")
    result = _run("places", "name,country\nAlma Ata,KZ\nAlma Ata,DE\n", dry_run=True)
    assert [bool(row.duplicates) for row in result.rows] == [True, False]


def test_lists_are_separated_by_a_bar_as_in_the_public_download():
    _run("organisations", _organisations_csv())
    rows = list(
        csv.DictReader(
            io.StringIO(
                imports.csv_response(Organisation.objects.all()).content.decode("utf-8-sig")
            )
        )
    )
    assert {row["countries"] for row in rows} == {"KZ|KG", "UZ"}


def test_semicolon_lists_of_older_files_are_still_read():
    _run("organisations", "name,countries\nVerein,KZ;UZ\n")
    assert Organisation.objects.get().countries.count() == 2


def test_template_csv_holds_the_columns(curator_client):
    response = curator_client.get(reverse("admin:directory_organisation_import_template"))
    assert response["Content-Disposition"].startswith("attachment")
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header == list(imports.LAYOUTS["organisations"].columns)


def test_import_page_lists_the_allowed_values(curator_client):
    response = curator_client.get(reverse("admin:directory_organisation_import"))
    assert "<code>association</code>" in response.text  # kinds
    assert "<code>KZ</code>" in response.text  # countries
    places = curator_client.get(IMPORT_URL).text
    assert "<code>BY</code>" in places  # federal states


def test_admin_confirm_of_flagged_rows_without_the_tick_writes_nothing(curator_client):
    OrganisationFactory(name="Deutsch-Kasachische Gesellschaft e.V.")
    url = reverse("admin:directory_organisation_import")
    preview = curator_client.post(
        url, {"file": SimpleUploadedFile("o.csv", b"name\nDeutsch-Kasachische Gesellschaft\n")}
    )
    payload = preview.context["payload"]
    refused = curator_client.post(url, {"confirm": "1", "payload": payload})
    assert refused.status_code == HTTPStatus.OK
    assert Organisation.objects.count() == 1
    done = curator_client.post(
        url, {"confirm": "1", "payload": payload, "duplicates_checked": "on"}
    )
    assert done.status_code == HTTPStatus.FOUND
    assert Organisation.objects.count() == 2


def test_import_in_an_english_admin_matches_places_by_their_german_name():
    _run("places", PLACES)
    with translation.override("en"):
        result = _run("places", PLACES.replace("Schambyl", "Zhambyl"))
    assert result.counts["update"] == 1
    assert Place.objects.get(name_de="Taraz").region == "Zhambyl"


def test_a_twinning_with_both_places_on_the_wrong_side_shows_both_problems():
    german, central = GermanPlaceFactory(name="Halle"), CentralAsianPlaceFactory(name="Taraz")
    text = f"german_place,central_asian_place\n{central.slug},{german.slug}\n"
    result = _run("twinnings", text, dry_run=True)
    assert sorted(column for _row, column, _msg in result.errors()) == [
        "central_asian_place",
        "german_place",
    ]


def test_command_imports_flagged_rows_only_when_told_they_were_checked(tmp_path):
    OrganisationFactory(name="Deutsch-Kasachische Gesellschaft e.V.")
    path = tmp_path / "o.csv"
    path.write_text("name\nDeutsch-Kasachische Gesellschaft\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="duplicates-checked"):
        call_command("import_directory", "organisations", str(path), stderr=err)
    assert "possible duplicate of Deutsch-Kasachische Gesellschaft e.V." in err.getvalue()
    call_command(
        "import_directory", "organisations", str(path), "--duplicates-checked", stdout=io.StringIO()
    )
    assert Organisation.objects.count() == 2


def test_admin_confirm_after_someone_took_the_previewed_slug_still_imports(curator_client):
    url = reverse("admin:directory_organisation_import")
    text = b"slug,name\n,Collision Test\ncollision-test,Another Name\n"
    preview = curator_client.post(url, {"file": SimpleUploadedFile("o.csv", text)})
    assert preview.context["result"].rows[0].form.instance.slug == "collision-test-2"
    OrganisationFactory(name="Anderer Verein", slug="collision-test-2")  # meanwhile

    response = curator_client.post(url, {"confirm": "1", "payload": preview.context["payload"]})

    assert response.status_code == HTTPStatus.FOUND
    assert Organisation.objects.get(name="Collision Test").slug == "collision-test-3"


def test_admin_confirm_that_the_database_refuses_answers_with_a_message(
    curator_client, monkeypatch
):
    preview = _upload(curator_client, PLACES)

    def refuse(self, *args, **kwargs):
        raise imports.DatabaseError("deadlock detected")

    monkeypatch.setattr(Place, "save", refuse)
    response = curator_client.post(
        IMPORT_URL, {"confirm": "1", "payload": preview.context["payload"]}
    )
    assert response.status_code == HTTPStatus.OK
    assert "deadlock detected" in response.text
    assert 'name="confirm"' in response.text or "errorlist" in response.text
