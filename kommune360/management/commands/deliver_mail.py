"""Deliver the e-mail outbox: once (cron, systemd timer) or in a loop (a service)."""

import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from kommune360 import mail

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Stellt die E-Mails aus dem Ausgang zu; zurückgestellte nach Ablauf ihrer Wartezeit "
        "erneut. Mit --loop läuft der Befehl dauerhaft."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop",
            action="store_true",
            help="dauerhaft laufen und den Ausgang alle MAIL_QUEUE_POLL_SECONDS Sekunden leeren",
        )

    def handle(self, *args, loop=False, **options):
        if not loop:
            retried, sent = mail.deliver_round()
            self.stdout.write(f"{sent} E-Mail(s) zugestellt, {retried} erneut versucht.")
            return
        self.stdout.write("Zustellung läuft (Strg+C beendet sie).")
        while True:
            try:
                mail.deliver_round()
            except DatabaseError as error:
                # The database is away: wait for it instead of dying; one line per round.
                logger.warning(
                    "Mail delivery paused, database unavailable: %s",
                    " ".join(str(error).split()) or type(error).__name__,
                )
                close_old_connections()
            time.sleep(settings.MAILER_EMPTY_QUEUE_SLEEP)
