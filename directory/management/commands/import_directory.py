"""Import places, organisations or twinnings from a CSV file, all or nothing.

manage.py import_directory places places.csv --dry-run
manage.py import_directory organisations organisations.csv --user anna

Rows that look like existing entries are listed; the file is imported only with
--duplicates-checked, once someone has looked at them.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from directory.curation import imports


class Command(BaseCommand):
    help = "Import places, organisations or twinnings from CSV (nothing is written on any error)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(imports.LAYOUTS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Only report what would change.")
        parser.add_argument("--user", help="User name recorded in the history as the importer.")
        parser.add_argument(
            "--duplicates-checked",
            action="store_true",
            help="Import rows that look like existing entries (after checking them).",
        )

    def handle(self, *args, kind, file, dry_run, user, duplicates_checked, **options):
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
            kind=kind,
            data=data,
            user=importer,
            dry_run=dry_run,
            source_name=file.name,
            duplicates_checked=duplicates_checked,
        )
        for message in result.file_errors:
            self.stderr.write(message)
        for row, column, message in result.errors():
            self.stderr.write(f"row {row}, {column}: {message}")
        for row in result.rows:
            if row.action in (imports.Action.CREATE, imports.Action.UPDATE):
                details = "; ".join(row.changes)
                self.stdout.write(f"row {row.number}: {row.action} {row.entry} {details}".rstrip())
            if row.kept:
                self.stdout.write(f"row {row.number}: empty cells kept: {', '.join(row.kept)}")
            for similar in row.duplicates:
                where = f"row {similar.row}" if similar.row else "existing entry"
                self.stderr.write(
                    f"row {row.number}: possible duplicate of {similar.label} ({where})"
                )
        counts = result.counts
        summary = (
            f"{counts['create']} to create, {counts['update']} to change, "
            f"{counts['unchanged']} unchanged, {counts['reject']} rejected"
        )
        if not result.is_valid:
            raise CommandError(f"Nothing imported: {summary}.")
        if result.duplicates_unchecked:
            raise CommandError(
                f"Nothing imported: {result.possible_duplicates} rows look like existing entries; "
                "check them, then run again with --duplicates-checked."
            )
        self.stdout.write(f"{'Dry run, nothing written' if dry_run else 'Imported'}: {summary}.")
