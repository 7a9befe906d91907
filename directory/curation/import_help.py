"""What the import page tells curators before they upload: a template CSV per entity and the
values each column accepts (kinds, countries, fields, federal states, statuses …)."""

import csv
import io
from dataclasses import dataclass

from django.db import models
from django.http import HttpResponse
from django.utils.translation import gettext as _

from directory.curation.imports import LAYOUTS, LIST_SEPARATOR
from directory.funding_models import validate_time_zone
from directory.models import CooperationField, Country

LOCATION = ("latitude", "longitude")


@dataclass(frozen=True)
class ColumnHelp:
    name: str
    label: str
    required: bool
    note: str
    values: list[tuple[str, str]]  # (what to write, what it means); empty: free text


def template_csv(kind: str) -> HttpResponse:
    """A CSV file with the column names of ``kind`` and no rows, to fill in a spreadsheet."""
    out = io.StringIO()
    out.write("\ufeff")  # BOM: spreadsheet programs then read UTF-8 correctly
    csv.writer(out).writerow(LAYOUTS[kind].columns)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.csv"'
    return response


def _reference_values(model: type[models.Model]) -> list[tuple[str, str]]:
    if model is Country:
        return [(c.code, c.name) for c in Country.objects.order_by("-is_focus", "name")]
    if model is CooperationField:
        return [(f.slug, f.name) for f in CooperationField.objects.all()]
    return []  # places and organisations: too many to list; the note says where to look


def _note(model_field: models.Field, reference, codes=None) -> str:
    if codes is not None or (reference is not None and reference.many):
        return _("Several values separated by %(separator)s.") % {"separator": LIST_SEPARATOR}
    if (
        reference is not None
        and reference.lookup == "slug"
        and not _reference_values(reference.model)
    ):
        if reference.model._meta.model_name == "place":
            return _("The slug shown in the admin list's export (or the unique name of a place).")
        return _("The slug shown in the admin list's export.")
    if isinstance(model_field, models.DateTimeField):  # before DateField, its parent
        return _(
            "YYYY-MM-DD HH:MM in the time zone of the deadline_timezone column (German time when "
            "it is empty); a date alone means the end of that day."
        )
    if isinstance(model_field, models.DateField):
        return _("Date as YYYY-MM-DD.")
    if isinstance(model_field, models.DecimalField) and model_field.name in LOCATION:
        return _("Decimal degrees; a decimal point or comma.")
    if isinstance(model_field, models.DecimalField):
        return _("A number; a decimal point or comma.")
    if isinstance(model_field, models.BooleanField):
        return _("yes or no.")
    if validate_time_zone in model_field.validators:
        return _("A time zone name such as Asia/Bishkek or Europe/Berlin; empty: German time.")
    if isinstance(model_field, models.SlugField):
        return _("Leave empty to generate it from the name.")
    return ""


def column_help(kind: str) -> list[ColumnHelp]:
    """Every column of ``kind``'s layout with what it accepts."""
    layout = LAYOUTS[kind]
    columns = []
    for name in layout.columns:
        model_field = layout.model._meta.get_field(name)
        reference = layout.references.get(name)
        codes = layout.codes.get(name)
        if reference is not None:
            values = _reference_values(reference.model)
        elif codes is not None:
            values = [(str(value), str(label)) for value, label in codes.choices]
        else:
            values = [(str(value), str(label)) for value, label in model_field.choices or ()]
        columns.append(
            ColumnHelp(
                name=name,
                label=str(model_field.verbose_name),
                required=name in layout.required,
                note=_note(model_field, reference, codes),
                values=values,
            )
        )
    return columns
