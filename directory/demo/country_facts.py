"""Load the demo country facts in ``directory/demo/country_facts.json`` idempotently.

Each fact is matched by its natural key (country, kind, source address, as-of date); only
fields that differ are written, so a second load changes nothing. Every fact in the file states
only what its source says (see the file's ``_about`` and each entry's ``as_of_basis``).
"""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction

from directory.i18n import LANGUAGES, column
from directory.models import Country, CountryFact

FACTS_FILE = Path(__file__).resolve().parent / "country_facts.json"


@dataclass
class FactCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        return (
            f"country facts: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )


def _translated(entry: dict, field: str) -> dict:
    texts = entry[field]
    return {column(field, language): texts.get(language) or "" for language in LANGUAGES}


@transaction.atomic
def load_country_facts(path: Path = FACTS_FILE) -> FactCounts:
    entries = json.loads(path.read_text(encoding="utf-8"))["facts"]
    countries = {country.code: country for country in Country.objects.all()}
    counts = FactCounts()
    for entry in entries:
        key = {
            "country": countries[entry["country"]],
            "kind": entry["kind"],
            "source_url": entry["source_url"],
            "as_of": date.fromisoformat(entry["as_of"]),
        }
        values = {
            "source_title": entry.get("source_title", ""),
            **_translated(entry, "value"),
            **_translated(entry, "text"),
        }
        fact = CountryFact.objects.filter(**key).first()
        if fact is None:
            CountryFact(**key, **values).save()
            counts.created += 1
            continue
        changed = [name for name, value in values.items() if getattr(fact, name) != value]
        if changed:
            for name in changed:
                setattr(fact, name, values[name])
            fact.save()
            counts.updated += 1
        else:
            counts.unchanged += 1
    return counts
