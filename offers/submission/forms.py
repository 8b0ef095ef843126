"""The public form providers use to submit an offer and, through their private link, edit it."""

import datetime
import re
from decimal import Decimal

from django import forms
from django.utils import timezone

from kommune360.forms import (
    BIDI_CONTROLS,
    ConsentMixin,
    SpamProtectionMixin,
    strip_control_characters,
)
from offers.models import (
    PRINCIPLE_FIELDS,
    Audience,
    Competence,
    Delivery,
    Gap,
    Language,
    Offer,
    OfferType,
    Principle,
    Provider,
    RegionScope,
    State,
    Topic,
)

from .values import MAX_TAG_LENGTH, MAX_TAGS, SCALAR_FIELDS, parse_tag_text

DESCRIPTION_MAX_LENGTH = 5000
LEARNING_GOALS_MAX_LENGTH = 2000
TAGS_MAX_LENGTH = 600
DATE_ROWS = 4  # empty date rows on a new form; without JavaScript there is no "add a row"
MAX_DATE_ROWS = 30
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


def _strip_controls(value: str) -> str:
    """Drop control characters (keeping line breaks and tabs) and bidi overrides; nothing
    else changes here (the fields trim and join lines themselves)."""
    return strip_control_characters(
        value, multiline=True, drop=BIDI_CONTROLS, normalise_newlines=False, strip=False
    )


class PlainTextField(forms.CharField):
    """Text without control characters; single-line text also without line breaks."""

    def __init__(self, *, multiline=False, **kwargs):
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if self.multiline:
            return value.replace("\r\n", "\n").replace("\r", "\n").strip()
        return " ".join(value.split())


class GroupCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes whose field id points at the first box, so the error summary can link there."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


class GroupRadios(forms.RadioSelect):
    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


def _required(message):
    return {"required": message}


class OfferSubmissionForm(ConsentMixin, SpamProtectionMixin, forms.ModelForm):
    """All facts of an offer a provider can know, plus who offers it.

    Offer.clean() runs as part of validation, so its rules (cost only when not
    free, http/https links, a municipality needs its name and state) show up as
    errors beside the fields.
    """

    # Angebot
    title = PlainTextField(
        label="Titel des Angebots",
        max_length=200,
        help_text="Der Name, unter dem das Angebot bekannt ist.",
        error_messages=_required("Bitte geben Sie den Titel des Angebots an."),
    )
    summary = PlainTextField(
        label="Kurzbeschreibung",
        max_length=400,
        multiline=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ein bis zwei Sätze (höchstens 400 Zeichen): Worum geht es, und was nehmen "
        "Teilnehmende mit? Dieser Text steht in der Trefferliste.",
        error_messages=_required("Bitte beschreiben Sie das Angebot in ein bis zwei Sätzen."),
    )
    description = PlainTextField(
        label="Ausführliche Beschreibung",
        required=False,
        multiline=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Freiwillig. Inhalte, Ablauf, Methoden – alles, was bei der Entscheidung "
        f"hilft. Höchstens {DESCRIPTION_MAX_LENGTH} Zeichen.",
    )
    learning_goals = PlainTextField(
        label="Lernziele",
        required=False,
        multiline=True,
        max_length=LEARNING_GOALS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Freiwillig. Was wissen oder können Teilnehmende danach? Das hilft ihnen, die "
        f"Fortbildung bei ihrer Dienststelle zu beantragen. Höchstens {LEARNING_GOALS_MAX_LENGTH} "
        "Zeichen.",
    )
    offer_type = forms.ModelChoiceField(
        label="Art des Angebots",
        queryset=OfferType.objects.all(),
        to_field_name="slug",
        empty_label=None,
        widget=GroupRadios,
        help_text="Was ist es am ehesten?",
        error_messages={
            "required": "Bitte wählen Sie die Art des Angebots.",
            "invalid_choice": "Diese Angebotsart gibt es nicht. Bitte wählen Sie eine aus der Liste.",
        },
    )
    url = forms.URLField(
        label="Link zum Angebot",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Die Seite, auf der Interessierte mehr erfahren oder sich anmelden, "
        "z. B. https://www.beispiel.de/kurs.",
        error_messages={"invalid": "Bitte geben Sie eine vollständige Webadresse an."},
    )
    valid_until = forms.DateField(
        label="Gültig bis",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        help_text="Freiwillig. Bis zu diesem Tag zeigen wir das Angebot, danach verschwindet es "
        "aus dem Katalog. Leer lassen, wenn es dauerhaft läuft. Format: TT.MM.JJJJ.",
        error_messages={"invalid": "Bitte ein Datum angeben, z. B. 31.12.2026."},
    )

    # Zielgruppen und Themen
    audiences = forms.ModelMultipleChoiceField(
        label="Zielgruppen",
        queryset=Audience.objects.all(),
        to_field_name="slug",
        widget=GroupCheckboxes,
        help_text="Für wen ist das Angebot gedacht? Mehrere Antworten möglich.",
        error_messages={
            "required": "Bitte wählen Sie mindestens eine Zielgruppe.",
            "invalid_choice": "Diese Zielgruppe gibt es nicht: %(value)s",
            "invalid_pk_value": "Ungültige Auswahl: %(pk)s",
        },
    )
    topics = forms.ModelMultipleChoiceField(
        label="Themenfelder",
        queryset=Topic.objects.all(),
        to_field_name="slug",
        widget=GroupCheckboxes,
        help_text="In welchen Fachgebieten hilft das Angebot? Mehrere Antworten möglich.",
        error_messages={
            "required": "Bitte wählen Sie mindestens ein Themenfeld.",
            "invalid_choice": "Dieses Themenfeld gibt es nicht: %(value)s",
            "invalid_pk_value": "Ungültige Auswahl: %(pk)s",
        },
    )
    gaps = forms.ModelMultipleChoiceField(
        label="Leerstellen",
        queryset=Gap.objects.order_by("number"),
        to_field_name="slug",
        widget=GroupCheckboxes,
        required=False,
        help_text="Freiwillig. Unsere Analyse hat fünf Lücken im bisherigen Angebot gefunden. "
        "Kreuzen Sie an, welche Lücke Ihr Angebot schließen hilft.",
        error_messages={
            "invalid_choice": "Diese Leerstelle gibt es nicht: %(value)s",
            "invalid_pk_value": "Ungültige Auswahl: %(pk)s",
        },
    )
    competences = forms.ModelMultipleChoiceField(
        label="Kompetenzen",
        queryset=Competence.objects.all(),
        to_field_name="slug",
        widget=GroupCheckboxes,
        required=False,
        help_text="Freiwillig. Welche Kompetenzen stärkt Ihr Angebot? Die Auswahl folgt dem "
        "Kompetenzprofil Jugendhilfeplanung der Landesjugendämter.",
        error_messages={
            "invalid_choice": "Diese Kompetenz gibt es nicht: %(value)s",
            "invalid_pk_value": "Ungültige Auswahl: %(pk)s",
        },
    )
    principles = forms.MultipleChoiceField(
        label="Grundsätze integrierten Arbeitens",
        choices=Principle.choices,
        widget=GroupCheckboxes,
        required=False,
        help_text="Freiwillig. Integriert arbeiten heißt: über Ressortgrenzen hinweg, mit "
        "Beteiligung, am Bedarf und an der Wirkung orientiert – und nicht nur in "
        "Planungsprozessen, sondern auch in Projekten, gemeinsamen Strategieprozessen und im "
        "Arbeitsalltag. Welche dieser Grundsätze stärkt Ihr Angebot?",
        error_messages={"invalid_choice": "Diesen Grundsatz gibt es nicht: %(value)s"},
    )
    tags_text = PlainTextField(
        label="Schlagworte",
        required=False,
        max_length=TAGS_MAX_LENGTH,
        help_text=f"Freiwillig. Methoden und Stichworte, durch Kommas getrennt, z. B. „Scrum, "
        f"Kanban, Design Thinking“. Höchstens {MAX_TAGS} Schlagworte mit je höchstens "
        f"{MAX_TAG_LENGTH} Zeichen.",
    )

    # Rahmen
    delivery = forms.ChoiceField(
        label="Durchführung",
        choices=Delivery.choices,
        widget=GroupRadios,
        help_text="Wie findet das Angebot statt?",
        error_messages=_required("Bitte wählen Sie aus, wie das Angebot stattfindet."),
    )
    venue = PlainTextField(
        label="Veranstaltungsort",
        required=False,
        max_length=200,
        help_text="Freiwillig. Wo findet das Angebot statt? Zum Beispiel „Rathaus Kassel, Obere "
        "Königsstraße 8“ oder „online“.",
    )
    duration = PlainTextField(
        label="Dauer",
        required=False,
        max_length=120,
        help_text="Freiwillig. So, wie Teilnehmende es verstehen, z. B. „3 Module à 2 Stunden“ "
        "oder „ein halber Tag“.",
    )
    time_commitment_hours = forms.DecimalField(
        label="Zeitaufwand insgesamt in Stunden",
        required=False,
        max_digits=6,
        decimal_places=1,
        min_value=Decimal("0.1"),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text="Freiwillig. Eine Zahl, z. B. 6 oder 1,5. Damit lassen sich Angebote nach "
        "Dauer sortieren. Leer lassen, wenn es keinen festen Umfang gibt.",
        error_messages={"invalid": "Bitte eine Zahl angeben, z. B. 6 oder 1,5."},
    )
    is_free = forms.TypedChoiceField(
        label="Kosten",
        choices=[("ja", "kostenfrei"), ("nein", "kostenpflichtig")],
        coerce=lambda value: value == "ja",
        widget=GroupRadios,
        help_text="Müssen Teilnehmende oder ihre Kommune etwas bezahlen?",
        error_messages={
            "required": "Bitte geben Sie an, ob das Angebot kostenfrei ist.",
            "invalid_choice": "Bitte „kostenfrei“ oder „kostenpflichtig“ wählen.",
        },
    )
    cost_eur = forms.DecimalField(
        label="Betrag in Euro",
        required=False,
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0.01"),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text="Nur bei kostenpflichtigen Angeboten: der Preis pro Person, z. B. 89,50.",
        error_messages={"invalid": "Bitte einen Betrag als Zahl angeben, z. B. 89,50."},
    )
    cost_note = PlainTextField(
        label="Hinweis zu den Kosten",
        required=False,
        max_length=200,
        help_text="Freiwillig, z. B. Ermäßigungen, Fördermöglichkeiten oder was im Preis "
        "enthalten ist.",
    )
    application_required = forms.BooleanField(
        label="Ein Antrags- oder Bewerbungsverfahren ist nötig",
        required=False,
        help_text="Ankreuzen, wenn sich Teilnehmende bewerben oder einen Antrag stellen müssen. "
        "Eine einfache Anmeldung zählt nicht dazu.",
    )
    travel_required = forms.BooleanField(
        label="Eine Anreise ist nötig",
        required=False,
        help_text="Ankreuzen, wenn Teilnehmende ganz oder teilweise vor Ort sein müssen.",
    )
    certificate = forms.BooleanField(
        label="Es gibt eine Teilnahmebescheinigung",
        required=False,
        help_text="Ankreuzen, wenn Teilnehmende eine Bescheinigung bekommen – das hilft bei der "
        "Fortbildungsgenehmigung.",
    )
    region_scope = forms.ChoiceField(
        label="Für welche Region?",
        choices=RegionScope.choices,
        widget=GroupRadios,
        initial=RegionScope.NATIONWIDE,
        help_text="Bundesweit offen, nur in einem Bundesland oder nur in einer Kommune?",
        error_messages=_required("Bitte wählen Sie die Region."),
    )
    state = forms.ChoiceField(
        label="Bundesland",
        choices=[("", "– kein bestimmtes Bundesland –"), *State.choices],
        required=False,
        help_text="Nur bei einem Angebot für ein Bundesland oder eine Kommune.",
        error_messages={"invalid_choice": "Bitte ein Bundesland aus der Liste wählen."},
    )
    municipality = PlainTextField(
        label="Kommune",
        required=False,
        max_length=120,
        help_text="Nur bei einem Angebot für eine Kommune: ihr Name, z. B. „Landkreis Kassel“.",
    )
    language = forms.ChoiceField(
        label="Sprache",
        choices=Language.choices,
        initial=Language.GERMAN,
        help_text="In welcher Sprache findet das Angebot statt?",
        error_messages={"invalid_choice": "Bitte eine Sprache aus der Liste wählen."},
    )

    # Anbieter:in und Kontakt
    provider_name = PlainTextField(
        label="Name der Anbieter:in",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        help_text="Die Organisation oder Person, die das Angebot macht. Kennen wir sie schon, "
        "ordnen wir das Angebot ihr zu.",
        error_messages=_required("Bitte nennen Sie die Anbieter:in."),
    )
    # No preset: a preset answer is easily left standing when it is wrong.
    provider_kind = forms.ChoiceField(
        label="Art der Anbieter:in",
        choices=[("", "Bitte wählen"), *Provider.Kind.choices],
        help_text="Zum Beispiel Verein, Hochschule oder Landesinstitut.",
        error_messages={
            "required": "Bitte wählen Sie die Art der Anbieter:in.",
            "invalid_choice": "Bitte eine Art aus der Liste wählen.",
        },
    )
    provider_website = forms.URLField(
        label="Website der Anbieter:in",
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="Freiwillig, z. B. https://www.beispiel.de.",
        error_messages={"invalid": "Bitte geben Sie eine vollständige Webadresse an."},
    )
    provider_email = forms.EmailField(
        label="Allgemeine E-Mail-Adresse der Anbieter:in",
        required=False,
        max_length=254,
        help_text="Freiwillig. Wird nicht veröffentlicht; hilft uns, Ihre Organisation "
        "wiederzuerkennen.",
        error_messages={"invalid": "Bitte geben Sie eine gültige E-Mail-Adresse an."},
    )
    contact_name = PlainTextField(
        label="Ansprechperson",
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text="Wer beantwortet Fragen zum Angebot? Der Name erscheint beim Angebot.",
        error_messages=_required("Bitte nennen Sie eine Ansprechperson."),
    )
    contact_email = forms.EmailField(
        label="E-Mail-Adresse für das Angebot",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="Erscheint öffentlich beim Angebot. An diese Adresse schicken wir auch den "
        "privaten Link, mit dem Sie das Angebot später ändern oder zurückziehen.",
        error_messages={
            "required": "Bitte geben Sie eine E-Mail-Adresse an.",
            "invalid": "Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@beispiel.de.",
        },
    )

    field_order = [
        "title",
        "summary",
        "description",
        "learning_goals",
        "offer_type",
        "url",
        "valid_until",
        "audiences",
        "topics",
        "gaps",
        "competences",
        "principles",
        "tags_text",
        "delivery",
        "venue",
        "dates",  # the date rows (date_1_start, date_1_end, …) stand here
        "duration",
        "time_commitment_hours",
        "is_free",
        "cost_eur",
        "cost_note",
        "application_required",
        "travel_required",
        "certificate",
        "region_scope",
        "state",
        "municipality",
        "language",
        "provider_name",
        "provider_kind",
        "provider_website",
        "provider_email",
        "contact_name",
        "contact_email",
        "consent",
        "website",
        "form_started",
    ]

    # Sections of the form, for the templates: (legend, intro, field names).
    sections = [
        (
            "Angebot",
            "Was bieten Sie an?",
            [
                "title",
                "summary",
                "description",
                "learning_goals",
                "offer_type",
                "url",
                "valid_until",
            ],
        ),
        (
            "Zielgruppen und Themen",
            "Damit Ihr Angebot bei den passenden Suchen und Filtern erscheint.",
            ["audiences", "topics", "gaps", "competences", "principles", "tags_text"],
        ),
        (
            "Termine und Ort",
            "Freiwillig. Hat Ihr Angebot feste Termine? Tragen Sie für jeden Termin den ersten "
            "Tag ein und bei mehrtägigen Terminen auch den letzten. Lassen Sie die Felder leer, "
            "wenn es keine festen Termine gibt. Mehr Termine? Nach dem Speichern können Sie über "
            "Ihren privaten Link weitere eintragen.",
            ["venue", "dates"],
        ),
        (
            "Rahmen: Dauer, Kosten, Antrag, Reise",
            "Diese Angaben helfen kommunalen Akteur:innen, schnell zu entscheiden, ob das "
            "Angebot in ihren Alltag passt.",
            [
                "delivery",
                "duration",
                "time_commitment_hours",
                "is_free",
                "cost_eur",
                "cost_note",
                "application_required",
                "travel_required",
                "certificate",
                "region_scope",
                "state",
                "municipality",
                "language",
            ],
        ),
        (
            "Anbieter:in und Kontakt",
            "Wer macht das Angebot, und wen können Interessierte fragen?",
            [
                "provider_name",
                "provider_kind",
                "provider_website",
                "provider_email",
                "contact_name",
                "contact_email",
            ],
        ),
    ]

    class Meta:
        model = Offer
        # The model fields the form validates through Offer.clean(); vocabularies,
        # tags and the provider are handled by offers.submission.values.
        fields = [
            "offer_type",
            *(name for name in SCALAR_FIELDS if name not in PRINCIPLE_FIELDS.values()),
        ]

    def __init__(self, data=None, *args, consent_on_record=False, check_duplicates=False, **kwargs):
        """consent_on_record: the provider consented when submitting (edit page); the
        form then does not ask again on every save. check_duplicates: warn about offers
        of the same provider with a similar title (new submissions)."""
        if data is not None:
            data = _sanitized(data)
        super().__init__(data, *args, **kwargs)
        if consent_on_record:
            del self.fields["consent"]
        self.check_duplicates = check_duplicates
        self.likely_duplicates = []
        if not check_duplicates:
            del self.fields["not_a_duplicate"]
        self._add_date_rows(data)

    # Duplicate warning (offers/duplicates.py) ------------------------------------------
    # Kept apart from the offer's facts: not in `sections`, rendered by submit.html only
    # when a likely duplicate was found.

    not_a_duplicate = forms.BooleanField(
        label="Ich habe die ähnlichen Angebote geprüft: Mein Angebot ist ein anderes.",
        required=False,
        help_text="Ankreuzen und erneut absenden, um das Angebot trotzdem einzureichen.",
    )
    not_a_duplicate.summary_label = "Mögliches Doppel"

    def _warn_about_duplicates(self, cleaned):
        from offers.duplicates import likely_duplicates

        from .values import find_provider

        provider = find_provider(cleaned.get("provider_name", ""), cleaned.get("provider_email"))
        self.likely_duplicates = likely_duplicates(cleaned.get("title", ""), provider)
        if self.likely_duplicates and not cleaned.get("not_a_duplicate"):
            self.add_error(
                "not_a_duplicate",
                "Von dieser Anbieter:in gibt es schon ein Angebot mit sehr ähnlichem Titel. "
                "Bitte prüfen Sie, ob es dasselbe ist, und bestätigen Sie sonst, dass es ein "
                "anderes ist.",
            )

    @property
    def public_duplicates(self):
        """The likely duplicates anyone may see (in the catalogue); the others are only counted,
        so the warning never shows the title of an unpublished offer to a stranger."""
        return [offer for offer in self.likely_duplicates if offer.is_visible]

    @property
    def hidden_duplicate_count(self):
        return len(self.likely_duplicates) - len(self.public_duplicates)

    # -------------------------------------------------------------------------------------

    # Dates: a fixed number of rows, so that the form works without JavaScript ---------

    def _add_date_rows(self, data):
        """Fields date_N_start / date_N_end for every stored date and some empty rows."""
        stored = list(self.initial.get("dates") or [])
        posted = 0
        if data is not None:
            pattern = re.compile(r"date_(\d{1,2})_(?:start|end)")
            numbers = [int(m.group(1)) for key in data if (m := pattern.fullmatch(key))]
            posted = max(numbers, default=0)
        rows = min(max(DATE_ROWS, len(stored) + 1, posted), MAX_DATE_ROWS)
        for number in range(1, rows + 1):
            start, end = stored[number - 1] if number <= len(stored) else (None, None)
            self.fields[f"date_{number}_start"] = self._date_field(number, "Beginn", start)
            self.fields[f"date_{number}_end"] = self._date_field(
                number, "Ende (nur bei mehreren Tagen)", end
            )
        self.date_rows = rows
        order = []
        for name in self.field_order:
            if name == "dates":
                for number in range(1, rows + 1):
                    order += [f"date_{number}_start", f"date_{number}_end"]
            else:
                order.append(name)
        self.order_fields(order)

    @staticmethod
    def _date_field(number, label, initial):
        field = forms.DateField(
            label=label,
            required=False,
            initial=initial,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            input_formats=DATE_FORMATS,
            error_messages={"invalid": "Bitte ein Datum angeben, z. B. 31.12.2026."},
        )
        field.summary_label = f"Termin {number}, {label.split(' ')[0]}"
        return field

    def fieldsets(self):
        """The sections with their fields: [(legend, intro, [field or DateRow, ...])]."""
        sections = []
        for legend, intro, names in self.sections:
            items = []
            for name in names:
                if name == "dates":
                    items += [
                        DateRow(number, self[f"date_{number}_start"], self[f"date_{number}_end"])
                        for number in range(1, self.date_rows + 1)
                    ]
                else:
                    items.append(self[name])
            sections.append((legend, intro, items))
        return sections

    def clean(self):
        # The dates first: their errors show even when a check below refuses the whole form.
        dates = self._clean_dates()
        cleaned = super().clean()
        cleaned["dates"] = dates
        if self.check_duplicates:
            self._warn_about_duplicates(cleaned)
        return cleaned

    def _clean_dates(self):
        """(start, end or None) pairs from the filled rows; errors beside the row's fields."""
        latest = timezone.localdate() + datetime.timedelta(days=365 * 10)
        pairs = []
        for number in range(1, self.date_rows + 1):
            start_name, end_name = f"date_{number}_start", f"date_{number}_end"
            if start_name in self.errors or end_name in self.errors:
                continue
            start = self.cleaned_data.get(start_name)
            end = self.cleaned_data.get(end_name)
            if end and not start:
                self.add_error(start_name, "Bitte auch den ersten Tag dieses Termins angeben.")
                continue
            if not start:
                continue
            if end and end < start:
                self.add_error(end_name, "Das Ende liegt vor dem Beginn. Bitte prüfen.")
                continue
            if (end or start) > latest:
                self.add_error(
                    end_name if end else start_name,
                    "Bitte einen Termin in den nächsten zehn Jahren angeben.",
                )
                continue
            pairs.append((start, end if end != start else None))
        return pairs

    def clean_tags_text(self):
        names = parse_tag_text(self.cleaned_data.get("tags_text", ""))
        if len(names) > MAX_TAGS:
            raise forms.ValidationError(
                f"Bitte höchstens {MAX_TAGS} Schlagworte angeben (jetzt: {len(names)})."
            )
        too_long = [name for name in names if len(name) > MAX_TAG_LENGTH]
        if too_long:
            raise forms.ValidationError(
                f"Ein Schlagwort darf höchstens {MAX_TAG_LENGTH} Zeichen lang sein. "
                "Trennen Sie mehrere Schlagworte mit Kommas."
            )
        return names

    def clean_valid_until(self):
        value = self.cleaned_data.get("valid_until")
        today = timezone.localdate()
        if value and value < today:
            raise forms.ValidationError(
                "Dieses Datum liegt in der Vergangenheit. Bitte ein künftiges Datum angeben "
                "oder das Feld leer lassen."
            )
        if value and value > today + datetime.timedelta(days=365 * 10):
            raise forms.ValidationError(
                "Bitte ein Datum in den nächsten zehn Jahren angeben oder das Feld leer lassen."
            )
        return value


class DateRow:
    """One date of the form: its number and its two fields, shown as a small fieldset."""

    is_date_row = True

    def __init__(self, number, start, end):
        self.number, self.start, self.end = number, start, end

    @property
    def legend(self):
        return f"Termin {self.number}"


def _sanitized(data):
    """A copy of the POST data with control characters removed from every value.

    Done before any field sees the data, so that even lookups (vocabulary slugs)
    never send a NUL byte to the database.
    """
    if not hasattr(data, "getlist"):
        return {
            key: _strip_controls(value) if isinstance(value, str) else value
            for key, value in data.items()
        }
    cleaned = data.copy()
    for key in list(cleaned.keys()):
        cleaned.setlist(
            key,
            [
                _strip_controls(value) if isinstance(value, str) else value
                for value in data.getlist(key)
            ],
        )
    return cleaned
