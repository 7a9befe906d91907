"""Import places, organisations or twinnings from a CSV file, all or nothing.

manage.py import_directory places places.csv --dry-run
manage.py import_directory organisations organisations.csv --user anna
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from directory import imports


class Command(BaseCommand):
    help = "Import places, organisations or twinnings from CSV (nothing is written on any error)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(imports.LAYOUTS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Only report what would change.")
        parser.add_argument("--user", help="User name recorded in the history as the importer.")

    def handle(self, *args, kind, file, dry_run, user, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"No user named {user!r}.")
        result = imports.run_import(
            kind=kind, data=data, user=importer, dry_run=dry_run, source_name=file.name
        )
        for message in result.file_errors:
            self.stderr.write(message)
        for row, column, message in result.errors():
            self.stderr.write(f"row {row}, {column}: {message}")
        for row in result.rows:
            if row.action in (imports.Action.CREATE, imports.Action.UPDATE):
                details = "; ".join(row.changes)
                self.stdout.write(f"row {row.number}: {row.action} {row.entry} {details}".rstrip())
        counts = result.counts
        summary = (
            f"{counts['create']} to create, {counts['update']} to change, "
            f"{counts['unchanged']} unchanged, {counts['reject']} rejected"
        )
        if not result.is_valid:
            raise CommandError(f"Nothing imported: {summary}.")
        self.stdout.write(f"{'Dry run, nothing written' if dry_run else 'Imported'}: {summary}.")
