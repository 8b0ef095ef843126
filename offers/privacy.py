"""Personal data in the catalogue: DSGVO information (Art. 15) and erasure (Art. 17).

Part of the privacy registry (see feedback.dsgvo): `export_for_email` and
`erase_for_email`. The offers app stores an address in these places:

- `Offer.contact_name` / `contact_email`: the offer's contact person;
- `Provider.email`;
- `OfferEditLink.sent_to`, `OfferMessage.emailed_to`, `OfferReminder.sent_to`:
  where a private link, a message of the team or an expiry reminder went;
- `OfferChange.values`: a proposed change carries `contact_name`, `contact_email`
  and `provider.email` (see offers.submission.values.values_from_form).

Erasing blanks these personal fields and keeps the offers and providers as
records; an offer whose contact person asked for erasure also leaves the public
catalogue (archived), as the privacy notice promises for a withdrawn consent.
`anonymise_offer` (used by offers.retention) blanks all of them for one offer.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from .models import Offer, OfferChange, OfferEditLink, OfferMessage, OfferReminder, Provider

# Keys of OfferChange.values that hold personal data: the contact person, and the
# provider's address under "provider".
CONTACT_KEYS = ("contact_name", "contact_email")
PROVIDER_EMAIL_KEY = "email"


def _iso(value):
    return value.isoformat() if value else None


def _same(address: str, email: str) -> bool:
    return bool(address) and address.strip().lower() == email.lower()


def _changes(email: str):
    return OfferChange.objects.filter(
        Q(values__contact_email__iexact=email) | Q(values__provider__email__iexact=email)
    )


def export_for_email(email: str) -> dict:
    """Everything the catalogue stores about `email`. Contact details of an offer or a
    proposed change are included only when they are this person's; an offer found
    through the provider's address shows no other person's contact data."""
    email = email.strip()
    offers = (
        (
            Offer.objects.filter(contact_email__iexact=email)
            | Offer.objects.filter(provider__email__iexact=email)
        )
        .select_related("provider")
        .distinct()
        .order_by("pk")
    )
    exported_offers = []
    for offer in offers:
        entry = {
            "id": offer.pk,
            "titel": offer.title,
            "kurzname": offer.slug,
            "status": offer.get_status_display(),
            "anbieter_in": offer.provider.name,
            "angelegt": _iso(offer.created_at),
            "geaendert": _iso(offer.updated_at),
        }
        if _same(offer.contact_email, email):
            entry["ansprechperson"] = offer.contact_name
            entry["kontakt_email"] = offer.contact_email
        exported_offers.append(entry)
    providers = [
        {
            "id": provider.pk,
            "name": provider.name,
            "email": provider.email,
            "website": provider.website,
            "art": provider.get_kind_display(),
            "angelegt": _iso(provider.created_at),
        }
        for provider in Provider.objects.filter(email__iexact=email).order_by("pk")
    ]
    links = [
        {
            "angebot_id": link.offer_id,
            "angebot": link.offer.title,
            "verschickt": link.get_purpose_display(),
            "an": link.sent_to,
            "ausgestellt": _iso(link.created_at),
            "zuletzt_benutzt": _iso(link.last_used_at),
            "widerrufen_am": _iso(link.revoked_at),
        }
        for link in OfferEditLink.objects.filter(sent_to__iexact=email)
        .select_related("offer")
        .order_by("created_at", "pk")
    ]
    messages = [
        {
            "angebot_id": message.offer_id,
            "angebot": message.offer.title,
            "anlass": message.get_kind_display(),
            "text": message.text,
            "zeitpunkt": _iso(message.created_at),
            "per_email_an": message.emailed_to,
            "email_verschickt": message.email_sent,
        }
        for message in OfferMessage.objects.filter(emailed_to__iexact=email)
        .select_related("offer")
        .order_by("created_at", "pk")
    ]
    reminders = [
        {
            "angebot_id": reminder.offer_id,
            "angebot": reminder.offer.title,
            "gueltig_bis": _iso(reminder.valid_until),
            "an": reminder.sent_to,
            "verschickt": _iso(reminder.sent_at),
        }
        for reminder in OfferReminder.objects.filter(sent_to__iexact=email)
        .select_related("offer")
        .order_by("sent_at", "pk")
    ]
    changes = [
        {
            "angebot_id": change.offer_id,
            "angebot": change.offer.title,
            "status": change.get_status_display(),
            "eingegangen": _iso(change.created_at),
            "zuletzt_geaendert": _iso(change.updated_at),
            "entschieden_am": _iso(change.decided_at),
            "begruendung": change.decision_reason,
            "vorgeschlagene_angaben": _own_values(change.values, email),
        }
        for change in _changes(email).select_related("offer").order_by("created_at", "pk")
    ]
    return {
        "angebote": exported_offers,
        "anbieter_innen": providers,
        "bearbeitungslinks": links,
        "nachrichten": messages,
        "ablauf_erinnerungen": reminders,
        "aenderungsvorschlaege": changes,
    }


def _own_values(values: dict, email: str) -> dict:
    """A copy of a change's proposed values without personal data of anybody else."""
    values = dict(values or {})
    provider = dict(values.get("provider") or {})
    if not _same(values.get("contact_email") or "", email):
        for key in CONTACT_KEYS:
            values.pop(key, None)
    if not _same(provider.get(PROVIDER_EMAIL_KEY) or "", email):
        provider.pop(PROVIDER_EMAIL_KEY, None)
    if "provider" in values:
        values["provider"] = provider
    return values


def blank_personal_values(values: dict, *, contact: bool = True, provider_email: bool = True):
    """A copy of a change's values with the contact person and/or the provider's address
    set to "" (the keys stay, so the change can still be shown and decided)."""
    values = dict(values or {})
    if contact:
        for key in CONTACT_KEYS:
            values[key] = ""
    if provider_email:
        values["provider"] = {**(values.get("provider") or {}), PROVIDER_EMAIL_KEY: ""}
    return values


WITHDRAWN_CONSENT = "Einwilligung widerrufen: Kontaktdaten gelöscht (Art. 17 DSGVO)"


@transaction.atomic
def erase_for_email(email: str) -> int:
    """Blank `email` wherever the catalogue stores it: the contact person of offers,
    providers' addresses, the recipients of links, messages and reminders, and the
    contact data in proposed changes. Offers and providers stay as records, but an
    offer of this contact person that is public or waiting for moderation is archived
    (through offers.services), so it leaves the catalogue at once.
    Returns the number of records changed."""
    from .services import S, transition_offer

    email = email.strip()
    changed = 0
    for offer in Offer.objects.filter(contact_email__iexact=email):
        offer.contact_name = ""
        offer.contact_email = ""
        offer.save(update_fields=["contact_name", "contact_email", "updated_at"])
        if offer.status in {S.PUBLISHED, S.SUBMITTED, S.DRAFT}:
            transition_offer(offer, S.ARCHIVED, reason=WITHDRAWN_CONSENT)
        changed += 1
    for provider in Provider.objects.filter(email__iexact=email):
        provider.email = ""
        provider.save(update_fields=["email", "updated_at"])
        changed += 1
    changed += OfferEditLink.objects.filter(sent_to__iexact=email).update(sent_to="")
    changed += OfferMessage.objects.filter(emailed_to__iexact=email).update(emailed_to="")
    changed += OfferReminder.objects.filter(sent_to__iexact=email).update(sent_to="")
    for change in _changes(email):
        provider = change.values.get("provider") or {}
        change.values = blank_personal_values(
            change.values,
            contact=_same(change.values.get("contact_email") or "", email),
            provider_email=_same(provider.get(PROVIDER_EMAIL_KEY) or "", email),
        )
        change.save(update_fields=["values"])
        changed += 1
    return changed


def _filled(key: str) -> Q:
    """Q for a JSON key of `values` that is present, not null and not empty."""
    return (
        Q(**{f"values__{key}__isnull": False})
        & ~Q(**{f"values__{key}": None})
        & ~Q(**{f"values__{key}": ""})
    )


def change_has_personal_values() -> Q:
    """Q for OfferChange rows whose values still name a contact or a provider address."""
    return _filled("contact_name") | _filled("contact_email") | _filled("provider__email")


def holds_personal_data():
    """Q for offers that still store a contact person or an address somewhere."""
    own = {"offer": OuterRef("pk")}
    return (
        ~Q(contact_name="")
        | ~Q(contact_email="")
        | Exists(OfferEditLink.objects.filter(**own).exclude(sent_to=""))
        | Exists(OfferMessage.objects.filter(**own).exclude(emailed_to=""))
        | Exists(OfferReminder.objects.filter(**own).exclude(sent_to=""))
        | Exists(OfferChange.objects.filter(change_has_personal_values(), **own))
    )


@transaction.atomic
def anonymise_offer(offer: Offer) -> None:
    """Remove every personal contact detail stored with `offer`: its contact person and
    the recipients of its links, messages and reminders, and the contact data in its
    proposed changes. The offer itself (organisation, content, status, log) stays."""
    offer.contact_name = ""
    offer.contact_email = ""
    offer.save(update_fields=["contact_name", "contact_email", "updated_at"])
    offer.edit_links.exclude(sent_to="").update(sent_to="")
    offer.messages.exclude(emailed_to="").update(emailed_to="")
    offer.reminders.exclude(sent_to="").update(sent_to="")
    for change in offer.changes.filter(change_has_personal_values()):
        change.values = blank_personal_values(change.values)
        change.save(update_fields=["values"])
