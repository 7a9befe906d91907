"""Public pages, one module per area. Views stay thin: QuerySets and search.py do the work."""
