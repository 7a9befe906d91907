from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from directory import signals  # noqa: F401  (connects the search-text handlers)
        from directory.curators import sync_curators_group
        from directory.pagecache import connect_signals

        post_migrate.connect(sync_curators_group, sender=self)
        connect_signals()
