"""The curators' review queue of suggestions: read one, accept it (a pre-filled draft or the entry
to correct opens) or reject it with an optional reason; accept or reject several from the list."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from directory.curation import services
from directory.curation.admin_parts import export_as_csv
from directory.curation.forms import similar_organisations
from directory.models import Suggestion, SuggestionKind, SuggestionStatus

NEW_ENTRY_FIELDS = [*Suggestion.NEW_ENTRY_FIELDS, "possible_duplicates"]


def _change_link(obj) -> str:
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, obj)


class RejectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejecting (optional, for curators only)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


class ReviewQueueAdmin(admin.ModelAdmin):
    """What the review queues (suggestions, partner requests) share: accept and reject URLs for
    the subclass's ``accept_view`` and ``reject_view``, the rejection form on the change page,
    and who decided when."""

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<int:pk>/accept/",
                self.admin_site.admin_view(self.accept_view),
                name=f"{name}_accept",
            ),
            path(
                "<int:pk>/reject/",
                self.admin_site.admin_view(self.reject_view),
                name=f"{name}_reject",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {"rejection_form": RejectionForm()}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    @admin.display(description=_("decision"))
    def decision(self, obj) -> str:
        if obj.is_open:
            return _("Open: not decided yet.")
        when = date_format(timezone.localtime(obj.handled_at), "DATETIME_FORMAT")
        who = obj.handled_by.get_username() if obj.handled_by else _("unknown")
        if obj.status == "accepted":
            return _("Accepted by %(who)s on %(when)s.") % {"who": who, "when": when}
        return _("Rejected by %(who)s on %(when)s.") % {"who": who, "when": when}


@admin.register(Suggestion)
class SuggestionAdmin(ReviewQueueAdmin):
    """The review queue: what visitors sent, who handled it and when."""

    list_display = [
        "__str__",
        "kind",
        "concerns_link",
        "status",
        "created_at",
        "handled_by",
        "handled_at",
    ]
    list_filter = ["status", "kind"]
    # All of them here: Django ignores list_select_related once get_queryset() selects any.
    list_select_related = [
        "organisation",
        "handled_by",
        "created_organisation",
        "twinning__german_place",
        "twinning__central_asian_place",
    ]
    search_fields = ["subject", "message", "contact_email"]
    date_hierarchy = "created_at"
    show_facets = admin.ShowFacets.ALWAYS
    actions = ["accept_selected", "reject_selected", export_as_csv]
    readonly_fields = [
        "kind",
        "subject",
        "message",
        "contact_email",
        "concerns_link",
        *NEW_ENTRY_FIELDS,
        "decision",
        "status",
        "handled_by",
        "handled_at",
        "created_organisation_link",
        "rejection_reason",
        "created_at",
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ["decision", "kind", "subject", "concerns_link", "message"]}),
        ]
        if obj is None or obj.kind == SuggestionKind.NEW_ENTRY:
            fieldsets.append((_("The new organisation"), {"fields": NEW_ENTRY_FIELDS}))
        handling = ["status", "handled_by", "handled_at", "created_organisation_link"]
        if obj is not None and obj.status == SuggestionStatus.REJECTED:
            handling.append("rejection_reason")
        return [
            *fieldsets,
            (_("Sent by"), {"fields": ["contact_email", "created_at"]}),
            (_("Processing"), {"fields": [*handling, "curator_note"]}),
        ]

    def has_add_permission(self, request) -> bool:
        return False  # suggestions come from the public form

    # --- What the change page shows ----------------------------------------------------------

    @admin.display(description=_("concerns"))
    def concerns_link(self, obj) -> str:
        entry = obj.concerns
        return "–" if entry is None else _change_link(entry)

    @admin.display(description=_("draft created from it"))
    def created_organisation_link(self, obj) -> str:
        if obj.created_organisation_id is None:
            return "–"
        return _change_link(obj.created_organisation)

    @admin.display(description=_("possible duplicates"))
    def possible_duplicates(self, obj) -> str:
        if not obj.subject:
            return "–"
        exclude = obj.created_organisation_id
        similar = similar_organisations(obj.subject, exclude_pk=exclude)
        return format_html_join(", ", "{}", ((_change_link(o),) for o in similar)) or _("none")

    # --- Deciding on one suggestion ----------------------------------------------------------

    def _handle(self, request, pk: int, decide):
        if not self.has_change_permission(request):
            raise PermissionDenied
        suggestion = get_object_or_404(Suggestion, pk=pk)
        try:
            return decide(suggestion)
        except services.SuggestionAlreadyHandled as error:
            self.message_user(request, str(error), messages.WARNING)
            return redirect("admin:directory_suggestion_change", pk)

    def _report_acceptance(
        self, request, acceptance: services.Acceptance, *, name_draft: bool = False
    ) -> None:
        """Tell the curator what to check in a new draft: unmatched names, duplicates. After a
        bulk accept (``name_draft``), each message starts with the draft it is about."""
        draft = acceptance.organisation

        def warn(message) -> None:
            if name_draft:
                message = format_html("{}: {}", _change_link(draft), message)
            self.message_user(request, message, messages.WARNING)

        for note in acceptance.notes:
            warn(note)
        similar = similar_organisations(draft.name, exclude_pk=draft.pk)
        if similar:
            links = format_html_join(", ", "{}", ((_change_link(o),) for o in similar))
            warn(
                format_html(
                    "{} {}. {}",
                    _("Possible duplicate: similar entries exist:"),
                    links,
                    _("Check them before you publish this draft."),
                )
            )

    @method_decorator(require_POST)
    def accept_view(self, request, pk: int):
        def accept(suggestion):
            acceptance = services.accept_suggestion(suggestion=suggestion, curator=request.user)
            if acceptance.organisation is not None:
                self.message_user(
                    request,
                    _("Suggestion accepted. Complete the draft organisation and publish it."),
                    messages.SUCCESS,
                )
                self._report_acceptance(request, acceptance)
                return redirect("admin:directory_organisation_change", acceptance.organisation.pk)
            if suggestion.kind == SuggestionKind.CALL_OR_EVENT:
                self.message_user(
                    request,
                    format_html(
                        "{} {}",
                        _("Suggestion accepted. Now enter the call or event. The suggestion says:"),
                        Truncator(suggestion.message).chars(300),
                    ),
                    messages.SUCCESS,
                )
                return redirect("admin:directory_call_add")
            self.message_user(
                request,
                format_html(
                    "{} {}",
                    _("Suggestion accepted. Now correct the entry. The suggestion says:"),
                    Truncator(suggestion.message).chars(300),
                ),
                messages.SUCCESS,
            )
            entry = suggestion.concerns
            if entry is not None:
                return redirect(f"admin:directory_{entry._meta.model_name}_change", entry.pk)
            changelist = reverse("admin:directory_organisation_changelist")
            if suggestion.subject:
                changelist = f"{changelist}?{urlencode({'q': suggestion.subject})}"
            return redirect(changelist)

        return self._handle(request, pk, accept)

    @method_decorator(require_POST)
    def reject_view(self, request, pk: int):
        def reject(suggestion):
            form = RejectionForm(request.POST)
            if not form.is_valid():
                self.message_user(request, " ".join(form.errors["reason"]), messages.ERROR)
                return redirect("admin:directory_suggestion_change", suggestion.pk)
            services.reject_suggestion(
                suggestion=suggestion, curator=request.user, reason=form.cleaned_data["reason"]
            )
            self.message_user(request, _("Suggestion rejected."), messages.SUCCESS)
            return redirect("admin:directory_suggestion_changelist")

        return self._handle(request, pk, reject)

    # --- Deciding on several from the list ---------------------------------------------------

    @admin.action(
        description=_("Accept selected suggestions (new entries become drafts)"),
        permissions=["change"],
    )
    def accept_selected(self, request, queryset):
        """Accepts the open ones; each new draft gets the same checks as after a single accept
        (names not matched, possible duplicates), named per draft."""
        acceptances, accepted = [], 0
        for suggestion in queryset.filter(status=SuggestionStatus.NEW):
            try:
                acceptance = services.accept_suggestion(suggestion=suggestion, curator=request.user)
            except services.SuggestionAlreadyHandled:
                continue
            accepted += 1
            if acceptance.organisation is not None:
                acceptances.append(acceptance)
        drafts = [acceptance.organisation for acceptance in acceptances]
        self.message_user(
            request,
            ngettext("%(count)d suggestion accepted.", "%(count)d suggestions accepted.", accepted)
            % {"count": accepted},
            messages.SUCCESS,
        )
        if drafts:
            links = format_html_join(", ", "{}", ((_change_link(o),) for o in drafts))
            self.message_user(
                request,
                format_html("{} {}", _("Drafts to complete and publish:"), links),
                messages.INFO,
            )
        for acceptance in acceptances:
            self._report_acceptance(request, acceptance, name_draft=True)

    @admin.action(description=_("Reject selected suggestions"), permissions=["change"])
    def reject_selected(self, request, queryset):
        """Asks for an optional reason first (one page), then rejects the open ones."""
        form = RejectionForm(request.POST if "apply" in request.POST else None)
        if not form.is_bound or not form.is_valid():
            opts = self.model._meta
            return TemplateResponse(
                request,
                "admin/directory/suggestion/reject_selected.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": opts,
                    "title": _("Reject suggestions"),
                    "suggestions": queryset,
                    "form": form,
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                    "select_across": request.POST.get("select_across", "0"),
                },
            )
        rejected = 0
        for suggestion in queryset.filter(status=SuggestionStatus.NEW):
            try:
                services.reject_suggestion(
                    suggestion=suggestion,
                    curator=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except services.SuggestionAlreadyHandled:
                continue
            rejected += 1
        self.message_user(
            request,
            ngettext("%(count)d suggestion rejected.", "%(count)d suggestions rejected.", rejected)
            % {"count": rejected},
            messages.SUCCESS,
        )
        return None
