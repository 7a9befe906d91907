"""Which entries each data version changed: what lets a list's index move a saved entry instead
of being rebuilt (``directory.listing.facetindex``).

A committed transaction that changes public data bumps the data version once
(``directory.listing.pagecache``) and, in the same transaction, records here the entries it
saved, deleted or re-linked — ``(model label, pk)`` — or one row without an entry when it cannot
name them (a bulk command, fixtures, more than ``MAX_ENTRIES``): then every index is rebuilt.
Recorded with the bump in one transaction, so a process that sees a version also sees its record.
"""

from directory.models import DataChange, DataVersion

#: Changes named by entry; ``EVERYTHING`` when a change cannot say which entries it touched.
Changes = dict[str, set[int]]
EVERYTHING = None
ANY_MODEL = "*"
MAX_ENTRIES = 100  # entries one version names; a larger change rebuilds the indexes anyway
KEEP_VERSIONS = 500  # records kept; an index older than that is rebuilt
MAX_VERSIONS = 50  # versions an index is moved across; further behind, rebuilding is as quick


def current_version() -> int:
    """The number of committed data changes: one indexed single-row query."""
    return DataVersion.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def record(version: int, changes: Changes | None) -> None:
    """Record what ``version`` changed (inside the transaction that bumped to it)."""
    if changes is EVERYTHING or not 0 < sum(map(len, changes.values())) <= MAX_ENTRIES:
        rows = [DataChange(version=version, model=ANY_MODEL)]
    else:
        rows = [
            DataChange(version=version, model=label, object_id=pk)
            for label, pks in changes.items()
            for pk in pks
        ]
    DataChange.objects.bulk_create(rows)
    if version % 100 == 0:
        DataChange.objects.filter(version__lte=version - KEEP_VERSIONS).delete()


def since(old: int, new: int) -> Changes | None:
    """The entries the versions after ``old`` up to ``new`` changed, by model label; None
    (``EVERYTHING``) when one of them could not name its entries or its record is gone."""
    if new == old:
        return {}
    if not 0 < new - old <= MAX_VERSIONS:
        return EVERYTHING
    rows = DataChange.objects.filter(version__gt=old, version__lte=new).values_list(
        "version", "model", "object_id"
    )
    versions, changed = set(), {}
    for version, label, pk in rows:
        if label == ANY_MODEL:
            return EVERYTHING
        versions.add(version)
        changed.setdefault(label, set()).add(pk)
    if len(versions) != new - old:  # a version without its record (pruned, or written before)
        return EVERYTHING
    return changed


def merged(first: Changes | None, second: Changes | None) -> Changes | None:
    """Both change sets in one (``EVERYTHING`` if either is)."""
    if first is EVERYTHING or second is EVERYTHING:
        return EVERYTHING
    combined = {label: set(pks) for label, pks in first.items()}
    for label, pks in second.items():
        combined.setdefault(label, set()).update(pks)
    return combined
