"""Backup and restore: every row of every model survives a round trip into an empty database."""

import datetime
import json
import os
import stat
import tempfile

import pytest
import reversion
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import CommandError, call_command
from django.core.serializers.json import DjangoJSONEncoder

from directory.models import Organisation
from directory.operations.backup import EXCLUDED
from tests.factories import (
    CooperationFieldFactory,
    CountryFactory,
    CuratorFactory,
    OrganisationFactory,
    PlaceAliasFactory,
    SuggestionFactory,
    TwinningFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_content_type_cache():
    """Restoring recreates content types; the cache must not outlive the rolled-back test."""
    yield
    ContentType.objects.clear_cache()


def backed_up_models():
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        if meta.app_label in EXCLUDED or meta.label_lower in EXCLUDED:
            continue
        yield model


class BackupPrecisionEncoder(DjangoJSONEncoder):
    """Times at the precision a backup keeps: milliseconds, as ``DjangoJSONEncoder`` writes them.

    Django's encoder writes a time 1–999 µs past a whole second as ``.000``, which reads back as
    the whole second and is then written without a fraction: the same instant, two strings.
    """

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            o = o.replace(microsecond=o.microsecond // 1000 * 1000)
        return super().default(o)


def snapshot():
    """Every row of every backed-up model, with relations by natural key where one exists."""
    return {
        model._meta.label: sorted(
            json.dumps(row, cls=BackupPrecisionEncoder, sort_keys=True)
            for row in serializers.serialize(
                "python",
                model._base_manager.all(),
                use_natural_foreign_keys=True,
                use_natural_primary_keys=True,
            )
        )
        for model in backed_up_models()
    }


@pytest.fixture
def directory_content():
    """Something in every table: entries, drafts, relations, aliases, accounts, history,
    suggestions."""
    kazakhstan = CountryFactory(code="KZ")
    field = CooperationFieldFactory(slug="ein-neues-feld")
    network = OrganisationFactory(name="Netzwerk Zentralasien")
    member = OrganisationFactory(countries=[kazakhstan], fields=[field], other_names="Общество")
    member.networks.set([network])
    OrganisationFactory(draft=True, internal_note="Noch prüfen")
    twinning = TwinningFactory(organisations=[member], description="Städtepartnerschaft seit 1990")
    PlaceAliasFactory(place=twinning.central_asian_place, name="Алма-Ата", is_former=True)
    curator = CuratorFactory()
    UserFactory(is_superuser=True, is_staff=True)
    LogEntry.objects.log_actions(curator.pk, [member], ADDITION)
    with reversion.create_revision():
        reversion.set_user(curator)
        reversion.set_comment("Beschreibung ergänzt")
        member.save()
    SuggestionFactory(organisation=member)


# Committed transactions, as in real use (PostgreSQL cannot TRUNCATE inside a test's transaction
# after inserts). No serialized_rollback: after another transactional test's flush has recreated
# the content types, restoring the serialised database would clash with them. pytest-django runs
# transactional tests last, and those make their own data.
@pytest.mark.django_db(transaction=True)
def test_restore_reproduces_every_row_of_a_backup(directory_content, tmp_path):
    backup = tmp_path / "backup.json.gz"
    before = snapshot()
    call_command("backup", str(backup))

    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    assert not Organisation.objects.exists()
    call_command("restore", str(backup))

    after = snapshot()
    for label, rows in before.items():
        assert after[label] == rows, label


def test_backup_holds_the_content_of_every_kind(directory_content):
    before = snapshot()
    for label in (
        "directory.Organisation",
        "directory.Twinning",
        "directory.Place",
        "directory.PlaceAlias",
        "directory.Country",
        "directory.CooperationField",
        "auth.User",
        "auth.Group",
        "admin.LogEntry",
        "reversion.Revision",
        "reversion.Version",
        "directory.Suggestion",
    ):
        assert before[label], label


def test_restore_refuses_a_database_with_entries(tmp_path):
    backup = tmp_path / "backup.json"
    call_command("backup", str(backup))
    OrganisationFactory()
    with pytest.raises(CommandError, match="already holds"):
        call_command("restore", str(backup))


@pytest.mark.parametrize("name", ["backup.json", "backup.json.gz"])
def test_backup_is_readable_by_its_owner_only(tmp_path, name):
    backup = tmp_path / name
    previous = os.umask(0o022)  # the usual umask, which made backups world-readable before
    try:
        call_command("backup", str(backup))
    finally:
        os.umask(previous)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_backup_replacing_an_old_world_readable_one_is_owner_only(tmp_path):
    backup = tmp_path / "backup.json"
    backup.write_text("old")
    backup.chmod(0o644)
    call_command("backup", str(backup))
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert json.loads(backup.read_text())


def test_backup_creates_the_file_with_owner_only_mode(tmp_path, monkeypatch):
    """Not made readable first and restricted afterwards: the first file to exist is 0600."""
    modes = []
    real_mkstemp = tempfile.mkstemp

    def recording_mkstemp(*args, **kwargs):
        handle, path = real_mkstemp(*args, **kwargs)
        modes.append(stat.S_IMODE(os.fstat(handle).st_mode))
        return handle, path

    monkeypatch.setattr(tempfile, "mkstemp", recording_mkstemp)
    call_command("backup", str(tmp_path / "backup.json"))
    assert modes == [0o600]
    assert [p.name for p in tmp_path.iterdir()] == ["backup.json"]  # no temporary file left
