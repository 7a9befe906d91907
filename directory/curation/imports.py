"""CSV import and export of places, organisations, twinnings, funding programmes, calls and events.

One column layout per model serves both ways, so an exported selection can be edited in a
spreadsheet and imported again. An import is all or nothing: every row is validated first (with the
same model validation as the admin forms); if any row is rejected, nothing is written. Rows are
matched to existing entries by a natural key, so importing the same file twice changes nothing.

The rules a file follows (README "Curation", and the import page):
- several values in one cell are separated by ``|`` (``KZ|UZ``), as in the public CSV download;
- an empty cell keeps the stored value (a new entry gets the default); a cell holding only ``-``
  clears it. Identifying and required columns cannot be cleared;
- the preview chooses every generated slug exactly as saving will store it, so a file that passes
  the preview is written as shown, or, if the database changed meanwhile, not at all.
"""

import copy
import csv
import io
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import reversion
from django import forms
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.forms.models import modelform_factory
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.curation.duplicates import DuplicateFinder, Similar
from directory.funding import imports as funding_imports
from directory.models import (
    ApplicantKind,
    Call,
    CooperationField,
    Country,
    Event,
    Organisation,
    Place,
    Programme,
    Twinning,
)
from directory.opendata.serializers import CSV_LIST_SEPARATOR
from directory.opendata.spreadsheets import neutralise_formula
from directory.slugs import unique_slug

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
#: Several values in one cell (countries, fields, organisations) are joined with this, as in the
#: public CSV download.
LIST_SEPARATOR = CSV_LIST_SEPARATOR
#: A cell holding only this clears the stored value; an empty cell keeps it.
CLEAR_MARKER = "-"


def _in_german() -> translation.override:
    """Translated fields (a place's ``name``, ``description``) mean their German column in files,
    whatever language the curator's admin is in (django-modeltranslation reads and filters the
    active language's column)."""
    return translation.override(settings.LANGUAGE_CODE)


# --- Column layouts --------------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """A column naming other entries: by slug or ISO code (places also by their unique name)."""

    model: type[models.Model]
    lookup: str
    many: bool = False


@dataclass(frozen=True)
class Layout:
    model: type[models.Model]
    columns: tuple[str, ...]
    key: tuple[str, ...]  # columns that identify an existing entry
    required: tuple[str, ...]
    references: dict[str, Reference] = field(default_factory=dict)
    #: Columns holding several codes of a choice list, stored separated by spaces.
    codes: dict[str, type[models.TextChoices]] = field(default_factory=dict)
    #: Form fields a column sets besides its own (a deadline also says whether it has a time).
    implied: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Reads cells that depend on other cells or the stored entry, into the form data.
    prepare: Callable[[dict[str, Any], models.Model | None, list[str]], None] | None = None
    #: Cells written otherwise than their stored value (a deadline in its own zone).
    writers: dict[str, Callable[[models.Model], str]] = field(default_factory=dict)
    #: Without a slug, an entry of exactly this name is the same entry.
    name_matches: bool = False
    #: (column, message) per constraint name, shown instead of Django's message naming it.
    constraint_messages: Callable[[], dict[str, tuple[str, str]]] | None = None

    def find_existing(self, values: dict[str, Any]) -> models.Model | None:
        lookup = {name: values.get(name) for name in self.key}
        if any(value in (None, "") for value in lookup.values()):
            return None
        return self.model.objects.filter(**lookup).first()


LAYOUTS = {
    "places": Layout(
        model=Place,
        columns=("name", "country", "kind", "federal_state", "region", "latitude", "longitude"),
        key=("name", "country"),
        required=("name", "country"),
        references={"country": Reference(Country, "code")},
    ),
    "organisations": Layout(
        model=Organisation,
        columns=(
            "slug",
            "name",
            "acronym",
            "other_names",
            "kind",
            "description",
            "founded_year",
            "website",
            "email",
            "seat",
            "countries",
            "fields",
            "publication_status",
            "last_verified",
            "source",
        ),
        key=("slug",),
        required=("name",),
        name_matches=True,
        references={
            "seat": Reference(Place, "slug"),
            "countries": Reference(Country, "code", many=True),
            "fields": Reference(CooperationField, "slug", many=True),
        },
    ),
    "twinnings": Layout(
        model=Twinning,
        columns=(
            "german_place",
            "central_asian_place",
            "kind",
            "status",
            "established_year",
            "description",
            "organisations",
            "publication_status",
            "last_verified",
            "source",
        ),
        key=("german_place", "central_asian_place"),
        required=("german_place", "central_asian_place"),
        references={
            "german_place": Reference(Place, "slug"),
            "central_asian_place": Reference(Place, "slug"),
            "organisations": Reference(Organisation, "slug", many=True),
        },
    ),
    "programmes": Layout(
        model=Programme,
        columns=(
            "slug",
            "name",
            "funder",
            "status",
            "description",
            "countries",
            "fields",
            "eligible",
            "amount_min",
            "amount_max",
            "currency",
            "how_to_apply",
            "url",
            "publication_status",
            "last_verified",
            "source",
        ),
        key=("slug",),
        required=("name",),
        name_matches=True,
        references={
            "funder": Reference(Organisation, "slug"),
            "countries": Reference(Country, "code", many=True),
            "fields": Reference(CooperationField, "slug", many=True),
        },
        codes={"eligible": ApplicantKind},
        writers={"eligible": lambda programme: LIST_SEPARATOR.join(programme.eligible_list)},
        constraint_messages=funding_imports.constraint_messages,
    ),
    "calls": Layout(
        model=Call,
        columns=(
            "slug",
            "name",
            "kind",
            "programme",
            "organisation",
            "opens_on",
            "deadline",
            "deadline_timezone",
            "description",
            "eligibility",
            "countries",
            "fields",
            "url",
            "publication_status",
            "last_verified",
            "source",
        ),
        key=("slug",),
        # A call cannot be saved without its kind and deadline; updates may leave them empty.
        required=("name", "kind", "deadline"),
        name_matches=True,
        references={
            "programme": Reference(Programme, "slug"),
            "organisation": Reference(Organisation, "slug"),
            "countries": Reference(Country, "code", many=True),
            "fields": Reference(CooperationField, "slug", many=True),
        },
        implied={"deadline": ("deadline_time_known",)},
        prepare=funding_imports.read_deadline,
        writers={"deadline": funding_imports.write_deadline},
        constraint_messages=funding_imports.constraint_messages,
    ),
    "events": Layout(
        model=Event,
        columns=(
            "slug",
            "name",
            "kind",
            "starts_on",
            "ends_on",
            "place",
            "online",
            "description",
            "organisers",
            "participants",
            "twinnings",
            "countries",
            "fields",
            "url",
            "publication_status",
            "last_verified",
            "source",
        ),
        key=("slug",),
        required=("name", "starts_on"),
        name_matches=True,
        references={
            "place": Reference(Place, "slug"),
            "organisers": Reference(Organisation, "slug", many=True),
            "participants": Reference(Organisation, "slug", many=True),
            "twinnings": Reference(Twinning, "slug", many=True),
            "countries": Reference(Country, "code", many=True),
            "fields": Reference(CooperationField, "slug", many=True),
        },
        constraint_messages=funding_imports.constraint_messages,
    ),
}
KIND_OF_MODEL = {layout.model: kind for kind, layout in LAYOUTS.items()}
KIND_CHOICES = [
    ("places", gettext_lazy("Places")),
    ("organisations", gettext_lazy("Organisations")),
    ("twinnings", gettext_lazy("Twinnings")),
    ("programmes", gettext_lazy("Funding programmes")),
    ("calls", gettext_lazy("Calls")),
    ("events", gettext_lazy("Events")),
]


# --- Results ---------------------------------------------------------------------------------


class Action(models.TextChoices):
    CREATE = "create", gettext_lazy("create")
    UPDATE = "update", gettext_lazy("change")
    UNCHANGED = "unchanged", gettext_lazy("unchanged")
    REJECT = "reject", gettext_lazy("rejected")


@dataclass
class RowResult:
    number: int  # the spreadsheet's row number: the header is row 1
    action: str
    entry: str = ""
    changes: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    kept: list[str] = field(default_factory=list)  # empty cells that kept a stored value
    duplicates: list[Similar] = field(default_factory=list)  # existing entries it resembles
    form: forms.ModelForm | None = None


@dataclass
class ImportResult:
    kind: str
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    written: bool = False
    duplicates_unchecked: bool = False  # refused: possible duplicates not confirmed as checked

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and all(r.action != Action.REJECT for r in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action.value: self.count(action) for action in Action}

    @property
    def possible_duplicates(self) -> int:
        return sum(1 for row in self.rows if row.duplicates)

    def errors(self) -> list[tuple[int, str, str]]:
        """(row, column, message) of every rejected row, in file order."""
        return [(r.number, col, msg) for r in self.rows for col, msg in r.errors]


# --- Reading ---------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as written by spreadsheet programs."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows; the delimiter (comma, semicolon or tab) is detected."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [name.strip().lower() for name in next(reader, [])]
    rows = [
        dict(zip(header, (value.strip() for value in row), strict=False))
        for row in reader
        if any(value.strip() for value in row)
    ]
    return header, rows


def _choice_value(model_field: models.Field, value: str) -> str:
    """Accept a choice's stored value or its label ('association' or 'Association')."""
    for stored, label in model_field.choices or ():
        if value.casefold() in (str(stored).casefold(), str(label).casefold()):
            return stored
    return value


def split_list(value: str) -> list[str]:
    """The items of a multi-value cell: ``KZ|UZ`` (``;`` as in files written before 2026-11)."""
    return [item.strip() for item in re.split(r"[|;]", value) if item.strip()]


def _resolve(reference: Reference, value: str) -> tuple[Any, str | None]:
    """Primary key(s) for a reference column, or an error message."""
    names = split_list(value) if reference.many else ([value] if value else [])
    lookup_values = [n.upper() if reference.lookup == "code" else n for n in names]
    found = dict(
        reference.model.objects.filter(**{f"{reference.lookup}__in": lookup_values}).values_list(
            reference.lookup, "pk"
        )
    )
    missing = [name for name in lookup_values if name not in found]
    if missing and reference.model is Place:
        # Places may also be named as in the admin, by their name, when that is unique.
        for name in list(missing):
            matches = list(Place.objects.filter(name_de=name).values_list("pk", flat=True)[:2])
            if len(matches) == 1:
                found[name] = matches[0]
                missing.remove(name)
    if missing:
        return None, _("Not found: %(names)s") % {"names": ", ".join(missing)}
    pks = [found[name] for name in lookup_values]
    if reference.many:
        return pks, None
    return (pks[0] if pks else None), None


#: What a yes/no cell may hold (a checkbox would read any other text as "yes").
BOOLEANS = {
    **dict.fromkeys(("yes", "true", "1", "ja", "да", "x"), True),
    **dict.fromkeys(("no", "false", "0", "nein", "нет"), False),
}


def _read_codes(choices: type[models.TextChoices], value: str) -> tuple[str, str | None]:
    """Several codes (or their labels in any language) as stored: separated by spaces, in the
    choices' order."""
    names = {choice.value: choice.value for choice in choices}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names.update({str(choice.label).casefold(): choice.value for choice in choices})
    wanted, unknown = set(), []
    for item in split_list(value):
        if item.casefold() in names:
            wanted.add(names[item.casefold()])
        else:
            unknown.append(item)
    if unknown:
        return "", _("Unknown values: %(names)s. Allowed: %(allowed)s.") % {
            "names": ", ".join(unknown),
            "allowed": ", ".join(choices.values),
        }
    return " ".join(code for code in choices.values if code in wanted), None


@dataclass
class _Cells:
    """A row's cells read into form data, before the stored entry is known."""

    data: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)
    blank: list[str] = field(default_factory=list)  # empty cells: keep what is stored

    @property
    def failed(self) -> set[str]:
        return {column for column, _message in self.errors}


def _read_cells(layout: Layout, row: dict[str, str], present: list[str]) -> _Cells:
    cells = _Cells()
    for column in present:
        value = row.get(column, "")
        reference = layout.references.get(column)
        if value == "":
            cells.blank.append(column)
            continue
        if value == CLEAR_MARKER:
            if column in layout.key or column in layout.required:
                cells.errors.append((column, _("This column cannot be cleared.")))
            else:
                cells.data[column] = [] if reference and reference.many else ""
            continue
        if reference is not None:
            resolved, error = _resolve(reference, value)
            if error:
                cells.errors.append((column, error))
            else:
                cells.data[column] = resolved
            continue
        if column in layout.codes:
            codes, error = _read_codes(layout.codes[column], value)
            if error:
                cells.errors.append((column, error))
            else:
                cells.data[column] = codes
            continue
        model_field = layout.model._meta.get_field(column)
        if isinstance(model_field, models.BooleanField):
            if value.casefold() not in BOOLEANS:
                cells.errors.append((column, _("Write yes or no.")))
            else:
                cells.data[column] = BOOLEANS[value.casefold()]
            continue
        if model_field.choices:
            value = _choice_value(model_field, value)
        elif isinstance(model_field, models.DecimalField) and "." not in value:
            value = value.replace(",", ".")  # decimal comma from German spreadsheets
        if value[:2] in ("'=", "'+", "'-", "'@"):
            value = value[1:]  # undo the export's protection against spreadsheet formulas
        cells.data[column] = value
    return cells


def _stored_value(instance: models.Model, name: str) -> Any:
    """A stored value as form data: primary keys for relations."""
    model_field = instance._meta.get_field(name)
    if model_field.many_to_many:
        return [obj.pk for obj in getattr(instance, name).all()]
    return model_field.value_from_object(instance)


def _default_value(model_field: models.Field) -> Any:
    if model_field.many_to_many:
        return []
    if model_field.has_default():
        return model_field.get_default()
    return ""


def _describe_changes(layout: Layout, form: forms.ModelForm, row: dict[str, str]) -> list[str]:
    """'column: old → new' for each changed column, in the file's own notation."""
    changes = []
    implied = {name for names in layout.implied.values() for name in names}
    for name in form.changed_data:
        if name in implied:
            continue  # shown with the column that sets it
        old = _cell(form.instance_before, name, layout.references.get(name), layout)
        new = row.get(name, "")
        changes.append(f"{name}: {old or '–'} → {'–' if new in ('', CLEAR_MARKER) else new}")
    return changes


def _formfield(model_field: models.Field, **kwargs) -> forms.Field | None:
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"  # as in the admin
    return model_field.formfield(**kwargs)


@dataclass
class _FileState:
    """What earlier rows of the file claim, so that later rows are checked against it too."""

    layout: Layout
    form_class: type[forms.ModelForm]
    present: list[str]
    explicit_slugs: set[str]
    slugs: set[str] = field(default_factory=set)  # slugs given to entries created so far
    identities: dict[tuple, int] = field(default_factory=dict)
    duplicates: DuplicateFinder | None = None


def validate(kind: str, data: bytes) -> ImportResult:
    """Check every row and say what importing it would do. Writes nothing.

    Every problem of every row is reported at once: a row with a wrong reference is still checked
    for all its other columns. Slugs are chosen here, exactly as saving will store them.
    """
    layout = LAYOUTS[kind]
    result = ImportResult(kind=kind)
    if len(data) > MAX_FILE_BYTES:
        result.file_errors.append(
            _("The file is larger than %(mb)d MB; split it.") % {"mb": MAX_FILE_BYTES // 2**20}
        )
        return result
    text = decode(data)
    if "\x00" in text:
        result.file_errors.append(_("The file contains NUL characters; is it really a CSV file?"))
        return result
    header, rows = read_rows(text)
    unknown = [name for name in header if name and name not in layout.columns]
    missing = [name for name in layout.required if name not in header]
    if unknown:
        result.file_errors.append(
            _("Unknown columns: %(names)s. Known columns: %(known)s.")
            % {"names": ", ".join(unknown), "known": ", ".join(layout.columns)}
        )
    if missing:
        result.file_errors.append(_("Missing columns: %(names)s.") % {"names": ", ".join(missing)})
    if len(rows) > MAX_ROWS:
        result.file_errors.append(_("More than %(max)d rows; split the file.") % {"max": MAX_ROWS})
        return result
    if not rows and not result.file_errors:
        result.file_errors.append(_("The file has no rows to import."))
    if missing or not rows:
        return result

    # Rows are still checked when there are unknown columns: the preview then shows every
    # problem at once, and the unknown columns are ignored.
    present = [column for column in layout.columns if column in header]
    form_fields = [*present, *(f for c in present for f in layout.implied.get(c, ()))]
    state = _FileState(
        layout=layout,
        form_class=modelform_factory(
            layout.model, fields=form_fields, formfield_callback=_formfield
        ),
        present=present,
        explicit_slugs={
            row.get("slug", "") for row in rows if row.get("slug", "") not in ("", CLEAR_MARKER)
        },
        duplicates=DuplicateFinder.for_model(layout.model),
    )
    for number, row in enumerate(rows, start=2):
        result.rows.append(_validate_row(state, number, row))
    return result


def _existing_entry(layout: Layout, data: dict[str, Any]) -> models.Model | None:
    existing = layout.find_existing(data)
    if existing is None and layout.name_matches and data.get("name"):
        # Without a slug, an entry of exactly this name is the same entry.
        existing = layout.model.objects.filter(name=data["name"]).first()
    return existing


def _validate_row(state: _FileState, number: int, row: dict[str, str]) -> RowResult:
    layout = state.layout
    label = row.get(layout.required[0], "")
    cells = _read_cells(layout, row, state.present)
    errors = list(cells.errors)
    data = cells.data
    with _in_german():
        existing = _existing_entry(layout, data)

    identity = (
        ("pk", existing.pk)
        if existing is not None
        else tuple(data.get(name) or data.get("name") for name in layout.key)
    )
    if all(part not in (None, "") for part in identity):
        if identity in state.identities:
            message = _("Same entry as row %(row)d.") % {"row": state.identities[identity]}
            errors.append(("–", message))
        else:
            state.identities[identity] = number

    # An empty cell keeps the stored value (a new entry gets the default); only the marker "-"
    # clears a value. Columns whose cell was rejected keep the stored value too, so the form
    # reports the row's other problems rather than "required" for them again.
    kept = []
    for column in [*cells.blank, *cells.failed]:
        model_field = layout.model._meta.get_field(column)
        if existing is None:
            data[column] = _default_value(model_field)
            continue
        data[column] = _stored_value(existing, column)
        stored_something = data[column] not in (None, "", [])
        if column in cells.blank and column not in layout.key and stored_something:
            kept.append(column)
    if layout.prepare is not None:
        layout.prepare(data, existing, state.present)

    form = state.form_class(data=data, instance=existing)
    form.instance_before = copy.copy(existing)
    with _in_german():
        valid = form.is_valid()
    # The messages are read here, outside _in_german(): in the curator's language.
    errors += _form_errors(layout, form, cells.failed)
    if valid and not errors:
        with _in_german():
            errors += _plan_slug(state, form, existing)
    if errors:
        return RowResult(number, Action.REJECT, entry=label or str(existing or ""), errors=errors)
    if existing is None:
        duplicates = state.duplicates.similar(form.instance) if state.duplicates else []
        if state.duplicates:
            state.duplicates.add_new(form.instance, number)
        return RowResult(
            number, Action.CREATE, entry=str(form.instance), form=form, duplicates=duplicates
        )
    if not form.has_changed():
        return RowResult(number, Action.UNCHANGED, entry=str(existing), kept=kept)
    with _in_german():
        changes = _describe_changes(layout, form, row)
    return RowResult(
        number, Action.UPDATE, entry=str(existing), changes=changes, form=form, kept=kept
    )


def _form_errors(layout: Layout, form: forms.ModelForm, failed: set[str]) -> list[tuple[str, str]]:
    """(column, message) of the form's errors; a broken database rule is said in words, never
    by its constraint name, and only once when the model's own check said it already."""
    friendly = layout.constraint_messages() if layout.constraint_messages else {}
    by_message = {}
    for language in {settings.LANGUAGE_CODE, translation.get_language()}:
        # The form checked the rules in German (_in_german), the curator may read another language.
        with translation.override(language):
            for constraint in layout.model._meta.constraints:
                by_message[constraint.get_violation_error_message()] = constraint.name
    errors: list[tuple[str, str]] = []
    for column, messages in form.errors.items():
        if column in failed:
            continue
        for message in messages:
            name = by_message.get(message)
            if name is not None:
                column, message = friendly.get(
                    name, (column, _("The values of this row do not fit together."))
                )
            entry = (column if column != "__all__" else "–", message)
            if entry not in errors:
                errors.append(entry)
    return errors


def _plan_slug(state: _FileState, form: forms.ModelForm, existing) -> list[tuple[str, str]]:
    """Choose the slug saving will store, unique in the database *and* in the file."""
    instance = form.instance
    if "slug" not in {f.name for f in instance._meta.fields}:
        return []
    explicit = form.cleaned_data.get("slug") if "slug" in state.present else ""
    if existing is not None and not explicit:
        return []  # an existing entry keeps its slug
    if explicit:
        if explicit in state.slugs:
            return [("slug", _("Another row of this file creates an entry with this slug."))]
        state.slugs.add(explicit)
        return []
    instance.slug = unique_slug(
        instance,
        instance.slug_source(),
        max_length=instance.slug_max_length,
        also_taken=state.explicit_slugs | state.slugs,
    )
    state.slugs.add(instance.slug)
    return []


class ImportFailed(Exception):
    """Saving a validated file failed after all (the database changed meanwhile)."""


def run_import(
    *,
    kind: str,
    data: bytes,
    user: AbstractBaseUser | None,
    dry_run: bool,
    source_name: str = "",
    duplicates_checked: bool = False,
) -> ImportResult:
    """Validate ``data``; unless ``dry_run`` or a row is rejected, write it in one transaction.

    Rows that look like duplicates of existing entries are written only when the caller says
    someone checked them (``duplicates_checked``). Saving never raises: if the database refuses
    a row after all, nothing is written and the result says which row failed.
    """
    result = validate(kind, data)
    if dry_run or not result.is_valid:
        return result
    if result.possible_duplicates and not duplicates_checked:
        result.duplicates_unchecked = True
        return result
    row = None
    try:
        with _in_german(), transaction.atomic(), reversion.create_revision(atomic=False):
            reversion.set_user(user)
            reversion.set_comment(_("Imported from %(file)s") % {"file": source_name or "CSV"})
            for row in result.rows:
                if row.form is not None:
                    row.form.save()
    except (DatabaseError, ValidationError) as error:
        logger.warning("CSV import of %s failed at row %s: %s", kind, row and row.number, error)
        result.file_errors.append(
            _(
                "Nothing was imported: the database refused row %(row)s (%(error)s). Upload the "
                "file again for a new preview."
            )
            % {"row": row.number if row else "–", "error": error}
        )
        return result
    result.written = True
    return result


# --- Export ----------------------------------------------------------------------------------


def _cell(
    obj: models.Model, name: str, reference: Reference | None, layout: Layout | None = None
) -> str:
    if layout is not None and name in layout.writers:
        return layout.writers[name](obj)
    value = getattr(obj, name)
    if reference is not None and reference.many:
        return LIST_SEPARATOR.join(str(getattr(item, reference.lookup)) for item in value.all())
    if reference is not None:
        return "" if value is None else str(getattr(value, reference.lookup))
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


@_in_german()
def export_rows(queryset: models.QuerySet) -> tuple[list[str], list[list[str]]]:
    """Header and rows: the import layout of the model if it has one, else every
    concrete field. Names and descriptions are the German ones, whatever the curator's language,
    as the import reads them."""
    model = queryset.model
    layout = LAYOUTS.get(KIND_OF_MODEL.get(model, ""))
    if layout is not None:
        columns = list(layout.columns)
        many = [name for name, ref in layout.references.items() if ref.many]
        single = [name for name, ref in layout.references.items() if not ref.many]
        queryset = queryset.select_related(*single).prefetch_related(*many)
        rows = [
            [_cell(obj, name, layout.references.get(name), layout) for name in columns]
            for obj in queryset
        ]
        return columns, rows
    columns = [f.attname for f in model._meta.concrete_fields]
    rows = [[_cell(obj, name, None) for name in columns] for obj in queryset]
    return columns, rows


def csv_response(queryset: models.QuerySet) -> HttpResponse:
    model_name = queryset.model._meta.model_name
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{model_name}-{stamp}.csv"'
    response.write("\ufeff")  # BOM: spreadsheet programs then read UTF-8 correctly
    writer = csv.writer(response)
    header, rows = export_rows(queryset)
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise_formula(cell) for cell in row])
    return response
