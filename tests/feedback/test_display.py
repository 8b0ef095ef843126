"""Published contributions on gap pages: the selector, the include and the page itself."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from feedback.models import ContributionStatus, PublicName
from feedback.selectors import published_for_gap
from tests.feedback.factories import ContributionFactory, gap

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def test_published_for_gap_only_published_and_opted_in():
    target = gap()
    shown = ContributionFactory(gap=target, published=True, text="sichtbar")
    ContributionFactory(gap=target, text="neu, nicht veröffentlicht")
    ContributionFactory(gap=target, public_opt_in=True, text="erlaubt, aber nicht freigegeben")
    ContributionFactory(
        gap=target,
        status=ContributionStatus.PUBLISHED,
        public_opt_in=False,
        text="freigegeben ohne Zustimmung (darf nie passieren)",
    )
    ContributionFactory(
        gap=target, public_opt_in=True, status=ContributionStatus.ARCHIVED, text="archiviert"
    )
    ContributionFactory(gap=gap("kommunalpolitik"), published=True, text="andere Leerstelle")
    ContributionFactory(gap=None, published=True, text="ohne Leerstelle")
    assert [c.pk for c in published_for_gap(target)] == [shown.pk]


def test_published_for_gap_newest_first():
    target = gap()
    old = ContributionFactory(gap=target, published=True, created_at=days_ago(30))
    new = ContributionFactory(gap=target, published=True, created_at=days_ago(1))
    middle = ContributionFactory(gap=target, published=True, created_at=days_ago(10))
    assert list(published_for_gap(target)) == [new, middle, old]


def test_published_for_gap_display_name_follows_author_choice():
    target = gap()
    ContributionFactory(gap=target, published=True, name="Ada", public_name=PublicName.WITH_NAME)
    ContributionFactory(gap=target, published=True, name="Bea", public_name=PublicName.ANONYMOUS)
    ContributionFactory(gap=target, published=True, name="", public_name=PublicName.WITH_NAME)
    assert sorted(c.display_name for c in published_for_gap(target)) == [
        "Ada",
        "anonym",
        "anonym",
    ]


def test_published_for_gap_does_not_load_contact_data():
    target = gap()
    ContributionFactory(gap=target, published=True)
    rows = list(published_for_gap(target))
    deferred = rows[0].get_deferred_fields()
    assert {"email", "organisation", "internal_note", "name"} <= deferred


def test_published_for_gap_query_count_constant(django_assert_max_num_queries):
    target = gap()
    ContributionFactory.create_batch(12, gap=target, published=True, public_answer="Danke!")
    with django_assert_max_num_queries(1):
        html = render_to_string(
            "feedback/includes/gap_contributions.html",
            {"contributions": published_for_gap(target)},
        )
    assert html.count('class="contribution"') == 12


def test_include_renders_kind_name_date_text_and_answer():
    target = gap()
    ContributionFactory(
        gap=target,
        published=True,
        kind="widerspruch",
        name="Jo Beispiel",
        public_name=PublicName.WITH_NAME,
        created_at=timezone.make_aware(datetime.datetime(2026, 3, 5, 12, 0)),
        text="Erster Absatz\n\nZweiter Absatz",
        public_answer="Danke, wir prüfen das.",
        email="geheim@example.org",
        organisation="Geheime Organisation",
        internal_note="Interne Notiz XYZ",
    )
    html = render_to_string(
        "feedback/includes/gap_contributions.html",
        {"contributions": published_for_gap(target)},
    )
    assert "Was uns Mitdenker:innen sagen" in html
    assert "Widerspruch" in html
    assert "Jo Beispiel" in html
    assert "5. März 2026" in html and 'datetime="2026-03-05"' in html
    assert "<p>Erster Absatz</p>" in html and "<p>Zweiter Absatz</p>" in html
    assert "Antwort des Initiativteams" in html and "Danke, wir prüfen das." in html
    for secret in ("geheim@example.org", "Geheime Organisation", "Interne Notiz XYZ"):
        assert secret not in html


def test_include_escapes_markup():
    target = gap()
    ContributionFactory(
        gap=target,
        published=True,
        name='<img src=x onerror="alert(1)">',
        public_name=PublicName.WITH_NAME,
        text="<script>alert('x')</script>",
        public_answer="<b>fett</b>",
    )
    html = render_to_string(
        "feedback/includes/gap_contributions.html",
        {"contributions": published_for_gap(target)},
    )
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)" in html
    assert "<img src=x" not in html and "&lt;img src=x" in html
    assert "<b>fett</b>" not in html and "&lt;b&gt;fett&lt;/b&gt;" in html


def test_include_without_answer_has_no_answer_block():
    target = gap()
    ContributionFactory(gap=target, published=True, public_answer="")
    html = render_to_string(
        "feedback/includes/gap_contributions.html",
        {"contributions": published_for_gap(target)},
    )
    assert "Antwort des Initiativteams" not in html


def test_gap_page_shows_only_published_contributions(client):
    target = gap("digital-niedrigschwellig")
    ContributionFactory(
        gap=target,
        published=True,
        text="Öffentlich sichtbarer Beitrag",
        public_answer="Unsere öffentliche Antwort",
    )
    ContributionFactory(gap=target, public_opt_in=True, text="Noch nicht freigegeben")
    ContributionFactory(
        gap=target,
        status=ContributionStatus.PUBLISHED,
        public_opt_in=False,
        text="Ohne Zustimmung",
    )
    response = client.get(f"/leerstellen/{target.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Was uns Mitdenker:innen sagen" in html
    assert "Öffentlich sichtbarer Beitrag" in html
    assert "Unsere öffentliche Antwort" in html
    assert "Noch nicht freigegeben" not in html
    assert "Ohne Zustimmung" not in html
    assert f"/mitdenken/?leerstelle={target.slug}" in html


def test_gap_page_without_published_contributions_shows_none(client):
    target = gap("digital-niedrigschwellig")
    ContributionFactory(gap=target, text="Noch nicht freigegeben")
    html = client.get(f"/leerstellen/{target.slug}/").content.decode()
    assert "Noch nicht freigegeben" not in html


def test_gap_page_escapes_published_text(client):
    target = gap()
    ContributionFactory(gap=target, published=True, text="<script>alert(1)</script>")
    html = client.get(f"/leerstellen/{target.slug}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_no_public_page_shows_unapproved_contributions(client):
    from offers.models import Gap
    from tests.offers.factories import OfferFactory

    offer = OfferFactory(gaps=["kommunalpolitik"])
    hidden = {
        "MARKER-NEU": {},
        "MARKER-OPTIN-UNGEPRUEFT": {"public_opt_in": True},
        "MARKER-OHNE-ZUSTIMMUNG": {"status": ContributionStatus.PUBLISHED},
        "MARKER-ARCHIV": {"public_opt_in": True, "status": ContributionStatus.ARCHIVED},
        "MARKER-BEANTWORTET": {"public_opt_in": True, "status": ContributionStatus.ANSWERED},
    }
    for slug in ("kommunalpolitik", "innovative-arbeitsweisen"):
        for marker, fields in hidden.items():
            ContributionFactory(
                gap=gap(slug), offer=offer, text=marker, public_answer=marker, **fields
            )
    ContributionFactory(gap=gap("kommunalpolitik"), published=True, text="MARKER-OEFFENTLICH")
    pages = [
        "/",
        "/angebote/",
        f"/angebote/{offer.slug}/",
        "/leerstellen/",
        "/formate/",
        "/mitdenken/",
        "/mitdenken/danke/",
        "/mitdenken/?leerstelle=kommunalpolitik",
        *(f"/leerstellen/{g.slug}/" for g in Gap.objects.all()),
    ]
    seen_public = False
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for marker in hidden:
            assert marker not in html, f"{marker} leaked on {url}"
        seen_public |= "MARKER-OEFFENTLICH" in html
    assert seen_public
