"""``manage.py data_quality``: what is missing, unverified, stale or weakly sourced."""

from django.core.management.base import BaseCommand

from directory.curation.data_quality import STALE_AFTER, build_report


class Command(BaseCommand):
    help = (
        "Report per entity how many entries lack each field, how many are unverified or stale, "
        "and which sources are duplicated or fragile; a one-line summary comes last."
    )

    def handle(self, *args, **options) -> None:
        report = build_report()
        for entity in report.entities:
            self.stdout.write(self.style.MIGRATE_HEADING(f"{entity.name} ({entity.total})"))
            if entity.unverified is not None:
                self.stdout.write(f"  never verified: {entity.unverified}")
                self.stdout.write(
                    f"  stale (verified more than {STALE_AFTER.days} days ago): {entity.stale}"
                )
            for name, count in entity.missing.items():
                self.stdout.write(f"  without {name}: {count}")
        self.stdout.write(self.style.MIGRATE_HEADING("Sources"))
        self.stdout.write(f"  without a date read: {report.undated_sources}")
        self.stdout.write(f"  used by more than one entry: {len(report.duplicated_sources)}")
        for url, count in report.duplicated_sources:
            self.stdout.write(f"    {count}× {url}")
        self.stdout.write(f"  fragile: {len(report.fragile_sources)}")
        for url, reason, entry in report.fragile_sources:
            self.stdout.write(f"    {url} – {reason} – {entry}")
        self.stdout.write(report.summary())
