from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("", views.start, name="start"),
    path("danke/", views.thanks, name="thanks"),
]
