"""The project's migrations can be applied backwards as well as forwards."""

import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from directory.models import Country

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def project_app_labels() -> list[str]:
    """Apps of this project (not Django's or third parties'), so new apps are covered too."""
    base = Path(settings.BASE_DIR).resolve()
    installed = Path(sys.prefix).resolve()  # the virtualenv may live inside the project folder
    return [
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base)
        and not Path(config.path).resolve().is_relative_to(installed)
    ]


def project_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return [
        migration
        for (label, _), migration in sorted(loader.disk_migrations.items())
        if label in project_app_labels()
    ]


def operations(migration):
    for operation in migration.operations:
        yield operation
        yield from getattr(operation, "database_operations", [])


def test_every_project_migration_operation_is_reversible():
    irreversible = [
        f"{migration.app_label}.{migration.name}: {operation.describe()}"
        for migration in project_migrations()
        for operation in operations(migration)
        if not operation.reversible
    ]
    assert project_migrations()
    assert not irreversible


@pytest.mark.skipif(not ON_POSTGRESQL, reason="migrations are tested backwards on PostgreSQL")
@pytest.mark.django_db(transaction=True)  # no serialized_rollback: see test_backup.py
def test_all_migrations_apply_backwards_to_zero_and_forwards_again():
    labels = project_app_labels()
    for label in labels:
        call_command("migrate", label, "zero", verbosity=0)
    recorder = MigrationRecorder(connection)
    assert not recorder.migration_qs.filter(app__in=labels).exists()

    call_command("migrate", verbosity=0)
    applied = {(m.app_label, m.name) for m in project_migrations()}
    assert applied <= set(recorder.applied_migrations())
    assert Country.objects.focus().count() == 5
