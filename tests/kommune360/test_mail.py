"""The e-mail outbox: queued in the caller's transaction, delivered later with back-off."""

import io
import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError, transaction
from django.urls import reverse
from django.utils import timezone
from mailer.models import PRIORITY_DEFERRED, Message, MessageLog

from kommune360 import mail as outbox
from kommune360.models import OutboxMail
from tests.feedback.factories import team_member

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def queue_only(settings):
    settings.MAIL_DELIVERY = "queue"
    return settings


def queue_one(to="person@example.org", **kwargs):
    return outbox.send_templated(
        "feedback/emails/reply",
        "Antwort",
        [to],
        {"contribution": None, "body": "Hallo", "site_url": "", "start_url": "", "privacy_url": ""},
        **kwargs,
    )


def test_send_templated_queue_mode_stores_and_sends_nothing(queue_only):
    assert queue_one(reply_to=["team@example.org"])
    assert not mail.outbox
    [message] = Message.objects.all()
    assert message.email.to == ["person@example.org"]
    assert message.email.reply_to == ["team@example.org"]
    assert message.email.alternatives[0][1] == "text/html"


def test_send_templated_without_recipient_queues_nothing(queue_only):
    assert not queue_one(to="")
    assert not Message.objects.exists()


def test_send_templated_rolled_back_transaction_leaves_no_mail(queue_only):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_one()
        raise RuntimeError("the change failed after the mail was queued")
    assert not Message.objects.exists()


def test_send_templated_attachment_keeps_its_mime_type(queue_only):
    queue_one(attachments=[("termin.ics", b"BEGIN:VCALENDAR", "text/calendar; method=PUBLISH")])
    outbox.deliver_round()
    [(name, content, mimetype)] = mail.outbox[0].attachments
    assert (name, mimetype) == ("termin.ics", "text/calendar; method=PUBLISH")


def test_send_templated_after_commit_mode_delivers_once_committed(
    settings, django_capture_on_commit_callbacks
):
    # make run (DEBUG): the request that queued a mail also hands it to the console.
    settings.MAIL_DELIVERY = "after-commit"
    with django_capture_on_commit_callbacks(execute=True):
        queue_one()
        assert not mail.outbox
    assert len(mail.outbox) == 1
    assert not Message.objects.exists()


def test_deliver_round_server_down_defers_with_one_log_line(queue_only, mail_server_down, caplog):
    queue_one()
    with caplog.at_level(logging.WARNING):
        outbox.deliver_round()
    message = Message.objects.get()
    assert message.priority == PRIORITY_DEFERRED
    [record] = [r for r in caplog.records if r.name == "kommune360.mail"]
    assert "Connection refused" in record.getMessage()
    assert record.exc_info is None
    assert "ConnectionRefusedError" in outbox.last_failure(message).log_message


def test_deliver_round_multi_line_server_answer_logs_one_line(queue_only, caplog):
    queue_only.MAILER_EMAIL_BACKEND = "tests.helpers.MailServerRejects"
    queue_one()
    with caplog.at_level(logging.WARNING):
        outbox.deliver_round()
    [record] = [r for r in caplog.records if r.name == "kommune360.mail"]
    assert "\n" not in record.getMessage()
    assert "5.7.1 Message rejected 5.7.1 Policy violation" in record.getMessage()
    # The admin keeps the server's answer as it came.
    assert "\n" in outbox.last_failure(Message.objects.get()).log_message


def test_retry_due_waits_for_back_off_then_retries(queue_only, mail_server_down):
    queue_one()
    outbox.deliver_round()  # fails: deferred, first retry after one minute
    now = timezone.now()
    assert outbox.retry_due(now + timedelta(seconds=30)) == 0
    assert outbox.retry_due(now + timedelta(minutes=2)) == 1
    message = Message.objects.get()
    assert message.retry_count == 1
    outbox.deliver_round()  # fails again: now two minutes
    assert outbox.retry_due(timezone.now() + timedelta(seconds=90)) == 0
    assert outbox.retry_due(timezone.now() + timedelta(minutes=3)) == 1


def test_retry_delay_doubles_up_to_six_hours():
    delays = [outbox.retry_delay(n) for n in range(12)]
    assert delays[:3] == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert max(delays) == timedelta(hours=6)


def test_retry_due_after_max_retries_leaves_mail_for_the_team(queue_only, mail_server_down):
    mail_server_down.MAILER_EMAIL_MAX_RETRIES = 1
    queue_one()
    outbox.deliver_round()
    later = timezone.now() + timedelta(days=1)
    assert outbox.retry_due(later) == 1
    outbox.deliver_round()
    assert outbox.retry_due(later + timedelta(days=1)) == 0
    assert Message.objects.get().priority == PRIORITY_DEFERRED


def test_deliver_mail_command_server_back_delivers_deferred_mail(queue_only, mail_server_down):
    queue_one()
    call_command("deliver_mail", stdout=io.StringIO())
    assert not mail.outbox
    mail_server_down.MAILER_EMAIL_BACKEND = LOCMEM
    Message.objects.update(when_added=timezone.now() - timedelta(hours=1))
    MessageLog.objects.update(when_attempted=timezone.now() - timedelta(hours=1))
    call_command("deliver_mail", stdout=io.StringIO())
    assert [message.to for message in mail.outbox] == [["person@example.org"]]
    assert not Message.objects.exists()


class StopLoop(Exception):
    pass


def test_deliver_mail_loop_survives_a_database_outage(queue_only, monkeypatch, caplog):
    rounds = []

    def flaky_round(now=None):
        rounds.append(now)
        if len(rounds) == 1:
            raise OperationalError(
                'connection to server at "db" failed: Connection refused\n\tIs the server running?'
            )
        return 0, 0

    def sleep(seconds):
        if len(rounds) == 2:
            raise StopLoop

    monkeypatch.setattr(outbox, "deliver_round", flaky_round)
    monkeypatch.setattr("kommune360.management.commands.deliver_mail.time.sleep", sleep)
    with pytest.raises(StopLoop):
        call_command("deliver_mail", "--loop", stdout=io.StringIO())
    assert len(rounds) == 2
    [record] = [r for r in caplog.records if "database unavailable" in r.getMessage()]
    assert "\n" not in record.getMessage()  # one log line per round
    assert record.getMessage().endswith("Connection refused Is the server running?")


def test_outbox_admin_shows_status_and_last_error_to_the_team(client, queue_only, mail_server_down):
    queue_one()
    outbox.deliver_round()
    client.force_login(team_member())
    response = client.get(reverse("admin:kommune360_outboxmail_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "person@example.org" in html
    assert "zurückgestellt, nächster Versuch ab" in html
    assert "Connection refused" in html


def test_outbox_admin_send_again_delivers_deferred_mail(client, queue_only, mail_server_down):
    queue_one()
    outbox.deliver_round()
    mail_server_down.MAILER_EMAIL_BACKEND = LOCMEM
    client.force_login(team_member())
    response = client.post(
        reverse("admin:kommune360_outboxmail_changelist"),
        {"action": "send_again", "_selected_action": [OutboxMail.objects.get().pk]},
        follow=True,
    )
    assert "1 E-Mail(s) zugestellt." in response.content.decode()
    assert len(mail.outbox) == 1
    assert not Message.objects.exists()


def test_outbox_admin_next_try_in_local_time_and_columns_in_german(
    client, queue_only, mail_server_down
):
    queue_one()
    outbox.deliver_round()
    message = OutboxMail.objects.get()
    next_try = outbox.last_failure(message).when_attempted + outbox.retry_delay(message.retry_count)
    client.force_login(team_member())
    html = client.get(reverse("admin:kommune360_outboxmail_changelist")).content.decode()
    local = timezone.localtime(next_try)
    assert local.utcoffset()  # Europe/Berlin: the UTC clock time would differ
    assert f"nächster Versuch ab {local:%d.%m.%Y %H:%M} Uhr" in html
    for english in ("When added", "Retry count", ">deferred<", ">medium<"):
        assert english not in html
    for german in ("Eingestellt", "Fehlversuche", "zurückgestellt"):
        assert german in html
    detail = client.get(
        reverse("admin:kommune360_outboxmail_change", args=[message.pk])
    ).content.decode()
    assert "When added" not in detail
    assert "Eingestellt" in detail


def test_mail_delivery_admin_columns_and_results_in_german(client, queue_only, mail_server_down):
    queue_one()
    outbox.deliver_round()
    client.force_login(team_member())
    html = client.get(reverse("admin:kommune360_maildelivery_changelist")).content.decode()
    for english in ("When attempted", "Log message", ">failure<", ">success<"):
        assert english not in html
    for german in ("Versucht", "Antwort des Servers", "fehlgeschlagen", "zugestellt"):
        assert german in html
    filtered = client.get(
        reverse("admin:kommune360_maildelivery_changelist") + "?ergebnis=1"
    ).content.decode()
    assert "person@example.org" not in filtered
