"""sitemap.xml: every public page, offer, gap and session, with absolute URLs from SITE_URL."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from formats.models import Session
from offers.models import AnalysisPage, Gap, Offer


class SiteUrlSitemap(Sitemap):
    """Absolute URLs on SITE_URL's scheme and host, whatever host the request named."""

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PageSitemap(SiteUrlSitemap):
    names = [
        "offers:home",
        "offers:catalogue",
        "offers:gap_list",
        "offers:analysis",
        "offers:submit",
        "formats:overview",
        "feedback:start",
        "api_documentation",
        "impressum",
        "datenschutz",
        "barrierefreiheit",
        "leichte_sprache",
    ]

    def items(self):
        return self.names

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        if item in {"offers:home", "offers:catalogue", "offers:gap_list"}:
            return Offer.objects.visible().aggregate(latest=Max("updated_at"))["latest"]
        if item == "offers:analysis":
            return AnalysisPage.objects.aggregate(latest=Max("updated_at"))["latest"]
        return None


class OfferSitemap(SiteUrlSitemap):
    def items(self):
        return Offer.objects.visible().order_by("pk").only("slug", "updated_at")

    def lastmod(self, offer):
        return offer.updated_at


class GapSitemap(SiteUrlSitemap):
    def items(self):
        return Gap.objects.order_by("number")


class SessionSitemap(SiteUrlSitemap):
    def items(self):
        return Session.objects.listed().upcoming().order_by("start").only("slug", "updated_at")

    def lastmod(self, session):
        return session.updated_at


SITEMAPS = {
    "seiten": PageSitemap,
    "angebote": OfferSitemap,
    "leerstellen": GapSitemap,
    "termine": SessionSitemap,
}
