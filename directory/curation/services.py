"""Writes that touch several models, each one transaction, each recorded in the history."""

from dataclasses import dataclass, field

import reversion
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.curation import drafts
from directory.models import (
    Organisation,
    PartnerRequest,
    PartnerRequestStatus,
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


@dataclass(frozen=True)
class Acceptance:
    """What accepting a suggestion produced: the draft organisation (for a new entry) and what
    the curator should check in it (names not matched, places created)."""

    organisation: Organisation | None = None
    notes: list[str] = field(default_factory=list)


@transaction.atomic
def accept_suggestion(*, suggestion: Suggestion, curator: AbstractBaseUser) -> Acceptance:
    """Accept a suggestion. A new-entry suggestion becomes a draft organisation with every field
    the visitor gave pre-filled (``directory.curation.drafts``); a correction creates nothing
    (the curator edits the entry concerned)."""
    locked = _lock_open(suggestion)
    acceptance = Acceptance()
    if locked.kind == SuggestionKind.NEW_ENTRY:
        with reversion.create_revision(atomic=False):
            draft = drafts.build_draft(locked)
            reversion.set_user(curator)
            reversion.set_comment(_("Draft created from suggestion #%(pk)s.") % {"pk": locked.pk})
        locked.created_organisation = draft.organisation
        acceptance = Acceptance(organisation=draft.organisation, notes=draft.notes)
    _mark(locked, status=SuggestionStatus.ACCEPTED, curator=curator)
    locked.save()
    suggestion.refresh_from_db()
    return acceptance


@transaction.atomic
def reject_suggestion(
    *, suggestion: Suggestion, curator: AbstractBaseUser, reason: str = ""
) -> None:
    """Reject a suggestion, with an optional reason kept for curators."""
    locked = _lock_open(suggestion)
    _mark(locked, status=SuggestionStatus.REJECTED, curator=curator)
    locked.rejection_reason = reason.strip()
    locked.save()
    suggestion.refresh_from_db()


class PartnerRequestAlreadyHandled(Exception):
    """Raised when a curator acts on a partner request another curator has handled already."""


def _lock_submitted(partner_request: PartnerRequest) -> PartnerRequest:
    locked = PartnerRequest.objects.select_for_update().get(pk=partner_request.pk)
    if not locked.is_open:
        raise PartnerRequestAlreadyHandled(
            _("Partner request “%(title)s” was already handled.") % {"title": locked.title}
        )
    return locked


@transaction.atomic
def accept_partner_request(
    *, partner_request: PartnerRequest, curator: AbstractBaseUser
) -> PartnerRequest:
    """Publish a submitted partner request: it is public from now until its expiry date."""
    locked = _lock_submitted(partner_request)
    now = timezone.now()
    locked.status = PartnerRequestStatus.ACCEPTED
    locked.handled_by, locked.handled_at, locked.accepted_at = curator, now, now
    locked.save()
    partner_request.refresh_from_db()
    return locked


@transaction.atomic
def reject_partner_request(
    *, partner_request: PartnerRequest, curator: AbstractBaseUser, reason: str = ""
) -> None:
    """Reject a submitted partner request (never public), with an optional reason for curators."""
    locked = _lock_submitted(partner_request)
    locked.status = PartnerRequestStatus.REJECTED
    locked.handled_by, locked.handled_at = curator, timezone.now()
    locked.rejection_reason = reason.strip()
    locked.save()
    partner_request.refresh_from_db()
