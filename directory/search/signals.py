"""Keep the stored search text current when anything it is made of changes.

Each handler recomputes the affected rows from the database with ``QuerySet.update`` /
``bulk_update``, which send no signals, so handlers never trigger each other. Bulk writes that
bypass signals (``bulk_create``, ``QuerySet.update``) need ``manage.py rebuild_search_index``.
"""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from directory.models import (
    CooperationField,
    Country,
    Organisation,
    Place,
    PlaceAlias,
    TopicTerm,
    Twinning,
)
from directory.search import index as search_index
from directory.search.topics import topic_terms


@receiver(post_save, sender=Place)
def place_saved(sender, instance: Place, raw: bool = False, **kwargs) -> None:
    if not raw:
        search_index.refresh_for_places([instance.pk])


@receiver(post_save, sender=PlaceAlias)
@receiver(post_delete, sender=PlaceAlias)
def alias_changed(sender, instance: PlaceAlias, raw: bool = False, **kwargs) -> None:
    if not raw and Place.objects.filter(pk=instance.place_id).exists():
        search_index.refresh_for_places([instance.place_id])


@receiver(post_save, sender=Organisation)
def organisation_saved(sender, instance: Organisation, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    search_index.refresh_organisations(Organisation.objects.filter(pk=instance.pk))
    # Twinnings list the names of the organisations that carry them.
    search_index.refresh_twinnings(instance.twinnings.all())


@receiver(pre_delete, sender=Organisation)
def organisation_deleting(sender, instance: Organisation, **kwargs) -> None:
    instance._twinning_ids = list(instance.twinnings.values_list("pk", flat=True))


@receiver(post_delete, sender=Organisation)
def organisation_deleted(sender, instance: Organisation, **kwargs) -> None:
    twinning_ids = getattr(instance, "_twinning_ids", [])
    search_index.refresh_twinnings(Twinning.objects.filter(pk__in=twinning_ids))


@receiver(post_save, sender=Twinning)
def twinning_saved(sender, instance: Twinning, raw: bool = False, **kwargs) -> None:
    if not raw:
        search_index.refresh_twinnings(Twinning.objects.filter(pk=instance.pk))


@receiver(m2m_changed, sender=Organisation.countries.through)
@receiver(m2m_changed, sender=Organisation.fields.through)
def organisation_relations_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # changed from the country's or field's side: pk_set are organisations
        organisations = Organisation.objects.filter(pk__in=pk_set or ())
        if action == "post_clear":
            organisations = Organisation.objects.all()
    else:
        organisations = Organisation.objects.filter(pk=instance.pk)
    search_index.refresh_organisations(organisations)


@receiver(m2m_changed, sender=Twinning.organisations.through)
def twinning_organisations_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # changed from the organisation's side: pk_set are twinnings
        twinnings = Twinning.objects.filter(pk__in=pk_set or ())
        if action == "post_clear":
            twinnings = Twinning.objects.all()
    else:
        twinnings = Twinning.objects.filter(pk=instance.pk)
    search_index.refresh_twinnings(twinnings)


@receiver(post_save, sender=Country)
def country_saved(sender, instance: Country, raw: bool = False, created: bool = False, **kwargs):
    if raw or created:
        return
    search_index.refresh_places(instance.places.all())
    search_index.refresh_organisations(
        Organisation.objects.filter(Q(countries=instance) | Q(seat__country=instance)).distinct()
    )
    search_index.refresh_twinnings(
        Twinning.objects.filter(
            Q(german_place__country=instance) | Q(central_asian_place__country=instance)
        )
    )


@receiver(post_save, sender=CooperationField)
def field_saved(sender, instance: CooperationField, raw: bool = False, created=False, **kwargs):
    if not (raw or created):
        search_index.refresh_organisations(instance.organisations.all())


@receiver(post_save, sender=TopicTerm)
@receiver(post_delete, sender=TopicTerm)
def topic_term_changed(sender, instance: TopicTerm, raw: bool = False, **kwargs) -> None:
    """A term enters the search text of every entry of its field, kind or country."""
    topic_terms.forget()
    if raw:
        return
    if instance.field_id:
        search_index.refresh_organisations(Organisation.objects.filter(fields=instance.field_id))
    elif instance.kind:
        search_index.refresh_organisations(Organisation.objects.filter(kind=instance.kind))
    elif instance.country_id and (country := Country.objects.filter(pk=instance.country_id)):
        country_saved(Country, country.get(), created=False)
