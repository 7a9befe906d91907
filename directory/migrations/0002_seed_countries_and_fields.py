"""Seed the countries and fields of cooperation every installation needs."""

from django.db import migrations

COUNTRIES = [
    ("DE", "Deutschland", False),
    ("KZ", "Kasachstan", True),
    ("KG", "Kirgisistan", True),
    ("TJ", "Tadschikistan", True),
    ("TM", "Turkmenistan", True),
    ("UZ", "Usbekistan", True),
    ("AT", "Österreich", False),
    ("CH", "Schweiz", False),
    ("RU", "Russland", False),
    ("UA", "Ukraine", False),
    ("BY", "Belarus", False),
    ("MD", "Moldau", False),
    ("AF", "Afghanistan", False),
    ("MN", "Mongolei", False),
]

FIELDS = [
    ("democratisation", "Demokratie und Rechtsstaat",
     "Demokratisierung, Rechtsstaatlichkeit, Parlamente, lokale Selbstverwaltung."),
    ("social-justice", "Soziale Gerechtigkeit",
     "Soziale Sicherung, Gewerkschaften, Teilhabe und Schutz Benachteiligter."),
    ("environment", "Umwelt und Klima",
     "Naturschutz, Schutzgebiete, Klima, Wasser und nachhaltige Landnutzung."),
    ("education", "Bildung",
     "Schulen, Hochschulen, Erwachsenenbildung, Stipendien und Fortbildung."),
    ("culture", "Kultur",
     "Kunst, Film, Musik, Handwerk, Geschichte und Erinnerung."),
    ("youth-exchange", "Jugend- und Fachkräfteaustausch",
     "Begegnungen, Austauschprogramme und Jugendarbeit."),
    ("science", "Wissenschaft und Forschung",
     "Forschungskooperationen und Hochschulpartnerschaften."),
    ("health", "Gesundheit und Soziales",
     "Medizinische Zusammenarbeit, soziale und humanitäre Hilfe."),
    ("media", "Medien und Pressefreiheit",
     "Journalismus, Medienrecht und freie Berichterstattung."),
    ("human-rights", "Menschen- und Frauenrechte",
     "Gleichstellung, Schutz vor Gewalt, Menschenrechtsarbeit."),
    ("economy", "Wirtschaft und Entwicklung",
     "Wirtschaftskontakte, Energie, Entwicklungszusammenarbeit."),
    ("german-language", "Deutsche Sprache und Minderheit",
     "Deutschunterricht, PASCH-Schulen und die deutsche Minderheit in Zentralasien."),
    ("municipal-partnership", "Kommunale Partnerschaften",
     "Städte- und Regionalpartnerschaften und kommunaler Austausch."),
]


def seed(apps, schema_editor):
    Country = apps.get_model("directory", "Country")
    CooperationField = apps.get_model("directory", "CooperationField")
    for code, name, is_focus in COUNTRIES:
        Country.objects.update_or_create(code=code, defaults={"name": name, "is_focus": is_focus})
    for position, (slug, name, description) in enumerate(FIELDS, start=1):
        CooperationField.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "position": position * 10},
        )


def unseed(apps, schema_editor):
    """Remove the seeded rows that nothing refers to yet."""
    Country = apps.get_model("directory", "Country")
    CooperationField = apps.get_model("directory", "CooperationField")
    Country.objects.filter(code__in=[c[0] for c in COUNTRIES], places__isnull=True).delete()
    CooperationField.objects.filter(slug__in=[f[0] for f in FIELDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
