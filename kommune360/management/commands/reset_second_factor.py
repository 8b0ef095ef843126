"""Remove a team member's second factor (lost phone, used-up backup codes)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from kommune360 import second_factor


class Command(BaseCommand):
    help = (
        "Entfernt Authenticator-App und Ersatzcodes eines Kontos (z. B. Telefon verloren). "
        "Bei der nächsten Anmeldung richtet die Person den zweiten Faktor neu ein."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="Benutzername des Kontos")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"Es gibt kein Konto mit dem Benutzernamen {username!r}.") from None
        removed = second_factor.reset(user)
        if removed:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Zweiter Faktor von {username} entfernt ({removed} Gerät(e)). "
                    "Bei der nächsten Anmeldung richtet die Person ihn neu ein."
                )
            )
        else:
            self.stdout.write(f"{username} hatte keinen zweiten Faktor eingerichtet.")
