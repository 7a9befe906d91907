"""A town's school posts a partner request on a phone; a curator (not a superuser) accepts it in
the admin by clicking; it appears in the public list; another visitor answers it through the
relay form and the poster receives the message by e-mail, without anyone seeing the address."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from directory.models import PartnerRequest, PartnerRequestStatus
from tests.browser.conftest import PHONE
from tests.browser.test_journeys import log_in
from tests.factories import (
    CooperationFieldFactory,
    CountryFactory,
    CuratorFactory,
    PartnerRequestFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # the live server reads what the test writes
]

POSTER = "sekretariat@gymnasium-pirna.example"


@pytest.fixture
def vocabulary():
    """Countries and fields (the flush after a transactional test removes the seeded ones)."""
    CountryFactory(code="DE", name="Deutschland", name_en="Germany", name_ru="Германия")
    CountryFactory(
        code="KG", name="Kirgisistan", name_en="Kyrgyzstan", name_ru="Кыргызстан", is_focus=True
    )
    return CooperationFieldFactory(
        slug="education", name="Bildung", name_en="Education", name_ru="Образование"
    )


def test_request_posted_on_a_phone_is_accepted_listed_and_answered_by_e_mail(
    new_context, live_server, vocabulary, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    curator = CuratorFactory(username="kuratorin", password="correct horse battery staple")
    poster = new_context(base_url=live_server.url, viewport=PHONE).new_page()
    staff = new_context(base_url=live_server.url).new_page()
    visitor = new_context(base_url=live_server.url, viewport=PHONE).new_page()

    # The poster finds the form from the main navigation and types the request.
    poster.goto("/")
    poster.locator(".site-nav").get_by_role("link", name="Partnergesuche").click()
    poster.get_by_role("link", name="Partnergesuch einstellen").click()
    poster.locator("#id_poster_name").fill("Gymnasium Pirna")
    poster.locator("#id_title").fill("Eine Schule in Kirgisistan für einen Schüleraustausch")
    poster.locator("#id_description").fill("Wir möchten 2027 mit zehn Schülerinnen und Schülern …")
    poster.locator("#id_language").select_option("de")
    poster.get_by_label("Kirgisistan", exact=True).check()
    poster.get_by_label("Bildung", exact=True).check()
    poster.locator("#id_partner_kind").select_option("university")
    poster.locator("#id_contact_email").fill(POSTER)
    # Forgot the consent: the form says so and keeps everything typed.
    poster.get_by_role("main").locator("button[type=submit]").click()
    expect(poster.locator("[role=alert]")).to_be_visible()
    expect(poster.locator("#id_title")).to_have_value(
        "Eine Schule in Kirgisistan für einen Schüleraustausch"
    )
    expect(poster.get_by_label("Kirgisistan", exact=True)).to_be_checked()
    poster.locator("#id_consent").check()
    poster.get_by_role("main").locator("button[type=submit]").click()
    poster.wait_for_url("**/partners/requests/thanks/")
    partner_request = PartnerRequest.objects.get()
    assert partner_request.status == PartnerRequestStatus.SUBMITTED
    assert partner_request.contact_email == POSTER
    assert [c.code for c in partner_request.countries.all()] == ["KG"]
    assert partner_request.partner_kind == "university"

    # Not public before a curator accepts it.
    visitor.goto("/partners/requests/")
    expect(visitor.get_by_role("main")).not_to_contain_text("Schüleraustausch")

    # The curator opens the queue from the admin index and accepts the request by clicking.
    log_in(staff, curator)
    staff.locator("#open-partner-requests").get_by_role("link").click()
    staff.locator("#result_list").get_by_role("link", name=re.compile("Schüleraustausch")).click()
    staff.locator("input[form=partner-request-accept]").click()
    expect(staff.locator(".messagelist")).to_be_visible()
    expect(staff.locator("input[form=partner-request-accept]")).to_have_count(0)
    partner_request.refresh_from_db()
    assert partner_request.status == PartnerRequestStatus.ACCEPTED
    assert partner_request.handled_by == curator

    # Another visitor finds it in the list, filtered by country, and answers it.
    visitor.goto("/partners/requests/")
    visitor.locator("#id_country").select_option("KG")
    visitor.get_by_role("button", name="Gesuche anzeigen").click()
    expect(visitor).to_have_url(re.compile(r"country=KG"))
    visitor.get_by_role("link", name=re.compile("Schule in Kirgisistan")).click()
    expect(visitor.get_by_role("main")).not_to_contain_text(POSTER)
    visitor.locator("#id_name").fill("Aibek Toktogulov")
    visitor.locator("#id_email").fill("aibek@school.example")
    visitor.locator("#id_message").fill("Unsere Schule in Bischkek hat Interesse.")
    visitor.locator("#id_consent").check()
    visitor.get_by_role("main").locator("button[type=submit]").click()
    # (the form's #answer fragment is carried over the redirect)
    visitor.wait_for_url(re.compile(rf"/partners/requests/{partner_request.pk}/answered/"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Ihre Nachricht wurde gesendet")
    expect(visitor.get_by_role("main")).not_to_contain_text(POSTER)

    [sent] = mail.outbox
    assert sent.to == [POSTER]
    assert sent.reply_to == ["aibek@school.example"]
    assert "Unsere Schule in Bischkek hat Interesse." in sent.body


def test_relay_form_keeps_the_text_when_the_address_is_wrong(new_context, live_server, vocabulary):
    partner_request = PartnerRequestFactory(public=True, title="Partner für Umweltbildung")
    visitor = new_context(base_url=live_server.url, viewport=PHONE).new_page()

    visitor.goto(partner_request.get_absolute_url())
    visitor.locator("#id_name").fill("Aibek")
    visitor.locator("#id_email").fill("keine adresse")
    visitor.locator("#id_message").fill("Interesse!")
    visitor.locator("#id_consent").check()
    visitor.get_by_role("main").locator("button[type=submit]").click()

    expect(visitor.locator("[role=alert]")).to_be_visible()
    expect(visitor.locator("#id_message")).to_have_value("Interesse!")
    assert mail.outbox == []
