"""WOL circles, self-organised: goal and time windows at registration, own circles, the guide."""

import re
from datetime import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from icalendar import Calendar

from formats import circles, emails, services, time_windows, wol_guide
from formats.models import Circle, FormatKind, Registration, RegistrationStatus

from .factories import SessionFactory, kind, make_registration, person
from .test_views import form_data

pytestmark = pytest.mark.django_db

TUE_NOON = "1-12:00"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def wol_start(**kwargs):
    kwargs.setdefault("capacity", 20)
    return SessionFactory(kind=kind(FormatKind.WOL_CIRCLE), title="Kreisstart Test", **kwargs)


def wol_data(**overrides):
    data = form_data(
        goal="Ein Netzwerk für die Sozialplanung aufbauen",
        circle_choice="zeitfenster",
        time_windows=[TUE_NOON, "3-08:00"],
    )
    data.update(overrides)
    return data


def post(client, session, data):
    return client.post(reverse("formats:register", args=[session.slug]), data)


# Time windows


def test_time_window_parse_roundtrip_and_rejects_junk():
    window = time_windows.parse("1-12:00")
    assert window == time_windows.Window(1, time(12))
    assert window.code == "1-12:00"
    assert window.label(60) == "dienstags, 12:00–13:00 Uhr"
    for junk in ["", "7-12:00", "1-25:00", "1-12", "x-12:00", "1-12:00:30", None, 3]:
        assert time_windows.parse(junk) is None


def test_time_window_grid_adds_the_start_time_once():
    extra = time_windows.Window(1, time(12, 30))
    days = dict(time_windows.grid(extra))
    assert extra in days[1]
    assert len(days[1]) == len(time_windows.GRID_TIMES) + 1
    assert len(dict(time_windows.grid(time_windows.Window(1, time(12))))[1]) == 5


# Registration form


def test_wol_form_shows_goal_windows_and_no_tandem(client):
    html = client.get(wol_start().get_absolute_url()).content.decode()
    assert "Ihr Ziel für die zwölf Wochen" in html
    assert 'name="time_windows" value="1-12:00"' in html
    assert "Selbst einen Kreis starten" in html
    assert "Tandem" not in html.split('id="anmeldung"')[1]


def test_wol_register_stores_goal_windows_and_facilitation(client):
    session = wol_start()
    response = post(client, session, wol_data(wants_to_facilitate="on"))
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.goal == "Ein Netzwerk für die Sozialplanung aufbauen"
    assert registration.time_windows == [TUE_NOON, "3-08:00"]
    assert registration.wants_to_facilitate is True
    assert registration.circle is None
    body = mail.outbox[0].body
    assert "dienstags, 12:00–12:45 Uhr" in body  # the start's meetings last 45 minutes
    assert "Ihr Ziel: Ein Netzwerk für die Sozialplanung aufbauen" in body


def test_wol_register_without_goal_or_windows_lists_errors_and_keeps_input(client):
    session = wol_start()
    response = post(client, session, wol_data(goal="", time_windows=[]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_goal"' in html
    assert 'href="#id_time_windows_0"' in html
    assert "mindestens ein Zeitfenster" in html
    assert 'value="Anna Beispiel"' in html
    assert not Registration.objects.exists()


def test_wol_register_unknown_window_rejected(client):
    response = post(client, wol_start(), wol_data(time_windows=["6-03:00"]))
    assert "Bitte nur Zeitfenster aus der Liste wählen." in response.content.decode()
    assert not Registration.objects.exists()


def test_wol_register_keeps_ticked_windows_after_error(client):
    html = post(client, wol_start(), wol_data(name="")).content.decode()
    assert 'value="1-12:00" id="id_time_windows_' in html
    checked = html.split('value="1-12:00"')[1].split(">")[0]
    assert "checked" in checked


def test_wol_register_goal_too_long_or_with_markup_is_handled(client):
    session = wol_start()
    html = post(client, session, wol_data(goal="x" * 501)).content.decode()
    assert "höchstens 500 Zeichen" in html
    post(client, session, wol_data(goal="<script>alert(1)</script> Ziel"))
    registration = Registration.objects.get()
    assert registration.goal == "<script>alert(1)</script> Ziel"  # stored as text
    assert "<script>alert(1)</script>" not in mail.outbox[0].alternatives[0][0]


# Starting and joining a circle


def test_wol_start_own_circle_makes_starter_facilitator_and_lists_it_after_release(
    client, settings
):
    session = wol_start()
    response = post(
        client,
        session,
        wol_data(
            circle_choice="neu",
            time_windows=[],
            new_weekday="3",
            new_time="17:30",
            new_theme="Beteiligung im ländlichen Raum",
        ),
    )
    assert response.status_code == 302
    circle = Circle.objects.get()
    starter = Registration.objects.get()
    assert (circle.weekday, circle.start_time) == (3, time(17, 30))
    assert circle.facilitator == starter == circle.started_by
    assert starter.circle == circle
    to_starter = next(m for m in mail.outbox if m.to == [starter.email])
    assert "Sie moderieren den Kreis" in to_starter.body
    assert "nach einer kurzen Prüfung" in to_starter.body
    (event,) = Calendar.from_ical(to_starter.attachments[0][1]).walk("VEVENT")
    assert event["RRULE"]["FREQ"] == ["WEEKLY"] and event["RRULE"]["COUNT"] == [12]
    assert event.decoded("DTSTART").hour == 17 and event.decoded("DTSTART").minute == 30
    to_team = next(m for m in mail.outbox if m.to == [settings.TEAM_EMAIL])
    assert "Beteiligung im ländlichen Raum" in to_team.body
    assert reverse("admin:formats_circle_change", args=[circle.pk]) in to_team.body

    # Unlisted and closed to others until the team has checked the theme.
    assert not circle.is_open and circle.awaits_release
    assert circles.open_circles(session) == []
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Beteiligung im ländlichen Raum" not in page

    assert circles.release_circle(circle) is True
    assert circle.is_open and not circle.awaits_release
    assert circles.release_circle(circle) is False  # twice changes nothing
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Beteiligung im ländlichen Raum" in page
    assert "donnerstags, 17:30" in page
    assert starter.name not in page  # members stay private


def test_wol_release_admin_action_lists_the_circle(admin_client):
    session = wol_start()
    starter = services.register(session, person(1)).registrations[0]
    circle = circles.start_circle(starter, weekday=1, start_time=time(12), theme="Daten")
    assert circles.open_circles(session) == []
    admin_client.post(
        reverse("admin:formats_circle_changelist"),
        {"action": "release", "_selected_action": [circle.pk]},
    )
    circle.refresh_from_db()
    assert circle.is_open and circle.released_at is not None
    assert circles.open_circles(session) == [circle]


def test_wol_start_own_circle_needs_weekday_and_time(client):
    html = post(
        client, wol_start(), wol_data(circle_choice="neu", new_weekday="", new_time="")
    ).content.decode()
    assert "Bitte wählen Sie den Wochentag Ihres Kreises." in html
    assert "Bitte geben Sie die Uhrzeit an" in html
    assert not Circle.objects.exists()


def test_wol_start_own_circle_bad_time_keeps_input(client):
    html = post(
        client,
        wol_start(),
        wol_data(circle_choice="neu", new_weekday="2", new_time="halb zwölf", new_theme="Agil"),
    ).content.decode()
    assert "Bitte eine Uhrzeit wie 12:00 angeben." in html
    assert 'value="halb zwölf"' in html and 'value="Agil"' in html


def test_wol_join_open_circle(client):
    session = wol_start()
    starter = services.register(session, person(1)).registrations[0]
    circle = circles.start_circle(starter, weekday=1, start_time=time(12), theme="Daten")
    circles.release_circle(circle)  # the team checked its theme
    response = post(client, session, wol_data(circle_choice=f"kreis-{circle.pk}"))
    assert response.status_code == 302
    joined = Registration.objects.get(email="anna@example.org")
    assert joined.circle == circle
    assert joined.time_windows == []  # the circle's time is fixed; windows are not needed
    assert "Ihr Kreis: Kreis 1 – Daten" in mail.outbox[-1].body


def test_wol_join_self_started_circle_tells_its_starter_and_sends_joiner_the_calendar(client):
    session = wol_start()
    starter = services.register(session, person(1)).registrations[0]
    circle = circles.start_circle(starter, weekday=3, start_time=time(17, 30), theme="Daten")
    circles.release_circle(circle)  # the team checked its theme
    mail.outbox.clear()
    post(client, session, wol_data(circle_choice=f"kreis-{circle.pk}"))
    joiner = Registration.objects.get(email="anna@example.org")
    to_starter, to_joiner = sorted(mail.outbox, key=lambda m: m.to != [starter.email])
    assert to_starter.to == [starter.email]
    assert to_starter.subject == "Neu in Ihrem WOL-Kreis: Anna Beispiel"
    assert f"{joiner.name} ({joiner.organisation}" in to_starter.body
    assert f"Ziel: {joiner.goal}" in to_starter.body
    assert "jetzt 2 von höchstens 5 Personen" in to_starter.body
    assert "noch 3 weitere Personen beitreten" in to_starter.body
    assert "donnerstags, 17:30" in to_starter.body
    assert joiner.email not in to_starter.body  # the address stays with us
    assert not to_starter.attachments
    assert to_joiner.to == [joiner.email]
    (event,) = Calendar.from_ical(to_joiner.attachments[0][1]).walk("VEVENT")
    assert event["RRULE"]["FREQ"] == ["WEEKLY"] and event["RRULE"]["COUNT"] == [12]
    assert (event.decoded("DTSTART").hour, event.decoded("DTSTART").minute) == (17, 30)


def test_wol_join_mail_goes_to_the_facilitator_else_the_starter_while_they_have_a_seat():
    session = wol_start()
    starter = services.register(session, person(1)).registrations[0]
    circle = circles.start_circle(starter, weekday=1, start_time=time(12), theme="")
    circles.release_circle(circle)  # the team checked its theme
    second = services.register(session, person(2), join_circle=circle).registrations[0]
    # The team hands the facilitation to the second member: they hear of the next.
    circle.facilitator = second
    circle.save()
    mail.outbox.clear()
    services.register(session, person(3), join_circle=circle)
    assert {tuple(m.to) for m in mail.outbox} == {(second.email,), ("person3@example.org",)}
    # The facilitator cancels: the role is open, so the starter hears.
    services.cancel(second)
    mail.outbox.clear()
    services.register(session, person(4), join_circle=circle)
    assert {tuple(m.to) for m in mail.outbox} == {(starter.email,), ("person4@example.org",)}
    # Nobody left who runs it: only the joiner's confirmation.
    services.cancel(starter)
    mail.outbox.clear()
    services.register(session, person(5), join_circle=circle)
    assert [m.to for m in mail.outbox] == [["person5@example.org"]]


def test_wol_join_refused_sends_nobody_a_mail(settings):
    settings.MAIL_DELIVERY = "queue"
    from mailer.models import Message

    session = wol_start()
    starter = services.register(session, person(1)).registrations[0]
    circle = circles.start_circle(starter, weekday=1, start_time=time(12), theme="")
    circles.release_circle(circle)  # the team checked its theme
    for n in range(2, 6):
        make_registration(session, n, circle=circle)
    queued = Message.objects.count()
    with pytest.raises(services.CircleUnavailable):
        services.register(session, person(9), join_circle=circle)
    assert Message.objects.count() == queued


def test_wol_join_mail_is_queued_with_the_join_or_not_at_all(settings, monkeypatch):
    # Same transaction: when the joiner's own confirmation cannot be rendered, neither
    # the membership nor the starter's mail is kept.
    settings.MAIL_DELIVERY = "queue"
    from mailer.models import Message

    session = wol_start()
    starter = services.register(session, person(1)).registrations[0]
    circle = circles.start_circle(starter, weekday=1, start_time=time(12), theme="")
    circles.release_circle(circle)  # the team checked its theme
    queued = Message.objects.count()
    original = emails.send_registration_received

    def broken(registration):
        raise RuntimeError("rendering failed")

    monkeypatch.setattr(emails, "send_registration_received", broken)
    with pytest.raises(RuntimeError):
        services.register(session, person(2), join_circle=circle)
    assert Message.objects.count() == queued
    assert circle.members.count() == 1
    monkeypatch.setattr(emails, "send_registration_received", original)
    services.register(session, person(2), join_circle=circle)
    assert Message.objects.count() == queued + 2


def test_wol_join_full_circle_is_refused_and_keeps_input(client):
    session = wol_start()
    starter = services.register(session, person(1)).registrations[0]
    circle = circles.start_circle(starter, weekday=1, start_time=time(12), theme="")
    circles.release_circle(circle)  # the team checked its theme
    for n in range(2, 6):
        make_registration(session, n, circle=circle)
    html = post(client, session, wol_data(circle_choice=f"kreis-{circle.pk}")).content.decode()
    assert "nicht mehr offen" in html
    assert 'value="Anna Beispiel"' in html
    assert not Registration.objects.filter(email="anna@example.org").exists()


def test_wol_join_service_refuses_last_place_taken_meanwhile():
    session = wol_start()
    starter = services.register(session, person(1)).registrations[0]
    circle = circles.start_circle(starter, weekday=1, start_time=time(12), theme="")
    circles.release_circle(circle)  # the team checked its theme
    for n in range(2, 6):
        make_registration(session, n, circle=circle)
    with pytest.raises(services.CircleUnavailable):
        services.register(session, person(9), join_circle=circle)
    assert not Registration.objects.filter(email="person9@example.org").exists()


def test_wol_join_without_seat_is_refused():
    session = wol_start(capacity=1)
    starter = services.register(session, person(1)).registrations[0]
    circle = circles.start_circle(starter, weekday=1, start_time=time(12), theme="")
    circles.release_circle(circle)  # the team checked its theme
    with pytest.raises(services.CircleUnavailable):
        services.register(session, person(2), join_circle=circle)
    assert circle.members.count() == 1


def test_wol_facilitator_who_cancels_leaves_the_role_open():
    session = wol_start()
    starter = services.register(session, person(1)).registrations[0]
    circle = circles.start_circle(starter, weekday=1, start_time=time(12), theme="")
    circles.release_circle(circle)  # the team checked its theme
    services.cancel(starter)
    circle.refresh_from_db()
    assert circle.facilitator is None


def test_open_circles_hide_full_closed_and_sent_ones():
    session = wol_start()
    people = [make_registration(session, n) for n in range(8)]
    open_one = circles.start_circle(people[0], weekday=1, start_time=time(12), theme="")
    full = circles.start_circle(people[1], weekday=2, start_time=time(12), theme="")
    circles.release_circle(full)
    for member in people[2:6]:
        circles.join_circle(member, full)
    sent = circles.start_circle(people[6], weekday=3, start_time=time(12), theme="")
    for circle in (open_one, full, sent):
        circles.release_circle(circle)
    # Started but not yet released by the team: not listed.
    circles.start_circle(people[7], weekday=4, start_time=time(12), theme="")
    circles.send_circle_dates(sent)
    assert circles.open_circles(session) == [open_one]
    assert circles.open_circles(session)[0].places_left == 4


# Circle dates and calendar


def test_circle_dates_mail_has_time_members_goals_facilitator_and_recurring_event():
    session = wol_start()
    members = [
        make_registration(session, n, time_windows=[TUE_NOON], goal=f"Ziel {n}") for n in range(3)
    ]
    (circle,) = circles.form_circles(session).created
    mail.outbox.clear()
    assert circles.send_circle_dates(circle) == 3
    first = next(m for m in mail.outbox if m.to == [members[0].email])
    assert "dienstags, 12:00–12:45 Uhr" in first.body
    assert "Ziel 1" in first.body and "Ziel 2" in first.body
    assert "Person 0 (Amt 0, Stadt 0) – Moderation" in first.body
    assert "Sie moderieren den Kreis" in first.body
    assert reverse("formats:wol_guide") in first.body
    calendar = Calendar.from_ical(first.attachments[0][1])
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == circle.calendar_uid
    assert event["RRULE"]["COUNT"] == [12]
    assert session.room_url in str(event["DESCRIPTION"])


def test_circle_calendar_new_time_raises_sequence(admin_client):
    session = wol_start()
    member = make_registration(session, 1)
    circle = Circle.objects.create(session=session, name="Kreis 1", weekday=1, start_time=time(12))
    member.circle = circle
    member.save()
    before = Calendar.from_ical(emails.calendar_for(member)).walk("VEVENT")[0]["SEQUENCE"]
    admin_client.post(
        reverse("admin:formats_circle_change", args=[circle.pk]),
        {
            "session": session.pk,
            "name": "Kreis 1",
            "theme": "",
            "weekday": "2",
            "start_time": "09:00",
            "room_url": "",
            "note": "",
            "facilitator": "",
            "members-TOTAL_FORMS": "0",
            "members-INITIAL_FORMS": "0",
        },
    )
    circle.refresh_from_db()
    member.refresh_from_db()
    assert circle.weekday == 2
    event = Calendar.from_ical(emails.calendar_for(member)).walk("VEVENT")[0]
    assert event["SEQUENCE"] == before + 1
    assert event.decoded("DTSTART").hour == 9


def test_cancel_page_of_circle_member_lists_the_circles_own_dates(client):
    session = wol_start()
    member = make_registration(session, 1)
    circle = Circle.objects.create(session=session, name="Kreis 1", weekday=4, start_time=time(8))
    member.circle = circle
    member.save()
    html = client.get(reverse("formats:cancel", args=[member.plain_token])).content.decode()
    assert html.count("08:00 Uhr") == 12


# The 12-week guide


def test_wol_guide_has_twelve_weeks_in_order():
    weeks = wol_guide.weeks()
    assert [w.number for w in weeks] == list(range(1, 13))
    assert all(w.title and w.focus and w.tasks and w.question for w in weeks)


def test_wol_guide_overview_explains_facilitation_and_links_every_week(client):
    html = client.get(reverse("formats:wol_guide")).content.decode()
    assert "Die Moderation im Kreis" in html
    for number in range(1, 13):
        assert reverse("formats:wol_guide_week", args=[number]) in html
    assert "workingoutloud.com" in html


def test_wol_guide_week_page_links_neighbours_and_official_guide(client):
    html = client.get(reverse("formats:wol_guide_week", args=[2])).content.decode()
    assert "Woche 2 von 12" in html
    assert reverse("formats:wol_guide_week", args=[1]) in html
    assert reverse("formats:wol_guide_week", args=[3]) in html
    assert "workingoutloud.com" in html


@pytest.mark.parametrize("number", [0, 13, 999])
def test_wol_guide_unknown_week_404(client, number):
    assert client.get(reverse("formats:wol_guide_week", args=[number])).status_code == 404


def test_registration_waiting_for_circle_start_gets_no_circle():
    session = wol_start(capacity=1)
    services.register(session, person(1))
    waiting = services.register(session, person(2, time_windows=[TUE_NOON])).registrations[0]
    assert waiting.status == RegistrationStatus.WAITING
    assert waiting.time_windows == [TUE_NOON]


@pytest.mark.parametrize("start", ["06:30", "19:30", "23:00", "00:00"])
def test_wol_start_own_circle_outside_working_hours_refused_and_keeps_input(client, start):
    session = wol_start()  # meetings last 45 minutes
    html = post(
        client,
        session,
        wol_data(circle_choice="neu", new_weekday="2", new_time=start, new_theme="Agil"),
    ).content.decode()
    assert "Bitte eine Uhrzeit zwischen 07:00 und 20:00 Uhr wählen" in html
    assert f'value="{start}"' in html and 'value="Agil"' in html
    assert not Circle.objects.exists() and not Registration.objects.exists()


@pytest.mark.parametrize(("weekday", "start"), [("0", "07:00"), ("4", "19:15")])
def test_wol_start_own_circle_at_the_edges_of_working_hours_accepted(client, weekday, start):
    response = post(
        client,
        wol_start(),
        wol_data(circle_choice="neu", time_windows=[], new_weekday=weekday, new_time=start),
    )
    assert response.status_code == 302
    circle = Circle.objects.get()
    assert circle.weekday == int(weekday) and f"{circle.start_time:%H:%M}" == start


def test_wol_start_own_circle_on_a_weekend_refused(client):
    html = post(
        client, wol_start(), wol_data(circle_choice="neu", new_weekday="5", new_time="10:00")
    ).content.decode()
    assert "Bitte wählen Sie den Wochentag Ihres Kreises." in html or "gültige" in html
    assert not Circle.objects.exists()


def test_wol_start_own_circle_time_picker_offers_only_working_hours(client):
    session = wol_start()  # meetings last 45 minutes: the latest start is 19:15
    html = client.get(session.get_absolute_url()).content.decode()
    field = re.search(r'<input[^>]*name="new_time"[^>]*>', html).group(0)
    assert 'min="07:00"' in field and 'max="19:15"' in field
