"""Mail providers whose published offers expire soon, once per offer and valid-until date.

Run daily (cron/systemd timer). Re-running sends nothing new; a provider who moves
the valid-until date gets a reminder for the new date when it comes close.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from offers import services


class Command(BaseCommand):
    help = (
        "Erinnert Anbieter:innen per E-Mail, deren veröffentlichte Angebote in den nächsten "
        "Tagen ablaufen (einmal je Angebot und „gültig bis“-Datum)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=services.REMINDER_DAYS,
            help="Wie viele Tage im Voraus erinnert wird (Standard: %(default)s).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur anzeigen, wer eine Erinnerung bekäme; nichts senden, nichts speichern.",
        )

    def handle(self, *args, days, dry_run, **options):
        if days < 0:
            self.stderr.write("--days darf nicht negativ sein.")
            return
        due = list(services.offers_due_for_reminder(timezone.localdate(), days))
        sent = skipped = 0
        for offer in due:
            address = services.provider_address(offer)
            label = f"„{offer.title}“ (gültig bis {offer.valid_until:%d.%m.%Y})"
            if not address:
                skipped += 1
                self.stdout.write(f"ohne E-Mail-Adresse, übersprungen: {label}")
                continue
            if dry_run:
                self.stdout.write(f"würde erinnern: {label} an {address}")
                continue
            if services.remind_offer(offer):
                sent += 1
                self.stdout.write(f"erinnert: {label} an {address}")
            else:
                skipped += 1
                self.stdout.write(f"schon erinnert (paralleler Lauf), übersprungen: {label}")
        verb = "fällig" if dry_run else "verschickt"
        self.stdout.write(
            self.style.SUCCESS(f"{len(due) - skipped if dry_run else sent} Erinnerung(en) {verb}.")
        )
