"""The open catalogue: the catalogue's filters for other systems.

Every export here (JSON API, Atom feed, CSV, sitemap, DCAT-AP.de) runs the
catalogue's own query path, `offers.catalogue.query.Catalogue`, so the same
GET parameters give the same offers as the page.
"""
