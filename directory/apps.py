from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from django.core import checks

        from directory import i18n  # noqa: F401  (registers the SQLite collations)
        from directory.curation.curators import on_post_migrate
        from directory.funding import search as _funding_search  # noqa: F401  (connects its handlers)
        from directory.listing.pagecache import connect_signals
        from directory.operations.operator import check_operator
        from directory.search import signals as _search_signals  # noqa: F401  (connects the handlers)
        from zentralasien import checks as _deploy_checks  # noqa: F401  (registers them)

        checks.register(check_operator, checks.Tags.security, deploy=True)

        post_migrate.connect(on_post_migrate, sender=self)
        connect_signals()
