"""Funding programmes, calls and events: constraints, what is public, the states of calls and
events, lists with facets, details with JSON-LD, feeds, and where they appear."""

import json
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from http import HTTPStatus
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from directory.funding import pages as funding_pages
from directory.matchmaking import partners
from directory.models import Call, CallState, Source
from tests.factories import (
    CallFactory,
    CentralAsianPlaceFactory,
    CooperationFieldFactory,
    CountryFactory,
    EventFactory,
    OrganisationFactory,
    ProgrammeFactory,
    TwinningFactory,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def kg():
    return CountryFactory(code="KG")


@pytest.fixture
def education():
    return CooperationFieldFactory(slug="education", name="Bildung")


def _in(days: int) -> datetime:
    return timezone.now() + timedelta(days=days)


def jsonld(response) -> list[dict]:
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return [json.loads(block) for block in blocks]


# Constraints -------------------------------------------------------------------------------------


def test_database_refuses_a_smallest_amount_above_the_largest():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeFactory(amount_min=Decimal(5000), amount_max=Decimal(1000), currency="EUR")


def test_database_refuses_amounts_without_currency():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeFactory(amount_max=Decimal(1000), currency="")


def test_database_refuses_a_deadline_before_the_opening():
    with pytest.raises(IntegrityError), transaction.atomic():
        CallFactory(opens_on=timezone.localdate() + timedelta(days=10), deadline=_in(1))


def test_database_refuses_an_event_that_ends_before_it_starts():
    today = timezone.localdate()
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(starts_on=today, ends_on=today - timedelta(days=1))


def test_a_source_belongs_to_exactly_one_entry():
    call, programme = CallFactory(), ProgrammeFactory()
    Source.objects.create(call=call, url="https://example.org/call")
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(call=call, programme=programme, url="https://example.org/both")


# Drafts and states -----------------------------------------------------------------------------


@pytest.mark.parametrize("factory", [ProgrammeFactory, CallFactory, EventFactory])
def test_draft_is_neither_listed_nor_shown(client, factory):
    draft = factory(publication_status="draft", name="Geheimer Entwurf")
    list_url = draft.get_absolute_url().rsplit("/", 2)[0] + "/"

    assert "Geheimer Entwurf" not in client.get(list_url).content.decode()
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_call_state_is_open_closing_soon_or_closed_by_its_deadline():
    now = timezone.now()
    call = CallFactory.build(deadline=now + timedelta(days=30))
    assert call.state_at(now) == CallState.OPEN
    call.deadline = now + timedelta(days=14)
    assert call.state_at(now) == CallState.CLOSING
    call.deadline = now - timedelta(minutes=1)
    assert call.state_at(now) == CallState.CLOSED


def test_annotated_state_matches_the_computed_one():
    for days in (30, 10, -2):
        CallFactory(deadline=_in(days))
    for call in Call.objects.with_state():
        assert call.state == call.state_at(timezone.now())


def test_closed_calls_are_listed_last(client):
    CallFactory(name="Längst vorbei", deadline=_in(-30))
    CallFactory(name="Bald vorbei", deadline=_in(3))
    CallFactory(name="Noch lange offen", deadline=_in(90))

    names = [
        call.name for call in client.get(reverse("directory:call-list")).context["object_list"]
    ]

    assert names == ["Bald vorbei", "Noch lange offen", "Längst vorbei"]


def test_deadline_is_shown_in_the_calls_time_zone_and_says_which(client):
    deadline = datetime(2030, 3, 1, 18, 0, tzinfo=ZoneInfo("Asia/Bishkek"))
    call = CallFactory(deadline=deadline, deadline_timezone="Asia/Bishkek")

    page = client.get(call.get_absolute_url()).content.decode()

    assert "18:00" in page  # not 13:00, the same moment in Berlin
    assert "(Ortszeit Bischkek)" in page
    assert 'datetime="2030-03-01T12:00:00+00:00"' in page


def test_deadline_time_zone_is_named_in_the_page_language(client):
    deadline = datetime(2030, 3, 1, 18, 0, tzinfo=ZoneInfo("Asia/Bishkek"))
    call = CallFactory(deadline=deadline, deadline_timezone="Asia/Bishkek")
    with translation.override("ru"):
        page = client.get(call.get_absolute_url()).content.decode()

    assert "(время Бишкека)" in page
    assert "Asia/Bishkek" not in page


def test_deadline_in_a_rarely_used_time_zone_gives_its_utc_offset(client):
    deadline = datetime(2030, 3, 1, 18, 0, tzinfo=ZoneInfo("Asia/Samarkand"))
    call = CallFactory(deadline=deadline, deadline_timezone="Asia/Samarkand")

    page = client.get(call.get_absolute_url()).content.decode()

    assert "(UTC+05:00)" in page
    assert "Asia/Samarkand" not in page


def test_deadline_without_a_time_of_day_shows_the_date_only(client):
    deadline = datetime(2030, 3, 1, 23, 59, tzinfo=ZoneInfo("Europe/Berlin"))
    call = CallFactory(deadline=deadline, deadline_time_known=False)

    page = client.get(call.get_absolute_url()).content.decode()

    assert "23:59" not in page
    assert "ohne Uhrzeitangabe" in page


# Lists and facets ------------------------------------------------------------------------------


def test_call_list_filters_by_country_field_and_state_with_counts(client, kg, education):
    CallFactory(name="Passt", countries=[kg], fields=[education], deadline=_in(40))
    CallFactory(name="Abgelaufen", countries=[kg], fields=[education], deadline=_in(-1))
    CallFactory(name="Anderes Land", fields=[education], deadline=_in(40))

    url = reverse("directory:call-list") + "?country=KG&field=education&state=open"
    response = client.get(url)

    assert [call.name for call in response.context["object_list"]] == ["Passt"]
    facets = {facet.name: facet for facet in response.context["facets"]}
    state_counts = {option.value: option.count for option in facets["state"].options}
    assert state_counts == {"open": 1, "closed": 1}


def test_call_list_search_finds_a_call_by_its_programme(client):
    programme = ProgrammeFactory(name="Kleinprojektefonds")
    CallFactory(name="Runde 2030", programme=programme)
    CallFactory(name="Etwas anderes")

    response = client.get(reverse("directory:call-list") + "?q=Kleinprojektefonds")

    assert [call.name for call in response.context["object_list"]] == ["Runde 2030"]


def test_event_list_shows_upcoming_first_and_filters_past(client):
    today = timezone.localdate()
    EventFactory(name="Vorbei", starts_on=today - timedelta(days=100))
    EventFactory(name="Übermorgen", starts_on=today + timedelta(days=2))
    EventFactory(name="Läuft gerade", starts_on=today - timedelta(days=1), ends_on=today)

    listed = client.get(reverse("directory:event-list")).context["object_list"]
    past = client.get(reverse("directory:event-list") + "?when=past").context["object_list"]

    assert [event.name for event in listed] == ["Läuft gerade", "Übermorgen", "Vorbei"]
    assert [event.name for event in past] == ["Vorbei"]


def test_programme_list_filters_by_status(client):
    ProgrammeFactory(name="Läuft", status="running")
    ProgrammeFactory(name="Vorbei", status="ended")

    response = client.get(reverse("directory:programme-list") + "?status=ended")

    assert [p.name for p in response.context["object_list"]] == ["Vorbei"]


def test_unknown_filter_value_is_ignored_with_a_notice(client):
    response = client.get(reverse("directory:call-list") + "?state=bogus&kind=nothing")

    assert response.status_code == HTTPStatus.OK
    assert response.context["filterset"].ignored


@pytest.mark.parametrize("language", ["en", "ru"])
def test_lists_are_translated(client, language):
    CallFactory()
    response = client.get(f"/{language}/calls/")
    page = response.content.decode()
    assert {"en": "Calls and opportunities", "ru": "Конкурсы и возможности"}[language] in page


def test_description_in_german_only_carries_the_note(client):
    programme = ProgrammeFactory(description="Nur deutsch.")
    page = client.get("/en" + programme.get_absolute_url()[3:]).content.decode()
    assert "only available in German" in page


# Details and JSON-LD ---------------------------------------------------------------------------


def test_programme_page_has_a_monetary_grant_with_funder_and_amounts(client):
    funder = OrganisationFactory(name="Stiftung Beispiel")
    programme = ProgrammeFactory(
        funder=funder, amount_min=Decimal(1000), amount_max=Decimal(50000), currency="EUR"
    )

    (data,) = jsonld(client.get(programme.get_absolute_url()))

    assert data["@type"] == "MonetaryGrant"
    assert data["funder"]["name"] == "Stiftung Beispiel"
    assert data["amount"] == {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "minValue": 1000.0,
        "maxValue": 50000.0,
    }


def test_event_page_has_an_event_with_dates_and_place(client):
    place = CentralAsianPlaceFactory(name="Bischkek", country=CountryFactory(code="KG"))
    event = EventFactory(starts_on=datetime(2030, 5, 1).date(), place=place, online=True)

    (data,) = jsonld(client.get(event.get_absolute_url()))

    assert data["@type"] == "Event"
    assert data["startDate"] == "2030-05-01"
    assert data["eventAttendanceMode"].endswith("MixedEventAttendanceMode")


def test_jsonld_escapes_text_that_would_close_the_script(client):
    call = CallFactory(description="</script><script>alert(1)</script>")

    page = client.get(call.get_absolute_url()).content.decode()

    assert "</script><script>alert(1)" not in page
    (data,) = jsonld(client.get(call.get_absolute_url()))
    assert data["description"] == "</script><script>alert(1)</script>"


def test_event_page_lists_its_organisers_and_twinnings(client):
    organiser = OrganisationFactory(name="Veranstalter e.V.")
    twinning = TwinningFactory()
    event = EventFactory(organisers=[organiser], twinnings=[twinning])

    page = client.get(event.get_absolute_url()).content.decode()

    assert "Veranstalter e.V." in page
    assert twinning.get_absolute_url() in page


# Feeds -----------------------------------------------------------------------------------------


def test_calendar_of_a_filter_holds_its_calls_with_the_deadline_in_their_zone(client, kg):
    deadline = datetime(2030, 3, 1, 18, 0, tzinfo=ZoneInfo("Asia/Bishkek"))
    CallFactory(
        name="In Kirgistan", countries=[kg], deadline=deadline, deadline_timezone="Asia/Bishkek"
    )
    CallFactory(name="Anderswo", deadline=deadline)

    response = client.get(reverse("directory:call-calendar") + "?country=KG")

    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    (item,) = calendar.walk("VEVENT")
    assert str(item["SUMMARY"]).endswith("In Kirgistan")
    start = item.decoded("DTSTART")
    assert start == deadline
    assert str(start.tzinfo) == "Asia/Bishkek"
    assert item["DTSTART"].params["TZID"] == "Asia/Bishkek"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Asia/Bishkek"


def test_calendar_of_one_call_downloads_as_a_file(client):
    call = CallFactory(deadline=datetime(2030, 1, 5, 12, 0, tzinfo=UTC))

    response = client.get(reverse("directory:call-detail-calendar", args=[call.slug]))

    assert "attachment" in response["Content-Disposition"]
    (item,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert item.decoded("DTSTART") == datetime(2030, 1, 5, 12, 0, tzinfo=UTC)


def test_calendar_of_a_date_only_deadline_is_an_all_day_entry(client):
    deadline = datetime(2030, 3, 1, 23, 59, tzinfo=ZoneInfo("Europe/Berlin"))
    call = CallFactory(deadline=deadline, deadline_time_known=False)

    response = client.get(reverse("directory:call-detail-calendar", args=[call.slug]))

    (item,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert item.decoded("DTSTART") == deadline.date()


def test_events_calendar_holds_whole_days(client):
    event = EventFactory(starts_on=datetime(2030, 5, 1).date(), ends_on=datetime(2030, 5, 3).date())

    response = client.get(reverse("directory:event-calendar"))

    (item,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert item.decoded("DTSTART") == event.starts_on
    assert item.decoded("DTEND") == datetime(2030, 5, 4).date()  # exclusive


def test_atom_feed_of_a_filter_holds_its_calls_with_plain_text_summaries(client, kg):
    CallFactory(name="In Kirgistan", countries=[kg], description="Kinder <6 & <b>Eltern</b>")
    CallFactory(name="Anderswo")

    response = client.get(reverse("directory:call-feed") + "?country=KG")

    root = ElementTree.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == ["In Kirgistan"]
    summary = entries[0].find(f"{ATOM}summary")
    assert summary.get("type") == "text"
    assert "Kinder <6 & <b>Eltern</b>" in summary.text


def test_event_atom_feed_parses(client):
    EventFactory(name="Runder Tisch")

    root = ElementTree.fromstring(client.get(reverse("directory:event-feed")).content)

    assert [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")] == ["Runder Tisch"]


# Where they appear -----------------------------------------------------------------------------


def test_organisation_page_lists_its_programmes_calls_and_events(client):
    organisation = OrganisationFactory()
    programme = ProgrammeFactory(name="Ihr Programm", funder=organisation)
    CallFactory(name="Über ihr Programm", programme=programme)
    EventFactory(name="Von ihr veranstaltet", organisers=[organisation])

    page = client.get(organisation.get_absolute_url()).content.decode()

    for name in ("Ihr Programm", "Über ihr Programm", "Von ihr veranstaltet"):
        assert name in page


def test_organisations_appearing_in_no_funding_list_are_read_from_the_index_with_the_same_lists():
    """``for_organisation`` with the index skips the lists' queries for organisations that appear
    in none: it finds exactly what it found without the index, for each way of appearing."""
    organisations = OrganisationFactory.create_batch(9)
    funder, draft_funder, issuer, funder_of_draft, organiser, participant, draft_only = (
        organisations[:7]
    )
    ProgrammeFactory(funder=funder)
    ProgrammeFactory(funder=draft_funder, publication_status="draft")
    CallFactory(organisation=issuer)
    CallFactory(programme=ProgrammeFactory(funder=funder_of_draft, publication_status="draft"))
    EventFactory(organisers=[organiser], participants=[participant])
    EventFactory(participants=[draft_only], publication_status="draft")
    index = partners.name_index()

    found = {o.pk: funding_pages.for_organisation(o) for o in organisations}

    assert funding_pages.appearing(index) == {
        pk for pk, lists in found.items() if any(lists.values())
    }
    assert {o.pk: funding_pages.for_organisation(o, index) for o in organisations} == found


def test_country_page_lists_open_calls_and_upcoming_events(client, kg):
    CallFactory(name="Offen in Kirgistan", countries=[kg])
    CallFactory(name="Vorbei in Kirgistan", countries=[kg], deadline=_in(-1))
    EventFactory(name="Bald in Kirgistan", countries=[kg])

    page = client.get(kg.get_absolute_url()).content.decode()

    assert "Offen in Kirgistan" in page
    assert "Bald in Kirgistan" in page
    assert "Vorbei in Kirgistan" not in page


def test_field_page_lists_open_calls(client, education):
    CallFactory(name="Offen in Bildung", fields=[education])

    assert "Offen in Bildung" in client.get(education.get_absolute_url()).content.decode()


def test_home_page_shows_calls_closing_soon_and_next_events(client):
    CallFactory(name="Schließt bald", deadline=_in(2))
    EventFactory(name="Nächste Veranstaltung")

    page = client.get(reverse("directory:home")).content.decode()

    assert "Schließt bald" in page
    assert "Nächste Veranstaltung" in page


def test_main_navigation_links_the_new_lists(client):
    page = client.get(reverse("directory:home")).content.decode()
    for name in ("programme-list", "call-list", "event-list"):
        assert f'href="{reverse(f"directory:{name}")}"' in page


# Constant queries ------------------------------------------------------------------------------


@pytest.fixture(params=[1, 30], ids=["1-entry", "30-entries"])
def funding(request, kg, education):
    size = request.param
    organisation = OrganisationFactory()
    twinning = TwinningFactory()
    programmes = ProgrammeFactory.create_batch(
        size, countries=[kg], fields=[education], funder=organisation
    )
    calls = [
        CallFactory(programme=programme, countries=[kg], fields=[education])
        for programme in programmes
    ]
    events = EventFactory.create_batch(
        size,
        countries=[kg],
        fields=[education],
        organisers=[organisation],
        participants=[organisation],
        twinnings=[twinning],
        place=twinning.central_asian_place,
    )
    for entry in [*programmes, *calls, *events]:
        Source.objects.create(
            url=f"https://example.org/{entry._meta.model_name}/{entry.pk}",
            **{entry._meta.model_name: entry},
        )
    return {"programme": programmes[0], "call": calls[0], "event": events[0], "org": organisation}


#: A list: vocabulary, index, rows and their two prefetches (countries, fields); a detail: itself
#: and its prefetches (an event: organisers, participants, twinnings, aliases, sources …).
MAX_FUNDING_QUERIES = 8


def test_funding_pages_need_a_constant_number_of_queries(
    client, funding, django_assert_max_num_queries
):
    pages = {
        "programmes": reverse("directory:programme-list") + "?country=KG&field=education",
        "calls": reverse("directory:call-list") + "?q=Ausschreibung&state=open&kind=grant",
        "events": reverse("directory:event-list") + "?when=upcoming&country=KG",
        "programme": funding["programme"].get_absolute_url(),
        "call": funding["call"].get_absolute_url(),
        "event": funding["event"].get_absolute_url(),
        "calls.ics": reverse("directory:call-calendar") + "?country=KG",
        "events.ics": reverse("directory:event-calendar"),
        "calls.atom": reverse("directory:call-feed"),
        "events.atom": reverse("directory:event-feed"),
    }
    for page, url in pages.items():
        with django_assert_max_num_queries(MAX_FUNDING_QUERIES, info=page):
            response = client.get(url)
        assert response.status_code == HTTPStatus.OK, page


def test_organisation_page_with_funding_needs_a_constant_number_of_queries(
    client, funding, django_assert_max_num_queries
):
    # The organisation page's own 7, its programmes, calls, events with two prefetches each, who
    # appears in funding lists, its partner requests and its possible partners.
    with django_assert_max_num_queries(18 + partners.QUERIES):
        response = client.get(funding["org"].get_absolute_url())
    assert response.status_code == HTTPStatus.OK


# Landscape and sitemap ---------------------------------------------------------------------------


def test_landscape_counts_running_programmes_per_field_and_country_and_links_them(
    client, kg, education
):
    CountryFactory(code="KZ", is_focus=True)
    kg.is_focus = True
    kg.save()
    ProgrammeFactory(countries=[kg], fields=[education], status="running")
    ProgrammeFactory(countries=[kg], fields=[education], status="ended")

    response = client.get(reverse("directory:programme-landscape"))

    running = response.context["running"]
    (row,) = [row for row in running.rows if row.key == "education"]
    columns = [key for key, _label in running.columns]
    assert row.cells[columns.index("KG")] == 1
    assert row.cells[columns.index("KZ")] == 0
    link = reverse("directory:programme-list") + "?field=education&country=KG&status=running"
    assert f'href="{link.replace("&", "&amp;")}"' in response.content.decode()
    assert response.context["ended"].total == 1


def test_a_landscape_total_opens_the_list_of_the_five_countries_it_counts(client, kg, education):
    kg.is_focus = True
    kg.save()
    CountryFactory(code="KZ", is_focus=True)
    germany = CountryFactory(code="DE", is_focus=False)
    ProgrammeFactory(countries=[kg], fields=[education], status="running")
    ProgrammeFactory(countries=[germany], fields=[education], status="running")

    running = client.get(reverse("directory:programme-landscape")).context["running"]
    (_row, _cells, total) = next(r for r in running.linked_rows() if r[0].key == "education")
    listed_there = client.get(total.url).context["total"]

    assert total.count == listed_there == 1


def test_sitemap_lists_published_programmes_calls_and_events_only(client):
    published = [ProgrammeFactory(), CallFactory(), EventFactory()]
    drafts = [
        factory(publication_status="draft")
        for factory in (ProgrammeFactory, CallFactory, EventFactory)
    ]

    text = "".join(
        client.get(f"/sitemap-{section}.xml").content.decode()
        for section in ("programmes", "calls", "events")
    )

    for entry in published:
        assert entry.slug in text
    for entry in drafts:
        assert entry.slug not in text


def test_upcoming_event_page_offers_its_own_calendar_file(client):
    event = EventFactory(name="Runder Tisch 2030")

    page = client.get(event.get_absolute_url()).content.decode()
    link = reverse("directory:event-detail-calendar", args=[event.slug])
    (item,) = Calendar.from_ical(client.get(link).content).walk("VEVENT")

    assert f'href="{link}"' in page
    assert str(item["SUMMARY"]) == "Runder Tisch 2030"


# Suggestions -------------------------------------------------------------------------------------


def test_visitor_can_suggest_a_call_or_event(client):
    from directory.models import Suggestion

    response = client.post(
        reverse("directory:suggest"),
        {
            "kind": "call_or_event",
            "subject": "Kleinprojektefonds 2031",
            "message": "Frist 15.10.2031, https://example.org/kpf",
            "consent": "on",
        },
    )

    assert response.status_code == HTTPStatus.FOUND
    suggestion = Suggestion.objects.get()
    assert (suggestion.kind, suggestion.subject) == ("call_or_event", "Kleinprojektefonds 2031")


def test_call_or_event_suggestion_needs_a_name_and_a_message(client):
    response = client.post(reverse("directory:suggest"), {"kind": "call_or_event", "consent": "on"})

    assert response.status_code == HTTPStatus.OK
    assert set(response.context["form"].errors) >= {"subject", "message"}


def test_accepting_a_call_suggestion_opens_a_new_call_in_the_admin(curator_client):
    from directory.models import Suggestion

    suggestion = Suggestion.objects.create(
        kind="call_or_event", subject="Fonds 2031", message="Frist 2031"
    )

    response = curator_client.post(
        reverse("admin:directory_suggestion_accept", args=[suggestion.pk])
    )

    assert response["Location"] == reverse("admin:directory_call_add")
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted"


def test_link_check_covers_published_funding_addresses_and_sources():
    from directory.curation.verification import public_urls

    call = CallFactory(url="https://example.org/call")
    Source.objects.create(call=call, url="https://example.org/call-source")
    draft = EventFactory(publication_status="draft", url="https://example.org/draft")
    Source.objects.create(event=draft, url="https://example.org/draft-source")

    urls = public_urls()

    assert {"https://example.org/call", "https://example.org/call-source"} <= set(urls)
    assert not {"https://example.org/draft", "https://example.org/draft-source"} & set(urls)


def test_admin_changes_are_kept_in_the_history(curator_client):
    from reversion.models import Version

    from tests.admin_forms import change_form_data

    call = CallFactory()
    url = reverse("admin:directory_call_change", args=[call.pk])

    data = change_form_data(curator_client.get(url))
    local = timezone.localtime(call.deadline)  # the admin's split date and time fields
    data.update(
        name_de="Neuer Name",
        deadline_0=local.strftime("%d.%m.%Y"),
        deadline_1=local.strftime("%H:%M:%S"),
    )

    response = curator_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors
    assert Version.objects.get_for_object(call).count() == 1


def test_a_closed_call_offers_no_calendar_entry(client):
    call = CallFactory(opens_on=None, deadline=timezone.now() - timedelta(days=3), name="Vorbei")
    page = client.get(call.get_absolute_url()).content.decode()
    assert reverse("directory:call-detail-calendar", kwargs={"slug": call.slug}) not in page


def test_an_open_call_offers_its_calendar_entry(client):
    call = CallFactory(deadline=timezone.now() + timedelta(days=30))
    page = client.get(call.get_absolute_url()).content.decode()
    assert reverse("directory:call-detail-calendar", kwargs={"slug": call.slug}) in page
