"""Partner search requests: posting, the curators' decision, the public list and page, expiry,
the feed, the relay of answers by e-mail, and that the poster's address never gets out."""

import datetime
import io
from http import HTTPStatus
from unittest import mock

import openpyxl
import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, OperationalError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from directory.curation.services import (
    PartnerRequestAlreadyHandled,
    accept_partner_request,
    reject_partner_request,
)
from directory.matchmaking import requests as partner_requests
from directory.models import (
    CooperationField,
    Country,
    PartnerRequest,
    PartnerRequestStatus,
    months_after,
)
from directory.operations import ratelimit
from tests.factories import OrganisationFactory, PartnerRequestFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("directory:partner-request-list")
NEW = reverse("directory:partner-request-new")
FEED = reverse("data:feed-partner-requests")
SECRET = "geheim.kontakt@verein.example"


def _today():
    return timezone.localdate()


def _kz():
    return Country.objects.get(code="KZ")


def _education():
    return CooperationField.objects.get(slug="education")


def _posting(**overrides):
    data = {
        "poster_name": "Schulverein Taraz e.V.",
        "title": "Eine Partnerschule in Kasachstan für einen Schüleraustausch",
        "description": "Wir sind eine Gesamtschule in Dresden und planen 2027 einen Austausch.",
        "language": "de",
        "countries": [_kz().pk],
        "fields": [_education().pk],
        "partner_kind": "university",
        "expires_on": months_after(_today(), 6).isoformat(),
        "contact_email": SECRET,
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def _answer(**overrides):
    data = {
        "name": "Aigerim Sultanova",
        "email": "aigerim@schule.example",
        "message": "Unsere Schule in Almaty hat Interesse am Austausch.",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


# --- Posting a request -----------------------------------------------------------------------


def test_posted_request_is_stored_as_submitted_with_its_choices(client):
    response = client.post(NEW, _posting())

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("directory:partner-request-thanks")
    stored = PartnerRequest.objects.get()
    assert stored.status == PartnerRequestStatus.SUBMITTED
    assert stored.contact_email == SECRET
    assert stored.submitted_on == _today()
    assert [c.code for c in stored.countries.all()] == ["KZ"]
    assert [f.slug for f in stored.fields.all()] == ["education"]


def test_form_proposes_an_expiry_six_months_ahead(client):
    response = client.get(NEW)

    assert months_after(_today(), 6).isoformat() in response.text


def test_expiry_beyond_twelve_months_is_refused_and_the_text_kept(client):
    late = (months_after(_today(), 12) + datetime.timedelta(days=1)).isoformat()

    response = client.post(NEW, _posting(expires_on=late, description="Mein Text <b>"))

    assert response.status_code == HTTPStatus.OK
    assert "expires_on" in response.context["form"].errors
    assert "Mein Text &lt;b&gt;" in response.text
    assert not PartnerRequest.objects.exists()


def test_expiry_in_the_past_is_refused(client):
    response = client.post(NEW, _posting(expires_on=_today().isoformat()))

    assert "expires_on" in response.context["form"].errors


@pytest.mark.parametrize("value", ["morgen", "2026-13-45", "9" * 40, "2026-01-01\x00"])
def test_malformed_expiry_is_a_form_error_not_a_server_error(client, value):
    response = client.post(NEW, _posting(expires_on=value))

    assert response.status_code == HTTPStatus.OK
    assert "expires_on" in response.context["form"].errors


def test_honeypot_submission_is_dropped_silently(client):
    response = client.post(NEW, _posting(website="http://spam.example"))

    assert response.status_code == HTTPStatus.FOUND
    assert not PartnerRequest.objects.exists()


def test_posting_is_rate_limited_per_client_with_a_clear_message(client, settings):
    settings.SUGGESTION_RATE_LIMIT = 1
    client.post(NEW, _posting())

    response = client.post(NEW, _posting(title="Noch eine Anfrage"))

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Noch eine Anfrage" in response.text
    assert PartnerRequest.objects.count() == 1


def test_database_refuses_an_expiry_more_than_a_year_after_submission():
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnerRequestFactory(
            submitted_on=_today(), expires_on=_today() + datetime.timedelta(days=400)
        )


def test_database_refuses_an_expiry_before_submission():
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnerRequestFactory(submitted_on=_today(), expires_on=_today())


# --- Lifecycle -------------------------------------------------------------------------------


def test_submitted_request_is_not_public(client):
    submitted = PartnerRequestFactory()

    assert client.get(submitted.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert submitted.title not in client.get(LIST).text


def test_accepted_request_is_listed_and_has_a_page(client):
    curator = UserFactory()
    partner_request = PartnerRequestFactory()

    accept_partner_request(partner_request=partner_request, curator=curator)

    assert partner_request.status == PartnerRequestStatus.ACCEPTED
    assert partner_request.accepted_at is not None
    assert partner_request.title in client.get(LIST).text
    assert client.get(partner_request.get_absolute_url()).status_code == HTTPStatus.OK


def test_expired_request_disappears_from_list_page_and_feed(client):
    partner_request = PartnerRequestFactory(public=True)
    later = partner_request.expires_on + datetime.timedelta(days=1)

    with mock.patch("django.utils.timezone.localdate", return_value=later):
        listed = client.get(LIST).text
        page = client.get(partner_request.get_absolute_url())
        feed = client.get(FEED).text

    assert partner_request.title not in listed
    assert page.status_code == HTTPStatus.NOT_FOUND
    assert partner_request.title not in feed


def test_request_is_still_shown_on_its_expiry_day(client):
    partner_request = PartnerRequestFactory(public=True)

    with mock.patch("django.utils.timezone.localdate", return_value=partner_request.expires_on):
        assert client.get(partner_request.get_absolute_url()).status_code == HTTPStatus.OK


def test_rejected_request_is_never_public(client):
    partner_request = PartnerRequestFactory()

    reject_partner_request(partner_request=partner_request, curator=UserFactory(), reason="Werbung")

    assert partner_request.status == PartnerRequestStatus.REJECTED
    assert partner_request.rejection_reason == "Werbung"
    assert client.get(partner_request.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert partner_request.title not in client.get(LIST).text


def test_a_request_cannot_be_decided_twice():
    partner_request = PartnerRequestFactory()
    reject_partner_request(partner_request=partner_request, curator=UserFactory())

    with pytest.raises(PartnerRequestAlreadyHandled):
        accept_partner_request(partner_request=partner_request, curator=UserFactory())


# --- The list, its filters and the boxes on entry pages --------------------------------------


def test_list_filters_by_country_field_and_kind():
    wanted = PartnerRequestFactory(
        public=True, countries=[_kz()], fields=[_education()], partner_kind="university"
    )
    PartnerRequestFactory(public=True, partner_kind="company")

    found = partner_requests.filtered({"country": "KZ", "field": "education", "kind": "university"})

    assert list(found) == [wanted]


def test_a_request_for_any_kind_matches_every_kind_filter():
    anyone = PartnerRequestFactory(public=True, partner_kind="any")

    assert list(partner_requests.filtered({"kind": "municipality"})) == [anyone]


def test_unknown_filter_value_is_named_and_left_out(client):
    shown = PartnerRequestFactory(public=True)

    response = client.get(LIST, {"country": "XX", "kind": "<script>"})

    assert response.status_code == HTTPStatus.OK
    assert shown.title in response.text
    assert "<script>" not in response.text
    assert response.context["values"] == {}


@pytest.mark.parametrize("page", ["0", "abc", "999", "1\x00", "²", "٣", "9" * 5000, ""])
def test_page_out_of_range_is_not_found(client, page):
    PartnerRequestFactory(public=True)

    assert client.get(LIST, {"page": page}).status_code in {
        HTTPStatus.NOT_FOUND,
        HTTPStatus.BAD_REQUEST,
    }


@pytest.mark.parametrize("size", [1, 45])
def test_list_needs_a_constant_number_of_queries(client, size, django_assert_max_num_queries):
    for _ in range(size):
        PartnerRequestFactory(public=True, countries=[_kz()], fields=[_education()])

    with django_assert_max_num_queries(partner_requests.LIST_QUERIES):
        response = client.get(LIST, {"country": "KZ"})

    assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize("size", [1, 30])
def test_detail_page_needs_a_constant_number_of_queries(
    client, size, django_assert_max_num_queries
):
    partner_request = PartnerRequestFactory(public=True)
    partner_request.countries.set(Country.objects.all()[:size])

    with django_assert_max_num_queries(4):  # the request, its countries, its fields (+ session)
        response = client.get(partner_request.get_absolute_url())

    assert response.status_code == HTTPStatus.OK


def test_poster_page_shows_its_open_requests_at_most_five(client):
    poster = OrganisationFactory()
    requests = [PartnerRequestFactory(public=True, poster_organisation=poster) for _ in range(6)]

    response = client.get(poster.get_absolute_url())

    assert [r.pk for r in response.context["partner_requests"]] == [
        r.pk for r in reversed(requests)
    ][: partner_requests.BOX_SHOWN]
    assert "Offene Partnergesuche" in response.text or "Open partner requests" in response.text


def test_country_and_field_pages_show_matching_open_requests(client):
    shown = PartnerRequestFactory(public=True, countries=[_kz()], fields=[_education()])
    PartnerRequestFactory(countries=[_kz()], fields=[_education()])  # submitted only

    country_page = client.get(_kz().get_absolute_url())
    field_page = client.get(_education().get_absolute_url())

    assert list(country_page.context["partner_requests"]) == [shown]
    assert list(field_page.context["partner_requests"]) == [shown]


# --- The contact never gets out --------------------------------------------------------------


def test_contact_address_is_in_no_public_output(client):
    poster = OrganisationFactory()
    partner_request = PartnerRequestFactory(
        public=True, contact_email=SECRET, poster_organisation=poster
    )
    partner_request.countries.set([_kz()])
    partner_request.fields.set([_education()])
    outputs = [
        client.get(LIST),
        client.get(LIST, {"country": "KZ"}),
        client.get(partner_request.get_absolute_url()),
        client.get(FEED),
        client.get(partner_request.poster_organisation.get_absolute_url()),
        client.get(
            reverse("data:organisation-json", args=[partner_request.poster_organisation.slug])
        ),
        client.get(_kz().get_absolute_url()),
        client.get(_education().get_absolute_url()),
        client.get(reverse("sitemap")),
    ]

    for response in outputs:
        body = response.content.decode()
        assert SECRET not in body, response.request["PATH_INFO"]
        assert "geheim.kontakt" not in body


def test_feed_escapes_the_description_as_plain_text(client):
    PartnerRequestFactory(public=True, description="<img src=x onerror=alert(1)> Kinder <6")

    body = client.get(FEED).content.decode()

    assert '<summary type="text">&lt;img src=x onerror=alert(1)&gt; Kinder &lt;6' in body


def test_feed_follows_the_list_filters():
    PartnerRequestFactory(public=True, countries=[_kz()], title="In Kasachstan")
    PartnerRequestFactory(public=True, title="Irgendwo")

    body = Client().get(FEED, {"country": "KZ"}).content.decode()

    assert "In Kasachstan" in body
    assert "Irgendwo" not in body


# --- The relay form --------------------------------------------------------------------------


def test_relay_sends_the_message_to_the_poster_only_with_the_visitor_as_reply_to(client):
    partner_request = PartnerRequestFactory(public=True, contact_email=SECRET)

    response = client.post(partner_request.get_absolute_url(), _answer())

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse(
        "directory:partner-request-answered", args=[partner_request.pk]
    )
    [sent] = mail.outbox
    assert sent.to == [SECRET]
    assert sent.cc == []
    assert sent.bcc == []
    assert sent.reply_to == ["aigerim@schule.example"]
    assert "Unsere Schule in Almaty" in sent.body
    assert "Aigerim Sultanova" in sent.body


def test_thank_you_page_does_not_show_the_posters_address(client):
    partner_request = PartnerRequestFactory(public=True, contact_email=SECRET)

    response = client.post(partner_request.get_absolute_url(), _answer(), follow=True)

    assert response.status_code == HTTPStatus.OK
    assert SECRET not in response.content.decode()
    assert partner_request.poster_name in response.content.decode()


def test_relay_with_errors_keeps_the_text_and_sends_nothing(client):
    partner_request = PartnerRequestFactory(public=True)

    response = client.post(
        partner_request.get_absolute_url(), _answer(email="keine-adresse", message="Mein Text")
    )

    assert response.status_code == HTTPStatus.OK
    assert "email" in response.context["form"].errors
    assert "Mein Text" in response.text
    assert mail.outbox == []


def test_relay_honeypot_sends_nothing(client):
    partner_request = PartnerRequestFactory(public=True)

    response = client.post(partner_request.get_absolute_url(), _answer(website="x"))

    assert response.status_code == HTTPStatus.FOUND
    assert mail.outbox == []


def test_relay_to_a_submitted_request_is_not_found(client):
    partner_request = PartnerRequestFactory()

    response = client.post(partner_request.get_absolute_url(), _answer())

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert mail.outbox == []


def test_relay_subject_cannot_inject_headers(client):
    partner_request = PartnerRequestFactory(public=True, title="Suche\nBcc: opfer@example.org")

    client.post(partner_request.get_absolute_url(), _answer(name="Eve\r\nBcc: x@example.org"))

    [sent] = mail.outbox
    assert sent.bcc == []
    assert "\n" not in sent.subject
    assert "Bcc" not in str(sent.message()["Bcc"] or "")


def test_relay_is_rate_limited_per_client(client, settings):
    settings.RELAY_RATE_LIMIT = 2
    partner_request = PartnerRequestFactory(public=True)
    for _ in range(2):
        client.post(partner_request.get_absolute_url(), _answer())

    response = client.post(partner_request.get_absolute_url(), _answer(message="Dritter Versuch"))

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Dritter Versuch" in response.text
    assert len(mail.outbox) == 2


def test_relay_is_rate_limited_per_request_across_clients(client, settings):
    settings.RELAY_PER_REQUEST_LIMIT = 1
    partner_request = PartnerRequestFactory(public=True)
    client.post(partner_request.get_absolute_url(), _answer(), REMOTE_ADDR="10.0.0.1")

    response = client.post(partner_request.get_absolute_url(), _answer(), REMOTE_ADDR="10.0.0.2")

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert len(mail.outbox) == 1


def test_relay_counter_that_cannot_be_written_refuses_with_503(client):
    partner_request = PartnerRequestFactory(public=True)

    with mock.patch.object(ratelimit, "count", side_effect=OperationalError("disk full")):
        response = client.post(partner_request.get_absolute_url(), _answer(message="Mein Text"))

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "Mein Text" in response.text
    assert mail.outbox == []


def test_mail_server_failure_keeps_the_text_and_answers_503(client):
    partner_request = PartnerRequestFactory(public=True)

    with mock.patch(
        "django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError("no smtp")
    ):
        response = client.post(partner_request.get_absolute_url(), _answer(message="Mein Text"))

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "Mein Text" in response.text


@pytest.mark.parametrize(
    "data",
    [{}, {"name": "\x00"}, {"email": "a@b.c\x00", "message": "x"}, {"message": "x" * 10000}],
)
def test_bad_relay_input_is_a_form_error_not_a_server_error(client, data):
    partner_request = PartnerRequestFactory(public=True)

    response = client.post(partner_request.get_absolute_url(), data)

    assert response.status_code in {HTTPStatus.OK, HTTPStatus.BAD_REQUEST}
    assert mail.outbox == []


# --- The API ---------------------------------------------------------------------------------

API = reverse("data:api-partner-request-list")


def test_api_lists_open_requests_without_the_contact(client):
    shown = PartnerRequestFactory(public=True, contact_email=SECRET, countries=[_kz()])
    PartnerRequestFactory(title="Nur eingereicht")

    response = client.get(API)

    assert response.status_code == HTTPStatus.OK
    [record] = response.json()["results"]
    assert record["title"] == shown.title
    assert record["countries"] == ["KZ"]
    assert SECRET not in response.content.decode()
    assert not {"contact_email", "email"} & set(record)


def test_api_filters_like_the_list(client):
    PartnerRequestFactory(public=True, countries=[_kz()], title="In Kasachstan")
    PartnerRequestFactory(public=True, title="Irgendwo")

    titles = [r["title"] for r in client.get(API, {"country": "KZ"}).json()["results"]]

    assert titles == ["In Kasachstan"]


@pytest.mark.parametrize("params", [{"country": "XX"}, {"kind": ""}, {"field": "nichts"}])
def test_api_refuses_an_unknown_or_empty_filter_value_with_a_problem(client, params):
    response = client.get(API, params)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response["Content-Type"] == "application/problem+json"


def test_openapi_documents_the_partner_requests(client):
    document = client.get(reverse("data:api-openapi")).json()

    operation = document["paths"]["/api/partner-requests/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"format", "country", "field", "kind"}
    assert "contact_email" not in document["components"]["schemas"]["PartnerRequestList"].__str__()


def test_api_needs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(30):
        PartnerRequestFactory(public=True, countries=[_kz()], fields=[_education()])

    with django_assert_max_num_queries(partner_requests.LIST_QUERIES):
        assert client.get(API).status_code == HTTPStatus.OK


# --- The curators' decision in the admin -----------------------------------------------------


def _admin(name: str, partner_request) -> str:
    return reverse(f"admin:directory_partnerrequest_{name}", args=[partner_request.pk])


def test_curator_accepts_in_the_admin_and_the_request_goes_public(curator_client, curator):
    partner_request = PartnerRequestFactory()

    response = curator_client.post(_admin("accept", partner_request))

    assert response.status_code == HTTPStatus.FOUND
    partner_request.refresh_from_db()
    assert partner_request.status == PartnerRequestStatus.ACCEPTED
    assert partner_request.handled_by == curator


def test_curator_rejects_in_the_admin_with_a_reason(curator_client):
    partner_request = PartnerRequestFactory()

    curator_client.post(_admin("reject", partner_request), {"reason": "Werbung"})

    partner_request.refresh_from_db()
    assert partner_request.status == PartnerRequestStatus.REJECTED
    assert partner_request.rejection_reason == "Werbung"


def test_decision_buttons_stand_outside_the_admin_form(curator_client):
    partner_request = PartnerRequestFactory()

    html = curator_client.get(_admin("change", partner_request)).text

    assert 'form="partner-request-accept"' in html
    assert html.index('<form id="partner-request-accept"') > html.index('id="partnerrequest_form"')
    # (tests/test_admin_no_nested_forms.py checks that it is not inside the admin's form)


def test_staff_without_the_permission_cannot_accept(client):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    partner_request = PartnerRequestFactory()

    response = client.post(_admin("accept", partner_request))

    assert response.status_code == HTTPStatus.FORBIDDEN
    partner_request.refresh_from_db()
    assert partner_request.status == PartnerRequestStatus.SUBMITTED


def test_accepting_twice_warns_instead_of_failing(curator_client):
    partner_request = PartnerRequestFactory(public=True)

    response = curator_client.post(_admin("accept", partner_request), follow=True)

    assert response.status_code == HTTPStatus.OK
    assert list(response.context["messages"])


def test_curators_group_may_change_partner_requests(curator):
    assert curator.has_perm("directory.change_partnerrequest")
    assert curator.has_perm("directory.view_partnerrequest")


def test_a_client_over_its_limit_does_not_use_up_the_requests_limit(client, settings):
    settings.RELAY_RATE_LIMIT = 1
    settings.RELAY_PER_REQUEST_LIMIT = 2
    partner_request = PartnerRequestFactory(public=True)
    for _ in range(5):
        client.post(partner_request.get_absolute_url(), _answer(), REMOTE_ADDR="10.0.0.1")

    response = client.post(partner_request.get_absolute_url(), _answer(), REMOTE_ADDR="10.0.0.2")

    assert response.status_code == HTTPStatus.FOUND
    assert len(mail.outbox) == 2


def test_sitemap_lists_public_requests_only(client):
    public = PartnerRequestFactory(public=True)
    submitted = PartnerRequestFactory()

    body = client.get("/sitemap-partner-requests.xml").content.decode()

    assert public.get_absolute_url() in body
    assert submitted.get_absolute_url() not in body
    assert public.contact_email not in body


def test_relayed_mail_is_in_the_requests_language_with_its_full_address(client):
    partner_request = PartnerRequestFactory(public=True, language="ru")

    client.post(partner_request.get_absolute_url(), _answer())

    [sent] = mail.outbox
    assert sent.subject.startswith("Ответ на ваш запрос")
    assert "http://testserver/ru/partners/requests/" in sent.body


def test_forgetting_deletes_requests_expired_or_rejected_a_month_ago():
    today = _today()
    old = PartnerRequestFactory(
        public=True,
        submitted_on=today - datetime.timedelta(days=200),
        expires_on=today - datetime.timedelta(days=31),
    )
    recently_expired = PartnerRequestFactory(
        public=True,
        submitted_on=today - datetime.timedelta(days=200),
        expires_on=today - datetime.timedelta(days=5),
    )
    rejected = PartnerRequestFactory(
        status="rejected", handled_at=timezone.now() - datetime.timedelta(days=40)
    )
    running = PartnerRequestFactory(public=True)

    call_command("forget_partner_requests", stdout=io.StringIO())

    remaining = set(PartnerRequest.objects.values_list("pk", flat=True))
    assert remaining == {recently_expired.pk, running.pk}
    assert old.pk not in remaining
    assert rejected.pk not in remaining


@pytest.mark.parametrize("pk", ["99999999999999999999", "0"])
def test_detail_of_an_impossible_number_is_not_found(client, pk):
    assert client.get(f"/de/partners/requests/{pk}/").status_code == HTTPStatus.NOT_FOUND


def test_csv_download_holds_the_public_requests_without_their_contact(client):
    shown = PartnerRequestFactory(public=True, title="=HYPERLINK(1) Partnerhochschule gesucht")
    PartnerRequestFactory(title="Noch nicht angenommen")

    response = client.get(reverse("data:partner-requests-csv"))
    text = response.content.decode("utf-8-sig")

    assert response["Content-Disposition"].startswith('attachment; filename="partner-requests-')
    assert "'=HYPERLINK(1) Partnerhochschule gesucht" in text  # neutralised for spreadsheets
    assert "Noch nicht angenommen" not in text
    assert shown.contact_email not in text


def xlsx_sheet(response):
    """The XLSX download opened as a spreadsheet program would (openpyxl): its only sheet."""
    assert response.status_code == HTTPStatus.OK
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def test_xlsx_download_is_headed_in_the_page_language_one_row_per_request(client):
    PartnerRequestFactory.create_batch(2, public=True)
    PartnerRequestFactory(title="Noch nicht angenommen")

    sheet = xlsx_sheet(client.get(reverse("data:partner-requests-xlsx") + "?lang=ru"))

    headings = [cell.value for cell in sheet[1]]
    assert headings[:3] == ["Номер", "Адрес страницы", "Заголовок"]
    assert sheet.max_row == 1 + 2
    assert "Noch nicht angenommen" not in [row[2] for row in sheet.iter_rows(values_only=True)]


def test_xlsx_download_keeps_a_formula_like_title_as_text(client):
    PartnerRequestFactory(public=True, title="=HYPERLINK(1) Partnerhochschule gesucht")

    title = xlsx_sheet(client.get(reverse("data:partner-requests-xlsx"))).cell(row=2, column=3)

    assert title.data_type == "s"
    assert title.value == "=HYPERLINK(1) Partnerhochschule gesucht"
    assert title.quotePrefix


def test_the_list_links_its_xlsx_download_with_its_filter_and_language(client):
    PartnerRequestFactory(public=True)
    with translation.override("en"):
        page = client.get(reverse("directory:partner-request-list") + "?kind=university").text
    assert reverse("data:partner-requests-xlsx") + "?kind=university&amp;lang=en" in page


def test_the_list_links_its_csv_download_with_its_filter(client):
    PartnerRequestFactory(public=True)
    page = client.get(reverse("directory:partner-request-list") + "?kind=university").text
    assert reverse("data:partner-requests-csv") + "?kind=university" in page
