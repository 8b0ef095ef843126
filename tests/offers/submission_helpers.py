"""Helpers for the tests of the provider pages and the moderation of submitted offers."""

import re

from django.contrib.auth.models import Group, User
from django.core import mail

from offers import services
from offers.submission.values import values_from_form
from tests.helpers import spam_fields

SUBMIT_URL = "/angebote/einreichen/"
_EDIT_PATH = re.compile(r"/angebote/bearbeiten/([A-Za-z0-9_-]{43})/")


def form_data(**overrides) -> dict:
    """Valid POST data for the submission (and edit) form; pass field=value to change one."""
    data = {
        "title": "Agile Methoden für die Kommunalverwaltung",
        "summary": "Ein Einstieg in Scrum und Kanban für Ämter und Fachbereiche.",
        "description": "Drei Module mit Übungen aus dem Verwaltungsalltag.",
        "offer_type": "fortbildung",
        "url": "https://www.beispiel.de/agil",
        "valid_until": "",
        "audiences": ["fuehrungskraefte", "planungskraefte"],
        "topics": ["innovative-methoden"],
        "gaps": ["innovative-arbeitsweisen"],
        "principles": ["ressortuebergreifend"],
        "tags_text": "Scrum, Kanban",
        "delivery": "digital-live",
        "duration": "3 Module à 2 Stunden",
        "time_commitment_hours": "6",
        "is_free": "ja",
        "cost_eur": "",
        "cost_note": "",
        "application_required": "",
        "travel_required": "",
        "certificate": "on",
        "region_scope": "bundesweit",
        "state": "",
        "municipality": "",
        "language": "de",
        "provider_name": "Forum Agile Kommune",
        "provider_kind": "verein",
        "provider_website": "https://www.forum-agil.example",
        "provider_email": "info@forum-agil.example",
        "contact_name": "Alex Beispiel",
        "contact_email": "alex@forum-agil.example",
        "consent": "on",
        **spam_fields(),
    }
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    # Unchecked checkboxes are simply not sent by a browser.
    return {key: value for key, value in data.items() if value != "" or key in _TEXT_KEYS}


_TEXT_KEYS = {
    "title",
    "summary",
    "description",
    "url",
    "valid_until",
    "tags_text",
    "duration",
    "time_commitment_hours",
    "cost_eur",
    "cost_note",
    "state",
    "municipality",
    "provider_website",
    "provider_email",
    "website",
}


def submitted_values(**overrides) -> dict:
    """The values a valid form produces, for calling the services directly."""
    from offers.submission.forms import OfferSubmissionForm

    form = OfferSubmissionForm(form_data(**overrides))
    assert form.is_valid(), form.errors
    return values_from_form(form.cleaned_data)


def submit_offer(**overrides):
    """Submit through the service; returns (offer, token). Clears the outbox afterwards."""
    offer, token = services.submit_offer(submitted_values(**overrides))
    mail.outbox.clear()
    return offer, token


def edit_path_from(message) -> str:
    match = _EDIT_PATH.search(message.body)
    assert match, message.body
    return match.group(0)


def team_member(username="team"):
    user = User.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Initiativteam"))
    return User.objects.get(pk=user.pk)
