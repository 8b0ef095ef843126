"""Demo contributions for `manage.py load_demo`: a few voices the team approved and answered.

Idempotent: each demo contribution is identified by its demo address and created
only once. All are marked `is_demo` and use addresses under kommune360.example.
"""

import datetime

from django.utils import timezone

from offers.models import Gap

from . import services
from .models import (
    AuthorRole,
    Contribution,
    ContributionKind,
    ContributionStatus,
    CooperationRequest,
    CooperationStatus,
    OrganisationType,
    PreferredContact,
    PublicName,
)

# (key, gap slug, kind, role, name, organisation, shown as, days ago, text, public answer)
PUBLISHED = [
    (
        "hinweis-genehmigung",
        "innovative-arbeitsweisen",
        ContributionKind.HINT,
        AuthorRole.MUNICIPAL,
        "Sabine K.",
        "Landkreis (Demo)",
        PublicName.WITH_NAME,
        20,
        "Bei uns scheitern neue Methoden oft schon an der Fortbildungsgenehmigung: Ein "
        "zweitägiger Scrum-Kurs ist schwerer durchzubekommen als zehn Online-Termine à 45 "
        "Minuten. Vielleicht lohnt ein Blick darauf, wie Angebote „genehmigungsfreundlich“ "
        "zugeschnitten werden können.",
        "Danke für diesen Hinweis! Wir nehmen „genehmigungsfreundliche“ Zuschnitte als "
        "Kriterium in die Beschreibung der Angebote auf und sammeln Beispiele dafür.",
    ),
    (
        "erfahrung-lean-coffee",
        "digital-niedrigschwellig",
        ContributionKind.EXPERIENCE,
        AuthorRole.MUNICIPAL,
        "",
        "",
        PublicName.ANONYMOUS,
        45,
        "Ich habe zum ersten Mal an einem Lean Coffee teilgenommen. Nach einer Stunde hatte "
        "ich drei Kontakte aus anderen Kommunen, die vor derselben Frage stehen wie wir. "
        "Ohne Anreise und ohne Antrag – genau so etwas fehlt sonst.",
        "Schön, dass es geholfen hat! Die nächsten Termine stehen unter „Formate“.",
    ),
    (
        "widerspruch-politik",
        "kommunalpolitik",
        ContributionKind.OBJECTION,
        AuthorRole.OTHER,
        "Jonas M.",
        "Gemeinderat (Demo)",
        PublicName.WITH_NAME,
        75,
        "Ich sehe das etwas anders: Es gibt durchaus Fortbildungen für Ratsmitglieder, nur "
        "finden sie abends und in Präsenz statt. Das Problem ist weniger das Angebot als die "
        "Zeit, die ehrenamtlich Tätigen bleibt.",
        "Ein wichtiger Einwand. Wir haben die Beschreibung der Leerstelle geschärft: Es geht "
        "vor allem um Formate, die mit einem Ehrenamt vereinbar sind.",
    ),
    (
        "kommentar-planung",
        "interdisziplinaer-lernen",
        ContributionKind.COMMENT,
        AuthorRole.PROVIDER,
        "",
        "",
        PublicName.ANONYMOUS,
        110,
        "Als Anbieterin erleben wir, dass Planungskräfte und Fachkräfte selten im selben "
        "Raum sitzen. Gemischte Lerngruppen funktionieren bei uns am besten, wenn beide "
        "Seiten einen konkreten Fall aus ihrer Kommune mitbringen.",
        "Danke! Gemischte Gruppen mit eigenen Fällen sind auch die Idee hinter unseren "
        "Working-Out-Loud-Kreisen.",
    ),
]

COOPERATION = {
    "key": "kooperation-hochschule",
    "gap": "veraenderung-gestalten",
    "name": "Dr. Anna L.",
    "organisation": "Hochschule (Demo)",
    "days_ago": 12,
    "text": "Wir entwickeln ein Modul zu Netzwerksteuerung in Kommunen und würden es gern "
    "mit Praktiker:innen aus Ihrem Netzwerk erproben.",
    "offer_or_seek": "Ein erprobtes Lernmodul (4 × 2 Stunden) und Begleitforschung; wir suchen "
    "zwei bis drei Kommunen für einen Pilot.",
}


def _demo_email(key: str) -> str:
    return f"demo-{key}@kommune360.example"


def _moment(today: datetime.date, days_ago: int) -> datetime.datetime:
    day = today - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def load(*, today: datetime.date, stdout) -> str:
    """Create the demo contributions that do not exist yet; return a one-line summary."""
    gaps = {gap.slug: gap for gap in Gap.objects.all()}
    created = 0
    for key, gap_slug, kind, role, name, organisation, shown_as, days, text, answer in PUBLISHED:
        email = _demo_email(key)
        if Contribution.objects.filter(is_demo=True, email=email).exists():
            continue
        moment = _moment(today, days)
        contribution = Contribution.objects.create(
            kind=kind,
            role=role,
            name=name,
            email=email,
            organisation=organisation,
            gap=gaps.get(gap_slug),
            text=text,
            public_opt_in=True,
            public_name=shown_as,
            public_answer=answer,
            consent_at=moment,
            created_at=moment,
            last_activity_at=moment,
            is_demo=True,
        )
        services.set_status(contribution, ContributionStatus.PUBLISHED, reason="Demo-Inhalt")
        created += 1
        stdout.write(f"  Mitdenken: „{contribution.get_kind_display()}“ zu {contribution.gap}\n")

    email = _demo_email(COOPERATION["key"])
    if not Contribution.objects.filter(is_demo=True, email=email).exists():
        moment = _moment(today, COOPERATION["days_ago"])
        contribution = Contribution.objects.create(
            kind=ContributionKind.COOPERATION,
            role=AuthorRole.PROVIDER,
            name=COOPERATION["name"],
            email=email,
            organisation=COOPERATION["organisation"],
            gap=gaps.get(COOPERATION["gap"]),
            text=COOPERATION["text"],
            consent_at=moment,
            created_at=moment,
            last_activity_at=moment,
            is_demo=True,
        )
        CooperationRequest.objects.create(
            contribution=contribution,
            organisation_type=OrganisationType.UNIVERSITY,
            offer_or_seek=COOPERATION["offer_or_seek"],
            preferred_contact=PreferredContact.EMAIL,
            status=CooperationStatus.IN_TALKS,
            next_step="Termin für ein erstes Gespräch vereinbaren",
            next_step_due=today + datetime.timedelta(days=7),
            created_at=moment,
        )
        services.set_status(contribution, ContributionStatus.IN_PROGRESS, reason="Demo-Inhalt")
        created += 1
        stdout.write("  Mitdenken: Kooperationsanfrage (im Gespräch)\n")

    total = Contribution.objects.filter(is_demo=True).count()
    return f"Mitdenken: {created} Demo-Beiträge angelegt, {total} insgesamt."
