from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = "Unterstützungsangebote"

    def ready(self):
        from django.db.models.signals import post_migrate

        from kommune360.ratelimit import create_cache_table

        from .catalogue import index

        index.connect()
        post_migrate.connect(
            index.renew_after_migrate, sender=self, dispatch_uid="offers_renew_catalogue_version"
        )
        # The project's own post_migrate work; kommune360/ is a package, not an app.
        post_migrate.connect(
            create_cache_table, sender=self, dispatch_uid="kommune360_create_cache_table"
        )
