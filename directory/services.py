"""Writes that touch several models, each one transaction, each recorded in the history."""

import reversion
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import (
    Organisation,
    PublicationStatus,
    Suggestion,
    SuggestionKind,
    SuggestionStatus,
)


class SuggestionAlreadyHandled(Exception):
    """Raised when a curator acts on a suggestion another curator has handled already."""


def _lock_open(suggestion: Suggestion) -> Suggestion:
    """The suggestion, re-read under a row lock; refused if someone handled it meanwhile."""
    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if not locked.is_open:
        raise SuggestionAlreadyHandled(
            _("Suggestion %(suggestion)s was already handled.") % {"suggestion": locked}
        )
    return locked


def _mark(suggestion: Suggestion, *, status: str, curator: AbstractBaseUser) -> None:
    suggestion.status = status
    suggestion.handled_by = curator
    suggestion.handled_at = timezone.now()


@transaction.atomic
def accept_suggestion(*, suggestion: Suggestion, curator: AbstractBaseUser) -> Organisation | None:
    """Accept a suggestion. A new-entry suggestion becomes a draft organisation, returned for
    the curator to complete; a correction returns None (the curator edits the entry itself)."""
    locked = _lock_open(suggestion)
    organisation = None
    if locked.kind == SuggestionKind.NEW_ENTRY:
        with reversion.create_revision(atomic=False):
            organisation = Organisation.objects.create(
                name=locked.subject
                or _("New organisation from suggestion #%(pk)s") % {"pk": locked.pk},
                publication_status=PublicationStatus.DRAFT,
                internal_note=_("From suggestion #%(pk)s:\n%(message)s")
                % {"pk": locked.pk, "message": locked.message},
            )
            reversion.set_user(curator)
            reversion.set_comment(_("Draft created from suggestion #%(pk)s.") % {"pk": locked.pk})
        locked.created_organisation = organisation
    _mark(locked, status=SuggestionStatus.ACCEPTED, curator=curator)
    locked.save()
    suggestion.refresh_from_db()
    return organisation


@transaction.atomic
def reject_suggestion(*, suggestion: Suggestion, curator: AbstractBaseUser) -> None:
    locked = _lock_open(suggestion)
    _mark(locked, status=SuggestionStatus.REJECTED, curator=curator)
    locked.save()
    suggestion.refresh_from_db()
