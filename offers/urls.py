from django.urls import path

from . import views

app_name = "offers"

urlpatterns = [
    path("", views.home, name="home"),
    path("angebote/", views.catalogue, name="catalogue"),
    path("angebote/<slug:slug>/", views.offer_detail, name="offer_detail"),
    path("leerstellen/", views.gap_list, name="gap_list"),
    path("leerstellen/<slug:slug>/", views.gap_detail, name="gap_detail"),
]
