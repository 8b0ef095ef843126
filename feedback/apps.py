from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "Mitdenken"

    def ready(self):
        from . import signals

        signals.connect()
