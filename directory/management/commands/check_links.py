"""Check every public web address (websites and sources) and record the answers; meant for a
daily cron job. Broken addresses then show in the admin ("To verify", filter "link broken")."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from directory.curation import linkcheck
from directory.curation.verification import public_urls

USER_AGENT = "Zentralasien-Verzeichnis-Linkpruefung/1.0 (+{contact})"


def default_contact_url() -> str:
    """Where a site owner who sees our requests can read who we are."""
    if settings.LINK_CHECK_CONTACT_URL:
        return settings.LINK_CHECK_CONTACT_URL
    hosts = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "localhost")]
    hosts = [h for h in hosts if "." in h and not h.replace(".", "").isdigit()]
    return f"https://{hosts[0]}{reverse('directory:about')}" if hosts else ""


class Command(BaseCommand):
    help = (
        "Check every website and source address that published entries show (HEAD, then GET) "
        "and record the result per address. Prints a one-line summary."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout",
            type=float,
            default=linkcheck.DEFAULT_TIMEOUT,
            help="Seconds to wait for a server to connect or answer (default: %(default)s).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=linkcheck.DEFAULT_WORKERS,
            help="Addresses checked at the same time (default: %(default)s).",
        )
        parser.add_argument(
            "--contact-url",
            default="",
            help="Address named in the user agent (default: LINK_CHECK_CONTACT_URL).",
        )

    def handle(self, *args, timeout, workers, contact_url: str = "", **options):
        if timeout <= 0 or workers < 1:
            raise CommandError("--timeout must be positive and --workers at least 1.")
        contact = contact_url or default_contact_url()
        if not contact:
            raise CommandError(
                "Set LINK_CHECK_CONTACT_URL (or --contact-url): the user agent must say "
                "where site owners can learn who checks their pages."
            )
        started = time.monotonic()
        urls = public_urls()
        results = linkcheck.check_urls(
            urls, user_agent=USER_AGENT.format(contact=contact), timeout=timeout, workers=workers
        )
        linkcheck.record(results, keep_only_these=True)
        broken = sum(not result.ok for result in results)
        self.stdout.write(
            f"Checked {len(results)} addresses in {time.monotonic() - started:.1f} s: "
            f"{len(results) - broken} reachable, {broken} broken."
        )
