"""Delete failed-login records (with their client addresses) whose cool-off time has passed, and
the rate-limit counters (keyed hashes of client addresses) whose hour has passed.

django-axes deletes the former at the next login attempt, the rate limit the latter when a new
window starts; run this daily so that neither is kept longer when nobody logs in or writes (the
privacy page promises it).
"""

import time

from axes.models import AccessAttempt
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from directory.models import RateLimitCounter


class Command(BaseCommand):
    help = "Delete failed-login records older than AXES_COOLOFF_TIME."

    def handle(self, *args, **options):
        threshold = timezone.now() - settings.AXES_COOLOFF_TIME
        deleted, _ = AccessAttempt.objects.filter(attempt_time__lte=threshold).delete()
        counters, _ = RateLimitCounter.objects.filter(expires_at__lte=int(time.time())).delete()
        self.stdout.write(
            f"Deleted {deleted} expired failed-login record(s) and {counters} expired rate-limit"
            " counter(s)."
        )
