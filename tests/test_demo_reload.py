"""Loading the demo data again (every `make run`) never overwrites what a curator changed, and
every entry's first version is in its history.

Small demo files in the loader's own format keep these tests fast; tests/test_demo_data.py loads
the real files.
"""

import copy
from decimal import Decimal

import pytest
import reversion
from reversion.models import Version

from directory.demo import loader
from directory.demo.loader import load_demo_data
from directory.models import DemoRecord, Organisation, Place, PlaceAlias, Twinning

pytestmark = pytest.mark.django_db

PLACES = [
    {
        "name": "Bischkek",
        "country": "KG",
        "kind": "city",
        "federal_state": "",
        "region": "",
        "latitude": Decimal("42.87"),
        "longitude": Decimal("74.59"),
        "aliases": [
            {"name": "Бишкек", "language": "ky, ru", "is_former": False, "note": ""},
            {"name": "Frunse", "language": "de", "is_former": True, "note": "1926–1991"},
        ],
    },
    {
        "name": "Bonn",
        "country": "DE",
        "kind": "city",
        "federal_state": "NW",
        "region": "",
        "latitude": Decimal("50.73"),
        "longitude": Decimal("7.1"),
        "aliases": [],
        "names": {"ru": "Бонн"},
    },
]
ORGANISATION = {
    "name": "Deutsch-Kirgisische Gesellschaft e.V.",
    "other_names": "",
    "acronym": "DKG",
    "kind": "association",
    "description": "Aus den Demodaten.",
    "founded_year": 1992,
    "website": "https://example.org/",
    "seat": ["Bonn", "DE"],
    "publication_status": "published",
    "source": ["https://example.org/about"],
    "internal_note": "",
    "countries": ["KG"],
    "field_terms": ["education"],
    "networks": [],
}
NETWORK = {
    **ORGANISATION,
    "name": "Netzwerk Zentralasien",
    "acronym": "",
    "kind": "network",
    "networks": [],
}
TWINNING = {
    "german_place": ["Bonn", "DE"],
    "central_asian_place": ["Bischkek", "KG"],
    "kind": "twinning",
    "status": "active",
    "established_year": 1995,
    "description": "Städtepartnerschaft.",
    "publication_status": "published",
    "source": ["https://example.org/twinning"],
    "internal_note": "",
    "organisations": ["Deutsch-Kirgisische Gesellschaft e.V."],
}


@pytest.fixture
def files(monkeypatch):
    """The demo files as the loader reads them; a test may change them between loads."""
    data = {
        "places.json": {"places": copy.deepcopy(PLACES)},
        "organisations.json": {
            "organisations": [
                {**copy.deepcopy(ORGANISATION), "networks": ["Netzwerk Zentralasien"]},
                copy.deepcopy(NETWORK),
            ]
        },
        "twinnings.json": {"twinnings": [copy.deepcopy(TWINNING)]},
        "funding.json": {},  # no programmes, calls or events (tests/test_funding_demo.py)
    }
    monkeypatch.setattr(loader, "read_demo_file", lambda name: copy.deepcopy(data[name]))
    return data


def _organisation(files):
    return files["organisations.json"]["organisations"][0]


def _dkg():
    return Organisation.objects.get(acronym="DKG")


def test_second_load_changes_nothing(files):
    load_demo_data()
    again = load_demo_data()
    assert (again.created, again.updated, again.kept) == (0, 0, 0)
    assert again.unchanged == 5


def test_curators_edit_survives_the_next_load_and_no_version_is_written_over_it(files):
    load_demo_data()
    organisation = _dkg()
    organisation.description = "Von einer Kuratorin verbessert."
    organisation.save()
    versions = Version.objects.get_for_object(organisation).count()

    again = load_demo_data()

    assert again.organisations.kept == 1
    assert _dkg().description == "Von einer Kuratorin verbessert."
    assert Version.objects.get_for_object(organisation).count() == versions


def test_curators_edit_survives_even_when_the_files_change_that_field(files):
    load_demo_data()
    Organisation.objects.filter(acronym="DKG").update(website="https://kuratorin.example/")
    _organisation(files)["website"] = "https://neu.example/"

    load_demo_data()

    assert _dkg().website == "https://kuratorin.example/"


def test_a_change_in_the_files_reaches_fields_nobody_edited_and_is_recorded(files):
    load_demo_data()
    _organisation(files)["description"] = "Neue Fassung der Demodaten."
    _organisation(files)["countries"] = ["KG", "KZ"]

    again = load_demo_data()

    organisation = _dkg()
    assert again.organisations.updated == 1
    assert organisation.description == "Neue Fassung der Demodaten."
    assert sorted(organisation.countries.values_list("code", flat=True)) == ["KG", "KZ"]
    latest = Version.objects.get_for_object(organisation).first()
    # In German, the admin's language, with the fields named as in the forms.
    assert latest.revision.get_comment().startswith("Aus den Demodaten aktualisiert: ")
    assert "Beschreibung (Deutsch)" in latest.revision.get_comment()
    assert "Länder der Tätigkeit" in latest.revision.get_comment()
    assert "description_de" not in latest.revision.get_comment()


def test_curators_changes_to_lists_and_aliases_are_kept(files):
    load_demo_data()
    _dkg().fields.clear()
    PlaceAlias.objects.filter(name="Frunse").delete()

    again = load_demo_data()

    assert not _dkg().fields.exists()
    assert not PlaceAlias.objects.filter(name="Frunse").exists()
    assert again.kept == 2


def test_curators_verification_and_unpublishing_are_kept(files):
    load_demo_data()
    Twinning.objects.update(last_verified="2026-11-01", publication_status="draft")

    load_demo_data()

    twinning = Twinning.objects.get()
    assert (str(twinning.last_verified), twinning.publication_status) == ("2026-11-01", "draft")


def test_renamed_entry_is_recognised_not_created_again(files):
    load_demo_data()
    Organisation.objects.filter(acronym="DKG").update(name="Deutsch-Kirgisische Gesellschaft")
    Place.objects.filter(name_de="Bischkek").update(name_de="Bischkek (Hauptstadt)")

    again = load_demo_data()

    assert again.created == 0
    assert Organisation.objects.count() == 2
    assert Place.objects.count() == 2


def test_entry_a_curator_deleted_is_not_created_again(files):
    load_demo_data()
    Twinning.objects.all().delete()

    again = load_demo_data()

    assert again.twinnings.deleted == 1
    assert not Twinning.objects.exists()


def test_source_a_curator_deleted_is_not_added_again(files):
    load_demo_data()
    _dkg().sources.all().delete()
    Twinning.objects.get().sources.all().delete()

    load_demo_data()

    assert not _dkg().sources.exists()
    assert not Twinning.objects.get().sources.exists()


def test_source_new_in_the_files_is_added_beside_the_curators_choice(files):
    load_demo_data()
    _dkg().sources.all().delete()
    _organisation(files)["source"].append("https://example.org/new")

    load_demo_data()

    assert list(_dkg().sources.values_list("url", flat=True)) == ["https://example.org/new"]


def test_every_loaded_entry_has_its_first_version_in_the_history(files):
    load_demo_data()
    for obj in [*Place.objects.all(), *Organisation.objects.all(), *Twinning.objects.all()]:
        versions = Version.objects.get_for_object(obj)
        assert versions.exists(), obj
        assert versions.last().revision.get_comment() == "Aus den Demodaten angelegt"


def test_first_version_holds_the_countries_and_fields(files):
    load_demo_data()
    first = Version.objects.get_for_object(_dkg()).last()
    assert first.field_dict["countries"]
    assert first.field_dict["fields"]


def test_entries_loaded_before_the_records_are_adopted_unless_someone_edited_them(files):
    load_demo_data()
    DemoRecord.objects.all().delete()  # as in a database filled by the earlier loader
    Version.objects.all().delete()
    with reversion.create_revision():  # as the admin saves
        edited = Place.objects.get(name_de="Bonn")
        edited.region = "Rheinland"
        edited.save()
    _organisation(files)["description"] = "Neue Fassung der Demodaten."

    load_demo_data()

    assert _dkg().description == "Neue Fassung der Demodaten."  # never edited: adopted
    assert Place.objects.get(name_de="Bonn").region == "Rheinland"  # edited: kept


def test_a_field_the_loader_did_not_write_before_is_filled_only_when_empty(files):
    load_demo_data()
    record = DemoRecord.objects.get(model="organisation", key=ORGANISATION["name"])
    del record.values["acronym"], record.values["website"]  # as if newly managed
    record.save()
    Organisation.objects.filter(acronym="DKG").update(acronym="", website="https://eigen.example/")
    _organisation(files)["website"] = "https://neu.example/"

    load_demo_data()

    organisation = Organisation.objects.get(name=ORGANISATION["name"])
    assert (organisation.acronym, organisation.website) == ("DKG", "https://eigen.example/")


def test_a_newly_managed_box_is_ticked_on_entries_loaded_before(files):
    load_demo_data()
    _organisation(files)["german_office"] = True

    load_demo_data()

    assert _dkg().german_office is True
