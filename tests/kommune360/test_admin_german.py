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
