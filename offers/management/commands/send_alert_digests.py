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
        self.stdout.write(
            f"{report.checked} Suchabos geprüft, {report.sent} Benachrichtigungen in den "
            "Postausgang gelegt."
        )
