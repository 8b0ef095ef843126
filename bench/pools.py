"""Word pools for the synthetic catalogue: German phrases of municipal work.

Slugs refer to the vocabularies seeded by migration offers/0002. Weights
shape the distributions (more Fachkräfte than Kommunalpolitiker:innen, more
Fortbildungen than Tagungen); the pools are wide enough that common words end
up in a realistic share of offers (a few to about twenty per cent) rather than
in all of them.
"""

from decimal import Decimal

from offers.models import Delivery, Provider, State

# Noun phrases per Themenfeld; not every phrase repeats the field's own word.
TOPIC_PHRASES = {
    "jugendhilfeplanung": [
        "Jugendhilfeplanung",
        "Jugendhilfeplanung kompakt",
        "Bedarfsplanung in der Kinder- und Jugendhilfe",
        "Planung als Steuerungsinstrument im Jugendamt",
        "Kita-Bedarfsplanung",
        "Planung der Hilfen zur Erziehung",
        "Berichtswesen im Jugendhilfeausschuss",
        "Bestandserhebung und Bedarfsermittlung",
    ],
    "sozialplanung": [
        "Sozialplanung",
        "Integrierte Sozialplanung",
        "Sozialberichterstattung",
        "Altenhilfeplanung",
        "Armutsberichte, die gelesen werden",
        "Datengestützte Planung im Sozialdezernat",
        "Kleinräumiges Monitoring",
    ],
    "praevention": [
        "Prävention",
        "Präventionsketten",
        "Kommunale Präventionsstrategien",
        "Frühe Hilfen",
        "Gesundheitsförderung im Quartier",
        "Suchtvorbeugung",
        "Gewaltschutz an Schulen",
        "Kinderschutz im Verbund",
    ],
    "beteiligung": [
        "Beteiligung",
        "Bürgerbeteiligung",
        "Mitsprache von Kindern und Jugendlichen",
        "Beteiligungsverfahren",
        "Digitale Mitwirkung",
        "Bürgerdialoge in der Stadtentwicklung",
        "Jugendforen und Kinderparlamente",
        "Einwohnerversammlungen neu gedacht",
    ],
    "integrierte-planung-sozialraum": [
        "Sozialraumorientierung",
        "Integrierte Planung im Sozialraum",
        "Sozialraumanalyse",
        "Quartiersentwicklung",
        "Stadtteilarbeit",
        "Sozialraumbudgets",
        "Planung über Fachgrenzen",
    ],
    "netzwerkarbeit": [
        "Netzwerkkoordination in der Kommune",
        "Netzwerkarbeit",
        "Kooperationen steuern",
        "Zusammenarbeit zwischen Ämtern und Trägern",
        "Lokale Bildungslandschaften",
        "Verbünde aufbauen und halten",
        "Runde Tische mit Wirkung",
    ],
    "personalentwicklung": [
        "Personalentwicklung",
        "Führung im Wandel",
        "Führen auf Distanz",
        "Nachwuchsgewinnung in der Verwaltung",
        "Teamentwicklung",
        "Mentoring für Leitungskräfte",
        "Kollegiale Beratung",
        "Gesund leiten",
    ],
    "digitalisierung": [
        "Digitalisierung",
        "Digitale Verwaltung",
        "Onlinezugangsgesetz in der Praxis",
        "Datenkompetenz",
        "Digitale Zusammenarbeit",
        "Offene Daten in Kommunen",
        "Künstliche Intelligenz im Amt",
        "Fachverfahren modernisieren",
    ],
    "veraenderungsmanagement": [
        "Veränderungsmanagement",
        "Change Management",
        "Wandel gestalten",
        "Organisationsentwicklung",
        "Prozessmanagement",
        "Wirkungsorientierte Steuerung",
        "Umstrukturierung begleiten",
    ],
    "innovative-methoden": [
        "Agile Methoden",
        "Design Thinking",
        "Scrum im Amt",
        "Kanban für Teams",
        "New Work",
        "Working Out Loud",
        "Lean Coffee",
        "Innovationslabore",
        "Prototypen statt Konzeptpapiere",
    ],
}

TYPE_FORMATS = {
    "fortbildung": ["Fortbildung", "Grundkurs", "Aufbaukurs", "Zertifikatskurs", "Seminar"],
    "e-learning": ["Onlinekurs", "Selbstlernkurs", "E-Learning", "Lernpfad", "Webinarreihe"],
    "publikation": ["Arbeitshilfe", "Leitfaden", "Praxishandbuch", "Handreichung", "Studie"],
    "werkzeugkoffer": ["Werkzeugkoffer", "Methodenkoffer", "Toolbox", "Materialsammlung"],
    "methode": ["Vorlage", "Checkliste", "Planungshilfe", "Reflexionsbogen", "Leitfragen"],
    "beratung": ["Beratung", "Prozessbegleitung", "Coaching", "Inhouse-Begleitung"],
    "austausch": ["Austauschrunde", "Praxisnetzwerk", "Fachforum", "Werkstattgespräch"],
    "tagung": ["Fachtagung", "Konferenz", "Jahrestagung", "Forum", "Festival"],
}
TYPE_WEIGHTS = {
    "fortbildung": 30,
    "e-learning": 14,
    "publikation": 14,
    "werkzeugkoffer": 6,
    "methode": 8,
    "beratung": 10,
    "austausch": 12,
    "tagung": 6,
}

CONTEXTS = [
    "für Leitungskräfte",
    "in der Kommunalverwaltung",
    "im ländlichen Raum",
    "in Landkreisen",
    "für kleine Gemeinden",
    "in der Großstadt",
    "im Quartier",
    "mit agilen Ansätzen",
    "für Einsteiger:innen",
    "für Fortgeschrittene",
    "in der Praxis",
    "Schritt für Schritt",
    "digital und kompakt",
    "für Planer:innen",
    "für Ratsmitglieder",
    "für die Fachpraxis",
    "im Team",
    "über Ressortgrenzen hinweg",
    "mit Wirkung",
    "in Zeiten knapper Kassen",
    "nach der Kommunalwahl",
    "für Quereinsteiger:innen",
]
ANGLES = [
    "Grundlagen und Werkzeuge",
    "vom Konzept zur Umsetzung",
    "Erfahrungen aus Modellkommunen",
    "was wirklich trägt",
    "Praxisbeispiele",
    "Strategien für den Alltag",
    "gemeinsam lernen",
    "ein Überblick",
    "Fallstricke vermeiden",
    "Zahlen klug nutzen",
    "Fragen und Antworten",
    "kurz erklärt",
]

AUDIENCE_PHRASES = {
    "fuehrungskraefte": [
        "Amts- und Fachbereichsleitungen",
        "Leitungen in der Verwaltung",
        "Dezernent:innen",
    ],
    "planungskraefte": [
        "Jugendhilfe- und Sozialplaner:innen",
        "Planungsfachleute",
        "Bildungs- und Gesundheitsplaner:innen",
    ],
    "fachkraefte": [
        "pädagogische Fachkräfte",
        "Sozialarbeiter:innen",
        "Teams in Kitas und Jugendzentren",
    ],
    "verwaltungsmitarbeitende": [
        "Mitarbeitende der Fachverwaltung",
        "Sachbearbeiter:innen",
        "Beschäftigte in Querschnittsämtern",
    ],
    "kommunalpolitiker-innen": [
        "Ratsmitglieder",
        "Kreistagsabgeordnete",
        "Mitglieder kommunaler Ausschüsse",
    ],
    "netzwerkkoordinator-innen": [
        "Koordinator:innen kommunaler Verbünde",
        "Netzwerkkoordinator:innen",
        "Geschäftsstellen lokaler Bündnisse",
    ],
    "traeger-zivilgesellschaft": [
        "freie Träger",
        "Vereine und Initiativen",
        "Wohlfahrtsverbände",
    ],
}
AUDIENCE_WEIGHTS = {
    "fuehrungskraefte": 22,
    "planungskraefte": 18,
    "fachkraefte": 24,
    "verwaltungsmitarbeitende": 16,
    "kommunalpolitiker-innen": 6,
    "netzwerkkoordinator-innen": 8,
    "traeger-zivilgesellschaft": 10,
}
TOPIC_WEIGHTS = {
    "jugendhilfeplanung": 10,
    "sozialplanung": 8,
    "praevention": 12,
    "beteiligung": 14,
    "integrierte-planung-sozialraum": 9,
    "netzwerkarbeit": 11,
    "personalentwicklung": 10,
    "digitalisierung": 12,
    "veraenderungsmanagement": 8,
    "innovative-methoden": 10,
}
GAP_WEIGHTS = {
    "innovative-arbeitsweisen": 24,
    "veraenderung-gestalten": 26,
    "digital-niedrigschwellig": 22,
    "kommunalpolitik": 10,
    "interdisziplinaer-lernen": 18,
}

GAP_SENTENCES = {
    "innovative-arbeitsweisen": [
        "Neue Arbeitsweisen werden so übersetzt, dass sie zu Haushaltsrecht und "
        "Genehmigungswegen passen.",
        "Agile Ansätze werden an echten Verwaltungsvorgängen ausprobiert.",
        "Wer eine Fortbildung erst genehmigen lassen muss, findet hier Argumente für den Antrag.",
        "Aus Unternehmen bekannte Werkzeuge werden auf die Abläufe einer Behörde zugeschnitten.",
    ],
    "veraenderung-gestalten": [
        "Im Mittelpunkt steht, wie Veränderungsprozesse in der Kommune gesteuert werden.",
        "Wer Prozesse steuert, bekommt Werkzeuge für Moderation und Konfliktklärung an die Hand.",
        "Es geht darum, Widerstände ernst zu nehmen und trotzdem voranzukommen.",
        "Das Kompetenzprofil für die Planung dient als Orientierung.",
    ],
    "digital-niedrigschwellig": [
        "Die Teilnahme ist ohne Antrag und ohne Anreise möglich.",
        "Die Einheiten dauern selten länger als eine Stunde und passen in volle Kalender.",
        "Ein Browser genügt; eine Anmeldung ist nicht nötig.",
        "Kurze Impulse wechseln sich mit offenem Austausch ab.",
    ],
    "kommunalpolitik": [
        "Ratsmitglieder bekommen einen verständlichen Überblick über Steuerung und Haushalt.",
        "Die Termine liegen am Abend oder am Wochenende, passend zum Ehrenamt.",
        "Fachbegriffe werden übersetzt, damit Entscheidungen im Ausschuss leichter fallen.",
    ],
    "interdisziplinaer-lernen": [
        "Planung und Fachpraxis lernen gemeinsam und tauschen ihre Sicht aus.",
        "Gemischte Gruppen aus Jugendhilfe, Gesundheit, Schule und Stadtplanung arbeiten an "
        "gemeinsamen Fällen.",
        "Verschiedene Professionen entdecken, was sie voneinander lernen können.",
    ],
}
TOPIC_SENTENCES = {
    "jugendhilfeplanung": [
        "Es geht um Bestandserhebung, Bedarfsermittlung und Maßnahmenplanung nach § 80 SGB VIII.",
        "Das Kompetenzprofil Jugendhilfeplanung dient als roter Faden.",
        "Die Rolle der Planung zwischen Jugendamt, Ausschuss und Trägern wird geklärt.",
        "Bedarfe junger Menschen werden sichtbar gemacht und in Maßnahmen übersetzt.",
    ],
    "sozialplanung": [
        "Sozialdaten werden kleinräumig ausgewertet und für Entscheidungen aufbereitet.",
        "Berichte werden so geschrieben, dass Ausschüsse damit arbeiten können.",
        "Indikatoren helfen, Entwicklungen früh zu erkennen.",
        "Die Altenhilfe- und Pflegeplanung wird mit der übrigen Fachplanung verzahnt.",
    ],
    "praevention": [
        "Präventionsketten verbinden Angebote von der Geburt bis zum Berufseinstieg.",
        "Gesundheitsförderung und Kinderschutz werden gemeinsam gedacht.",
        "Familien werden früh erreicht, bevor Probleme groß werden.",
        "Vorbeugende Angebote werden so geplant, dass sie dort ankommen, wo sie gebraucht werden.",
    ],
    "beteiligung": [
        "Beteiligungsformate werden geplant, erprobt und ausgewertet.",
        "Kinder, Jugendliche und Eltern reden früh und ernsthaft mit.",
        "Es wird gezeigt, wie Ergebnisse von Bürgerdialogen in Entscheidungen einfließen.",
        "Auch schwer erreichbare Gruppen sollen zu Wort kommen.",
    ],
    "integrierte-planung-sozialraum": [
        "Sozialraumanalysen zeigen, wo Angebote fehlen und wo sie sich überschneiden.",
        "Fachplanungen werden im Quartier zusammengeführt.",
        "Stadtteilkonferenzen werden als Ort gemeinsamer Planung genutzt.",
        "Daten aus Schule, Gesundheit und Jugendhilfe werden auf Quartiersebene verbunden.",
    ],
    "netzwerkarbeit": [
        "Koordinator:innen lernen, Kooperationen aufzubauen und verbindlich zu steuern.",
        "Rollen, Ziele und Absprachen im Netzwerk werden geklärt.",
        "Es geht darum, wie ein Verbund auch nach dem Ende der Förderung weiterarbeitet.",
        "Kooperationsvereinbarungen werden gemeinsam entworfen.",
    ],
    "personalentwicklung": [
        "Leitungskräfte reflektieren ihre Rolle und entwickeln ihre Teams weiter.",
        "Mentoring und kollegiale Beratung stärken den Nachwuchs in der Verwaltung.",
        "Führung auf Distanz und in hybriden Teams ist ein Schwerpunkt.",
        "Gespräche über Ziele und Entwicklung werden geübt.",
    ],
    "digitalisierung": [
        "Digitale Werkzeuge werden ausprobiert, vom Videokonferenzraum bis zum Datenportal.",
        "Datenschutz und Barrierefreiheit werden von Anfang an mitgedacht.",
        "Papierprozesse werden Schritt für Schritt in Onlinedienste überführt.",
        "Es wird geklärt, welche Daten eine Kommune offen bereitstellen kann.",
    ],
    "veraenderungsmanagement": [
        "Veränderungsvorhaben werden geplant, kommuniziert und abgesichert.",
        "Wirkungsziele helfen, den Wandel messbar zu machen.",
        "Beschäftigte werden früh einbezogen, damit Neues Rückhalt findet.",
        "Typische Phasen eines Wandels und ihre Stolpersteine werden besprochen.",
    ],
    "innovative-methoden": [
        "Scrum, Kanban und Retrospektiven werden auf Verwaltungsteams zugeschnitten.",
        "Prototypen entstehen in kurzen Schleifen gemeinsam mit den Nutzer:innen.",
        "Kreativtechniken helfen, festgefahrene Fragen neu zu stellen.",
        "Ein Team erprobt eine neue Arbeitsweise vier Wochen lang und wertet sie aus.",
    ],
}
DELIVERY_SENTENCES = {
    Delivery.DIGITAL_LIVE: [
        "Die Termine finden live im Videokonferenzraum statt.",
        "Alle Treffen laufen online in Echtzeit.",
    ],
    Delivery.DIGITAL_SELF_PACED: [
        "Die Lerneinheiten sind jederzeit online abrufbar.",
        "Das Material lässt sich im eigenen Tempo durcharbeiten.",
    ],
    Delivery.IN_PERSON: [
        "Die Veranstaltung findet in Präsenz statt.",
        "Man trifft sich vor Ort in Seminarräumen des Anbieters.",
    ],
    Delivery.HYBRID: [
        "Teilnehmende wählen zwischen Präsenz und digitaler Zuschaltung.",
        "Einzelne Module finden vor Ort statt, die übrigen online.",
    ],
}
DELIVERY_WEIGHTS = {
    Delivery.DIGITAL_LIVE: 35,
    Delivery.DIGITAL_SELF_PACED: 20,
    Delivery.IN_PERSON: 30,
    Delivery.HYBRID: 15,
}
GENERIC_SENTENCES = [
    "Teilnehmende bringen eigene Fragen aus ihrer Kommune mit.",
    "Zwischen den Terminen wird das Gelernte im eigenen Arbeitsfeld erprobt.",
    "Materialien und Vorlagen stehen zum Herunterladen bereit.",
    "Die Inhalte beruhen auf Erfahrungen aus zahlreichen Modellkommunen.",
    "Eine Teilnahmebescheinigung gibt es auf Wunsch.",
    "Die Gruppengröße ist begrenzt, damit genug Zeit für Gespräche bleibt.",
    "Fallbeispiele aus Städten, Landkreisen und Gemeinden machen die Inhalte greifbar.",
    "Am Ende steht ein konkreter Plan für die eigene Organisation.",
    "Vorkenntnisse sind nicht nötig.",
    "Die Referent:innen kommen selbst aus der kommunalen Praxis.",
    "Eine Nachbesprechung nach drei Monaten ist inbegriffen.",
    "Auf Wunsch kommt das Team auch in Ihre Verwaltung.",
    "Die Reihe wird jedes Halbjahr neu aufgelegt.",
    "Kurze Lernvideos bereiten auf die Treffen vor.",
    "Anmeldungen von Tandems aus derselben Kommune sind ausdrücklich erwünscht.",
]
# Compound nouns of municipal work, dropped into sentences for a broad vocabulary.
NOUNS = [
    "Abstimmung", "Aktionsplan", "Amtsleitung", "Arbeitsgruppe", "Ausschussarbeit",
    "Bauleitplanung", "Bedarfsanalyse", "Bildungsmonitoring", "Bürgerdialog", "Bürgerhaushalt",
    "Datenkultur", "Dezernat", "Dokumentation", "Ehrenamt", "Elternarbeit", "Entscheidungsvorlage",
    "Evaluation", "Fachaustausch", "Fachbereich", "Familienbildung", "Fehlerkultur",
    "Feedbackkultur", "Finanzplanung", "Fördermittel", "Freiwilligendienste", "Ganztag",
    "Gemeinwesenarbeit", "Gesundheitsamt", "Gleichstellung", "Haushaltsplanung", "Hilfeplanung",
    "Inklusion", "Integration", "Jugendarbeit", "Jugendberufsagentur", "Kinderschutz",
    "Kitaplanung", "Klimaanpassung", "Kommunikation", "Konfliktmoderation",
    "Kooperationsvereinbarung", "Kreisverwaltung", "Lenkungsgruppe", "Lernkultur", "Mobilität",
    "Moderation", "Nachhaltigkeit", "Ordnungsamt", "Organisationskultur", "Pflegeplanung",
    "Projektsteuerung", "Qualitätsentwicklung", "Quartiersmanagement", "Ratsarbeit",
    "Rollenklärung", "Schulentwicklung", "Schulsozialarbeit", "Selbstorganisation", "Sozialamt",
    "Stadtentwicklung", "Steuerungsgruppe", "Strategieentwicklung", "Teilhabe", "Transparenz",
    "Verantwortungsgemeinschaft", "Verwaltungsspitze", "Visualisierung", "Wissensmanagement",
    "Wohnungsnot", "Zielvereinbarung", "Zukunftswerkstatt", "Zuständigkeiten",
    "Öffentlichkeitsarbeit", "Übergangsmanagement", "Armutsbekämpfung", "Einsamkeit", "Demografie",
    "Fachkräftemangel", "Wohnraumversorgung", "Seniorenarbeit", "Migrationsberatung",
    "Sprachförderung", "Schulabsentismus", "Jugendschutz", "Sportentwicklung", "Kulturarbeit",
    "Vereinsförderung", "Krisenkommunikation", "Hitzeschutz", "Katastrophenschutz", "Nahversorgung",
    "Dorfentwicklung", "Leerstandsmanagement", "Radverkehr", "Spielplatzplanung", "Stadtteilbüro",
    "Familienzentren", "Erziehungsberatung", "Eingliederungshilfe", "Pflegestützpunkt",
    "Ombudschaft", "Beschwerdemanagement", "Ideenmanagement", "Wissenstransfer", "Onboarding",
    "Personalbindung", "Arbeitszeitmodelle", "Homeoffice", "Gesundheitsmanagement", "Resilienz",
    "Selbstfürsorge", "Zeitmanagement", "Priorisierung", "Entscheidungsfindung", "Delegation",
    "Rollenwechsel"
]  # fmt: skip
NOUN_SENTENCES = [
    "Themen sind unter anderem {0}, {1} und {2}.",
    "Dabei geht es auch um {0} und {1}.",
    "Beispiele reichen von {0} über {1} bis zu {2}.",
    "Berührt werden Fragen der {0}, der {1} und der {2}.",
    "Besonders gefragt waren zuletzt {0} und {1}.",
]
TAG_SENTENCES = [
    "Eingesetzt werden {tags}.",
    "Mit dabei: {tags}.",
    "Stichworte: {tags}.",
    "Im Werkzeugkasten: {tags}.",
]

TAGS = [
    "Scrum", "Kanban", "Design Thinking", "Working Out Loud", "Lean Coffee", "Open Space",
    "World Café", "Zukunftswerkstatt", "OKR", "Retrospektive", "Moderation", "Coaching",
    "Mentoring", "Kollegiale Beratung", "Wirkungsorientierung", "Datenanalyse", "Open Data",
    "E-Government", "Onlinezugangsgesetz", "Change Management", "Prozessmanagement",
    "Projektmanagement", "Netzwerkanalyse", "Präventionskette", "Frühe Hilfen", "Kinderschutz",
    "Ganztag", "Inklusion", "Integration", "Quartiersmanagement", "Stadtteilarbeit",
    "Gesundheitsförderung", "Armutsprävention", "Bildungsmonitoring", "Sozialberichterstattung",
    "Fachplanung", "Haushalt", "Fördermittel", "Ehrenamt", "Klimaanpassung", "Demografie",
    "Mobilität", "Digitale Werkzeuge", "Videokonferenz", "Barrierefreiheit", "Leichte Sprache",
    "Führung auf Distanz", "Selbstorganisation", "Teamentwicklung", "Konfliktmoderation",
    "Visualisierung", "Storytelling", "Feedbackkultur", "Fehlerkultur", "Wissensmanagement",
    "Evaluation", "Qualitätsentwicklung", "Verwaltungsmodernisierung", "Sozialraumanalyse",
    "Bürgerhaushalt",
]  # fmt: skip

PROVIDER_KINDS = [
    ("Institut für", Provider.Kind.UNIVERSITY),
    ("Akademie für", Provider.Kind.ASSOCIATION),
    ("Landesinstitut für", Provider.Kind.STATE),
    ("Stiftung für", Provider.Kind.FOUNDATION),
    ("Netzwerkstelle", Provider.Kind.NETWORK),
    ("Beratungsbüro für", Provider.Kind.CONSULTANCY),
    ("Fachstelle für", Provider.Kind.MUNICIPALITY),
    ("Bundesarbeitsgemeinschaft", Provider.Kind.FEDERAL),
]
PROVIDER_SUBJECTS = [
    "Sozialplanung", "Jugendhilfe", "Bürgerbeteiligung", "Verwaltungsinnovation",
    "Gesundheit und Prävention", "Kommunalentwicklung", "Kooperation", "Führung und Organisation",
    "Digitale Teilhabe", "Quartiersarbeit", "Bildungsmanagement", "Familienpolitik",
]  # fmt: skip
PROVIDER_PLACES = [
    "Nord", "Süd", "Ost", "West", "Rhein-Ruhr", "Mitteldeutschland", "Bayern", "Sachsen",
    "Hessen", "Brandenburg", "Niedersachsen", "Baden", "Thüringen", "Küste", "Saar",
]  # fmt: skip

MUNICIPALITIES = {
    State.BW: ["Freiburg", "Ulm", "Heilbronn", "Reutlingen"],
    State.BY: ["Nürnberg", "Würzburg", "Landshut", "Kempten"],
    State.BE: ["Berlin-Neukölln", "Berlin-Pankow"],
    State.BB: ["Cottbus", "Eberswalde", "Neuruppin"],
    State.HB: ["Bremen", "Bremerhaven"],
    State.HH: ["Hamburg-Altona", "Hamburg-Harburg"],
    State.HE: ["Kassel", "Offenbach", "Marburg", "Fulda"],
    State.MV: ["Rostock", "Greifswald", "Schwerin"],
    State.NI: ["Göttingen", "Lüneburg", "Osnabrück", "Oldenburg"],
    State.NW: ["Köln", "Münster", "Bielefeld", "Gelsenkirchen", "Düren"],
    State.RP: ["Trier", "Koblenz", "Ludwigshafen"],
    State.SL: ["Saarbrücken", "Neunkirchen"],
    State.SN: ["Leipzig", "Görlitz", "Chemnitz"],
    State.ST: ["Magdeburg", "Halle (Saale)", "Dessau-Roßlau"],
    State.SH: ["Kiel", "Flensburg", "Lübeck"],
    State.TH: ["Jena", "Erfurt", "Gotha"],
}

DURATIONS = [
    (Decimal("0.5"), "30 Minuten"),
    (Decimal("1"), "1 Stunde"),
    (Decimal("1.5"), "90 Minuten"),
    (Decimal("3"), "halber Tag"),
    (Decimal("6"), "1 Tag"),
    (Decimal("12"), "2 Tage"),
    (Decimal("6"), "3 Module à 2 Stunden"),
    (Decimal("12"), "6 Termine à 2 Stunden"),
    (Decimal("12"), "12 wöchentliche Treffen à 1 Stunde"),
    (Decimal("40"), "5 Module über ein halbes Jahr"),
    (Decimal("120"), "berufsbegleitend, 1 Jahr"),
    (None, "nach Absprache"),
    (None, ""),
]
