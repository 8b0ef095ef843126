"""Remove personal data from contributions after the retention period."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from feedback.retention import purge_personal_data


class Command(BaseCommand):
    help = (
        "Anonymisiert Mitdenken-Beiträge, deren letzte Aktivität länger als "
        "FEEDBACK_RETENTION_MONTHS zurückliegt. Mehrfaches Ausführen ist unschädlich."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur berichten, was geändert würde; nichts speichern.",
        )

    def handle(self, *args, dry_run=False, **options):
        report = purge_personal_data(dry_run=dry_run)
        verb = "würden" if dry_run else "wurden"
        cutoff = timezone.localtime(report.cutoff)
        self.stdout.write(
            f"Aufbewahrungsfrist: {settings.FEEDBACK_RETENTION_MONTHS} Monate "
            f"(letzte Aktivität vor dem {cutoff:%d.%m.%Y %H:%M})."
        )
        self.stdout.write(
            f"{report.kept_public} veröffentlichte Beiträge {verb} auf den öffentlichen Teil "
            f"reduziert, {report.anonymised} weitere Beiträge {verb} anonymisiert."
        )
        if dry_run:
            self.stdout.write("Probelauf: Es wurde nichts geändert.")
        else:
            self.stdout.write(self.style.SUCCESS("Fertig."))
