import django.contrib.admin.apps
import django_otp.plugins.otp_static.apps
import django_otp.plugins.otp_totp.apps
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


class AdminConfig(django.contrib.admin.apps.AdminConfig):
    """django.contrib.admin with Kommune 360°'s site: branding and the second factor."""

    default = False  # "kommune360" itself is Kommune360Config; this one is named explicitly
    default_site = "kommune360.admin_site.KommuneAdminSite"


class TOTPConfig(django_otp.plugins.otp_totp.apps.DefaultConfig):
    """django-otp's authenticator apps under a German name in the admin (was "OTP_TOTP")."""

    default = False
    verbose_name = "Zweiter Faktor: Authenticator-Apps"


class BackupCodesConfig(django_otp.plugins.otp_static.apps.DefaultConfig):
    """django-otp's backup codes under a German name in the admin (was "OTP_STATIC")."""

    default = False
    verbose_name = "Zweiter Faktor: Ersatzcodes"
