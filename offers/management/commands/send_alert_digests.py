"""Send the Suchabo digests that are due. Meant for cron, e.g. daily at 7:00."""

from django.core.management.base import BaseCommand

from offers.alerts.services import send_digests


class Command(BaseCommand):
    help = (
        "Prüft bestätigte Suchabos, deren Zeitraum (täglich oder wöchentlich) um ist, und "
        "legt für jedes mit neuen passenden Angeboten eine E-Mail in den Postausgang. "
        "Ohne Neues keine E-Mail; ein zweiter Lauf verschickt nichts doppelt."
    )

    def handle(self, *args, **options):
        report = send_digests()
        checked = "1 Suchabo" if report.checked == 1 else f"{report.checked} Suchabos"
        sent = "1 Benachrichtigung" if report.sent == 1 else f"{report.sent} Benachrichtigungen"
        self.stdout.write(f"{checked} geprüft, {sent} in den Postausgang gelegt.")
        if report.stale:
            self.stdout.write(
                f"Nicht verschickt (Filter gibt es nicht mehr, siehe Log): {report.stale}"
            )
