from django.urls import path

from . import views
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
    path("angebote/<slug:slug>/", views.offer_detail, name="offer_detail"),
    path("leerstellen/", views.gap_list, name="gap_list"),
    path("leerstellen/<slug:slug>/", views.gap_detail, name="gap_detail"),
]
