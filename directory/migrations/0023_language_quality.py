"""Reword two seeded Russian texts of fields of cooperation (issue 26, locale/GLOSSARY.md).

The media field's description said "journalism" twice, and the municipal field's name was singular
beside plural names. Only values still equal to the seeded text are changed, so a curator's wording
stays.
"""

from django.db import migrations

CHANGES = [
    # slug, field, seeded text, new text
    (
        "media",
        "description_ru",
        "Журналистика, медиаправо и свободная журналистика.",
        "Журналистика, медиаправо и свобода слова.",
    ),
    ("municipal-partnership", "name_ru", "Муниципальное партнёрство", "Муниципальные партнёрства"),
]


def forwards(apps, schema_editor):
    CooperationField = apps.get_model("directory", "CooperationField")
    for slug, field, seeded, new in CHANGES:
        CooperationField.objects.filter(slug=slug, **{field: seeded}).update(**{field: new})


def backwards(apps, schema_editor):
    CooperationField = apps.get_model("directory", "CooperationField")
    for slug, field, seeded, new in CHANGES:
        CooperationField.objects.filter(slug=slug, **{field: new}).update(**{field: seeded})


class Migration(migrations.Migration):
    dependencies = [("directory", "0022_sources")]
    operations = [migrations.RunPython(forwards, backwards)]
