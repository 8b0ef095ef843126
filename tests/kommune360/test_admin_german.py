"""The back office speaks German throughout and carries the platform's name and colours."""

import json
import re
from pathlib import Path

import django
import pytest
from django.conf import settings

from offers.models import OfferStatus
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db

SELECT_FILTER_JS = Path(django.__file__).parent / "contrib/admin/static/admin/js/SelectFilter2.js"


def js_catalog(client) -> dict:
    text = client.get("/verwaltung/jsi18n/").content.decode()
    return json.loads(re.search(r"const newcatalog = (\{.*?\});", text, re.DOTALL).group(1))


def select_filter_strings() -> set[str]:
    source = SELECT_FILTER_JS.read_text()
    strings = re.findall(r"""gettext\((?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\)""", source)
    return {
        (single or double).replace("\\'", "'").replace('\\"', '"') for single, double in strings
    }


def test_admin_javascript_catalog_multi_select_every_string_german(admin_client):
    catalog = js_catalog(admin_client)
    strings = select_filter_strings()
    assert 'Choose %s by selecting them and then select the "Choose" arrow button.' in strings
    untranslated = sorted(s for s in strings if not catalog.get(s))
    assert not untranslated, untranslated
    assert catalog["Choose all %s"] == "Alle %s auswählen"


def test_admin_offer_form_multi_select_page_loads_catalog(admin_client):
    page = admin_client.get("/verwaltung/offers/offer/add/").content.decode()
    assert "/verwaltung/jsi18n/" in page
    assert "SelectFilter2.js" in page


def test_admin_changelist_counter_uses_plural_name(admin_client):
    OfferFactory(status=OfferStatus.SUBMITTED)
    OfferFactory(status=OfferStatus.SUBMITTED)
    page = admin_client.get("/verwaltung/offers/queuedoffer/").content.decode()
    assert re.search(r"2\s+Angebote in der Warteschlange", page), "no plural counter"
    assert not re.search(r"\d+\s+Moderationswarteschlange", page)


@pytest.mark.parametrize(
    ("label", "model", "plural"),
    [
        ("offers", "queuedoffer", "Angebote in der Warteschlange"),
        ("kommune360", "outboxmail", "E-Mails im Ausgang"),
        ("kommune360", "maildelivery", "Zustellversuche"),
        ("taggit", "tag", "Schlagworte"),
    ],
)
def test_admin_model_plural_name_is_a_german_plural(label, model, plural):
    from django.apps import apps

    assert str(apps.get_model(label, model)._meta.verbose_name_plural) == plural


def test_admin_index_sections_named_in_german(admin_client):
    page = admin_client.get("/verwaltung/").content.decode()
    assert "Plattform" in page
    assert "Kommune360</a>" not in page
    assert ">Tags</a>" not in page
    assert ">Schlagworte</a>" in page


def test_admin_branding_names_platform_and_loads_its_colours(admin_client, client):
    for response in (admin_client.get("/verwaltung/"), client.get("/verwaltung/login/")):
        page = response.content.decode()
        site_name = re.search(r'<div id="site-name">(.*?)</div>', page, re.DOTALL).group(1)
        assert "Kommune 360°" in site_name
        assert "Django" not in site_name
        assert "css/admin-brand.css" in page
        assert "Django-Systemverwaltung" not in page


def test_admin_brand_css_uses_the_public_site_colours():
    site = (Path(settings.BASE_DIR) / "static/css/site.css").read_text()
    brand = (Path(settings.BASE_DIR) / "static/css/admin-brand.css").read_text()
    teal = re.search(r"--c-brand: (#[0-9a-f]{6})", site).group(1)
    teal_dark = re.search(r"--c-brand-dark: (#[0-9a-f]{6})", site).group(1)
    assert f"--primary: {teal}" in brand
    assert f"--header-bg: {teal_dark}" in brand


# What the libraries' admin pages said in English (django-otp, django-taggit, django-axes).
LIBRARY_ENGLISH = [
    "TOTP device",
    "Static device",
    "static device",
    "Static tokens",
    "Search by user",
    "Created at",
    "created at",
    "Last used at",
    "last used at",
    "Confirmed",
    "Nach confirmed",
    "Digits",
    "Drift",
    "Tolerance",
    "Throttling",
    "Identity",
    "Timestamps",
    "Configuration",
    "The user that this device belongs to.",
    "The human-readable name of this device.",
    "Is this device ready for use?",
    "The time step in seconds.",
    "Merge selected tags",
    "Locked Out",
    "Attempt Remaining",
    "Clean up expired attempts",
    ">Axes<",
]


@pytest.fixture
def library_objects(admin_user):
    from axes.models import AccessAttempt
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from taggit.models import Tag

    AccessAttempt.objects.create(
        username="someone",
        ip_address="192.0.2.1",
        user_agent="Browser",
        http_accept="*/*",
        path_info="/verwaltung/login/",
        get_data="",
        post_data="",
        failures_since_start=3,
    )
    Tag.objects.create(name="Beteiligung")
    return {
        "totp": TOTPDevice.objects.create(user=admin_user, name="Telefon"),
        "static": StaticDevice.objects.create(user=admin_user, name="Ersatzcodes"),
    }


def test_admin_library_pages_no_english_left(admin_client, library_objects):
    totp, static = library_objects["totp"].pk, library_objects["static"].pk
    paths = [
        "/verwaltung/",
        "/verwaltung/otp_totp/totpdevice/",
        "/verwaltung/otp_totp/totpdevice/add/",
        f"/verwaltung/otp_totp/totpdevice/{totp}/change/",
        "/verwaltung/otp_static/staticdevice/",
        "/verwaltung/otp_static/staticdevice/add/",
        f"/verwaltung/otp_static/staticdevice/{static}/change/",
        "/verwaltung/taggit/tag/",
        "/verwaltung/axes/accessattempt/",
        "/verwaltung/axes/accesslog/",
        "/verwaltung/axes/accessfailurelog/",
    ]
    english = []
    for path in paths:
        response = admin_client.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        english += [f"{path}: {text}" for text in LIBRARY_ENGLISH if text in page]
    assert not english, "\n".join(english)


def test_admin_library_pages_german_names_and_help(admin_client, library_objects):
    index = admin_client.get("/verwaltung/").content.decode()
    assert ">Authenticator-Apps</a>" in index
    assert ">Ersatzcode-Listen</a>" in index
    assert "Anmeldeschutz" in index
    totp_list = admin_client.get("/verwaltung/otp_totp/totpdevice/").content.decode()
    assert "Authenticator-App zur Änderung auswählen" in totp_list
    assert "Suche nach Benutzername oder E-Mail-Adresse" in totp_list
    assert "Nach Anlagedatum" in totp_list
    add = admin_client.get("/verwaltung/otp_totp/totpdevice/add/").content.decode()
    assert "Die Person, der dieses Gerät gehört." in add
    assert "Ziffern" in add
    attempts = admin_client.get("/verwaltung/axes/accessattempt/").content.decode()
    assert "Nach Gesperrt" in attempts


def test_admin_tag_merge_in_german_keeps_tagged_offers(admin_client):
    from taggit.models import Tag

    offer = OfferFactory(tags=["Buergerbeteiligung", "Bürgerbeteiligung"])
    tags = Tag.objects.filter(name__in=["Buergerbeteiligung", "Bürgerbeteiligung"])
    changelist = admin_client.get("/verwaltung/taggit/tag/").content.decode()
    assert "Ausgewählte Schlagworte zusammenführen" in changelist
    response = admin_client.post(
        "/verwaltung/taggit/tag/",
        {"action": "render_tag_form", "_selected_action": [tag.pk for tag in tags]},
    )
    assert response.status_code == 302
    form = admin_client.get(response["Location"]).content.decode()
    assert "Schlagworte zusammenführen" in form
    assert "New Tag Name" not in form
    assert "Enter new or existing tag name" not in form
    done = admin_client.post(
        "/verwaltung/taggit/tag/merge-tags/", {"new_tag_name": "Bürgerbeteiligung"}, follow=True
    )
    assert "Die Schlagworte wurden zusammengeführt." in done.content.decode()
    assert list(offer.tags.names()) == ["Bürgerbeteiligung"]


def test_admin_library_labels_translated_migrations_unchanged():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    # --check exits with an error when any app (django_otp's included) needs a migration.
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_admin_tag_merge_into_the_only_selected_tag_changes_nothing(admin_client):
    from taggit.models import Tag

    offer = OfferFactory(tags=["Beteiligung"])
    tag = Tag.objects.get(name="Beteiligung")
    admin_client.post(
        "/verwaltung/taggit/tag/", {"action": "render_tag_form", "_selected_action": [tag.pk]}
    )
    response = admin_client.post(
        "/verwaltung/taggit/tag/merge-tags/", {"new_tag_name": "Beteiligung"}, follow=True
    )
    assert response.status_code == 200
    assert "Nichts zusammengeführt" in response.content.decode()
    assert list(offer.tags.names()) == ["Beteiligung"]
