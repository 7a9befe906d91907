"""A curator (staff in the Curators group, not a superuser) imports a CSV file and restores an
older version of an entry, clicking through the admin in Chromium; each journey ends with what a
visitor then sees on the public page."""

import csv
import io
import re
from pathlib import Path

import pytest
import reversion
from playwright.sync_api import expect

from directory.models import Organisation
from tests.browser.conftest import ARTIFACTS, DESKTOP, PHONE
from tests.browser.test_journeys import log_in
from tests.factories import (
    CountryFactory,
    CuratorFactory,
    OrganisationFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = ARTIFACTS / "screenshots"

# Row 2 has an unknown country, an impossible year and a bad e-mail (all must show at once), row 3
# an unknown kind; row 4's generated slug would collide with row 5's (the preview picks another),
# row 6 looks like an existing entry.
BAD_FILE = (
    "slug,name,kind,founded_year,email,countries,publication_status\n"
    "dzg,Deutsch-Zentralasiatische Gesellschaft,association,3000,keine-adresse,KZ|XX,published\n"
    "jugend,Jugendbrücke Taschkent,sportclub,,,UZ,published\n"
    ",Collision Test,association,,,KZ,published\n"
    "collision-test,Another Name,association,,,KZ,published\n"
    ",Deutsch-Kasachische Gesellschaft,association,,,KZ,published\n"
)
GOOD_FILE = BAD_FILE.replace("3000,keine-adresse,KZ|XX", "1994,info@dzg.example,KZ|UZ").replace(
    "sportclub", "ngo"
)


@pytest.fixture
def curator():
    CountryFactory(code="KZ", name="Kasachstan", is_focus=True)
    CountryFactory(code="UZ", name="Usbekistan", is_focus=True)
    return CuratorFactory(username="kuratorin", password="correct horse battery staple")


def _shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def _upload(page, path: Path) -> None:
    page.locator("#id_file").set_input_files(path)
    page.locator("form[enctype='multipart/form-data'] input[type=submit]").click()
    expect(page.locator("#import-preview")).to_be_visible()


def test_curator_imports_a_csv_seeing_every_problem_at_once_then_visitors_see_the_entries(
    new_context, live_server, curator, tmp_path
):
    existing = OrganisationFactory(name="Deutsch-Kasachische Gesellschaft e.V.")
    staff = new_context(base_url=live_server.url).new_page()
    log_in(staff, curator)
    staff.goto("/admin/directory/organisation/")
    staff.locator("a[href$='/directory/organisation/import/']").click()

    with staff.expect_download() as download:
        staff.locator("#import-template").click()
    header = next(csv.reader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
    assert header[:3] == ["slug", "name", "acronym"]
    expect(staff.locator("#column-kind")).to_contain_text("association")
    expect(staff.locator("#column-countries")).to_contain_text("KZ")

    bad = tmp_path / "partner.csv"
    bad.write_text(BAD_FILE, encoding="utf-8")
    _upload(staff, bad)
    row2 = staff.locator("tr[data-row='2']")
    expect(row2.locator(".errorlist li")).to_have_count(4)  # the year breaks two rules
    expect(row2).to_contain_text("XX")
    expect(row2).to_contain_text("founded_year")
    expect(row2).to_contain_text("email")
    expect(staff.locator("tr[data-row='3'] .errorlist")).to_contain_text("kind")
    expect(staff.locator("tr[data-row='4']")).to_contain_text("collision-test-2")
    expect(staff.locator("tr[data-row='6'] .duplicate-warning")).to_contain_text(existing.name)
    expect(staff.locator("#import-confirm")).to_have_count(0)
    _shoot(staff, "import-preview-1280")
    staff.set_viewport_size(PHONE)
    _shoot(staff, "import-preview-375")
    staff.set_viewport_size(DESKTOP)
    assert not Organisation.objects.filter(name="Collision Test").exists()

    good = tmp_path / "partner-korrigiert.csv"
    good.write_text(GOOD_FILE, encoding="utf-8")
    _upload(staff, good)
    expect(staff.locator("tr.rejected")).to_have_count(0)
    staff.locator("#import-confirm input[name=confirm]").click()
    expect(staff.locator("#import-confirm .errornote")).to_be_visible()  # duplicates unchecked
    assert not Organisation.objects.filter(name="Collision Test").exists()
    staff.locator("#id_duplicates_checked").check()
    staff.locator("#import-confirm input[name=confirm]").click()
    expect(staff.locator(".messagelist .success")).to_be_visible()

    created = Organisation.objects.get(slug="dzg")
    assert created.founded_year == 1994
    assert sorted(created.countries.values_list("code", flat=True)) == ["KZ", "UZ"]
    assert dict(
        Organisation.objects.filter(name__in=["Collision Test", "Another Name"]).values_list(
            "name", "slug"
        )
    ) == {"Collision Test": "collision-test-2", "Another Name": "collision-test"}

    visitor = new_context(base_url=live_server.url).new_page()
    visitor.goto(created.get_absolute_url())
    expect(visitor.get_by_role("heading", level=1)).to_have_text(created.name)
    expect(visitor.get_by_role("main")).to_contain_text("Usbekistan")


def test_curator_restores_an_older_version_after_seeing_what_changes(
    new_context, live_server, curator
):
    kazakhstan = CountryFactory(code="KZ")
    uzbekistan = CountryFactory(code="UZ")
    with reversion.create_revision():
        organisation = OrganisationFactory(
            name="Deutsch-Kasachische Gesellschaft",
            description="Brücke zwischen Berlin und Almaty seit 1992.",
            countries=[kazakhstan],
        )
        # Loaded in the same batch (as the demo loader and the import save entries).
        neighbour = OrganisationFactory(name="Nachbar im selben Import", description="Alt.")
        reversion.set_comment("Erste Fassung")
    neighbour.description = "Von einer Kollegin aktualisiert."
    neighbour.save()
    with reversion.create_revision():
        organisation.description = "Versehentlich überschrieben."
        organisation.save()
        organisation.countries.set([uzbekistan])
        reversion.set_comment("Irrtum")

    staff = new_context(base_url=live_server.url).new_page()
    log_in(staff, curator)
    staff.goto(f"/admin/directory/organisation/{organisation.pk}/change/")
    staff.locator("a.historylink").click()
    staff.locator("#change-history a[href*='/history/']").last.click()

    preview = staff.locator("#restore-preview")
    expect(preview).to_contain_text("Versehentlich überschrieben.")
    expect(preview).to_contain_text("Brücke zwischen Berlin und Almaty seit 1992.")
    expect(preview.locator("tr", has_text="Usbekistan")).to_contain_text("Kasachstan")
    _shoot(staff, "restore-diff-1280")
    staff.set_viewport_size(PHONE)
    _shoot(staff, "restore-diff-375")
    staff.set_viewport_size(DESKTOP)
    organisation.refresh_from_db()
    assert organisation.description == "Versehentlich überschrieben."

    staff.locator("#restore-confirm").click()
    expect(staff.locator(".messagelist .success")).to_be_visible()

    organisation.refresh_from_db()
    assert organisation.description == "Brücke zwischen Berlin und Almaty seit 1992."
    assert list(organisation.countries.values_list("code", flat=True)) == ["KZ"]
    neighbour.refresh_from_db()
    assert neighbour.description == "Von einer Kollegin aktualisiert."  # not restored with it
    assert neighbour.search_text  # and still found
    visitor = new_context(base_url=live_server.url).new_page()
    visitor.goto(organisation.get_absolute_url())
    expect(visitor.get_by_role("main")).to_contain_text("Brücke zwischen Berlin und Almaty")
    expect(visitor.get_by_role("main")).not_to_contain_text("Versehentlich")
    assert re.search("Kasachstan", visitor.get_by_role("main").inner_text())
