"""A journalist on a phone follows what is new about one country: from the country page she
opens its Atom feed, which a feed reader would read, holding that country's organisations."""

from xml.etree import ElementTree

import pytest

from tests.browser.conftest import PHONE
from tests.factories import CountryFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ATOM = "{http://www.w3.org/2005/Atom}"


def test_journalist_opens_the_feed_of_a_country_from_its_page(new_context, live_server):
    kazakhstan = CountryFactory(code="KZ", name="Kasachstan", is_focus=True)
    OrganisationFactory(name="Verein in Almaty", countries=[kazakhstan])
    OrganisationFactory(name="Verein anderswo")
    page = new_context(base_url=live_server.url, viewport=PHONE).new_page()
    page.goto(kazakhstan.get_absolute_url())

    link = page.get_by_role("link", name="Atom-Feed neuer Organisationen: Kasachstan")
    with page.expect_response(lambda response: "feed.atom" in response.url) as answer:
        link.click()

    feed = ElementTree.fromstring(answer.value.body())
    titles = [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]
    assert answer.value.headers["content-type"].startswith("application/atom+xml")
    assert feed.find(f"{ATOM}title").text.endswith(": Kasachstan")
    assert titles == ["Verein in Almaty"]
