"""`manage.py load_demo`: load the demo content of every app that has some.

Each app may provide a module `<app>.demo` with `load(*, today, stdout) -> str` that
writes its demo rows idempotently and returns a one-line summary; the rows themselves
are data in `<app>/demo_data/` (see kommune360/demo_data.py). The offers
catalogue comes first because the other apps' demo content refers to it.
"""

import importlib

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from kommune360.demo_data import DemoDataError

# In load order: (name for --only, module path).
DEMO_MODULES = [
    ("offers", "offers.demo"),
    ("formats", "formats.demo"),
    ("feedback", "feedback.demo"),
]


def import_demo_module(module_path):
    """The demo module, or None if it does not exist.

    Only a missing `module_path` itself counts as "no demo content"; an import error
    inside an existing module is a bug and propagates.
    """
    try:
        return importlib.import_module(module_path)
    except ModuleNotFoundError as exc:
        if exc.name == module_path:
            return None
        raise


class Command(BaseCommand):
    help = (
        "Lädt die Demo-Inhalte (Angebote, Formate, Beiträge). Mehrfaches Ausführen ist "
        "unbedenklich: vorhandene Demo-Daten werden aktualisiert, nicht verdoppelt."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            action="append",
            choices=[name for name, _ in DEMO_MODULES],
            help="Nur diesen Bereich laden (mehrfach angebbar).",
        )

    def handle(self, *args, only=None, **options):
        today = timezone.localdate()
        for name, module_path in DEMO_MODULES:
            if only and name not in only:
                continue
            try:
                # A demo module reads and checks its data file when it is imported.
                module = import_demo_module(module_path)
                if module is None:
                    if only:
                        raise CommandError(f"{name}: Es gibt kein Demo-Modul {module_path}.")
                    self.stdout.write(f"{name}: übersprungen (kein Demo-Modul {module_path}).")
                    continue
                with transaction.atomic():
                    summary = module.load(today=today, stdout=self.stdout)
            except DemoDataError as exc:
                raise CommandError(f"{name}: {exc}") from exc
            self.stdout.write(self.style.SUCCESS(f"{name}: {summary}"))
