"""The mail tables in the DSGVO information and erasure (feedback/dsgvo.py's registry).

django-mailer stores each mail whole (encoded), so the recipients are found by decoding;
the outbox and the delivery log stay small (MAIL_LOG_RETENTION_DAYS).
"""

from email.utils import parseaddr

from django.db import transaction
from mailer.models import Message, MessageLog


def _to(row, email: str) -> bool:
    return any(parseaddr(address)[1].strip().lower() == email for address in row.to_addresses)


def _matching(queryset, email: str):
    email = email.strip().lower()
    return [row for row in queryset.iterator() if _to(row, email)]


def export_for_email(email: str) -> dict:
    return {
        "e_mails_im_ausgang": [
            {"betreff": row.subject, "eingestellt_am": row.when_added.isoformat()}
            for row in _matching(Message.objects.order_by("pk"), email)
        ],
        "zustellprotokoll": [
            {
                "betreff": row.subject,
                "versucht_am": row.when_attempted.isoformat(),
                "ergebnis": row.get_result_display(),
            }
            for row in _matching(MessageLog.objects.order_by("pk"), email)
        ],
    }


@transaction.atomic
def erase_for_email(email: str) -> int:
    messages = [row.pk for row in _matching(Message.objects.all(), email)]
    logs = [row.pk for row in _matching(MessageLog.objects.all(), email)]
    Message.objects.filter(pk__in=messages).delete()
    MessageLog.objects.filter(pk__in=logs).delete()
    return len(messages) + len(logs)
