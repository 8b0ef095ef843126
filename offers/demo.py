"""The demo catalogue: providers and offers for the prototype, all marked as demo content.

`load(today=..., stdout=...)` writes them idempotently: rows are keyed by their stable
slug, vocabularies and tags are set (not added), and status changes go through
`offers.services`, so a second run changes nothing and logs no second transition.

The real organisations and offers named in the initiative's analysis are included with
generic facts only; everything else is fictional ("Beispiel…", "Muster…") and uses
example.org addresses. Some audience × gap cells are left empty on purpose: the
platform's point is to show where offers are missing (e.g. nothing for
Kommunalpolitiker:innen under "interdisziplinaer-lernen" or "innovative-arbeitsweisen").
"""

import datetime
from collections import deque
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .models import (
    PRINCIPLE_FIELDS,
    Audience,
    Delivery,
    Gap,
    Language,
    Offer,
    OfferStatus,
    OfferType,
    Principle,
    Provider,
    RegionScope,
    State,
    Topic,
)
from .services import ALLOWED_TRANSITIONS, transition_offer

TRANSITION_REASON = "Demo-Inhalt"

NOTE_FICTIONAL = (
    "Demo-Inhalt: Dieses Angebot ist für die Vorführung des Prototyps erfunden; "
    "Anbieter:in, Ablauf und Kosten sind beispielhaft."
)
NOTE_REAL = (
    "Demo-Inhalt: Das Angebot gibt es tatsächlich, dieser Eintrag ist aber ein Beispiel für den "
    "Prototyp. Die Angaben sind vereinfacht und beispielhaft – verbindlich ist die Website der "
    "Anbieter:in."
)
PROVIDER_NOTE_FICTIONAL = "Demo-Inhalt: fiktive Anbieter:in für die Vorführung des Prototyps."
PROVIDER_NOTE_REAL = (
    "Demo-Inhalt: Die Organisation gibt es, diese Beschreibung ist aber nur eine knappe, "
    "beispielhafte Zusammenfassung für den Prototyp."
)

# Short names for the vocabulary slugs (seeded by migration 0002).
FK, PK, FA, VM = "fuehrungskraefte", "planungskraefte", "fachkraefte", "verwaltungsmitarbeitende"
KP, NK, TZ = "kommunalpolitiker-innen", "netzwerkkoordinator-innen", "traeger-zivilgesellschaft"
INNOVATIVE, CHANGE, DIGITAL = (
    "innovative-arbeitsweisen",
    "veraenderung-gestalten",
    "digital-niedrigschwellig",
)
POLITICS, INTERDISCIPLINARY = "kommunalpolitik", "interdisziplinaer-lernen"
CROSS, PARTICIPATORY = Principle.CROSS_DEPARTMENTAL, Principle.PARTICIPATORY
NEEDS, IMPACT = Principle.NEEDS_ORIENTED, Principle.IMPACT_ORIENTED

S = OfferStatus


class DemoDataError(Exception):
    """The demo data cannot be loaded: a vocabulary slug is missing, or a demo slug is
    already used by a real (non-demo) row, which the loader never overwrites."""


@dataclass(frozen=True, kw_only=True)
class DemoProvider:
    slug: str
    name: str
    kind: str
    description: str
    website: str = ""
    email: str = ""
    real: bool = False


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
    hours: str | None = None
    cost_eur: str | None = None  # None means free of charge
    cost_note: str = ""
    application_required: bool = False
    travel_required: bool = False
    certificate: bool = False
    state: str = ""
    municipality: str = ""
    language: str = Language.GERMAN
    url: str = ""
    contact_name: str = ""
    contact_email: str = ""
    tags: tuple[str, ...] = ()
    status: str = S.PUBLISHED
    # Earlier statuses a freshly created offer passes through before `status`.
    history: tuple[str, ...] = ()
    published_days_ago: int = 1
    valid_for_days: int | None = None  # valid until today + n; negative: already expired
    real: bool = False

    @property
    def region_scope(self):
        if self.municipality:
            return RegionScope.MUNICIPALITY
        if self.state:
            return RegionScope.STATE
        return RegionScope.NATIONWIDE


PROVIDERS = [
    # Real organisations named in the analysis (generic facts only).
    DemoProvider(
        slug="creative-bureaucracy-festival",
        name="Creative Bureaucracy Festival",
        kind=Provider.Kind.NETWORK,
        website="https://creativebureaucracy.org/",
        description="Internationale Plattform für kreative und innovative Ansätze im "
        "öffentlichen Sektor, bekannt durch ihr jährliches Festival in Berlin.",
        real=True,
    ),
    DemoProvider(
        slug="verwaltungsrebellen",
        name="Verwaltungsrebellen",
        kind=Provider.Kind.NETWORK,
        website="https://verwaltungsrebellen.de/",
        description="Initiative, die Menschen sichtbar macht, die in Verwaltungen neue Wege der "
        "Zusammenarbeit gehen, und agile Methoden für den Verwaltungsalltag sammelt.",
        real=True,
    ),
    DemoProvider(
        slug="forum-agile-verwaltung",
        name="Forum Agile Verwaltung e.V.",
        kind=Provider.Kind.ASSOCIATION,
        website="https://agile-verwaltung.org/",
        description="Verein von Praktiker:innen aus Verwaltung, Wissenschaft und Beratung, der "
        "agile Haltung und Methoden in die öffentliche Verwaltung trägt.",
        real=True,
    ),
    DemoProvider(
        slug="bag-landesjugendaemter",
        name="Bundesarbeitsgemeinschaft Landesjugendämter",
        kind=Provider.Kind.STATE,
        website="https://www.bagljae.de/",
        description="Zusammenschluss der Landesjugendämter, der unter anderem Arbeitshilfen für "
        "die Praxis der Kinder- und Jugendhilfe herausgibt.",
        real=True,
    ),
    DemoProvider(
        slug="freie-hansestadt-bremen",
        name="Freie Hansestadt Bremen",
        kind=Provider.Kind.STATE,
        website="https://www.bremen.de/",
        description="Stadtstaat, der die Kompetenzanforderungen an seine Verwaltung "
        "systematisch untersucht und das Fortbildungsangebot daran ausrichtet.",
        real=True,
    ),
    DemoProvider(
        slug="initiative-kommune-360",
        name="Initiative Kommune 360°",
        kind=Provider.Kind.NETWORK,
        description="Die Initiative hinter dieser Plattform: Sie analysiert Unterstützungsangebote "
        "für kommunale Akteur:innen und erprobt eigene digitale Kurzformate.",
        real=True,
    ),
    # Fictional providers, one or more of every kind.
    DemoProvider(
        slug="beispielverband-kinder-jugendhilfe",
        name="Beispielverband Kinder- und Jugendhilfe e.V.",
        kind=Provider.Kind.ASSOCIATION,
        website="https://example.org/beispielverband",
        email="fortbildung@beispielverband.example.org",
        description="Fachverband freier und öffentlicher Träger, der Fortbildungen und "
        "Arbeitshilfen für Planung und Fachpraxis anbietet.",
    ),
    DemoProvider(
        slug="musterhochschule-verwaltung-soziales",
        name="Musterhochschule für Verwaltung und Soziales",
        kind=Provider.Kind.UNIVERSITY,
        website="https://example.org/musterhochschule",
        email="weiterbildung@musterhochschule.example.org",
        description="Hochschule mit berufsbegleitender Weiterbildung für Verwaltung, Sozialplanung "
        "und Soziale Arbeit.",
    ),
    DemoProvider(
        slug="beispielstiftung-zukunft-kommune",
        name="Beispielstiftung Zukunft Kommune",
        kind=Provider.Kind.FOUNDATION,
        website="https://example.org/beispielstiftung",
        email="programme@beispielstiftung.example.org",
        description="Stiftung, die Kommunen bei wirkungsorientierter Steuerung und beim "
        "gemeinsamen Lernen von Politik, Verwaltung und Praxis unterstützt.",
    ),
    DemoProvider(
        slug="beispiel-landesinstitut-jugend-soziales",
        name="Beispiel-Landesinstitut für Jugend und Soziales",
        kind=Provider.Kind.STATE,
        website="https://example.org/landesinstitut",
        email="institut@landesinstitut.example.org",
        description="Landeseinrichtung für Fortbildung und Praxisberatung in Jugendhilfe, "
        "Prävention und Netzwerkarbeit.",
    ),
    DemoProvider(
        slug="beispiel-bundesakademie-verwaltungspraxis",
        name="Beispiel-Bundesakademie für Verwaltungspraxis",
        kind=Provider.Kind.FEDERAL,
        website="https://example.org/bundesakademie",
        email="lernen@bundesakademie.example.org",
        description="Bundeseinrichtung mit frei zugänglichen Lernangeboten für Beschäftigte in "
        "Bund, Ländern und Kommunen.",
    ),
    DemoProvider(
        slug="stadt-musterstadt",
        name="Stadt Musterstadt – Personal- und Organisationsamt",
        kind=Provider.Kind.MUNICIPALITY,
        website="https://example.org/musterstadt",
        email="personalentwicklung@musterstadt.example.org",
        description="Mittelgroße Stadt, die Lern- und Austauschangebote für die eigene Verwaltung "
        "entwickelt und mit anderen Kommunen teilt.",
    ),
    DemoProvider(
        slug="landkreis-beispielkreis",
        name="Landkreis Beispielkreis",
        kind=Provider.Kind.MUNICIPALITY,
        website="https://example.org/beispielkreis",
        email="netzwerk@beispielkreis.example.org",
        description="Ländlicher Landkreis mit einer Koordinierungsstelle für Netzwerke in "
        "Jugendhilfe und Gesundheit.",
    ),
    DemoProvider(
        slug="musterberatung-wandel-wirkung",
        name="Musterberatung Wandel & Wirkung GmbH",
        kind=Provider.Kind.CONSULTANCY,
        website="https://example.org/musterberatung",
        email="kontakt@musterberatung.example.org",
        description="Beratungsunternehmen für Organisationsentwicklung, Service Design und "
        "integrierte Planung im öffentlichen Sektor.",
    ),
]


OFFERS = [
    # --- Real offers named in the analysis --------------------------------------------
    DemoOffer(
        slug="creative-bureaucracy-festival",
        title="Creative Bureaucracy Festival",
        provider="creative-bureaucracy-festival",
        offer_type="tagung",
        audiences=(FK, VM, TZ),
        topics=("innovative-methoden", "veraenderungsmanagement"),
        gaps=(INNOVATIVE,),
        principles=(CROSS,),
        delivery=Delivery.HYBRID,
        summary="Internationales Festival für kreative und innovative Ansätze im öffentlichen "
        "Sektor: Geschichten aus Behörden, Mitmach-Formate und viel Austausch über Ebenen und "
        "Ländergrenzen hinweg.",
        description="Das Festival ist eine Bühne für Menschen, die Verwaltung neu denken und "
        "dabei Spaß an ihrer Arbeit haben. Im Programm wechseln sich Erfahrungsberichte aus "
        "Behörden, kurze Vorträge und interaktive Formate ab, in denen neue Methoden gleich "
        "ausprobiert werden. Kommunale Akteur:innen können hier über den eigenen Tellerrand "
        "schauen und Kontakte zu Kolleg:innen aus anderen Städten und Ländern knüpfen. Je nach "
        "Ausgabe lässt sich ein Teil des Programms auch digital verfolgen.",
        duration="mehrtägig, aktuelle Termine auf der Festival-Website",
        cost_note="Demo-Angabe – bitte die aktuellen Konditionen beim Festival prüfen.",
        language=Language.GERMAN_ENGLISH,
        url="https://creativebureaucracy.org/",
        tags=("Verwaltungsinnovation", "Design Thinking", "Netzwerk"),
        published_days_ago=12,
        real=True,
    ),
    DemoOffer(
        slug="verwaltungsrebellen-blog-und-austausch",
        title="Verwaltungsrebellen: Blog und Austauschräume zu agiler Verwaltung",
        provider="verwaltungsrebellen",
        offer_type="austausch",
        audiences=(VM, FK),
        topics=("innovative-methoden", "veraenderungsmanagement"),
        gaps=(INNOVATIVE, DIGITAL),
        principles=(CROSS, NEEDS),
        delivery=Delivery.DIGITAL_SELF_PACED,
        summary="Praxisgeschichten und erprobte Methoden für agiles Arbeiten in Behörden, dazu "
        "Räume, in denen Verwaltungsmitarbeitende sich über ihre Erfahrungen austauschen.",
        description="Im Blog der Verwaltungsrebellen erzählen Menschen aus Behörden, wie sie "
        "neue Formen der Zusammenarbeit ausprobiert haben – mit Erfolgen und mit Stolpersteinen. "
        "Daneben wächst eine Sammlung von Werkzeugen, die sich im Verwaltungsalltag bewährt "
        "haben. In den Austauschformaten der Initiative bringen Interessierte eigene Fragen mit "
        "und beraten sich gegenseitig. Das passt zu allen, die im eigenen Haus etwas bewegen "
        "wollen und dafür Verbündete suchen.",
        url="https://verwaltungsrebellen.de/",
        tags=("Scrum", "Kanban", "Agilität", "Kollegiale Beratung"),
        published_days_ago=20,
        real=True,
    ),
    DemoOffer(
        slug="forum-agile-verwaltung",
        title="Forum Agile Verwaltung e.V.: Netzwerk, Blog und Konferenzen",
        provider="forum-agile-verwaltung",
        offer_type="austausch",
        audiences=(VM, FK),
        topics=("innovative-methoden", "veraenderungsmanagement"),
        gaps=(INNOVATIVE, CHANGE),
        principles=(CROSS, NEEDS),
        delivery=Delivery.HYBRID,
        summary="Ein Verein von Praktiker:innen, der agile Haltung und Methoden in die "
        "öffentliche Verwaltung bringt – mit Blog, kollegialem Austausch und Veranstaltungen.",
        description="Im Forum Agile Verwaltung haben sich Menschen aus Kommunen, Landes- und "
        "Bundesbehörden, Hochschulen und Beratung zusammengetan. Ihr Bild von der Verwaltung der "
        "Zukunft: eine Dienstleisterin für Bürger:innen, die die Gesellschaft von morgen aktiv "
        "mitgestaltet. Der Verein teilt Erfahrungen im Blog, lädt zu Konferenzen ein und bietet "
        "Gelegenheit zur kollegialen Beratung. Wer agile Ansätze im eigenen Haus einführen will, "
        "findet hier Gleichgesinnte und Beispiele aus der Praxis.",
        cost_note="Demo-Angabe – für einzelne Veranstaltungen können Beiträge anfallen.",
        url="https://agile-verwaltung.org/",
        tags=("Scrum", "Kanban", "OKR", "Barcamp", "Agilität"),
        published_days_ago=33,
        real=True,
    ),
    DemoOffer(
        slug="kompetenzprofil-jugendhilfeplanung",
        title="Arbeitshilfe „Kompetenzprofil Jugendhilfeplanung“",
        provider="bag-landesjugendaemter",
        offer_type="publikation",
        audiences=(PK, FK),
        topics=("jugendhilfeplanung", "personalentwicklung"),
        gaps=(CHANGE,),
        principles=(NEEDS, IMPACT),
        delivery=Delivery.DIGITAL_SELF_PACED,
        summary="Arbeitshilfe der Bundesarbeitsgemeinschaft Landesjugendämter, die beschreibt, "
        "welche Kompetenzen eine Fachkraft in der Jugendhilfeplanung braucht – hilfreich für "
        "Stellenprofile, Einarbeitung und Personalentwicklung.",
        description="Die Arbeitshilfe benennt die Kernkompetenzen der Jugendhilfeplanung: "
        "analytische und konzeptionelle Fähigkeiten ebenso wie Prozess- und Netzwerksteuerung, "
        "Veränderungsmanagement und die Steuerung von Beteiligung. Vieles davon gehört nicht zum "
        "klassischen Stoff einer Verwaltungsausbildung. Leitungen können das Profil nutzen, um "
        "Stellen zu beschreiben und Fortbildungsbedarf zu erkennen, Planungskräfte, um die "
        "eigene Rolle zu klären. Die Arbeitshilfe steht zum Herunterladen bereit.",
        url="https://www.bagljae.de/",
        tags=("Kompetenzprofil", "Personalentwicklung", "Prozesssteuerung"),
        published_days_ago=61,
        real=True,
    ),
    DemoOffer(
        slug="projekt-zaf-bremen-kompetenzbedarfe",
        title="Projekt ZAF: künftige Kompetenzbedarfe der Bremer Verwaltung",
        provider="freie-hansestadt-bremen",
        offer_type="publikation",
        audiences=(FK, VM),
        topics=("personalentwicklung", "veraenderungsmanagement"),
        gaps=(CHANGE,),
        principles=(NEEDS,),
        delivery=Delivery.DIGITAL_SELF_PACED,
        summary="Ein Projektbeispiel aus Bremen: Wie verändern gesellschaftliche Entwicklungen "
        "die Anforderungen an die Kompetenzen in der Verwaltung, und wie richtet man das "
        "Fortbildungsangebot danach aus?",
        description="Im Projekt ZAF geht die Freie Hansestadt Bremen der Frage nach, welche "
        "Fähigkeiten ihre Beschäftigten angesichts gesellschaftlicher Veränderungen künftig "
        "brauchen. Aus dieser Analyse leitet die Verwaltung ab, wie sich ihr Weiterbildungsangebot "
        "entwickeln soll. Für andere Kommunen ist das ein Beispiel dafür, Personalentwicklung "
        "vorausschauend und systematisch anzugehen. Wer Ähnliches plant, kann sich am Vorgehen "
        "orientieren.",
        state=State.HB,
        url="https://example.org/angebote/projekt-zaf-bremen",
        tags=("Kompetenzmanagement", "Personalentwicklung", "Zukunftskompetenzen"),
        published_days_ago=75,
        real=True,
    ),
    DemoOffer(
        slug="netzwerkkoordination-in-der-kommune",
        title="Fortbildungskonzept „Netzwerkkoordination in der Kommune“",
        provider="beispiel-landesinstitut-jugend-soziales",
        offer_type="fortbildung",
        audiences=(FK, NK, TZ),
        topics=("netzwerkarbeit", "integrierte-planung-sozialraum"),
        gaps=(CHANGE,),
        principles=(CROSS, PARTICIPATORY, IMPACT),
        delivery=Delivery.IN_PERSON,
        summary="Qualifizierung für Führungs- und Fachkräfte aus Kommunalverwaltung und "
        "Wohlfahrtspflege: Abhängigkeiten zwischen Akteur:innen erkennen, Netzwerke aufbauen, "
        "ins kommunale Geschehen einbetten, zielgerichtet steuern und auswerten.",
        description="Das Konzept versteht Netzwerke als eigenen Steuerungsansatz in der Kommune "
        "und unterscheidet verschiedene Arten von Netzwerken. Es beschreibt, welche Kompetenzen "
        "Führungskräfte und Koordinierungskräfte jeweils brauchen, und leitet daraus "
        "aufeinander abgestimmte Fortbildungsbausteine ab. In der Diskussion des Konzepts wurde "
        "angeregt, Tandems aus Führungskraft und Netzwerkkoordination derselben Kommune "
        "aufzunehmen und Erfahrungsberichten aus der Praxis viel Raum zu geben. Vorgestellt wurde "
        "es unter anderem 2017 auf der Tagung „Vernetzte Kommune“ in Düsseldorf; als "
        "Anbieter:in ist hier ein Platzhalter eingetragen.",
        duration="mehrere Bausteine für Führungs- und Fachkräfte",
        cost_note="Demo-Angabe – Konditionen hängen von der jeweiligen Durchführung ab.",
        application_required=True,
        travel_required=True,
        certificate=True,
        url="https://example.org/angebote/netzwerkkoordination-in-der-kommune",
        tags=("Netzwerkanalyse", "Netzwerksteuerung", "Tandem", "Evaluation"),
        published_days_ago=40,
        real=True,
    ),
    DemoOffer(
        slug="kommune-360-kurzimpulsreihe",
        title="Kurzimpulsreihe für kommunale Führungskräfte",
        provider="initiative-kommune-360",
        offer_type="fortbildung",
        audiences=(FK,),
        topics=("personalentwicklung", "innovative-methoden"),
        gaps=(DIGITAL,),
        principles=(CROSS, NEEDS),
        delivery=Delivery.DIGITAL_LIVE,
        summary="Kurze digitale Fachimpulse mit anschließendem Gespräch – für Leitungskräfte, "
        "die wenig Zeit haben und trotzdem am Ball bleiben wollen.",
        description="Mit dieser Reihe erprobt die Initiative Kommune 360° ein Format, das in einen "
        "vollen Kalender passt: ein Impuls von einer Viertel- bis einer halben Stunde, danach "
        "Zeit für Fragen und Austausch. Die Themen kreisen um integriertes Arbeiten, Führung in "
        "Veränderung und neue Arbeitsweisen. Teilnehmen lässt sich ohne Antrag und ohne Reise, "
        "direkt vom Arbeitsplatz aus. Die nächsten Termine stehen im Bereich „Formate“ dieser "
        "Plattform.",
        duration="je 15–30 Minuten Impuls plus Austausch",
        hours="0.8",
        url="https://example.org/angebote/kurzimpulsreihe",
        tags=("Kurzimpuls", "Führung", "Integriertes Arbeiten"),
        published_days_ago=2,
        real=True,
    ),
    # --- Kommune 360° formats ------------------------------------------------------------
    DemoOffer(
        slug="lean-coffee-kommunale-akteurinnen",
        title="Lean Coffee: offene Austauschrunde für kommunale Akteur:innen",
        provider="initiative-kommune-360",
        offer_type="austausch",
        audiences=(FK, PK, FA, VM, NK),
        topics=("netzwerkarbeit", "innovative-methoden"),
        gaps=(DIGITAL, INTERDISCIPLINARY),
        principles=(CROSS, NEEDS),
        delivery=Delivery.DIGITAL_LIVE,
        summary="Eine Stunde Fachgespräch ohne vorbereitete Tagesordnung: Die Teilnehmenden "
        "bringen ihre Themen mit, stimmen ab und besprechen sie in kurzen Zeitfenstern.",
        description="Zu Beginn sammeln alle ihre Fragen auf einem digitalen Board und verteilen "
        "Punkte. Dann kommt der Reihe nach dran, was die meisten Stimmen hat – jeweils für ein "
        "festes Zeitfenster, nach dem die Runde entscheidet, ob sie weiterredet oder zum nächsten "
        "Thema geht. So entsteht in kurzer Zeit ein Gespräch über genau die Fragen, die gerade "
        "drängen. Die Runden sind bewusst gemischt: Leitung, Planung, Fachpraxis und "
        "Netzwerkarbeit sitzen am selben virtuellen Tisch.",
        duration="60 Minuten",
        hours="1.0",
        url="https://example.org/angebote/lean-coffee",
        tags=("Lean Coffee", "Peer Learning", "Kollegiale Beratung"),
        published_days_ago=5,
    ),
    DemoOffer(
        slug="working-out-loud-circles",
        title="Working-Out-Loud-Circles für kommunale Gestalter:innen",
        provider="initiative-kommune-360",
        offer_type="austausch",
        audiences=(FK, PK, FA, VM, NK, TZ),
        topics=("personalentwicklung", "netzwerkarbeit"),
        gaps=(DIGITAL, INTERDISCIPLINARY),
        principles=(CROSS, NEEDS),
        delivery=Delivery.DIGITAL_LIVE,
        summary="In Gruppen von vier bis fünf Personen arbeitet jede:r zwölf Wochen lang an einem "
        "eigenen Vorhaben – begleitet von den anderen, eine Stunde pro Woche, online.",
        description="Ein Circle trifft sich zwölfmal, einmal pro Woche für eine Stunde. Jede:r "
        "bringt ein persönliches Ziel mit, etwa ein Netzwerk aufzubauen oder eine Methode im "
        "eigenen Team einzuführen, und kommt mit Unterstützung der Gruppe Schritt für Schritt "
        "voran. Die Circles werden gezielt über Kommunen und Berufsgruppen hinweg "
        "zusammengesetzt, damit unterschiedliche Blickwinkel aufeinandertreffen. Leitfäden für "
        "jede Woche machen eine Moderation von außen überflüssig.",
        duration="12 Treffen à 60 Minuten",
        hours="12.0",
        url="https://example.org/angebote/working-out-loud",
        tags=("Working Out Loud", "Peer Learning", "Selbstorganisation"),
        published_days_ago=9,
    ),
    # --- Fictional offers ----------------------------------------------------------------
    DemoOffer(
        slug="agil-arbeiten-kommunalverwaltung-grundkurs",
        title="Agil arbeiten in der Kommunalverwaltung – Grundkurs",
        provider="musterhochschule-verwaltung-soziales",
        offer_type="fortbildung",
        audiences=(VM, FK),
        topics=("innovative-methoden", "personalentwicklung"),
        gaps=(INNOVATIVE,),
        principles=(NEEDS,),
        delivery=Delivery.HYBRID,
        summary="Drei Module, die Scrum, Kanban und Retrospektiven auf typische Abläufe in Ämtern "
        "übertragen – geübt an Vorhaben aus dem Arbeitsalltag der Teilnehmenden.",
        description="Der Kurs klärt zuerst, wo agile Methoden in einer rechtsgebundenen "
        "Verwaltung passen und wo nicht. In den folgenden Modulen probieren die Teilnehmenden ein "
        "Aufgabenboard, kurze Planungszyklen und regelmäßige Rückschau an eigenen Vorhaben aus. "
        "Zwischen den Modulen liegen kleine Praxisaufträge. Ein Merkblatt hilft, die Teilnahme "
        "im eigenen Haus genehmigen zu lassen.",
        duration="3 Module à 4 Stunden",
        hours="12.0",
        cost_eur="390",
        cost_note="inklusive Arbeitsmaterial",
        certificate=True,
        state=State.NI,
        contact_name="Jana Beispiel",
        contact_email="weiterbildung@musterhochschule.example.org",
        tags=("Scrum", "Kanban", "Retrospektive", "Agilität"),
        published_days_ago=15,
        valid_for_days=120,
    ),
    DemoOffer(
        slug="design-thinking-buergerservices",
        title="Design Thinking für Bürgerservices",
        provider="musterberatung-wandel-wirkung",
        offer_type="fortbildung",
        audiences=(VM, FA),
        topics=("innovative-methoden", "beteiligung"),
        gaps=(INNOVATIVE, INTERDISCIPLINARY),
        principles=(PARTICIPATORY, NEEDS),
        delivery=Delivery.IN_PERSON,
        summary="Zweitägiger Praxisworkshop: Verwaltung und Fachpraxis entwickeln gemeinsam eine "
        "Leistung aus Sicht der Bürger:innen neu – vom Interview bis zum Prototyp.",
        description="Der erste Tag gehört den Menschen, die eine Leistung nutzen: Die "
        "Teilnehmenden führen kurze Interviews und verdichten, was sie gehört haben. Am zweiten "
        "Tag entstehen einfache Prototypen, die noch im Workshop mit Testpersonen ausprobiert "
        "werden. Gemischte Teams aus Verwaltung und Fachpraxis sind ausdrücklich erwünscht, weil "
        "sich ihre Sichtweisen ergänzen. Am Ende steht ein Plan für den nächsten Schritt im "
        "eigenen Haus.",
        duration="2 Tage",
        hours="14.0",
        cost_eur="690",
        travel_required=True,
        certificate=True,
        state=State.BY,
        contact_name="Mika Muster",
        contact_email="kontakt@musterberatung.example.org",
        tags=("Design Thinking", "Service Design", "Prototyping", "Nutzerzentrierung"),
        published_days_ago=26,
        valid_for_days=75,
    ),
    DemoOffer(
        slug="okr-werkzeugkoffer-fachbereiche",
        title="Ziele gemeinsam vereinbaren: OKR-Werkzeugkoffer für Fachbereiche",
        provider="beispielstiftung-zukunft-kommune",
        offer_type="werkzeugkoffer",
        audiences=(FK, PK),
        topics=("innovative-methoden", "veraenderungsmanagement"),
        gaps=(INNOVATIVE, CHANGE),
        principles=(CROSS, IMPACT),
        delivery=Delivery.DIGITAL_SELF_PACED,
        summary="Vorlagen, Beispiele und eine Anleitung, um mit Objectives and Key Results "
        "ressortübergreifende Ziele zu setzen und ihre Wirkung nachzuhalten.",
        description="Der Werkzeugkoffer übersetzt die Methode Objectives and Key Results in die "
        "Sprache der Kommunalverwaltung. Er enthält Vorlagen für Zielworkshops, Beispiele aus "
        "Jugend, Sozialem und Bildung und Hinweise, wie sich die Ziele mit vorhandenen "
        "Steuerungsinstrumenten verbinden lassen. Eine Checkliste hilft, typische Fehler zu "
        "vermeiden – etwa zu viele Ziele auf einmal. Alle Materialien dürfen frei heruntergeladen "
        "und angepasst werden.",
        tags=("OKR", "Wirkungslogik", "Zielsteuerung"),
        published_days_ago=48,
    ),
    DemoOffer(
        slug="kanban-methodenkarte-musterstadt",
        title="Kanban im Team: Methodenkarte der Stadt Musterstadt",
        provider="stadt-musterstadt",
        offer_type="methode",
        audiences=(VM, FK),
        topics=("innovative-methoden",),
        gaps=(INNOVATIVE, DIGITAL),
        principles=(NEEDS,),
        delivery=Delivery.DIGITAL_SELF_PACED,
        summary="Eine zweiseitige Anleitung, mit der ein Team in einer Stunde sein erstes "
        "Aufgabenboard aufbaut – auf Papier oder digital.",
        description="Das Personal- und Organisationsamt hat die Karte für die eigenen Teams "
        "geschrieben und stellt sie anderen Kommunen zur Verfügung. Sie erklärt, wie man Arbeit "
        "sichtbar macht, die Zahl paralleler Aufgaben begrenzt und in kurzen Abstimmungen darüber "
        "spricht. Ein Beispiel aus dem Bürgeramt zeigt, wie das im Alltag aussieht. Ein kurzes "
        "Erklärvideo ergänzt die Karte.",
        duration="etwa 1 Stunde",
        hours="1.0",
        state=State.NW,
        municipality="Musterstadt",
        contact_name="Tarek Beispiel",
        contact_email="personalentwicklung@musterstadt.example.org",
        tags=("Kanban", "Visualisierung", "Teamarbeit"),
        published_days_ago=52,
    ),
    DemoOffer(
        slug="retrospektiven-moderieren-e-learning",
        title="Retrospektiven moderieren – E-Learning",
        provider="beispiel-bundesakademie-verwaltungspraxis",
        offer_type="e-learning",
        audiences=(VM, FK, NK),
        topics=("innovative-methoden", "personalentwicklung"),
        gaps=(INNOVATIVE, DIGITAL),
        principles=(NEEDS,),
        delivery=Delivery.DIGITAL_SELF_PACED,
        summary="Selbstlernkurs in vier Lektionen: wie Teams regelmäßig auf ihre Zusammenarbeit "
        "schauen und daraus konkrete Verbesserungen ableiten.",
        description="Retrospektiven sind ein leichter Einstieg in agiles Arbeiten, auch ohne "
        "das ganze Scrum-Rahmenwerk. Der Kurs zeigt verschiedene Abläufe, vom schnellen Check-in "
        "bis zur ausführlichen Projektrückschau, und gibt Tipps für schwierige Situationen. Kurze "
        "Videos wechseln sich mit Übungen ab, die sich direkt im eigenen Team ausprobieren lassen. "
        "Wer alle Lektionen abschließt, erhält eine Teilnahmebescheinigung.",
        duration="4 Lektionen à etwa 1 Stunde, frei einteilbar",
        hours="4.0",
        certificate=True,
        tags=("Retrospektive", "Moderation", "Scrum"),
        published_days_ago=67,
    ),
    DemoOffer(
        slug="change-management-kommunale-fuehrung",
        title="Veränderung führen: Change Management für kommunale Führungskräfte",
        provider="musterhochschule-verwaltung-soziales",
        offer_type="fortbildung",
        audiences=(FK,),
        topics=("veraenderungsmanagement", "personalentwicklung"),
        gaps=(CHANGE,),
        principles=(PARTICIPATORY, IMPACT),
        delivery=Delivery.IN_PERSON,
        summary="Weiterbildung in zwei Blöcken für Leitungen, die ein Amt oder einen Fachbereich "
        "durch eine Umstrukturierung oder eine neue Form der Zusammenarbeit führen.",
        description="Im Mittelpunkt stehen zwei Fragen: Wie reagieren Menschen auf Veränderung, "
        "und wie kann Führung den Übergang gestalten? Die Teilnehmenden arbeiten an einem eigenen "
        "Vorhaben und entwickeln dafür einen Fahrplan mit Kommunikation, Beteiligung der "
        "Mitarbeitenden und Zwischenzielen. Zwischen den Präsenzblöcken beraten sie sich in "
        "kleinen Gruppen gegenseitig. Die Plätze werden über eine kurze Bewerbung vergeben.",
        duration="2 Blöcke à 2 Tage",
        hours="28.0",
        cost_eur="1250",
        application_required=True,
        travel_required=True,
        certificate=True,
        state=State.BW,
        contact_name="Jana Beispiel",
        contact_email="weiterbildung@musterhochschule.example.org",
        tags=("Change Management", "Führung", "Kollegiale Beratung"),
        published_days_ago=31,
        valid_for_days=150,
    ),
    DemoOffer(
        slug="prozessbegleitung-integrierte-sozialplanung",
        title="Prozessbegleitung für integrierte Sozialplanung",
        provider="musterberatung-wandel-wirkung",
        offer_type="beratung",
        audiences=(FK, PK),
        topics=("sozialplanung", "integrierte-planung-sozialraum"),
        gaps=(CHANGE,),
        principles=(CROSS, PARTICIPATORY, NEEDS, IMPACT),
        delivery=Delivery.HYBRID,
        summary="Mehrmonatige Begleitung für Kommunen, die Sozial-, Jugendhilfe- und "
        "Bildungsplanung zusammenführen und gemeinsame Ziele für ihre Sozialräume entwickeln.",
        description="Das Beratungsteam begleitet eine kommunale Steuerungsgruppe vom ersten "
        "Zielbild bis zu abgestimmten Maßnahmen. Dazu gehören eine gemeinsame Datengrundlage, "
        "Workshops mit den beteiligten Ämtern und Trägern und eine einfache Wirkungslogik, an der "
        "sich der Fortschritt ablesen lässt. Umfang und Rhythmus werden zu Beginn gemeinsam "
        "festgelegt. Die Termine finden teils vor Ort, teils online statt.",
        duration="nach Vereinbarung, meist 6 bis 12 Monate",
        cost_eur="4800",
        cost_note="Richtwert für ein halbes Jahr Begleitung",
        contact_name="Mika Muster",
        contact_email="kontakt@musterberatung.example.org",
        tags=("Sozialraumanalyse", "Wirkungslogik", "Prozesssteuerung"),
        published_days_ago=84,
    ),
    DemoOffer(
        slug="netzwerkanalyse-in-der-praxis",
        title="Netzwerke sichtbar machen: Netzwerkanalyse in der Praxis",
        provider="beispiel-landesinstitut-jugend-soziales",
        offer_type="fortbildung",
        audiences=(NK, PK, TZ),
        topics=("netzwerkarbeit", "integrierte-planung-sozialraum"),
        gaps=(CHANGE, INTERDISCIPLINARY),
        principles=(CROSS, PARTICIPATORY),
        delivery=Delivery.DIGITAL_LIVE,
        summary="Online-Seminar in drei Teilen: die Akteur:innen eines kommunalen Netzwerks "
        "erfassen, ihre Beziehungen darstellen und daraus Schlüsse für die Steuerung ziehen.",
        description="Wer ein Netzwerk koordiniert, verliert leicht den Überblick, wer mit wem wie "
        "eng zusammenarbeitet. Das Seminar führt in einfache Formen der Netzwerkanalyse ein, vom "
        "Akteursmapping auf Papier bis zu frei verfügbaren Werkzeugen. Die Teilnehmenden "
        "untersuchen ein Netzwerk aus ihrer eigenen Praxis und besprechen die Ergebnisse in "
        "gemischten Gruppen aus Koordination, Planung und freien Trägern. Dabei zeigt sich auch, "
        "wie unterschiedlich die Beteiligten auf dasselbe Netzwerk blicken.",
        duration="3 Termine à 2 Stunden",
        hours="6.0",
        cost_eur="120",
        certificate=True,
        state=State.SN,
        contact_name="Ole Platzhalter",
        contact_email="institut@landesinstitut.example.org",
        tags=("Netzwerkanalyse", "Akteursmapping", "Netzwerksteuerung"),
        published_days_ago=7,
        valid_for_days=90,
    ),
    DemoOffer(
        slug="beteiligung-steuern-jugendhilfeplanung",
        title="Beteiligung steuern: Kinder und Jugendliche in der Jugendhilfeplanung",
        provider="beispielverband-kinder-jugendhilfe",
        offer_type="fortbildung",
        audiences=(PK, FA),
        topics=("beteiligung", "jugendhilfeplanung"),
        gaps=(CHANGE, INTERDISCIPLINARY),
        principles=(PARTICIPATORY, NEEDS),
        delivery=Delivery.IN_PERSON,
        summary="Zweitägige Fortbildung, in der Planungskräfte und pädagogische Fachkräfte "
        "gemeinsam Beteiligungsverfahren für Planungsprozesse entwerfen.",
        description="Beteiligung junger Menschen gelingt am besten, wenn Planung und Fachpraxis "
        "an einem Strang ziehen. Deshalb richtet sich die Fortbildung an beide Gruppen und lässt "
        "sie in gemischten Teams arbeiten. Es geht um passende Methoden für verschiedene "
        "Altersgruppen, um den Umgang mit Erwartungen und darum, wie Ergebnisse verbindlich in "
        "die Planung einfließen. Vorhaben der Teilnehmenden dienen als Übungsfälle.",
        duration="2 Tage",
        hours="12.0",
        cost_eur="280",
        travel_required=True,
        certificate=True,
        state=State.HE,
        contact_name="Lea Exempel",
        contact_email="fortbildung@beispielverband.example.org",
        tags=("Beteiligung", "Kinder- und Jugendbeteiligung", "Moderation"),
        published_days_ago=19,
        valid_for_days=100,
    ),
    DemoOffer(
        slug="jugendhilfeausschuss-kompaktwissen",
        title="Jugendhilfe verstehen: Kompaktwissen für den Jugendhilfeausschuss",
        provider="beispielverband-kinder-jugendhilfe",
        offer_type="fortbildung",
        audiences=(KP, TZ),
        topics=("jugendhilfeplanung",),
        gaps=(POLITICS,),
        principles=(NEEDS, IMPACT),
        delivery=Delivery.DIGITAL_LIVE,
        summary="Zwei Abende online für Mitglieder des Jugendhilfeausschusses: Aufgaben, "
        "Planungsgrundlagen und wie man strategisch mitsteuert.",
        description="Der Jugendhilfeausschuss hat eine besondere Stellung, doch viele Mitglieder "
        "bekommen kaum eine Einführung. Der erste Abend erklärt Aufgaben und Rechte des "
        "Ausschusses und die Grundzüge der Jugendhilfeplanung. Am zweiten Abend üben die "
        "Teilnehmenden, Planungsberichte zu lesen, gute Fragen zu stellen und Schwerpunkte zu "
        "setzen. Die Termine liegen bewusst am Abend, damit sie neben Beruf und Ehrenamt passen.",
        duration="2 Abende à 2 Stunden",
        hours="4.0",
        certificate=True,
        state=State.NI,
        contact_name="Lea Exempel",
        contact_email="fortbildung@beispielverband.example.org",
        tags=("Jugendhilfeausschuss", "Haushalt", "Strategische Steuerung"),
        published_days_ago=11,
        valid_for_days=60,
    ),
    DemoOffer(
        slug="wirkungsziele-seminar-ratsmitglieder",
        title="Strategisch steuern mit Wirkungszielen – Seminar für Ratsmitglieder",
        provider="beispielstiftung-zukunft-kommune",
        offer_type="fortbildung",
        audiences=(KP, FK),
        topics=("sozialplanung", "veraenderungsmanagement"),
        gaps=(POLITICS,),
        principles=(CROSS, IMPACT),
        delivery=Delivery.HYBRID,
        summary="Ein Samstagsseminar für Kommunalpolitiker:innen: Wie formuliert man Ziele für "
        "Kinder, Jugendliche und Familien, die im Haushalt und in der Verwaltung wirklich "
        "ankommen?",
        description="Räte und Kreistage entscheiden über Mittel, sehen aber oft nur Ausgaben und "
        "kaum Wirkungen. Das Seminar zeigt, wie sich Wirkungsziele formulieren und mit wenigen, "
        "aussagekräftigen Kennzahlen hinterlegen lassen. Führungskräfte aus der Verwaltung sind "
        "ebenfalls eingeladen, damit Politik und Verwaltung eine gemeinsame Sprache finden. Die "
        "Teilnahme ist vor Ort oder online möglich.",
        duration="1 Samstag, 9 bis 16 Uhr",
        hours="6.0",
        cost_eur="60",
        cost_note="Ermäßigung für ehrenamtliche Mandatsträger:innen auf Anfrage",
        certificate=True,
        contact_name="Sam Vorlage",
        contact_email="programme@beispielstiftung.example.org",
        tags=("Wirkungslogik", "Haushalt", "Zielsteuerung"),
        published_days_ago=24,
        valid_for_days=45,
    ),
    DemoOffer(
        slug="podcast-sozialplanung-kommunalpolitik",
        title="Sozialplanung in 20 Minuten: Podcast für die Kommunalpolitik",
        provider="musterhochschule-verwaltung-soziales",
        offer_type="e-learning",
        audiences=(KP, TZ),
        topics=("sozialplanung", "praevention"),
        gaps=(POLITICS, DIGITAL),
        principles=(NEEDS,),
        delivery=Delivery.DIGITAL_SELF_PACED,
        summary="Acht kurze Folgen erklären, was Sozialplanung leistet, wie aus Daten "
        "Entscheidungen werden und welche Fragen Politik an die Planung stellen kann.",
        description="Jede Folge greift eine Frage auf, die in Ausschüssen oft gestellt wird, zum "
        "Beispiel warum ein Stadtteil mehr Mittel bekommt als ein anderer. Im Gespräch erklären "
        "Planer:innen und Kommunalpolitiker:innen ihre Sicht – und wo sie einander manchmal "
        "missverstehen. Die Folgen lassen sich unterwegs hören und passen in jede Pause. Zu jeder "
        "Folge gibt es eine Seite mit Stichpunkten und Hinweisen zum Weiterlesen.",
        duration="8 Folgen à etwa 20 Minuten",
        hours="2.7",
        tags=("Podcast", "Sozialplanung", "Datenkompetenz"),
        published_days_ago=3,
    ),
    DemoOffer(
        slug="praeventionsketten-politisch-begleiten",
        title="Präventionsketten politisch begleiten – Werkstatt für Politik und Verwaltung",
        provider="beispiel-landesinstitut-jugend-soziales",
        offer_type="fortbildung",
        audiences=(KP, FK, PK),
        topics=("praevention", "integrierte-planung-sozialraum"),
        gaps=(POLITICS, CHANGE),
        principles=(CROSS, IMPACT),
        delivery=Delivery.IN_PERSON,
        summary="Eintägige Werkstatt: Kommunalpolitiker:innen, Leitungen und Planungskräfte "
        "klären, wie eine kommunale Präventionskette aufgebaut, finanziert und politisch "
        "getragen wird.",
        description="Präventionsketten brauchen einen langen Atem und Rückhalt im Rat. In der "
        "Werkstatt lernen die Teilnehmenden Beispiele aus Kommunen kennen und erarbeiten, welche "
        "Beschlüsse, Strukturen und Daten eine Präventionskette braucht. Ein Schwerpunkt liegt "
        "auf der Frage, wie Politik den Fortschritt begleiten kann, ohne ins Tagesgeschäft "
        "einzugreifen. Die Plätze werden nach Bewerbung an Teams aus einer Kommune vergeben.",
        duration="1 Tag",
        hours="6.0",
        application_required=True,
        travel_required=True,
        certificate=True,
        state=State.SN,
        contact_name="Ole Platzhalter",
        contact_email="institut@landesinstitut.example.org",
        tags=("Präventionskette", "Sozialraumanalyse", "Strategische Steuerung"),
        published_days_ago=38,
        valid_for_days=110,
    ),
    DemoOffer(
        slug="digitale-ratsarbeit-sprechstunde",
        title="Digitale Ratsarbeit: offene Sprechstunde für Ratsmitglieder",
        provider="stadt-musterstadt",
        offer_type="beratung",
        audiences=(KP, VM),
        topics=("digitalisierung",),
        gaps=(POLITICS, DIGITAL),
        principles=(NEEDS,),
        delivery=Delivery.DIGITAL_LIVE,
        summary="Einmal im Monat beantwortet die Stadt Musterstadt online Fragen zum "
        "Ratsinformationssystem, zu digitalen Sitzungsunterlagen und zu Videokonferenzen.",
        description="Viele Ratsmitglieder arbeiten ehrenamtlich und haben wenig Zeit, sich in "
        "neue Werkzeuge einzuarbeiten. Die Sprechstunde ist deshalb kurz, offen und ohne "
        "Anmeldung: einfach zur angegebenen Zeit dazuschalten und fragen. Häufige Fragen werden "
        "danach in einer kleinen Wissenssammlung festgehalten. Auch Mitarbeitende der "
        "Fraktionsgeschäftsstellen sind willkommen.",
        duration="monatlich, je 45 Minuten",
        hours="0.8",
        state=State.NW,
        municipality="Musterstadt",
        contact_name="Tarek Beispiel",
        contact_email="personalentwicklung@musterstadt.example.org",
        tags=("Ratsinformationssystem", "Digitale Sitzungen"),
        published_days_ago=45,
    ),
    DemoOffer(
        slug="lernwerkstatt-praevention",
        title="Lernwerkstatt Prävention: Fach- und Planungskräfte lernen gemeinsam",
        provider="beispielstiftung-zukunft-kommune",
        offer_type="fortbildung",
        audiences=(FA, PK, VM),
        topics=("praevention", "integrierte-planung-sozialraum"),
        gaps=(INTERDISCIPLINARY,),
        principles=(CROSS, NEEDS, IMPACT),
        delivery=Delivery.HYBRID,
        summary="Vier halbtägige Termine, in denen gemischte Teams aus Fachpraxis, Planung und "
        "Verwaltung einer Kommune gemeinsam an einem Präventionsvorhaben arbeiten.",
        description="Angebote zur Prävention richten sich meist an die Fachpraxis, die Planung "
        "bleibt außen vor. Die Lernwerkstatt dreht das um: Eine Kommune meldet ein gemischtes "
        "Team an, das ein eigenes Vorhaben mitbringt. In jedem Termin wechseln sich kurze Inputs "
        "und Teamarbeit ab, dazwischen tauschen sich die Teams verschiedener Kommunen aus. Vor "
        "allem lernen die Beteiligten, wie die jeweils anderen Berufsgruppen denken und "
        "entscheiden.",
        duration="4 Termine à 3 Stunden",
        hours="12.0",
        application_required=True,
        certificate=True,
        contact_name="Sam Vorlage",
        contact_email="programme@beispielstiftung.example.org",
        tags=("Perspektivwechsel", "Präventionskette", "Fallwerkstatt"),
        published_days_ago=14,
        valid_for_days=130,
    ),
    DemoOffer(
        slug="hospitation-zwischen-fachbereichen",
        title="Systemlogiken verstehen: Hospitation zwischen Fachbereichen",
        provider="stadt-musterstadt",
        offer_type="austausch",
        audiences=(FA, VM, PK),
        topics=("personalentwicklung", "integrierte-planung-sozialraum"),
        gaps=(INTERDISCIPLINARY, CHANGE),
        principles=(CROSS,),
        delivery=Delivery.IN_PERSON,
        summary="Beschäftigte der Stadt Musterstadt laufen zwei Tage in einem anderen Fachbereich "
        "mit und werten ihre Eindrücke anschließend gemeinsam aus.",
        description="Wer weiß, wie das Nachbaramt arbeitet, kooperiert leichter. Im Programm "
        "begleiten Mitarbeitende aus Jugendamt, Sozialamt, Schulverwaltung und Stadtplanung zwei "
        "Tage lang Kolleg:innen eines anderen Bereichs. Ein gemeinsamer Workshop hält fest, was "
        "überrascht hat und was sich an der Zusammenarbeit ändern sollte. Interessierte bewerben "
        "sich mit einer kurzen Begründung über ihre Führungskraft.",
        duration="2 Hospitationstage und ein halbtägiger Auswertungsworkshop",
        hours="18.0",
        application_required=True,
        certificate=True,
        state=State.NW,
        municipality="Musterstadt",
        contact_name="Tarek Beispiel",
        contact_email="personalentwicklung@musterstadt.example.org",
        tags=("Hospitation", "Perspektivwechsel", "Job Rotation"),
        published_days_ago=57,
        valid_for_days=180,
    ),
    DemoOffer(
        slug="sozialraumanalyse-schritt-fuer-schritt",
        title="Sozialraumanalyse Schritt für Schritt",
        provider="musterhochschule-verwaltung-soziales",
        offer_type="e-learning",
        audiences=(PK, VM),
        topics=("integrierte-planung-sozialraum", "sozialplanung"),
        gaps=(DIGITAL,),
        principles=(NEEDS,),
        delivery=Delivery.DIGITAL_SELF_PACED,
        summary="Selbstlernkurs für Planung und Verwaltung: Daten zu Stadtteilen zusammenstellen, "
        "in Karten darstellen und mit Beobachtungen vor Ort verbinden.",
        description="Der Kurs führt in fünf Einheiten durch eine vollständige Sozialraumanalyse. "
        "Er zeigt, welche Daten meist schon in der Verwaltung vorliegen, wie man daraus "
        "Indikatoren bildet und wo die Grenzen der Statistik liegen. Eine Einheit widmet sich "
        "qualitativen Zugängen wie Stadtteilbegehungen und Gesprächen mit Bewohner:innen. Mit "
        "Beispieldaten lässt sich alles gleich ausprobieren.",
        duration="5 Einheiten, zusammen etwa 10 Stunden",
        hours="10.0",
        cost_eur="149",
        certificate=True,
        contact_name="Jana Beispiel",
        contact_email="weiterbildung@musterhochschule.example.org",
        tags=("Sozialraumanalyse", "Datenanalyse", "Indikatoren"),
        published_days_ago=90,
    ),
    DemoOffer(
        slug="wirkungsorientiert-planen-werkzeugkoffer",
        title="Wirkungsorientiert planen in der Kinder- und Jugendhilfe – Werkzeugkoffer",
        provider="beispielverband-kinder-jugendhilfe",
        offer_type="werkzeugkoffer",
        audiences=(TZ, FA, PK),
        topics=("jugendhilfeplanung", "praevention"),
        gaps=(CHANGE, INTERDISCIPLINARY),
        principles=(PARTICIPATORY, IMPACT),
        delivery=Delivery.DIGITAL_SELF_PACED,
        summary="Arbeitsblätter und Beispiele, mit denen Träger, Fachkräfte und Planung gemeinsam "
        "eine Wirkungslogik für ein Angebot entwickeln.",
        description="Der Werkzeugkoffer beginnt mit der Frage, was sich für Kinder, Jugendliche "
        "und Familien verändern soll, und arbeitet sich von dort zu Maßnahmen und Ressourcen vor. "
        "Die Arbeitsblätter sind so gebaut, dass Träger, Fachkräfte und Planungskräfte sie "
        "gemeinsam ausfüllen und dabei ihre Erwartungen abgleichen. Drei durchgespielte Beispiele "
        "stammen aus der offenen Jugendarbeit, den Frühen Hilfen und der Schulsozialarbeit. "
        "Hinweise zeigen, wie sich Wirkungen mit vertretbarem Aufwand beobachten lassen.",
        tags=("Wirkungslogik", "Wirkungsmodell", "Evaluation"),
        published_days_ago=102,
    ),
    DemoOffer(
        slug="service-design-sprint-aemter",
        title="Service Design Sprint für Ämter",
        provider="musterberatung-wandel-wirkung",
        offer_type="beratung",
        audiences=(VM, FK),
        topics=("digitalisierung", "innovative-methoden"),
        gaps=(INNOVATIVE,),
        principles=(PARTICIPATORY, NEEDS),
        delivery=Delivery.IN_PERSON,
        summary="Eine Woche, ein Team, eine Leistung: Im begleiteten Sprint überarbeitet ein Amt "
        "einen Antragsweg gemeinsam mit Nutzer:innen – auf Wunsch zweisprachig moderiert.",
        description="Das Beratungsteam kommt für fünf Tage ins Haus und arbeitet mit einem Team "
        "aus Fachamt, IT und Bürgerservice. Gemeinsam wird ein Ablauf aus Sicht der Menschen "
        "untersucht, die ihn durchlaufen; dann entstehen Verbesserungen, die mit echten "
        "Nutzer:innen getestet werden. Am Ende stehen ein erprobter Prototyp und ein "
        "Umsetzungsplan. Moderiert wird auf Deutsch oder Englisch, etwa für Teams mit "
        "internationalen Kolleg:innen.",
        duration="5 Tage vor Ort",
        hours="35.0",
        cost_eur="9500",
        cost_note="Pauschale für ein Team bis 8 Personen",
        language=Language.GERMAN_ENGLISH,
        contact_name="Mika Muster",
        contact_email="kontakt@musterberatung.example.org",
        tags=("Service Design", "Design Thinking", "Prototyping"),
        published_days_ago=63,
    ),
    DemoOffer(
        slug="open-space-barcamp-leitfaden",
        title="Open Space und Barcamp: Leitfaden für offene Veranstaltungen",
        provider="beispiel-bundesakademie-verwaltungspraxis",
        offer_type="methode",
        audiences=(VM, NK, TZ),
        topics=("beteiligung", "innovative-methoden"),
        gaps=(INNOVATIVE, DIGITAL),
        principles=(PARTICIPATORY,),
        delivery=Delivery.DIGITAL_SELF_PACED,
        summary="Ein praktischer Leitfaden, wie Verwaltungen Open-Space-Konferenzen und Barcamps "
        "planen – in Präsenz und online.",
        description="Offene Formate legen die Tagesordnung in die Hände der Teilnehmenden und "
        "bringen viele Perspektiven zusammen. Der Leitfaden erklärt die Grundregeln beider "
        "Formate, bietet Checklisten für Raum, Technik und Zeitplan und zeigt, wie Ergebnisse "
        "festgehalten werden. Ein Kapitel nimmt typische Bedenken in Verwaltungen auf, etwa die "
        "Sorge vor Kontrollverlust. Beispiele aus Bund, Ländern und Kommunen machen Mut zum "
        "Ausprobieren.",
        tags=("Open Space", "Barcamp", "Großgruppenmethoden"),
        published_days_ago=110,
    ),
    DemoOffer(
        slug="barcamp-kommunale-netzwerke",
        title="Barcamp Kommunale Netzwerke",
        provider="beispiel-landesinstitut-jugend-soziales",
        offer_type="tagung",
        audiences=(NK, TZ, FA, PK),
        topics=("netzwerkarbeit", "beteiligung"),
        gaps=(INTERDISCIPLINARY,),
        principles=(CROSS, PARTICIPATORY),
        delivery=Delivery.IN_PERSON,
        summary="Ein Tag, an dem Netzwerkkoordinator:innen, Träger, Fach- und Planungskräfte das "
        "Programm selbst gestalten und voneinander lernen.",
        description="Wie bei einem Barcamp üblich, steht das Programm am Morgen noch nicht fest: "
        "Wer ein Thema, eine Frage oder ein Projekt mitbringt, schlägt eine Session vor. Die "
        "Spanne reicht erfahrungsgemäß von Fördermittelfragen bis zu Ideen für lebendige "
        "Netzwerktreffen. Die Mischung der Berufsgruppen ist gewollt und sorgt für Gespräche, "
        "die im Arbeitsalltag selten zustande kommen. Ein kleiner Beitrag deckt die Verpflegung.",
        duration="1 Tag, 9:30 bis 16:30 Uhr",
        hours="7.0",
        cost_eur="25",
        cost_note="Beitrag für die Verpflegung",
        travel_required=True,
        certificate=True,
        state=State.SN,
        contact_name="Ole Platzhalter",
        contact_email="institut@landesinstitut.example.org",
        tags=("Barcamp", "Netzwerkarbeit", "Peer Learning"),
        published_days_ago=22,
        valid_for_days=70,
    ),
    DemoOffer(
        slug="digital-arbeiten-im-jugendamt",
        title="Digital arbeiten im Jugendamt – Einführung",
        provider="beispiel-bundesakademie-verwaltungspraxis",
        offer_type="e-learning",
        audiences=(FA, VM),
        topics=("digitalisierung", "jugendhilfeplanung"),
        gaps=(DIGITAL,),
        principles=(NEEDS,),
        delivery=Delivery.DIGITAL_SELF_PACED,
        summary="E-Learning zu digitaler Aktenführung, Datenschutz und digitalen Kontaktwegen in "
        "der Kinder- und Jugendhilfe – in kleinen Einheiten am Arbeitsplatz.",
        description="Der Kurs richtet sich an Fachkräfte und Verwaltungsmitarbeitende, deren "
        "Arbeit gerade digitaler wird. Er erklärt Grundbegriffe, zeigt, worauf im Umgang mit "
        "Sozialdaten zu achten ist, und stellt Beispiele für digitale Beratungswege vor. Jede "
        "Einheit dauert etwa eine halbe Stunde und endet mit einem kurzen Wissenscheck. Wer alle "
        "Einheiten abschließt, erhält eine Teilnahmebescheinigung.",
        duration="12 Einheiten à etwa 30 Minuten",
        hours="6.0",
        certificate=True,
        tags=("E-Akte", "Datenschutz", "Digitale Beratung"),
        published_days_ago=71,
    ),
    DemoOffer(
        slug="coaching-fuehren-in-veraenderung",
        title="Führen in Veränderung: Coaching für Amtsleitungen",
        provider="musterberatung-wandel-wirkung",
        offer_type="beratung",
        audiences=(FK,),
        topics=("veraenderungsmanagement", "personalentwicklung"),
        gaps=(CHANGE,),
        principles=(CROSS,),
        delivery=Delivery.HYBRID,
        summary="Sechs Einzelsitzungen über vier Monate für Leitungen, die ihre Organisation in "
        "Richtung integriertes, ressortübergreifendes Arbeiten entwickeln wollen.",
        description="Im Coaching steht die eigene Führungsrolle im Mittelpunkt: Wie nehme ich "
        "Mitarbeitende mit, wie gehe ich mit Widerstand um, wie gewinne ich Verbündete in anderen "
        "Ressorts? Die Sitzungen finden online oder vor Ort statt und richten sich nach den "
        "aktuellen Anliegen. Zwischen den Terminen erproben die Teilnehmenden konkrete Schritte "
        "im Alltag. Alles Besprochene bleibt vertraulich.",
        duration="6 Sitzungen à 90 Minuten über 4 Monate",
        hours="9.0",
        cost_eur="1800",
        contact_name="Mika Muster",
        contact_email="kontakt@musterberatung.example.org",
        tags=("Change Management", "Coaching", "Führung"),
        published_days_ago=96,
    ),
    DemoOffer(
        slug="fachtag-zukunftskompetenzen-verwaltung",
        title="Fachtag Zukunftskompetenzen in der Kommunalverwaltung",
        provider="beispielstiftung-zukunft-kommune",
        offer_type="tagung",
        audiences=(FK, VM),
        topics=("personalentwicklung", "veraenderungsmanagement"),
        gaps=(CHANGE,),
        principles=(NEEDS,),
        delivery=Delivery.HYBRID,
        summary="Welche Fähigkeiten braucht die Verwaltung künftig, und wie kann "
        "Personalentwicklung darauf antworten? Ein Fachtag vor Ort in Berlin und im Livestream.",
        description="Am Vormittag berichten Kommunen und Länder, wie sie künftige "
        "Kompetenzbedarfe ermitteln und ihr Fortbildungsangebot anpassen. Am Nachmittag "
        "vertiefen Werkstätten Themen wie neue Lernformate, Wissensweitergabe beim "
        "Generationswechsel und die Rolle von Führung. Wer nicht anreisen kann, verfolgt die "
        "Vorträge im Livestream und diskutiert im Chat mit. Die Teilnahme ist kostenfrei, eine "
        "Anmeldung hilft bei der Planung.",
        duration="1 Tag",
        hours="6.0",
        certificate=True,
        state=State.BE,
        contact_name="Sam Vorlage",
        contact_email="programme@beispielstiftung.example.org",
        tags=("Kompetenzmanagement", "New Work", "Change Management"),
        published_days_ago=29,
        valid_for_days=95,
    ),
    DemoOffer(
        slug="netzwerktreffen-fruehe-hilfen-beispielkreis",
        title="Netzwerktreffen Frühe Hilfen im Landkreis Beispielkreis",
        provider="landkreis-beispielkreis",
        offer_type="austausch",
        audiences=(NK, FA, TZ),
        topics=("netzwerkarbeit", "praevention"),
        gaps=(INTERDISCIPLINARY,),
        principles=(CROSS, NEEDS),
        delivery=Delivery.IN_PERSON,
        summary="Vierteljährliches Treffen aller, die im Landkreis mit Familien kleiner Kinder "
        "arbeiten: Gesundheitswesen, Jugendhilfe, Beratung, Kitas und Verwaltung.",
        description="Das Netzwerk trifft sich viermal im Jahr, reihum in einer der Gemeinden des "
        "Kreises. Auf einen kurzen fachlichen Input folgt der Austausch in wechselnden Gruppen "
        "über Fälle und Angebote. Gerade die Begegnung von Hebammen, Kinderärzt:innen, "
        "Sozialarbeit und Planung hilft, Übergänge für Familien besser zu gestalten. Neue "
        "Partner:innen sind jederzeit willkommen.",
        duration="vierteljährlich, je 3 Stunden",
        travel_required=True,
        state=State.TH,
        municipality="Landkreis Beispielkreis",
        contact_name="Ida Vorbild",
        contact_email="netzwerk@beispielkreis.example.org",
        tags=("Frühe Hilfen", "Netzwerkarbeit", "Fallbesprechung"),
        published_days_ago=35,
    ),
    DemoOffer(
        slug="methodenkoffer-beteiligung-im-quartier",
        title="Beteiligung im Quartier: Methodenkoffer für Träger und Verwaltung",
        provider="beispielverband-kinder-jugendhilfe",
        offer_type="werkzeugkoffer",
        audiences=(TZ, FA, PK),
        topics=("beteiligung", "integrierte-planung-sozialraum"),
        gaps=(INTERDISCIPLINARY,),
        principles=(PARTICIPATORY, NEEDS),
        delivery=Delivery.DIGITAL_SELF_PACED,
        summary="Zwanzig erprobte Methoden, um Bewohner:innen eines Stadtteils zu beteiligen – mit "
        "Anleitung, Zeitbedarf und Materialliste, Einladungen auch in Leichter Sprache.",
        description="Von der aktivierenden Befragung über den Stadtteilspaziergang bis zur "
        "Zukunftswerkstatt wird jede Methode auf einer Doppelseite beschrieben. Hinweise zeigen, "
        "welche Methode zu welcher Gruppe passt und wie man Menschen erreicht, die sonst selten "
        "mitreden. Die Vorlagen für Einladungen liegen auch in Leichter Sprache vor. Gedacht ist "
        "der Koffer für gemischte Teams aus Trägern, Fachkräften und Planung.",
        language=Language.EASY_GERMAN,
        tags=("Beteiligung", "Sozialraumanalyse", "Aktivierende Befragung", "Zukunftswerkstatt"),
        published_days_ago=79,
    ),
    DemoOffer(
        slug="europaeischer-peer-austausch-integrierte-planung",
        title="Europäischer Peer-Austausch: integrierte Planung vor Ort",
        provider="musterhochschule-verwaltung-soziales",
        offer_type="austausch",
        audiences=(PK, NK, FK),
        topics=("integrierte-planung-sozialraum", "sozialplanung"),
        gaps=(CHANGE, INTERDISCIPLINARY),
        principles=(CROSS, IMPACT),
        delivery=Delivery.DIGITAL_LIVE,
        summary="Vier Online-Sessions, in denen Planungskräfte und Netzwerkkoordinator:innen aus "
        "deutschen und anderen europäischen Kommunen ihre Ansätze integrierter Planung "
        "vergleichen.",
        description="Jede Session stellt zwei Kommunen aus verschiedenen Ländern nebeneinander, "
        "etwa zu Budgets für Sozialräume oder zur Zusammenarbeit von Schule und Jugendhilfe. "
        "Danach diskutieren die Teilnehmenden in kleinen Gruppen, was sich übertragen lässt. "
        "Gearbeitet wird auf Deutsch und Englisch; in gemischten Gruppen helfen sich die "
        "Teilnehmenden gegenseitig. Die Plätze werden über eine kurze Bewerbung vergeben, damit "
        "die Gruppen ausgewogen sind.",
        duration="4 Sessions à 90 Minuten",
        hours="6.0",
        application_required=True,
        certificate=True,
        language=Language.GERMAN_ENGLISH,
        contact_name="Jana Beispiel",
        contact_email="weiterbildung@musterhochschule.example.org",
        tags=("Peer Learning", "Internationaler Austausch", "Sozialraumanalyse"),
        published_days_ago=17,
        valid_for_days=160,
    ),
    DemoOffer(
        slug="zertifikatskurs-einstieg-jugendhilfeplanung",
        title="Einstieg in die Jugendhilfeplanung – Zertifikatskurs",
        provider="musterhochschule-verwaltung-soziales",
        offer_type="fortbildung",
        audiences=(PK,),
        topics=("jugendhilfeplanung", "beteiligung"),
        gaps=(CHANGE,),
        principles=(CROSS, PARTICIPATORY, NEEDS, IMPACT),
        delivery=Delivery.HYBRID,
        summary="Berufsbegleitender Kurs über fünf Monate für neue Jugendhilfeplaner:innen: "
        "rechtliche Grundlagen, Arbeit mit Daten, Beteiligung und Steuerung von "
        "Planungsprozessen.",
        description="Der Kurs orientiert sich an den Kernkompetenzen, die Fachverbände für die "
        "Jugendhilfeplanung beschreiben. Sechs Module verbinden Online-Lerneinheiten mit zwei "
        "Präsenztagen, an denen die Teilnehmenden ein eigenes Planungsvorhaben vorstellen. "
        "Besonderes Gewicht haben die Steuerung von Beteiligung und die Zusammenarbeit mit "
        "anderen Planungsbereichen. Der Abschluss wird mit einem Hochschulzertifikat bestätigt.",
        duration="6 Module über 5 Monate, davon 2 Präsenztage",
        hours="48.0",
        cost_eur="1490",
        application_required=True,
        travel_required=True,
        certificate=True,
        contact_name="Jana Beispiel",
        contact_email="weiterbildung@musterhochschule.example.org",
        tags=("Jugendhilfeplanung", "Beteiligung", "Prozesssteuerung"),
        published_days_ago=44,
        valid_for_days=200,
    ),
    # --- Not public: for moderation demos ------------------------------------------------
    DemoOffer(
        slug="scrum-im-jugendamt-praxisworkshop",
        title="Scrum im Jugendamt – Praxisworkshop",
        provider="musterberatung-wandel-wirkung",
        offer_type="fortbildung",
        audiences=(VM, FA),
        topics=("innovative-methoden", "jugendhilfeplanung"),
        gaps=(INNOVATIVE,),
        principles=(NEEDS,),
        delivery=Delivery.IN_PERSON,
        summary="Eintägiger Workshop, in dem ein Team aus dem Jugendamt einen ersten Sprint plant "
        "und die Rollen von Scrum auf die eigene Organisation überträgt.",
        description="Der Workshop beginnt mit einem kurzen Planspiel, das die Grundidee von "
        "Scrum erlebbar macht. Danach überträgt das Team Rollen, Termine und Artefakte auf ein "
        "echtes Vorhaben aus dem Jugendamt. Zum Schluss steht ein Plan für den ersten "
        "zweiwöchigen Sprint.",
        duration="1 Tag",
        hours="7.0",
        cost_eur="450",
        travel_required=True,
        certificate=True,
        state=State.BY,
        contact_name="Mika Muster",
        contact_email="kontakt@musterberatung.example.org",
        tags=("Scrum", "Agilität"),
        status=S.SUBMITTED,
        valid_for_days=140,
    ),
    DemoOffer(
        slug="gemeinsam-lernen-rat-planung-fachpraxis",
        title="Gemeinsam lernen: Rat, Planung und Fachpraxis an einem Tisch",
        provider="beispielstiftung-zukunft-kommune",
        offer_type="fortbildung",
        audiences=(KP, PK, FA),
        topics=("beteiligung", "praevention"),
        gaps=(INTERDISCIPLINARY, POLITICS),
        principles=(CROSS, PARTICIPATORY),
        delivery=Delivery.HYBRID,
        summary="Ein Lernformat, in dem Kommunalpolitiker:innen, Planungskräfte und pädagogische "
        "Fachkräfte einer Kommune sich gemeinsam in ein Thema einarbeiten.",
        description="Drei Abende, ein Thema, drei Perspektiven: Die Teilnehmenden aus Rat, "
        "Planung und Fachpraxis erkunden gemeinsam, wie Beteiligung junger Menschen in ihrer "
        "Kommune gestärkt werden kann. Jede Gruppe erklärt den anderen, nach welchen Regeln sie "
        "arbeitet und entscheidet. Am Ende steht eine gemeinsame Idee, die zurück in die Kommune "
        "getragen wird.",
        duration="3 Abende à 2,5 Stunden",
        hours="7.5",
        contact_name="Sam Vorlage",
        contact_email="programme@beispielstiftung.example.org",
        tags=("Perspektivwechsel", "Beteiligung"),
        status=S.SUBMITTED,
        valid_for_days=120,
    ),
    DemoOffer(
        slug="fachtag-sozialraumorientierung-abgeschlossen",
        title="Fachtag Sozialraumorientierung (abgeschlossen)",
        provider="beispiel-landesinstitut-jugend-soziales",
        offer_type="tagung",
        audiences=(PK, FA),
        topics=("integrierte-planung-sozialraum",),
        gaps=(CHANGE,),
        principles=(NEEDS,),
        delivery=Delivery.IN_PERSON,
        summary="Ein Fachtag zu sozialraumorientierter Planung und Praxis, der bereits "
        "stattgefunden hat.",
        description="Der Fachtag brachte Planung und Fachpraxis zusammen, um Erfahrungen mit "
        "sozialraumorientierten Budgets und Teams auszutauschen. Die Veranstaltung ist vorbei, "
        "deshalb wurde der Eintrag archiviert. Er bleibt für das Initiativteam im Bestand.",
        duration="1 Tag",
        hours="6.0",
        travel_required=True,
        certificate=True,
        state=State.SN,
        tags=("Sozialraumanalyse",),
        status=S.ARCHIVED,
        history=(S.PUBLISHED,),
        published_days_ago=200,
    ),
    DemoOffer(
        slug="online-reihe-agil-im-amt-fruehjahr",
        title="Online-Reihe „Agil im Amt“ – Frühjahrsdurchgang",
        provider="beispiel-bundesakademie-verwaltungspraxis",
        offer_type="fortbildung",
        audiences=(VM, FK),
        topics=("innovative-methoden",),
        gaps=(INNOVATIVE, DIGITAL),
        principles=(NEEDS,),
        delivery=Delivery.DIGITAL_LIVE,
        summary="Vier kurze Online-Termine zu agilen Grundlagen für Verwaltungsteams; dieser "
        "Durchgang ist abgelaufen.",
        description="Die Reihe stellte in vier Terminen je eine agile Praxis vor: Aufgabenboard, "
        "kurze Abstimmungen, Rückschau und Planung in kleinen Schritten. Der Durchgang ist "
        "vorbei; sein Gültigkeitsdatum liegt in der Vergangenheit. Deshalb erscheint er nicht "
        "mehr im öffentlichen Katalog.",
        duration="4 Termine à 90 Minuten",
        hours="6.0",
        certificate=True,
        tags=("Scrum", "Kanban", "Retrospektive"),
        published_days_ago=150,
        valid_for_days=-14,
    ),
]


def _vocabulary(model, slugs):
    """The rows of a vocabulary by slug; a clear error if the team removed one we need."""
    found = {row.slug: row for row in model.objects.filter(slug__in=set(slugs))}
    missing = sorted(set(slugs) - set(found))
    if missing:
        raise DemoDataError(
            f"{model._meta.verbose_name_plural}: Kurznamen fehlen ({', '.join(missing)}). "
            "Die Demo-Daten brauchen die Vokabulare aus Migration 0002."
        )
    return found


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
    publish_before_expiry = expired and S.PUBLISHED in steps
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


def _offer_values(spec, provider, offer_type, today):
    principles = {
        field: principle in spec.principles for principle, field in PRINCIPLE_FIELDS.items()
    }
    note = NOTE_REAL if spec.real else NOTE_FICTIONAL
    return {
        "title": spec.title,
        "summary": spec.summary,
        "description": f"{spec.description}\n\n{note}",
        "provider": provider,
        "offer_type": offer_type,
        **principles,
        "delivery": spec.delivery,
        "duration": spec.duration,
        "time_commitment_hours": Decimal(spec.hours) if spec.hours else None,
        "is_free": spec.cost_eur is None,
        "cost_eur": Decimal(spec.cost_eur) if spec.cost_eur else None,
        "cost_note": spec.cost_note,
        "application_required": spec.application_required,
        "travel_required": spec.travel_required,
        "certificate": spec.certificate,
        "region_scope": spec.region_scope,
        "state": spec.state,
        "municipality": spec.municipality,
        "language": spec.language,
        "url": spec.url or f"https://example.org/angebote/{spec.slug}",
        "contact_name": spec.contact_name,
        "contact_email": spec.contact_email,
        "valid_until": _valid_until(spec, today),
    }


@transaction.atomic
def load(*, today, stdout) -> str:
    """Create or update the demo providers and offers; returns a one-line summary.

    Idempotent: a second run on the same day changes no row and logs no transition.
    A demo offer whose status the team changed is moved back through the services,
    so the transition log stays complete.
    """
    providers = {}
    for spec in PROVIDERS:
        note = PROVIDER_NOTE_REAL if spec.real else PROVIDER_NOTE_FICTIONAL
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

    audiences = _vocabulary(Audience, [s for o in OFFERS for s in o.audiences])
    topics = _vocabulary(Topic, [s for o in OFFERS for s in o.topics])
    gaps = _vocabulary(Gap, [s for o in OFFERS for s in o.gaps])
    offer_types = _vocabulary(OfferType, [o.offer_type for o in OFFERS])

    created_count = transitions = 0
    for spec in OFFERS:
        values = _offer_values(spec, providers[spec.provider], offer_types[spec.offer_type], today)
        offer, created = _upsert(Offer, spec.slug, values)
        created_count += created
        offer.audiences.set([audiences[slug] for slug in spec.audiences])
        offer.topics.set([topics[slug] for slug in spec.topics])
        offer.gaps.set([gaps[slug] for slug in spec.gaps])
        offer.tags.set(list(spec.tags))
        moved = _bring_to_status(offer, spec, created, today)
        if moved and not created:
            stdout.write(f"  „{spec.title}“: Status auf „{offer.get_status_display()}“ gesetzt.")
        transitions += moved
        if spec.status in (S.PUBLISHED, S.ARCHIVED):
            published_at = _published_at(spec, today)
            Offer.objects.filter(pk=offer.pk).exclude(published_at=published_at).update(
                published_at=published_at
            )

    slugs = [spec.slug for spec in OFFERS]
    visible = Offer.objects.visible(today).filter(slug__in=slugs).count()
    return (
        f"{len(OFFERS)} Demo-Angebote ({visible} öffentlich sichtbar, {created_count} neu), "
        f"{len(PROVIDERS)} Demo-Anbieter:innen, {transitions} neue Statuswechsel."
    )
