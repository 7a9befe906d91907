"""Demo data from public sources (the JSON files here), their loaders, synthetic data."""
