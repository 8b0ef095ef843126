"""The one way the platform sends e-mail: rendered now, queued in the database, delivered later.

Every app builds its mails with `send_templated`. The mail is rendered at once and stored
in django-mailer's outbox table (EMAIL_BACKEND is its DbBackend) inside the caller's
transaction: if rendering fails, the change that caused the mail rolls back with it, and
a change that commits always has its mail waiting. A sender (`manage.py deliver_mail`,
from cron or as a long-running loop) hands the stored mails to the real backend
(MAILER_EMAIL_BACKEND: SMTP, or the console for local work). A mail the server refuses is
deferred and tried again with exponential back-off; the team sees it in the admin.

Templates live in templates/<app>/emails/<name>.txt and .html.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from mailer import engine
from mailer.models import (
    PRIORITY_DEFERRED,
    PRIORITY_MEDIUM,
    RESULT_FAILURE,
    RESULT_SUCCESS,
    Message,
    MessageLog,
)

logger = logging.getLogger(__name__)

# How long the sender waits before the n-th retry of a deferred mail: 1, 2, 4, … minutes,
# at most six hours, so a mail server that is down for a night gets a mail after it returns.
RETRY_BASE = datetime.timedelta(minutes=1)
RETRY_CAP = datetime.timedelta(hours=6)


def send_templated(
    template: str,
    subject: str,
    to: list[str],
    context: dict,
    *,
    reply_to: list[str] | None = None,
    attachments: tuple = (),
    headers: dict | None = None,
) -> bool:
    """Render `template`.txt and .html and queue the mail in the outbox.

    Call it inside the transaction of the change the mail is about: the queued mail
    commits or rolls back with that change. A rendering error is raised, never
    swallowed. Returns False (and queues nothing) when there is no recipient.
    `attachments` are (filename, content, mimetype) triples; `headers` are extra
    mail headers (e.g. List-Unsubscribe).
    """
    to = [address for address in to if address]
    if not to:
        return False
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to,
        headers=headers,
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()  # EMAIL_BACKEND is the outbox: this writes one row, nothing leaves yet
    if settings.MAIL_DELIVERY == "after-commit":
        transaction.on_commit(deliver_queued, robust=True)
    elif settings.MAIL_DELIVERY == "immediately":
        deliver_queued()
    return True


def defer_failed_delivery(connection, message, error):
    """django-mailer's error handler (MAILER_ERROR_HANDLER): defer the mail, whatever failed.

    The library's default handler defers only SMTP errors and re-raises the rest, which
    would stop the whole run at one bad mail. One log line, no traceback: a mail server
    that is down would otherwise fill the log with identical tracebacks.
    """
    message.defer()
    text = f"{type(error).__name__}: {error}"
    MessageLog.objects.log(message, RESULT_FAILURE, log_message=text)
    logger.warning(
        "E-mail %s deferred (attempt %s): %s",
        message.pk,
        message.retry_count + 1,
        " ".join(text.split()),  # an answer may span lines; the log keeps one per failure
    )
    return None, "deferred"  # None: open a fresh connection for the next mail


def retry_delay(retry_count: int) -> datetime.timedelta:
    """How long a mail that has failed `retry_count + 1` times waits before the next try."""
    return min(RETRY_BASE * 2**retry_count, RETRY_CAP)


def last_failure(message: Message) -> MessageLog | None:
    """The latest failed attempt to deliver `message` (the log stores the same data)."""
    return (
        MessageLog.objects.filter(message_data=message.message_data, result=RESULT_FAILURE)
        .order_by("-when_attempted")
        .first()
    )


def retry_due(now=None) -> int:
    """Put deferred mails whose back-off has passed back into the queue; return how many.

    A mail that has been retried MAILER_EMAIL_MAX_RETRIES times stays deferred until the
    team sends it again from the admin.
    """
    now = now or timezone.now()
    due = []
    deferred = Message.objects.deferred().filter(retry_count__lt=settings.MAILER_EMAIL_MAX_RETRIES)
    for message in deferred:
        failure = last_failure(message)
        if failure is None or failure.when_attempted + retry_delay(message.retry_count) <= now:
            due.append(message.pk)
    return Message.objects.filter(pk__in=due, priority=PRIORITY_DEFERRED).update(
        priority=PRIORITY_MEDIUM, retry_count=F("retry_count") + 1
    )


def deliver_queued() -> None:
    """Hand every mail waiting in the outbox (not deferred) to the real backend.

    Several senders may run at once: each mail is locked while it is sent, and a sender
    skips mails another one holds.
    """
    engine.send_all()


def deliver_round(now=None) -> tuple[int, int]:
    """One round of the sender: retry deferred mails that are due, then deliver the queue.

    Returns (mails put back for a retry, mails delivered in this round).
    """
    started = timezone.now()
    retried = retry_due(now)
    deliver_queued()
    delivered = MessageLog.objects.filter(
        result=RESULT_SUCCESS, when_attempted__gte=started
    ).count()
    return retried, delivered


def send_again(messages) -> None:
    """Send these outbox mails (a queryset) now, deferred or not: the team's "send again"."""
    pks = list(messages.values_list("pk", flat=True))
    if not pks:
        return  # send_all() without a queryset would send the whole queue
    Message.objects.filter(pk__in=pks).update(priority=PRIORITY_MEDIUM)
    engine.send_all(Message.objects.filter(pk__in=pks))


@dataclass
class MailPurgeReport:
    cutoff: datetime.datetime
    log_entries: int = 0
    given_up: int = 0


def purge_personal_data(now=None, dry_run=False) -> MailPurgeReport:
    """Delete what the mail tables keep about people after MAIL_LOG_RETENTION_DAYS: entries
    of the delivery log (each holds the whole mail with its addresses) and mails the sender
    gave up on. Log entries of mails still in the outbox stay, so the team sees their last
    error. Run by `manage.py purge_personal_data`."""
    report = MailPurgeReport(
        cutoff=(now or timezone.now()) - datetime.timedelta(days=settings.MAIL_LOG_RETENTION_DAYS)
    )
    given_up = Message.objects.deferred().filter(
        retry_count__gte=settings.MAILER_EMAIL_MAX_RETRIES, when_added__lt=report.cutoff
    )
    report.given_up = given_up.count()
    old_log = MessageLog.objects.filter(when_attempted__lt=report.cutoff)
    waiting = Message.objects.exclude(pk__in=given_up.values("pk")).values("message_data")
    old_log = old_log.exclude(message_data__in=waiting)
    report.log_entries = old_log.count()
    if not dry_run:
        with transaction.atomic():
            old_log.delete()
            given_up.delete()
    return report
