"""CSV import and export of places, organisations and twinnings.

One column layout per model serves both ways, so an exported selection can be edited in a
spreadsheet and imported again. An import is all or nothing: every row is validated first (with the
same model validation as the admin forms); if any row is rejected, nothing is written. Rows are
matched to existing entries by a natural key, so importing the same file twice changes nothing.
"""

import copy
import csv
import io
from dataclasses import dataclass, field
from typing import Any

import reversion
from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.forms.models import modelform_factory
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.models import CooperationField, Country, Organisation, Place, Twinning
from directory.spreadsheets import neutralise_formula

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
LIST_SEPARATOR = ";"


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
}
KIND_OF_MODEL = {layout.model: kind for kind, layout in LAYOUTS.items()}
KIND_CHOICES = [
    ("places", gettext_lazy("Places")),
    ("organisations", gettext_lazy("Organisations")),
    ("twinnings", gettext_lazy("Twinnings")),
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
    form: forms.ModelForm | None = None


@dataclass
class ImportResult:
    kind: str
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and all(r.action != Action.REJECT for r in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action.value: self.count(action) for action in Action}

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


def _resolve(reference: Reference, value: str) -> tuple[Any, str | None]:
    """Primary key(s) for a reference column, or an error message."""
    if reference.many:
        names = [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]
    else:
        names = [value] if value else []
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
            matches = list(Place.objects.filter(name=name).values_list("pk", flat=True)[:2])
            if len(matches) == 1:
                found[name] = matches[0]
                missing.remove(name)
    if missing:
        return None, _("Not found: %(names)s") % {"names": ", ".join(missing)}
    pks = [found[name] for name in lookup_values]
    if reference.many:
        return pks, None
    return (pks[0] if pks else None), None


def _form_data(layout: Layout, row: dict[str, str]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    data: dict[str, Any] = {}
    errors = []
    for column in layout.columns:
        value = row.get(column, "")
        if column in layout.references:
            resolved, error = _resolve(layout.references[column], value)
            if error:
                errors.append((column, error))
            data[column] = resolved if resolved is not None else ""
            continue
        model_field = layout.model._meta.get_field(column)
        if model_field.choices and value:
            value = _choice_value(model_field, value)
        elif isinstance(model_field, models.DecimalField) and "." not in value:
            value = value.replace(",", ".")  # decimal comma from German spreadsheets
        if value[:2] in ("'=", "'+", "'-", "'@"):
            value = value[1:]  # undo the export's protection against spreadsheet formulas
        data[column] = value
    return data, errors


def _describe_changes(layout: Layout, form: forms.ModelForm, row: dict[str, str]) -> list[str]:
    """'column: old → new' for each changed column, in the file's own notation."""
    changes = []
    for name in form.changed_data:
        old = _cell(form.instance_before, name, layout.references.get(name))
        changes.append(f"{name}: {old or '–'} → {row.get(name) or '–'}")
    return changes


def _formfield(model_field: models.Field, **kwargs) -> forms.Field | None:
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"  # as in the admin
    return model_field.formfield(**kwargs)


def validate(kind: str, data: bytes) -> ImportResult:
    """Check every row and say what importing it would do. Writes nothing."""
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
    if result.file_errors:
        return result
    if not rows:
        result.file_errors.append(_("The file has no rows to import."))
        return result

    present = [column for column in layout.columns if column in header]
    form_class = modelform_factory(layout.model, fields=present, formfield_callback=_formfield)
    seen_keys: dict[tuple, int] = {}
    for number, row in enumerate(rows, start=2):
        result.rows.append(_validate_row(layout, form_class, present, number, row, seen_keys))
    return result


def _validate_row(layout, form_class, present, number, row, seen) -> RowResult:
    label = row.get(layout.required[0], "")
    data, errors = _form_data(layout, row)
    data = {name: value for name, value in data.items() if name in present}
    if errors:
        return RowResult(number, Action.REJECT, entry=label, errors=errors)
    existing = layout.find_existing(data)
    if existing is None and layout.model is Organisation and data.get("name"):
        # Without a slug, an organisation of exactly this name is the same entry.
        existing = Organisation.objects.filter(name=data["name"]).first()
    if existing is not None:
        for name in layout.key:
            if name in data and data[name] in ("", None):
                data[name] = getattr(existing, name)  # an empty key column keeps the stored key
    identity = (
        ("pk", existing.pk)
        if existing is not None
        else tuple(data.get(name) or data.get("name") for name in layout.key)
    )
    if identity in seen:
        return RowResult(
            number,
            Action.REJECT,
            entry=label,
            errors=[("–", _("Same entry as row %(row)d.") % {"row": seen[identity]})],
        )
    seen[identity] = number
    form = form_class(data=data, instance=existing)
    form.instance_before = copy.copy(existing)
    if not form.is_valid():
        errors = [
            (column if column != "__all__" else "–", message)
            for column, messages in form.errors.items()
            for message in messages
        ]
        return RowResult(number, Action.REJECT, entry=label, errors=errors)
    if existing is None:
        return RowResult(number, Action.CREATE, entry=str(form.instance), form=form)
    if not form.has_changed():
        return RowResult(number, Action.UNCHANGED, entry=str(existing))
    changes = _describe_changes(layout, form, row)
    return RowResult(number, Action.UPDATE, entry=str(existing), changes=changes, form=form)


def run_import(
    *, kind: str, data: bytes, user: AbstractBaseUser | None, dry_run: bool, source_name: str = ""
) -> ImportResult:
    """Validate ``data``; unless ``dry_run`` or a row is rejected, write it in one transaction."""
    result = validate(kind, data)
    if dry_run or not result.is_valid:
        return result
    with transaction.atomic(), reversion.create_revision(atomic=False):
        reversion.set_user(user)
        reversion.set_comment(_("Imported from %(file)s") % {"file": source_name or "CSV"})
        for row in result.rows:
            if row.form is None:
                continue
            if row.action == Action.CREATE and not row.form.cleaned_data.get("slug"):
                row.form.instance.slug = ""  # chosen at save time, against the rows saved so far
            row.form.save()
    result.written = True
    return result


# --- Export ----------------------------------------------------------------------------------


def _cell(obj: models.Model, name: str, reference: Reference | None) -> str:
    value = getattr(obj, name)
    if reference is not None and reference.many:
        return LIST_SEPARATOR.join(str(getattr(item, reference.lookup)) for item in value.all())
    if reference is not None:
        return "" if value is None else str(getattr(value, reference.lookup))
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def export_rows(queryset: models.QuerySet) -> tuple[list[str], list[list[str]]]:
    """Header and rows: the import layout for places, organisations and twinnings, else every
    concrete field."""
    model = queryset.model
    layout = LAYOUTS.get(KIND_OF_MODEL.get(model, ""))
    if layout is not None:
        columns = list(layout.columns)
        many = [name for name, ref in layout.references.items() if ref.many]
        single = [name for name, ref in layout.references.items() if not ref.many]
        queryset = queryset.select_related(*single).prefetch_related(*many)
        rows = [
            [_cell(obj, name, layout.references.get(name)) for name in columns] for obj in queryset
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
