"""History messages in the curator's language.

Django stores the field and model names of a change message untranslated ("Description
(German)") and translates them only when they are shown, through the catalogue entry of the
exact capitalised label, which rarely exists; django-reversion keeps the message as rendered
when saving. Both then show English names in a German admin. ``in_active_language()`` puts
the names in the language the curator works in, as the rest of the message already is.
"""

from django.utils import translation


def _names(form, formsets) -> dict[str, str]:
    """Each untranslated field label and model name of the forms → its active-language form."""
    forms = [form, *(f for formset in formsets or [] for f in formset.forms)]
    pairs = [(field.label, field.label) for f in forms for field in f.fields.values()]
    pairs += [
        (model._meta.verbose_name, model._meta.verbose_name)
        for model in {f._meta.model for f in forms if hasattr(f, "_meta")}
    ]
    with translation.override(None):
        untranslated = [str(source) for source, _ in pairs if source]
    translated = [str(target) for _, target in pairs if target]
    return dict(zip(untranslated, translated, strict=True))


def in_active_language(message: list[dict], form, formsets) -> list[dict]:
    """``message`` (ModelAdmin.construct_change_message's list) with names translated."""
    names = _names(form, formsets)
    for entry in message:
        for details in entry.values():
            if "fields" in details:
                details["fields"] = [names.get(label, label) for label in details["fields"]]
            if "name" in details:
                details["name"] = names.get(details["name"], details["name"])
    return message
