"""Recompute the stored search text of every place, organisation and twinning, and refill the
vocabulary that typos are corrected against.

Needed after bulk writes that bypass signals (``bulk_create``, ``QuerySet.update``, raw SQL) and
after changes to the normalisation rules. Safe to run at any time; rows whose text is already
current are not written.
"""

import time

from django.core.management.base import BaseCommand

from directory.funding.search import FUNDING_INDEXES
from directory.listing import pagecache
from directory.models import Organisation, Place, Twinning
from directory.search import index as search_index

BATCH_SIZE = 1000


class Command(BaseCommand):
    help = "Recompute the search text of all places, organisations and twinnings."

    def handle(self, *args, **options) -> None:
        with pagecache.batch():  # the public pages' data version moves once, at the end
            self.rebuild_all()

    def rebuild_all(self) -> None:
        started = time.monotonic()
        counts = {}
        for label, queryset, for_index, text in [
            ("places", Place.objects.all(), search_index.places_for_index, search_index.place_text),
            (
                "organisations",
                Organisation.objects.all(),
                search_index.organisations_for_index,
                search_index.organisation_text,
            ),
            (
                "twinnings",
                Twinning.objects.all(),
                search_index.twinnings_for_index,
                search_index.twinning_text,
            ),
            *(
                (label, model.objects.all(), for_index, text)
                for label, model, for_index, text in FUNDING_INDEXES
            ),
        ]:
            counts[label] = self.rebuild(label, for_index(queryset), text)
        counts["words for typo correction"] = search_index.rebuild_vocabulary()
        seconds = time.monotonic() - started
        summary = ", ".join(f"{count} {label}" for label, count in counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"Search index rebuilt: {summary} in {seconds:.1f} s.")
        )

    def rebuild(self, label: str, queryset, text_function) -> int:
        total = queryset.count()

        def progress(done: int) -> None:
            self.stderr.write(f"\r{label}: {done}/{total}", ending="")

        done = search_index.refresh(queryset, text_function, BATCH_SIZE, progress)
        if done:
            self.stderr.write("")
        return done
