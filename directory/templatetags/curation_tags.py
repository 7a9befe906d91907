"""Template tags of the curators' admin."""

from django import template

from directory.models import Suggestion

register = template.Library()


@register.simple_tag(takes_context=True)
def open_suggestions_count(context) -> int | None:
    """How many suggestions wait for review; None for users who may not see the queue."""
    user = context["request"].user
    if not user.has_perm("directory.view_suggestion"):
        return None
    return Suggestion.objects.open().count()
