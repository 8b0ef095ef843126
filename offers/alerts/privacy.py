"""Suchabos in the DSGVO information and erasure (feedback/dsgvo.py's registry)."""

from django.db import transaction

from offers.models import SearchAlert

from .services import description_of


def _iso(value):
    return value.isoformat() if value else None


def export_for_email(email: str) -> dict:
    alerts = SearchAlert.objects.filter(email__iexact=email.strip()).order_by("pk")
    return {
        "suchabos": [
            {
                "auswahl": description_of(alert),
                "filter": alert.query,
                "haeufigkeit": alert.get_frequency_display(),
                "angelegt_am": _iso(alert.created_at),
                "bestaetigt_am": _iso(alert.confirmed_at),
                "letzte_benachrichtigung": _iso(alert.last_sent_at),
            }
            for alert in alerts
        ]
    }


@transaction.atomic
def erase_for_email(email: str) -> int:
    deleted, _by_model = SearchAlert.objects.filter(email__iexact=email.strip()).delete()
    return deleted
