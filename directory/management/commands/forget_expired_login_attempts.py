"""Delete failed-login records (with their client addresses) whose cool-off time has passed.

django-axes also deletes them at the next login attempt; run this daily so that addresses are
never kept longer than the cool-off when nobody logs in.
"""

from axes.models import AccessAttempt
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = "Delete failed-login records older than AXES_COOLOFF_TIME."

    def handle(self, *args, **options):
        threshold = timezone.now() - settings.AXES_COOLOFF_TIME
        deleted, _ = AccessAttempt.objects.filter(attempt_time__lte=threshold).delete()
        self.stdout.write(f"Deleted {deleted} expired failed-login record(s).")
