"""Which model fields exist in German, English and Russian (django-modeltranslation).

Each field listed here gets a column per language (``name_de``, ``name_en``, ``name_ru``);
``obj.name`` reads the active language's column and falls back to German when it is empty.
German is required; empty translations are stored as NULL, so that the per-language unique
constraints modeltranslation derives (e.g. one ``name_ru`` per country) ignore them.
"""

from modeltranslation.translator import TranslationOptions, register

from directory.models import (
    Call,
    CooperationField,
    Country,
    CountryFact,
    Event,
    Organisation,
    Place,
    Programme,
    Twinning,
)


class NamesInThreeLanguages(TranslationOptions):
    fields = ("name",)
    required_languages = ("de",)
    empty_values = None


@register(Country)
class CountryTranslation(NamesInThreeLanguages):
    pass


@register(Place)
class PlaceTranslation(NamesInThreeLanguages):
    pass


@register(CooperationField)
class CooperationFieldTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"de": ("name",)}
    empty_values = {"name": None, "description": ""}


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("description",)


@register(Twinning)
class TwinningTranslation(TranslationOptions):
    fields = ("description",)


@register(CountryFact)
class CountryFactTranslation(TranslationOptions):
    """The short value and the explanation; German is required, the page falls back to it."""

    fields = ("value", "text")
    required_languages = {"de": ("text",)}
    empty_values = {"value": "", "text": ""}


class FundingTranslation(TranslationOptions):
    """Programmes, calls and events: the name and the description in three languages; German is
    required and the pages fall back to it (with the "only in German" note)."""

    fields = ("name", "description")
    required_languages = {"de": ("name",)}
    empty_values = {"name": None, "description": ""}


@register(Programme)
class ProgrammeTranslation(FundingTranslation):
    fields = ("name", "description", "how_to_apply")
    empty_values = {"name": None, "description": "", "how_to_apply": ""}


@register(Call)
class CallTranslation(FundingTranslation):
    fields = ("name", "description", "eligibility")
    empty_values = {"name": None, "description": "", "eligibility": ""}


@register(Event)
class EventTranslation(FundingTranslation):
    pass
