"""Search on PostgreSQL: GIN indexes of the words in the first sections of every search text.

The rank of a list search tells whether the words are in the names (before ``# ~``) or in the
names, places and topics (before `` | ``; ``directory.search.index.compose``). With an index of
each section's words those ranks come from the index instead of from scanning the text of
every match: a country or topic word matches most of 100,000 organisations. The expression must
stay the same as ``directory.search.ranking.section_words``. PostgreSQL only, like migration 0014.
"""

import importlib

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import F, Func, TextField, Value

AddPostgresIndex = importlib.import_module(
    "directory.migrations.0004_search_indexes"
).AddPostgresIndex

SECTIONS = {"names": "# ~", "things": " | "}


def section_index(model_name, section):
    before = Func(
        F("search_text"), Value(SECTIONS[section]), Value(1), function="split_part",
        output_field=TextField(),
    )  # fmt: skip
    return AddPostgresIndex(
        model_name,
        GinIndex(SearchVector(before, config="simple"), name=f"{model_name}_search_{section}"),
    )


def no_statement_timeout(apps, schema_editor):
    # The request limit of the settings would stop the index builds at 100,000 organisations.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET LOCAL statement_timeout = 0")


class Migration(migrations.Migration):
    dependencies = [("directory", "0026_partner_requests")]

    operations = [
        migrations.RunPython(no_statement_timeout, migrations.RunPython.noop, elidable=True),
        *(
            section_index(model_name, section)
            for model_name in ("organisation", "twinning")
            for section in SECTIONS
        ),
    ]
