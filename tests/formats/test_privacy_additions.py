"""The new personal data of the formats (WOL goal and windows, own circles, feedback)
in the DSGVO export and erasure and in the retention purge."""

import json
from datetime import time, timedelta

import pytest
from django.utils import timezone

from feedback import dsgvo
from formats import circles, privacy, retention, services
from formats.models import Circle, FormatKind, TalkFeedback
from kommune360.retention import months_before

from .factories import SessionFactory, kind, make_registration

pytestmark = pytest.mark.django_db


def wol_start(**kwargs):
    return SessionFactory(kind=kind(FormatKind.WOL_CIRCLE), capacity=20, **kwargs)


def ended(months, **kwargs):
    end = months_before(timezone.now(), months) - timedelta(hours=1)
    return SessionFactory(start=end - timedelta(minutes=45), end=end, **kwargs)


def test_export_holds_goal_windows_facilitation_own_circle_and_feedback():
    start = wol_start()
    member = make_registration(
        start,
        1,
        email="anna@example.org",
        goal="Netzwerk aufbauen",
        time_windows=["1-12:00"],
        wants_to_facilitate=True,
    )
    circles.start_circle(member, weekday=1, start_time=time(12), theme="Sozialplanung")
    talk = SessionFactory(
        start=timezone.now() - timedelta(hours=3), end=timezone.now() - timedelta(hours=2)
    )
    listener = make_registration(talk, 2, email="anna@example.org")
    services.give_feedback(listener, 4, "Hilfreich")
    data = dsgvo.export_for_email("anna@example.org")["bereiche"]["formats"]["daten"]
    by_id = {entry["id"]: entry for entry in data["anmeldungen"]}
    wol = by_id[member.pk]
    assert wol["ziel"] == "Netzwerk aufbauen"
    assert wol["zeitfenster"] == ["dienstags, 12:00–12:45 Uhr"]
    assert wol["moderation_angeboten"] is True
    assert wol["gestartete_kreise"] == [{"name": "Kreis 1", "thema": "Sozialplanung"}]
    assert by_id[listener.pk]["rueckmeldung"]["bewertung"] == 4
    assert by_id[listener.pk]["rueckmeldung"]["kommentar"] == "Hilfreich"
    json.dumps(data)  # serialisable as it is


def test_erase_removes_goal_windows_comment_and_own_circle_theme_keeps_rating():
    start = wol_start()
    member = make_registration(start, 1, goal="Ziel", time_windows=["1-12:00"])
    circle = circles.start_circle(member, weekday=1, start_time=time(12), theme="Mein Thema")
    talk = SessionFactory(
        start=timezone.now() - timedelta(hours=3), end=timezone.now() - timedelta(hours=2)
    )
    listener = make_registration(talk, 1)  # same address person1@example.org
    services.give_feedback(listener, 5, "Persönliches")
    assert privacy.erase_for_email("person1@example.org") == 2
    member.refresh_from_db()
    assert (member.goal, member.time_windows, member.wants_to_facilitate) == ("", [], False)
    circle.refresh_from_db()
    assert circle.theme == ""
    feedback = TalkFeedback.objects.get()
    assert (feedback.rating, feedback.comment) == (5, "")


def test_retention_purges_goal_windows_feedback_comment_and_circle_theme():
    talk = ended(7)
    listener = make_registration(talk, 1, goal="alt", time_windows=["0-08:00"])
    TalkFeedback.objects.create(registration=listener, rating=3, comment="Kommentar")
    # A circle's data counts from its last meeting, twelve weeks after the start.
    start = ended(10, kind=kind(FormatKind.WOL_CIRCLE))
    starter = make_registration(start, 2)
    Circle.objects.create(
        session=start,
        name="Kreis 1",
        theme="Thema",
        weekday=1,
        start_time=time(9),
        started_by=starter,
    )
    fresh = make_registration(ended(1), 3, goal="neu")
    report = retention.purge_personal_data()
    assert report.registrations == 2 and report.circle_notes == 1
    listener.refresh_from_db()
    assert (listener.goal, listener.time_windows) == ("", [])
    assert TalkFeedback.objects.get().comment == "" and TalkFeedback.objects.get().rating == 3
    assert Circle.objects.get().theme == ""
    fresh.refresh_from_db()
    assert fresh.goal == "neu"


def test_privacy_notice_names_the_new_data(client):
    html = client.get("/datenschutz/").content.decode()
    for phrase in [
        "Ihr Ziel für die zwölf Wochen",
        "Zeitfenster",
        "Bewertung (1 bis 5)",
        "vereinbarte Schritte",
        "eine kurze E-Mail mit Namen, Organisation, Kommune und Ziel der neuen Person",
    ]:
        assert phrase in html
