"""Remove personal data after the retention periods of the privacy notice, in every app.

The only command of this name: it runs the retention rules of feedback (Mitdenken),
formats (registrations) and offers (catalogue), see `<app>/retention.py`, and of the mail
log (kommune360/mail.py).
Meant to run daily (cron or a systemd timer).
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from feedback import retention as feedback_retention
from formats import retention as formats_retention
from kommune360 import mail
from offers import retention as offers_retention
from offers.alerts import services as alerts


def _date(moment) -> str:
    return f"{timezone.localtime(moment):%d.%m.%Y %H:%M}"


class Command(BaseCommand):
    help = (
        "Löscht oder anonymisiert personenbezogene Daten nach den Fristen der "
        "Datenschutzerklärung: Mitdenken-Beiträge (FEEDBACK_RETENTION_MONTHS nach der "
        "letzten Aktivität), Anmeldungen zu Formaten (FORMATS_RETENTION_MONTHS nach dem "
        "Termin) und Kontaktdaten von Angeboten außerhalb des Katalogs "
        "(OFFERS_RETENTION_MONTHS), unbestätigte Suchabos sowie das E-Mail-Zustellprotokoll "
        "(MAIL_LOG_RETENTION_DAYS). Mehrfaches Ausführen ist unschädlich; täglich ausführen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur berichten, was geändert würde; nichts speichern.",
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        verb = "würden" if dry_run else "wurden"

        report = feedback_retention.purge_personal_data(now=now, dry_run=dry_run)
        self.stdout.write(
            f"Mitdenken – Aufbewahrungsfrist: {settings.FEEDBACK_RETENTION_MONTHS} Monate "
            f"(letzte Aktivität vor dem {_date(report.cutoff)})."
        )
        self.stdout.write(
            f"{report.kept_public} veröffentlichte Beiträge {verb} auf den öffentlichen Teil "
            f"reduziert, {report.anonymised} weitere Beiträge {verb} anonymisiert."
        )

        report = formats_retention.purge_personal_data(now=now, dry_run=dry_run)
        self.stdout.write(
            f"Formate – Aufbewahrungsfrist: {settings.FORMATS_RETENTION_MONTHS} Monate "
            f"(Termine, die vor dem {_date(report.cutoff)} endeten)."
        )
        self.stdout.write(
            f"{report.registrations} Anmeldungen {verb} anonymisiert, "
            f"{report.circle_notes} interne Notizen zu WOL-Kreisen {verb} gelöscht, "
            f"bei {report.action_owners} vereinbarten "
            f"{'Schritt' if report.action_owners == 1 else 'Schritten'} aus Lean-Coffee-Runden {verb} "
            "der Name unter „Wer kümmert sich?“ entfernt."
        )

        report = offers_retention.purge_personal_data(now=now, dry_run=dry_run)
        self.stdout.write(
            f"Angebote – Aufbewahrungsfrist: {settings.OFFERS_RETENTION_MONTHS} Monate "
            f"(außerhalb des Katalogs, letzte Änderung vor dem {_date(report.cutoff)})."
        )
        self.stdout.write(
            f"{report.deleted_offers} abgelehnte oder zurückgezogene Einreichungen {verb} "
            f"gelöscht, bei {report.anonymised_offers} Angeboten {verb} die Kontaktdaten "
            f"entfernt; {report.deleted_providers} nicht freigegebene Anbieter:innen ohne "
            f"Angebote {verb} gelöscht, bei {report.anonymised_providers} Anbieter:innen "
            f"{verb} die E-Mail-Adressen entfernt."
        )

        deleted = alerts.purge_unconfirmed(now=now, dry_run=dry_run)
        self.stdout.write(
            f"Suchabos: {deleted} nicht bestätigte Suchabos (älter als "
            f"{alerts.UNCONFIRMED_DAYS} Tage) {verb} gelöscht."
        )

        report = mail.purge_personal_data(now=now, dry_run=dry_run)
        self.stdout.write(
            f"E-Mails – Aufbewahrungsfrist: {settings.MAIL_LOG_RETENTION_DAYS} Tage "
            f"(vor dem {_date(report.cutoff)}): {report.log_entries} Einträge im "
            f"Zustellprotokoll und {report.given_up} aufgegebene E-Mails {verb} gelöscht."
        )

        if dry_run:
            self.stdout.write("Probelauf: Es wurde nichts geändert.")
        else:
            self.stdout.write(self.style.SUCCESS("Fertig."))
