import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from directory.curation.curators import CURATORS_GROUP

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase"


def test_creates_staff_member_of_curators_group(monkeypatch):
    monkeypatch.setenv("CURATOR_PASSWORD", PASSWORD)
    call_command("createcurator", "--username", "anna", "--no-input")
    user = get_user_model().objects.get(username="anna")
    assert user.is_staff
    assert not user.is_superuser
    assert user.groups.filter(name=CURATORS_GROUP).exists()
    assert user.check_password(PASSWORD)


def test_refuses_a_weak_password(monkeypatch):
    monkeypatch.setenv("CURATOR_PASSWORD", "123")
    with pytest.raises(CommandError):
        call_command("createcurator", "--username", "anna", "--no-input")
    assert not get_user_model().objects.exists()


def test_refuses_an_existing_username(monkeypatch):
    monkeypatch.setenv("CURATOR_PASSWORD", PASSWORD)
    call_command("createcurator", "--username", "anna", "--no-input")
    with pytest.raises(CommandError, match="exists"):
        call_command("createcurator", "--username", "anna", "--no-input")
