"""A structured new-entry suggestion turned into a draft organisation.

The names a visitor typed or ticked (seat town and country, countries of activity, fields of
cooperation) are matched to the directory's places, countries and fields by their name in any of
the three languages (and a place's alternative names), ignoring case, accents and script with
the search's normalisation (directory/search/normalise.py): "KAZAKHSTAN", "Kasachstan" and
"Казахстан" all find Kazakhstan. What cannot be matched is listed for the curator, never dropped.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from directory import i18n
from directory.i18n import translations
from directory.models import (
    CooperationField,
    Country,
    Organisation,
    OrganisationKind,
    Place,
    PlaceAlias,
    PublicationStatus,
    Suggestion,
)
from directory.search import normalise


def name_key(text: str) -> str:
    """A name in the form names are compared in: case-, accent- and script-insensitive."""
    return " ".join(normalise.keys(text))


def _by_name(objects, *extra_attributes: str) -> dict[str, object]:
    """``objects`` keyed by each of their names (every language) and ``extra_attributes``."""
    found = {}
    for obj in objects:
        names = [*translations(obj, "name"), *(getattr(obj, a) for a in extra_attributes)]
        for name in names:
            found.setdefault(name_key(name), obj)
    return found


def match_countries(names: list[str]) -> tuple[list[Country], list[str]]:
    """The countries named (by name in any language or ISO code), and the names not matched."""
    known = _by_name(Country.objects.all(), "code")
    return _match(names, known)


def match_fields(names: list[str]) -> tuple[list[CooperationField], list[str]]:
    """The fields of cooperation named (by name in any language or slug), and the rest."""
    known = _by_name(CooperationField.objects.all(), "slug")
    return _match(names, known)


def _match(names: list[str], known: dict) -> tuple[list, list[str]]:
    matched, unmatched = [], []
    for name in names:
        obj = known.get(name_key(name))
        if obj is None:
            unmatched.append(name)
        elif obj not in matched:
            matched.append(obj)
    return matched, unmatched


def match_place(town: str, country: Country | None) -> Place | None:
    """The place called ``town`` (in any language, or by an alternative name), in ``country``
    when given; None when there is none or the name is ambiguous without a country."""
    wanted = name_key(town)
    if not wanted:
        return None
    places = Place.objects.all() if country is None else Place.objects.filter(country=country)
    hits = {
        place.pk: place
        for place in places
        if wanted in {name_key(name) for name in translations(place, "name")}
    }
    aliases = PlaceAlias.objects.filter(place__in=places).select_related("place")
    hits.update({a.place_id: a.place for a in aliases if name_key(a.name) == wanted})
    return next(iter(hits.values())) if len(hits) == 1 else None


@dataclass
class Draft:
    """A draft organisation from a suggestion, and what the curator should check in it."""

    organisation: Organisation
    notes: list[str] = field(default_factory=list)


def seat_for(suggestion: Suggestion, notes: list[str]) -> Place | None:
    """The seat named in ``suggestion``: an existing place, or a new one in a known country."""
    if not suggestion.seat_town and not suggestion.seat_country:
        return None
    named = [suggestion.seat_country] if suggestion.seat_country else []
    countries = match_countries(named)[0]
    country = countries[0] if countries else None
    place = match_place(suggestion.seat_town, country)
    if place is not None:
        return place
    if country is not None and suggestion.seat_town:
        place = Place.objects.create(name=suggestion.seat_town.strip(), country=country)
        notes.append(
            _("New place created for the seat: %(place)s. Add its region and coordinates.")
            % {"place": place}
        )
        return place
    notes.append(
        _("Seat not matched to a place: %(town)s, %(country)s.")
        % {"town": suggestion.seat_town or "–", "country": suggestion.seat_country or "–"}
    )
    return None


def build_draft(suggestion: Suggestion) -> Draft:
    """Create the draft organisation for a new-entry suggestion, every given field pre-filled."""
    notes: list[str] = []
    seat = seat_for(suggestion, notes)
    countries, unknown_countries = match_countries(
        Suggestion.split_list(suggestion.activity_countries)
    )
    fields, unknown_fields = match_fields(Suggestion.split_list(suggestion.activity_fields))
    if unknown_countries:
        notes.append(
            _("Countries not matched: %(names)s.") % {"names": "; ".join(unknown_countries)}
        )
    if unknown_fields:
        notes.append(_("Fields not matched: %(names)s.") % {"names": "; ".join(unknown_fields)})
    note_lines = [_("From suggestion #%(pk)s:") % {"pk": suggestion.pk}, suggestion.message, *notes]
    organisation = Organisation.objects.create(
        name=suggestion.subject
        or _("New organisation from suggestion #%(pk)s") % {"pk": suggestion.pk},
        publication_status=PublicationStatus.DRAFT,
        website=suggestion.web_address,
        kind=suggestion.organisation_kind or OrganisationKind.OTHER,
        **{
            "description_de": "",
            description_field(suggestion.short_description): suggestion.short_description,
        },
        source=suggestion.information_source,
        seat=seat,
        internal_note="\n".join(line for line in note_lines if line),
    )
    organisation.countries.set(countries)
    organisation.fields.set(fields)
    return Draft(organisation=organisation, notes=notes)


def description_field(text: str) -> str:
    """The description column for a suggested text in the language it is written in: a Russian
    text is the Russian description, not the German one (German when the language is unclear;
    a curator translates the others)."""
    language = i18n.title_language(text)
    return f"description_{language}" if language in ("en", "ru") else "description_de"
