"""Load the demo places, organisations and twinnings; safe to run again."""

from django.core.management.base import BaseCommand, CommandError

from directory.demo.country_facts import load_country_facts
from directory.demo.loader import load_demo_data
from directory.demo.synthetic import has_synthetic_rows


class Command(BaseCommand):
    help = (
        "Create the missing demo entries from directory/demo/*.json and update the fields the "
        "loader wrote last time; what curators changed (or deleted) is never overwritten."
    )

    def handle(self, *args, **options) -> None:
        if has_synthetic_rows():
            raise CommandError(
                "This database holds synthetic data (generate_synthetic_data); demo data is never "
                "mixed into it. Use another database."
            )
        verbosity = options["verbosity"]
        interactive = self.stderr.isatty()
        show_progress = verbosity >= 2 or (verbosity >= 1 and interactive)

        def progress(label: str, done: int, total: int) -> None:
            # On stderr, so stdout carries only the summary: a running count on a terminal,
            # one line per model otherwise (logs, CI).
            if interactive:
                end = "\n" if done == total else ""
                self.stderr.write(f"\rLoading {label}: {done}/{total}", ending=end)
                self.stderr.flush()
            elif done == total:
                self.stderr.write(f"Loaded {label}: {total}")

        result = load_demo_data(progress=progress if show_progress else None)
        self.stdout.write(result.summary())
        if verbosity >= 1:
            for note in result.funding_notes:  # funders, organisers, places the directory lacks
                self.stderr.write(note)
        # The country facts have a loader of their own (directory/demo/country_facts.py); their
        # count goes to stderr with the progress lines, so stdout keeps its one-line summary.
        facts = load_country_facts()
        if verbosity >= 1:
            self.stderr.write(f"Loaded {facts.summary()}")
