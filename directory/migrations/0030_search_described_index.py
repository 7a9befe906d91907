"""Search on PostgreSQL: a GIN index of the words of every search text's description section.

The lowest rank of a one-word search (the word in the text, not before the description;
``directory.search.ranking._lowest_rank``) comes from this index, instead of reading every entry
the word finds anywhere in the text a second time: a country word matches most of 100,000
organisations. The expression must stay the same as
``directory.search.ranking.section_words(" | ", 2)``. PostgreSQL only, like 0014 and 0027.
"""

import importlib

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import F, Func, TextField, Value

AddPostgresIndex = importlib.import_module(
    "directory.migrations.0004_search_indexes"
).AddPostgresIndex
no_statement_timeout = importlib.import_module(
    "directory.migrations.0027_search_section_indexes"
).no_statement_timeout


def described_index(model_name):
    after = Func(
        F("search_text"), Value(" | "), Value(2), function="split_part", output_field=TextField()
    )
    return AddPostgresIndex(
        model_name,
        GinIndex(SearchVector(after, config="simple"), name=f"{model_name}_search_described"),
    )


class Migration(migrations.Migration):
    dependencies = [("directory", "0029_data_change_log")]

    operations = [
        migrations.RunPython(no_statement_timeout, migrations.RunPython.noop, elidable=True),
        described_index("organisation"),
        described_index("twinning"),
        described_index("place"),  # the site search's places: no description, an empty index
    ]
