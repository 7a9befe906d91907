"""Search on PostgreSQL: a GIN index of the words of every search text.

``'simple'`` text search keeps each stored word key as one lexeme, so a prefix query
(``'bildung':*``) finds the entries with a word beginning with ``bildung`` straight from the
index, without rechecking the text row by row as the trigram index must (``directory.search.ranking``).
PostgreSQL only, outside the migration state, like migration 0004.
"""

import importlib

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

AddPostgresIndex = importlib.import_module(
    "directory.migrations.0004_search_indexes"
).AddPostgresIndex


def words_index(model_name):
    return AddPostgresIndex(
        model_name,
        GinIndex(SearchVector("search_text", config="simple"), name=f"{model_name}_search_words"),
    )


class Migration(migrations.Migration):
    dependencies = [("directory", "0013_search_words")]

    operations = [words_index("place"), words_index("organisation"), words_index("twinning")]
