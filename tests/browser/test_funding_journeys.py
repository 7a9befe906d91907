"""Anna on her phone finds an open call by country and field and adds its deadline to her
calendar: she opens the filters, ticks Kyrgyzstan and education, opens the call and downloads
its .ics file, which a calendar reads with the deadline in the call's own time zone."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from tests.browser.checks import collect_page_errors, layout_problems
from tests.browser.conftest import PHONE
from tests.factories import CallFactory, CooperationFieldFactory, CountryFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # see test_public_pages.py
]

BISHKEK = ZoneInfo("Asia/Bishkek")


@pytest.fixture
def calls():
    kyrgyzstan = CountryFactory(code="KG", name="Kirgisistan", is_focus=True)
    kazakhstan = CountryFactory(code="KZ", name="Kasachstan", is_focus=True)
    education = CooperationFieldFactory(slug="education", name="Bildung")
    culture = CooperationFieldFactory(slug="culture", name="Kultur")
    deadline = (timezone.now() + timedelta(days=40)).astimezone(BISHKEK)
    deadline = deadline.replace(hour=17, minute=30, second=0, microsecond=0)
    CallFactory(
        name="Bildungspartnerschaften Kirgistan",
        countries=[kyrgyzstan],
        fields=[education],
        deadline=deadline,
        deadline_timezone="Asia/Bishkek",
    )
    CallFactory(name="Kulturfonds Kirgistan", countries=[kyrgyzstan], fields=[culture])
    CallFactory(name="Bildung in Kasachstan", countries=[kazakhstan], fields=[education])
    CallFactory(
        name="Abgelaufene Bildungsausschreibung",
        countries=[kyrgyzstan],
        fields=[education],
        deadline=timezone.now() - timedelta(days=5),
    )
    return deadline


def test_phone_visitor_finds_an_open_call_and_adds_its_deadline_to_her_calendar(
    new_context, live_server, calls, tmp_path
):
    context = new_context(base_url=live_server.url, viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    problems = collect_page_errors(page)

    page.goto("/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Förderung"
    ).click()
    expect(page.locator("h1")).to_have_text("Ausschreibungen und Angebote")
    assert layout_problems(page) == []

    page.locator("#filter-panel summary").click()
    filters = page.locator(".filters")
    filters.get_by_role("checkbox", name=re.compile("Kirgisistan")).check()
    expect(page.locator("#results-heading")).to_have_text(re.compile("3 Ausschreibungen"))
    filters.get_by_role("checkbox", name=re.compile("Bildung")).check()
    expect(page.locator("#results-heading")).to_have_text(re.compile("2 Ausschreibungen"))
    filters.get_by_role("checkbox", name=re.compile("Offen")).check()
    expect(page.locator("#results-heading")).to_have_text(re.compile("1 Ausschreibung gefunden"))
    for parameter in ("country=KG", "field=education", "state=open"):  # a shareable address
        assert parameter in page.url

    page.get_by_role("link", name="Bildungspartnerschaften Kirgistan").click()
    expect(page.locator("h1")).to_have_text("Bildungspartnerschaften Kirgistan")
    expect(page.locator(".facts")).to_contain_text("17:30")
    expect(page.locator(".facts")).to_contain_text("(Ortszeit Bischkek)")
    assert layout_problems(page) == []

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Frist in den Kalender übernehmen (.ics)").click()
    download = download_info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    assert path.suffix == ".ics"
    (item,) = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    start = item.decoded("DTSTART")
    assert start == calls
    assert str(start.tzinfo) == "Asia/Bishkek"
    assert (start.hour, start.minute) == (17, 30)
    assert item["DTSTART"].params["TZID"] == "Asia/Bishkek"
    assert problems == []
