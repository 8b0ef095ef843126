from django.core.management.base import BaseCommand

from formats.services import send_due_feedback_requests


class Command(BaseCommand):
    help = (
        "Bittet nach einem Kurzimpuls (Formate mit „Rückmeldung erfragen“) alle, die einen "
        "Platz hatten, per E-Mail um eine kurze Rückmeldung. Jede Anmeldung wird höchstens "
        "einmal gefragt; stündlich per Cron aufrufen."
    )

    def handle(self, *args, **options):
        sent = send_due_feedback_requests()
        self.stdout.write(f"{sent} Bitte(n) um Rückmeldung verschickt.")
