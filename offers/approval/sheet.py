"""What an approval needs to know about an offer, defined once for the sheet, its PDF,
the Merkliste's comparison and its sheets.

Every offer gets the same facts in the same order (a missing value reads
"keine Angabe"), so that offers compare row by row.
"""

from datetime import datetime
from typing import NamedTuple

from django.utils import timezone
from django.utils.formats import date_format

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
    number = f"{hours:g}".replace(".", ",")
    return f"etwa {number} Stunde{'' if hours == 1 else 'n'} insgesamt"


def cost_label(offer):
    return f"{offer.cost_label} ({offer.cost_note})" if offer.cost_note else offer.cost_label


def _moment(value):
    """(date text, time text or "") of a date or datetime, in the site's time zone."""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return date_format(value, "j. F Y"), date_format(value, "H:i")
    return date_format(value, "j. F Y"), ""


def date_range(start, end=None) -> str:
    """A date or a span in German, from dates or datetimes.

    E.g. "3. März 2027", "3. März 2027, 10:00–12:00 Uhr", "3. März 2027 – 4. März 2027".
    """
    start_day, start_time = _moment(start)
    if end is None:
        return f"{start_day}, {start_time} Uhr" if start_time else start_day
    end_day, end_time = _moment(end)
    if start_day == end_day:
        if start_time and end_time:
            return f"{start_day}, {start_time}–{end_time} Uhr"
        return start_day
    first = f"{start_day}, {start_time} Uhr" if start_time else start_day
    last = f"{end_day}, {end_time} Uhr" if end_time else end_day
    return f"{first} – {last}"


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
            "; ".join(date_range(d.starts_on, d.ends_on) for d in offer.dates.all()) or MISSING,
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
