"""Programmes, calls and events: pages, lists, search texts, feeds, API, admin, imports."""
