"""Programmes, calls and events: lists (the organisation list's machinery), details, and the
feeds of a list's current filter (iCalendar and Atom)."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.generic import DetailView

from directory.funding import feeds as funding_feeds
from directory.funding import landscape as funding_landscape
from directory.funding.filters import CallFilter, EventFilter, ProgrammeFilter
from directory.models import Call, Event, Programme
from directory.views.listing import FacetedListView, filtered_feed


class ProgrammeListView(FacetedListView):
    template_name = "directory/programme_list.html"
    filterset_class = ProgrammeFilter

    def get_queryset(self):
        return Programme.objects.published().for_list()


class CallListView(FacetedListView):
    template_name = "directory/call_list.html"
    filterset_class = CallFilter

    def get_queryset(self):
        return _calls()


class EventListView(FacetedListView):
    template_name = "directory/event_list.html"
    filterset_class = EventFilter

    def get_queryset(self):
        return _events()


class ProgrammeDetailView(DetailView):
    context_object_name = "programme"

    def get_queryset(self):
        return Programme.objects.published().for_detail()

    def get_context_data(self, **kwargs):
        calls = self.object.calls.published().with_state().for_list()
        calls = calls.order_by("closed_rank", "open_deadline", "-deadline")
        return super().get_context_data(calls=list(calls), **kwargs)


class CallDetailView(DetailView):
    context_object_name = "call"

    def get_queryset(self):
        return Call.objects.published().with_state().for_detail()


def programme_landscape(request):
    return render(request, "directory/programme_landscape.html", funding_landscape.landscape())


def call_calendar(request, slug: str):
    """One call's deadline as a calendar file ("Add to calendar" on its page)."""
    call = get_object_or_404(Call.objects.published(), slug=slug)
    return funding_feeds.calls_calendar(request, [call], None, filename=f"{call.slug}.ics")


def event_calendar(request, slug: str):
    """One event's days as a calendar file ("Add to calendar" on its page)."""
    event = get_object_or_404(Event.objects.published().select_related("place__country"), slug=slug)
    return funding_feeds.events_calendar(request, [event], None, filename=f"{event.slug}.ics")


class EventDetailView(DetailView):
    context_object_name = "event"

    def get_queryset(self):
        return Event.objects.published().with_state().for_detail()

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=timezone.localdate(), **kwargs)


def _calls():
    return Call.objects.published().with_state().for_list()


def _events():
    return Event.objects.published().with_state().for_list()


calls_ics = filtered_feed(CallFilter, _calls, funding_feeds.calls_calendar)
events_ics = filtered_feed(EventFilter, _events, funding_feeds.events_calendar)
calls_atom = filtered_feed(CallFilter, _calls, funding_feeds.calls_atom)
events_atom = filtered_feed(EventFilter, _events, funding_feeds.events_atom)
