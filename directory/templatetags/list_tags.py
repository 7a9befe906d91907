"""What the list pages repeat (result cards, facet options), read once in Python.

A list page renders 25 cards and some 50 facet options, and in a template every attribute of a
model instance costs a failed ``entry[name]`` lookup first, a modeltranslation descriptor, a
localisation check; an attribute that is missing (``match_reasons`` outside a search) even costs
a ``dir()`` of the instance. The templates ask these tags for plain dicts instead and keep all
the markup (issue 24: a filtered list spent two thirds of its time rendering templates). Values
are the ones the templates computed before (``truncatewords``, ``only_in_german``, localised
numbers, the same translations), so the HTML is unchanged (tests/test_list_markup_unchanged.py).
"""

from django import template
from django.template.defaultfilters import capfirst, truncatewords
from django.utils.encoding import force_str
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from directory.templatetags.languages import only_in_german

register = template.Library()


def _display(instance, name: str) -> str:
    """``instance.get_<name>_display()``, without Django's ``make_hashable()`` of the choices,
    which translates every label of them to hash it (the values here are plain strings)."""
    field = instance._meta.get_field(name)
    value = getattr(instance, field.attname)
    return force_str(dict(field.flatchoices).get(value, value), strings_only=True)


def _tags(entries) -> list[dict]:
    """Badges for ``includes/_tag_list.html`` with ``linked=False``: only the name is read."""
    return [{"name": entry.name} for entry in entries]


@register.filter
def tag_class(variant) -> str:
    """The class of a badge in ``includes/_tag_list.html``: ``tag``, ``tag tag--field``."""
    return f"tag tag--{variant}" if variant else "tag"


def _heading(level) -> str:
    """``{{ heading_level|default:3 }}`` as the template wrote it (localised, like any number)."""
    return localize(level or 3)


@register.simple_tag
def organisation_card(organisation, hide_countries=False, heading_level=None) -> dict:
    """``hide_countries``: the caller fetched no countries (a country's own page)."""
    seat = organisation.seat
    return {
        "heading": _heading(heading_level),
        "url": organisation.get_absolute_url(),
        "name": organisation.name,
        "acronym": organisation.acronym,
        "kind": _display(organisation, "kind"),
        "seat_name": seat.name if seat else "",
        "seat_country": seat.country.name if seat else "",
        "has_seat": bool(seat),
        "reasons": getattr(organisation, "match_reasons", None),
        "text": truncatewords(organisation.description, 35),
        "german_only": only_in_german(organisation),
        "countries": None if hide_countries else _tags(organisation.country_list),
        "fields": _tags(organisation.field_list),
    }


@register.simple_tag
def twinning_card(twinning, heading_level=None) -> dict:
    german, central_asian = twinning.german_place, twinning.central_asian_place
    state = _display(german, "federal_state") if german.federal_state else ""
    return {
        "heading": _heading(heading_level),
        "url": twinning.get_absolute_url(),
        "title": str(twinning),
        "kind": _display(twinning, "kind"),
        "status": _display(twinning, "status"),
        "year": twinning.established_year,
        "german_place": capfirst(german.name),
        "federal_state": state if state != german.name else "",
        "central_asian_place": central_asian.name,
        "country": central_asian.country.name,
        "reasons": getattr(twinning, "match_reasons", None),
        "text": truncatewords(twinning.description, 30),
        "german_only": only_in_german(twinning),
    }


@register.filter
def facet_rows(facet) -> list[dict]:
    """A facet's options with their checkbox ids and counts as the page shows them."""
    return [
        {
            "id": f"filter-{facet.name}-{localize(number)}",
            "name": facet.name,
            "value": option.value,
            "label": option.label,
            "selected": option.selected,
            "count": localize(option.count),
            # a translation, left unescaped as {% blocktranslate %} leaves it
            "unit": mark_safe(ngettext("result", "results", option.count)),
        }
        for number, option in enumerate(facet.options, start=1)
    ]
