"""What happens to an alert. Every change goes through one of these functions."""

import datetime
import logging
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from kommune360.mail import send_templated
from kommune360.site_url import absolute
from offers.catalogue.query import Catalogue
from offers.models import AlertFrequency, SearchAlert
from offers.open_data.feeds import filter_title, newest_first

logger = logging.getLogger(__name__)

_SALT = "offers.alerts"
PERIODS = {
    AlertFrequency.DAILY: datetime.timedelta(days=1),
    AlertFrequency.WEEKLY: datetime.timedelta(days=7),
}
# A cron job that runs a few minutes early must not skip a day.
PERIOD_TOLERANCE = datetime.timedelta(hours=1)
DIGEST_SIZE = 20
UNCONFIRMED_DAYS = 3
# A digest looks only at offers published at least this long ago: an offer whose publishing
# transaction began before the digest's query but committed after it would otherwise fall
# between two runs. The next run picks up what this one leaves.
PUBLISH_SETTLE = datetime.timedelta(minutes=2)


def token_for(alert: SearchAlert) -> str:
    """The alert's private link token: its random key, signed with the SECRET_KEY."""
    return signing.Signer(salt=_SALT).sign(alert.key)


def alert_for_token(token: str) -> SearchAlert | None:
    try:
        key = signing.Signer(salt=_SALT).unsign(token or "")
    except signing.BadSignature:
        return None
    return SearchAlert.objects.filter(key=key).first()


def links(alert: SearchAlert) -> dict:
    token = token_for(alert)
    return {
        "confirm_url": absolute(reverse("offers:alert_confirm", args=[token])),
        "manage_url": absolute(reverse("offers:alert_manage", args=[token])),
        "unsubscribe_url": absolute(reverse("offers:alert_unsubscribe", args=[token])),
        "catalogue_url": absolute(
            reverse("offers:catalogue") + (f"?{alert.query}" if alert.query else "")
        ),
    }


def saved_state(querydict) -> tuple[str, str]:
    """(query, description) of the catalogue selection in `querydict`, cleaned.

    Only the filters are kept: no order, no page. Unknown values are dropped the
    way the catalogue drops them. The description reads like the page's chips.
    """
    catalogue = Catalogue(querydict)
    pairs = catalogue.state_pairs(drop="sortierung")
    return urlencode(pairs), describe(catalogue)


def describe(catalogue) -> str:
    return filter_title(catalogue) or "alle Angebote"


def description_of(alert: SearchAlert) -> str:
    return describe(Catalogue(QueryDict(alert.query)))


@dataclass
class Subscription:
    alert: SearchAlert
    created: bool


@transaction.atomic
def subscribe(email: str, querydict, frequency: str) -> Subscription:
    """Save an unconfirmed alert and queue the confirmation mail (double opt-in).

    Asking again for the same address and filters does not make a second alert:
    an unconfirmed one gets the confirmation again, a confirmed one its link to
    manage it. Nothing but these mails is sent before confirmation.
    """
    query, description = saved_state(querydict)
    existing = (
        SearchAlert.objects.select_for_update().filter(email__iexact=email, query=query).first()
    )
    if existing is not None:
        if not existing.is_confirmed:
            existing.frequency = frequency
            existing.save(update_fields=["frequency"])
        _send(existing, "exists" if existing.is_confirmed else "confirm", description)
        return Subscription(existing, created=False)
    alert = SearchAlert.objects.create(email=email, query=query, frequency=frequency)
    _send(alert, "confirm", description)
    return Subscription(alert, created=True)


def _send(alert, kind, description, offers=(), total=0):
    subjects = {
        "confirm": "Bitte bestätigen Sie Ihr Suchabo",
        "exists": "Ihr Suchabo bei Kommune 360°",
        "digest": f"Neue Angebote: {description}",
    }
    context = {
        "alert": alert,
        "description": description,
        "offers": offers,
        "total": total,
        "frequency": alert.get_frequency_display(),
        "unconfirmed_days": UNCONFIRMED_DAYS,
        "privacy_url": absolute(reverse("datenschutz")),
        "site_url": settings.SITE_URL,
        **links(alert),
    }
    headers = None
    if kind == "digest":
        headers = {
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    send_templated(
        f"offers/emails/alert_{kind}", subjects[kind][:200], [alert.email], context, headers=headers
    )


@transaction.atomic
def confirm(alert: SearchAlert, now=None) -> bool:
    """Confirm the alert; offers published from now on count as new. False if it already was."""
    alert = SearchAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.is_confirmed:
        return False
    now = now or timezone.now()
    alert.confirmed_at = now
    alert.checked_until = now
    alert.save(update_fields=["confirmed_at", "checked_until"])
    return True


def change_frequency(alert: SearchAlert, frequency: str) -> None:
    SearchAlert.objects.filter(pk=alert.pk).update(frequency=frequency)


def unsubscribe(alert: SearchAlert) -> None:
    """Delete the alert with everything stored about it."""
    SearchAlert.objects.filter(pk=alert.pk).delete()


def due_alerts(now=None):
    """Confirmed alerts whose period has passed since they were last checked."""
    now = now or timezone.now()
    due = SearchAlert.objects.none()
    for frequency, period in PERIODS.items():
        due |= SearchAlert.objects.confirmed().filter(
            frequency=frequency, checked_until__lte=now - period + PERIOD_TOLERANCE
        )
    return due.order_by("pk")


def new_offers(alert: SearchAlert, until):
    """The offers matching the alert's filters, published after its last check, newest first."""
    catalogue = Catalogue(newest_first(QueryDict(alert.query)))
    return catalogue, catalogue.results().filter(
        published_at__gt=alert.checked_until, published_at__lte=until
    )


def filters_vanished(alert: SearchAlert, catalogue) -> bool:
    """True when a saved filter value no longer exists (the team renamed or removed an
    audience, field or gap). The catalogue drops unknown values, so such an alert would
    widen to offers the person never asked for."""
    return urlencode(catalogue.state_pairs(drop="sortierung")) != alert.query


@dataclass
class DigestReport:
    checked: int = 0
    sent: int = 0
    stale: int = 0


def send_digests(now=None) -> DigestReport:
    """Queue one digest per due alert with new matching offers; none when nothing is new.

    Each alert is checked in its own transaction, under a row lock: the mail is
    queued and the alert's "checked until" moves forward together, so a second
    run (or a parallel one) sends nothing twice.
    """
    now = now or timezone.now()
    until = now - PUBLISH_SETTLE
    report = DigestReport()
    for pk in due_alerts(now).values_list("pk", flat=True):
        with transaction.atomic():
            alert = due_alerts(now).select_for_update(skip_locked=True).filter(pk=pk).first()
            if alert is None:
                continue  # checked by a parallel run, or changed meanwhile
            report.checked += 1
            catalogue, offers = new_offers(alert, until)
            if filters_vanished(alert, catalogue):
                # Nothing is sent rather than offers nobody asked for; the person still has
                # the alert's link and can subscribe anew. The team sees it in the log.
                logger.warning(
                    "Suchabo %s not sent: a saved filter no longer exists (%s)",
                    alert.pk,
                    "; ".join(catalogue.notes) or alert.query,
                )
                report.stale += 1
                found = []
            else:
                found = list(offers.for_cards()[: DIGEST_SIZE + 1])
            if found:
                total = offers.count() if len(found) > DIGEST_SIZE else len(found)
                _send(alert, "digest", describe(catalogue), found[:DIGEST_SIZE], total)
                alert.last_sent_at = now
                report.sent += 1
            alert.checked_until = until
            alert.save(update_fields=["checked_until", "last_sent_at"])
    return report


def purge_unconfirmed(now=None, dry_run=False) -> int:
    """Delete alerts left unconfirmed for UNCONFIRMED_DAYS days. Returns how many."""
    now = now or timezone.now()
    stale = SearchAlert.objects.unconfirmed().filter(
        created_at__lt=now - datetime.timedelta(days=UNCONFIRMED_DAYS)
    )
    if dry_run:
        return stale.count()
    deleted, _by_model = stale.delete()
    return deleted
