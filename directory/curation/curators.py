"""The "Curators" group: staff who maintain entries in the admin without being superusers."""

from django.contrib.auth.models import Group, Permission

CURATORS_GROUP = "Curators"

# Models curators maintain in full, and models they may only look at and correct.
MAINTAINED_MODELS = (
    "organisation",
    "twinning",
    "place",
    "placealias",
    "source",
    "cooperationfield",
    "suggestion",
    "topicterm",
    "countryfact",
    "programme",
    "call",
    "event",
    "partnerrequest",
)
CORRECTED_MODELS = ("country",)


def curator_permissions():
    full = Permission.objects.filter(
        content_type__app_label="directory", content_type__model__in=MAINTAINED_MODELS
    )
    partial = Permission.objects.filter(
        content_type__app_label="directory",
        content_type__model__in=CORRECTED_MODELS,
        codename__regex=r"^(view|change)_",
    )
    return full | partial


def sync_curators_group(**kwargs) -> Group:
    """Create the group if needed and give it exactly the curator permissions.

    Called after ``migrate`` (see ``on_post_migrate``), so a new model's permissions reach the
    group with its migration.
    """
    group, _ = Group.objects.get_or_create(name=CURATORS_GROUP)
    group.permissions.set(curator_permissions())
    return group


def on_post_migrate(**kwargs) -> None:
    """``post_migrate`` receiver: sync after ``migrate``, not after ``flush``.

    ``flush`` sends ``post_migrate`` without a migration plan. Recreating the group there would
    clash with test databases restored from their serialised state (transactional tests with
    ``serialized_rollback``); the next ``migrate`` recreates it anyway.
    """
    if "plan" in kwargs:
        sync_curators_group()
