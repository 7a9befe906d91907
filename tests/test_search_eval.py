"""The labelled queries of tests/search_eval/queries.toml, over the demo data, hold their marks.

Recall@10 at least 0.95 and not one listed false hit, on whichever database the suite runs on
(SQLite by default, PostgreSQL with DATABASE_URL). ``bench/search_eval.py`` prints the details.
"""

import pytest
from django.core.management import call_command

from bench.search_eval import evaluate, load_queries, report

pytestmark = pytest.mark.django_db

MIN_RECALL = 0.95


@pytest.fixture
def demo_data():
    call_command("load_demo_data", verbosity=0)
    call_command("rebuild_search_index", verbosity=0)


def test_the_set_has_enough_queries_in_every_script_and_kind():
    queries = load_queries()
    kinds = {query.kind for query in queries}
    cyrillic = [query for query in queries if any("а" <= ch <= "я" for ch in query.q.lower())]
    assert len(queries) >= 150
    assert {"name", "cyrillic", "typo", "topic", "kind", "compound", "word-like"} <= kinds
    assert len(cyrillic) >= 30
    assert all(query.must or query.must_not for query in queries)


def test_labelled_queries_find_what_they_must_and_nothing_they_must_not(demo_data):
    score = evaluate()
    assert score.false_hits == 0, report(score)
    assert score.recall >= MIN_RECALL, report(score)
