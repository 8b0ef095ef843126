from django.apps import AppConfig


class Kommune360Config(AppConfig):
    """What every app shares: the e-mail outbox and its admin, health checks."""

    name = "kommune360"
    verbose_name = "Plattform"
