from datetime import timedelta

from django.core.management.base import BaseCommand

from formats.services import send_due_reminders


class Command(BaseCommand):
    help = (
        "Erinnert bestätigte Teilnehmende per E-Mail an Termine, die in den nächsten 24 Stunden "
        "beginnen. Jede Anmeldung wird höchstens einmal erinnert; stündlich per Cron aufrufen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours", type=int, default=24, help="Zeitfenster vor Beginn (Standard: 24)."
        )

    def handle(self, *args, **options):
        if options["hours"] < 1:
            self.stderr.write("--hours muss mindestens 1 sein.")
            return
        sent = send_due_reminders(window=timedelta(hours=options["hours"]))
        self.stdout.write(f"{sent} Erinnerung(en) verschickt.")
