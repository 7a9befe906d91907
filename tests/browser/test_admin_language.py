"""The admin speaks the curator's language: on the list, add and change form of every directory
model, the import page and a history page, no visible model, field, column or section name is
left in English when the admin is German; history messages name fields in German and show the
same local time as the change form; admin pages carry the site's favicon."""

import re

import pytest
import reversion
from django.utils import formats, timezone, translation
from playwright.sync_api import expect
from reversion.models import Version

from directory.models import Suggestion, TopicTerm
from tests.browser.test_journeys import log_in
from tests.factories import (
    CallFactory,
    CooperationFieldFactory,
    CountryFactFactory,
    CuratorFactory,
    EventFactory,
    OrganisationFactory,
    PartnerRequestFactory,
    PlaceAliasFactory,
    ProgrammeFactory,
    SuggestionFactory,
    TwinningFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
# Names, columns and headings of lists, forms, inlines and filters; only what is shown.
NAMES = """() => Array.from(document.querySelectorAll(
    "#result_list thead th, #changelist-filter h3, #changelist-filter summary, " +
    "fieldset label, .fieldset-heading, .inline-heading, .inline-group thead th, " +
    "#changelist-filter h2, #content > h1, #change-history thead th, #content-main h2, " +
    ".import-columns thead th, .import-columns tbody td:nth-child(2)"
  )).filter((el) => el.checkVisibility())
    .filter((el) => !el.querySelector("input"))  // a checkbox's option: data, not a name
    .map((el) => el.innerText.replace(/[\\d\\s:]+/g, " ").trim())
"""
# Words that are the same in German and English.
SAME_IN_BOTH = {
    "Name",
    "Position",
    "Region",
    "Website",
    "Status",
    "Links",
    "Filter",
    "Organisation",
    "Online",
}


@pytest.fixture
def entries():
    """One entry of every directory model, the organisation with a history."""
    field = CooperationFieldFactory()
    with reversion.create_revision():
        organisation = OrganisationFactory(fields=[field])
    twinning = TwinningFactory(organisations=[organisation])
    PlaceAliasFactory(place=twinning.central_asian_place)
    SuggestionFactory(organisation=organisation)
    country = twinning.central_asian_place.country
    return {
        "country": country,
        "cooperationfield": field,
        "place": twinning.central_asian_place,
        "organisation": organisation,
        "twinning": twinning,
        "countryfact": CountryFactFactory(country=country),
        "programme": ProgrammeFactory(countries=[country], fields=[field]),
        "call": CallFactory(countries=[country]),
        "event": EventFactory(countries=[country], organisers=[organisation]),
        "partnerrequest": PartnerRequestFactory(),
        "topicterm": TopicTerm.objects.create(term="Städtepartnerschaft", field=field),
    }


def names_on(new_context, live_server, locale: str, paths: list[str]) -> dict[str, list[str]]:
    curator = CuratorFactory(password=PASSWORD)
    page = new_context(base_url=live_server.url, locale=locale).new_page()
    page.goto("/admin/")
    page.locator("#id_username").fill(curator.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page.locator("#user-tools")).to_be_visible()
    names = {}
    for path in paths:
        response = page.goto(path)
        assert response.ok, path
        names[path] = page.evaluate(NAMES)
    return names


def untranslated_names(names, english, same_in_both=frozenset()) -> list[tuple[str, str]]:
    """Names shown as in the English admin (or with modeltranslation's "[de]" suffix)."""
    found = []
    for path, shown in names.items():
        assert len(shown) == len(english[path]), path
        for name, english_name in zip(shown, english[path], strict=True):
            same = name.casefold() == english_name.casefold() and name.title() not in same_in_both
            if name and (same or re.search(r"\[(de|en|ru)\]", name)):
                found.append((path, name))
    return found


# Curators add none of these: suggestions and partner requests come from the public forms,
# countries are fixed (curators only correct them, directory/curation/curators.py).
NO_ADD_PAGE = {"suggestion", "partnerrequest", "country"}


@pytest.fixture
def paths(entries):
    entries["suggestion"] = Suggestion.objects.get()
    organisation = entries["organisation"]
    return [
        *(
            path
            for model, entry in entries.items()
            for path in (
                f"/admin/directory/{model}/",
                f"/admin/directory/{model}/{entry.pk}/change/",
                *([] if model in NO_ADD_PAGE else [f"/admin/directory/{model}/add/"]),
            )
        ),
        "/admin/directory/organisation/import/",
        f"/admin/directory/organisation/{organisation.pk}/history/",
    ]


def test_every_directory_model_is_checked(paths):
    from django.contrib import admin

    models = {m._meta.model_name for m in admin.site._registry if m._meta.app_label == "directory"}
    assert models <= {path.split("/")[3] for path in paths}


def test_german_admin_shows_no_english_names(new_context, live_server, paths):
    german = names_on(new_context, live_server, "de-DE", paths)
    english = names_on(new_context, live_server, "en-GB", paths)

    untranslated = untranslated_names(german, english, SAME_IN_BOTH)
    assert untranslated == [], "\n".join(map(str, untranslated))


def test_russian_admin_shows_no_english_names(new_context, live_server, paths):
    russian = names_on(new_context, live_server, "ru-RU", paths)
    english = names_on(new_context, live_server, "en-GB", paths)

    assert all(re.search("[а-яё]", " ".join(names), re.I) for names in russian.values())
    untranslated = untranslated_names(russian, english)
    assert untranslated == [], "\n".join(map(str, untranslated))


def test_history_names_the_edited_field_in_german_at_the_change_forms_local_time(
    new_context, live_server, entries
):
    organisation = entries["organisation"]
    curator = CuratorFactory(username="kuratorin", password=PASSWORD)
    page = new_context(base_url=live_server.url, locale="de-DE").new_page()
    log_in(page, curator)
    page.goto(f"/admin/directory/organisation/{organisation.pk}/change/")
    page.locator("#id_description_en").fill("A friendship society founded in 1992.")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    organisation.refresh_from_db()
    assert organisation.description_en == "A friendship society founded in 1992."
    revision = Version.objects.get_for_object(organisation).first().revision
    assert revision.user == curator
    with translation.override("de"):
        local_time = formats.time_format(timezone.localtime(revision.date_created), "H:i")
    recent = page.locator(".field-recent_changes li").first
    expect(recent).to_contain_text(local_time)
    expect(recent).to_contain_text("Beschreibung (Englisch)")
    shown_on_form = re.search(r"\d\d:\d\d", recent.inner_text()).group()

    page.locator("a.historylink").click()
    latest = page.locator("#change-history tbody tr").first
    expect(latest).to_contain_text("Beschreibung (Englisch)")
    expect(latest).not_to_contain_text("[en]")
    expect(latest).not_to_contain_text("Description")
    expect(latest.locator("th")).to_contain_text(shown_on_form)


def test_admin_pages_carry_the_sites_favicon(page, entries):
    log_in(page, CuratorFactory(username="kuratorin", password=PASSWORD))
    for path in ["/admin/", "/admin/directory/organisation/", "/admin/directory/call/add/"]:
        page.goto(path)
        icon = page.locator("head link[rel=icon]")
        expect(icon).to_have_attribute("href", re.compile(r"/static/img/favicon[.\w]*\.svg$"))
        response = page.request.get(icon.get_attribute("href"))
        assert response.ok
        assert response.headers["content-type"].startswith("image/svg")
