from django.urls import path

from . import analysis_views, views
from .alerts import views as views_alerts
from .approval import views as views_approval
from .provider_access import views as views_provider
from .submission import views as views_submission

app_name = "offers"

urlpatterns = [
    path("", views.home, name="home"),
    path("angebote/", views.catalogue, name="catalogue"),
    # Provider pages come before angebote/<slug>/, which would swallow them.
    path("angebote/einreichen/", views_submission.submit, name="submit"),
    path("angebote/einreichen/danke/", views_submission.submitted, name="submitted"),
    path("angebote/bearbeiten/<str:token>/", views_submission.edit, name="edit"),
    path(
        "angebote/bearbeiten/<str:token>/zurueckziehen/",
        views_submission.withdraw,
        name="withdraw",
    ),
    # Providers' overview of all their offers (offers/provider_access), also before <slug>.
    path("angebote/meine/", views_provider.request_overview, name="provider_request"),
    path("angebote/meine/gesendet/", views_provider.requested, name="provider_requested"),
    path("angebote/meine/<str:token>/", views_provider.overview, name="provider_overview"),
    path(
        "angebote/meine/<str:token>/bearbeitungslink/<int:pk>/",
        views_provider.send_edit_link,
        name="provider_edit_link",
    ),
    path("angebote/<slug:slug>/", views.offer_detail, name="offer_detail"),
    # Getting a training approved: the application sheet and the Merkliste (offers/approval).
    path(
        "angebote/<slug:slug>/fortbildungsantrag/",
        views_approval.offer_sheet,
        name="offer_sheet",
    ),
    path(
        "angebote/<slug:slug>/fortbildungsantrag.pdf",
        views_approval.offer_sheet_pdf,
        name="offer_sheet_pdf",
    ),
    path("merkliste/", views_approval.shortlist, name="shortlist"),
    path(
        "merkliste/fortbildungsantrag/",
        views_approval.shortlist_sheets,
        name="shortlist_sheets",
    ),
    path(
        "merkliste/fortbildungsantrag.pdf",
        views_approval.shortlist_sheets_pdf,
        name="shortlist_sheets_pdf",
    ),
    path("merkliste/angebote.csv", views_approval.shortlist_csv, name="shortlist_csv"),
    path("leerstellen/", views.gap_list, name="gap_list"),
    path("analyse/", analysis_views.analysis, name="analysis"),
    path("analyse/impulspapier.pdf", analysis_views.analysis_paper, name="analysis_paper"),
    path("abo/neu/", views_alerts.subscribe, name="alert_subscribe"),
    path("abo/neu/gesendet/", views_alerts.requested, name="alert_requested"),
    path("abo/<str:token>/", views_alerts.manage, name="alert_manage"),
    path("abo/<str:token>/bestaetigen/", views_alerts.confirm, name="alert_confirm"),
    path("abo/<str:token>/abmelden/", views_alerts.unsubscribe, name="alert_unsubscribe"),
    path("leerstellen/<slug:slug>/", views.gap_detail, name="gap_detail"),
]
