"""Possible duplicates of new entries: existing entries (or earlier rows of the same CSV file)
whose name is nearly the same. The import preview flags them; the admin's add form uses
``directory.curation.forms.similar_organisations``, which compares names by the same rule."""

import difflib
from dataclasses import dataclass, field

from django.db import models
from django.urls import reverse

from directory.curation.forms import SIMILARITY_THRESHOLD, normalised_name
from directory.models import Organisation, Place


@dataclass(frozen=True)
class Similar:
    """An entry a new one resembles: an existing entry (with its admin link) or a file row."""

    label: str
    url: str = ""
    row: int | None = None


def _alike(wanted: str, other: str) -> bool:
    if not wanted or not other:
        return False
    if wanted == other:
        return True
    matcher = difflib.SequenceMatcher(a=other, b=wanted, autojunk=False)
    return (
        matcher.real_quick_ratio() >= SIMILARITY_THRESHOLD
        and matcher.quick_ratio() >= SIMILARITY_THRESHOLD
        and matcher.ratio() >= SIMILARITY_THRESHOLD
    )


@dataclass
class DuplicateFinder:
    """Normalised names read once per file, then compared for each new row.

    Organisations are compared by name and acronym, places by all their names and alternative
    names within the same country. Twinnings are matched exactly by their two places (an existing
    pair is updated, never duplicated), so they need no finder.
    """

    model: type[models.Model]
    # (group, normalised name) -> entries; the group is the country for places, else None.
    candidates: list[tuple[object, str, Similar]] = field(default_factory=list)

    @classmethod
    def for_model(cls, model: type[models.Model]) -> "DuplicateFinder | None":
        if model is Organisation:
            finder = cls(model)
            for pk, name, acronym in Organisation.objects.values_list("pk", "name", "acronym"):
                similar = Similar(name, reverse("admin:directory_organisation_change", args=[pk]))
                for text in (name, acronym):
                    finder.candidates.append((None, normalised_name(text), similar))
            return finder
        if model is Place:
            finder = cls(model)
            places = Place.objects.select_related("country").prefetch_related("aliases")
            for place in places:
                url = reverse("admin:directory_place_change", args=[place.pk])
                similar = Similar(str(place), url)
                names = {place.name_de, place.name_en, place.name_ru}
                names.update(alias.name for alias in place.aliases.all())
                for text in names - {None, ""}:
                    finder.candidates.append((place.country_id, normalised_name(text), similar))
            return finder
        return None

    def _key(self, instance: models.Model) -> tuple[object, list[str]]:
        if self.model is Place:
            return instance.country_id, [normalised_name(instance.name_de or "")]
        return None, [normalised_name(instance.name)]  # as the admin's add form compares

    def similar(self, instance: models.Model) -> list[Similar]:
        """Entries that ``instance`` (not saved yet) resembles, each once, in the order found."""
        group, names = self._key(instance)
        hits: list[Similar] = []
        for other_group, other, similar in self.candidates:
            if other_group != group or similar in hits:
                continue
            if any(_alike(name, other) for name in names):
                hits.append(similar)
        return hits

    def add_new(self, instance: models.Model, row: int) -> None:
        """Later rows of the file are compared with this new entry too."""
        group, names = self._key(instance)
        similar = Similar(str(instance), row=row)
        for name in names:
            self.candidates.append((group, name, similar))
