from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = "Unterstützungsangebote"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals  # noqa: F401
        from .catalogue_triggers import ensure_triggers

        post_migrate.connect(ensure_triggers, sender=self, dispatch_uid="offers_ensure_triggers")
