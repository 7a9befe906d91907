"""The curators' queue of partner requests: read one, correct it, accept it (public until its
expiry date) or reject it with an optional reason; accept several from the list. Two curators
correcting the same request cannot silently overwrite each other (``LostUpdateAdminMixin``)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from directory.curation import services
from directory.curation.admin_parts import LostUpdateAdminMixin
from directory.curation.suggestion_admin import RejectionForm, ReviewQueueAdmin
from directory.models import PartnerRequest, PartnerRequestStatus


class PublicFilter(admin.SimpleListFilter):
    title = _("on the public site")
    parameter_name = "public"

    def lookups(self, request, model_admin):
        return [("yes", _("shown now")), ("expired", _("accepted, expired"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.public(today=today)
        if self.value() == "expired":
            return queryset.filter(status=PartnerRequestStatus.ACCEPTED, expires_on__lt=today)
        return queryset


@admin.register(PartnerRequest)
class PartnerRequestAdmin(LostUpdateAdminMixin, ReviewQueueAdmin):
    """Partner search requests sent by the public: what they seek, until when, who decided."""

    list_display = [
        "title",
        "poster_name",
        "status",
        "public_now",
        "expires_on",
        "created_at",
        "handled_by",
    ]
    list_filter = ["status", PublicFilter, "partner_kind", "countries"]
    list_select_related = ["handled_by"]
    search_fields = ["title", "poster_name", "description", "contact_email"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["poster_organisation", "poster_place"]
    actions = ["accept_selected"]
    readonly_fields = [
        "decision",
        "status",
        "submitted_on",
        "handled_by",
        "handled_at",
        "accepted_at",
        "rejection_reason",
        "created_at",
        "public_link",
    ]
    fieldsets = [
        (None, {"fields": ["decision", "public_link", "title", "description", "language"]}),
        (
            _("Poster"),
            {"fields": ["poster_name", "poster_organisation", "poster_place", "contact_email"]},
        ),
        (_("Partner sought"), {"fields": ["countries", "fields", "partner_kind"]}),
        (
            _("Handling"),
            {
                "fields": [
                    "submitted_on",
                    "expires_on",
                    "status",
                    "handled_by",
                    "handled_at",
                    "accepted_at",
                    "rejection_reason",
                    "curator_note",
                    "created_at",
                ]
            },
        ),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs["widget"] = forms.CheckboxSelectMultiple  # a short list, ticked as on the site
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def view_on_site(self, obj) -> str | None:
        return obj.get_absolute_url() if obj.is_public() else None

    def has_add_permission(self, request) -> bool:
        return False  # requests come from the public form

    @admin.display(description=_("public now"), boolean=True)
    def public_now(self, obj) -> bool:
        return obj.is_public()

    @admin.display(description=_("public page"))
    def public_link(self, obj) -> str:
        if obj.pk is None or not obj.is_public():
            return "–"
        url = obj.get_absolute_url()
        return format_html('<a href="{}">{}</a>', url, url)

    def _handle(self, request, pk: int, decide):
        if not self.has_change_permission(request):
            raise PermissionDenied
        partner_request = get_object_or_404(PartnerRequest, pk=pk)
        try:
            return decide(partner_request)
        except services.PartnerRequestAlreadyHandled as error:
            self.message_user(request, str(error), messages.WARNING)
            return redirect("admin:directory_partnerrequest_change", pk)

    @method_decorator(require_POST)
    def accept_view(self, request, pk: int):
        def accept(partner_request):
            services.accept_partner_request(partner_request=partner_request, curator=request.user)
            self.message_user(
                request,
                _("Partner request accepted: it is public until %(date)s.")
                % {"date": date_format(partner_request.expires_on, "DATE_FORMAT")},
                messages.SUCCESS,
            )
            return redirect("admin:directory_partnerrequest_change", partner_request.pk)

        return self._handle(request, pk, accept)

    @method_decorator(require_POST)
    def reject_view(self, request, pk: int):
        def reject(partner_request):
            form = RejectionForm(request.POST)
            if not form.is_valid():
                self.message_user(request, " ".join(form.errors["reason"]), messages.ERROR)
                return redirect("admin:directory_partnerrequest_change", partner_request.pk)
            services.reject_partner_request(
                partner_request=partner_request,
                curator=request.user,
                reason=form.cleaned_data["reason"],
            )
            self.message_user(request, _("Partner request rejected."), messages.SUCCESS)
            return redirect("admin:directory_partnerrequest_changelist")

        return self._handle(request, pk, reject)

    @admin.action(description=_("Accept selected partner requests"), permissions=["change"])
    def accept_selected(self, request, queryset):
        accepted = 0
        for partner_request in queryset.filter(status=PartnerRequestStatus.SUBMITTED):
            try:
                services.accept_partner_request(
                    partner_request=partner_request, curator=request.user
                )
            except services.PartnerRequestAlreadyHandled:
                continue
            accepted += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d partner request accepted.",
                "%(count)d partner requests accepted.",
                accepted,
            )
            % {"count": accepted},
            messages.SUCCESS,
        )
