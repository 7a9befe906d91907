"""Public pages, one module per area. Views stay thin: QuerySets, listing/ and search/ work."""
