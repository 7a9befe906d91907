"""The read path of every list: query → filters, the in-memory facet index, results, page cache."""
