"""Write the whole directory to one file: entries, places, accounts, history, suggestions.

The file holds password hashes and suggesters' e-mail addresses, so it is readable by its owner
only (0600) from the moment it exists: the backup is written to a temporary file that
``mkstemp`` creates with that mode, then moved into place. A failed backup leaves no partial file.
"""

import os
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from directory.operations.backup import EXCLUDED


class Command(BaseCommand):
    help = (
        "Export every table (all apps, with history and suggestions) to FILE "
        "(.json, or compressed: .json.gz, .json.xz, .json.bz2)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="e.g. backup-2026-11-25.json.gz")

    def handle(self, *args, file, **options):
        target = Path(file)
        # Same directory (the move is atomic), same suffix (dumpdata picks compression by it).
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=target.suffix
        )
        os.close(handle)
        try:
            call_command(
                "dumpdata",
                exclude=list(EXCLUDED),
                natural_foreign=True,
                natural_primary=True,
                use_base_manager=True,  # every row, whatever a default manager filters
                indent=None,
                output=temporary,
                verbosity=0,
            )
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.stdout.write(f"Backup written to {file}.")
