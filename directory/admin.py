"""The curators' admin: every entity searchable, filterable with counts, and editable in bulk."""

from collections.abc import Callable

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from modeltranslation.translator import translator

from directory.curation import data_quality, verification
from directory.curation.admin_parts import (
    HistoryAdmin,
    ImportAdminMixin,
    LostUpdateAdminMixin,
    export_as_csv,
)
from directory.curation.forms import OrganisationAdminForm
from directory.i18n import in_all_languages
from directory.listing import pagecache
from directory.models import (
    CooperationField,
    Country,
    Organisation,
    Place,
    PlaceAlias,
    PublicationStatus,
    Source,
    TopicTerm,
    Twinning,
)
from directory.querysets import year_before

admin.site.site_header = _("Zentralasien directory – curation")
admin.site.site_title = _("Zentralasien directory")
admin.site.index_title = _("Curate the directory")


class CuratedAdmin(LostUpdateAdminMixin, ImportAdminMixin, HistoryAdmin):
    """Shared behaviour of organisations and twinnings: publish, unpublish, verify; history,
    lost-update protection, CSV import and export."""

    show_facets = admin.ShowFacets.ALWAYS
    actions = ["publish", "unpublish", "mark_verified_today", export_as_csv]
    readonly_fields = ["created_at", "updated_at", "verified_by", "verification_link"]
    # Django 6.0's default for addresses typed without a scheme, adopted now.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def _update(
        self, request: HttpRequest, queryset: QuerySet, message: Callable[[int], str], **values
    ) -> None:
        # Saving one by one keeps updated_at and any per-save bookkeeping right; the public
        # pages' data version moves once for the whole action.
        with pagecache.batch():
            for obj in queryset:
                for name, value in values.items():
                    setattr(obj, name, value)
                obj.save()
        count = queryset.count()
        self.message_user(request, message(count) % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Publish selected entries"), permissions=["change"])
    def publish(self, request, queryset):
        self._update(
            request,
            queryset,
            lambda n: ngettext("%(count)d entry published.", "%(count)d entries published.", n),
            publication_status=PublicationStatus.PUBLISHED,
        )

    @admin.action(
        description=_("Unpublish selected entries (back to draft)"), permissions=["change"]
    )
    def unpublish(self, request, queryset):
        self._update(
            request,
            queryset,
            lambda n: ngettext(
                "%(count)d entry set to draft.", "%(count)d entries set to draft.", n
            ),
            publication_status=PublicationStatus.DRAFT,
        )

    @admin.action(description=_("Mark selected entries as verified today"), permissions=["change"])
    def mark_verified_today(self, request, queryset):
        count = 0
        with pagecache.batch():  # one data-version bump for the whole action
            for entry in queryset:
                verification.verify_entry(entry=entry, curator=request.user)
                count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d entry marked verified.", "%(count)d entries marked verified.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/verify/",
                self.admin_site.admin_view(self.verify_view),
                name=f"{opts.app_label}_{opts.model_name}_verify",
            ),
            *super().get_urls(),
        ]

    def verify_view(self, request, object_id):
        """The entry's website and sources as links, each with its last link check, and a
        "Verified today" button (a form of its own: this page is not the change form)."""
        entry = self.get_object(request, object_id)
        if entry is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        if not self.has_change_permission(request, entry):
            raise PermissionDenied
        if request.method == "POST":
            verification.verify_entry(entry=entry, curator=request.user)
            self.message_user(
                request,
                _("“%(entry)s” is marked as verified today.") % {"entry": entry},
                messages.SUCCESS,
            )
            return redirect(request.path)
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "original": entry,
            "entry": entry,
            "title": _("Verify %(entry)s") % {"entry": entry},
            "links": verification.link_checks_of(entry),
            "source_lines": entry.source_lines,
        }
        return TemplateResponse(request, "admin/directory/verify.html", context)

    @admin.display(description=_("check sources"))
    def verification_link(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "–"
        opts = obj._meta
        return format_html(
            '<a href="{}">{}</a>',
            reverse(f"admin:{opts.app_label}_{opts.model_name}_verify", args=[obj.pk]),
            _("Open the sources and mark as verified today"),
        )

    @admin.display(description=_("published"), boolean=True, ordering="publication_status")
    def published(self, obj) -> bool:
        return obj.is_published


class MissingTranslationFilter(admin.SimpleListFilter):
    """Entries whose German text has no English or no Russian counterpart yet.

    Looks at every translated field of the model (directory/translation.py) that has German text.
    """

    title = _("translation")
    parameter_name = "missing_translation"

    def lookups(self, request, model_admin):
        return [
            ("en", _("English missing")),
            ("ru", _("Russian missing")),
            ("any", _("English or Russian missing")),
        ]

    def queryset(self, request, queryset):
        languages = {"en": ["en"], "ru": ["ru"], "any": ["en", "ru"]}.get(self.value())
        if not languages:
            return queryset
        missing = Q()
        for field in translator.get_options_for_model(queryset.model).fields:
            has_german = ~Q(**{f"{field}_de": ""}) & Q(**{f"{field}_de__isnull": False})
            for language in languages:
                empty = Q(**{f"{field}_{language}__isnull": True}) | Q(
                    **{f"{field}_{language}": ""}
                )
                missing |= has_german & empty
        return queryset.filter(missing)


@admin.register(Country)
class CountryAdmin(LostUpdateAdminMixin, HistoryAdmin):
    list_display = ["name", "code", "is_focus", "organisation_count"]
    list_filter = ["is_focus", MissingTranslationFilter]
    search_fields = [*in_all_languages("name"), "code"]
    fields = [*in_all_languages("name"), "code", "is_focus"]
    show_facets = admin.ShowFacets.ALWAYS

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(org_count=Count("organisations"))

    @admin.display(description=_("organisations"), ordering="org_count")
    def organisation_count(self, obj) -> int:
        return obj.org_count


@admin.register(CooperationField)
class CooperationFieldAdmin(LostUpdateAdminMixin, HistoryAdmin):
    list_display = ["name", "slug", "position", "organisation_count"]
    list_editable = ["position"]
    list_filter = [MissingTranslationFilter]
    search_fields = [*in_all_languages("name", "description"), "slug"]
    prepopulated_fields = {"slug": ["name_de"]}
    fields = [*in_all_languages("name"), "slug", *in_all_languages("description"), "position"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(org_count=Count("organisations"))

    @admin.display(description=_("organisations"), ordering="org_count")
    def organisation_count(self, obj) -> int:
        return obj.org_count


@admin.register(TopicTerm)
class TopicTermAdmin(admin.ModelAdmin):
    """Words people search for that name a field, kind or country (see directory.search.topics)."""

    list_display = ["term", "field", "kind", "country"]
    list_filter = ["field", "kind", "country"]
    search_fields = ["term"]
    autocomplete_fields = ["field", "country"]
    list_select_related = ["field", "country"]


class PlaceAliasInline(admin.TabularInline):
    model = PlaceAlias
    extra = 1


@admin.register(Place)
class PlaceAdmin(LostUpdateAdminMixin, ImportAdminMixin, HistoryAdmin):
    import_kind = "places"
    list_display = ["name", "country", "kind", "federal_state", "region", "has_coordinates"]
    list_filter = ["country", "kind", "federal_state", MissingTranslationFilter]
    list_select_related = ["country"]
    search_fields = [*in_all_languages("name"), "aliases__name", "region"]
    autocomplete_fields = ["country"]
    show_facets = admin.ShowFacets.ALWAYS
    inlines = [PlaceAliasInline]
    readonly_fields = ["slug", "twinnings_of_place", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    *in_all_languages("name"),
                    "slug",
                    "country",
                    "kind",
                    "federal_state",
                    "region",
                    "wikidata_id",
                ]
            },
        ),
        (_("Coordinates"), {"fields": ["latitude", "longitude"]}),
        (_("Twinnings"), {"fields": ["twinnings_of_place"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("coordinates"), boolean=True)
    def has_coordinates(self, obj) -> bool:
        return obj.has_coordinates

    @admin.display(description=_("twinnings"))
    def twinnings_of_place(self, obj) -> str:
        twinnings = Twinning.objects.for_list().filter(
            Q(german_place=obj) | Q(central_asian_place=obj)
        )
        return _admin_links(twinnings, "twinning") or "–"


def _admin_links(objects, model_name: str) -> str:
    """A comma-separated list of links to the admin change pages of ``objects``."""
    return format_html_join(
        ", ",
        '<a href="{}">{}</a>',
        ((reverse(f"admin:directory_{model_name}_change", args=[obj.pk]), obj) for obj in objects),
    )


class SourceInline(admin.TabularInline):
    """An entry's sources: link, title and the date a curator read the page."""

    model = Source
    extra = 1
    fields = ["url", "title", "read_on"]  # order: position (set by imports), then entry order
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class OrganisationSourceInline(SourceInline):
    fk_name = "organisation"


class TwinningSourceInline(SourceInline):
    fk_name = "twinning"


class TwinningOrganisationInline(admin.TabularInline):
    """The twinnings an organisation carries, editable from the organisation's page."""

    model = Twinning.organisations.through
    extra = 0
    autocomplete_fields = ["twinning"]
    verbose_name = _("twinning carried")
    verbose_name_plural = _("twinnings carried")


class BrokenLinkFilter(admin.SimpleListFilter):
    """Entries showing a website or source address that the last ``check_links`` found broken."""

    title = _("links")
    parameter_name = "links"

    def lookups(self, request, model_admin):
        return [("broken", _("link broken"))]

    def queryset(self, request, queryset):
        if self.value() == "broken":
            return verification.with_broken_links(queryset)
        return queryset


class NeedsVerificationFilter(admin.SimpleListFilter):
    title = _("verification")
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        return [
            ("stale", _("not verified for more than 12 months")),
            ("never", _("never verified")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "stale":
            return queryset.filter(last_verified__lt=year_before(timezone.localdate()))
        if self.value() == "never":
            return queryset.filter(last_verified__isnull=True)
        return queryset


@admin.register(Organisation)
class OrganisationAdmin(CuratedAdmin):
    form = OrganisationAdminForm
    import_kind = "organisations"
    list_display = ["name", "acronym", "kind", "seat", "published", "last_verified", "updated_at"]
    list_filter = [
        "publication_status",
        NeedsVerificationFilter,
        BrokenLinkFilter,
        "kind",
        "german_office",
        "countries",
        "fields",
        "seat__country",
        MissingTranslationFilter,
    ]
    list_select_related = ["seat__country"]
    search_fields = [
        "name",
        "acronym",
        "other_names",
        "slug",
        *in_all_languages("seat__name", "description"),
    ]
    autocomplete_fields = ["seat", "countries", "fields", "networks"]
    inlines = [OrganisationSourceInline, TwinningOrganisationInline]
    readonly_fields = [*CuratedAdmin.readonly_fields, "members_of_network", "public_link"]
    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "acronym", "other_names", "kind", "publication_status"]},
        ),
        (
            pgettext_lazy("fieldset", "About"),
            {
                "fields": [
                    *in_all_languages("description"),
                    "founded_year",
                    "countries",
                    "fields",
                ]
            },
        ),
        (_("Contact and seat"), {"fields": ["seat", "german_office", "website", "email"]}),
        (_("Identifiers"), {"fields": ["wikidata_id", "wikipedia_url"]}),
        (_("Networks"), {"fields": ["networks", "members_of_network"]}),
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
        (_("Record"), {"fields": ["public_link", "created_at", "updated_at"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            return fieldsets
        # New entries: room for the "not a duplicate" confirmation, right below the name.
        (name, options), *rest = fieldsets
        fields = list(options["fields"])
        fields.insert(fields.index("name") + 1, "not_a_duplicate")
        return [(name, {**options, "fields": fields}), *rest]

    def get_urls(self):
        return [
            path(
                "data-quality/",
                self.admin_site.admin_view(self.data_quality_view),
                name="directory_data_quality",
            ),
            *super().get_urls(),
        ]

    def data_quality_view(self, request):
        """The ``data_quality`` report for curators (anyone who may view organisations)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Data quality"),
            "report": data_quality.build_report(),
            "stale_days": data_quality.STALE_AFTER.days,
        }
        return TemplateResponse(request, "admin/directory/data_quality.html", context)

    @admin.display(description=_("members"))
    def members_of_network(self, obj) -> str:
        return _admin_links(obj.members.order_by("name"), "organisation") or "–"

    @admin.display(description=_("public page"))
    def public_link(self, obj) -> str:
        if not obj.pk or not obj.is_published:
            return _("not public (draft)")
        return format_html('<a href="{0}">{0}</a>', obj.get_absolute_url())


@admin.register(Twinning)
class TwinningAdmin(CuratedAdmin):
    import_kind = "twinnings"
    list_display = [
        "__str__",
        "kind",
        "status",
        "established_year",
        "published",
        "last_verified",
    ]
    list_filter = [
        "publication_status",
        NeedsVerificationFilter,
        BrokenLinkFilter,
        "kind",
        "status",
        "central_asian_place__country",
        "german_place__federal_state",
        MissingTranslationFilter,
    ]
    list_select_related = ["german_place__country", "central_asian_place__country"]
    search_fields = [
        *in_all_languages("german_place__name", "central_asian_place__name"),
        "german_place__aliases__name",
        "central_asian_place__aliases__name",
        *in_all_languages("description"),
    ]
    autocomplete_fields = ["german_place", "central_asian_place", "organisations"]
    inlines = [TwinningSourceInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "german_place",
                    "central_asian_place",
                    "slug",
                    "kind",
                    "status",
                    "established_year",
                    "publication_status",
                ]
            },
        ),
        (
            pgettext_lazy("fieldset", "About"),
            {"fields": [*in_all_languages("description"), "organisations"]},
        ),
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


# Registered in their own modules; imported here so that admin autodiscovery finds them.
from directory.countries import admin as _countries_admin  # noqa: E402, F401
from directory.curation.suggestion_admin import SuggestionAdmin  # noqa: E402, F401
from directory.funding import admin as _funding_admin  # noqa: E402, F401
from directory.matchmaking.requests_admin import PartnerRequestAdmin  # noqa: E402, F401
