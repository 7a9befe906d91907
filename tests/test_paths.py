"""Entry paths put together from a reversed template (directory.paths)."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from directory.paths import slug_path, slug_paths


@pytest.mark.parametrize("language", ["de", "en", "ru"])
def test_a_slug_path_is_what_reverse_gives_in_every_language(language):
    with translation.override(language):
        expected = reverse("directory:organisation-detail", kwargs={"slug": "verein-1_a"})

        assert slug_path("directory:organisation-detail", "verein-1_a") == expected


def test_a_slug_path_follows_the_script_prefix():
    set_script_prefix("/verzeichnis/")
    try:
        path = slug_path("data:twinning-json", "berlin-taschkent")
    finally:
        set_script_prefix("/")

    assert path == "/verzeichnis/twinnings/berlin-taschkent.json"


def test_a_value_that_is_no_slug_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        slug_path("directory:organisation-detail", "a/b")


@pytest.mark.parametrize("language", ["de", "en", "ru"])
def test_slug_paths_of_one_view_are_what_reverse_gives(language):
    with translation.override(language):
        path = slug_paths("directory:twinning-detail")
        expected = reverse("directory:twinning-detail", kwargs={"slug": "berlin-taschkent"})

        assert path("berlin-taschkent") == expected


def test_slug_paths_refuse_a_value_that_is_no_slug():
    with pytest.raises(NoReverseMatch):
        slug_paths("directory:organisation-detail")("a/b")
