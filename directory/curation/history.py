"""What restoring an older version would change: the entry's current values beside the version's,
field by field (countries, fields and other lists included), for the admin's restore page."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator
from reversion import is_registered
from reversion.models import Version
from reversion.revisions import _get_options

# Bookkeeping the restore does not bring back: the times of the record.
NOT_RESTORED = {"created_at", "updated_at"}


@dataclass(frozen=True)
class FieldChange:
    label: str
    current: str
    restored: str


def field_label(model_field: models.Field) -> str:
    """A field's name for curators, as the forms label it: "Beschreibung (Russisch)" for a
    translation column (settings.MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME)."""
    return str(capfirst(model_field.verbose_name))


def _translated_originals(model: type[models.Model]) -> set[str]:
    """``description`` beside ``description_de`` …: the original column mirrors German."""
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def _compared_fields(model: type[models.Model]) -> list[models.Field]:
    originals = _translated_originals(model)
    return [
        f
        for f in model._meta.get_fields()
        if (f.concrete or f.many_to_many)
        and not f.auto_created
        and f.editable
        and f.name not in NOT_RESTORED
        and f.name not in originals
    ]


def _normalised(model_field: models.Field, value: Any) -> Any:
    if model_field.many_to_many:
        return sorted(str(pk) for pk in value or [])
    if value == "":
        return None
    return value


def _display(model_field: models.Field, value: Any) -> str:
    if model_field.many_to_many:
        related = model_field.related_model.objects.filter(pk__in=value)
        return ", ".join(sorted(str(obj) for obj in related)) or "–"
    if value is None:
        return "–"
    if model_field.is_relation:
        obj = model_field.related_model._default_manager.filter(pk=value).first()
        return str(obj) if obj is not None else _("(deleted entry)")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime):
        # In the site's time zone, as on the change form (a deadline at 23:30 UTC is the next
        # day in Berlin), with its time: a deadline's hour matters.
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def restore_changes(obj: models.Model, version: Version) -> list[FieldChange]:
    """The fields whose value restoring ``version`` of ``obj`` would change, in form order."""
    stored = version.field_dict
    changes = []
    for model_field in _compared_fields(type(obj)):
        if model_field.attname not in stored:
            continue  # a field added after the version was stored: restoring leaves it alone
        if model_field.many_to_many:
            current = list(getattr(obj, model_field.name).values_list("pk", flat=True))
        else:
            current = getattr(obj, model_field.attname)
        restored = stored[model_field.attname]
        if _normalised(model_field, current) == _normalised(model_field, restored):
            continue
        changes.append(
            FieldChange(
                label=field_label(model_field),
                current=_display(model_field, current),
                restored=_display(model_field, restored),
            )
        )
    return changes + _followed_changes(obj, version)


def _followed(model: type[models.Model], object_id, version: Version):
    """For each one-to-many relation the entry's versions follow (a place's alternative names,
    an entry's sources): the relation and the versions of its rows stored with ``version``."""
    if not is_registered(model):
        return
    for name in _get_options(model).follow:
        relation = model._meta.get_field(name)
        if not relation.one_to_many:
            continue
        stored = [
            v
            for v in version.revision.version_set.get_for_model(relation.related_model)
            if str(v.field_dict.get(relation.field.attname)) == str(object_id)
        ]
        yield relation, stored


def restore_entry(version: Version) -> None:
    """Restore the entry ``version`` holds, with the rows that follow it, as they were then.

    django-reversion restores every object of the version's revision; the demo loader and the CSV
    import save many entries in one revision, so restoring one entry reverted hundreds (and
    their search texts). Here other entries stay as they are; the entry's followed rows that the
    version did not hold are deleted, as a whole-revision restore would.
    """
    model = version._model
    followed = list(_followed(model, version.object_id, version))
    for relation, stored in followed:
        relation.related_model._default_manager.filter(
            **{relation.field.attname: version.object_id}
        ).exclude(pk__in=[v.object_id for v in stored]).delete()
    version.revert()
    for _relation, stored in followed:
        for row in stored:
            row.revert()


def _followed_changes(obj: models.Model, version: Version) -> list[FieldChange]:
    """Rows stored with the entry (a place's alternative names) that restoring replaces."""
    changes = []
    for relation, stored in _followed(type(obj), obj.pk, version):
        restored = sorted(v.object_repr for v in stored)
        current = sorted(str(item) for item in getattr(obj, relation.name).all())
        if restored != current:
            changes.append(
                FieldChange(
                    label=str(capfirst(relation.related_model._meta.verbose_name_plural)),
                    current=", ".join(current) or "–",
                    restored=", ".join(restored) or "–",
                )
            )
    return changes
