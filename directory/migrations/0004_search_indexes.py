"""Search on PostgreSQL: the pg_trgm extension and GIN indexes.

The indexes exist only on PostgreSQL (SQLite has no GIN); they are not part of the models'
state, so ``makemigrations`` stays quiet on both databases. ``CreateExtension`` is itself a
no-op on other databases. Existing rows get their search text from
``manage.py rebuild_search_index`` (a data migration here would run today's model code against
an older schema).
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension
from django.contrib.postgres.search import SearchVector
from django.db import migrations


class AddPostgresIndex(migrations.operations.base.Operation):
    """Create ``index`` on PostgreSQL only, outside the migration state."""

    reversible = True

    def __init__(self, model_name, index):
        self.model_name = model_name
        self.index = index

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.add_index(to_state.apps.get_model(app_label, self.model_name), self.index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            model = from_state.apps.get_model(app_label, self.model_name)
            schema_editor.remove_index(model, self.index)

    def describe(self):
        return f"Create index {self.index.name} on {self.model_name} (PostgreSQL only)"


def trigram_index(model_name):
    return AddPostgresIndex(
        model_name,
        GinIndex(OpClass("search_text", name="gin_trgm_ops"), name=f"{model_name}_search_trgm"),
    )


def description_index(model_name):
    return AddPostgresIndex(
        model_name,
        GinIndex(SearchVector("description", config="german"), name=f"{model_name}_descr_fts"),
    )


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_curation_suggestion")]

    operations = [
        TrigramExtension(),
        trigram_index("place"),
        trigram_index("organisation"),
        trigram_index("twinning"),
        description_index("organisation"),
        description_index("twinning"),
    ]
