from django.apps import AppConfig
from taggit.apps import TaggitAppConfig


class Kommune360Config(AppConfig):
    """What every app shares: the e-mail outbox and its admin, health checks."""

    default = True  # two AppConfigs here: without this Django used neither ("KOMMUNE360")
    name = "kommune360"
    verbose_name = "Plattform"

    def ready(self):
        from . import legal  # noqa: F401 (registers the deploy check of the legal pages)


class TagsConfig(TaggitAppConfig):
    """django-taggit under a German name: the admin showed a section called "TAGGIT"."""

    verbose_name = "Schlagworte"
