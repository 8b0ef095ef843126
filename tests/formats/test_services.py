from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from formats import services, tokens
from formats.models import FormatKind, Registration, RegistrationStatus, SessionStatus
from kommune360 import mail as kommune360_mail

from .factories import SessionFactory, kind, make_registration, person

pytestmark = pytest.mark.django_db
S = RegistrationStatus


def test_register_free_seat_confirms_and_mails_with_calendar():
    session = SessionFactory(capacity=2)
    result = services.register(session, person(1))
    (registration,) = result.registrations
    assert result.confirmed
    assert registration.status == S.CONFIRMED
    assert registration.confirmed_at is not None
    assert registration.consent_at is not None
    (message,) = mail.outbox
    assert message.to == ["person1@example.org"]
    assert "bestätigt" in message.subject
    assert session.room_url in message.body
    assert f"/formate/abmelden/{tokens.token_for(registration)}/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert session.room_url in html
    ((filename, content, ics_type),) = message.attachments
    assert filename.endswith(".ics") and ics_type.startswith("text/calendar")
    assert session.uid in content


def test_register_full_session_waitlists_without_room_link():
    session = SessionFactory(capacity=1)
    services.register(session, person(1))
    result = services.register(session, person(2))
    assert not result.confirmed
    assert result.registrations[0].status == S.WAITING
    waiting_mail = mail.outbox[-1]
    assert "Warteliste" in waiting_mail.subject
    assert session.room_url not in waiting_mail.body
    assert not waiting_mail.attachments


def test_register_same_email_other_case_rejected():
    session = SessionFactory()
    services.register(session, person(1, email="Anna@Example.org"))
    with pytest.raises(services.AlreadyRegistered):
        services.register(session, person(2, email="anna@example.ORG"))
    assert session.registrations.count() == 1


def test_register_after_cancelling_same_email_allowed():
    session = SessionFactory()
    first = services.register(session, person(1)).registrations[0]
    services.cancel(first)
    again = services.register(session, person(1)).registrations[0]
    assert again.status == S.CONFIRMED


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": SessionStatus.CANCELLED}, "abgesagt"),
        ({"start_offset": timedelta(hours=-2)}, "stattgefunden"),
        ({"start_offset": timedelta(minutes=-10), "length": timedelta(hours=1)}, "begonnen"),
        ({"deadline_offset": timedelta(hours=-1)}, "Anmeldefrist"),
    ],
)
def test_register_closed_session_refused_with_german_reason(change, message):
    now = timezone.now()
    start = now + change.get("start_offset", timedelta(days=2))
    session = SessionFactory(
        start=start,
        end=start + change.get("length", timedelta(minutes=45)),
        status=change.get("status", SessionStatus.PLANNED),
        registration_deadline=(
            now + change["deadline_offset"] if "deadline_offset" in change else None
        ),
    )
    with pytest.raises(services.RegistrationClosed) as error:
        services.register(session, person(1))
    assert message in error.value.message
    assert not Registration.objects.exists()
    assert not mail.outbox


def test_register_tandem_with_two_seats_confirms_both_and_links_them():
    session = SessionFactory(capacity=2)
    result = services.register(
        session, person(1), tandem_partner=person(2, role="netzwerkkoordinator-innen")
    )
    first, second = result.registrations
    assert {first.status, second.status} == {S.CONFIRMED}
    assert first.tandem_partner == second and second.tandem_partner == first
    assert sorted(m.to[0] for m in mail.outbox) == ["person1@example.org", "person2@example.org"]
    assert first.token_hash != second.token_hash


def test_register_tandem_with_one_seat_left_waits_together():
    session = SessionFactory(capacity=2)
    services.register(session, person(0))
    result = services.register(session, person(1), tandem_partner=person(2))
    assert [r.status for r in result.registrations] == [S.WAITING, S.WAITING]
    assert session.registrations.confirmed().count() == 1


def test_register_tandem_same_email_twice_rejected():
    session = SessionFactory()
    with pytest.raises(services.AlreadyRegistered):
        services.register(session, person(1), tandem_partner=person(2, email="PERSON1@example.org"))


def test_register_tandem_for_circle_refused():
    session = SessionFactory(kind=kind(FormatKind.WOL_CIRCLE))
    with pytest.raises(services.TandemNotAllowed):
        services.register(session, person(1), tandem_partner=person(2))


def test_register_follow_up_meeting_refused():
    start = SessionFactory(kind=kind(FormatKind.WOL_CIRCLE))
    follow_up = SessionFactory(kind=start.kind, parent=start)
    with pytest.raises(services.RegistrationClosed):
        services.register(follow_up, person(1))


def test_cancel_confirmed_promotes_first_waiting_and_mails_both():
    session = SessionFactory(capacity=1)
    first = services.register(session, person(1)).registrations[0]
    second = services.register(session, person(2)).registrations[0]
    third = services.register(session, person(3)).registrations[0]
    mail.outbox.clear()
    promoted = services.cancel(first)
    assert promoted == [second]
    second.refresh_from_db()
    third.refresh_from_db()
    first.refresh_from_db()
    assert (first.status, second.status, third.status) == (S.CANCELLED, S.CONFIRMED, S.WAITING)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["person2@example.org"].startswith("Sie sind nachgerückt")
    assert session.room_url in next(m for m in mail.outbox if m.to == ["person2@example.org"]).body
    assert subjects["person1@example.org"].startswith("Abmeldung")
    cancel_ics = next(m for m in mail.outbox if m.to == ["person1@example.org"]).attachments[0][1]
    assert "STATUS:CANCELLED" in cancel_ics


def test_cancel_twice_changes_nothing():
    session = SessionFactory(capacity=1)
    first = services.register(session, person(1)).registrations[0]
    services.register(session, person(2))
    assert len(services.cancel(first)) == 1
    mail.outbox.clear()
    assert services.cancel(first) == []
    assert not mail.outbox


def test_cancel_waiting_person_promotes_nobody():
    session = SessionFactory(capacity=1)
    services.register(session, person(1))
    waiting = services.register(session, person(2)).registrations[0]
    assert services.cancel(waiting) == []
    assert session.registrations.confirmed().count() == 1


def test_cancel_one_seat_free_skips_waiting_tandem_for_single():
    session = SessionFactory(capacity=2)
    a = services.register(session, person(1)).registrations[0]
    services.register(session, person(2))
    tandem = services.register(session, person(3), tandem_partner=person(4)).registrations
    single = services.register(session, person(5)).registrations[0]
    promoted = services.cancel(a)
    assert promoted == [single]
    assert {r.status for r in Registration.objects.filter(pk__in=[t.pk for t in tandem])} == {
        S.WAITING
    }


def test_cancel_tandem_member_partner_keeps_seat():
    session = SessionFactory(capacity=2)
    first, second = services.register(session, person(1), tandem_partner=person(2)).registrations
    services.cancel(first)
    second.refresh_from_db()
    assert second.status == S.CONFIRMED


def test_promote_waiting_list_after_capacity_raised_confirms_tandem_together():
    session = SessionFactory(capacity=1)
    services.register(session, person(1))
    tandem = services.register(session, person(2), tandem_partner=person(3)).registrations
    session.capacity = 3
    session.save()
    promoted = services.promote_waiting_list(session)
    assert sorted(r.pk for r in promoted) == sorted(r.pk for r in tandem)


def test_register_when_seats_free_but_queue_exists_serves_queue_first():
    session = SessionFactory(capacity=1)
    services.register(session, person(1))
    waiting = services.register(session, person(2)).registrations[0]
    session.capacity = 2
    session.save()
    newcomer = services.register(session, person(3)).registrations[0]
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED
    assert newcomer.status == S.WAITING


def test_promote_waiting_list_started_session_moves_nobody():
    session = SessionFactory(capacity=1)
    services.register(session, person(1))
    waiting = services.register(session, person(2)).registrations[0]
    Registration.objects.filter(session=session, status=S.CONFIRMED).update(status=S.CANCELLED)
    later = timezone.now() + timedelta(days=8)
    assert services.promote_waiting_list(session, now=later) == []
    waiting.refresh_from_db()
    assert waiting.status == S.WAITING


def test_cancel_session_marks_cancelled_bumps_sequence_and_tells_everyone():
    session = SessionFactory(capacity=1)
    services.register(session, person(1))
    services.register(session, person(2))
    mail.outbox.clear()
    told = services.cancel_session(session, reason="Die Referentin ist erkrankt.")
    session.refresh_from_db()
    assert told == 2
    assert session.status == SessionStatus.CANCELLED
    assert session.sequence == 1
    assert all("Die Referentin ist erkrankt." in m.body for m in mail.outbox)
    confirmed = next(m for m in mail.outbox if m.to == ["person1@example.org"])
    waiting = next(m for m in mail.outbox if m.to == ["person2@example.org"])
    assert "STATUS:CANCELLED" in confirmed.attachments[0][1]
    assert not waiting.attachments


def test_cancel_session_circle_start_cancels_follow_ups():
    start = SessionFactory(kind=kind(FormatKind.WOL_CIRCLE))
    follow_up = SessionFactory(kind=start.kind, parent=start)
    services.cancel_session(start)
    follow_up.refresh_from_db()
    assert follow_up.status == SessionStatus.CANCELLED


def test_find_by_token_matches_only_the_right_token():
    registration = make_registration(SessionFactory())
    assert services.find_by_token(registration.plain_token) == registration
    assert services.find_by_token("0" * 64) is None
    assert services.find_by_token("../../etc/passwd") is None
    assert services.find_by_token("") is None


def test_token_stored_only_as_hash():
    registration = make_registration(SessionFactory())
    assert registration.plain_token not in (registration.token_hash, registration.token_nonce)
    assert registration.token_hash == tokens.hash_token(registration.plain_token)


def test_send_due_reminders_sends_once_to_confirmed_within_a_day():
    now = timezone.now()
    soon = SessionFactory(start=now + timedelta(hours=20), end=now + timedelta(hours=21))
    later = SessionFactory(start=now + timedelta(days=3), end=now + timedelta(days=3, hours=1))
    confirmed = make_registration(soon, 1)
    Registration.objects.filter(pk=confirmed.pk).update(confirmed_at=now - timedelta(days=5))
    make_registration(soon, 2, status=S.WAITING)
    make_registration(later, 3)
    assert services.send_due_reminders(now=now) == 1
    assert services.send_due_reminders(now=now) == 0
    (message,) = mail.outbox
    assert message.to == ["person1@example.org"]
    assert message.subject.startswith("Erinnerung")
    assert soon.room_url in message.body


def test_send_due_reminders_skips_people_who_registered_inside_the_window():
    now = timezone.now()
    soon = SessionFactory(start=now + timedelta(hours=5), end=now + timedelta(hours=6))
    make_registration(soon, 1)  # confirmed just now
    assert services.send_due_reminders(now=now) == 0


def test_send_due_reminders_mail_server_down_reminds_once_delivers_later(mail_server_down):
    now = timezone.now()
    soon = SessionFactory(start=now + timedelta(hours=20), end=now + timedelta(hours=21))
    registration = make_registration(soon, 1)
    Registration.objects.filter(pk=registration.pk).update(confirmed_at=now - timedelta(days=2))
    assert services.send_due_reminders(now=now) == 1
    assert services.send_due_reminders(now=now) == 0
    assert not mail.outbox
    mail_server_down.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    kommune360_mail.deliver_round(now=now + timedelta(hours=7))
    assert [message.subject.split(":")[0] for message in mail.outbox] == ["Erinnerung"]


def test_register_mail_server_down_keeps_registration_and_mails_later(mail_server_down, caplog):
    session = SessionFactory()
    result = services.register(session, person(1))
    assert result.registrations[0].pk is not None
    assert not mail.outbox
    assert "deferred" in caplog.text
    assert "Traceback" not in caplog.text
    mail_server_down.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    kommune360_mail.deliver_round(now=timezone.now() + timedelta(hours=7))
    [confirmation] = mail.outbox
    assert "/abmelden/" in confirmation.body  # the cancel link exists only in this mail
    assert confirmation.attachments[0][2].startswith("text/calendar")


def test_register_mail_rendering_fails_keeps_no_registration(settings, monkeypatch):
    # Before the outbox, the registration committed and then the mail failed: the person
    # got a 500, no cancel link, and "already registered" on the next try.
    settings.MAIL_DELIVERY = "queue"

    def broken(*args, **kwargs):
        raise RuntimeError("database gone while rendering")

    monkeypatch.setattr("kommune360.mail.render_to_string", broken)
    session = SessionFactory()
    with pytest.raises(RuntimeError):
        services.register(session, person(1))
    assert not Registration.objects.exists()
    monkeypatch.undo()
    result = services.register(session, person(1))
    assert result.confirmed
