"""The operator's facts on the legal pages: what each one is, and whether a page may go
public without it.

The values come from settings.LEGAL (environment variables LEGAL_<NAME>). A required fact
that is still empty shows as a marked placeholder naming its variable, and the deploy
check below warns, so that placeholders cannot reach production unnoticed.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import checks


@dataclass(frozen=True)
class Fact:
    name: str
    description: str
    required: bool = True

    @property
    def variable(self) -> str:
        return "LEGAL_" + self.name.upper()


FACTS = {
    fact.name: fact
    for fact in (
        Fact("operator_name", "Name der Organisation, Rechtsform"),
        Fact("operator_street", "Straße und Hausnummer"),
        Fact("operator_city", "Postleitzahl und Ort"),
        Fact("representative", "Vor- und Nachname, Funktion der vertretungsberechtigten Person"),
        Fact("email", "E-Mail-Adresse für Kontakt"),
        Fact("phone", "Telefonnummer"),
        Fact("content_responsible", "Verantwortlich nach § 18 Abs. 2 MStV: Vor- und Nachname"),
        Fact("privacy_email", "E-Mail-Adresse für Datenschutz-Anfragen"),
        Fact("privacy_officer", "Datenschutzbeauftragte:r: Name oder Funktion, Anschrift"),
        Fact("privacy_officer_email", "E-Mail-Adresse der oder des Datenschutzbeauftragten"),
        Fact("privacy_authority", "Zuständige Datenschutz-Aufsichtsbehörde: Name, Anschrift"),
        Fact("hosting_provider", "Hosting-Dienstleister: Name, Sitz"),
        Fact("mail_provider", "E-Mail-Dienstleister: Name, Sitz"),
        Fact("video_service", "Videokonferenzdienst: Name, Sitz"),
        Fact("accessibility_email", "E-Mail-Adresse für Barrieren"),
        Fact("accessibility_phone", "Telefonnummer für Barrieren"),
        Fact("register", "Registereintrag: Register, Gericht, Nummer", required=False),
        Fact("vat_id", "Umsatzsteuer-Identifikationsnummer", required=False),
        Fact("supervisory_authority", "Aufsichtsbehörde", required=False),
        Fact("state_privacy_law", "Landesdatenschutzgesetz", required=False),
        Fact("third_country_transfers", "Übermittlung in Drittländer", required=False),
        Fact("state_accessibility_law", "Landesgesetz zur Barrierefreiheit", required=False),
        Fact("arbitration_board", "Schlichtungsstelle des Landes", required=False),
        Fact("arbitration_board_url", "Website der Schlichtungsstelle", required=False),
    )
}


def missing_facts() -> list[Fact]:
    """The required facts that are still empty, in the order of FACTS."""
    values = settings.LEGAL
    return [fact for fact in FACTS.values() if fact.required and not values.get(fact.name)]


@checks.register("legal", deploy=True)
def check_legal_facts(app_configs=None, **kwargs):
    """`check --deploy`: warn while a legal page still shows a placeholder."""
    missing = missing_facts()
    if not missing:
        return []
    return [
        checks.Warning(
            "The legal pages (Impressum, Datenschutz, Barrierefreiheit) still show "
            f"{len(missing)} placeholder(s).",
            hint="Set " + ", ".join(fact.variable for fact in missing) + " (see README).",
            id="kommune360.W001",
        )
    ]
