"""The admin speaks the curator's language: on the list and form of every directory model, no
visible model, field, column or section name is left in English when the admin is German."""

import re

import pytest
from playwright.sync_api import expect

from directory.models import Suggestion
from tests.factories import (
    CooperationFieldFactory,
    CuratorFactory,
    OrganisationFactory,
    PlaceAliasFactory,
    SuggestionFactory,
    TwinningFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
# Names, columns and headings of lists, forms, inlines and filters; only what is shown.
NAMES = """() => Array.from(document.querySelectorAll(
    "#result_list thead th, #changelist-filter h3, #changelist-filter summary, " +
    "fieldset label, .fieldset-heading, .inline-heading, .inline-group thead th, " +
    "#changelist-filter h2, #content > h1"
  )).filter((el) => el.checkVisibility())
    .map((el) => el.innerText.replace(/[\\d\\s:]+/g, " ").trim())
"""
# Words that are the same in German and English.
SAME_IN_BOTH = {"Name", "Position", "Region", "Website", "Status", "Links", "Filter"}


@pytest.fixture
def entries():
    organisation = OrganisationFactory(fields=[CooperationFieldFactory()])
    twinning = TwinningFactory(organisations=[organisation])
    PlaceAliasFactory(place=twinning.central_asian_place)
    SuggestionFactory(organisation=organisation)
    return {
        "country": twinning.central_asian_place.country,
        "cooperationfield": organisation.fields.get(),
        "place": twinning.central_asian_place,
        "organisation": organisation,
        "twinning": twinning,
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
        page.goto(path)
        names[path] = page.evaluate(NAMES)
    return names


def test_german_admin_shows_no_english_names(new_context, live_server, entries):
    entries["suggestion"] = Suggestion.objects.get()
    paths = []
    for model, entry in entries.items():
        paths += [f"/admin/directory/{model}/", f"/admin/directory/{model}/{entry.pk}/change/"]

    german = names_on(new_context, live_server, "de-DE", paths)
    english = names_on(new_context, live_server, "en-GB", paths)

    untranslated = []
    for path in paths:
        assert len(german[path]) == len(english[path]), path
        for de, en in zip(german[path], english[path], strict=True):
            if de and de.casefold() == en.casefold() and de.title() not in SAME_IN_BOTH:
                untranslated.append((path, de))
            if re.search(r"\[(de|en|ru)\]", de):
                untranslated.append((path, de))
    assert untranslated == [], "\n".join(map(str, untranslated))
