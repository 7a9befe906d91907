"""The stored search texts of programmes, calls and events (layout: ``directory.search.index``),
and the signal handlers that keep them current.

A programme is found by its names, its funder, its countries and fields (with their topic
terms) and its description; a call also by its programme; an event by its place (in every
spelling), its organisers and the twinnings it concerns.
"""

from django.db.models import Prefetch
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from directory.i18n import translations
from directory.models import Call, Event, Organisation, Programme
from directory.search import index as search_index


def _common_texts(entry) -> list[str]:
    texts = []
    for country in entry.countries.all():
        texts += search_index.country_texts(country)
    for field in entry.fields.all():
        texts += search_index.field_texts(field)
    return texts


def programme_text(programme: Programme) -> str:
    texts = _common_texts(programme)
    if programme.funder is not None:
        texts += [programme.funder.name, programme.funder.acronym]
    description = [
        *translations(programme, "description"),
        *translations(programme, "how_to_apply"),
    ]
    return search_index.compose(translations(programme, "name"), texts, description=description)


def call_text(call: Call) -> str:
    texts = [*_common_texts(call), call.get_kind_display()]
    if call.programme is not None:
        texts += translations(call.programme, "name")
    if call.organisation is not None:
        texts += [call.organisation.name, call.organisation.acronym]
    description = [*translations(call, "description"), *translations(call, "eligibility")]
    return search_index.compose(translations(call, "name"), texts, description=description)


def event_text(event: Event) -> str:
    texts = [*_common_texts(event), *search_index.place_texts(event.place)]
    for org in [*event.organisers.all(), *event.participants.all()]:
        texts += [org.name, org.acronym]
    for twinning in event.twinnings.all():
        texts += translations(twinning.german_place, "name")
        texts += translations(twinning.central_asian_place, "name")
    return search_index.compose(
        translations(event, "name"), texts, description=translations(event, "description")
    )


_ORGS = Organisation.objects.only("name", "acronym")


def programmes_for_index(queryset):
    return queryset.select_related("funder").prefetch_related("countries", "fields")


def calls_for_index(queryset):
    return queryset.select_related("programme", "organisation").prefetch_related(
        "countries", "fields"
    )


def events_for_index(queryset):
    return queryset.select_related("place__country").prefetch_related(
        "countries",
        "fields",
        "place__aliases",
        Prefetch("organisers", queryset=_ORGS),
        Prefetch("participants", queryset=_ORGS),
        "twinnings__german_place",
        "twinnings__central_asian_place",
    )


#: (label, model, queryset for the index, text function), for ``rebuild_search_index``.
FUNDING_INDEXES = [
    ("programmes", Programme, programmes_for_index, programme_text),
    ("calls", Call, calls_for_index, call_text),
    ("events", Event, events_for_index, event_text),
]


def refresh_programmes(queryset) -> int:
    return search_index.refresh(programmes_for_index(queryset), programme_text)


def refresh_calls(queryset) -> int:
    return search_index.refresh(calls_for_index(queryset), call_text)


def refresh_events(queryset) -> int:
    return search_index.refresh(events_for_index(queryset), event_text)


@receiver(post_save, sender=Programme)
def programme_saved(sender, instance: Programme, raw: bool = False, **kwargs) -> None:
    if not raw:
        refresh_programmes(Programme.objects.filter(pk=instance.pk))
        refresh_calls(instance.calls.all())  # calls are found by their programme's name


@receiver(post_save, sender=Call)
def call_saved(sender, instance: Call, raw: bool = False, **kwargs) -> None:
    if not raw:
        refresh_calls(Call.objects.filter(pk=instance.pk))


@receiver(post_save, sender=Event)
def event_saved(sender, instance: Event, raw: bool = False, **kwargs) -> None:
    if not raw:
        refresh_events(Event.objects.filter(pk=instance.pk))


def _relations_changed(model, refresh):
    def handler(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
        if not action.startswith("post_"):
            return
        if reverse:  # changed from the country's, field's or organisation's side
            entries = model.objects.filter(pk__in=pk_set or ())
            if action == "post_clear":
                entries = model.objects.all()
        else:
            entries = model.objects.filter(pk=instance.pk)
        refresh(entries)

    return handler


for _model, _refresh in [
    (Programme, refresh_programmes),
    (Call, refresh_calls),
    (Event, refresh_events),
]:
    _handler = _relations_changed(_model, _refresh)
    for _field in _model._meta.local_many_to_many:
        m2m_changed.connect(
            _handler,
            sender=_field.remote_field.through,
            weak=False,
            dispatch_uid=f"funding-search-{_model._meta.model_name}-{_field.name}",
        )
