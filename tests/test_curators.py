import pytest
from django.contrib.auth.models import Group

from directory.curation.curators import CURATORS_GROUP, sync_curators_group

pytestmark = pytest.mark.django_db


def _codenames():
    group = Group.objects.get(name=CURATORS_GROUP)
    return set(group.permissions.values_list("codename", flat=True))


def test_migrations_create_the_curators_group():
    assert Group.objects.filter(name=CURATORS_GROUP).exists()


def test_curators_may_add_and_change_organisations_and_twinnings():
    assert {"add_organisation", "change_organisation", "add_twinning", "change_twinning"} <= (
        _codenames()
    )


def test_curators_may_not_add_or_delete_countries():
    assert not {"add_country", "delete_country"} & _codenames()


def test_curators_may_not_manage_users():
    assert not {c for c in _codenames() if c.endswith("_user") or c.endswith("_group")}


def test_sync_is_idempotent():
    before = _codenames()
    sync_curators_group()
    assert _codenames() == before
