"""Demo contributions for `manage.py load_demo`: a few voices the team approved and answered.

The entries live in `demo_data/contributions.toml`, checked when this module is
imported. Idempotent: each demo contribution is identified by its demo address and
created only once. All are marked `is_demo` and use addresses under kommune360.example.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from kommune360.demo_data import (
    DemoDataError,
    check_choice,
    entries,
    entry,
    look_up,
    read_toml,
)
from offers.models import Audience, Gap, Offer, Topic

from . import services
from .models import (
    AuthorRole,
    Contribution,
    ContributionKind,
    ContributionStatus,
    CooperationRequest,
    CooperationStatus,
    Need,
    OrganisationType,
    PreferredContact,
    PublicName,
)

DATA_FILE = Path(__file__).parent / "demo_data" / "contributions.toml"


@dataclass(frozen=True, kw_only=True)
class DemoContribution:
    """A published contribution with the team's public answer."""

    key: str
    gap: str
    kind: str
    role: str
    name: str = ""
    organisation: str = ""
    shown_as: str
    days_ago: int
    text: str
    answer: str
    offer: str = ""  # an offer's slug: the story appears on that offer's page

    def __post_init__(self):
        check_choice("kind", self.kind, ContributionKind.values)
        check_choice("role", self.role, AuthorRole.values)
        check_choice("shown_as", self.shown_as, PublicName.values)


@dataclass(frozen=True, kw_only=True)
class DemoCooperation:
    """A cooperation request the team works on."""

    key: str
    gap: str
    role: str
    name: str
    organisation: str
    organisation_type: str
    preferred_contact: str
    status: str
    next_step: str
    next_step_in_days: int
    days_ago: int
    text: str
    offer_or_seek: str

    def __post_init__(self):
        check_choice("role", self.role, AuthorRole.values)
        check_choice("organisation_type", self.organisation_type, OrganisationType.values)
        check_choice("preferred_contact", self.preferred_contact, PreferredContact.values)
        check_choice("status", self.status, CooperationStatus.values)


@dataclass(frozen=True, kw_only=True)
class DemoNeed:
    """A reported need ("Bedarf melden"): not published, counted on /leerstellen/."""

    key: str
    gap: str
    audience: str
    topic: str = ""
    role: str
    days_ago: int
    text: str

    def __post_init__(self):
        check_choice("role", self.role, AuthorRole.values)


def read_contributions(path: Path):
    """The checked entries of a contributions file: (published, cooperation, needs)."""
    data = read_toml(path)
    published = entries(
        data, "published", DemoContribution, what=f"{path.name}: Beitrag", name_key="key"
    )
    if not isinstance(data.get("cooperation"), dict):
        raise DemoDataError(f"{path.name}: Die Tabelle [cooperation] fehlt.")
    cooperation = entry(data["cooperation"], DemoCooperation, what=f"{path.name}: [cooperation]")
    needs = entries(data, "needs", DemoNeed, what=f"{path.name}: Bedarf", name_key="key")
    return published, cooperation, needs


PUBLISHED, COOPERATION, NEEDS = read_contributions(DATA_FILE)


def _demo_email(key: str) -> str:
    return f"demo-{key}@kommune360.example"


def _moment(today: datetime.date, days_ago: int) -> datetime.datetime:
    day = today - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def load(*, today: datetime.date, stdout) -> str:
    """Create the demo contributions that do not exist yet; return a one-line summary."""
    gaps = Gap.objects.in_bulk(field_name="slug")
    created = 0
    for spec in PUBLISHED:
        email = _demo_email(spec.key)
        if Contribution.objects.filter(is_demo=True, email=email).exists():
            continue
        moment = _moment(today, spec.days_ago)
        contribution = Contribution.objects.create(
            kind=spec.kind,
            role=spec.role,
            name=spec.name,
            email=email,
            organisation=spec.organisation,
            gap=look_up(gaps, [spec.gap], what=f"Beitrag „{spec.key}“", label="Leerstelle")[0],
            offer=Offer.objects.filter(slug=spec.offer).first() if spec.offer else None,
            text=spec.text,
            public_opt_in=True,
            public_name=spec.shown_as,
            public_answer=spec.answer,
            consent_at=moment,
            created_at=moment,
            last_activity_at=moment,
            is_demo=True,
        )
        services.set_status(contribution, ContributionStatus.PUBLISHED, reason="Demo-Inhalt")
        created += 1
        stdout.write(f"  Mitdenken: „{contribution.get_kind_display()}“ zu {contribution.gap}\n")

    spec = COOPERATION
    email = _demo_email(spec.key)
    if not Contribution.objects.filter(is_demo=True, email=email).exists():
        moment = _moment(today, spec.days_ago)
        contribution = Contribution.objects.create(
            kind=ContributionKind.COOPERATION,
            role=spec.role,
            name=spec.name,
            email=email,
            organisation=spec.organisation,
            gap=look_up(gaps, [spec.gap], what=f"Beitrag „{spec.key}“", label="Leerstelle")[0],
            text=spec.text,
            consent_at=moment,
            created_at=moment,
            last_activity_at=moment,
            is_demo=True,
        )
        request = CooperationRequest.objects.create(
            contribution=contribution,
            organisation_type=spec.organisation_type,
            offer_or_seek=spec.offer_or_seek,
            preferred_contact=spec.preferred_contact,
            status=spec.status,
            next_step=spec.next_step,
            next_step_due=today + datetime.timedelta(days=spec.next_step_in_days),
            created_at=moment,
        )
        services.set_status(contribution, ContributionStatus.IN_PROGRESS, reason="Demo-Inhalt")
        created += 1
        stdout.write(f"  Mitdenken: Kooperationsanfrage ({request.get_status_display()})\n")

    created += _load_needs(today, gaps, stdout)
    total = Contribution.objects.filter(is_demo=True).count()
    return f"Mitdenken: {created} Demo-Beiträge angelegt, {total} insgesamt."


def _load_needs(today, gaps, stdout) -> int:
    audiences = Audience.objects.in_bulk(field_name="slug")
    topics = Topic.objects.in_bulk(field_name="slug")
    created = 0
    for spec in NEEDS:
        email = _demo_email(spec.key)
        if Contribution.objects.filter(is_demo=True, email=email).exists():
            continue
        what = f"Bedarf „{spec.key}“"
        moment = _moment(today, spec.days_ago)
        contribution = Contribution.objects.create(
            kind=ContributionKind.NEED,
            role=spec.role,
            email=email,
            gap=look_up(gaps, [spec.gap], what=what, label="Leerstelle")[0],
            text=spec.text,
            consent_at=moment,
            created_at=moment,
            last_activity_at=moment,
            is_demo=True,
        )
        Need.objects.create(
            contribution=contribution,
            audience=look_up(audiences, [spec.audience], what=what, label="Zielgruppe")[0],
            topic=look_up(topics, [spec.topic], what=what, label="Themenfeld")[0]
            if spec.topic
            else None,
        )
        created += 1
        stdout.write(f"  Mitdenken: Bedarf zu {contribution.gap}\n")
    return created
