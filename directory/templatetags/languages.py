"""The page in other languages (switcher, hreflang alternates) and German-only fallback texts."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation

from directory import i18n

register = template.Library()


@dataclass(frozen=True)
class LanguageVersion:
    code: str
    name: str  # in its own language: "Deutsch", "English", "Русский"
    url: str  # the same page with the same query string
    absolute_url: str
    is_current: bool


@register.simple_tag(takes_context=True)
def language_versions(context) -> list[LanguageVersion]:
    """The current page in each language, for the switcher and the hreflang alternates.

    Pages that do not resolve (a 404) link to the home page of each language instead.
    """
    request = context.get("request")
    if request is None:  # error pages rendered without a request
        return []
    current = i18n.page_language()
    path = request.get_full_path()
    versions = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        if url == path and code != current:
            with translation.override(code):
                url = reverse("directory:home")
        versions.append(
            LanguageVersion(
                code=code,
                name=translation.get_language_info(code)["name_local"],
                url=url,
                absolute_url=request.build_absolute_uri(url),
                is_current=code == current,
            )
        )
    return versions


@register.simple_tag(takes_context=True)
def default_language_url(context) -> str:
    """The page's address without a language prefix: it sends each visitor to their language
    (the hreflang "x-default")."""
    request = context.get("request")
    if request is None:
        return ""
    language = translation.get_language_from_path(request.path_info)
    full_path = request.get_full_path()
    if language:
        full_path = full_path.removeprefix(f"/{language}")
    return request.build_absolute_uri(full_path)


@register.filter
def only_in_german(entry, field: str = "description") -> bool:
    """Whether ``entry.<field>`` has text but none in the page language, so German is shown."""
    return bool(getattr(entry, field, "")) and not i18n.has_translation(entry, field)
