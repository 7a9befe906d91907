"""How well the search answers the labelled queries of ``tests/search_eval/queries.toml``.

Runs every query through the list path (``directory.listing.results``: the same as the HTML lists,
the API and the downloads) against the current database, which must hold the demo data:

    .venv/bin/python manage.py load_demo_data && .venv/bin/python manage.py rebuild_search_index
    .venv/bin/python bench/search_eval.py [--verbose] [--time]

Prints, over all queries:

- **recall@10**: the share of ``must`` entries found among the first 10 results;
- **precision@10**: of the first 10 results that are labelled (``must`` or ``must_not``), the
  share that are ``must`` (unlabelled results are neither right nor wrong here);
- **false hits**: ``must_not`` entries found anywhere in the results (the goal: none).

``tests/test_search_eval.py`` holds recall@10 ≥ 0.95 and no false hits, on SQLite and PostgreSQL.
"""

import argparse
import os
import statistics
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

QUERIES = Path(__file__).resolve().parent.parent / "tests" / "search_eval" / "queries.toml"
TOP = 10


@dataclass(frozen=True)
class Query:
    q: str
    list: str
    kind: str
    must: tuple[str, ...]
    must_not: tuple[str, ...]


@dataclass
class Outcome:
    query: Query
    top: list[str]
    found: int
    missing: list[str] = field(default_factory=list)
    false_hits: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass(frozen=True)
class Score:
    outcomes: list[Outcome]

    @property
    def recall(self) -> float:
        wanted = sum(len(o.query.must) for o in self.outcomes)
        return 1 - sum(len(o.missing) for o in self.outcomes) / wanted if wanted else 1.0

    @property
    def precision(self) -> float:
        right = labelled = 0
        for o in self.outcomes:
            for slug in o.top:
                if slug in o.query.must:
                    right += 1
                    labelled += 1
                elif slug in o.query.must_not:
                    labelled += 1
        return right / labelled if labelled else 1.0

    @property
    def false_hits(self) -> int:
        return sum(len(o.false_hits) for o in self.outcomes)


def load_queries(path: Path = QUERIES) -> list[Query]:
    with path.open("rb") as file:
        data = tomllib.load(file)
    return [
        Query(
            q=entry["q"],
            list=entry.get("list", "organisations"),
            kind=entry.get("kind", ""),
            must=tuple(entry.get("must", ())),
            must_not=tuple(entry.get("must_not", ())),
        )
        for entry in data["query"]
    ]


def run(query: Query) -> Outcome:
    """The query through the list path: the first 10 slugs and every match's slug."""
    from django.http import QueryDict

    from directory.listing import results
    from directory.models import Organisation, Twinning

    finder, model = {
        "organisations": (results.organisations, Organisation),
        "twinnings": (results.twinnings, Twinning),
    }[query.list]
    params = QueryDict(mutable=True)
    params["q"] = query.q
    started = time.perf_counter()
    found, _errors = finder(params)
    pks = found.index.page(found.selection, 0, found.total)
    seconds = time.perf_counter() - started
    slugs = dict(model.objects.filter(pk__in=pks).values_list("pk", "slug"))
    ordered = [slugs[pk] for pk in pks]
    top = ordered[:TOP]
    return Outcome(
        query,
        top,
        found=len(ordered),
        missing=[slug for slug in query.must if slug not in top],
        false_hits=[slug for slug in query.must_not if slug in slugs.values()],
        seconds=seconds,
    )


def evaluate(queries: list[Query] | None = None) -> Score:
    return Score([run(query) for query in (queries or load_queries())])


def report(score: Score, *, verbose: bool = False, timing: bool = False) -> str:
    lines = []
    for o in score.outcomes:
        if verbose or o.missing or o.false_hits:
            lines.append(
                f"{o.query.list[:4]} {o.query.kind:<11} {o.query.q!r}: {o.found} found"
                + (f"; missing {', '.join(o.missing)}" if o.missing else "")
                + (f"; FALSE {', '.join(o.false_hits)}" if o.false_hits else "")
            )
    lines.append(
        f"{len(score.outcomes)} queries: precision@10 {score.precision:.3f}, "
        f"recall@10 {score.recall:.3f}, false hits {score.false_hits}"
    )
    if timing:
        times = sorted(o.seconds * 1000 for o in score.outcomes)
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        lines.append(
            f"time per query (index warm, search cold): p50 {statistics.median(times):.1f} ms, "
            f"p95 {p95:.1f} ms, max {times[-1]:.1f} ms"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="print every query")
    parser.add_argument("--time", action="store_true", help="print search times")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zentralasien.settings")
    import django

    django.setup()
    from directory.listing import facetindex
    from directory.models import Organisation

    if not Organisation.objects.filter(slug="goethe-institut-almaty").exists():
        sys.exit("Load the demo data first: manage.py load_demo_data && rebuild_search_index")
    facetindex.MAX_SEARCHES = 0  # time every search, not a kept one
    print(report(evaluate(), verbose=args.verbose, timing=args.time))


if __name__ == "__main__":
    main()
