"""Open data: records, CSV/JSON/XLSX, OpenAPI, feeds, sitemaps, JSON-LD, statistics."""
