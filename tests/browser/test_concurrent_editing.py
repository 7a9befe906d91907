"""Two curators edit the same organisation in two browsers and both save: the first save wins,
the second curator is told and finds their own text still in the form."""

import pytest
from playwright.sync_api import expect

from directory.models import Organisation
from tests.browser.conftest import PHONE
from tests.browser.test_journeys import log_in
from tests.factories import CuratorFactory, OrganisationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # see test_public_pages.py
]


def open_change_form(page, curator, organisation) -> None:
    log_in(page, curator)
    page.goto(f"/admin/directory/organisation/{organisation.pk}/change/")
    expect(page.locator("#id_description_de")).to_be_visible()


def test_second_of_two_curators_saving_the_same_entry_is_told_and_keeps_the_text(
    new_context, live_server, tmp_path
):
    organisation = OrganisationFactory(name="Deutsch-Kasachische Gesellschaft")
    anna = new_context(base_url=live_server.url).new_page()
    bea = new_context(base_url=live_server.url).new_page()
    password = {"password": "correct horse battery staple"}
    open_change_form(anna, CuratorFactory(username="anna", **password), organisation)
    open_change_form(bea, CuratorFactory(username="bea", **password), organisation)

    anna.locator("#id_description_de").fill("Annas Fassung: seit 1992 in Almaty.")
    bea.locator("#id_description_de").fill("Beas Fassung: seit 1993 in Taschkent.")
    anna.locator("input[name=_save]").click()
    expect(anna.locator(".messagelist .success")).to_be_visible()
    bea.locator("input[name=_save]").click()

    conflict = bea.locator(".errorlist.nonfield")
    expect(conflict).to_contain_text("anna hat diesen Eintrag")
    expect(conflict).to_contain_text("Annas Fassung: seit 1992 in Almaty.")  # to merge from
    expect(bea.locator("#id_description_de")).to_have_value("Beas Fassung: seit 1993 in Taschkent.")
    organisation.refresh_from_db()
    assert organisation.description == "Annas Fassung: seit 1992 in Almaty."

    bea.screenshot(path=tmp_path / "conflict-1280.png", full_page=True)
    bea.set_viewport_size(PHONE)
    bea.screenshot(path=tmp_path / "conflict-375.png", full_page=True)

    # Having seen the other change, Bea merges and saves deliberately.
    bea.locator("#id_description_de").fill("Seit 1992 in Almaty, seit 1993 in Taschkent.")
    bea.locator("input[name=_save]").click()
    expect(bea.locator(".messagelist .success")).to_be_visible()
    assert Organisation.objects.get(pk=organisation.pk).description == (
        "Seit 1992 in Almaty, seit 1993 in Taschkent."
    )
