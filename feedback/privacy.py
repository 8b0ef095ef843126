"""Personal data in contributions: DSGVO information (Art. 15) and erasure (Art. 17).

Part of the privacy registry: each app has `<app>/privacy.py` with
`export_for_email(email) -> dict` and `erase_for_email(email) -> int`;
feedback.dsgvo calls them all.
"""

from django.db.models import Prefetch

from . import services
from .models import Contribution, ContributionReply


def _iso(value):
    return value.isoformat() if value else None


def _contributions(email: str):
    return Contribution.objects.filter(email__iexact=email.strip())


def export_for_email(email: str) -> dict:
    """Everything stored about contributions sent with `email`, including the team's notes."""
    contributions = (
        _contributions(email)
        .select_related("gap", "offer", "cooperation", "need__audience", "need__topic")
        .prefetch_related(
            Prefetch("replies", queryset=ContributionReply.objects.order_by("sent_at"))
        )
        .order_by("created_at")
    )
    return {"contributions": [_export_contribution(c) for c in contributions]}


def _export_contribution(c: Contribution) -> dict:
    data = {
        "id": c.pk,
        "eingegangen": _iso(c.created_at),
        "art": c.get_kind_display(),
        "rolle": c.get_role_display(),
        "name": c.name,
        "email": c.email,
        "organisation": c.organisation,
        "leerstelle": c.gap.name if c.gap else None,
        "angebot": c.offer.title if c.offer else None,
        "text": c.text,
        "einwilligung_am": _iso(c.consent_at),
        "oeffentlich_erlaubt": c.public_opt_in,
        "oeffentlich_als": c.get_public_name_display() if c.public_opt_in else None,
        "status": c.get_status_display(),
        "veroeffentlicht_am": _iso(c.published_at),
        "oeffentliche_antwort": c.public_answer,
        "interne_notiz": c.internal_note,
        "letzte_aktivitaet": _iso(c.last_activity_at),
        "antwort_emails": [
            {"gesendet_am": _iso(r.sent_at), "betreff": r.subject, "text": r.body}
            for r in c.replies.all()
        ],
        "kooperation": None,
        "bedarf": None,
    }
    need = getattr(c, "need", None)  # reverse one-to-one: may not exist
    if need is not None:
        data["bedarf"] = {
            "zielgruppe": need.audience.name if need.audience else None,
            "themenfeld": need.topic.name if need.topic else None,
        }
    cooperation = getattr(c, "cooperation", None)  # reverse one-to-one: may not exist
    if cooperation is not None:
        data["kooperation"] = {
            "art_der_organisation": cooperation.get_organisation_type_display(),
            "angebot_oder_suche": cooperation.offer_or_seek,
            "kontaktweg": cooperation.get_preferred_contact_display(),
            "telefon": cooperation.phone,
            "stand": cooperation.get_status_display(),
            "naechster_schritt": cooperation.next_step,
            "naechster_schritt_bis": _iso(cooperation.next_step_due),
        }
    return data


def erase_for_email(email: str) -> int:
    """Anonymise every contribution sent with `email` (withdrawn from the public, contact
    data, text, notes and replies removed; kind, role, references and dates stay for the
    statistics). Returns the number of contributions changed."""
    changed = 0
    for contribution in _contributions(email):
        services.anonymise_contribution(
            contribution, keep_public=False, reason="Löschung auf Wunsch (DSGVO Art. 17)"
        )
        changed += 1
    return changed
