from django.core.management.base import BaseCommand
from django.utils import timezone

from formats.models import Session, SessionStatus
from formats.services import promote_waiting_list


class Command(BaseCommand):
    help = (
        "Vergibt freie Plätze kommender Termine an die Warteliste (z. B. nachdem Plätze "
        "aufgestockt wurden) und benachrichtigt die Nachgerückten."
    )

    def handle(self, *args, **options):
        sessions = Session.objects.filter(
            status=SessionStatus.PLANNED,
            start__gt=timezone.now(),
            registrations__status="warteliste",
        ).distinct()
        promoted = sum(len(promote_waiting_list(session)) for session in sessions)
        self.stdout.write(f"{promoted} Person(en) nachgerückt.")
