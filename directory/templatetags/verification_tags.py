"""Template tags of the admin's "To verify" panel."""

from django import template
from django.urls import reverse

from directory.curation import verification

register = template.Library()


@register.simple_tag(takes_context=True)
def entries_to_verify(context) -> verification.ToVerify | None:
    """What is due for verification; None for users who may change neither kind of entry."""
    user = context["request"].user
    if not any(
        user.has_perm(f"directory.change_{model._meta.model_name}")
        for model in verification.CURATED_MODELS
    ):
        return None
    return verification.to_verify()


@register.filter
def verify_url(entry) -> str:
    opts = entry._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_verify", args=[entry.pk])


@register.filter
def changelist_url(model) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


@register.filter
def verbose_name_plural(model) -> str:
    return model._meta.verbose_name_plural
