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


@pytest.fixture
def paths(entries):
    entries["suggestion"] = Suggestion.objects.get()
    return [
        path
        for model, entry in entries.items()
        for path in (f"/admin/directory/{model}/", f"/admin/directory/{model}/{entry.pk}/change/")
    ]


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
