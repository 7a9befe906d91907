from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from django.core import checks

        from directory import (
            funding_search,  # noqa: F401  (connects the funding search-text handlers)
            i18n,  # noqa: F401  (registers the SQLite collations)
            signals,  # noqa: F401  (connects the search-text handlers)
        )
        from directory.curators import on_post_migrate
        from directory.operator import check_operator
        from directory.pagecache import connect_signals
        from zentralasien import checks as _deploy_checks  # noqa: F401  (registers them)

        checks.register(check_operator, checks.Tags.security, deploy=True)

        post_migrate.connect(on_post_migrate, sender=self)
        connect_signals()
