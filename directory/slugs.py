"""Readable, unique ASCII slugs for permalinks, transliterating Cyrillic and other scripts."""

from collections.abc import Collection

from django.db import models
from slugify import slugify


def unique_slug(
    instance: models.Model,
    text: str,
    *,
    max_length: int | None = None,
    also_taken: Collection[str] = (),
) -> str:
    """Return a slug for ``text`` that no other row of ``instance``'s model uses, nor any of
    ``also_taken`` (slugs that rows about to be saved will use, e.g. in a CSV import).

    "Общество дружбы" gives ``obshchestvo-druzhby``; a clash gets ``-2``, ``-3`` … appended.
    """
    field = instance._meta.get_field("slug")
    max_length = max_length or field.max_length
    base = slugify(text, max_length=max_length - 4, word_boundary=True) or "entry"
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    taken.update(also_taken)
    slug, counter = base, 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    return slug
