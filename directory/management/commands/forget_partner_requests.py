"""Delete partner requests, with their contact addresses, once nobody needs them any more.

Expired requests are no longer shown on the day after their expiry date (a condition of every
public query). This command deletes them, and rejected ones, ``--days`` days later (default 30),
so that posters' e-mail addresses are not kept indefinitely. Run it daily (cron).
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from directory.models import PartnerRequest, PartnerRequestStatus


class Command(BaseCommand):
    help = "Delete partner requests expired or rejected more than --days days ago (default 30)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days: int, **options):
        today = timezone.localdate()
        expired = Q(expires_on__lt=today - timedelta(days=days))
        rejected = Q(
            status=PartnerRequestStatus.REJECTED,
            handled_at__lt=timezone.now() - timedelta(days=days),
        )
        deleted = PartnerRequest.objects.filter(expired | rejected).delete()[1]
        count = deleted.get(PartnerRequest._meta.label, 0)
        self.stdout.write(f"Deleted {count} expired or rejected partner request(s).")
