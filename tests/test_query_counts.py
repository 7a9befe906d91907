"""Every public page runs a constant number of SQL queries, however many entries it shows."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from directory.countries.profiles import COMPARISON_QUERIES, PROFILE_QUERIES
from directory.matchmaking import partners
from tests.factories import (
    CentralAsianPlaceFactory,
    CooperationFieldFactory,
    CountryFactFactory,
    CountryFactory,
    OrganisationFactory,
    PlaceAliasFactory,
    ProgrammeFactory,
    TwinningFactory,
)

pytestmark = pytest.mark.django_db

#: A Central Asian country's page also reads its facts and its German presence (one query each);
#: an organisation's page finds and fetches its possible partners. The home, country and field
#: pages read the open calls and upcoming events (one query each, compact cards); an
#: organisation's page which organisations appear in funding lists (once per data change) and
#: its open partner requests; its programmes, calls and events only where it appears (see
#: tests/test_funding.py).
FUNDING_QUERIES = 2
EXTRA_QUERIES = {
    "country": PROFILE_QUERIES + FUNDING_QUERIES,
    "field": FUNDING_QUERIES,
    "home": FUNDING_QUERIES,
    "organisation": partners.QUERIES + 2,
}
MAX_QUERIES = 7  # an organisation page: itself, 5 prefetches, its sources
#: Pages pinned to their exact budget: the comparison runs ``COMPARISON_QUERIES`` (countries with
#: their organisation counts, twinnings, running programmes, facts) and nothing else.
PAGE_QUERIES = {"countries compared": COMPARISON_QUERIES}


@pytest.fixture(params=[1, 100], ids=["1-entry", "100-entries"])
def data(request):
    size = request.param
    kz, culture = CountryFactory(code="KZ"), CooperationFieldFactory(slug="culture")
    network = OrganisationFactory(name="Netzwerk", countries=[kz], fields=[culture])
    organisations = OrganisationFactory.create_batch(size, countries=[kz], fields=[culture])
    network.members.set(organisations)
    twinnings = [
        TwinningFactory(
            central_asian_place=CentralAsianPlaceFactory(country=kz), organisations=organisations
        )
        for _ in range(size)
    ]
    for twinning in twinnings:
        PlaceAliasFactory(place=twinning.central_asian_place)
    CountryFactFactory.create_batch(size, country=kz)
    ProgrammeFactory.create_batch(size, countries=[kz])
    OrganisationFactory.create_batch(size, kind="foundation", seat=twinnings[0].central_asian_place)
    return {"network": network, "twinning": twinnings[0], "kz": kz, "culture": culture}


def urls(data) -> dict[str, str]:
    return {
        "home": reverse("directory:home"),
        "organisations": reverse("directory:organisation-list"),
        "organisations filtered": reverse("directory:organisation-list")
        + "?q=Verein&country=KZ&field=culture&kind=association&seat=DE&state=BE&sort=verified",
        "organisation": data["network"].get_absolute_url(),
        "twinnings": reverse("directory:twinning-list"),
        "twinnings filtered": reverse("directory:twinning-list")
        + "?q=Ort&country=KZ&state=BE&kind=twinning&status=active",
        "twinning": data["twinning"].get_absolute_url(),
        "country": data["kz"].get_absolute_url(),
        "field": data["culture"].get_absolute_url(),
        "countries compared": reverse("directory:country-compare"),
    }


def test_every_page_needs_a_constant_number_of_queries(client, data, django_assert_max_num_queries):
    """Built once per data size (slow to build), then every page is measured."""
    for page, url in urls(data).items():
        budget = PAGE_QUERIES.get(page, MAX_QUERIES + EXTRA_QUERIES.get(page, 0))
        with django_assert_max_num_queries(budget, info=page):
            response = client.get(url)
        assert response.status_code == HTTPStatus.OK, page


def test_home_needs_no_more_queries_when_it_builds_the_index_and_a_large_map(
    client, data, monkeypatch, django_assert_max_num_queries
):
    from directory.listing import facetindex
    from directory.maps import data as mapdata

    monkeypatch.setattr(mapdata, "MAX_ARCS", 0)  # the map's second query, as beyond 300 arcs
    facetindex.forget()
    with django_assert_max_num_queries(MAX_QUERIES + EXTRA_QUERIES["home"]):
        response = client.get(reverse("directory:home"))

    assert response.context["map"].arcs_left_out
