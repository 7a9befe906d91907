"""What a query matches and in which order: search texts, words, ranking, explanations."""
