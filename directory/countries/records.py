"""Country facts as data: the public record of a fact (API and CSV), its documented fields
(OpenAPI), and the CSV download.

A record carries every language's value and text (``text_de`` is always there; English and
Russian are null where no translation exists), so API and CSV do not depend on a page language.
"""

import csv
import io
from dataclasses import replace

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from directory.i18n import LANGUAGES, column
from directory.models import CountryFact, CountryFactKind
from directory.opendata.exports import BYTE_ORDER_MARK
from directory.opendata.serializers import FieldDoc
from directory.opendata.spreadsheets import neutralise_formula

FACT_FIELDS = [
    FieldDoc("country", "string", _("ISO 3166-1 alpha-2 code of the country, e.g. KZ.")),
    FieldDoc("kind", "string", _("What the fact is about."), enum=tuple(CountryFactKind.values)),
    *(
        FieldDoc(
            column("value", language),
            "string",
            format_lazy("{} ({})", _("Short value as the source puts it"), language),
            nullable=language != "de",
        )
        for language in LANGUAGES
    ),
    *(
        FieldDoc(
            column("text", language),
            "string",
            format_lazy("{} ({})", _("Explanation, null where not translated"), language),
            nullable=language != "de",
        )
        for language in LANGUAGES
    ),
    FieldDoc("source_url", "string", _("The page that states the fact."), format="uri"),
    FieldDoc("source_title", "string", _("Title of the source; may be empty.")),
    FieldDoc("as_of", "string", _("The date the fact refers to."), format="date"),
    FieldDoc("possibly_outdated", "boolean", _("True when the fact is older than 18 months.")),
]
FACT_COLUMNS = [field.name for field in FACT_FIELDS]


def fact_record(fact: CountryFact) -> dict:
    record = {"country": fact.country.code, "kind": fact.kind}
    for language in LANGUAGES:
        for name in ("value", "text"):
            text = getattr(fact, column(name, language)) or None
            record[column(name, language)] = text if text or language != "de" else ""
    record.update(
        source_url=fact.source_url,
        source_title=fact.source_title,
        as_of=fact.as_of.isoformat(),
        possibly_outdated=fact.is_outdated,
    )
    return {name: record[name] for name in FACT_COLUMNS}


def fact_records(country: str | None = None) -> list[dict]:
    facts = CountryFact.objects.for_display()
    if country:
        facts = facts.in_country(country)
    return [fact_record(fact) for fact in facts]


def facts_csv_response() -> HttpResponse:
    """All facts as CSV: UTF-8 with a byte-order mark, formula-safe cells (as the downloads in
    ``directory.opendata.exports``)."""
    out = io.StringIO()
    out.write(BYTE_ORDER_MARK)
    writer = csv.writer(out)
    writer.writerow(FACT_COLUMNS)
    for record in fact_records():
        writer.writerow([_csv_cell(record[name]) for name in FACT_COLUMNS])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8; header=present")
    name = f"country-facts-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise_formula(value)


def fact_fields_for_openapi() -> list[FieldDoc]:
    """The documented fields, with lazy descriptions resolved for the document."""
    return [replace(field, description=str(field.description)) for field in FACT_FIELDS]
