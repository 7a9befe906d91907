"""Helpers for tests that submit admin change forms as a browser would."""

from django.forms import BaseFormSet, MultiWidget


def _form_values(form) -> dict:
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None or value is False:
            continue
        if isinstance(field.widget, MultiWidget):  # e.g. the admin's date + time for a datetime
            for widget, suffix, part in zip(
                field.widget.widgets,
                field.widget.widgets_names,
                field.widget.decompress(value),
                strict=True,
            ):
                data[key + suffix] = widget.format_value(part)
            continue
        if value is True:
            data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        else:
            data[key] = field.widget.format_value(value) if hasattr(value, "isoformat") else value
    return data


def change_form_data(response) -> dict:
    """The POST data the admin change form in ``response`` would send unchanged."""
    data = _form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset: BaseFormSet = inline.formset
        management = formset.management_form
        data.update(
            {management.add_prefix(name): management[name].value() for name in management.fields}
        )
        for form in formset.initial_forms:
            data.update(_form_values(form))
    return data
