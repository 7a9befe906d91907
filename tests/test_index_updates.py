"""A list's index after a change: the changed entries are moved (``BitmapIndex.moved``, the change
log of ``directory.listing.changelog``) and the result equals a rebuilt index."""

import random

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation

from directory.listing import changelog, facetindex
from directory.listing.facetindex import BitmapIndex
from directory.listing.facets import facet_index
from directory.listing.filters import OrganisationFilter, TwinningFilter
from directory.listing.pagecache import bump_data_version
from directory.models import DataChange, Organisation
from tests.factories import (
    CooperationFieldFactory,
    CountryFactory,
    OrganisationFactory,
    PlaceFactory,
    SourceFactory,
    TwinningFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("directory:organisation-list")
NAMES = ["Zukunft", "Öko", "Oase", "Ähre", "Arche", "Дружба", "Алтын", "Berg", "öffnen", "oase"]


@pytest.fixture
def builds(monkeypatch):
    """The indexes built from scratch, counted."""
    counted = []
    original = BitmapIndex.build.__func__

    def build(cls, *args):
        counted.append(1)
        return original(cls, *args)

    monkeypatch.setattr(BitmapIndex, "build", classmethod(build))
    return counted


def _index(filterset_class, params=""):
    model = filterset_class._meta.model
    return facet_index(filterset_class(QueryDict(params), queryset=model.objects.published()))


def _rebuilt(filterset_class, params=""):
    model = filterset_class._meta.model
    filterset = filterset_class(QueryDict(params), queryset=model.objects.published())
    paths = {name: filterset.filters[name].field_name for name in filterset.facet_names}
    return BitmapIndex.build(filterset.index_queryset(filterset.sort), paths)


def _same(index: BitmapIndex, rebuilt: BitmapIndex) -> None:
    def nonempty(facets):
        kept = {name: {v: bits for v, bits in values.items() if bits} for name, values in facets}
        return {name: values for name, values in kept.items() if values}

    assert list(index.pks) == list(rebuilt.pks)
    assert nonempty(index.facets.items()) == nonempty(rebuilt.facets.items())
    assert index.everything == rebuilt.everything


def _committed(*changed) -> None:
    """What the writing transaction's commit does: bump, naming the changed entries."""
    changes = {}
    for instance in changed:
        changes.setdefault(instance._meta.label_lower, set()).add(instance.pk)
    bump_data_version(changes)


def _saved(instance, **values) -> None:
    """A curator's save of ``values``, committed."""
    for name, value in values.items():
        setattr(instance, name, value)
    instance.save()
    _committed(instance)


@pytest.mark.parametrize("sort", ["name", "verified", "newest"])
@pytest.mark.parametrize("language", ["de", "ru"])
def test_moved_entries_give_the_index_a_rebuild_gives(monkeypatch, builds, sort, language):
    monkeypatch.setattr(facetindex, "SAMPLES", 4)  # several entries between two samples
    rng = random.Random(f"{sort}{language}")
    countries = [CountryFactory(code=code) for code in ("KZ", "UZ", "KG")]
    fields = CooperationFieldFactory.create_batch(3)
    places = [PlaceFactory(country=countries[0]), PlaceFactory(country=countries[1])]
    organisations = [
        OrganisationFactory(
            name=f"{rng.choice(NAMES)} {rng.randrange(3)}",
            countries=rng.sample(countries, rng.randrange(3)),
            fields=rng.sample(fields, rng.randrange(3)),
            seat=rng.choice(places),
        )
        for _ in range(40)
    ]
    params = f"sort={sort}"
    with translation.override(language):
        _index(OrganisationFilter, params)
    for _round in range(6):
        changed = rng.sample(organisations, 3)
        for organisation in changed:
            organisation.name = f"{rng.choice(NAMES)} {rng.randrange(3)}"
            organisation.publication_status = rng.choice(["published", "published", "draft"])
            organisation.last_verified = rng.choice([None, "2025-01-02", "2026-03-04"])
            organisation.save()
            organisation.countries.set(rng.sample(countries, rng.randrange(3)))
        new = OrganisationFactory(
            name=rng.choice(NAMES), countries=[countries[2]], seat=rng.choice(places)
        )
        organisations.append(new)
        _committed(*changed, new)

        with translation.override(language):
            _same(_index(OrganisationFilter, params), _rebuilt(OrganisationFilter, params))
    assert len(builds) == 1 + 6  # the first index, and the ones to compare with


def test_a_saved_organisation_is_moved_without_rebuilding_the_index(client, builds):
    OrganisationFactory(name="Arche")
    moved = OrganisationFactory(name="Berg")
    client.get(LIST)
    _saved(moved, name="Aal")

    names = [o.name for o in client.get(LIST).context["object_list"]]

    assert names == ["Aal", "Arche"]
    assert len(builds) == 1  # the first request's


def test_an_unpublished_organisation_leaves_the_list_without_a_rebuild(client, builds):
    OrganisationFactory(name="Arche")
    hidden = OrganisationFactory(name="Berg")
    client.get(LIST)
    _saved(hidden, publication_status="draft")

    response = client.get(LIST)

    assert response.context["total"] == 1
    assert len(builds) == 1


def test_a_changed_country_of_activity_moves_into_its_facet(client, builds):
    kz, uz = CountryFactory(code="KZ"), CountryFactory(code="UZ")
    organisation = OrganisationFactory(countries=[kz])
    client.get(LIST)
    organisation.countries.set([uz])
    _committed(organisation)

    response = client.get(LIST, {"country": "UZ"})

    assert response.context["total"] == 1
    assert len(builds) == 1


def test_a_change_to_a_place_rebuilds_the_index(client, builds):
    organisation = OrganisationFactory()
    client.get(LIST)
    _saved(organisation.seat, federal_state="BE")

    response = client.get(LIST, {"state": "BE"})

    assert response.context["total"] == 1
    assert len(builds) == 2


def test_a_change_the_index_does_not_read_keeps_it(client, builds):
    organisation = OrganisationFactory()
    client.get(LIST)
    source = SourceFactory(organisation=organisation)
    _committed(source)

    client.get(LIST)

    assert len(builds) == 1


def test_a_change_that_names_no_entries_rebuilds_the_index(client, builds):
    OrganisationFactory(name="Arche")
    client.get(LIST)
    Organisation.objects.update(name="Berg")  # no signal: as a bulk command writes
    bump_data_version()

    names = [o.name for o in client.get(LIST).context["object_list"]]

    assert names == ["Berg"]
    assert len(builds) == 2


def test_a_change_while_moving_is_not_kept_as_the_index_of_the_older_version(client, monkeypatch):
    first = OrganisationFactory(name="Arche")
    client.get(LIST)
    _saved(first, name="Zeder")
    read = changelog.current_version
    monkeypatch.setattr(changelog, "current_version", lambda: read() + 1)  # a change came

    client.get(LIST)
    monkeypatch.undo()

    held = next(iter(facetindex.indexes._indexes.values()))
    assert held.version == read() - 1  # still the index before: it is moved again next time


def test_a_twinning_list_moves_a_saved_twinning(client, builds):
    a, b = TwinningFactory(), TwinningFactory()
    client.get(reverse("directory:twinning-list"))
    _saved(a, status="inactive" if a.status != "inactive" else "active")

    _same(_index(TwinningFilter), _rebuilt(TwinningFilter))
    assert len(builds) == 2  # the page's, and the rebuilt one to compare with
    assert b.pk in _index(TwinningFilter).pks


def test_a_version_without_its_record_rebuilds(client, builds):
    organisation = OrganisationFactory()
    client.get(LIST)
    _committed(organisation)
    DataChange.objects.all().delete()  # as if pruned

    client.get(LIST)

    assert len(builds) == 2


def test_a_bump_records_the_entries_it_names():
    organisation = OrganisationFactory()
    version = changelog.current_version()

    bump_data_version({"directory.organisation": {organisation.pk}})

    assert changelog.since(version, version + 1) == {"directory.organisation": {organisation.pk}}


def test_too_many_changed_entries_are_recorded_as_everything():
    version = changelog.current_version()

    bump_data_version({"directory.organisation": set(range(1, changelog.MAX_ENTRIES + 2))})

    assert changelog.since(version, version + 1) is changelog.EVERYTHING


def test_old_records_are_pruned(monkeypatch):
    monkeypatch.setattr(changelog, "KEEP_VERSIONS", 2)
    for _ in range(100 - changelog.current_version() % 100):
        bump_data_version({"directory.organisation": {1}})

    assert not DataChange.objects.filter(version__lte=changelog.current_version() - 2).exists()


def test_a_commit_records_the_organisation_a_curator_saved(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # set-up committed first
        organisation = OrganisationFactory()
    version = changelog.current_version()
    with django_capture_on_commit_callbacks(execute=True):
        organisation.description = "Neu"
        organisation.save()

    assert changelog.since(version, version + 1) == {"directory.organisation": {organisation.pk}}


def test_a_relation_changed_from_the_other_side_names_the_entries(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):  # set-up committed first
        kz = CountryFactory(code="KZ")
        organisation = OrganisationFactory()
    version = changelog.current_version()
    with django_capture_on_commit_callbacks(execute=True):
        kz.organisations.add(organisation)

    assert changelog.since(version, version + 1) == {"directory.organisation": {organisation.pk}}


def _models_on(model, path: str) -> set[str]:
    """The models a lookup such as ``seat__country__code`` joins."""
    labels = set()
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            break
        if not field.is_relation:
            break
        model = field.related_model
        labels.add(model._meta.label_lower)
    return labels


@pytest.mark.parametrize("filterset_class", [OrganisationFilter, TwinningFilter])
def test_an_index_declares_every_model_its_facets_and_orders_read(filterset_class):
    model = filterset_class._meta.model
    paths = [filterset_class.base_filters[name].field_name for name in filterset_class.facet_names]
    filterset = filterset_class(QueryDict(), queryset=model.objects.none())
    for sort in filterset.sort_orders:
        for order in filterset.ordering(sort):
            if hasattr(order, "flatten"):
                paths += [part.name for part in order.flatten() if isinstance(part, F)]
            else:
                paths.append(order.lstrip("-"))
    read = set().union(*(_models_on(model, path) for path in paths))

    assert read
    assert read <= set(filterset_class.index_reads)
