"""A visitor suggests a new organisation; a curator (not a superuser) accepts it into a pre-filled
draft, rejects another with a reason, and rejects several at once from the list. Every step is a
click or a keystroke in Chromium; outcomes are checked in the database and on the page."""

import re

import pytest
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from directory.models import Organisation, PublicationStatus, Suggestion, SuggestionStatus
from tests.browser.journeys import shoot
from tests.browser.test_journeys import log_in
from tests.factories import (
    CentralAsianPlaceFactory,
    CooperationFieldFactory,
    CountryFactory,
    CuratorFactory,
    OrganisationFactory,
    SuggestionFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # the live server reads what the test writes
]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def vocabulary():
    """Countries, fields and a town with names in three languages (the flush after a
    transactional test removes the seeded ones)."""
    CountryFactory(code="DE", name="Deutschland", name_en="Germany", name_ru="Германия")
    kazakhstan = CountryFactory(
        code="KZ", name="Kasachstan", name_en="Kazakhstan", name_ru="Казахстан", is_focus=True
    )
    CooperationFieldFactory(
        slug="education", name="Bildung", name_en="Education", name_ru="Образование"
    )
    CooperationFieldFactory(slug="culture", name="Kultur", name_en="Culture", name_ru="Культура")
    return CentralAsianPlaceFactory(
        name="Taras", name_en="Taraz", name_ru="Тараз", country=kazakhstan
    )


@pytest.fixture
def curator():
    return CuratorFactory(username="kuratorin", password=PASSWORD)


def _open_queue(staff, curator):
    log_in(staff, curator)
    staff.locator("#open-suggestions").get_by_role("link", name=re.compile("Vorschl")).click()
    expect(staff).to_have_url(re.compile(r"/admin/directory/suggestion/\?status__exact=new"))


def test_visitor_suggests_a_new_organisation_and_the_curator_accepts_it_into_a_draft(
    new_context, live_server, vocabulary, curator
):
    existing = OrganisationFactory(name="Freundeskreis Taraz")  # nearly the same name
    visitor = new_context(base_url=live_server.url).new_page()
    staff = new_context(base_url=live_server.url).new_page()

    # The visitor finds the form from the main navigation and types a new organisation.
    visitor.goto("/")
    visitor.locator(".site-nav").get_by_role("link", name="Eintrag vorschlagen").click()
    visitor.get_by_label("Neuen Eintrag vorschlagen", exact=True).check()
    visitor.locator("#id_subject").fill("Freundeskreis Taras e.V.")
    visitor.locator("#id_web_address").fill("freundeskreis-taras.example.org")
    visitor.locator("#id_seat_town").fill("Тараз")
    visitor.locator("#id_seat_country").fill("Kasachstan")
    visitor.get_by_label("Kasachstan", exact=True).check()
    visitor.get_by_label("Deutschland", exact=True).check()
    visitor.get_by_label("Bildung", exact=True).check()
    visitor.locator("#id_short_description").fill("Schüleraustausch zwischen Taras und Dresden.")
    visitor.locator("#id_information_source").fill("https://freundeskreis-taras.example.org")
    visitor.locator("#id_consent").check()
    # Forgot the kind: the form says so and keeps everything typed.
    visitor.get_by_role("main").locator("button[type=submit]").click()
    expect(visitor.locator("[role=alert]")).to_be_visible()
    expect(visitor.locator("#id_seat_town")).to_have_value("Тараз")
    expect(visitor.get_by_label("Bildung", exact=True)).to_be_checked()
    expect(visitor.locator("#id_short_description")).to_have_value(
        "Schüleraustausch zwischen Taras und Dresden."
    )
    visitor.locator("#id_organisation_kind").select_option("association")
    visitor.locator("#id_consent").check()
    visitor.get_by_role("main").locator("button[type=submit]").click()
    visitor.wait_for_url("**/suggest/thanks/")
    suggestion = Suggestion.objects.get()

    # The curator opens the queue from the admin index, opens the suggestion and accepts it.
    _open_queue(staff, curator)
    staff.locator("#result_list").get_by_role(
        "link", name=re.compile("Freundeskreis Taras")
    ).click()
    expect(staff.locator("#content")).to_contain_text("Schüleraustausch zwischen Taras")
    shoot(staff, "suggestion-review")
    staff.locator("input[form=suggestion-accept]").click()

    draft = Organisation.objects.exclude(pk=existing.pk).get()
    expect(staff).to_have_url(re.compile(rf"/admin/directory/organisation/{draft.pk}/change/"))
    expect(staff.locator("#id_name")).to_have_value("Freundeskreis Taras e.V.")
    expect(staff.locator("#id_website")).to_have_value("https://freundeskreis-taras.example.org")
    expect(staff.locator("#id_description_de")).to_have_value(
        "Schüleraustausch zwischen Taras und Dresden."
    )
    warning = staff.locator(".messagelist .warning", has_text="Mögliches Duplikat")
    expect(warning.get_by_role("link", name="Freundeskreis Taraz")).to_have_attribute(
        "href", f"/admin/directory/organisation/{existing.pk}/change/"
    )
    shoot(staff, "suggestion-accepted-draft")
    assert draft.description == "Schüleraustausch zwischen Taras und Dresden."
    assert draft.publication_status == PublicationStatus.DRAFT
    assert draft.seat == vocabulary
    assert sorted(c.code for c in draft.countries.all()) == ["DE", "KZ"]
    assert [f.slug for f in draft.fields.all()] == ["education"]
    assert draft.kind == "association"
    assert draft.source_urls() == ["https://freundeskreis-taras.example.org"]
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED
    assert suggestion.handled_by == curator
    assert suggestion.handled_at is not None
    assert suggestion.created_organisation == draft

    # The suggestion now says who accepted it, and links the draft.
    staff.goto(f"/admin/directory/suggestion/{suggestion.pk}/change/")
    with translation.override("de"):
        when = formats.date_format(timezone.localtime(suggestion.handled_at), "DATETIME_FORMAT")
    expect(staff.locator(".field-decision")).to_contain_text(f"Angenommen von kuratorin am {when}")
    expect(staff.locator("input[form=suggestion-accept]")).to_have_count(0)
    expect(staff.locator(".field-created_organisation_link a")).to_have_text(draft.name)

    # Not public until a curator publishes it.
    visitor.goto("/organisations/?q=Taras")
    expect(visitor.get_by_role("main")).not_to_contain_text("Freundeskreis Taras")


def test_curator_rejects_a_suggestion_with_a_reason(new_context, live_server, curator):
    suggestion = SuggestionFactory(subject="Reisebüro Seidenstraße GmbH")
    staff = new_context(base_url=live_server.url).new_page()

    _open_queue(staff, curator)
    staff.locator("#result_list").get_by_role("link", name=re.compile("Reisebüro")).click()
    staff.locator("#id_reason").fill("Ein Reiseveranstalter, keine zivilgesellschaftliche Arbeit.")
    staff.locator("input[form=suggestion-reject]").click()

    expect(staff).to_have_url(re.compile(r"/admin/directory/suggestion/$"))
    expect(staff.locator(".messagelist")).to_be_visible()
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REJECTED
    assert suggestion.handled_by == curator
    assert suggestion.rejection_reason.startswith("Ein Reiseveranstalter")
    assert not Organisation.objects.exists()
    staff.goto(f"/admin/directory/suggestion/{suggestion.pk}/change/")
    expect(staff.locator(".field-decision")).to_contain_text("kuratorin")
    expect(staff.locator(".field-rejection_reason")).to_contain_text("Reiseveranstalter")


def test_curator_rejects_several_suggestions_from_the_list(new_context, live_server, curator):
    spam = [SuggestionFactory(subject=f"Werbung {n}") for n in range(2)]
    kept = SuggestionFactory(subject="Echter Verein e.V.")
    staff = new_context(base_url=live_server.url).new_page()

    _open_queue(staff, curator)
    for suggestion in spam:
        staff.locator(f"input.action-select[value='{suggestion.pk}']").check()
    staff.locator("select[name=action]").select_option("reject_selected")
    staff.locator("button[name=index]").click()
    staff.locator("#id_reason").fill("Werbung")
    staff.locator("input[type=submit]").click()

    expect(staff).to_have_url(re.compile(r"/admin/directory/suggestion/"))
    expect(staff.locator(".messagelist")).to_contain_text("2")
    assert set(
        Suggestion.objects.filter(pk__in=[s.pk for s in spam]).values_list(
            "status", "rejection_reason", "handled_by"
        )
    ) == {(SuggestionStatus.REJECTED, "Werbung", curator.pk)}
    kept.refresh_from_db()
    assert kept.status == SuggestionStatus.NEW


def test_curator_accepts_several_suggestions_from_the_list_and_is_warned_of_a_duplicate(
    new_context, live_server, curator
):
    existing = OrganisationFactory(name="Deutsch-Usbekische Gesellschaft")
    chosen = [
        SuggestionFactory(subject="Deutsch-Usbekische Gesellschaft e.V."),
        SuggestionFactory(subject="Jugendorchester Samarkand"),
    ]
    kept = SuggestionFactory(subject="Noch zu prüfender Verein")
    staff = new_context(base_url=live_server.url).new_page()

    _open_queue(staff, curator)
    for suggestion in chosen:
        staff.locator(f"input.action-select[value='{suggestion.pk}']").check()
    staff.locator("select[name=action]").select_option("accept_selected")
    staff.locator("button[name=index]").click()

    messages = staff.locator(".messagelist")
    expect(messages.locator(".success")).to_contain_text("2 Vorschläge angenommen")
    shoot(staff, "suggestion-bulk-accepted")
    warning = messages.locator(".warning", has_text="Mögliches Duplikat")
    expect(warning).to_have_count(1)
    expect(warning).to_contain_text("Deutsch-Usbekische Gesellschaft e.V.")
    expect(
        warning.get_by_role("link", name="Deutsch-Usbekische Gesellschaft", exact=True)
    ).to_have_attribute("href", f"/admin/directory/organisation/{existing.pk}/change/")
    drafts = Organisation.objects.filter(publication_status=PublicationStatus.DRAFT)
    assert sorted(drafts.values_list("name", flat=True)) == [
        "Deutsch-Usbekische Gesellschaft e.V.",
        "Jugendorchester Samarkand",
    ]
    for suggestion in chosen:
        suggestion.refresh_from_db()
        assert (suggestion.status, suggestion.handled_by) == (SuggestionStatus.ACCEPTED, curator)
        assert suggestion.created_organisation.name == suggestion.subject
    kept.refresh_from_db()
    assert kept.status == SuggestionStatus.NEW

    # The draft is one click away from the message, and not public yet.
    messages.get_by_role("link", name="Jugendorchester Samarkand").first.click()
    expect(staff.locator("#id_name")).to_have_value("Jugendorchester Samarkand")
    visitor = new_context(base_url=live_server.url).new_page()
    visitor.goto("/organisations/?q=Samarkand")
    expect(visitor.get_by_role("main")).not_to_contain_text("Jugendorchester Samarkand")


def test_new_entry_details_show_only_for_a_new_entry_and_without_javascript(
    new_context, live_server, vocabulary
):
    visitor = new_context(base_url=live_server.url).new_page()
    visitor.goto("/suggest/")
    details = visitor.locator("#new-entry-details")
    expect(details).to_be_visible()
    visitor.get_by_label("Korrektur melden", exact=True).check()
    expect(details).to_be_hidden()
    visitor.get_by_label("Neuen Eintrag vorschlagen", exact=True).check()
    expect(details).to_be_visible()

    # Without JavaScript the details are always shown, and a new entry can be sent.
    plain = new_context(base_url=live_server.url, java_script_enabled=False).new_page()
    plain.goto("/")
    plain.get_by_role("main").get_by_role("link", name="Eintrag vorschlagen").click()
    plain.get_by_label("Korrektur melden", exact=True).check()
    expect(plain.locator("#new-entry-details")).to_be_visible()
    plain.get_by_label("Neuen Eintrag vorschlagen", exact=True).check()
    plain.locator("#id_subject").fill("Kulturverein Taras")
    plain.locator("#id_seat_town").fill("Taraz")
    plain.locator("#id_seat_country").fill("Kazakhstan")
    plain.get_by_label("Kasachstan", exact=True).check()
    plain.get_by_label("Kultur", exact=True).check()
    plain.locator("#id_organisation_kind").select_option("association")
    plain.locator("#id_consent").check()
    plain.get_by_role("main").locator("button[type=submit]").click()
    plain.wait_for_url("**/suggest/thanks/")
    suggestion = Suggestion.objects.get()
    assert (suggestion.subject, suggestion.seat_country) == ("Kulturverein Taras", "Kazakhstan")
    assert (suggestion.activity_countries, suggestion.activity_fields) == ("Kasachstan", "Kultur")


def test_curator_accepts_a_correction_and_lands_on_the_entry_to_correct(
    new_context, live_server, curator
):
    organisation = OrganisationFactory(name="Deutsch-Kasachische Gesellschaft")
    suggestion = SuggestionFactory(
        kind="correction",
        subject="",
        organisation=organisation,
        message="Die Geschäftsstelle ist nach Potsdam umgezogen.",
    )
    staff = new_context(base_url=live_server.url).new_page()

    _open_queue(staff, curator)
    staff.locator("#result_list").get_by_role(
        "link", name=re.compile(r"^#\d+ Deutsch-Kasachische")
    ).click()
    staff.locator("input[form=suggestion-accept]").click()

    expect(staff).to_have_url(
        re.compile(rf"/admin/directory/organisation/{organisation.pk}/change/")
    )
    expect(staff.locator(".messagelist")).to_contain_text("nach Potsdam umgezogen")
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.handled_by) == (SuggestionStatus.ACCEPTED, curator)
    assert Organisation.objects.count() == 1
