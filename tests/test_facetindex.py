"""directory.listing.facetindex: the in-memory bitmap index behind list totals, facet counts
and pages."""

import pickle
import random
import threading

import factory
import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.i18n import collated
from directory.listing import facetindex
from directory.listing.facetindex import BitmapIndex, bitmap, set_bits
from directory.listing.pagecache import bump_data_version
from directory.models import Organisation
from tests.factories import CountryFactory, OrganisationFactory

LIST = reverse("directory:organisation-list")


def _index(pks, facets=None) -> BitmapIndex:
    size = len(pks)
    return BitmapIndex(
        pks,
        {
            name: {value: bitmap(positions, size) for value, positions in values.items()}
            for name, values in (facets or {}).items()
        },
    )


def test_set_bits_skips_whole_chunks_to_the_requested_offset():
    positions = sorted(random.Random(1).sample(range(20_000), 3_000))
    mask = bitmap(positions, 20_000)

    assert set_bits(mask, 2_500, 25) == positions[2_500:2_525]


@pytest.mark.parametrize("count", [0, 1, 5, 40, 400])  # few positions, and many (byte marks)
def test_bitmap_sets_exactly_the_given_positions(count):
    positions = random.Random(count).sample(range(1000), count)

    bits = bitmap(iter(positions), 1000)

    assert [n for n in range(1000) if bits >> n & 1] == sorted(positions)


def test_set_bits_past_the_last_bit_finds_nothing():
    assert set_bits(bitmap([3, 9], 10), 2, 25) == []


def test_page_reads_the_best_ranked_tier_first_then_the_next():
    index = _index([10, 11, 12, 13, 14])
    selection = index.ranked([[14, 12], [11, 13]])

    assert index.page(selection, 0, 10) == [12, 14, 11, 13]
    assert index.page(selection, 1, 2) == [14, 11]


def test_ranked_ignores_matches_outside_the_index():
    index = _index([10, 11])

    assert index.page(index.ranked([[99], [11]]), 0, 10) == [11]


@pytest.mark.parametrize("largest_pk", [40, 10_000_000])  # dense pks, and sparse ones
@pytest.mark.parametrize("size", [0, 1, 7, 8, 9, 30])
def test_ranked_sets_the_bit_of_each_match_in_the_index(size, largest_pk):
    rng = random.Random(f"{size}{largest_pk}")
    pks = rng.sample(range(1, largest_pk), size)
    index = _index(pks)
    matches = [*rng.sample(pks, rng.randrange(size + 1)), largest_pk + 5, 0]  # two outside

    (tier,) = index.ranked([matches]).tiers

    assert tier == sum(1 << pks.index(pk) for pk in set(matches) if pk in pks)


def test_a_facets_counts_leave_out_its_own_filter():
    index = _index(
        [1, 2, 3, 4],
        {"country": {"KZ": [0, 1], "UZ": [1, 2, 3]}, "kind": {"association": [0, 1, 2]}},
    )
    selected = {"country": ["KZ"], "kind": ["association"]}

    country_counts = index.counts("country", index.matching(selected, without="country"))
    kind_counts = index.counts("kind", index.matching(selected, without="kind"))

    assert country_counts == {"KZ": 2, "UZ": 2}
    assert kind_counts == {"association": 2}


def test_values_of_one_filter_are_alternatives():
    index = _index([1, 2, 3], {"country": {"KZ": [0], "UZ": [2]}})

    assert index.matching({"country": ["KZ", "UZ"]}).bit_count() == 2


@pytest.mark.django_db
def test_pages_follow_the_order_of_the_sql_sort(client):
    names = ["Zukunft", "Öko", "Oase", "Ähre", "Arche", "Дружба", "Алтын", "Berg", "öffnen"]
    for i in range(30):
        OrganisationFactory(name=f"{names[i % len(names)]} {i % 4}")
    expected = list(
        Organisation.objects.published()
        .order_by(collated(F("name")), "pk")
        .values_list("name", flat=True)
    )

    shown = [
        organisation.name
        for page in (1, 2)
        for organisation in client.get(LIST, {"page": page}).context["object_list"]
    ]

    assert shown == expected


@pytest.mark.django_db
def test_index_is_kept_while_the_data_version_stands(client):
    OrganisationFactory.create_batch(3)
    with CaptureQueriesContext(connection) as first:
        client.get(LIST)
    with CaptureQueriesContext(connection) as again:
        client.get(LIST)

    # the second request builds no index and reads the cards' fields and countries from it
    assert (len(first), len(again)) == (5, 2)  # again: the version with the vocabulary, the rows


@pytest.mark.django_db
def test_list_shows_an_entry_another_worker_committed(client):
    kz = CountryFactory(code="KZ")
    OrganisationFactory(name="Erster Verein", countries=[kz])
    client.get(LIST)  # this worker builds its index
    Organisation.objects.bulk_create(  # no signals: as if another process wrote it
        [Organisation(name="Zweiter Verein", slug="zweiter-verein", publication_status="published")]
    )
    bump_data_version()  # what the other worker's commit did

    response = client.get(LIST)

    assert [o.name for o in response.context["object_list"]] == ["Erster Verein", "Zweiter Verein"]
    assert response.context["total"] == 2


@pytest.mark.django_db
def test_a_save_in_this_process_reaches_the_list_before_it_commits(client):
    OrganisationFactory(name="Erster Verein")
    client.get(LIST)

    OrganisationFactory(name="Zweiter Verein")  # the test's transaction never commits

    assert client.get(LIST).context["total"] == 2


@pytest.mark.django_db
def test_a_worker_loads_the_index_another_worker_shared(client, settings):
    settings.LIST_INDEX_IN_CACHE = True
    cache.clear()
    OrganisationFactory.create_batch(3)
    with CaptureQueriesContext(connection) as built:
        client.get(LIST)
    facetindex.indexes.forget()  # a second worker: nothing in its own memory

    with CaptureQueriesContext(connection) as loaded:
        response = client.get(LIST)

    assert len(loaded) == len(built) - 1  # no index build: it came from the shared cache
    assert response.context["total"] == 3
    cache.clear()


def test_a_kept_search_is_not_run_again():
    index = _index([10, 11, 12])
    runs = []

    def search():
        runs.append(1)
        return [[12], [10]]

    first, again = index.searched("q", search), index.searched("q", search)

    assert again == first
    assert len(runs) == 1
    assert index.page(again, 0, 10) == [12, 10]


def test_a_search_is_run_again_once_its_time_is_up(monkeypatch):
    index = _index([10, 11])
    now = [1000.0]
    monkeypatch.setattr(facetindex.time, "monotonic", lambda: now[0])
    runs = []
    index.searched("q", lambda: runs.append(1) or [[10]])
    now[0] += facetindex.SEARCH_SECONDS

    index.searched("q", lambda: runs.append(1) or [[11]])

    assert len(runs) == 2


def test_only_the_most_recent_searches_are_kept(monkeypatch):
    monkeypatch.setattr(facetindex, "MAX_SEARCHES", 2)
    index = _index([10, 11])
    runs = []
    for query in ("a", "b", "c", "a"):
        index.searched(query, lambda: runs.append(1) or [[10]])

    assert len(runs) == 4  # "a" was dropped when "c" came


def test_a_shared_index_carries_no_searches():
    index = _index([10, 11])
    index.searched("q", lambda: [[10]])

    loaded = pickle.loads(pickle.dumps(index))

    assert loaded._searches == {}
    assert loaded.page(loaded.all(), 0, 5) == [10, 11]


@pytest.mark.django_db
def test_paging_through_a_search_searches_once(client):
    OrganisationFactory.create_batch(30, name=factory.Sequence(lambda n: f"Bildungsverein {n}"))
    client.get(LIST, {"q": "Bildungsverein"})  # builds the index and searches
    with CaptureQueriesContext(connection) as first_page:
        client.get(LIST, {"q": "Bildungsverein"})
    with CaptureQueriesContext(connection) as second_page:
        response = client.get(LIST, {"q": "Bildungsverein", "page": 2})

    assert len(second_page) == len(first_page)
    assert not any("bildungsverein" in q["sql"].lower() for q in second_page.captured_queries)
    assert len(response.context["object_list"]) == 5


@pytest.mark.django_db
def test_a_search_finds_an_entry_saved_after_it_ran(client):
    OrganisationFactory(name="Bildungsverein Almaty")
    client.get(LIST, {"q": "Bildungsverein"})

    OrganisationFactory(name="Bildungsverein Bischkek")

    assert client.get(LIST, {"q": "Bildungsverein"}).context["total"] == 2


@pytest.fixture
def shared_indexes(settings, monkeypatch):
    settings.LIST_INDEX_IN_CACHE = True
    monkeypatch.setattr(facetindex, "BUILD_POLL_SECONDS", 0.01)
    cache.clear()
    yield
    cache.clear()


def test_while_another_worker_builds_an_index_this_one_waits_for_it(shared_indexes):
    shared_key = f"listindex:{facetindex.FORMAT}:7:list"
    cache.add(shared_key + ":building", 1)  # another worker holds the lock
    built = _index([10, 11])
    threading.Timer(0.05, cache.set, (shared_key, built)).start()

    def build():
        raise AssertionError("built a second time")

    assert facetindex.IndexCache._shared(("list",), 7, build).pks == built.pks


def test_a_worker_builds_the_index_itself_when_the_builder_takes_too_long(
    shared_indexes, monkeypatch
):
    monkeypatch.setattr(facetindex, "BUILD_WAIT_SECONDS", 0.05)
    cache.add(f"listindex:{facetindex.FORMAT}:7:list:building", 1)  # a builder that never finishes
    mine = _index([10])

    assert facetindex.IndexCache._shared(("list",), 7, lambda: mine) is mine


def test_the_builder_shares_the_index_and_frees_the_lock(shared_indexes):
    mine = _index([10, 11, 12])

    facetindex.IndexCache._shared(("list",), 7, lambda: mine)

    assert cache.get(f"listindex:{facetindex.FORMAT}:7:list").pks == mine.pks
    assert cache.get(f"listindex:{facetindex.FORMAT}:7:list:building") is None


def test_an_index_stored_by_an_older_release_is_not_read(shared_indexes):
    """Indexes are pickled: one an older release shared (another class layout) is never read."""
    cache.set("listindex:7:list", "an index as an older release stored it")
    mine = _index([10])

    assert facetindex.IndexCache._shared(("list",), 7, lambda: mine) is mine
