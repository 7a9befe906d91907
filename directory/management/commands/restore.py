"""Restore a backup made by ``manage.py backup`` into a migrated, otherwise empty database."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from directory.models import Organisation, Twinning


class Command(BaseCommand):
    help = (
        "Load FILE (from `manage.py backup`) into this database, replacing what the migrations "
        "seeded. Refuses a database that already holds entries or accounts unless --replace."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete everything in this database first, even entries and accounts",
        )

    def handle(self, *args, file, replace, **options):
        holds_data = (
            Organisation.objects.exists()
            or Twinning.objects.exists()
            or get_user_model().objects.exists()
        )
        if holds_data and not replace:
            raise CommandError(
                "This database already holds entries or accounts; "
                "restore into an empty database, or pass --replace to delete them first."
            )
        with transaction.atomic():
            # Empty every table, including the seeded countries and fields the backup also holds;
            # flush then recreates content types, permissions and the Curators group, to which
            # the backup refers by natural key.
            call_command("flush", interactive=False, verbosity=0)
            ContentType.objects.clear_cache()
            call_command("loaddata", file, verbosity=0)
        self.stdout.write(f"Restored {file}.")
