from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from offers.open_data import views as open_data

from .api import api, documentation


def page(template_name):
    return TemplateView.as_view(template_name=template_name)


urlpatterns = [
    path("", include("offers.urls")),
    path("formate/", include("formats.urls")),
    path("mitdenken/", include("feedback.urls")),
    path("impressum/", page("pages/impressum.html"), name="impressum"),
    path("datenschutz/", page("pages/datenschutz.html"), name="datenschutz"),
    path("barrierefreiheit/", page("pages/barrierefreiheit.html"), name="barrierefreiheit"),
    path("leichte-sprache/", page("pages/leichte_sprache.html"), name="leichte_sprache"),
    path("verwaltung/", admin.site.urls),
    # The open catalogue (offers/open_data): API, feeds, exports, machine-readable metadata.
    path("api/", documentation, name="api_documentation"),
    path("api/v1/", api.urls),
    path("angebote.atom", open_data.catalogue_feed, name="catalogue_feed"),
    path("angebote.csv", open_data.catalogue_csv, name="catalogue_csv"),
    path(
        "feed/",
        RedirectView.as_view(pattern_name="catalogue_feed", query_string=True, permanent=True),
    ),
    path("formate/termine.atom", open_data.sessions_feed, name="sessions_feed"),
    path("sitemap.xml", open_data.sitemap, name="sitemap"),
    path("robots.txt", open_data.robots_txt, name="robots_txt"),
    path("opendata/dcat-ap.rdf", open_data.dcat_rdf, name="open_data_dcat"),
    path("opendata/dcat-ap.ttl", open_data.dcat_turtle, name="open_data_dcat_turtle"),
]

handler404 = "kommune360.errors.page_not_found"
handler500 = "kommune360.errors.server_error"
