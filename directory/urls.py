from django.urls import path
from django.views.generic import TemplateView

from directory.feeds import UpdatesFeed
from directory.views import (
    api,
    browse,
    opendata,
    organisations,
    pages,
    search,
    suggestions,
    twinnings,
)

app_name = "directory"

urlpatterns = [
    path("", pages.home, name="home"),
    path(
        "organisations/",
        organisations.OrganisationListView.as_view(),
        name="organisation-list",
    ),
    path(
        "organisations/<slug:slug>/",
        organisations.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
    path("twinnings/", twinnings.TwinningListView.as_view(), name="twinning-list"),
    path(
        "twinnings/<slug:slug>/",
        twinnings.TwinningDetailView.as_view(),
        name="twinning-detail",
    ),
    path("countries/<str:code>/", browse.country_detail, name="country-detail"),
    path("fields/<slug:slug>/", browse.field_detail, name="field-detail"),
    path("search/", search.site_search, name="search"),
    path("about/", TemplateView.as_view(template_name="directory/about.html"), name="about"),
    path("imprint/", TemplateView.as_view(template_name="directory/imprint.html"), name="imprint"),
    path("suggest/", suggestions.suggest, name="suggest"),
    path("suggest/thanks/", suggestions.thanks, name="suggest-thanks"),
    path("privacy/", TemplateView.as_view(template_name="directory/privacy.html"), name="privacy"),
    # Open data: per-record JSON, downloads, statistics, API, feed, OpenSearch.
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
    path("statistics/", opendata.statistics_page, name="statistics"),
    path("statistics/<slug:table>.csv", opendata.statistics_csv, name="statistics-csv"),
    path("data/", opendata.data_page, name="data"),
    path("api/", api.index, name="api-index"),
    path("api/docs/", opendata.api_docs, name="api-docs"),
    path("api/openapi.json", api.openapi, name="api-openapi"),
    path("api/organisations/", api.organisation_list, name="api-organisation-list"),
    path(
        "api/organisations/<slug:slug>/",
        api.organisation_detail,
        name="api-organisation-detail",
    ),
    path("api/twinnings/", api.twinning_list, name="api-twinning-list"),
    path("api/twinnings/<slug:slug>/", api.twinning_detail, name="api-twinning-detail"),
    path("api/countries/", api.country_list, name="api-country-list"),
    path("api/fields/", api.field_list, name="api-field-list"),
    path("feeds/updates.atom", UpdatesFeed(), name="feed-updates"),
    path("opensearch.xml", opendata.opensearch, name="opensearch"),
    path("robots.txt", opendata.robots_txt, name="robots"),
]
