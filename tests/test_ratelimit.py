"""The rate limit counts in the database: atomic, windowed, cleaned up, failing closed."""

import threading
from http import HTTPStatus
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.urls import reverse

from directory.models import RateLimitCounter, Suggestion
from directory.operations import ratelimit
from tests.test_suggestions import _valid

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def test_each_request_in_the_window_counts_one_more():
    assert [ratelimit.count("suggest:a", 60) for _ in range(3)] == [1, 2, 3]


def test_keys_count_separately():
    ratelimit.count("suggest:a", 60)

    assert ratelimit.count("suggest:b", 60) == 1


def test_an_expired_window_starts_again_at_one():
    with mock.patch("directory.operations.ratelimit.time.time", return_value=1_000_000):
        ratelimit.count("suggest:a", 60)
        ratelimit.count("suggest:a", 60)
    with mock.patch("directory.operations.ratelimit.time.time", return_value=1_000_061):
        assert ratelimit.count("suggest:a", 60) == 1


def test_expired_windows_are_deleted_when_a_new_one_starts():
    with mock.patch("directory.operations.ratelimit.time.time", return_value=1_000_000):
        ratelimit.count("suggest:old", 60)
    with mock.patch("directory.operations.ratelimit.time.time", return_value=1_000_100):
        ratelimit.count("suggest:new", 60)

    assert list(RateLimitCounter.objects.values_list("key", flat=True)) == ["suggest:new"]


def test_counter_that_cannot_be_written_refuses_with_503_and_keeps_the_text(client):
    with mock.patch.object(ratelimit, "count", side_effect=OperationalError("disk full")):
        response = client.post(reverse("directory:suggest"), _valid(message="Mein Text"))

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "Mein Text" in response.text
    assert "in a few minutes" in response.text or "einigen Minuten" in response.text
    assert not Suggestion.objects.exists()


@pytest.mark.skipif(not ON_POSTGRESQL, reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_are_each_counted_once():
    results, errors = [], []

    def hit():
        try:
            results.append(ratelimit.count("suggest:concurrent", 60))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=hit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(results) == list(range(1, 9))
