"""Linked data and discovery: JSON-LD, head tags, sitemap, robots.txt, Atom feed, OpenSearch."""

import json
import re
from http import HTTPStatus
from xml.etree import ElementTree

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from directory.models import Organisation
from tests.factories import (
    CountryFactory,
    OrganisationFactory,
    SourceFactory,
    TwinningFactory,
)

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ATOM_NS = {"a": "http://www.w3.org/2005/Atom"}


def jsonld_of(organisation) -> dict:
    entry = Organisation.objects.for_detail().get(pk=organisation.pk)
    html = render_to_string(
        "includes/_jsonld_organisation.html",
        {"organisation": entry},
        request=RequestFactory().get("/"),
    )
    match = re.fullmatch(r'\s*<script type="application/ld\+json">(.*)</script>\s*', html, re.S)
    return json.loads(match.group(1))


def test_organisation_jsonld_parses_and_has_the_required_keys():
    organisation = OrganisationFactory(
        website="https://verein.example", countries=[CountryFactory(code="KZ")]
    )
    data = jsonld_of(organisation)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["url"] == "https://verein.example"
    assert data["areaServed"] == [{"@type": "Country", "name": "Kasachstan", "identifier": "KZ"}]
    assert data["address"]["addressCountry"] == "DE"
    assert data["sameAs"] == ["https://verein.example"]


def test_jsonld_same_as_holds_only_the_entrys_own_identifiers():
    organisation = OrganisationFactory(
        website="https://www.dvv-international.de",
        wikidata_id="Q1234567",
        wikipedia_url="https://de.wikipedia.org/wiki/DVV_International",
    )
    for url in (
        "https://de.wikipedia.org/wiki/Deutsch-usbekische_Beziehungen",
        "https://www.wikidata.org/wiki/Q99999",
        "https://www.dw.com/de/a-1",
    ):
        SourceFactory(organisation=organisation, url=url)
    assert jsonld_of(organisation)["sameAs"] == [
        "https://www.dvv-international.de",
        "https://www.wikidata.org/wiki/Q1234567",
        "https://de.wikipedia.org/wiki/DVV_International",
    ]


def test_jsonld_without_identifiers_has_no_same_as():
    organisation = OrganisationFactory(website="")
    SourceFactory(organisation=organisation, url="https://en.wikipedia.org/wiki/Topic")
    assert "sameAs" not in jsonld_of(organisation)


def test_jsonld_cannot_close_its_script_element():
    data = jsonld_of(OrganisationFactory(description="</script><script>alert(1)</script>"))
    assert data["description"] == "</script><script>alert(1)</script>"


def test_entry_meta_include_gives_canonical_link_and_opengraph():
    organisation = OrganisationFactory(slug="verein")
    html = render_to_string(
        "includes/_meta_entry.html", {"entry": organisation}, request=RequestFactory().get("/")
    )
    assert '<link rel="canonical" href="http://testserver/de/organisations/verein/">' in html
    assert '<meta property="og:url" content="http://testserver/de/organisations/verein/">' in html
    assert 'href="http://testserver/organisations/verein.json"' in html


def sitemap_locations(client) -> set[str]:
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    locations = set()
    for section in index.findall("s:sitemap/s:loc", SITEMAP_NS):
        sitemap = ElementTree.fromstring(client.get(section.text).content)
        locations |= {loc.text for loc in sitemap.findall("s:url/s:loc", SITEMAP_NS)}
    return locations


def test_sitemap_lists_every_published_entry_and_no_draft(client):
    published = [OrganisationFactory(), TwinningFactory()]
    drafts = [OrganisationFactory(draft=True), TwinningFactory(draft=True)]
    locations = sitemap_locations(client)
    for entry in published:
        assert f"http://testserver{entry.get_absolute_url()}" in locations
    for entry in drafts:
        assert f"http://testserver{entry.get_absolute_url()}" not in locations


def test_sitemap_lists_the_static_and_open_data_pages(client):
    locations = sitemap_locations(client)
    for name in ("home", "organisation-list", "data", "statistics", "api-docs"):
        assert f"http://testserver{reverse(f'directory:{name}')}" in locations


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in response.text


@pytest.mark.parametrize("accept_language", ["de", "ru"])
def test_robots_txt_keeps_crawlers_off_the_search_in_every_language(client, accept_language):
    text = client.get("/robots.txt", HTTP_ACCEPT_LANGUAGE=accept_language).text
    for language in ("de", "en", "ru"):
        assert f"Disallow: /{language}/search/" in text


def test_feed_lists_published_entries_and_no_draft(client):
    OrganisationFactory(name="Öffentlicher Verein")
    OrganisationFactory(name="Entwurfsverein", draft=True)
    TwinningFactory(german_place__name="Entwurfstadt", draft=True)
    response = client.get(reverse("data:feed-updates"))
    feed = ElementTree.fromstring(response.content)
    titles = [title.text for title in feed.findall("a:entry/a:title", ATOM_NS)]
    assert response["Content-Type"].startswith("application/atom+xml")
    assert titles == ["Öffentlicher Verein"]


def test_feed_shows_the_latest_change_first(client):
    first, second = OrganisationFactory(name="Erster"), OrganisationFactory(name="Zweiter")
    first.save()  # changed after the second
    feed = ElementTree.fromstring(client.get(reverse("data:feed-updates")).content)
    titles = [title.text for title in feed.findall("a:entry/a:title", ATOM_NS)]
    assert titles == ["Erster", second.name]


def test_opensearch_description_points_to_the_site_search(client):
    response = client.get(reverse("data:opensearch"))
    document = ElementTree.fromstring(response.content)
    url = document.find("{http://a9.com/-/spec/opensearch/1.1/}Url")
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    assert url.get("template") == "http://testserver/de/search/?q={searchTerms}"


def test_every_page_links_the_opensearch_description_and_the_feed(client):
    html = client.get(reverse("directory:about")).text
    assert 'type="application/opensearchdescription+xml"' in html
    assert 'type="application/atom+xml"' in html


def test_data_page_names_the_licence_from_the_setting(client, settings):
    settings.DATA_LICENCE = {"name": "ODbL 1.0", "url": "https://opendatacommons.org/odbl/"}
    response = client.get(reverse("directory:data"))
    assert response.status_code == HTTPStatus.OK
    assert '<a href="https://opendatacommons.org/odbl/" rel="license">ODbL 1.0</a>' in response.text


@pytest.mark.parametrize(
    ("language", "advice"),
    [
        (
            "de",
            [
                "Excel: XLSX.",
                "Andere Werkzeuge (LibreOffice, R, Python, Datenbanken): CSV.",
                "Programme: JSON",
            ],
        ),
        (
            "en",
            [
                "Excel: XLSX.",
                "Other tools (LibreOffice, R, Python, databases): CSV.",
                "Programs: JSON",
            ],
        ),
        (
            "ru",
            [
                "Excel: XLSX.",
                "Другие инструменты (LibreOffice, R, Python, базы данных): CSV.",
                "Программы: JSON",
            ],
        ),
    ],
)
def test_data_page_says_which_download_to_choose_for_which_tool(client, language, advice):
    with translation.override(language):
        html = client.get(reverse("directory:data")).text
    section = html.split('id="which-format"', 1)[1].split("<h2", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", section, flags=re.S)
    assert len(items) == 3
    for item, expected in zip(items, advice, strict=True):
        assert expected in re.sub(r"<[^>]+>", "", " ".join(item.split()))


def test_data_page_points_to_the_partner_request_and_opportunity_downloads(client):
    html = client.get(reverse("directory:data")).text
    assert f'<a href="{reverse("directory:partner-request-list")}">' in html
    assert f'<a href="{reverse("directory:twinning-opportunities")}">' in html


def test_organisation_page_carries_jsonld_canonical_link_and_opengraph(client):
    organisation = OrganisationFactory(slug="verein")
    html = client.get(organisation.get_absolute_url()).text
    assert '<script type="application/ld+json">' in html
    assert '<link rel="canonical" href="http://testserver/de/organisations/verein/">' in html
    assert '<meta property="og:title"' in html


def test_twinning_page_carries_canonical_link_and_opengraph(client):
    twinning = TwinningFactory()
    html = client.get(twinning.get_absolute_url()).text
    assert f'<link rel="canonical" href="http://testserver{twinning.get_absolute_url()}">' in html
    assert '<meta property="og:url"' in html


def test_sitemap_may_be_cached_by_clients(client):
    response = client.get("/sitemap.xml")
    assert response["Cache-Control"] == "public, max-age=3600"
