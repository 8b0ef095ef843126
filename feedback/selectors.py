"""Reads of contributions that views share."""

from django.db.models import QuerySet

from .models import Contribution


def published_for_gap(gap) -> QuerySet:
    """Contributions shown on the page of `gap`, newest first.

    Only contributions the team published AND whose author opted in; each carries
    `display_name` (the author's name or "anonym", as the author chose). Contact
    data is not loaded.
    """
    return Contribution.objects.public().filter(gap=gap).order_by("-created_at", "-id")
