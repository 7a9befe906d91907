"""What a backup holds: every table of every installed app, except what Django rebuilds itself.

Content types and permissions are recreated by ``migrate`` (and referred to by natural keys);
sessions and failed-login records are short-lived and personal, so they are left out; the page
cache's data version and its change log are counters, not data (a restore bumps it anyway).
"""

EXCLUDED = (
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",
    "directory.dataversion",
    "directory.datachange",  # which entries each data version changed: kept for the lists' indexes
    "directory.searchword",  # derived from the entries; rebuild_search_index refills it
)
