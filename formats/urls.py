from django.urls import path
from django.views.generic import TemplateView

app_name = "formats"

urlpatterns = [
    path("", TemplateView.as_view(template_name="formats/overview.html"), name="overview"),
]
