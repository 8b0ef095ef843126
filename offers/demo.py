"""The demo catalogue: providers and offers for the prototype, all marked as demo content.

The entries live in `demo_data/catalogue.toml`; this module checks them when it is
imported (`PROVIDERS`, `OFFERS`) and `load(today=..., stdout=...)` writes them
idempotently: rows are keyed by their stable slug, vocabularies and tags are set (not
added), and status changes go through `offers.services`, so a second run changes nothing
and logs no second transition.

The real organisations and offers named in the initiative's analysis are included with
generic facts only; everything else is fictional ("Beispiel…", "Muster…") and uses
example.org addresses. The initiative's own formats link to their dates under
/formate/. Some audience × gap cells are left empty on purpose: the platform's point is
to show where offers are missing (e.g. nothing for Kommunalpolitiker:innen under
"interdisziplinaer-lernen" or "innovative-arbeitsweisen").
"""

import datetime
import re
from collections import Counter, deque
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kommune360.demo_data import (
    DemoDataError,
    check_choice,
    entries,
    entry,
    look_up,
    read_toml,
)

from .catalogue import index
from .models import (
    PRINCIPLE_FIELDS,
    Audience,
    Competence,
    Delivery,
    Gap,
    Language,
    Offer,
    OfferDate,
    OfferStatus,
    OfferType,
    Principle,
    Provider,
    RegionScope,
    State,
    Topic,
)
from .services import ALLOWED_TRANSITIONS, transition_offer

DATA_FILE = Path(__file__).parent / "demo_data" / "catalogue.toml"
DAY_RANGE = re.compile(r"-?\d{1,4}(?:\.\.-?\d{1,4})?", re.ASCII)
TRANSITION_REASON = "Demo-Inhalt"


@dataclass(frozen=True, kw_only=True)
class DemoNotes:
    """The "Demo-Inhalt" notes appended to every description."""

    offer_fictional: str
    offer_real: str
    provider_fictional: str
    provider_real: str


@dataclass(frozen=True, kw_only=True)
class DemoProvider:
    slug: str
    name: str
    kind: str
    description: str
    website: str = ""
    email: str = ""
    real: bool = False

    def __post_init__(self):
        check_choice("kind", self.kind, Provider.Kind.values)


@dataclass(frozen=True, kw_only=True)
class DemoOffer:
    slug: str
    title: str
    provider: str
    offer_type: str
    audiences: tuple[str, ...]
    topics: tuple[str, ...]
    gaps: tuple[str, ...]
    principles: tuple[str, ...] = ()
    delivery: str
    summary: str
    description: str
    duration: str = ""
    hours: Decimal | None = None
    cost_eur: Decimal | None = None  # None means free of charge
    cost_note: str = ""
    application_required: bool = False
    travel_required: bool = False
    certificate: bool = False
    state: str = ""
    municipality: str = ""
    language: str = Language.GERMAN
    url: str = ""
    own_format: str = ""  # a format kind's slug: the offer links to its dates on this site
    contact_name: str = ""
    contact_email: str = ""
    tags: tuple[str, ...] = ()
    status: str = OfferStatus.PUBLISHED
    # Earlier statuses a freshly created offer passes through before `status`.
    history: tuple[str, ...] = ()
    published_days_ago: int = 1
    valid_for_days: int | None = None  # valid until today + n; negative: already expired
    real: bool = False
    # Facts for planning and approving a training (issues #17, #18).
    competences: tuple[str, ...] = ()
    learning_goals: str = ""
    venue: str = ""
    # Dates in days from the day of loading: "21" one day, "84..85" a span; negative: past.
    dates: tuple[str, ...] = ()

    def __post_init__(self):
        for day_range in self.dates:
            if not DAY_RANGE.fullmatch(day_range):
                raise ValueError(
                    f"„dates“: „{day_range}“ ist kein Termin; erlaubt sind z. B. „21“ oder „84..85“."
                )
        for principle in self.principles:
            check_choice("principles", principle, Principle.values)
        check_choice("delivery", self.delivery, Delivery.values)
        if self.state:
            check_choice("state", self.state, State.values)
        check_choice("language", self.language, Language.values)
        for status in (*self.history, self.status):
            check_choice("status", status, OfferStatus.values)
        if self.url and self.own_format:
            raise ValueError("„url“ und „own_format“ schließen sich aus.")

    def date_pairs(self, today):
        """The dates as (start, end or None), counted from `today`."""
        pairs = []
        for day_range in self.dates:
            first, _, last = day_range.partition("..")
            start = today + datetime.timedelta(days=int(first))
            end = today + datetime.timedelta(days=int(last)) if last else None
            pairs.append((start, end))
        return pairs

    @property
    def region_scope(self):
        if self.municipality:
            return RegionScope.MUNICIPALITY
        if self.state:
            return RegionScope.STATE
        return RegionScope.NATIONWIDE


class Catalogue(NamedTuple):
    notes: DemoNotes
    providers: list[DemoProvider]
    offers: list[DemoOffer]


def read_catalogue(path: Path) -> Catalogue:
    """The checked entries of a catalogue file; a `DemoDataError` naming the first bad
    entry. What needs the database (vocabulary slugs) is checked by `load`."""
    data = read_toml(path)
    if not isinstance(data.get("notes"), dict):
        raise DemoDataError(f"{path.name}: Die Tabelle [notes] fehlt.")
    notes = entry(data["notes"], DemoNotes, what=f"{path.name}: [notes]")
    providers = entries(data, "providers", DemoProvider, what=f"{path.name}: Anbieter:in")
    offers = entries(data, "offers", DemoOffer, what=f"{path.name}: Angebot")
    for what, specs in (("Anbieter:in", providers), ("Angebot", offers)):
        counts = Counter(spec.slug for spec in specs)
        duplicates = sorted(slug for slug, count in counts.items() if count > 1)
        if duplicates:
            raise DemoDataError(
                f"{path.name}: {what} „{duplicates[0]}“ steht mehrfach in der Datei."
            )
    known_providers = {spec.slug for spec in providers}
    for spec in offers:
        if spec.provider not in known_providers:
            raise DemoDataError(
                f"{path.name}: Angebot „{spec.slug}“: Anbieter:in „{spec.provider}“ steht nicht "
                "unter [[providers]]."
            )
    return Catalogue(notes, providers, offers)


CATALOGUE = read_catalogue(DATA_FILE)
PROVIDERS = CATALOGUE.providers
OFFERS = CATALOGUE.offers


def _own_format_url(kind):
    """The absolute address of a format kind's dates under /formate/.

    Absolute, because `Offer.url` is a URLField the admin validates; `SITE_URL` is read
    at load time, and `make run` loads the demo on every start.
    """
    query = urlencode({"format": kind.slug})
    return f"{settings.SITE_URL}{reverse('formats:overview')}?{query}#termine"


def _upsert(model, slug, values):
    """Create the demo row `slug`, or update the fields that differ. Returns (row, created).

    Never touches a real (non-demo) row that happens to use the same slug.
    """
    row = model.objects.filter(slug=slug).first()
    if row is None:
        return model.objects.create(slug=slug, is_demo=True, **values), True
    if not row.is_demo:
        raise DemoDataError(
            f"{model._meta.verbose_name} „{row}“ mit dem Kurznamen „{slug}“ ist kein Demo-Inhalt "
            "und wird nicht überschrieben."
        )
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        row.save(update_fields=[*changed, "updated_at"])
    return row, False


def _valid_until(spec, today):
    if spec.valid_for_days is None:
        return None
    return today + datetime.timedelta(days=spec.valid_for_days)


def _status_path(from_status, to_status):
    """The shortest chain of allowed moves between two statuses (services' state machine)."""
    queue = deque([(from_status, [])])
    seen = {from_status}
    while queue:
        status, path = queue.popleft()
        if status == to_status:
            return path
        for following in sorted(ALLOWED_TRANSITIONS.get(status, ())):
            if following not in seen:
                seen.add(following)
                queue.append((following, [*path, following]))
    raise DemoDataError(f"Kein erlaubter Weg von „{from_status}“ nach „{to_status}“.")


def _bring_to_status(offer, spec, created, today):
    """Move `offer` to the spec's status through offers.services; returns transitions made."""
    if offer.status == spec.status:
        return 0
    # A new offer follows its scripted history; an existing one the shortest allowed way.
    steps = [*spec.history, spec.status] if created else _status_path(offer.status, spec.status)
    expired = offer.valid_until is not None and offer.valid_until < today
    # An expired demo offer is published while still valid and expires afterwards,
    # as it would in real life; the services refuse to publish an expired offer.
    publish_before_expiry = expired and OfferStatus.PUBLISHED in steps
    if publish_before_expiry:
        Offer.objects.filter(pk=offer.pk).update(valid_until=None)
        offer.valid_until = None
    for step in steps:
        transition_offer(offer, step, reason=TRANSITION_REASON)
    if publish_before_expiry:
        offer.valid_until = _valid_until(spec, today)
        Offer.objects.filter(pk=offer.pk).update(valid_until=offer.valid_until)
    return len(steps)


def _published_at(spec, today):
    """A stable publication time, spread over past days so that "neu" sorting means something."""
    day = today - datetime.timedelta(days=spec.published_days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def _offer_values(spec, provider, offer_type, url, note, today):
    principles = {
        field: principle in spec.principles for principle, field in PRINCIPLE_FIELDS.items()
    }
    return {
        "title": spec.title,
        "summary": spec.summary,
        "description": f"{spec.description}\n\n{note}",
        "learning_goals": spec.learning_goals,
        "venue": spec.venue,
        "provider": provider,
        "offer_type": offer_type,
        **principles,
        "delivery": spec.delivery,
        "duration": spec.duration,
        "time_commitment_hours": spec.hours,
        "is_free": spec.cost_eur is None,
        "cost_eur": spec.cost_eur,
        "cost_note": spec.cost_note,
        "application_required": spec.application_required,
        "travel_required": spec.travel_required,
        "certificate": spec.certificate,
        "region_scope": spec.region_scope,
        "state": spec.state,
        "municipality": spec.municipality,
        "language": spec.language,
        "url": url,
        "contact_name": spec.contact_name,
        "contact_email": spec.contact_email,
        "valid_until": _valid_until(spec, today),
    }


@transaction.atomic
def load(*, today, stdout, catalogue: Catalogue = CATALOGUE) -> str:
    """Create or update the demo providers and offers; returns a one-line summary.

    Idempotent: a second run on the same day changes no row and logs no transition.
    A demo offer whose status the team changed is moved back through the services,
    so the transition log stays complete. An entry whose vocabulary slug or format is
    missing from the database stops the load with a `DemoDataError` naming it.
    """
    notes, provider_specs, offer_specs = catalogue
    providers = {}
    for spec in provider_specs:
        note = notes.provider_real if spec.real else notes.provider_fictional
        providers[spec.slug], _ = _upsert(
            Provider,
            spec.slug,
            {
                "name": spec.name,
                "kind": spec.kind,
                "website": spec.website,
                "email": spec.email,
                "description": f"{spec.description}\n\n{note}",
                "is_approved": True,
            },
        )

    audiences = Audience.objects.in_bulk(field_name="slug")
    topics = Topic.objects.in_bulk(field_name="slug")
    gaps = Gap.objects.in_bulk(field_name="slug")
    competences = Competence.objects.in_bulk(field_name="slug")
    offer_types = OfferType.objects.in_bulk(field_name="slug")
    format_kinds = apps.get_model("formats", "FormatKind").objects.in_bulk(field_name="slug")

    created_count = transitions = 0
    for spec in offer_specs:
        what = f"Angebot „{spec.slug}“"
        (offer_type,) = look_up(offer_types, [spec.offer_type], what=what, label="Angebotsart")
        url = spec.url or f"https://example.org/angebote/{spec.slug}"
        if spec.own_format:
            (kind,) = look_up(format_kinds, [spec.own_format], what=what, label="Format")
            url = _own_format_url(kind)
        note = notes.offer_real if spec.real else notes.offer_fictional
        values = _offer_values(spec, providers[spec.provider], offer_type, url, note, today)
        offer, created = _upsert(Offer, spec.slug, values)
        created_count += created
        offer.audiences.set(look_up(audiences, spec.audiences, what=what, label="Zielgruppe"))
        offer.topics.set(look_up(topics, spec.topics, what=what, label="Themenfeld"))
        offer.gaps.set(look_up(gaps, spec.gaps, what=what, label="Leerstelle"))
        offer.competences.set(look_up(competences, spec.competences, what=what, label="Kompetenz"))
        OfferDate.objects.set_for(offer, spec.date_pairs(today))
        offer.tags.set(list(spec.tags))
        moved = _bring_to_status(offer, spec, created, today)
        if moved and not created:
            stdout.write(f"  „{spec.title}“: Status auf „{offer.get_status_display()}“ gesetzt.")
        transitions += moved
        if spec.status in (OfferStatus.PUBLISHED, OfferStatus.ARCHIVED):
            published_at = _published_at(spec, today)
            Offer.objects.filter(pk=offer.pk).exclude(published_at=published_at).update(
                published_at=published_at
            )
        # update() sends no signals: the catalogue's pages show these dates.
        index.offers_changed([offer.pk])

    slugs = [spec.slug for spec in offer_specs]
    visible = Offer.objects.visible(today).filter(slug__in=slugs).count()
    return (
        f"{len(offer_specs)} Demo-Angebote ({visible} öffentlich sichtbar, {created_count} neu), "
        f"{len(provider_specs)} Demo-Anbieter:innen, {transitions} neue Statuswechsel."
    )
