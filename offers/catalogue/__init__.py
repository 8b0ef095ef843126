"""The public catalogue's query path: facets, search, index freshness and cache.

- query.py: `Catalogue`, the one entry point that runs "these filters";
- facets.py: every facet declared once, and the django-filter FilterSet;
- search.py and text.py: full-text search on PostgreSQL and SQLite;
- suggest.py: "Meinten Sie …?";
- index.py: keeps the search index and the catalogue version true;
- cache.py: ETags and cached pages per catalogue version.
"""
