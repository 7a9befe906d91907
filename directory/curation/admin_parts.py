"""Admin building blocks of the curation workflow: history, lost-update protection, CSV import
and export. directory/admin.py combines them into the model admins."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.http import HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from directory.curation import change_messages, history, import_help, imports
from directory.curation.forms import LostUpdateProtectionForm, locked_version
from directory.templatetags import curation_tags

RECENT_CHANGES_SHOWN = 5


@admin.action(description=_("Export selected entries to CSV"), permissions=["view"])
def export_as_csv(modeladmin, request, queryset):
    return imports.csv_response(queryset)


class HistoryAdmin(VersionAdmin):
    """Every save through the admin (forms, actions, restores) becomes a version with who, when
    and a change message; the History button lists them and restores any of them."""

    history_latest_first = True
    actions = [export_as_csv]
    revision_form_template = "admin/directory/revision_form.html"

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Before anything is restored, the page shows what restoring would change."""
        context = dict(extra_context or {})
        obj = self.get_object(request, unquote(object_id))
        version = Version.objects.filter(pk=version_id, object_id=unquote(object_id)).first()
        if request.method == "GET" and obj is not None and version is not None:
            context["restore_changes"] = history.restore_changes(obj, version)
            context["version_date"] = version.revision.date_created
        return super().revision_view(request, object_id, version_id, context)

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        # django-reversion reverts the version's whole revision here, and the demo loader and
        # the CSV import save many entries in one: restore this entry alone (history.restore_entry).
        version.revision.revert = lambda delete=False: history.restore_entry(version)
        return super()._reversion_revisionform_view(request, version, template_name, extra_context)

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        return change_messages.in_active_language(message, form, formsets)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "recent_changes"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [*fieldsets, (_("History"), {"fields": ["recent_changes"]})]

    @admin.display(description=_("recent changes"))
    def recent_changes(self, obj) -> str:
        versions = (
            Version.objects.get_for_object(obj)
            .select_related("revision__user")
            .order_by("-revision__date_created")[:RECENT_CHANGES_SHOWN]
        )
        opts = self.model._meta
        history_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
        lines = format_html_join(
            "",
            "<li>{} – {}: {}</li>",
            (
                (
                    # In the site's time zone, as everywhere in the admin (not UTC).
                    date_format(
                        timezone.localtime(v.revision.date_created), "SHORT_DATETIME_FORMAT"
                    ),
                    v.revision.user or _("unknown"),
                    curation_tags.history_comment(v.revision.get_comment()) or "–",
                )
                for v in versions
            ),
        )
        return format_html(
            '<ul>{}</ul><a href="{}">{}</a>',
            lines or format_html("<li>{}</li>", _("No recorded changes yet.")),
            history_url,
            _("Full history and restore"),
        )


class LostUpdateAdminMixin:
    """The second of two curators editing an entry cannot silently overwrite the first.

    See ``LostUpdateProtectionForm``. For a restore from history, the comparison uses the value
    stored before the restore was applied (reversion applies it before the form is validated).
    """

    form = LostUpdateProtectionForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "loaded_version"]}), *rest]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        stored = getattr(request, "_stored_version_before_restore", None)
        if stored is not None:
            form = type(form.__name__, (form,), {"stored_version_override": stored})
        return form

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # One transaction with a row lock from here until the restore is saved (or rolled back).
        with transaction.atomic(using=router.db_for_write(self.model)):
            request._stored_version_before_restore = locked_version(self.model, object_id)
            return super().revision_view(request, object_id, version_id, extra_context)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 or Windows encoding; comma, semicolon or tab as separator; first row: column "
            "names. Several values in one cell (countries, fields) are separated by '|'."
        ),
    )


class ImportConfirmForm(forms.Form):
    """The previewed file, signed so it cannot be changed between preview and import."""

    payload = forms.CharField(widget=forms.HiddenInput)
    duplicates_checked = forms.BooleanField(
        label=_("I have checked the possible duplicates: import these rows as new entries."),
        required=False,
    )

    def clean_payload(self) -> dict:
        try:
            return signing.loads(self.cleaned_data["payload"], salt="csv-import")
        except signing.BadSignature:
            raise PermissionDenied from None


class ImportAdminMixin:
    """An 'Import CSV' page per model with a template, the allowed values and a dry-run
    preview; nothing is written before the curator confirms a preview without rejected rows
    (and, if rows look like duplicates, confirms having checked them)."""

    import_kind: str = ""
    change_list_template = "admin/directory/change_list_with_import.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name=f"{opts.app_label}_{opts.model_name}_import",
            ),
            path(
                "import/template.csv",
                self.admin_site.admin_view(self.import_template_view),
                name=f"{opts.app_label}_{opts.model_name}_import_template",
            ),
            *super().get_urls(),
        ]

    def has_import_permission(self, request: HttpRequest) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra = {"has_import_permission": self.has_import_permission(request)}
        return super().changelist_view(request, {**extra, **(extra_context or {})})

    def import_template_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        return import_help.template_csv(self.import_kind)

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": _("Import %(name)s from CSV") % {"name": opts.verbose_name_plural},
            "columns": import_help.column_help(self.import_kind),
            "clear_marker": imports.CLEAR_MARKER,
            "list_separator": imports.LIST_SEPARATOR,
        }
        form = ImportForm()
        if request.method == "POST" and "confirm" in request.POST:
            confirm = ImportConfirmForm(request.POST)
            if not confirm.is_valid():
                raise PermissionDenied
            payload = confirm.cleaned_data["payload"]
            result = imports.run_import(
                kind=self.import_kind,
                data=payload["data"].encode("utf-8"),
                user=request.user,
                dry_run=False,
                source_name=payload["name"],
                duplicates_checked=confirm.cleaned_data["duplicates_checked"],
            )
            if result.written:
                counts = result.counts
                self.message_user(
                    request,
                    _("Imported: %(create)d created, %(update)d changed, %(unchanged)d unchanged.")
                    % counts,
                    messages.SUCCESS,
                )
                return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            context.update(result=result, confirm_form=confirm, file_name=payload["name"])
        elif request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                data = upload.read(imports.MAX_FILE_BYTES + 1)
                result = imports.run_import(
                    kind=self.import_kind, data=data, user=request.user, dry_run=True
                )
                payload = signing.dumps(
                    {"name": upload.name, "data": imports.decode(data)},
                    salt="csv-import",
                    compress=True,
                )
                confirm = ImportConfirmForm(initial={"payload": payload})
                context.update(
                    result=result, confirm_form=confirm, file_name=upload.name, payload=payload
                )
        context["form"] = form
        return TemplateResponse(request, "admin/directory/import.html", context)
