from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from directory import (
            i18n,  # noqa: F401  (registers the SQLite collations)
            signals,  # noqa: F401  (connects the search-text handlers)
        )
        from directory.curators import on_post_migrate
        from directory.pagecache import connect_signals
        from zentralasien import checks  # noqa: F401  (registers the project's deploy checks)

        post_migrate.connect(on_post_migrate, sender=self)
        connect_signals()
