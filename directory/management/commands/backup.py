"""Write the whole directory to one file: entries, places, accounts, history, suggestions."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from directory.backup import EXCLUDED


class Command(BaseCommand):
    help = (
        "Export every table (all apps, with history and suggestions) to FILE "
        "(.json, or compressed: .json.gz, .json.xz, .json.bz2)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="e.g. backup-2026-11-25.json.gz")

    def handle(self, *args, file, **options):
        call_command(
            "dumpdata",
            exclude=list(EXCLUDED),
            natural_foreign=True,
            natural_primary=True,
            use_base_manager=True,  # every row, whatever a default manager filters
            indent=None,
            output=file,
            verbosity=0,
        )
        self.stdout.write(f"Backup written to {file}.")
