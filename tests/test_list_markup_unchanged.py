"""The organisation and twinning lists render byte for byte as they did before their templates
were made faster (issue 24).

``tests/reference_templates`` holds the templates that changed, as they were before; a test
renders each page once with the current templates and once with the reference copies shadowing
them, and compares the HTML. A change meant to alter the markup changes the reference copy too.
"""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.urls import reverse
from django.utils import translation

from directory.listing import facetindex
from directory.models import Organisation
from tests.factories import (
    CentralAsianPlaceFactory,
    CooperationFieldFactory,
    CountryFactory,
    GermanPlaceFactory,
    OrganisationFactory,
    TwinningFactory,
)

pytestmark = pytest.mark.django_db

REFERENCE = Path(__file__).parent / "reference_templates"
LANGUAGES = ["de", "en", "ru"]
ORGANISATION_QUERIES = {
    "all": {},
    "filtered": {"country": "KZ", "field": "culture"},
    "searched": {"q": "Taschkent"},
    "page 2": {"page": "2"},
    "sorted": {"sort": "name", "country": "KZ"},
    "empty": {"q": "Zzyzxwq"},
}
TWINNING_QUERIES = {
    "all": {},
    "filtered": {"country": "UZ"},
    "searched": {"q": "befreundet"},
    "sorted": {"sort": "newest"},
    "empty": {"q": "Zzyzxwq"},
}


@pytest.fixture
def directory_entries():
    kz, uz = CountryFactory(code="KZ"), CountryFactory(code="UZ")
    culture = CooperationFieldFactory(slug="culture")
    environment = CooperationFieldFactory(slug="environment")
    tashkent = CentralAsianPlaceFactory(name="Taschkent", country=uz)
    for n in range(28):  # more than one page of 25
        OrganisationFactory(
            name=f"Verein {n:02} „Brücke“ & <Freunde>",
            acronym="VB" if n % 3 == 0 else "",
            kind=["association", "foundation", "university"][n % 3],
            description=" ".join(["Zusammenarbeit mit Zentralasien"] * (n % 20)),
            description_en="Cooperation with Central Asia." if n % 4 == 0 else "",
            seat=tashkent if n % 5 == 0 else GermanPlaceFactory(name=f"Stadt {n}"),
            countries=[kz, uz] if n % 2 else [kz],
            fields=[culture, environment] if n % 3 else [culture],
        )
    OrganisationFactory(name="Ohne Sitz", seat=None, description="")
    for n, (state, country) in enumerate([("BE", uz), ("BY", kz), ("", uz)]):
        TwinningFactory(
            german_place=GermanPlaceFactory(name=f"Partnerstadt {n}", federal_state=state),
            central_asian_place=tashkent if country == uz else CentralAsianPlaceFactory(),
            established_year=1990 + n if n else None,
            description="Seit langem befreundet." if n != 2 else "",
            description_ru="Давняя дружба." if n == 1 else "",
        )


def render(client, name: str, language: str, query: dict, **kwargs) -> str:
    with translation.override(language):
        url = reverse(name, kwargs=kwargs)
    caches["default"].clear()  # the anonymous page cache would answer the second render
    facetindex.forget()
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def with_reference_templates(settings) -> None:
    engine = dict(django_settings.TEMPLATES[0])
    engine["DIRS"] = [REFERENCE, *engine["DIRS"]]
    settings.TEMPLATES = [engine]


def test_reference_templates_exist_for_the_changed_templates():
    names = ["_organisation_card.html", "_twinning_card.html", "_tag_list.html", "_facet.html"]
    assert all((REFERENCE / "includes" / name).is_file() for name in names)


def pages(client, name: str, language: str, queries: dict) -> dict[str, str]:
    return {label: render(client, name, language, query) for label, query in queries.items()}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("directory:organisation-list", ORGANISATION_QUERIES),
        ("directory:twinning-list", TWINNING_QUERIES),
    ],
)
def test_list_html_is_unchanged(client, settings, directory_entries, name, queries, language):
    current = pages(client, name, language, queries)
    with_reference_templates(settings)
    assert pages(client, name, language, queries) == current


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_sharing_the_card_and_tag_list_are_unchanged(
    client, settings, directory_entries, language
):
    """A country's page shows cards without countries; an organisation's page links its tags."""
    slug = Organisation.objects.filter(acronym="VB").first().slug
    addresses = [
        ("directory:organisation-detail", {"slug": slug}),
        ("directory:country-detail", {"code": "kz"}),
        ("directory:field-detail", {"slug": "culture"}),
    ]
    current = [render(client, name, language, {}, **kwargs) for name, kwargs in addresses]
    with_reference_templates(settings)
    assert [render(client, name, language, {}, **kwargs) for name, kwargs in addresses] == current


def test_compared_pages_show_what_the_cards_can_show(client, directory_entries):
    """The comparison above covers match reasons, the German-only note, acronyms, tags and a
    second page (else it could pass without rendering them)."""
    searched = render(client, "directory:organisation-list", "en", {"q": "Taschkent"})
    assert 'class="card__match"' in searched
    assert "Only in German:" in searched
    assert 'class="tag-list"' in searched
    assert "(VB)" in searched
    second = render(client, "directory:organisation-list", "ru", {"page": "2"})
    assert second.count('<article class="card">') == 4
    twinnings = render(client, "directory:twinning-list", "ru", {"q": "befreundet"})
    assert 'class="card__match"' in twinnings
    assert "since 1991" in render(client, "directory:twinning-list", "en", {})
    slug = Organisation.objects.filter(acronym="VB").first().slug
    detail = render(client, "directory:organisation-detail", "de", {}, slug=slug)
    assert '<a class="tag tag--field" href=' in detail
