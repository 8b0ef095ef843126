from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from formats import services, tokens
from formats.models import FormatKind, Registration, RegistrationStatus, SessionStatus
from formats.recurrence import BERLIN
from tests.helpers import spam_fields

from .factories import SessionFactory, audience, kind, make_registration, person

pytestmark = pytest.mark.django_db
S = RegistrationStatus


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def form_data(**overrides):
    data = {
        "name": "Anna Beispiel",
        "email": "anna@example.org",
        "organisation": "Jugendamt",
        "municipality": "Stadt Musterstadt",
        "role": str(audience("fuehrungskraefte").pk),
        "note": "",
        "consent": "on",
        **spam_fields(),
    }
    data.update(overrides)
    return data


# Overview


def test_overview_lists_upcoming_and_explains_formats(client):
    session = SessionFactory(title="Beteiligung wirksam steuern")
    response = client.get(reverse("formats:overview"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Beteiligung wirksam steuern" in content
    for name in ("Lean Coffee", "WOL-Circle", "Kurzimpuls"):
        assert name in content
    assert "https://workingoutloud.com/de/circle-guides" in content
    assert session.room_url not in content
    assert response.context["nav"] == "formate"


def test_overview_filter_by_format(client):
    SessionFactory(title="Impuls A")
    SessionFactory(title="Kaffee B", kind=kind(FormatKind.LEAN_COFFEE))
    response = client.get(reverse("formats:overview"), {"format": "lean-coffee"})
    titles = [s.title for s in response.context["sessions"]]
    assert titles == ["Kaffee B"]


def test_overview_filter_by_audience_includes_sessions_for_everyone(client):
    leaders = SessionFactory(title="Für Führung")
    leaders.audiences.set([audience("fuehrungskraefte")])
    planners = SessionFactory(title="Für Planung")
    planners.audiences.set([audience("planungskraefte")])
    SessionFactory(title="Für alle")
    response = client.get(reverse("formats:overview"), {"zielgruppe": "fuehrungskraefte"})
    assert sorted(s.title for s in response.context["sessions"]) == ["Für Führung", "Für alle"]


def test_overview_filter_by_month_uses_local_time(client):
    # 1 Jan 00:30 in Berlin is still 31 Dec in UTC; 1 Feb 00:30 Berlin is 31 Jan in UTC.
    year = timezone.localdate().year + 1
    SessionFactory(title="Januar", start=datetime(year, 1, 1, 0, 30, tzinfo=BERLIN))
    SessionFactory(title="Februar", start=datetime(year, 2, 1, 0, 30, tzinfo=BERLIN))
    response = client.get(reverse("formats:overview"), {"monat": f"{year}-01"})
    assert [s.title for s in response.context["sessions"]] == ["Januar"]
    assert (f"{year}-02", f"Februar {year}") in response.context["form"].fields[
        "monat"
    ].widget.choices


@pytest.mark.parametrize(
    "params",
    [
        {"format": "gibt-es-nicht"},
        {"zielgruppe": "<script>"},
        {"monat": "2027-13"},
        {"monat": "x" * 5000},
        {"format": ["a", "b"]},
        {"monat": "", "format": "\x00"},
    ],
)
def test_overview_bad_params_never_fail(client, params):
    SessionFactory(title="Bleibt sichtbar")
    response = client.get(reverse("formats:overview"), params)
    assert response.status_code == 200
    assert "Bleibt sichtbar" in response.content.decode()
    assert "ungültigen Wert" in response.content.decode()


def test_overview_hides_past_and_follow_ups(client):
    now = timezone.now()
    SessionFactory(
        title="Vorbei", start=now - timedelta(days=2), end=now - timedelta(days=2, minutes=-45)
    )
    start = SessionFactory(title="Kreisstart", kind=kind(FormatKind.WOL_CIRCLE))
    SessionFactory(
        title="Folgetreffen",
        kind=start.kind,
        parent=start,
        start=start.start + timedelta(days=7),
        end=start.end + timedelta(days=7),
    )
    response = client.get(reverse("formats:overview"))
    titles = [s.title for s in response.context["sessions"]]
    assert titles == ["Kreisstart"]
    assert [s.title for s in response.context["past_sessions"]] == ["Vorbei"]


def test_overview_query_count_does_not_grow(client, django_assert_max_num_queries):
    SessionFactory().audiences.set([audience()])
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("formats:overview"))
    for _ in range(15):
        SessionFactory().audiences.set([audience(), audience("planungskraefte")])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("formats:overview"))


# Session page


def test_session_detail_shows_facts_and_form_without_room_link(client):
    session = SessionFactory(capacity=5, host="Prof. Dr. Impuls")
    make_registration(session, 1)
    response = client.get(session.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "Prof. Dr. Impuls" in content
    assert "4 von 5 Plätzen frei" in content
    assert "45 Minuten" in content
    assert 'action="/formate/termine/' in content
    assert session.room_url not in content


def test_session_detail_past_is_marked_and_has_no_form(client):
    now = timezone.now()
    session = SessionFactory(
        start=now - timedelta(days=3), end=now - timedelta(days=3) + timedelta(minutes=45)
    )
    content = client.get(session.get_absolute_url()).content.decode()
    assert "liegt in der Vergangenheit" in content
    assert "registration-form" not in content


def test_session_detail_full_announces_waiting_list(client):
    session = SessionFactory(capacity=1)
    make_registration(session, 1)
    content = client.get(session.get_absolute_url()).content.decode()
    assert "Ausgebucht" in content
    assert "Auf die Warteliste setzen" in content


def test_session_detail_cancelled_is_marked(client):
    session = SessionFactory(status=SessionStatus.CANCELLED)
    content = client.get(session.get_absolute_url()).content.decode()
    assert "wurde abgesagt" in content
    assert "registration-form" not in content


def test_session_detail_unknown_slug_404(client):
    assert client.get("/formate/termine/gibt-es-nicht/").status_code == 404


def test_session_detail_follow_up_points_to_circle_start(client):
    start = SessionFactory(kind=kind(FormatKind.WOL_CIRCLE))
    follow_up = SessionFactory(
        kind=start.kind,
        parent=start,
        start=start.start + timedelta(days=7),
        end=start.end + timedelta(days=7),
    )
    content = client.get(follow_up.get_absolute_url()).content.decode()
    assert start.get_absolute_url() in content
    assert "registration-form" not in content


# Registration


def test_register_happy_path_redirects_and_mails(client):
    session = SessionFactory()
    response = client.post(
        reverse("formats:register", args=[session.slug]), form_data(), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("formats:registered", args=[session.slug])
    assert "Sie sind angemeldet" in response.content.decode()
    registration = Registration.objects.get()
    assert registration.status == S.CONFIRMED
    assert registration.role.slug == "fuehrungskraefte"
    assert mail.outbox[0].to == ["anna@example.org"]


def test_register_get_redirects_to_form(client):
    session = SessionFactory()
    response = client.get(reverse("formats:register", args=[session.slug]))
    assert response.status_code == 302
    assert response["Location"].endswith("#anmeldung")


def test_register_full_session_puts_on_waiting_list(client):
    session = SessionFactory(capacity=1)
    make_registration(session, 1)
    response = client.post(
        reverse("formats:register", args=[session.slug]), form_data(), follow=True
    )
    assert "Warteliste" in response.content.decode()
    assert Registration.objects.get(email="anna@example.org").status == S.WAITING


def test_register_duplicate_email_keeps_input_and_explains(client):
    session = SessionFactory()
    make_registration(session, 1, email="anna@example.org")
    response = client.post(
        reverse("formats:register", args=[session.slug]),
        form_data(email="ANNA@example.org", note="Meine Frage"),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "schon eine Anmeldung" in content
    assert "Meine Frage" in content
    assert Registration.objects.count() == 1


def test_register_missing_fields_lists_errors_and_keeps_input(client):
    session = SessionFactory()
    response = client.post(
        reverse("formats:register", args=[session.slug]),
        form_data(name="", email="kein-at", consent="", organisation="Bauamt"),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in content
    assert "Datenschutzhinweise gelesen haben" in content
    assert 'value="Bauamt"' in content
    assert 'value="kein-at"' in content
    assert not Registration.objects.exists()


def test_register_unknown_role_rejected(client):
    session = SessionFactory()
    response = client.post(
        reverse("formats:register", args=[session.slug]), form_data(role="99999")
    )
    assert "zu welcher Gruppe Sie gehören" in response.content.decode()
    assert not Registration.objects.exists()


def test_register_too_fast_is_refused_as_spam(client):
    session = SessionFactory()
    response = client.post(
        reverse("formats:register", args=[session.slug]), form_data(**spam_fields(seconds_ago=0))
    )
    assert "automatische" in response.content.decode()
    assert not Registration.objects.exists()


def test_register_autofilled_and_sent_within_two_seconds_is_accepted(client):
    # Browser autofill: a complete form two seconds after it was shown is a person.
    session = SessionFactory()
    response = client.post(
        reverse("formats:register", args=[session.slug]), form_data(**spam_fields(seconds_ago=2))
    )
    assert response.status_code == 302
    assert Registration.objects.filter(session=session).count() == 1


def test_register_deadline_passed_shows_reason(client):
    session = SessionFactory(registration_deadline=timezone.now() - timedelta(minutes=1))
    response = client.post(reverse("formats:register", args=[session.slug]), form_data())
    assert "Anmeldefrist ist abgelaufen" in response.content.decode()
    assert not Registration.objects.exists()


def test_register_tandem_gets_two_seats_with_complementary_role(client):
    session = SessionFactory(capacity=2)
    response = client.post(
        reverse("formats:register", args=[session.slug]),
        form_data(partner_name="Ben Netz", partner_email="ben@example.org"),
    )
    assert response.status_code == 302
    anna, ben = Registration.objects.order_by("pk")
    assert ben.role.slug == "netzwerkkoordinator-innen"
    assert ben.municipality == anna.municipality == "Stadt Musterstadt"
    assert anna.tandem_partner == ben
    assert {anna.status, ben.status} == {S.CONFIRMED}


def test_register_tandem_wrong_role_rejected(client):
    session = SessionFactory(capacity=2)
    response = client.post(
        reverse("formats:register", args=[session.slug]),
        form_data(
            role=str(audience("fachkraefte").pk),
            partner_name="Ben Netz",
            partner_email="ben@example.org",
        ),
    )
    assert "Ein Tandem besteht aus" in response.content.decode()
    assert not Registration.objects.exists()


def test_register_tandem_without_municipality_rejected(client):
    session = SessionFactory(capacity=2)
    response = client.post(
        reverse("formats:register", args=[session.slug]),
        form_data(municipality="", partner_name="Ben", partner_email="ben@example.org"),
    )
    assert "Kommune angeben" in response.content.decode()
    assert not Registration.objects.exists()


def test_register_tandem_with_only_partner_name_asks_for_email(client):
    session = SessionFactory(capacity=2)
    response = client.post(
        reverse("formats:register", args=[session.slug]), form_data(partner_name="Ben")
    )
    assert "E-Mail-Adresse Ihrer Tandem-Partner:in" in response.content.decode()
    assert not Registration.objects.exists()


def test_register_rate_limited_per_ip(client, settings):
    session = SessionFactory(capacity=100)
    for n in range(20):
        client.post(
            reverse("formats:register", args=[session.slug]), form_data(email=f"p{n}@example.org")
        )
    response = client.post(
        reverse("formats:register", args=[session.slug]), form_data(email="late@example.org")
    )
    assert response.status_code == 429
    assert "sehr viele Anmeldungen" in response.content.decode()
    assert not Registration.objects.filter(email="late@example.org").exists()


def test_register_without_csrf_token_refused(db):
    from django.test import Client

    session = SessionFactory()
    response = Client(enforce_csrf_checks=True).post(
        reverse("formats:register", args=[session.slug]), form_data()
    )
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_registered_page_shows_message_once(client):
    session = SessionFactory()
    client.post(reverse("formats:register", args=[session.slug]), form_data())
    first = client.get(reverse("formats:registered", args=[session.slug])).content.decode()
    second = client.get(reverse("formats:registered", args=[session.slug])).content.decode()
    assert "Sie sind angemeldet" in first
    assert "Sie sind angemeldet" not in second


def test_registered_page_does_not_hedge_what_it_just_confirmed(client):
    # The message says "Bestätigung mit allen Zugangsdaten"; the page must not add
    # "sobald Ihr Platz bestätigt ist" to it.
    session = SessionFactory()
    client.post(reverse("formats:register", args=[session.slug]), form_data())
    html = client.get(reverse("formats:registered", args=[session.slug])).content.decode()
    assert "sobald Ihr Platz bestätigt ist" not in html
    assert "Warteliste" not in html  # the page says only what holds for a seat


def test_session_page_title_says_error_after_failed_registration(client):
    session = SessionFactory(title="Netzwerke steuern")
    response = client.post(reverse("formats:register", args=[session.slug]), form_data(name=""))
    assert "<title>Fehler: Netzwerke steuern" in response.content.decode()


# Cancellation by token


def test_cancel_page_shows_registration_and_room_for_confirmed(client):
    registration = make_registration(SessionFactory(), 1)
    response = client.get(reverse("formats:cancel", args=[registration.plain_token]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Person 1" in content
    assert registration.session.room_url in content
    assert "Ja, ich melde mich ab" in content
    assert response["X-Robots-Tag"].startswith("noindex")
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_cancel_waiting_person_sees_no_room(client):
    session = SessionFactory()
    registration = make_registration(session, 1, status=S.WAITING)
    content = client.get(
        reverse("formats:cancel", args=[registration.plain_token])
    ).content.decode()
    assert session.room_url not in content


def test_cancel_post_cancels_and_promotes(client):
    session = SessionFactory(capacity=1)
    first = services.register(session, person(1)).registrations[0]
    second = services.register(session, person(2)).registrations[0]
    mail.outbox.clear()
    response = client.post(reverse("formats:cancel", args=[tokens.token_for(first)]))
    assert "Sie sind abgemeldet" in response.content.decode()
    second.refresh_from_db()
    assert second.status == S.CONFIRMED
    assert any(m.to == ["person2@example.org"] and "nachgerückt" in m.subject for m in mail.outbox)


def test_cancel_get_does_not_cancel(client):
    registration = make_registration(SessionFactory(), 1)
    client.get(reverse("formats:cancel", args=[registration.plain_token]))
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


@pytest.mark.parametrize("token", ["0" * 64, "abc", "x" * 500, "%00"])
def test_cancel_wrong_token_404(client, token):
    make_registration(SessionFactory(), 1)
    response = client.get(f"/formate/abmelden/{token}/")
    assert response.status_code == 404
    assert Registration.objects.get().status == S.CONFIRMED


def test_cancel_token_guessing_rate_limited(client):
    for _ in range(30):
        client.get("/formate/abmelden/" + "0" * 64 + "/")
    assert client.get("/formate/abmelden/" + "0" * 64 + "/").status_code == 429


def test_valid_token_is_not_limited_by_frequent_use(client):
    # A Lean Coffee board refreshes itself every 20 seconds: using a good link often is fine.
    registration = make_registration(SessionFactory(), 1)
    token = registration.plain_token
    for _ in range(40):
        assert client.get(f"/formate/abmelden/{token}/").status_code == 200
    assert Registration.objects.get(pk=registration.pk).status == S.CONFIRMED


def test_token_guessing_blocks_even_valid_tokens_from_that_address(client):
    token = make_registration(SessionFactory(), 1).plain_token
    for _ in range(30):
        client.get("/formate/abmelden/" + "0" * 64 + "/")
    assert client.get(f"/formate/abmelden/{token}/").status_code == 429


def test_cancel_past_session_offers_no_button(client):
    now = timezone.now()
    session = SessionFactory(
        start=now - timedelta(days=1), end=now - timedelta(days=1) + timedelta(hours=1)
    )
    registration = make_registration(session, 1)
    response = client.post(reverse("formats:cancel", args=[registration.plain_token]))
    assert "Ja, ich melde mich ab" not in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_cancel_already_cancelled_says_so(client):
    registration = make_registration(SessionFactory(), 1, status=S.CANCELLED)
    content = client.post(
        reverse("formats:cancel", args=[registration.plain_token])
    ).content.decode()
    assert "ist storniert" in content


def test_circle_session_explains_that_its_seats_make_several_circles(client):
    # "10 von 10 Plätzen frei" beside "Kreisgröße bis zu 5" read as a contradiction (issue 17).
    from formats.models import FormatKind

    session = SessionFactory(kind=kind(FormatKind.WOL_CIRCLE), capacity=10)
    content = client.get(session.get_absolute_url()).content.decode()
    circle_size = kind(FormatKind.WOL_CIRCLE).circle_size
    assert (
        f"10 von 10 Plätzen frei</strong> – in Kreisen zu höchstens {circle_size} Personen"
        in content
    )
