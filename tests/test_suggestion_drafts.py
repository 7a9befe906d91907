"""A structured new-entry suggestion: the public form asks for it, accepting it pre-fills a draft
(names matched in any language and script), and the curators decide in the admin."""

from http import HTTPStatus

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.curation import drafts
from directory.curation.services import accept_suggestion, reject_suggestion
from directory.models import (
    Organisation,
    Place,
    PublicationStatus,
    Suggestion,
    SuggestionStatus,
)
from tests.factories import (
    CentralAsianPlaceFactory,
    OrganisationFactory,
    PlaceAliasFactory,
    SuggestionFactory,
    TwinningFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("directory:suggest")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()  # no page cached by an earlier test
    yield
    cache.clear()


def _new_entry(**overrides):
    data = {
        "kind": "new_entry",
        "subject": "Freundeskreis Taraz e.V.",
        "web_address": "freundeskreis-taraz.example.org",
        "seat_town": "Taraz",
        "seat_country": "Kasachstan",
        "activity_countries": ["KZ", "DE"],
        "activity_fields": ["education", "culture"],
        "organisation_kind": "association",
        "short_description": "Schüleraustausch zwischen Taraz und Sachsen.",
        "information_source": "https://freundeskreis-taraz.example.org/impressum",
        "message": "",
        "contact_email": "",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


# --- The public form -------------------------------------------------------------------------


def test_structured_new_entry_is_stored_with_every_field(client):
    response = client.post(URL, _new_entry())
    assert response.status_code == HTTPStatus.FOUND
    suggestion = Suggestion.objects.get()
    assert suggestion.web_address == "https://freundeskreis-taraz.example.org"
    assert (suggestion.seat_town, suggestion.seat_country) == ("Taraz", "Kasachstan")
    assert suggestion.activity_countries == "Kasachstan; Deutschland"
    assert suggestion.activity_fields == "Bildung; Kultur"
    assert suggestion.organisation_kind == "association"
    assert suggestion.short_description.startswith("Schüleraustausch")
    assert suggestion.information_source.endswith("/impressum")


def test_new_entry_without_seat_fields_and_kind_is_refused_and_input_kept(client):
    data = _new_entry(
        seat_town="", activity_fields=[], organisation_kind="", short_description="Bleibt"
    )
    response = client.post(URL, data)
    assert response.status_code == HTTPStatus.OK
    assert not Suggestion.objects.exists()
    errors = response.context["form"].errors
    assert {"seat_town", "activity_fields", "organisation_kind"} <= set(errors)
    assert "Bleibt" in response.text
    assert 'value="KZ" id="id_activity_countries' in response.text.replace(" checked", "")
    assert 'value="Kasachstan"' in response.text


def test_ticked_countries_stay_ticked_after_a_validation_error(client):
    response = client.post(URL, _new_entry(subject=""))
    form = response.context["form"]
    assert form["activity_countries"].value() == ["KZ", "DE"]
    assert 'value="KZ" id="id_activity_countries_' in response.text


def test_correction_needs_no_organisation_details_but_a_message(client):
    data = {
        "kind": "correction",
        "subject": "Verein X",
        "message": "",
        "consent": "on",
        "website": "",
    }
    response = client.post(URL, data)
    assert set(response.context["form"].errors) == {"message"}
    response = client.post(URL, {**data, "message": "Die Adresse ist veraltet."})
    assert response.status_code == HTTPStatus.FOUND


def test_new_entry_fields_are_marked_needed_not_optional(client):
    text = client.get(URL).text
    label = text[text.index('for="id_seat_town"') :].split("</label>")[0]
    assert 'class="muted"' not in label
    label = text[text.index('for="id_web_address"') :].split("</label>")[0]
    assert 'class="muted"' in label


def test_form_offers_countries_and_fields_in_the_page_language(client):
    text = client.get("/ru/suggest/").text
    assert "Казахстан" in text
    assert "Образование" in text


@pytest.mark.parametrize("url_name", ["directory:home", "directory:organisation-list"])
def test_suggest_an_entry_is_in_the_main_navigation(client, url_name):
    text = client.get(reverse(url_name)).text
    nav = text[text.index('class="site-nav"') :].split("</nav>")[0]
    assert f'href="{URL}"' in nav


def test_home_page_invites_suggestions(client):
    text = client.get(reverse("directory:home")).text
    main = text[text.index("<main") :]
    section = main[main.index('id="suggest-heading"') :]
    assert f'href="{URL}"' in section


# --- Matching names --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Kasachstan", "KAZAKHSTAN", "казахстан", "KZ", " kasachstan "])
def test_country_is_matched_in_any_language_case_and_script(name):
    countries, unmatched = drafts.match_countries([name])
    assert [c.code for c in countries] == ["KZ"]
    assert unmatched == []


@pytest.mark.parametrize("name", ["Bildung", "education", "ОБРАЗОВАНИЕ"])
def test_field_is_matched_in_any_language(name):
    fields, _ = drafts.match_fields([name])
    assert [f.slug for f in fields] == ["education"]


def test_unknown_names_are_reported_not_dropped():
    countries, unmatched = drafts.match_countries(["Kasachstan", "Atlantis"])
    assert len(countries) == 1
    assert unmatched == ["Atlantis"]


def test_place_is_matched_by_its_russian_name_or_an_alias():
    place = CentralAsianPlaceFactory(name="Taraz", name_ru="Тараз")
    PlaceAliasFactory(place=place, name="Dschambul")
    kazakhstan = place.country
    assert drafts.match_place("тараз", kazakhstan) == place
    assert drafts.match_place("DSCHAMBUL", kazakhstan) == place
    assert drafts.match_place("Taraz", None) == place


# --- Accepting -------------------------------------------------------------------------------


def _structured(**overrides):
    values = {
        "subject": "Freundeskreis Taraz e.V.",
        "web_address": "https://taraz.example.org",
        "seat_town": "тараз",
        "seat_country": "Kazakhstan",
        "activity_countries": "Казахстан; Deutschland",
        "activity_fields": "Education; Kultur",
        "organisation_kind": "association",
        "short_description": "Schüleraustausch.",
        "information_source": "https://taraz.example.org/impressum",
    }
    return SuggestionFactory(**{**values, **overrides})


def test_accepting_prefills_every_field_of_the_draft(curator):
    place = CentralAsianPlaceFactory(name="Taraz", name_ru="Тараз")
    draft = accept_suggestion(suggestion=_structured(), curator=curator).organisation
    draft.refresh_from_db()
    assert draft.name == "Freundeskreis Taraz e.V."
    assert draft.publication_status == PublicationStatus.DRAFT
    assert draft.website == "https://taraz.example.org"
    assert draft.seat == place
    assert sorted(c.code for c in draft.countries.all()) == ["DE", "KZ"]
    assert sorted(f.slug for f in draft.fields.all()) == ["culture", "education"]
    assert draft.kind == "association"
    assert draft.description == "Schüleraustausch."
    assert draft.source_urls() == ["https://taraz.example.org/impressum"]


def test_a_russian_description_becomes_the_russian_description_of_the_draft(curator):
    text = "Экологическое движение, работающее с молодёжью в Бишкеке."
    draft = accept_suggestion(
        suggestion=_structured(short_description=text), curator=curator
    ).organisation
    draft.refresh_from_db()
    assert (draft.description_ru, draft.description_de) == (text, "")


def test_accepting_creates_the_seat_when_the_town_is_new(curator):
    acceptance = accept_suggestion(suggestion=_structured(seat_town="Schymkent"), curator=curator)
    seat = acceptance.organisation.seat
    assert (seat.name, seat.country.code) == ("Schymkent", "KZ")
    assert any("Schymkent" in note for note in acceptance.notes)


def test_accepting_notes_unmatched_names_in_the_draft(curator):
    acceptance = accept_suggestion(
        suggestion=_structured(activity_fields="Raumfahrt", seat_country="Atlantis"),
        curator=curator,
    )
    draft = acceptance.organisation
    assert draft.seat is None
    assert "Raumfahrt" in draft.internal_note
    assert "Atlantis" in draft.internal_note
    assert not Place.objects.filter(name="тараз").exists()


def test_rejecting_keeps_the_reason(curator):
    suggestion = SuggestionFactory()
    reject_suggestion(suggestion=suggestion, curator=curator, reason="  Kein Bezug  ")
    assert suggestion.rejection_reason == "Kein Bezug"


# --- The admin -------------------------------------------------------------------------------


def test_accept_view_warns_of_a_possible_duplicate(curator_client):
    OrganisationFactory(name="Freundeskreis Taraz")
    suggestion = _structured()
    url = reverse("admin:directory_suggestion_accept", args=[suggestion.pk])
    response = curator_client.post(url, follow=True)
    assert "Possible duplicate" in response.text or "Mögliches Duplikat" in response.text
    assert "Freundeskreis Taraz" in response.text


def test_suggestion_page_lists_possible_duplicates_before_accepting(curator_client):
    existing = OrganisationFactory(name="Freundeskreis Taraz")
    suggestion = _structured()
    response = curator_client.get(
        reverse("admin:directory_suggestion_change", args=[suggestion.pk])
    )
    assert reverse("admin:directory_organisation_change", args=[existing.pk]) in response.text


def test_reject_view_stores_the_reason(curator_client):
    suggestion = SuggestionFactory()
    curator_client.post(
        reverse("admin:directory_suggestion_reject", args=[suggestion.pk]),
        {"reason": "Keine Zusammenarbeit mit Zentralasien"},
    )
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REJECTED
    assert suggestion.rejection_reason == "Keine Zusammenarbeit mit Zentralasien"


def test_too_long_reason_is_refused_with_a_message_and_nothing_rejected(curator_client):
    suggestion = SuggestionFactory()
    response = curator_client.post(
        reverse("admin:directory_suggestion_reject", args=[suggestion.pk]),
        {"reason": "x" * 2001},
        follow=True,
    )
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.NEW
    assert "2000" in response.text


def test_handled_suggestion_shows_who_decided_and_when(curator_client, curator):
    suggestion = SuggestionFactory()
    accept_suggestion(suggestion=suggestion, curator=curator)
    response = curator_client.get(
        reverse("admin:directory_suggestion_change", args=[suggestion.pk])
    )
    assert curator.get_username() in response.text
    assert reverse("admin:directory_suggestion_accept", args=[suggestion.pk]) not in response.text


def test_bulk_accept_creates_a_draft_per_new_entry(curator_client):
    suggestions = [SuggestionFactory(), SuggestionFactory()]
    curator_client.post(
        reverse("admin:directory_suggestion_changelist"),
        {"action": "accept_selected", ACTION_CHECKBOX_NAME: [s.pk for s in suggestions]},
    )
    assert Organisation.objects.filter(publication_status=PublicationStatus.DRAFT).count() == 2
    assert Suggestion.objects.filter(status=SuggestionStatus.ACCEPTED).count() == 2


def test_bulk_accept_warns_of_a_possible_duplicate_naming_the_draft(curator_client):
    OrganisationFactory(name="Freundeskreis Taraz")
    suggestion = SuggestionFactory(subject="Freundeskreis Taraz e.V.")
    response = curator_client.post(
        reverse("admin:directory_suggestion_changelist"),
        {"action": "accept_selected", ACTION_CHECKBOX_NAME: [suggestion.pk]},
        follow=True,
    )
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert "Mögliches Duplikat" in warnings[0]
    assert warnings[0].index("Freundeskreis Taraz e.V.") < warnings[0].index("Duplikat")


def test_bulk_accept_notes_names_it_could_not_match(curator_client):
    suggestion = SuggestionFactory(
        subject="Kulturverein Atlantis", activity_fields="Tiefseetauchen"
    )
    response = curator_client.post(
        reverse("admin:directory_suggestion_changelist"),
        {"action": "accept_selected", ACTION_CHECKBOX_NAME: [suggestion.pk]},
        follow=True,
    )
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert any("Tiefseetauchen" in w and "Kulturverein Atlantis" in w for w in warnings)


def test_bulk_reject_asks_for_a_reason_first(curator_client):
    suggestions = [SuggestionFactory(), SuggestionFactory()]
    url = reverse("admin:directory_suggestion_changelist")
    selected = {"action": "reject_selected", ACTION_CHECKBOX_NAME: [s.pk for s in suggestions]}
    response = curator_client.post(url, selected)
    assert response.status_code == HTTPStatus.OK
    assert not Suggestion.objects.exclude(status=SuggestionStatus.NEW).exists()
    curator_client.post(url, {**selected, "apply": "1", "reason": "Doppelt"})
    assert set(Suggestion.objects.values_list("status", "rejection_reason")) == {
        (SuggestionStatus.REJECTED, "Doppelt")
    }


# --- Queries ---------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == HTTPStatus.OK
    return len(queries)


def test_review_queue_and_suggestion_page_need_a_constant_number_of_queries(curator_client):
    def make(n):
        for _ in range(n):
            SuggestionFactory(kind="correction", twinning=TwinningFactory())
            SuggestionFactory(kind="correction", organisation=OrganisationFactory())
            _structured()

    make(1)
    changelist = reverse("admin:directory_suggestion_changelist")
    page = reverse("admin:directory_suggestion_change", args=[Suggestion.objects.first().pk])
    for url in (changelist, page):
        _queries(curator_client, url)  # the first requests of a session read more
    before = (_queries(curator_client, changelist), _queries(curator_client, page))
    make(15)
    assert (_queries(curator_client, changelist), _queries(curator_client, page)) == before


def test_public_form_needs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        client.get(URL)
