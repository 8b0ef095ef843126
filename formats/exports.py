"""Participant lists as CSV for the team (opens cleanly in German Excel)."""

import io

from django.utils import timezone
from django.utils.formats import date_format

from kommune360.spreadsheet import BOM, excel_cell, excel_writer

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
    writer = excel_writer(buffer)
    writer.writerow(COLUMNS)
    for registration in rows:
        writer.writerow(
            excel_cell(value or "")
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
    return (BOM + buffer.getvalue()).encode("utf-8")
