"""Kurzimpulse after the talk: slides and recording, one feedback question by e-mail link."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from formats import selectors, services
from formats.models import FormatKind, SessionStatus, TalkFeedback

from .factories import SeriesFactory, SessionFactory, kind, make_registration

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()


def past_talk(hours_ago=2, **kwargs):
    end = (timezone.now() - timedelta(hours=hours_ago)).replace(microsecond=0)
    return SessionFactory(start=end - timedelta(minutes=45), end=end, **kwargs)


def with_slides(session, name="folien.pdf", content=PDF):
    session.slides.save(name, SimpleUploadedFile(name, content), save=True)
    return session


# Slides and recording


def test_slides_upload_validation_accepts_pdf_and_refuses_the_rest():
    from django.core.exceptions import ValidationError

    from formats.slides import validate_slides

    validate_slides(SimpleUploadedFile("f.pdf", PDF))
    validate_slides(SimpleUploadedFile("f.pptx", b"PK\x03\x04rest"))
    for name, content, message in [
        ("f.html", b"<html>", "PDF, PowerPoint"),
        ("f.pdf", b"<html><script>", "passt nicht"),
        ("f.odp", b"%PDF-", "passt nicht"),
    ]:
        with pytest.raises(ValidationError, match=message):
            validate_slides(SimpleUploadedFile(name, content))


def test_slides_too_large_refused(monkeypatch):
    from django.core.exceptions import ValidationError

    from formats import slides

    monkeypatch.setattr(slides, "MAX_BYTES", 32)
    with pytest.raises(ValidationError, match="zu groß"):
        slides.validate_slides(SimpleUploadedFile("f.pdf", PDF + b"0" * 64))


def test_session_page_after_the_talk_offers_slides_and_recording(client):
    session = with_slides(past_talk(recording_url="https://video.example.org/aufzeichnung"))
    html = client.get(session.get_absolute_url()).content.decode()
    assert "Zum Nachlesen" in html
    assert reverse("formats:session_slides", args=[session.slug]) in html
    assert "(PDF, " in html
    assert "https://video.example.org/aufzeichnung" in html


def test_session_page_before_the_talk_shows_no_material(client):
    session = with_slides(SessionFactory(recording_url="https://video.example.org/x"))
    html = client.get(session.get_absolute_url()).content.decode()
    assert "Zum Nachlesen" not in html
    assert client.get(reverse("formats:session_slides", args=[session.slug])).status_code == 404


def test_slides_download_is_an_attachment_that_cannot_run(client):
    session = with_slides(past_talk())
    response = client.get(reverse("formats:session_slides", args=[session.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"{session.slug}-folien.pdf" in response["Content-Disposition"]
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_slides_missing_file_or_none_404(client):
    assert client.get(reverse("formats:session_slides", args=[past_talk().slug])).status_code == 404
    session = with_slides(past_talk())
    session.slides.storage.delete(session.slides.name)
    assert client.get(reverse("formats:session_slides", args=[session.slug])).status_code == 404
    assert client.get(session.get_absolute_url()).status_code == 200


def test_slides_are_not_reachable_under_a_media_url(client):
    session = with_slides(past_talk())
    assert client.get(f"/media/{session.slides.name}").status_code == 404


def test_admin_uploads_slides(admin_client):
    session = past_talk()
    url = reverse("admin:formats_session_change", args=[session.pk])
    form = admin_client.get(url).context["adminform"].form
    assert "slides" in form.fields and "recording_url" in form.fields


def slides_path(settings, session):
    return settings.MEDIA_ROOT / session.slides.name


def test_replaced_slides_file_deleted_after_the_commit(
    settings, django_capture_on_commit_callbacks
):
    session = with_slides(past_talk())
    first = slides_path(settings, session)
    assert first.exists()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        session.slides.save("neu.pdf", SimpleUploadedFile("neu.pdf", PDF + b"2"), save=True)
    # Not before the commit: a rolled-back change must still find its file.
    assert first.exists()
    for callback in callbacks:
        callback()
    assert not first.exists()
    assert slides_path(settings, session).read_bytes() == PDF + b"2"


def test_cleared_slides_file_deleted(settings, django_capture_on_commit_callbacks):
    session = with_slides(past_talk())
    path = slides_path(settings, session)
    with django_capture_on_commit_callbacks(execute=True):
        session.slides = ""
        session.save()
    assert not path.exists()


def test_replaced_slides_kept_when_the_change_rolls_back(settings):
    from django.db import transaction

    session = with_slides(past_talk())
    path = slides_path(settings, session)
    with pytest.raises(RuntimeError), transaction.atomic():
        session.slides = ""
        session.save()
        raise RuntimeError("admin save failed")
    assert path.exists()


def test_deleted_sessions_slides_files_deleted(settings, django_capture_on_commit_callbacks):
    from formats.models import Session

    one = with_slides(past_talk())
    two = with_slides(past_talk(hours_ago=5))
    kept = with_slides(past_talk(hours_ago=9))
    paths = [slides_path(settings, session) for session in (one, two, kept)]
    with django_capture_on_commit_callbacks(execute=True):
        one.delete()
        Session.objects.filter(pk=two.pk).delete()  # as the admin's bulk delete does
    assert [path.exists() for path in paths] == [False, False, True]


# Feedback requests


def test_feedback_requests_go_to_people_with_a_seat_once():
    talk = past_talk()
    seated = make_registration(talk, 1)
    make_registration(talk, 2, status="warteliste")
    make_registration(talk, 3, status="storniert")
    assert services.send_due_feedback_requests() == 1
    (message,) = mail.outbox
    assert message.to == [seated.email]
    token = seated.plain_token
    assert reverse("formats:feedback", args=[token]) in message.body
    assert services.send_due_feedback_requests() == 0


def test_feedback_requests_skip_too_early_too_late_cancelled_and_other_formats():
    make_registration(past_talk(hours_ago=0.1), 1)
    make_registration(past_talk(hours_ago=24 * 8), 2)
    make_registration(past_talk(status=SessionStatus.CANCELLED), 3)
    make_registration(past_talk(kind=kind(FormatKind.LEAN_COFFEE)), 4)
    assert services.send_due_feedback_requests() == 0
    assert mail.outbox == []


def test_feedback_request_command_reports_count():
    from io import StringIO

    make_registration(past_talk(), 1)
    out = StringIO()
    call_command("send_feedback_requests", stdout=out)
    assert "1 Bitte(n) um Rückmeldung verschickt." in out.getvalue()


# The question


def feedback_url(registration):
    return reverse("formats:feedback", args=[registration.plain_token])


def test_feedback_form_happy_path_and_change(client):
    person = make_registration(past_talk(), 1)
    html = client.get(feedback_url(person)).content.decode()
    assert "Wie hilfreich war der Termin für Ihre Arbeit?" in html
    response = client.post(feedback_url(person), {"rating": "4", "comment": "Kurz und gut."})
    assert "Danke für Ihre Rückmeldung" in response.content.decode()
    feedback = TalkFeedback.objects.get()
    assert (feedback.rating, feedback.comment) == (4, "Kurz und gut.")
    html = client.get(feedback_url(person)).content.decode()
    assert "Ihre Antwort ändern" in html and "Kurz und gut." in html
    client.post(feedback_url(person), {"rating": "5", "comment": ""})
    feedback.refresh_from_db()
    assert (feedback.rating, feedback.comment) == (5, "")
    assert TalkFeedback.objects.count() == 1


@pytest.mark.parametrize("rating", ["", "0", "6", "vier", "<script>"])
def test_feedback_form_bad_rating_keeps_comment(client, rating):
    person = make_registration(past_talk(), 1)
    response = client.post(feedback_url(person), {"rating": rating, "comment": "Mein Kommentar"})
    html = response.content.decode()
    assert "Bitte wählen Sie eine Zahl von 1 bis 5." in html
    assert "Mein Kommentar" in html
    assert 'href="#id_rating_0"' in html
    assert "<title>Fehler:" in html
    assert not TalkFeedback.objects.exists()


def test_feedback_form_comment_too_long_refused(client):
    person = make_registration(past_talk(), 1)
    html = client.post(
        feedback_url(person), {"rating": "3", "comment": "x" * 1001}
    ).content.decode()
    assert "höchstens 1000 Zeichen" in html
    assert not TalkFeedback.objects.exists()


def test_feedback_before_the_talk_or_without_seat_is_closed(client):
    upcoming = make_registration(SessionFactory(), 1)
    html = client.post(feedback_url(upcoming), {"rating": "5"}).content.decode()
    assert "ab dem Ende des Termins" in html
    waiting = make_registration(past_talk(), 2, status="warteliste")
    assert "einen Platz hatten" in client.get(feedback_url(waiting)).content.decode()
    assert not TalkFeedback.objects.exists()


def test_feedback_wrong_token_404(client):
    assert client.get(reverse("formats:feedback", args=["0" * 64])).status_code == 404


def test_feedback_closes_after_thirty_days():
    person = make_registration(past_talk(hours_ago=24 * 31), 1)
    with pytest.raises(services.RegistrationError, match="geschlossen"):
        services.give_feedback(person, 5)


# What the team sees


def test_team_sees_feedback_per_talk_and_per_series(admin_client):
    series = SeriesFactory()
    first, second = past_talk(series=series), past_talk(series=series, hours_ago=30)
    for n, rating in enumerate([5, 4, 2]):
        services.give_feedback(make_registration(first, n), rating, "Gut" if rating == 5 else "")
    services.give_feedback(make_registration(second, 9), 3)

    overview = selectors.feedback_overview(series.sessions.all())
    by_talk = {entry["session"]: entry for entry in overview}
    assert by_talk[first]["count"] == 3
    assert by_talk[first]["average"] == pytest.approx(11 / 3)
    assert by_talk[first]["comments"] == [(5, "Gut")]
    assert by_talk[second]["distribution"][3] == 1

    html = admin_client.get(reverse("admin:formats_session_changelist")).content.decode()
    assert "Ø 3,7 (3)" in html
    html = admin_client.get(reverse("admin:formats_series_changelist")).content.decode()
    assert "Ø 3,5 (4)" in html
    html = admin_client.get(
        reverse("admin:formats_series_change", args=[series.pk])
    ).content.decode()
    assert "(5) Gut" in html and first.title in html
    html = admin_client.get(
        reverse("admin:formats_session_change", args=[first.pk])
    ).content.decode()
    assert "Ø 3,7" in html
    html = admin_client.get(reverse("admin:formats_talkfeedback_changelist")).content.decode()
    assert "Gut" in html


def test_team_group_may_read_feedback():
    from django.contrib.auth.models import Group

    codenames = set(
        Group.objects.get(name="Initiativteam").permissions.values_list("codename", flat=True)
    )
    assert {"view_talkfeedback", "add_boardaction"} <= codenames
    assert "change_talkfeedback" not in codenames
