"""The demo catalogue and the `load_demo` command."""

import dataclasses
import io
import re
import tomllib
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from formats.models import FormatKind, Session
from kommune360.demo_data import DemoDataError
from offers.demo import CATALOGUE, DATA_FILE, OFFERS, PROVIDERS, load, read_catalogue
from offers.management.commands.load_demo import import_demo_module
from offers.models import (
    Audience,
    Delivery,
    Gap,
    Offer,
    OfferStatus,
    OfferTransition,
    OfferType,
    Provider,
    RegionScope,
    Topic,
)
from offers.services import archive_offer

pytestmark = pytest.mark.django_db

DEMO_SLUGS = [spec.slug for spec in OFFERS]
NOT_PUBLIC = {
    "scrum-im-jugendamt-praxisworkshop": OfferStatus.SUBMITTED,
    "gemeinsam-lernen-rat-planung-fachpraxis": OfferStatus.SUBMITTED,
    "fachtag-sozialraumorientierung-abgeschlossen": OfferStatus.ARCHIVED,
    "online-reihe-agil-im-amt-fruehjahr": OfferStatus.PUBLISHED,  # but expired
}
OWN_FORMATS = {
    "lean-coffee-kommunale-akteurinnen": FormatKind.LEAN_COFFEE,
    "working-out-loud-circles": FormatKind.WOL_CIRCLE,
    "kommune-360-kurzimpulsreihe": FormatKind.SHORT_TALK,
}
REAL_OFFERS_NAMED_IN_THE_ANALYSIS = [
    "creative-bureaucracy-festival",
    "verwaltungsrebellen-blog-und-austausch",
    "forum-agile-verwaltung",
    "kompetenzprofil-jugendhilfeplanung",
    "projekt-zaf-bremen-kompetenzbedarfe",
    "netzwerkkoordination-in-der-kommune",
    "kommune-360-kurzimpulsreihe",
]


def load_offers_demo():
    out = io.StringIO()
    call_command("load_demo", "--only", "offers", stdout=out)
    return out.getvalue()


def snapshot():
    """Everything a second run must leave as it is."""
    offers = Offer.objects.order_by("slug")
    return {
        "offers": list(offers.values_list("slug", "status", "valid_until", "published_at")),
        "providers": Provider.objects.count(),
        "transitions": OfferTransition.objects.count(),
        "tags": Tag.objects.count(),
        "tagged": TaggedItem.objects.count(),
        "audiences": Offer.audiences.through.objects.count(),
        "topics": Offer.topics.through.objects.count(),
        "gaps": Offer.gaps.through.objects.count(),
    }


def test_load_demo_without_options_loads_offers_and_reports_every_module():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    output = out.getvalue()
    assert f"offers: {len(OFFERS)} Demo-Angebote" in output
    for name in ("formats", "feedback"):
        assert f"{name}:" in output
    assert Offer.objects.filter(is_demo=True).count() == len(OFFERS)


def test_load_demo_catalogue_has_at_least_thirty_visible_offers():
    load_offers_demo()
    assert Offer.objects.visible().count() >= 30
    assert Offer.objects.visible().count() == len(OFFERS) - len(NOT_PUBLIC)


def test_load_demo_every_vocabulary_value_has_visible_offers():
    load_offers_demo()
    visible = Offer.objects.visible()
    for gap in Gap.objects.all():
        assert visible.filter(gaps=gap).count() >= 4, gap.slug
    for audience in Audience.objects.all():
        assert visible.filter(audiences=audience).count() >= 3, audience.slug
    for topic in Topic.objects.all():
        assert visible.filter(topics=topic).count() >= 2, topic.slug
    for offer_type in OfferType.objects.all():
        assert visible.filter(offer_type=offer_type).exists(), offer_type.slug
    for delivery in Delivery:
        assert visible.filter(delivery=delivery).exists(), delivery


def test_load_demo_visible_offers_vary_in_every_practical_fact():
    load_offers_demo()
    visible = Offer.objects.visible()
    for field in ("is_free", "application_required", "travel_required", "certificate"):
        assert set(visible.values_list(field, flat=True)) == {True, False}, field
    assert visible.filter(is_free=False, cost_eur__gt=0).count() >= 5
    assert visible.filter(region_scope=RegionScope.NATIONWIDE).exists()
    states = set(visible.filter(region_scope=RegionScope.STATE).values_list("state", flat=True))
    assert len(states) >= 4
    municipal = visible.filter(region_scope=RegionScope.MUNICIPALITY)
    assert municipal.count() >= 3
    assert all(offer.municipality and offer.state for offer in municipal)
    assert visible.filter(language="de-en").count() >= 2
    for tag in ("Scrum", "Kanban", "Design Thinking", "Working Out Loud", "Lean Coffee", "OKR"):
        assert visible.filter(tags__name=tag).exists(), tag


def test_load_demo_kommunalpolitik_gap_reaches_local_politicians():
    load_offers_demo()
    visible = Offer.objects.visible()
    assert (
        visible.filter(gaps__slug="kommunalpolitik", audiences__slug="kommunalpolitiker-innen")
        .distinct()
        .count()
        >= 4
    )


def test_load_demo_leaves_some_audience_gap_cells_empty_on_purpose():
    load_offers_demo()
    visible = Offer.objects.visible()
    cells = Counter(visible.values_list("audiences__slug", "gaps__slug"))
    empty = [
        (audience, gap)
        for audience in Audience.objects.values_list("slug", flat=True)
        for gap in Gap.objects.values_list("slug", flat=True)
        if cells[(audience, gap)] == 0
    ]
    assert ("kommunalpolitiker-innen", "interdisziplinaer-lernen") in empty
    # A submitted offer for exactly that cell exists, but it must not fill the gap.
    assert Offer.objects.filter(
        audiences__slug="kommunalpolitiker-innen", gaps__slug="interdisziplinaer-lernen"
    ).exists()


def test_load_demo_marks_every_offer_and_provider_as_demo():
    load_offers_demo()
    offers = Offer.objects.filter(slug__in=DEMO_SLUGS)
    assert offers.count() == len(OFFERS)
    assert not offers.filter(is_demo=False).exists()
    assert all("Demo-Inhalt" in offer.description for offer in offers)
    providers = Provider.objects.filter(slug__in=[spec.slug for spec in PROVIDERS])
    assert providers.count() == len(PROVIDERS)
    assert not providers.filter(is_demo=False).exists()
    assert not providers.filter(is_approved=False).exists()
    assert set(providers.values_list("kind", flat=True)) >= {
        Provider.Kind.ASSOCIATION,
        Provider.Kind.UNIVERSITY,
        Provider.Kind.FOUNDATION,
        Provider.Kind.STATE,
        Provider.Kind.MUNICIPALITY,
        Provider.Kind.CONSULTANCY,
    }


def test_load_demo_includes_the_real_offers_named_in_the_analysis():
    load_offers_demo()
    visible = Offer.objects.visible()
    for slug in REAL_OFFERS_NAMED_IN_THE_ANALYSIS:
        assert visible.filter(slug=slug).exists(), slug


def test_load_demo_every_offer_passes_model_validation():
    load_offers_demo()
    for offer in Offer.objects.filter(slug__in=DEMO_SLUGS):
        offer.full_clean()
    for provider in Provider.objects.filter(is_demo=True):
        provider.full_clean()


def test_load_demo_non_public_offers_have_their_status_and_stay_hidden():
    load_offers_demo()
    today = timezone.localdate()
    visible = Offer.objects.visible()
    for slug, status in NOT_PUBLIC.items():
        offer = Offer.objects.get(slug=slug)
        assert offer.status == status, slug
        assert not visible.filter(slug=slug).exists(), slug
    expired = Offer.objects.get(slug="online-reihe-agil-im-amt-fruehjahr")
    assert expired.valid_until < today
    assert Offer.objects.expired().filter(pk=expired.pk).exists()
    submitted = Offer.objects.filter(status=OfferStatus.SUBMITTED, slug__in=NOT_PUBLIC)
    assert all(offer.submitted_at for offer in submitted)


def test_load_demo_visible_offers_are_valid_today_or_later():
    load_offers_demo()
    today = timezone.localdate()
    for offer in Offer.objects.visible():
        assert offer.valid_until is None or offer.valid_until >= today


def test_load_demo_status_changes_go_through_the_transition_log():
    load_offers_demo()
    for offer in Offer.objects.filter(slug__in=DEMO_SLUGS):
        log = list(offer.transitions.order_by("created_at", "id"))
        assert log, offer.slug
        assert log[0].from_status == OfferStatus.DRAFT
        assert log[-1].to_status == offer.status
        assert all(entry.reason == "Demo-Inhalt" for entry in log)
    archived = Offer.objects.get(slug="fachtag-sozialraumorientierung-abgeschlossen")
    assert [t.to_status for t in archived.transitions.order_by("created_at", "id")] == [
        OfferStatus.PUBLISHED,
        OfferStatus.ARCHIVED,
    ]


def test_load_demo_spreads_publication_dates_into_the_past():
    load_offers_demo()
    now = timezone.now()
    dates = list(Offer.objects.visible().values_list("published_at", flat=True))
    assert all(date is not None and date < now for date in dates)
    assert len({date.date() for date in dates}) >= 20


def test_load_demo_twice_leaves_the_same_data():
    load_offers_demo()
    first = snapshot()
    output = load_offers_demo()
    assert snapshot() == first
    assert re.search(r"sichtbar, 0 neu\)", output)
    assert re.search(r"\b0 neue Statuswechsel", output)


def test_load_demo_moves_a_demo_offer_the_team_archived_back_through_the_services():
    load_offers_demo()
    offer = Offer.objects.get(slug="working-out-loud-circles")
    archive_offer(offer, reason="Test")
    output = load_offers_demo()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED
    assert offer.transitions.count() == 3
    assert re.search(r"\b1 neue Statuswechsel", output)
    assert "Working-Out-Loud-Circles" in output


def test_load_demo_republishes_the_expired_demo_offer_and_keeps_it_expired():
    load_offers_demo()
    offer = Offer.objects.get(slug="online-reihe-agil-im-amt-fruehjahr")
    valid_until = offer.valid_until
    archive_offer(offer, reason="Test")
    load_offers_demo()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED
    assert offer.valid_until == valid_until
    assert not Offer.objects.visible().filter(pk=offer.pk).exists()


def test_load_demo_refuses_to_overwrite_a_real_offer_with_a_demo_slug():
    load_offers_demo()
    Offer.objects.filter(slug="working-out-loud-circles").update(is_demo=False, title="Echt")
    with pytest.raises(CommandError, match="kein Demo-Inhalt"):
        load_offers_demo()
    assert Offer.objects.get(slug="working-out-loud-circles").title == "Echt"


def test_load_demo_module_returns_a_summary_line():
    summary = load(today=timezone.localdate(), stdout=io.StringIO())
    assert summary.startswith(f"{len(OFFERS)} Demo-Angebote")
    assert "\n" not in summary


def test_load_demo_only_rejects_an_unknown_module_name():
    with pytest.raises(CommandError):
        call_command("load_demo", "--only", "nichts", stdout=io.StringIO())


def test_import_demo_module_missing_module_returns_none(tmp_path, monkeypatch):
    (tmp_path / "demo_pkg_without_demo").mkdir()
    (tmp_path / "demo_pkg_without_demo" / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert import_demo_module("demo_pkg_without_demo.demo") is None


def test_import_demo_module_error_inside_existing_module_propagates(tmp_path, monkeypatch):
    package = tmp_path / "demo_pkg_broken"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "demo.py").write_text("import a_module_that_does_not_exist_k360\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError) as excinfo:
        import_demo_module("demo_pkg_broken.demo")
    assert excinfo.value.name == "a_module_that_does_not_exist_k360"


def test_demo_catalogue_file_every_entry_is_loaded_as_demo_content():
    with DATA_FILE.open("rb") as file:
        raw = tomllib.load(file)
    load_offers_demo()
    offers = Offer.objects.filter(is_demo=True)
    assert sorted(offers.values_list("slug", flat=True)) == sorted(o["slug"] for o in raw["offers"])
    providers = Provider.objects.filter(is_demo=True)
    assert sorted(providers.values_list("slug", flat=True)) == sorted(
        p["slug"] for p in raw["providers"]
    )


def test_demo_catalogue_file_every_entry_refers_to_existing_vocabulary():
    vocabularies = {
        "audiences": set(Audience.objects.values_list("slug", flat=True)),
        "topics": set(Topic.objects.values_list("slug", flat=True)),
        "gaps": set(Gap.objects.values_list("slug", flat=True)),
    }
    offer_types = set(OfferType.objects.values_list("slug", flat=True))
    format_kinds = set(FormatKind.objects.values_list("slug", flat=True))
    for spec in OFFERS:
        for field, known in vocabularies.items():
            assert set(getattr(spec, field)) <= known, (spec.slug, field)
        assert spec.offer_type in offer_types, spec.slug
        assert not spec.own_format or spec.own_format in format_kinds, spec.slug


def test_read_catalogue_malformed_entry_error_names_the_entry(tmp_path):
    text = DATA_FILE.read_text(encoding="utf-8")
    broken = text.replace(
        'slug = "working-out-loud-circles"\n', 'slug = "working-out-loud-circles"\nfarbe = "rot"\n'
    )
    assert broken != text
    path = tmp_path / "catalogue.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(DemoDataError) as excinfo:
        read_catalogue(path)
    assert str(excinfo.value) == (
        "catalogue.toml: Angebot „working-out-loud-circles“: unbekannter Schlüssel „farbe“."
    )


def test_read_catalogue_unknown_provider_error_names_the_offer(tmp_path):
    text = DATA_FILE.read_text(encoding="utf-8")
    path = tmp_path / "catalogue.toml"
    path.write_text(
        text.replace('provider = "forum-agile-verwaltung"', 'provider = "gibt-es-nicht"'),
        encoding="utf-8",
    )
    with pytest.raises(
        DemoDataError, match="Angebot „forum-agile-verwaltung“: Anbieter:in „gibt-es-nicht“"
    ):
        read_catalogue(path)


def test_load_demo_unknown_vocabulary_slug_error_names_the_offer_and_writes_nothing():
    broken = [
        dataclasses.replace(spec, topics=(*spec.topics, "astrologie"))
        if spec.slug == "forum-agile-verwaltung"
        else spec
        for spec in OFFERS
    ]
    with pytest.raises(DemoDataError, match="Angebot „forum-agile-verwaltung“: .*„astrologie“"):
        load(
            today=timezone.localdate(),
            stdout=io.StringIO(),
            catalogue=CATALOGUE._replace(offers=broken),
        )
    assert not Offer.objects.filter(is_demo=True).exists()


def test_load_demo_vocabulary_the_team_removed_is_a_command_error_naming_an_offer():
    Audience.objects.filter(slug="netzwerkkoordinator-innen").delete()
    with pytest.raises(
        CommandError, match=r"^offers: Angebot „[a-z0-9-]+“: .*netzwerkkoordinator-innen"
    ):
        load_offers_demo()


@pytest.mark.parametrize(("slug", "kind"), OWN_FORMATS.items())
def test_load_demo_own_format_offer_links_to_its_dates_under_formate(client, settings, slug, kind):
    settings.SITE_URL = "https://kommune360.example"
    call_command("load_demo", stdout=io.StringIO())
    offer = Offer.objects.get(slug=slug)
    assert offer.url == f"https://kommune360.example/formate/?format={kind}#termine"
    offer.full_clean()

    offer_page = client.get(offer.get_absolute_url()).content.decode()
    assert f'<a href="{offer.url}">Termine und Anmeldung unter „Formate“</a>' in offer_page
    assert "externe Seite" not in offer_page

    dates_page = client.get(offer.url.removeprefix(settings.SITE_URL)).content.decode()
    listed = Session.objects.listed().upcoming()
    own = listed.filter(kind__slug=kind)
    assert own.count() >= 2
    for session in own:
        assert session.get_absolute_url() in dates_page
    for session in listed.exclude(kind__slug=kind):
        assert session.get_absolute_url() not in dates_page


def test_load_demo_own_format_links_follow_site_url_on_the_next_run(settings):
    load_offers_demo()
    settings.SITE_URL = "http://127.0.0.1:8101"
    load_offers_demo()
    assert Offer.objects.get(slug="working-out-loud-circles").url.startswith(
        "http://127.0.0.1:8101/formate/"
    )


def test_load_demo_provider_links_stay_external_on_the_offer_page(client):
    load_offers_demo()
    offer = Offer.objects.get(slug="forum-agile-verwaltung")
    page = client.get(offer.get_absolute_url()).content.decode()
    assert f'href="{offer.url}" rel="noopener">Zum Angebot bei' in page
    assert "(externe Seite)" in page
