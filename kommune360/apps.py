import axes.apps
import django.contrib.admin.apps
import django_otp.plugins.otp_static.apps
import django_otp.plugins.otp_totp.apps
from django.apps import AppConfig
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from taggit.apps import TaggitAppConfig


def mark_labels_translatable(*models):
    """Let Django translate a library's English model and field labels.

    django-otp writes its verbose names and help texts as plain strings, which no
    translation catalog reaches: the admin showed "TOTP devices", "Created at" and
    "The user that this device belongs to.". Wrapped in gettext_lazy here, they take their
    German from locale/de/LC_MESSAGES/django.po. Migrations do not change: they read a
    model's original Meta, and compare help texts with translation switched off, where
    each wrapped label is the same English as before.
    """

    def lazy(text):
        return text if isinstance(text, Promise) or not text else gettext_lazy(text)

    with translation.override(None):
        for model in models:
            opts = model._meta
            # The plural may be Django's lazy "<name>s": fixed to its English first.
            opts.verbose_name_plural = lazy(str(opts.verbose_name_plural))
            opts.verbose_name = lazy(opts.verbose_name)
            for field in opts.local_fields:
                field.verbose_name = lazy(field.verbose_name)
                field.help_text = lazy(field.help_text)


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

    def ready(self):
        super().ready()
        mark_labels_translatable(self.get_model("TOTPDevice"))


class BackupCodesConfig(django_otp.plugins.otp_static.apps.DefaultConfig):
    """django-otp's backup codes under a German name in the admin (was "OTP_STATIC")."""

    default = False
    verbose_name = "Zweiter Faktor: Ersatzcodes"

    def ready(self):
        super().ready()
        mark_labels_translatable(self.get_model("StaticDevice"), self.get_model("StaticToken"))


class AxesConfig(axes.apps.AppConfig):
    """django-axes (login protection) under a German name: the admin showed "AXES"."""

    default = False
    verbose_name = "Anmeldeschutz"
