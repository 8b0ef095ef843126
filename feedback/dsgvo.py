"""DSGVO requests across apps: information (Art. 15) and erasure (Art. 17) for one address.

Each app with personal data provides `<app>/privacy.py` with
`export_for_email(email) -> dict` and `erase_for_email(email) -> int`. An app
without that module (yet) is skipped and named in the result, so an export
says honestly what it covers.
"""

import importlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import ErasureRecord

SOURCES = {
    "offers": ("offers.privacy", "Angebote und Anbieter:innen"),
    "alerts": ("offers.alerts.privacy", "Suchabos (Benachrichtigungen)"),
    "formats": ("formats.privacy", "Formate (Anmeldungen)"),
    "feedback": ("feedback.privacy", "Mitdenken (Beiträge)"),
    "mail": ("kommune360.privacy", "E-Mail-Ausgang und Zustellprotokoll"),
}


def _load(module_path):
    try:
        return importlib.import_module(module_path)
    except ModuleNotFoundError as error:
        if error.name == module_path:
            return None
        raise


def sources():
    """[(key, label, module or None)] for every app in the registry."""
    return [(key, label, _load(path)) for key, (path, label) in SOURCES.items()]


def normalise(email: str) -> str:
    return email.strip().lower()


def email_hash(email: str) -> str:
    """A keyed hash of the address: lets the team check later whether an address was
    erased, without keeping the address itself."""
    return salted_hmac("kommune360.dsgvo.erasure", normalise(email), algorithm="sha256").hexdigest()


def export_for_email(email: str) -> dict:
    """Everything the apps store about `email`, for a DSGVO information request."""
    email = normalise(email)
    data = {
        "email": email,
        "erstellt_am": timezone.now().isoformat(),
        "bereiche": {},
        "nicht_abgedeckt": [],
    }
    for key, label, module in sources():
        if module is None:
            data["nicht_abgedeckt"].append(label)
        else:
            data["bereiche"][key] = {"bezeichnung": label, "daten": module.export_for_email(email)}
    return data


def to_json(data: dict) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def preview_for_email(email: str) -> list[dict]:
    """What an erasure would touch, per app: the number of records found."""
    preview = []
    for section in export_for_email(email)["bereiche"].values():
        found = sum(len(value) for value in section["daten"].values() if isinstance(value, list))
        preview.append({"label": section["bezeichnung"], "found": found})
    return preview


@transaction.atomic
def erase_for_email(email: str, by) -> ErasureRecord:
    """Erase or anonymise what every app stores about `email`, all or nothing, and record
    who did it, when and how many records changed — with the address only as a hash."""
    email = normalise(email)
    counts = {}
    for key, _label, module in sources():
        if module is not None:
            counts[key] = int(module.erase_for_email(email))
    return ErasureRecord.objects.create(
        email_hash=email_hash(email), performed_by=by, counts=counts
    )


def describe_counts(counts: dict) -> str:
    return ", ".join(
        f"{SOURCES[key][1]}: {value}" for key, value in counts.items() if key in SOURCES
    )
