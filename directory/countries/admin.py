"""The curators' admin for country facts: typed, sourced, dated entries with history; the second
of two curators editing the same fact cannot silently overwrite the first."""

from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from directory.admin import MissingTranslationFilter
from directory.curation.admin_parts import HistoryAdmin, LostUpdateAdminMixin
from directory.i18n import in_all_languages
from directory.models import FACT_OUTDATED_AFTER_MONTHS, CountryFact, months_before


class OutdatedFilter(admin.SimpleListFilter):
    title = _("currency")
    parameter_name = "outdated"

    def lookups(self, request, model_admin):
        return [("yes", _("Possibly outdated (older than 18 months)")), ("no", _("Current"))]

    def queryset(self, request, queryset):
        threshold = months_before(timezone.localdate(), FACT_OUTDATED_AFTER_MONTHS)
        if self.value() == "yes":
            return queryset.filter(as_of__lt=threshold)
        if self.value() == "no":
            return queryset.filter(as_of__gte=threshold)
        return queryset


@admin.register(CountryFact)
class CountryFactAdmin(LostUpdateAdminMixin, HistoryAdmin):
    list_display = ["country", "kind", "value", "as_of", "is_current", "source_link"]
    list_filter = ["country", "kind", OutdatedFilter, MissingTranslationFilter]
    list_select_related = ["country"]
    search_fields = [*in_all_languages("value", "text"), "source_url", "source_title"]
    date_hierarchy = "as_of"
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["country", "kind", *in_all_languages("value")]}),
        (_("Explanation"), {"fields": in_all_languages("text")}),
        (_("Source"), {"fields": ["source_url", "source_title", "as_of"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    show_facets = admin.ShowFacets.ALWAYS

    @admin.display(description=_("current"), boolean=True, ordering="-as_of")
    def is_current(self, obj: CountryFact) -> bool:
        return not obj.is_outdated

    @admin.display(description=_("source"))
    def source_link(self, obj: CountryFact) -> str:
        return format_html(
            '<a href="{}" rel="noopener noreferrer" target="_blank">{}</a>',
            obj.source_url,
            obj.source_label,
        )
