"""Views of the open catalogue: feeds, CSV, sitemap, robots.txt and DCAT-AP.de."""

from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from formats.open_data import UpcomingSessionsFeed
from kommune360.site_url import absolute
from offers.catalogue.cache import public_page

from .dcat import catalogue_graph
from .exports import catalogue_csv as csv_response
from .feeds import CatalogueFeed
from .sitemaps import SITEMAPS

catalogue_feed = public_page(CatalogueFeed())
sessions_feed = require_safe(UpcomingSessionsFeed())


@public_page
def catalogue_csv(request):
    return csv_response(request.GET)


@require_safe
def sitemap(request):
    """Not behind the catalogue's page cache: it also lists sessions, which the catalogue
    version does not follow."""
    return django_sitemap(request, sitemaps=SITEMAPS)


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /verwaltung/",
        "Disallow: /angebote/bearbeiten/",
        "Disallow: /formate/abmelden/",
        "Disallow: /abo/",
        # The Merkliste lives in URLs without end (offers/approval/shortlist.py).
        "Disallow: /merkliste/",
        "Disallow: /*merkliste=",
        "Allow: /",
        "",
        f"Sitemap: {absolute(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@public_page
def dcat_rdf(request):
    return HttpResponse(
        catalogue_graph().serialize(format="pretty-xml"),
        content_type="application/rdf+xml; charset=utf-8",
    )


@public_page
def dcat_turtle(request):
    return HttpResponse(
        catalogue_graph().serialize(format="turtle"), content_type="text/turtle; charset=utf-8"
    )
