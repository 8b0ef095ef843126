"""Personal data in the catalogue: offers' contact persons and providers' addresses.

Part of the privacy registry (see feedback.dsgvo): `export_for_email` and
`erase_for_email`. Erasing keeps the offer and the provider and blanks only the
personal contact fields.
"""

from .models import Offer, Provider


def _iso(value):
    return value.isoformat() if value else None


def export_for_email(email: str) -> dict:
    """Offers and providers that store `email`. Contact details of an offer are included
    only when they are this person's; an offer found through the provider's address
    shows no other person's contact data."""
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
        if offer.contact_email.lower() == email.lower():
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
    return {"angebote": exported_offers, "anbieter_innen": providers}


def erase_for_email(email: str) -> int:
    """Blank the contact person and address of offers and providers that store `email`.
    The offers stay in the catalogue. Returns the number of offers and providers changed."""
    email = email.strip()
    changed = 0
    for offer in Offer.objects.filter(contact_email__iexact=email):
        offer.contact_name = ""
        offer.contact_email = ""
        offer.save(update_fields=["contact_name", "contact_email", "updated_at"])
        changed += 1
    for provider in Provider.objects.filter(email__iexact=email):
        provider.email = ""
        provider.save(update_fields=["email", "updated_at"])
        changed += 1
    return changed
