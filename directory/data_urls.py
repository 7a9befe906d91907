"""Machine-readable addresses: JSON records, downloads, the API, the feed, OpenSearch and
robots.txt. They are the same in every language, so they live outside the language prefix
(zentralasien/urls.py); their names are in the "data" namespace (``data:api-index``)."""

from django.urls import path

from directory.funding import api as funding_api
from directory.opendata.feeds import PartnerRequestsFeed, UpdatesFeed
from directory.views import api, opendata

app_name = "data"

urlpatterns = [
    path(
        "organisations/<slug:slug>.json",
        api.organisation_detail,
        name="organisation-json",
    ),
    path("twinnings/<slug:slug>.json", api.twinning_detail, name="twinning-json"),
    path(
        "export/organisations.<slug:fmt>",
        opendata.export,
        {"kind": "organisations"},
        name="organisation-export",
    ),
    path(
        "export/twinnings.<slug:fmt>",
        opendata.export,
        {"kind": "twinnings"},
        name="twinning-export",
    ),
    *(
        path(
            f"export/{kind}.<slug:fmt>",
            funding_api.export,
            {"kind": kind},
            name=f"{kind.removesuffix('s')}-export",
        )
        for kind in ("programmes", "calls", "events")
    ),
    path("statistics/<slug:table>.csv", opendata.statistics_csv, name="statistics-csv"),
    path("api/", api.index, name="api-index"),
    path("api/openapi.json", api.openapi, name="api-openapi"),
    path("api/organisations/", api.organisation_list, name="api-organisation-list"),
    path(
        "api/organisations/<slug:slug>/",
        api.organisation_detail,
        name="api-organisation-detail",
    ),
    path("api/twinnings/", api.twinning_list, name="api-twinning-list"),
    path("api/twinnings/<slug:slug>/", api.twinning_detail, name="api-twinning-detail"),
    path("api/programmes/", funding_api.programme_list, name="api-programme-list"),
    path(
        "api/programmes/<slug:slug>/",
        funding_api.programme_detail,
        name="api-programme-detail",
    ),
    path("api/calls/", funding_api.call_list, name="api-call-list"),
    path("api/calls/<slug:slug>/", funding_api.call_detail, name="api-call-detail"),
    path("api/events/", funding_api.event_list, name="api-event-list"),
    path("api/events/<slug:slug>/", funding_api.event_detail, name="api-event-detail"),
    path("api/countries/", api.country_list, name="api-country-list"),
    path("api/fields/", api.field_list, name="api-field-list"),
    path("api/country-facts/", api.country_fact_list, name="api-country-fact-list"),
    path("export/country-facts.csv", opendata.country_facts_csv, name="country-facts-csv"),
    path("api/twinning-opportunities/", api.opportunity_list, name="api-opportunity-list"),
    path(
        "export/partner-requests.csv",
        opendata.partner_requests_csv,
        name="partner-requests-csv",
    ),
    path(
        "export/partner-requests.xlsx",
        opendata.partner_requests_xlsx,
        name="partner-requests-xlsx",
    ),
    path(
        "export/twinning-opportunities.csv",
        opendata.opportunities_csv,
        name="opportunities-csv",
    ),
    path(
        "export/twinning-opportunities.xlsx",
        opendata.opportunities_xlsx,
        name="opportunities-xlsx",
    ),
    path("api/partner-requests/", api.partner_request_list, name="api-partner-request-list"),
    path("feeds/updates.atom", UpdatesFeed(), name="feed-updates"),
    path("feeds/partner-requests.atom", PartnerRequestsFeed(), name="feed-partner-requests"),
    path("opensearch.xml", opendata.opensearch, name="opensearch"),
    path("robots.txt", opendata.robots_txt, name="robots"),
]
