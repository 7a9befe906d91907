"""Template tags of the curators' admin."""

from django import template

from directory.models import PartnerRequest, Suggestion

register = template.Library()


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
