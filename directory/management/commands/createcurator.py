"""Create a curator: a staff account in the Curators group, not a superuser."""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from directory.curation.curators import sync_curators_group


class Command(BaseCommand):
    help = (
        "Create a curator account (staff, in the Curators group). Asks for the password, "
        "or reads it from the CURATOR_PASSWORD environment variable with --no-input."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username")
        parser.add_argument("--email", default="")
        parser.add_argument("--no-input", action="store_false", dest="interactive")

    def handle(self, *args, username=None, email="", interactive=True, **options):
        User = get_user_model()
        if not username:
            if not interactive:
                raise CommandError("--username is required with --no-input.")
            username = input("Username: ").strip()
        if not username:
            raise CommandError("A username is required.")
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} exists already.")
        user = User(username=username, email=email, is_staff=True)
        password = os.environ.get("CURATOR_PASSWORD") if not interactive else self._ask()
        if not password:
            raise CommandError("Set CURATOR_PASSWORD to use --no-input.")
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        user.set_password(password)
        user.save()
        user.groups.add(sync_curators_group())
        self.stdout.write(self.style.SUCCESS(f"Curator {username!r} created."))

    def _ask(self) -> str:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        return password
