from django.urls import path
from django.views.generic import TemplateView

from directory.views import (
    browse,
    countries,
    funding,
    opendata,
    organisations,
    pages,
    partner_requests,
    places,
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
    path("organisations/feed.atom", organisations.organisations_atom, name="organisation-feed"),
    path("twinnings/feed.atom", twinnings.twinnings_atom, name="twinning-feed"),
    path("twinnings/", twinnings.TwinningListView.as_view(), name="twinning-list"),
    path(
        "twinnings/opportunities/",
        twinnings.twinning_opportunities,
        name="twinning-opportunities",
    ),
    path(
        "twinnings/<slug:slug>/",
        twinnings.TwinningDetailView.as_view(),
        name="twinning-detail",
    ),
    path("partners/requests/", partner_requests.request_list, name="partner-request-list"),
    path("partners/requests/new/", partner_requests.request_new, name="partner-request-new"),
    path(
        "partners/requests/thanks/",
        partner_requests.request_thanks,
        name="partner-request-thanks",
    ),
    path(
        "partners/requests/<int:pk>/",
        partner_requests.request_detail,
        name="partner-request-detail",
    ),
    path(
        "partners/requests/<int:pk>/answered/",
        partner_requests.request_answered,
        name="partner-request-answered",
    ),
    path("places/<slug:slug>/", places.place_detail, name="place-detail"),
    path("programmes/", funding.ProgrammeListView.as_view(), name="programme-list"),
    path("programmes/landscape/", funding.programme_landscape, name="programme-landscape"),
    path(
        "programmes/<slug:slug>/",
        funding.ProgrammeDetailView.as_view(),
        name="programme-detail",
    ),
    path("calls/", funding.CallListView.as_view(), name="call-list"),
    path("calls/calendar.ics", funding.calls_ics, name="call-calendar"),
    path("calls/feed.atom", funding.calls_atom, name="call-feed"),
    path("calls/<slug:slug>/", funding.CallDetailView.as_view(), name="call-detail"),
    path("calls/<slug:slug>/calendar.ics", funding.call_calendar, name="call-detail-calendar"),
    path("events/", funding.EventListView.as_view(), name="event-list"),
    path("events/calendar.ics", funding.events_ics, name="event-calendar"),
    path("events/feed.atom", funding.events_atom, name="event-feed"),
    path("events/<slug:slug>/", funding.EventDetailView.as_view(), name="event-detail"),
    path("events/<slug:slug>/calendar.ics", funding.event_calendar, name="event-detail-calendar"),
    path("countries/compare/", countries.country_comparison, name="country-compare"),
    path("countries/<str:code>/", browse.country_detail, name="country-detail"),
    path("fields/<slug:slug>/", browse.field_detail, name="field-detail"),
    path("search/", search.site_search, name="search"),
    path("about/", TemplateView.as_view(template_name="directory/about.html"), name="about"),
    path(
        "imprint/",
        pages.OperatorPageView.as_view(template_name="directory/imprint.html"),
        name="imprint",
    ),
    path("suggest/", suggestions.suggest, name="suggest"),
    path("suggest/thanks/", suggestions.thanks, name="suggest-thanks"),
    path(
        "privacy/",
        pages.OperatorPageView.as_view(template_name="directory/privacy.html"),
        name="privacy",
    ),
    # Open data pages for people (machine-readable addresses: directory/data_urls.py).
    path("statistics/", opendata.statistics_page, name="statistics"),
    path("data/", opendata.data_page, name="data"),
    path("api/docs/", opendata.api_docs, name="api-docs"),
]
