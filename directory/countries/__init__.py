"""Country profiles: sourced, dated facts, German presence, the five-country comparison."""
