from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

admin.site.site_header = "Kommune 360° – Verwaltung"
admin.site.site_title = "Kommune 360°"
admin.site.index_title = "Übersicht für das Initiativteam"


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
]

handler404 = "kommune360.errors.page_not_found"
handler500 = "kommune360.errors.server_error"
