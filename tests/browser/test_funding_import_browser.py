"""A curator (Curators group, not a superuser) imports calls from a CSV file in the admin,
clicking through the preview in Chromium."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from directory.models import Call
from tests.browser.test_journeys import log_in
from tests.factories import CountryFactory, CuratorFactory, ProgrammeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_curator_imports_a_calls_csv_after_its_preview(new_context, live_server, tmp_path):
    CountryFactory(code="KG", name="Kirgisistan", is_focus=True)  # a flushed database has none
    programme = ProgrammeFactory(slug="oepr", name="Ausbau der Zusammenarbeit")
    curator = CuratorFactory(username="kuratorin", password="correct horse battery staple")
    assert not curator.is_superuser
    upload = tmp_path / "ausschreibungen.csv"
    upload.write_text(
        "name,kind,programme,opens_on,deadline,deadline_timezone,countries\n"
        "Aufruf 2027,grant,oepr,2026-12-01,2027-01-31 18:00,Asia/Bishkek,KG\n",
        encoding="utf-8",
    )
    page = new_context(base_url=live_server.url).new_page()
    log_in(page, curator)
    page.goto("/admin/directory/call/")
    page.locator("a[href$='/directory/call/import/']").click()
    expect(page.locator("#column-deadline_timezone")).to_be_visible()

    page.locator("#id_file").set_input_files(upload)
    page.locator("form[enctype='multipart/form-data'] input[type=submit]").click()
    expect(page.locator("#import-preview")).to_contain_text("Aufruf 2027")
    expect(page.locator("tr.rejected")).to_have_count(0)
    assert not Call.objects.exists()  # the preview writes nothing

    page.locator("#import-confirm input[name=confirm]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    call = Call.objects.get(name="Aufruf 2027")
    assert call.programme == programme
    assert call.deadline == datetime(2027, 1, 31, 12, 0, tzinfo=UTC)
    expect(page.locator("#result_list")).to_contain_text("Aufruf 2027")
