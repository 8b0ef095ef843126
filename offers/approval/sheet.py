"""What an approval needs to know about an offer, defined once for the sheet, its PDF,
the Merkliste's comparison and its sheets.

Every offer gets the same facts in the same order (a missing value reads
"keine Angabe"), so that offers compare row by row.
"""

from typing import NamedTuple

from django.template.defaultfilters import floatformat

from offers.open_data.facts import absolute

MISSING = "keine Angabe"


class Fact(NamedTuple):
    label: str
    value: str
    href: str = ""  # a link, shown as the value's target (on paper: the address itself)


def _yes_no(value, yes, no):
    return yes if value else no


def _names(entries):
    return ", ".join(entry.name for entry in entries) or MISSING


def hours_label(hours):
    if not hours:
        return MISSING
    # As on the offer's page: "28", "6,5" (a Decimal's ":g" keeps "28.0").
    number = floatformat(hours, "-1")
    return f"etwa {number} Stunde{'' if hours == 1 else 'n'} insgesamt"


def cost_label(offer):
    return f"{offer.cost_label} ({offer.cost_note})" if offer.cost_note else offer.cost_label


def sheet_facts(offer) -> list[Fact]:
    """The facts of the application sheet for `offer`, in the sheet's order.

    `offer` is loaded with offers.open_data.facts.with_facts (provider, type,
    vocabularies) so that this reads no further rows.
    """
    page_url = absolute(offer.get_absolute_url())
    facts = [
        Fact("Titel", offer.title),
        Fact("Anbieter:in", offer.provider.name),
        Fact("Angebotsart", offer.offer_type.name),
        Fact("Worum es geht", offer.summary),
        Fact("Lernziele", offer.learning_goals or MISSING),
        Fact(
            "Termine",
            # The same compact German as on the cards and in the CSV ("24.–25. Januar 2027").
            "; ".join(date.label for date in offer.dates.all()) or MISSING,
        ),
        Fact("Veranstaltungsort", offer.venue or MISSING),
        Fact("Dauer", offer.duration or "keine feste Dauer"),
        Fact("Zeitaufwand", hours_label(offer.time_commitment_hours)),
        Fact("Kosten", cost_label(offer)),
        Fact("Teilnahmebescheinigung", _yes_no(offer.certificate, "ja", "nein")),
        Fact("Durchführung", offer.get_delivery_display()),
        Fact("Region", offer.region_label),
        Fact("Anreise", _yes_no(offer.travel_required, "nötig", "nicht nötig")),
        Fact(
            "Bewerbungsverfahren",
            _yes_no(offer.application_required, "nötig", "nicht nötig"),
        ),
        Fact("Sprache", offer.get_language_display()),
        Fact("Zielgruppen", _names(offer.audiences.all())),
        Fact("Bearbeitet die Leerstelle", _names(offer.gaps.all())),
        Fact(
            "Stärkt integriertes Arbeiten",
            ", ".join(label for _value, label in offer.principles) or MISSING,
        ),
        Fact("Kompetenzen", _names(offer.competences.all())),
        Fact("Link zum Angebot", offer.url or MISSING, offer.url),
        Fact("Seite auf Kommune 360°", page_url, page_url),
    ]
    return facts


def comparison(sheets):
    """Rows (label, [fact per offer]) for offers side by side; `sheets` = [(offer, facts)]."""
    if not sheets:
        return []
    columns = [facts for _offer, facts in sheets]
    return [(row[0].label, list(row)) for row in zip(*columns, strict=True)]
