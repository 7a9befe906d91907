"""Template tags of the curators' admin."""

from django import template
from django.utils.translation import gettext

from directory.models import PartnerRequest, Suggestion

register = template.Library()


@register.filter
def history_comment(comment: str) -> str:
    """A stored history comment in the curator's language where it is a catalogue entry: the
    demo loader wrote "Created from the demo data" in English before it wrote German."""
    return gettext(comment) if comment else comment


@register.simple_tag(takes_context=True)
def open_suggestions_count(context) -> int | None:
    """How many suggestions wait for review; None for users who may not see the queue."""
    user = context["request"].user
    if not user.has_perm("directory.view_suggestion"):
        return None
    return Suggestion.objects.open().count()


@register.simple_tag(takes_context=True)
def open_partner_requests_count(context) -> int | None:
    """How many partner requests wait for review; None for users who may not see them."""
    user = context["request"].user
    if not user.has_perm("directory.view_partnerrequest"):
        return None
    return PartnerRequest.objects.open().count()
