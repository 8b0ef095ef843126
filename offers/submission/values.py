"""What a provider submits, as plain values: from the form, onto an offer, and as a diff.

One JSON-safe shape serves three paths — a new submission, a direct edit through
the private link, and a pending change the team approves later — so the three
cannot drift apart. Vocabularies travel as slugs, tags as names and the provider
as name/kind/website/e-mail; nothing here changes an offer's status (that is
`offers.services.transition_offer`).
"""

import datetime
import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify
from taggit.models import Tag
from taggit.utils import parse_tags

from offers.models import (
    PRINCIPLE_FIELDS,
    Audience,
    Competence,
    Gap,
    Offer,
    OfferDate,
    OfferEditLink,
    OfferType,
    Provider,
    Topic,
)

# Every plain field of Offer a provider can know, in form order.
SCALAR_FIELDS = [
    "title",
    "summary",
    "description",
    "learning_goals",
    "cross_departmental",
    "participatory",
    "needs_oriented",
    "impact_oriented",
    "everyday_practice",
    "delivery",
    "venue",
    "duration",
    "time_commitment_hours",
    "is_free",
    "cost_eur",
    "cost_note",
    "application_required",
    "travel_required",
    "certificate",
    "region_scope",
    "state",
    "municipality",
    "language",
    "url",
    "contact_name",
    "contact_email",
    "valid_until",
]
DECIMAL_FIELDS = {"time_commitment_hours", "cost_eur"}
DATE_FIELDS = {"valid_until"}
MANY_FIELDS = {"audiences": Audience, "topics": Topic, "gaps": Gap, "competences": Competence}
PROVIDER_FIELDS = {
    "name": "Name der Anbieter:in",
    "kind": "Art der Anbieter:in",
    "website": "Website der Anbieter:in",
    "email": "E-Mail der Anbieter:in",
}

# Slugs that name pages under /angebote/ and must never become an offer's address.
RESERVED_OFFER_SLUGS = {"einreichen", "bearbeiten", "meine"}

MAX_TAGS = 10
MAX_TAG_LENGTH = 50

_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)


def german_slugify(text: str) -> str:
    """slugify with German spelling: "Führung über" → "fuehrung-ueber", not "fuhrung-uber"."""
    return slugify((text or "").translate(_GERMAN))


# From the form ---------------------------------------------------------------


def parse_tag_text(text: str) -> list[str]:
    """Tag names from comma-separated text, trimmed, without duplicates (case-insensitive).

    taggit splits text without commas at spaces; the form promises commas, so a
    lone "Design Thinking" stays one tag.
    """
    text = (text or "").strip()
    if text and "," not in text and '"' not in text:
        text += ","
    names, seen = [], set()
    for name in parse_tags(text):
        name = " ".join(name.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


def values_from_form(cleaned: dict) -> dict:
    """The JSON-safe values of a valid OfferSubmissionForm."""
    values = {}
    for name in SCALAR_FIELDS:
        if name in PRINCIPLE_FIELDS.values():
            continue
        values[name] = _to_json(name, cleaned.get(name))
    chosen = set(cleaned.get("principles") or [])
    for principle, field in PRINCIPLE_FIELDS.items():
        values[field] = principle.value in chosen
    values["offer_type"] = cleaned["offer_type"].slug
    for name in MANY_FIELDS:
        values[name] = sorted(item.slug for item in cleaned.get(name) or [])
    values["tags"] = list(cleaned.get("tags_text") or [])
    values["dates"] = dates_to_json(cleaned.get("dates") or [])
    values["provider"] = {
        "name": normalize_name(cleaned.get("provider_name", "")),
        "kind": cleaned.get("provider_kind") or Provider.Kind.OTHER,
        "website": cleaned.get("provider_website") or "",
        "email": cleaned.get("provider_email") or "",
    }
    return values


# Dates travel as a sorted list of {"starts_on": "YYYY-MM-DD", "ends_on": "YYYY-MM-DD" or None}.


def dates_to_json(dates) -> list[dict]:
    """(start, end or None) pairs or OfferDates as JSON-safe values, sorted, without repeats."""
    pairs = {
        (date.starts_on, date.ends_on) if isinstance(date, OfferDate) else tuple(date)
        for date in dates
    }
    return [
        {"starts_on": start.isoformat(), "ends_on": end.isoformat() if end else None}
        for start, end in sorted(pairs, key=lambda pair: (pair[0], pair[1] or pair[0]))
    ]


def dates_from_json(values) -> list[tuple]:
    """The (start, end or None) date pairs of stored values."""
    return [
        (
            datetime.date.fromisoformat(entry["starts_on"]),
            datetime.date.fromisoformat(entry["ends_on"]) if entry.get("ends_on") else None,
        )
        for entry in values or []
    ]


def _to_json(name, value):
    if value is None:
        return None
    if name in DECIMAL_FIELDS:
        return str(value)
    if name in DATE_FIELDS:
        return value.isoformat()
    return value


def _from_json(name, value):
    if value in (None, ""):
        return None if name in DECIMAL_FIELDS | DATE_FIELDS else value
    if name in DECIMAL_FIELDS:
        return Decimal(value)
    if name in DATE_FIELDS:
        return datetime.date.fromisoformat(value)
    return value


# From an offer -----------------------------------------------------------------


def values_of_offer(offer) -> dict:
    """The live offer in the same shape as `values_from_form`."""
    values = {name: _to_json(name, getattr(offer, name)) for name in SCALAR_FIELDS}
    values["offer_type"] = offer.offer_type.slug
    for name in MANY_FIELDS:
        values[name] = sorted(item.slug for item in getattr(offer, name).all())
    values["tags"] = sorted((tag.name for tag in offer.tags.all()), key=str.casefold)
    values["dates"] = dates_to_json(offer.dates.all())
    provider = offer.provider
    values["provider"] = {
        "name": provider.name,
        "kind": provider.kind,
        "website": provider.website,
        "email": provider.email,
    }
    return values


def form_initial(values: dict) -> dict:
    """Initial data for OfferSubmissionForm from stored values."""
    initial = {name: values.get(name) for name in SCALAR_FIELDS}
    initial["is_free"] = "ja" if values.get("is_free", True) else "nein"
    initial["principles"] = [
        principle.value for principle, field in PRINCIPLE_FIELDS.items() if values.get(field)
    ]
    initial["offer_type"] = values.get("offer_type")
    for name in MANY_FIELDS:
        initial[name] = list(values.get(name) or [])
    initial["tags_text"] = ", ".join(
        f'"{tag}"' if "," in tag else tag for tag in values.get("tags") or []
    )
    initial["dates"] = dates_from_json(values.get("dates"))
    provider = values.get("provider") or {}
    for key in PROVIDER_FIELDS:
        initial[f"provider_{key}"] = provider.get(key, "")
    return initial


def same_values(old: dict, new: dict) -> bool:
    return not changed_fields(old, new)


def changed_fields(old: dict, new: dict) -> list[str]:
    """Names (and "provider.<key>") whose values differ between two value dicts."""
    changed = []
    for name in [*SCALAR_FIELDS, "offer_type", *MANY_FIELDS]:
        if _comparable(name, old.get(name)) != _comparable(name, new.get(name)):
            changed.append(name)
    if sorted(old.get("tags") or []) != sorted(new.get("tags") or []):
        changed.append("tags")
    if dates_from_json(old.get("dates")) != dates_from_json(new.get("dates")):
        changed.append("dates")
    old_provider, new_provider = old.get("provider") or {}, new.get("provider") or {}
    for key in PROVIDER_FIELDS:
        if (old_provider.get(key) or "") != (new_provider.get(key) or ""):
            changed.append(f"provider.{key}")
    return changed


def _comparable(name, value):
    if name in DECIMAL_FIELDS:
        return Decimal(value) if value not in (None, "") else None
    if value is None and name not in DATE_FIELDS:
        return ""
    return value


# Onto an offer -------------------------------------------------------------------


def normalize_name(name: str) -> str:
    return " ".join((name or "").split())


def find_provider(name: str, email: str = ""):
    """An existing provider with the same name (case-insensitive, trimmed) or e-mail.

    Approved providers win over unapproved ones, older over newer.
    """
    candidates = Provider.objects.order_by("-is_approved", "created_at", "pk")
    name = normalize_name(name)
    match = candidates.filter(name__iexact=name).first() if name else None
    if match is None and email:
        match = candidates.filter(email__iexact=email.strip()).first()
    return match


def resolve_provider(data: dict, current=None):
    """The provider for submitted provider data: `current` if the data still names it,
    else a matching existing provider, else a new one pending moderation.

    Existing providers are never changed from a public form.
    """
    name = normalize_name(data.get("name", ""))
    email = (data.get("email") or "").strip()
    if current is not None and (
        name.casefold() == current.name.casefold()
        or (email and current.email and email.casefold() == current.email.casefold())
    ):
        return current
    match = find_provider(name, email)
    if match is not None:
        return match
    provider = Provider(
        name=name,
        kind=data.get("kind") or Provider.Kind.OTHER,
        website=data.get("website") or "",
        email=email,
        is_approved=False,
    )
    save_with_unique_slug(provider, name, fallback="anbieterin")
    return provider


def _slug_base(text: str, max_length: int, fallback: str) -> str:
    base = german_slugify(text)[: max_length - 8].strip("-")
    return base or fallback


def save_with_unique_slug(instance, text: str, *, fallback: str) -> None:
    """Save a new `instance` with a slug made from `text`, unique in its table.

    Tries "titel", "titel-2" … "titel-5", then random suffixes; a concurrent insert
    of the same slug (IntegrityError) just moves on to the next candidate.
    """
    model = type(instance)
    max_length = model._meta.get_field("slug").max_length
    base = _slug_base(text, max_length, fallback)
    candidates = [base, *(f"{base}-{n}" for n in range(2, 6))]
    taken = set(model.objects.filter(slug__in=candidates).values_list("slug", flat=True))
    if model is Offer:
        taken |= RESERVED_OFFER_SLUGS
    free = [slug for slug in candidates if slug not in taken]
    for attempt in range(8):
        instance.slug = free.pop(0) if free else f"{base}-{secrets.token_hex(3)}"
        try:
            with transaction.atomic():
                instance.save()
            return
        except IntegrityError:
            # Only a slug taken in the meantime is worth another try.
            if attempt == 7 or not model.objects.filter(slug=instance.slug).exists():
                raise


def apply_values(offer, values: dict, *, provider) -> None:
    """Write `values` onto `offer` (new or existing) with `provider`, and save it.

    Raises ValidationError if a vocabulary entry named in the values no longer exists.
    """
    for name in SCALAR_FIELDS:
        if name in values:
            setattr(offer, name, _from_json(name, values[name]))
    for name in (
        "description",
        "learning_goals",
        "venue",
        "duration",
        "cost_note",
        "state",
        "municipality",
        "url",
    ):
        if getattr(offer, name) is None:
            setattr(offer, name, "")
    offer_type = OfferType.objects.filter(slug=values["offer_type"]).first()
    if offer_type is None:
        raise ValidationError("Die gewählte Angebotsart gibt es nicht mehr.")
    offer.offer_type = offer_type
    offer.provider = provider
    if offer.pk is None:
        save_with_unique_slug(offer, offer.title, fallback="angebot")
    else:
        offer.save()
    for name, model in MANY_FIELDS.items():
        getattr(offer, name).set(model.objects.filter(slug__in=values.get(name) or []))
    offer.tags.set(_tags_for(values.get("tags") or []))
    if "dates" in values:  # values stored before offers had dates leave them alone
        OfferDate.objects.set_for(offer, dates_from_json(values["dates"]))


def _tags_for(names):
    """Existing tags for names that match case-insensitively, new names as strings."""
    if not names:
        return []
    query = Q()
    for name in names:
        query |= Q(name__iexact=name)
    existing = {tag.name.casefold(): tag for tag in Tag.objects.filter(query)}
    return [existing.get(name.casefold(), name) for name in names]


# As a diff -------------------------------------------------------------------------


def field_label(name: str) -> str:
    if name.startswith("provider."):
        return PROVIDER_FIELDS[name.split(".", 1)[1]]
    if name == "tags":
        return "Schlagworte"
    if name == "dates":
        return "Termine"
    return str(Offer._meta.get_field(name).verbose_name)


def display_value(name: str, values: dict, vocabulary: dict) -> str:
    """A value as a person reads it (German labels, names instead of slugs)."""
    if name.startswith("provider."):
        key = name.split(".", 1)[1]
        value = (values.get("provider") or {}).get(key) or ""
        if key == "kind" and value:
            return str(Provider.Kind(value).label) if value in Provider.Kind.values else value
        return value or "–"
    value = values.get(name)
    if name == "tags":
        return ", ".join(value or []) or "–"
    if name == "dates":
        labels = [OfferDate(starts_on=s, ends_on=e).label for s, e in dates_from_json(value)]
        return "; ".join(labels) or "–"
    if name in MANY_FIELDS or name == "offer_type":
        slugs = value if isinstance(value, list) else [value] if value else []
        return ", ".join(vocabulary[name].get(slug, slug) for slug in slugs) or "–"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if value in (None, ""):
        return "–"
    field = Offer._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if name in DATE_FIELDS:
        return datetime.date.fromisoformat(value).strftime("%d.%m.%Y")
    if name == "cost_eur":
        amount = f"{Decimal(value):,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
        return f"{amount} €"
    if name in DECIMAL_FIELDS:
        return f"{Decimal(value).normalize():f}".replace(".", ",")
    return str(value)


def diff_rows(old: dict, new: dict) -> list[dict]:
    """One row per changed field: label, old and new value as text."""
    vocabulary = {
        "offer_type": dict(OfferType.objects.values_list("slug", "name")),
        **{
            name: dict(model.objects.values_list("slug", "name"))
            for name, model in MANY_FIELDS.items()
        },
    }
    return [
        {
            "field": name,
            "label": field_label(name),
            "old": display_value(name, old, vocabulary),
            "new": display_value(name, new, vocabulary),
        }
        for name in changed_fields(old, new)
    ]


def consent_given_at(offer: Offer) -> datetime.datetime | None:
    """When the provider consented to the privacy notice, or None if we cannot tell.

    The public submission form requires consent, and submitting issues the first edit
    link (purpose „eingereicht“); that link's time is the time of consent. Offers the
    team entered itself have no such link: their providers are asked on the edit page.
    """
    link = (
        OfferEditLink.objects.filter(offer=offer, purpose=OfferEditLink.Purpose.SUBMITTED)
        .order_by("created_at")
        .first()
    )
    return link.created_at if link else None
