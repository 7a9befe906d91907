"""Fill a separate database with clearly synthetic organisations and twinnings for load tests."""

from django.core.management.base import BaseCommand, CommandError

from directory.demo.synthetic import MixingError, generate
from directory.listing import pagecache


class Command(BaseCommand):
    help = (
        "Replace the synthetic data (slugs 'synthetic-…') with a fresh, deterministic set. "
        "Refuses to run on a database that holds demo or real organisations or twinnings."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--organisations", type=int, default=1000)
        parser.add_argument("--twinnings", type=int, default=100)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, organisations: int, twinnings: int, seed: int, **options) -> None:
        if organisations < 0 or twinnings < 0:
            raise CommandError("Counts cannot be negative.")
        interactive = self.stderr.isatty()
        show_progress = options["verbosity"] >= 2 or (options["verbosity"] >= 1 and interactive)

        def progress(label: str, done: int, total: int) -> None:
            # On stderr, so that stdout carries only the one-line summary.
            if interactive:
                self.stderr.write(f"\rGenerating {label}: {done}/{total}", ending="")
                self.stderr.flush()
            elif done == total:
                self.stderr.write(f"Generated {label}: {total}")

        try:
            # bulk_create sends no signals: the batch bumps the data version once at the end.
            with pagecache.batch():
                result = generate(
                    organisations=organisations,
                    twinnings=twinnings,
                    seed=seed,
                    progress=progress if show_progress else None,
                )
        except MixingError as error:
            raise CommandError(str(error)) from error
        if interactive and show_progress:
            self.stderr.write("")
        self.stdout.write(result.summary())
