"""The curators' admin for funding programmes, calls and events: the organisations' admin
(publish, verify, history, lost-update protection, CSV import and export)."""

from zoneinfo import ZoneInfo

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from directory.admin import CuratedAdmin, MissingTranslationFilter, SourceInline
from directory.curation.admin_parts import LostUpdateProtectionForm
from directory.funding_models import time_zone_choices
from directory.i18n import in_all_languages
from directory.models import ApplicantKind, Call, Event, Programme


class FundingAdmin(CuratedAdmin):
    list_filter = ["publication_status", "countries", "fields", MissingTranslationFilter]
    search_fields = [*in_all_languages("name", "description")]
    prepopulated_fields = {}

    @staticmethod
    def about(*extra: str) -> tuple:
        return (
            pgettext_lazy("fieldset", "About"),
            {"fields": [*in_all_languages("description"), *extra, "countries", "fields"]},
        )

    @staticmethod
    def record() -> list:
        return [
            (
                _("Sources and verification"),
                {
                    "fields": [
                        "source",
                        "verification_link",
                        "last_verified",
                        "verified_by",
                        "internal_note",
                    ]
                },
            ),
            (_("Record"), {"fields": ["created_at", "updated_at"]}),
        ]


class ProgrammeSourceInline(SourceInline):
    fk_name = "programme"


class CallSourceInline(SourceInline):
    fk_name = "call"


class EventSourceInline(SourceInline):
    fk_name = "event"


class ProgrammeAdminForm(LostUpdateProtectionForm):
    """Who may apply as checkboxes, stored as the codes separated by spaces."""

    eligible = forms.MultipleChoiceField(
        label=_("who may apply"),
        choices=ApplicantKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["eligible"] = self.instance.eligible_list

    def clean_eligible(self) -> str:
        return " ".join(self.cleaned_data["eligible"])


@admin.register(Programme)
class ProgrammeAdmin(FundingAdmin):
    import_kind = "programmes"
    form = ProgrammeAdminForm
    list_display = ["name", "funder", "status", "published", "last_verified"]
    list_filter = ["publication_status", "status", *FundingAdmin.list_filter[1:]]
    list_select_related = ["funder"]
    autocomplete_fields = ["funder", "countries", "fields"]
    inlines = [ProgrammeSourceInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    *in_all_languages("name"),
                    "slug",
                    "funder",
                    "status",
                    "url",
                    "publication_status",
                ]
            },
        ),
        FundingAdmin.about(),
        (
            _("Who may apply, and how much"),
            {
                "fields": [
                    "eligible",
                    "amount_min",
                    "amount_max",
                    "currency",
                    *in_all_languages("how_to_apply"),
                ]
            },
        ),
        *FundingAdmin.record(),
    ]


class CallAdminForm(LostUpdateProtectionForm):
    deadline_timezone = forms.ChoiceField(
        label=_("time zone of the deadline"),
        choices=time_zone_choices,
        required=False,
        help_text=_(
            "The time zone the call states its deadline in; the deadline is entered and shown "
            "in it. Empty: German time."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.deadline:
            # The deadline as the call states it: wall-clock time in its own zone.
            self.initial["deadline"] = self.instance.local_deadline.replace(tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        deadline, zone = cleaned.get("deadline"), cleaned.get("deadline_timezone")
        if deadline is not None and zone:
            # The form read the wall-clock time in German time; it is meant in the call's zone.
            wall_clock = timezone.localtime(deadline).replace(tzinfo=None)
            cleaned["deadline"] = wall_clock.replace(tzinfo=ZoneInfo(zone))
        return cleaned


@admin.register(Call)
class CallAdmin(FundingAdmin):
    import_kind = "calls"
    form = CallAdminForm
    list_display = ["name", "kind", "deadline", "programme", "published", "last_verified"]
    list_filter = ["publication_status", "kind", *FundingAdmin.list_filter[1:]]
    list_select_related = ["programme"]
    autocomplete_fields = ["programme", "organisation", "countries", "fields"]
    date_hierarchy = "deadline"
    inlines = [CallSourceInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    *in_all_languages("name"),
                    "slug",
                    "kind",
                    "programme",
                    "organisation",
                    "opens_on",
                    "deadline",
                    "deadline_timezone",
                    "url",
                    "publication_status",
                ]
            },
        ),
        FundingAdmin.about(*in_all_languages("eligibility")),
        *FundingAdmin.record(),
    ]


@admin.register(Event)
class EventAdmin(FundingAdmin):
    import_kind = "events"
    list_display = ["name", "kind", "starts_on", "place", "online", "published"]
    list_filter = ["publication_status", "kind", "online", *FundingAdmin.list_filter[1:]]
    list_select_related = ["place__country"]
    autocomplete_fields = [
        "place",
        "countries",
        "fields",
        "organisers",
        "participants",
        "twinnings",
    ]
    date_hierarchy = "starts_on"
    inlines = [EventSourceInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    *in_all_languages("name"),
                    "slug",
                    "kind",
                    "starts_on",
                    "ends_on",
                    "place",
                    "online",
                    "url",
                    "publication_status",
                ]
            },
        ),
        FundingAdmin.about("organisers", "participants", "twinnings"),
        *FundingAdmin.record(),
    ]
