"""The data-quality report: missing fields, unverified and stale entries, weak sources."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from directory.curation.data_quality import build_report, fragile_reason
from tests.factories import OrganisationFactory, SourceFactory, TwinningFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 29)


def entity(report, name):
    return next(e for e in report.entities if e.name == name)


@pytest.mark.parametrize(
    ("url", "fragile"),
    [
        ("https://daz.asia/blog/author/daz/page/255", True),
        ("https://daz.asia/blog/kooperationsabkommen/?share=facebook", True),
        ("https://www.dkk-verein.com/?paged=24", True),
        ("http://dekasges.de/data/portrait.html", True),
        ("https://www.dw.com/de/dw-akademie-in-kirgisistan/a-18393897", False),
    ],
)
def test_fragile_sources_are_recognised(url, fragile):
    assert bool(fragile_reason(url)) is fragile


def test_report_counts_missing_fields_without_join_inflation():
    with_everything = OrganisationFactory(website="https://a.example", email="a@a.example")
    SourceFactory(organisation=with_everything)
    SourceFactory(organisation=with_everything)
    OrganisationFactory(website="")
    organisations = entity(build_report(TODAY), "organisations")
    assert organisations.total == 2
    assert organisations.missing["website"] == 1
    assert organisations.missing["email"] == 1
    assert organisations.missing["sources"] == 1


def test_report_counts_unverified_and_stale_entries():
    OrganisationFactory(last_verified=None)
    OrganisationFactory(last_verified=TODAY - datetime.timedelta(days=400))
    OrganisationFactory(last_verified=TODAY)
    TwinningFactory(last_verified=None)
    report = build_report(TODAY)
    assert (entity(report, "organisations").unverified, entity(report, "organisations").stale) == (
        1,
        1,
    )
    assert entity(report, "twinnings").unverified == 1


def test_report_lists_duplicated_and_fragile_sources():
    for _ in range(2):
        SourceFactory(url="https://daz.asia/blog/author/daz/page/255", read_on=TODAY)
    SourceFactory(url="https://stable.example/about", read_on=None)
    report = build_report(TODAY)
    assert report.duplicated_sources == [("https://daz.asia/blog/author/daz/page/255", 2)]
    assert len(report.fragile_sources) == 2
    assert report.undated_sources == 1


def test_command_ends_with_a_one_line_summary(capsys):
    OrganisationFactory()
    call_command("data_quality")
    last_line = capsys.readouterr().out.strip().splitlines()[-1]
    assert last_line.startswith("Data quality: 1 organisations (1 unverified, 0 stale)")


def test_curator_sees_the_admin_page(curator_client):
    OrganisationFactory(website="")
    response = curator_client.get(reverse("admin:directory_data_quality"))
    assert response.status_code == 200
    assert "Organisationen: 1 (noch nie geprüft: 1," in response.text


def test_admin_page_names_fields_and_reasons_in_the_curators_language(curator_client):
    """Curators work in German: no English words, no field names as in the code."""
    OrganisationFactory(website="", description_en="")
    SourceFactory(url="http://verein.example/ueber-uns")
    page = curator_client.get(reverse("admin:directory_data_quality"), HTTP_ACCEPT_LANGUAGE="de")
    text = page.text
    for german in (
        '<th scope="row">Website</th>',
        "Beschreibung (Englisch)",
        "Gegründet",
        "Länder der Tätigkeit",
        "http:// (unverschlüsselt)",
        "Quellen ohne Lesedatum",
    ):
        assert german in text, german
    for raw in (
        "founded_year",
        "description (en)",
        "wikidata_id",
        "not encrypted",
        "ohne website",
        "organisations (",
        "unverified",
    ):
        assert raw not in text, raw


def test_admin_index_links_the_report(curator_client):
    html = curator_client.get(reverse("admin:index")).text
    assert reverse("admin:directory_data_quality") in html
