import csv
import io
from datetime import time, timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from formats.models import (
    Circle,
    FormatKind,
    Registration,
    RegistrationStatus,
    Series,
    Session,
    SessionStatus,
)

from .factories import SeriesFactory, SessionFactory, audience, kind, make_registration

pytestmark = pytest.mark.django_db
S = RegistrationStatus


@pytest.fixture
def team_client(client):
    user = User.objects.create_user("team", "team@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Initiativteam"))
    client.force_login(user)
    return client


def test_session_changelist_shows_seat_columns(admin_client):
    session = SessionFactory(capacity=4, title="Sitzplätze")
    make_registration(session, 1)
    make_registration(session, 2)
    make_registration(session, 3, status=S.WAITING)
    make_registration(session, 4, status=S.CANCELLED)
    response = admin_client.get(reverse("admin:formats_session_changelist"))
    assert response.status_code == 200
    row = next(r for r in response.context["cl"].result_list if r.pk == session.pk)
    assert (row.confirmed_count, row.waiting_count, row.seats_left) == (2, 1, 2)
    content = response.content.decode()
    for header in ("Angemeldet", "Warteliste", "Frei"):
        assert f">{header}<" in content or f">{header}</a>" in content


def test_session_changelist_query_count_does_not_grow(admin_client, django_assert_max_num_queries):
    make_registration(SessionFactory(), 1)
    url = reverse("admin:formats_session_changelist")
    with django_assert_max_num_queries(30) as few:
        admin_client.get(url)
    for n in range(12):
        make_registration(SessionFactory(), n + 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client.get(url)


def test_session_change_page_lists_registrations(admin_client):
    session = SessionFactory()
    make_registration(session, 1, name="Zora Inline")
    response = admin_client.get(reverse("admin:formats_session_change", args=[session.pk]))
    assert "Zora Inline" in response.content.decode()


def test_export_participants_csv_for_german_excel(admin_client):
    session = SessionFactory(title="Export")
    make_registration(session, 1, name="Jörg Müller", organisation='=HYPERLINK("x")', note="a;b")
    make_registration(session, 2, status=S.WAITING)
    response = admin_client.post(
        reverse("admin:formats_session_changelist"),
        {"action": "export_participants", "_selected_action": [session.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Termin", "Beginn", "Status", "Name"]
    assert len(rows) == 3
    by_name = {row[3]: row for row in rows[1:]}
    assert by_name["Jörg Müller"][2] == "bestätigt"
    assert by_name["Jörg Müller"][5] == '\'=HYPERLINK("x")'
    assert by_name["Jörg Müller"][11] == "a;b"
    assert by_name["Person 2"][2] == "Warteliste"


def test_series_generate_view_creates_sessions(admin_client):
    series = SeriesFactory(slug="regel")
    url = reverse("admin:formats_series_generate", args=[series.pk])
    assert admin_client.get(url).status_code == 200
    first = timezone.localdate() + timedelta(days=7)
    response = admin_client.post(
        url,
        {
            "first_date": first.isoformat(),
            "start_time": "12:30",
            "end_time": "13:15",
            "count": "4",
            "rhythm": "w2",
            "capacity": "",
            "host": "Team",
            "room_url": "",
            "deadline_hours": "",
        },
    )
    assert response.status_code == 302
    sessions = list(series.sessions.order_by("start"))
    assert len(sessions) == 4
    assert (sessions[1].start - sessions[0].start).days in (13, 14)
    assert {timezone.localtime(s.start).strftime("%H:%M") for s in sessions} == {"12:30"}


def test_series_generate_view_past_date_and_bad_times_rejected(admin_client):
    series = SeriesFactory(slug="falsch")
    response = admin_client.post(
        reverse("admin:formats_series_generate", args=[series.pk]),
        {
            "first_date": "2000-01-01",
            "start_time": "13:00",
            "end_time": "12:00",
            "count": "999",
            "rhythm": "w1",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"first_date", "end_time", "count"} <= set(errors)
    assert not series.sessions.exists()


def test_series_generate_view_wol_without_end_uses_kind_duration(admin_client):
    series = SeriesFactory(slug="wol-regel", kind=kind(FormatKind.WOL_CIRCLE))
    admin_client.post(
        reverse("admin:formats_series_generate", args=[series.pk]),
        {
            "first_date": (timezone.localdate() + timedelta(days=7)).isoformat(),
            "start_time": "08:00",
            "count": "12",
            "rhythm": "w1",
        },
    )
    assert series.sessions.count() == 12
    assert series.sessions.filter(parent__isnull=True).count() == 1
    assert {s.duration_minutes for s in series.sessions.all()} == {60}


def test_series_add_redirects_to_rule_form(admin_client):
    response = admin_client.post(
        reverse("admin:formats_series_add"),
        {
            "title": "Neue Reihe",
            "slug": "neue-reihe",
            "kind": kind().pk,
            "description": "",
            "sessions-TOTAL_FORMS": "0",
            "sessions-INITIAL_FORMS": "0",
        },
    )
    series = Series.objects.get(slug="neue-reihe")
    assert response["Location"] == reverse("admin:formats_series_generate", args=[series.pk])


def test_cancel_sessions_action_asks_then_tells_everyone(admin_client):
    session = SessionFactory()
    make_registration(session, 1)
    url = reverse("admin:formats_session_changelist")
    confirm = admin_client.post(
        url, {"action": "cancel_sessions", "_selected_action": [session.pk]}
    )
    assert "Ja, absagen" in confirm.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED
    admin_client.post(
        url,
        {
            "action": "cancel_sessions",
            "_selected_action": [session.pk],
            "confirmed": "ja",
            "reason": "Krank",
        },
    )
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert "Krank" in mail.outbox[0].body


def test_capacity_raised_in_admin_promotes_waiting(admin_client):
    session = SessionFactory(capacity=1)
    make_registration(session, 1)
    waiting = make_registration(session, 2, status=S.WAITING)
    response = admin_client.get(reverse("admin:formats_session_change", args=[session.pk]))
    form = response.context["adminform"].form
    post = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name == "slides":
            continue  # no file: the browser sends nothing
        if name in ("audiences", "topics"):
            post[name] = [obj.pk for obj in value] if value else []
        elif name in ("start", "end", "registration_deadline"):
            if value:
                local = timezone.localtime(value)
                post[f"{name}_0"], post[f"{name}_1"] = (
                    local.strftime("%d.%m.%Y"),
                    local.strftime("%H:%M:%S"),
                )
        elif value is not None and value is not False:
            post[name] = value.pk if hasattr(value, "pk") else value
    post.update(
        {"capacity": 2, "registrations-TOTAL_FORMS": "0", "registrations-INITIAL_FORMS": "0"}
    )
    response = admin_client.post(reverse("admin:formats_session_change", args=[session.pk]), post)
    assert response.status_code == 302, response.context["adminform"].form.errors
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED


def test_registration_admin_cancel_action_promotes(admin_client):
    session = SessionFactory(capacity=1)
    first = make_registration(session, 1)
    waiting = make_registration(session, 2, status=S.WAITING)
    admin_client.post(
        reverse("admin:formats_registration_changelist"),
        {"action": "cancel_registrations", "_selected_action": [first.pk]},
    )
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED


def test_registration_admin_cannot_add(admin_client):
    assert admin_client.get(reverse("admin:formats_registration_add")).status_code == 403


def test_registration_admin_circle_full_rejected(admin_client):
    session = SessionFactory(kind=kind(FormatKind.WOL_CIRCLE), capacity=10)
    circle = Circle.objects.create(session=session, name="Kreis 1")
    for n in range(5):
        make_registration(session, n, circle=circle)
    sixth = make_registration(session, 9)
    response = admin_client.post(
        reverse("admin:formats_registration_change", args=[sixth.pk]),
        {"circle": circle.pk, "note": ""},
    )
    assert response.status_code == 200
    assert "ist voll" in response.content.decode()
    sixth.refresh_from_db()
    assert sixth.circle is None


def test_form_circles_action_creates_mixed_circles(admin_client):
    session = SessionFactory(kind=kind(FormatKind.WOL_CIRCLE), capacity=10)
    for n in range(7):
        make_registration(session, n)
    admin_client.post(
        reverse("admin:formats_session_changelist"),
        {"action": "form_circles", "_selected_action": [session.pk]},
    )
    sizes = sorted(c.members.count() for c in session.circles.all())
    assert sizes == [3, 4]


def test_send_dates_action_mails_each_member_all_meetings(admin_client):
    start = SessionFactory(kind=kind(FormatKind.WOL_CIRCLE), capacity=5)
    for week in range(1, 12):
        SessionFactory(
            kind=start.kind,
            parent=start,
            start=start.start + timedelta(weeks=week),
            end=start.end + timedelta(weeks=week),
        )
    circle = Circle.objects.create(
        session=start, name="Kreis 1", room_url="https://raum.example.org/kreis1"
    )
    for n in range(3):
        make_registration(start, n, circle=circle)
    admin_client.post(
        reverse("admin:formats_circle_changelist"),
        {"action": "send_dates", "_selected_action": [circle.pk]},
    )
    assert len(mail.outbox) == 3
    ics = mail.outbox[0].attachments[0][1]
    assert ics.count("BEGIN:VEVENT") == 12
    assert "https://raum.example.org/kreis1" in mail.outbox[0].body
    assert "Person 2" in mail.outbox[0].body
    circle.refresh_from_db()
    assert circle.dates_sent_at is not None


def test_team_group_can_run_formats_but_not_edit_registrations_by_hand(team_client):
    session = SessionFactory()
    registration = make_registration(session, 1)
    assert team_client.get(reverse("admin:formats_session_changelist")).status_code == 200
    assert team_client.get(reverse("admin:formats_series_add")).status_code == 200
    response = team_client.get(reverse("admin:formats_registration_change", args=[registration.pk]))
    assert response.status_code == 200
    assert "email" not in response.context["adminform"].form.fields
    assert (
        team_client.get(
            reverse("admin:formats_registration_delete", args=[registration.pk])
        ).status_code
        == 403
    )


def test_mark_held_only_past_sessions(admin_client):
    now = timezone.now()
    past = SessionFactory(
        start=now - timedelta(days=1), end=now - timedelta(days=1) + timedelta(hours=1)
    )
    future = SessionFactory()
    admin_client.post(
        reverse("admin:formats_session_changelist"),
        {"action": "mark_held", "_selected_action": [past.pk, future.pk]},
    )
    assert Session.objects.get(pk=past.pk).status == SessionStatus.HELD
    assert Session.objects.get(pk=future.pk).status == SessionStatus.PLANNED


def test_registration_list_filters_and_search(admin_client):
    make_registration(SessionFactory(), 1, name="Findbar", role="planungskraefte")
    response = admin_client.get(reverse("admin:formats_registration_changelist"), {"q": "Findbar"})
    assert "Findbar" in response.content.decode()
    assert Registration.objects.get().role == audience("planungskraefte")


def test_notify_changed_action_sends_updated_calendar_entry(admin_client):
    session = SessionFactory()
    make_registration(session, 1)
    make_registration(session, 2, status=S.WAITING)
    session.refresh_from_db()
    session.start += timedelta(hours=1)
    session.end += timedelta(hours=1)
    session.save()
    admin_client.post(
        reverse("admin:formats_session_changelist"),
        {"action": "notify_changed", "_selected_action": [session.pk]},
    )
    assert len(mail.outbox) == 2
    confirmed = next(m for m in mail.outbox if m.to == ["person1@example.org"])
    waiting = next(m for m in mail.outbox if m.to == ["person2@example.org"])
    assert confirmed.subject.startswith("Geändert")
    assert session.room_url in confirmed.body
    assert session.room_url not in waiting.body
    assert not waiting.attachments
    ics = confirmed.attachments[0][1]
    assert f"UID:{session.uid}" in ics and "SEQUENCE:1" in ics


@pytest.mark.parametrize("object_id", ["abc", "999999", "1%00"])
def test_series_generate_view_with_bad_id_is_not_a_server_error(admin_client, object_id):
    response = admin_client.get(f"/verwaltung/formats/series/{object_id}/termine-erzeugen/")
    assert response.status_code in {302, 404}


def test_admin_send_dates_holds_back_circles_that_would_share_a_room(admin_client):
    session = SessionFactory(kind=kind(FormatKind.WOL_CIRCLE), capacity=20)
    first = Circle.objects.create(session=session, name="Kreis 1", weekday=1, start_time=time(12))
    second = Circle.objects.create(session=session, name="Kreis 2", weekday=1, start_time=time(12))
    other_time = Circle.objects.create(
        session=session, name="Kreis 3", weekday=2, start_time=time(12)
    )
    for n, circle in enumerate([first, second, other_time]):
        member = make_registration(session, n)
        member.circle = circle
        member.save()
    url = reverse("admin:formats_circle_changelist")
    action = {"action": "send_dates", "_selected_action": [first.pk, second.pk, other_time.pk]}
    response = admin_client.post(url, action, follow=True)
    html = response.content.decode()
    assert "im selben Online-Raum" in html and "eigenen" in html
    assert [m.to for m in mail.outbox] == [["person2@example.org"]]
    first.refresh_from_db()
    assert first.dates_sent_at is None

    # With a room of its own each circle gets its dates.
    second.room_url = "https://raum.example.org/kreis-2"
    second.save()
    mail.outbox.clear()
    response = admin_client.post(url, {**action, "_selected_action": [first.pk, second.pk]})
    assert len(mail.outbox) == 2
    to_second = next(m for m in mail.outbox if m.to == ["person1@example.org"])
    assert "https://raum.example.org/kreis-2" in to_second.body
    assert session.room_url not in to_second.body
