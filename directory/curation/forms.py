"""Forms: the public suggestion form, and the curators' admin forms (lost-update protection,
possible-duplicate warning, CSV import)."""

import difflib
import re
import unicodedata
from datetime import date, datetime

from django import forms
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, router, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from reversion import is_registered
from reversion.models import Version
from slugify import slugify

from directory.models import CooperationField, Country, Organisation, Suggestion, SuggestionKind


class SuggestionForm(forms.ModelForm):
    """What a visitor sends: no account, a honeypot against bots, and consent to the privacy notice.

    For a new entry the form asks what a draft organisation needs (name, seat, countries, fields,
    kind; website, short description and source optionally); those fields are required only
    when the visitor chose "new entry", so the page works as one form without JavaScript.
    Countries and fields are ticked from the directory's lists and stored by name.

    ``website`` is the honeypot: hidden from people (and from screen readers), filled in by bots
    that fill in every field. The view drops such submissions silently.
    """

    # Required when the visitor suggests a new entry (see clean()); optional for a correction.
    NEW_ENTRY_REQUIRED = [
        "subject",
        "seat_town",
        "seat_country",
        "activity_countries",
        "activity_fields",
        "organisation_kind",
    ]

    website = forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=200, strip=False
    )
    web_address = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=300,
        assume_scheme="https",
        help_text=_("For example https://example.org"),
    )
    activity_countries = forms.MultipleChoiceField(
        label=_("Countries of activity"), required=False, widget=forms.CheckboxSelectMultiple
    )
    activity_fields = forms.MultipleChoiceField(
        label=_("Fields of cooperation"), required=False, widget=forms.CheckboxSelectMultiple
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my message and, if given, my e-mail address are stored to handle "
            "this suggestion, as described in the privacy notice."
        ),
        required=True,
    )

    class Meta:
        model = Suggestion
        fields = ["kind", "subject", *Suggestion.NEW_ENTRY_FIELDS, "message", "contact_email"]
        widgets = {
            "kind": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 6}),
            "short_description": forms.Textarea(attrs={"rows": 4}),
            "information_source": forms.Textarea(attrs={"rows": 3}),
            "seat_country": forms.TextInput(attrs={"list": "suggestion-country-names"}),
        }
        labels = {
            "seat_town": _("Based in: town"),
            "seat_country": _("Based in: country"),
            "organisation_kind": _("Kind of organisation"),
            "short_description": _("Short description"),
            "information_source": _("Source of the information"),
        }
        help_texts = {
            "subject": _("Which organisation or twinning is it about?"),
            "message": _(
                "What is new or wrong? Where can we check it (web address, publication)? "
                "At most 5,000 characters."
            ),
            "short_description": _("What does the organisation do, in two or three sentences?"),
            "information_source": _(
                "Where can we check this: a web page, a publication, or that you work there."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's max_length reaches the form as the maxlength attribute and a validator.
        for name in ("message", "short_description", "information_source"):
            self.fields[name].widget.attrs["maxlength"] = self.fields[name].max_length
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["web_address"].widget.attrs["autocomplete"] = "url"
        self.fields["kind"].choices = SuggestionKind.choices  # no empty choice for radios
        # A words-only empty choice: "---------" is read aloud as dashes, in no language.
        kinds = self.fields["organisation_kind"]
        kinds.choices = [("", _("Choose a type")), *(c for c in kinds.choices if c[0])]
        self.fields["message"].required = False
        # The five Central Asian countries first, then the others; each group alphabetically.
        self.countries = sorted(Country.objects.by_name(), key=lambda c: not c.is_focus)
        self.fields["activity_countries"].choices = [(c.code, c.name) for c in self.countries]
        self.cooperation_fields = list(CooperationField.objects.all())
        self.fields["activity_fields"].choices = [(f.slug, f.name) for f in self.cooperation_fields]
        for name in self.NEW_ENTRY_REQUIRED:
            self.fields[name].required_for_new_entry = True

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def clean_activity_countries(self) -> str:
        names = {c.code: c.name for c in self.countries}
        return Suggestion.LIST_SEPARATOR.join(
            names[code] for code in self.cleaned_data["activity_countries"]
        )

    def clean_activity_fields(self) -> str:
        names = {f.slug: f.name for f in self.cooperation_fields}
        return Suggestion.LIST_SEPARATOR.join(
            names[slug] for slug in self.cleaned_data["activity_fields"]
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == SuggestionKind.NEW_ENTRY:
            for name in self.NEW_ENTRY_REQUIRED:
                if name in cleaned and not cleaned[name]:
                    self.add_error(name, _("Please fill in this field for a new entry."))
        elif cleaned.get("kind") == SuggestionKind.CORRECTION and not cleaned.get("message"):
            self.add_error("message", _("Please describe what should be corrected."))
        elif cleaned.get("kind") == SuggestionKind.CALL_OR_EVENT:
            if not cleaned.get("subject"):
                self.add_error("subject", _("Please give the name of the call or event."))
            if not cleaned.get("message"):
                self.add_error(
                    "message",
                    _("Please say what it is, its deadline or dates, and where to read about it."),
                )
        return cleaned


# --- Curators' admin forms -------------------------------------------------------------------


# The newest versions looked through for the one a conflicting form was opened on.
MAX_VERSIONS_SEARCHED = 20


def locked_version(model, pk):
    """The stored ``updated_at`` of the entry, read with a row lock when inside a transaction.

    The admin validates and saves a change form in one transaction, so the lock is held from the
    comparison until the save commits: a second curator's save waits here and then reads the
    first one's version. Without that lock two saves at the same moment both passed the check.
    """
    queryset = model._default_manager.filter(pk=pk).values_list("updated_at", flat=True)
    if transaction.get_connection(router.db_for_write(model)).in_atomic_block:
        queryset = queryset.select_for_update()
    return queryset.first()


class LostUpdateProtectionForm(forms.ModelForm):
    """Refuses to save over changes someone else saved after this form was opened.

    The form carries the entry's ``updated_at`` as it was when the curator opened it. On save it is
    compared with the stored value, read under a row lock inside the admin's save transaction
    (``locked_version``), so of two saves at the same moment exactly one wins. If they differ, the
    form shows who changed the entry when, and which stored values differ from the curator's
    input. The curator's input stays in the form; the carried value is moved on to the stored one,
    so saving again (after merging) is deliberate.
    """

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    # Set by the admin for a restore from history: the value before the restore was applied.
    stored_version_override = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            stored = self.stored_version_override or self.instance.updated_at
            self.initial["loaded_version"] = stored.isoformat()

    def _stored_version(self):
        if self.stored_version_override is not None:
            return self.stored_version_override
        return locked_version(type(self.instance), self.instance.pk)

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        stored = self._stored_version()
        loaded = parse_datetime(self.data.get(self.add_prefix("loaded_version"), "") or "")
        if stored is None or loaded == stored:
            return cleaned
        # Let the next submission through: the curator has now seen the other change.
        data = self.data.copy()
        data[self.add_prefix("loaded_version")] = stored.isoformat()
        message = self._conflict_message(stored, loaded, data)
        self.data = data
        raise ValidationError(message)

    def _conflict_message(self, stored, loaded, data):
        model = type(self.instance)
        entry = (
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                object_id=str(self.instance.pk),
            )
            .select_related("user")
            .order_by("-action_time")
            .first()
        )
        who = entry.user.get_username() if entry else _("someone")
        when = date_format(timezone.localtime(stored), "DATETIME_FORMAT")
        head = _(
            "%(who)s changed this entry at %(when)s, after you opened it. Your input is kept below."
        ) % {"who": who, "when": when}
        current = model.objects.get(pk=self.instance.pk)
        then = self.opened_version(current, loaded)
        if then is None:  # not in the history: every stored value that differs from this input
            differing = self._listed(current, self.changed_against(current))
            if not differing:
                return format_html("{} {}", head, _("Save again to keep your version."))
            return format_html(
                "{} {}<ul>{}</ul>",
                head,
                _(
                    "Stored values that differ from your input are listed here; merge them into "
                    "the form and save again to keep both changes:"
                ),
                differing,
            )
        taken, both = self.merge_changes(current, then, data)
        parts = [head]
        if taken:
            labels = ", ".join(str(self.fields[name].label) for name in taken)
            parts.append(
                _("Their changes to fields you had not edited are now in the form: %(fields)s.")
                % {"fields": labels}
            )
        if both:
            parts.append(
                format_html(
                    "{}<ul>{}</ul>",
                    _(
                        "You both changed these fields; their stored values are listed here, "
                        "merge them into the form:"
                    ),
                    self._listed(current, both),
                )
            )
        parts.append(_("Check the form and save again to keep both changes."))
        return format_html_join(" ", "{}", ((part,) for part in parts))

    def _listed(self, current, names: list[str]):
        return format_html_join(
            "",
            "<li>{}: {}</li>",
            ((str(self.fields[name].label), _display(current, name)) for name in names),
        )

    def opened_version(self, current, loaded) -> dict | None:
        """The stored values of the entry when this form was opened: its version in the history
        with the ``updated_at`` the form carried; None if there is none (a change saved outside
        the admin, a model without history)."""
        if not is_registered(type(current)):
            return None
        opened = next(
            (
                version
                for version in Version.objects.get_for_object(current)[:MAX_VERSIONS_SEARCHED]
                if _to_milliseconds(version.field_dict.get("updated_at"))
                == _to_milliseconds(loaded)
            ),
            None,
        )
        return None if opened is None else opened.field_dict

    def merge_changes(self, current, then: dict, data) -> tuple[list[str], list[str]]:
        """The form's fields that someone changed since ``then``: those this curator left as they
        were take the stored value into ``data`` (so saving again keeps both changes); those both
        changed are returned second, to merge by hand."""
        taken, both = [], []
        for name, field in self.fields.items():
            try:
                model_field = current._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if not model_field.concrete or model_field.attname not in then:
                continue
            before = _comparable(model_field, then[model_field.attname])
            now = _comparable(model_field, _model_value(current, model_field))
            if now == before:
                continue
            submitted = _comparable(model_field, self.cleaned_data.get(name))
            if (
                submitted == before
                and name in self.cleaned_data
                and not isinstance(field, forms.MultiValueField)  # a deadline's date and time
            ):
                _put(data, self.add_prefix(name), model_field, _model_value(current, model_field))
                taken.append(name)
            else:
                both.append(name)
        return taken, both

    def changed_against(self, current) -> list[str]:
        """Names of the form's fields whose submitted value differs from ``current``."""
        names = []
        model_fields = {f.name for f in current._meta.get_fields()}
        for name, field in self.fields.items():
            if name not in model_fields or name not in self.cleaned_data:
                continue
            stored = field.prepare_value(_form_value(current, name))
            submitted = field.prepare_value(self.cleaned_data[name])
            if isinstance(field, forms.MultiValueField):
                # has_changed() expects the widgets' raw parts (e.g. the admin's date and time
                # of a deadline), not a cleaned value: compare the values themselves.
                changed = stored != submitted
            else:
                changed = field.has_changed(stored, submitted)
            if changed:
                names.append(name)
        return names


def _model_value(instance, model_field):
    if model_field.many_to_many:
        return list(getattr(instance, model_field.name).values_list("pk", flat=True))
    return getattr(instance, model_field.attname)


def _comparable(model_field, value):
    """A field's value as the history, the database and a form's cleaned data compare: related
    entries by pk, lists sorted, times to the millisecond, "" and NULL both empty."""
    if model_field.many_to_many:
        return sorted(getattr(item, "pk", item) for item in (value or []))
    value = getattr(value, "pk", value)
    if isinstance(value, datetime):
        value = _to_milliseconds(value)
    return None if value in ("", None) else value


def _put(data, key: str, model_field, value) -> None:
    """Write a stored value into submitted form data, as a browser would send it."""
    if model_field.many_to_many:
        data.setlist(key, [str(pk) for pk in value])
    elif isinstance(model_field, models.BooleanField):
        if value:
            data[key] = "on"
        else:
            data.pop(key, None)
    elif value is None:
        data[key] = ""
    elif isinstance(value, date):
        data[key] = value.isoformat()
    else:
        data[key] = str(value)


def _to_milliseconds(moment: datetime | None) -> datetime | None:
    """A time as the history stores it (its JSON keeps milliseconds)."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000) if moment else None


def _form_value(instance, name: str):
    value = getattr(instance, name)
    if hasattr(value, "all"):  # many-to-many
        return list(value.all())
    return value


def _display(instance, name: str) -> str:
    value = _form_value(instance, name)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "–"
    if hasattr(instance, f"get_{name}_display"):
        return str(getattr(instance, f"get_{name}_display")())
    if isinstance(value, datetime):  # as the admin shows it: in the site's time zone
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    return "–" if value in (None, "") else str(value)


LEGAL_FORMS = {"ev", "e", "v", "ggmbh", "gmbh", "stiftung", "verein", "the", "der", "die"}


_WORD = re.compile(r"[a-z0-9]+")


def normalised_name(name: str) -> str:
    """Lower-case ASCII words without legal forms: 'Deutsch-Kasachische Gesellschaft e.V.' and
    'deutsch kasachische Gesellschaft' compare equal."""
    text = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    if not text.isascii():
        text = slugify(text, separator=" ")  # transliterates Cyrillic; slower, so only when needed
    return " ".join(w for w in _WORD.findall(text.casefold()) if w not in LEGAL_FORMS)


SIMILARITY_THRESHOLD = 0.85


def similar_organisations(name: str, *, exclude_pk: int | None = None) -> list[Organisation]:
    """Organisations whose name (or acronym) is nearly the same as ``name``: possible duplicates.

    Compared in Python on transliterated names, so it works alike on SQLite and PostgreSQL and
    across scripts ('Общество дружбы' vs 'Obshchestvo druzhby'). A few thousand names take
    milliseconds.
    """
    wanted = normalised_name(name)
    if not wanted:
        return []
    matcher = difflib.SequenceMatcher(b=wanted, autojunk=False)
    hits = []
    candidates = Organisation.objects.exclude(pk=exclude_pk).values_list("pk", "name", "acronym")
    for pk, other_name, acronym in candidates:
        for candidate in (other_name, acronym):
            other = normalised_name(candidate)
            if not other:
                continue
            matcher.set_seq1(other)
            if other == wanted or (
                matcher.real_quick_ratio() >= SIMILARITY_THRESHOLD
                and matcher.quick_ratio() >= SIMILARITY_THRESHOLD
                and matcher.ratio() >= SIMILARITY_THRESHOLD
            ):
                hits.append(pk)
                break
    return list(Organisation.objects.filter(pk__in=hits).order_by("name"))


class OrganisationAdminForm(LostUpdateProtectionForm):
    """Adds the possible-duplicate warning to new organisations."""

    not_a_duplicate = forms.BooleanField(
        label=_("This is not a duplicate of the similar entries listed above"),
        required=False,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Organisation
        fields = ["name"]  # the admin passes the fields of its fieldsets

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        if self.instance.pk or not name or cleaned.get("not_a_duplicate"):
            return cleaned
        similar = similar_organisations(name)
        if similar:
            self.fields["not_a_duplicate"].widget = forms.CheckboxInput()
            links = format_html_join(
                ", ",
                '<a href="{}">{}</a>',
                (
                    (reverse("admin:directory_organisation_change", args=[o.pk]), str(o))
                    for o in similar
                ),
            )
            self.add_error(
                "name",
                ValidationError(
                    format_html(
                        "{} {}. {}",
                        _("Possible duplicate: similar entries exist:"),
                        links,
                        _(
                            "Check them; if this is a different organisation, tick the box "
                            "'This is not a duplicate' and save again."
                        ),
                    )
                ),
            )
        return cleaned
