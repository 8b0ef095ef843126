"""What the public may know about an offer, defined once for the API, the CSV and JSON-LD.

No personal data: the contact person's name and e-mail address stay on the
offer page, where a person reads them, and out of every bulk export.
"""

from django.db.models import Prefetch

from kommune360.site_url import absolute
from offers.models import Audience, Competence, Gap, Topic


def with_facts(queryset):
    """`queryset` with everything `offer_facts` reads, loaded in a fixed number of queries."""
    return queryset.select_related("provider", "offer_type").prefetch_related(
        Prefetch("audiences", queryset=Audience.objects.order_by("position", "name")),
        Prefetch("topics", queryset=Topic.objects.order_by("position", "name")),
        Prefetch("gaps", queryset=Gap.objects.order_by("number")),
        Prefetch("competences", queryset=Competence.objects.order_by("position", "name")),
        "dates",
        "tags",
    )


def _vocabulary(entries):
    return [{"slug": entry.slug, "name": entry.name} for entry in entries]


def offer_facts(offer) -> dict:
    """The public facts of `offer` as JSON-ready values (loaded with `with_facts`)."""
    provider = offer.provider
    return {
        "slug": offer.slug,
        "title": offer.title,
        "summary": offer.summary,
        "description": offer.description,
        "page_url": absolute(offer.get_absolute_url()),
        "offer_url": offer.url,
        "provider": {
            "name": provider.name,
            "kind": provider.get_kind_display(),
            "website": provider.website,
        },
        "offer_type": {"slug": offer.offer_type.slug, "name": offer.offer_type.name},
        "audiences": _vocabulary(offer.audiences.all()),
        "topics": _vocabulary(offer.topics.all()),
        "gaps": _vocabulary(offer.gaps.all()),
        "competences": _vocabulary(offer.competences.all()),
        "tags": sorted(tag.name for tag in offer.tags.all()),
        # Slugs as the `integriert` filter takes them, with their names.
        "principles": [{"slug": value, "name": label} for value, label in offer.principles],
        "learning_goals": offer.learning_goals,
        "delivery": offer.delivery,
        "delivery_label": offer.get_delivery_display(),
        "venue": offer.venue,
        "dates": [
            {
                "starts_on": date.starts_on.isoformat(),
                "ends_on": date.ends_on.isoformat() if date.ends_on else None,
                "label": date.label,
            }
            for date in offer.dates.all()
        ],
        "duration": offer.duration,
        "time_commitment_hours": (
            float(offer.time_commitment_hours) if offer.time_commitment_hours else None
        ),
        "is_free": offer.is_free,
        "cost_eur": float(offer.cost_eur) if offer.cost_eur is not None else None,
        "cost_note": offer.cost_note,
        "application_required": offer.application_required,
        "travel_required": offer.travel_required,
        "certificate": offer.certificate,
        "region": offer.region_label,
        "language": offer.get_language_display(),
        "valid_until": offer.valid_until.isoformat() if offer.valid_until else None,
        "published_at": offer.published_at.isoformat() if offer.published_at else None,
        "updated_at": offer.updated_at.isoformat(),
    }


def _yes_no(value):
    if value is None:
        return ""
    return "ja" if value else "nein"


def _number(value):
    if value is None:
        return ""
    # Costs and hours have two decimal places: keep both, drop trailing zeros (12345,67; 1,5; 300).
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _names(entries):
    return ", ".join(entry["name"] for entry in entries)


# CSV columns: (German heading, how to read the value from offer_facts).
CSV_COLUMNS = [
    ("Titel", lambda f: f["title"]),
    ("Kurzbeschreibung", lambda f: f["summary"]),
    ("Beschreibung", lambda f: f["description"]),
    ("Anbieter:in", lambda f: f["provider"]["name"]),
    ("Art der Anbieter:in", lambda f: f["provider"]["kind"]),
    ("Website der Anbieter:in", lambda f: f["provider"]["website"]),
    ("Angebotsart", lambda f: f["offer_type"]["name"]),
    ("Zielgruppen", lambda f: _names(f["audiences"])),
    ("Themenfelder", lambda f: _names(f["topics"])),
    ("Leerstellen", lambda f: _names(f["gaps"])),
    ("Schlagworte", lambda f: ", ".join(f["tags"])),
    ("Kompetenzen", lambda f: _names(f["competences"])),
    ("Stärkt integriertes Arbeiten", lambda f: _names(f["principles"])),
    ("Lernziele", lambda f: f["learning_goals"]),
    ("Durchführung", lambda f: f["delivery_label"]),
    ("Termine", lambda f: "; ".join(date["label"] for date in f["dates"])),
    ("Veranstaltungsort", lambda f: f["venue"]),
    ("Dauer", lambda f: f["duration"]),
    ("Zeitaufwand (Stunden)", lambda f: _number(f["time_commitment_hours"])),
    ("kostenfrei", lambda f: _yes_no(f["is_free"])),
    ("Kosten (EUR)", lambda f: _number(f["cost_eur"])),
    ("Hinweis zu den Kosten", lambda f: f["cost_note"]),
    ("Antragsverfahren nötig", lambda f: _yes_no(f["application_required"])),
    ("Anreise nötig", lambda f: _yes_no(f["travel_required"])),
    ("Teilnahmebescheinigung", lambda f: _yes_no(f["certificate"])),
    ("Region", lambda f: f["region"]),
    ("Sprache", lambda f: f["language"]),
    ("gültig bis", lambda f: f["valid_until"] or ""),
    ("veröffentlicht am", lambda f: (f["published_at"] or "")[:10]),
    ("zuletzt geändert am", lambda f: (f["updated_at"] or "")[:10]),
    ("Link zum Angebot", lambda f: f["offer_url"]),
    ("Seite auf Kommune 360°", lambda f: f["page_url"]),
    ("Kennung", lambda f: f["slug"]),
]
