"""Participant lists as CSV for the team (opens cleanly in German Excel)."""

import csv
import io

from django.utils import timezone
from django.utils.formats import date_format

from .models import Registration

COLUMNS = [
    "Termin",
    "Beginn",
    "Status",
    "Name",
    "E-Mail",
    "Organisation",
    "Kommune",
    "Rolle",
    "Tandem mit",
    "Kreis",
    "Angemeldet am",
    "Anmerkung",
]


def _cell(value) -> str:
    """Text as a spreadsheet shows it; leading = + - @ would otherwise run as a formula."""
    text = str(value or "")
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _local(value) -> str:
    return date_format(timezone.localtime(value), "d.m.Y H:i") if value else ""


def participants_csv(sessions) -> bytes:
    """Every registration of `sessions` (waiting list and cancelled too), one row each.

    UTF-8 with byte-order mark and `;` as separator, which is what Excel with
    German settings expects when the file is double-clicked.
    """
    rows = (
        Registration.objects.filter(session__in=sessions)
        .select_related("session", "role", "tandem_partner", "circle")
        .order_by("session__start", "session__pk", "status", "created_at", "pk")
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for registration in rows:
        writer.writerow(
            _cell(value)
            for value in [
                registration.session.title,
                _local(registration.session.start),
                registration.get_status_display(),
                registration.name,
                registration.email,
                registration.organisation,
                registration.municipality,
                registration.role.name,
                registration.tandem_partner.name if registration.tandem_partner else "",
                registration.circle.name if registration.circle else "",
                _local(registration.created_at),
                registration.note,
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
