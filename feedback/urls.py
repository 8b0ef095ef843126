from django.urls import path
from django.views.generic import TemplateView

app_name = "feedback"

urlpatterns = [
    path("", TemplateView.as_view(template_name="feedback/start.html"), name="start"),
]
