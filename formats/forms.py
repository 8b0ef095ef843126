"""Forms: the public registration and filter forms, the board forms, the admin rule form."""

import datetime
import re

from django import forms
from django.utils import timezone

from kommune360.forms import (
    BIDI_CONTROLS,
    INVISIBLE_MARKS,
    ConsentMixin,
    FirstOptionCheckboxes,
    FirstOptionRadioSelect,
    SpamProtectionMixin,
    strip_control_characters,
)
from offers.models import Audience

from . import circles, services
from .models import FormatKind, TalkFeedback, TimeboxDecision
from .recurrence import MAX_OCCURRENCES, Rule
from .time_windows import WEEKDAYS, grid, of_session, parse

# A circle someone starts meets within working hours, so colleagues can join.
EARLIEST_CIRCLE_START = datetime.time(7, 0)
LATEST_CIRCLE_END = datetime.time(20, 0)

# Control characters other than tab and newlines never belong in a form field, nor do
# bidi controls, zero-width spaces and direction marks.
_DROP = BIDI_CONTROLS | INVISIBLE_MARKS

LEADER = "fuehrungskraefte"
COORDINATOR = "netzwerkkoordinator-innen"
TANDEM_ROLES = {LEADER: COORDINATOR, COORDINATOR: LEADER}


def clean_text(value: str) -> str:
    return strip_control_characters(
        value or "", multiline=True, drop=_DROP, normalise_newlines=False
    )


class PlainTextField(forms.CharField):
    """A CharField that drops control and bidi-override characters before validating."""

    def to_python(self, value):
        return clean_text(super().to_python(value))


def too_long(what: str) -> str:
    """The max_length message: what to shorten, the limit and the current length."""
    return f"Bitte kürzen Sie {what} auf höchstens %(limit_value)d Zeichen (jetzt: %(show_value)d)."


class RegistrationForm(ConsentMixin, SpamProtectionMixin, forms.Form):
    name = PlainTextField(
        label="Ihr Name",
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": "Bitte nennen Sie Ihren Namen.",
            "max_length": too_long("Ihren Namen"),
        },
    )
    email = forms.EmailField(
        label="E-Mail-Adresse",
        max_length=254,
        help_text="Hierhin schicken wir die Bestätigung, den Zugangslink und den Link zum Abmelden.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Bitte geben Sie Ihre E-Mail-Adresse an: Dorthin schicken wir die "
            "Bestätigung.",
            "invalid": "Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@kommune.de.",
            "max_length": too_long("die E-Mail-Adresse"),
        },
    )
    organisation = PlainTextField(
        label="Organisation / Dienststelle",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        error_messages={
            "required": "Bitte nennen Sie Ihre Organisation oder Dienststelle, "
            "z. B. „Stadt Musterstadt, Jugendamt“.",
            "max_length": too_long("den Namen der Organisation"),
        },
    )
    municipality = PlainTextField(
        label="Kommune",
        max_length=120,
        required=False,
        help_text="Zum Beispiel „Stadt Musterstadt“ oder „Kreis Beispielland“.",
        error_messages={"max_length": too_long("den Namen der Kommune")},
    )
    role = forms.ModelChoiceField(
        # The choices are groups ("Führungskräfte"): the label names the group, not one role.
        label="Sie gehören zu",
        queryset=Audience.objects.all(),
        empty_label="Bitte wählen",
        error_messages={
            "required": "Bitte wählen Sie aus, zu welcher Gruppe Sie gehören.",
            "invalid_choice": "Bitte wählen Sie aus der Liste, zu welcher Gruppe Sie gehören.",
        },
    )
    note = PlainTextField(
        label="Anmerkung (freiwillig)",
        max_length=1000,
        required=False,
        help_text="Zum Beispiel eine Frage vorab oder was Sie für eine barrierefreie Teilnahme brauchen.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": too_long("Ihre Anmerkung")},
    )
    partner_name = PlainTextField(
        label="Name der Tandem-Partner:in",
        max_length=120,
        required=False,
        error_messages={"max_length": too_long("den Namen Ihrer Tandem-Partner:in")},
    )
    partner_email = forms.EmailField(
        label="E-Mail der Tandem-Partner:in",
        max_length=254,
        required=False,
        error_messages={
            "invalid": "Bitte geben Sie eine gültige E-Mail-Adresse Ihrer Tandem-Partner:in an, "
            "z. B. name@kommune.de.",
            "max_length": too_long("die E-Mail-Adresse Ihrer Tandem-Partner:in"),
        },
    )

    field_order = [
        "name",
        "email",
        "organisation",
        "municipality",
        "role",
        "note",
        "partner_name",
        "partner_email",
        "consent",
    ]

    def __init__(self, *args, allow_tandem: bool = True, circle_start=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.allow_tandem = allow_tandem and circle_start is None
        if not self.allow_tandem:
            del self.fields["partner_name"]
            del self.fields["partner_email"]
        self.circle_start = circle_start
        if circle_start is not None:
            circle_fields = CircleFields(circle_start)
            self.fields.update(circle_fields.fields)
            self.open_circles = {circle.pk: circle for circle in circle_fields.open_circles}
            if "new_time" in self.fields:
                # The time picker offers only starts whose meeting ends by LATEST_CIRCLE_END;
                # the server checks the same in _within_working_hours.
                latest = LATEST_CIRCLE_END.hour * 60 - circle_start.duration_minutes
                self.fields["new_time"].widget.attrs.update(
                    min=f"{EARLIEST_CIRCLE_START:%H:%M}",
                    max=f"{latest // 60:02d}:{latest % 60:02d}",
                )
            self.order_fields([*self.field_order[:-1], *CIRCLE_FIELD_ORDER, "consent"])

    @property
    def tandem_fields(self):
        return [self[name] for name in ("partner_name", "partner_email") if name in self.fields]

    def clean(self):
        cleaned = super().clean()
        if self.circle_start is not None:
            self._clean_circle(cleaned)
        if not self.allow_tandem:
            return cleaned
        partner_name, partner_email = cleaned.get("partner_name"), cleaned.get("partner_email")
        wants_tandem = bool(partner_name or partner_email or self.data.get("partner_email"))
        if not wants_tandem:
            return cleaned
        if not partner_name:
            self.add_error("partner_name", "Bitte geben Sie den Namen Ihrer Tandem-Partner:in an.")
        if not partner_email and "partner_email" not in self.errors:
            self.add_error(
                "partner_email", "Bitte geben Sie die E-Mail-Adresse Ihrer Tandem-Partner:in an."
            )
        email = cleaned.get("email")
        if partner_email and email and partner_email.lower() == email.lower():
            self.add_error(
                "partner_email", "Bitte eine andere E-Mail-Adresse als Ihre eigene angeben."
            )
        role = cleaned.get("role")
        if role is not None and role.slug not in TANDEM_ROLES:
            self.add_error(
                "role",
                "Ein Tandem besteht aus einer Führungskraft und einer Netzwerkkoordinator:in. "
                "Bitte wählen Sie eine dieser beiden Rollen – oder melden Sie sich ohne Tandem an.",
            )
        if not cleaned.get("municipality"):
            self.add_error(
                "municipality", "Für ein Tandem aus derselben Kommune bitte die Kommune angeben."
            )
        return cleaned

    def person(self) -> dict:
        data = self.cleaned_data
        person = {
            name: data[name]
            for name in ("name", "email", "organisation", "municipality", "role", "note")
        }
        if self.circle_start is not None:
            person["goal"] = data["goal"]
            person["wants_to_facilitate"] = data["wants_to_facilitate"]
            # Joining or starting a circle fixes the time; windows matter only for forming one.
            person["time_windows"] = (
                data["time_windows"] if data["circle_choice"] == FORM_BY_WINDOWS else []
            )
        return person

    @property
    def circle_fields(self):
        """The bound fields of the circle part, for the template (empty for other formats)."""
        return [self[name] for name in CIRCLE_FIELD_ORDER if name in self.fields]

    def window_groups(self):
        """The time-window checkboxes grouped by weekday: [(weekday name, [subwidget])]."""
        groups = {}
        for widget in self["time_windows"]:
            window = parse(widget.data["value"])
            groups.setdefault(WEEKDAYS[window.weekday], []).append(widget)
        return list(groups.items())

    def join_circle(self):
        """The open circle the person chose to join, or None."""
        choice = self.cleaned_data.get("circle_choice", "")
        if not choice.startswith(JOIN_PREFIX):
            return None
        return self.open_circles[int(choice.removeprefix(JOIN_PREFIX))]

    def new_circle(self):
        if self.cleaned_data.get("circle_choice") != START_OWN:
            return None
        data = self.cleaned_data
        return services.NewCircle(
            weekday=int(data["new_weekday"]),
            start_time=data["new_time"],
            theme=data["new_theme"],
        )

    def _clean_circle(self, cleaned):
        choice = cleaned.get("circle_choice")
        missing_windows = choice == FORM_BY_WINDOWS and not cleaned.get("time_windows")
        if missing_windows and "time_windows" not in self.errors:
            self.add_error(
                "time_windows",
                "Bitte kreuzen Sie mindestens ein Zeitfenster an – je mehr, desto leichter "
                "finden wir einen Kreis.",
            )
        if choice == START_OWN:
            if cleaned.get("new_weekday") is None and "new_weekday" not in self.errors:
                self.add_error("new_weekday", "Bitte wählen Sie den Wochentag Ihres Kreises.")
            if not cleaned.get("new_time") and "new_time" not in self.errors:
                self.add_error("new_time", "Bitte geben Sie die Uhrzeit an, z. B. 12:00.")
            elif "new_time" not in self.errors and not self._within_working_hours(
                cleaned["new_time"]
            ):
                self.add_error(
                    "new_time",
                    f"Bitte eine Uhrzeit zwischen {EARLIEST_CIRCLE_START:%H:%M} und "
                    f"{LATEST_CIRCLE_END:%H:%M} Uhr wählen: Ein Treffen dauert "
                    f"{self.circle_start.duration_minutes} Minuten und sollte um "
                    f"{LATEST_CIRCLE_END:%H:%M} Uhr vorbei sein.",
                )

    def _within_working_hours(self, start) -> bool:
        """A circle meets between 7 and 20 o'clock, the whole meeting included."""
        end_minutes = start.hour * 60 + start.minute + self.circle_start.duration_minutes
        return start >= EARLIEST_CIRCLE_START and end_minutes <= LATEST_CIRCLE_END.hour * 60

    def partner(self) -> dict | None:
        """The tandem partner's data: same organisation and municipality, the other role."""
        data = self.cleaned_data
        if not self.allow_tandem or not data.get("partner_email"):
            return None
        return {
            "name": data["partner_name"],
            "email": data["partner_email"],
            "organisation": data["organisation"],
            "municipality": data["municipality"],
            "role": Audience.objects.get(slug=TANDEM_ROLES[data["role"].slug]),
            "note": "",
        }


FORM_BY_WINDOWS = "zeitfenster"
START_OWN = "neu"
JOIN_PREFIX = "kreis-"
CIRCLE_FIELD_ORDER = [
    "goal",
    "circle_choice",
    "time_windows",
    "new_weekday",
    "new_time",
    "new_theme",
    "wants_to_facilitate",
]


class CircleFields(forms.Form):
    """The part of the registration form for a WOL circle start: goal, time, circle.

    A plain form only to declare the fields in one place; RegistrationForm adds
    them for circle starts.
    """

    goal = PlainTextField(
        label="Ihr Ziel für die zwölf Wochen",
        max_length=500,
        error_messages={
            "required": "Bitte nennen Sie Ihr Ziel für die zwölf Wochen, in einem Satz genügt.",
            "max_length": too_long("Ihr Ziel"),
        },
        help_text="Ein Vorhaben, bei dem Sie in zwölf Wochen ein Stück weiterkommen möchten, "
        "zum Beispiel „ein Netzwerk für die Sozialplanung im Kreis aufbauen“. Die Mitglieder "
        "Ihres Kreises lesen es; wir zeigen es nirgends öffentlich.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    circle_choice = forms.ChoiceField(
        label="Wie möchten Sie in einen Kreis kommen?",
        widget=FirstOptionRadioSelect,
        initial=FORM_BY_WINDOWS,
        error_messages={
            "required": "Bitte wählen Sie, wie Sie in einen Kreis kommen möchten.",
            "invalid_choice": "Dieser Kreis ist nicht mehr offen. Bitte neu wählen.",
        },
    )
    time_windows = forms.MultipleChoiceField(
        label="Wann hätten Sie jede Woche Zeit für ein Treffen?",
        required=False,
        widget=FirstOptionCheckboxes,
        help_text="Kreuzen Sie alle Zeiten an, die für Sie regelmäßig gehen. Wir bilden die "
        "Kreise aus Personen mit einer gemeinsamen Zeit.",
        error_messages={"invalid_choice": "Bitte nur Zeitfenster aus der Liste wählen."},
    )
    new_weekday = forms.TypedChoiceField(
        label="Wochentag Ihres Kreises",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Bitte wählen"), *list(enumerate(WEEKDAYS))[:5]],
    )
    new_time = forms.TimeField(
        label="Uhrzeit (Beginn)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time", "step": 900}, format="%H:%M"),
        help_text="Zwischen 7 und 20 Uhr; das Treffen sollte um 20 Uhr vorbei sein.",
        error_messages={"invalid": "Bitte eine Uhrzeit wie 12:00 angeben."},
    )

    new_theme = PlainTextField(
        label="Worum soll es in Ihrem Kreis gehen? (freiwillig)",
        max_length=200,
        required=False,
        help_text="Erscheint ohne Ihren Namen auf dieser Seite, damit andere beitreten können.",
        error_messages={"max_length": too_long("das Thema Ihres Kreises")},
    )
    wants_to_facilitate = forms.BooleanField(
        label="Ich übernehme gern die Moderation meines Kreises",
        required=False,
        help_text="Die Moderation eröffnet die Treffen, achtet auf die Zeit und verweist auf den "
        "Leitfaden der Woche. Vorbereitung ist nicht nötig.",
    )

    def __init__(self, session, *args, **kwargs):
        super().__init__(*args, **kwargs)
        minutes = session.duration_minutes
        self.fields[
            "time_windows"
        ].help_text += f" Ein Treffen dauert {minutes} Minuten ab der angekreuzten Uhrzeit."
        self.fields["time_windows"].choices = [
            (window.code, f"{window.start:%H:%M} Uhr")
            for _, windows in grid(of_session(session))
            for window in windows
        ]
        choices = [(FORM_BY_WINDOWS, "Kreis aus meinen Zeitfenstern bilden lassen")]
        self.open_circles = circles.open_circles(session)
        for circle in self.open_circles:
            about = f" – {circle.theme}" if circle.theme else ""
            places = "1 Platz" if circle.places_left == 1 else f"{circle.places_left} Plätze"
            choices.append(
                (
                    f"{JOIN_PREFIX}{circle.pk}",
                    f"Beitreten: {circle.name}{about}, {circle.meeting_label}, noch {places} frei",
                )
            )
        choices.append((START_OWN, "Selbst einen Kreis starten (Zeit und Thema vorschlagen)"))
        self.fields["circle_choice"].choices = choices


class MonthChoiceField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = re.fullmatch(r"(\d{4})-(\d{2})", value)
        if not match or not 1 <= int(match[2]) <= 12 or not 2000 <= int(match[1]) <= 2100:
            raise forms.ValidationError("Bitte einen Monat aus der Liste wählen.")
        return int(match[1]), int(match[2])


class SessionFilterForm(forms.Form):
    """The overview's filters (GET). Unknown values are reported and ignored, never fatal."""

    format = forms.ModelChoiceField(
        label="Format",
        queryset=FormatKind.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="alle Formate",
    )
    zielgruppe = forms.ModelChoiceField(
        label="Zielgruppe",
        queryset=Audience.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="alle Zielgruppen",
    )
    monat = MonthChoiceField(label="Monat", required=False, widget=forms.Select)

    def __init__(self, *args, months=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["monat"].widget.choices = [("", "alle Monate"), *months]

    def filters(self) -> dict:
        """The valid filters only: a wrong value in one field does not discard the others."""
        self.is_valid()
        return {
            name: self.cleaned_data.get(name)
            for name in self.fields
            if name not in self.errors and self.cleaned_data.get(name)
        }


class TopicForm(forms.Form):
    title = PlainTextField(label="Ihr Thema", max_length=200)


class TalkFeedbackForm(forms.Form):
    """The one question after a talk."""

    rating = forms.TypedChoiceField(
        label="Wie hilfreich war der Termin für Ihre Arbeit?",
        choices=[(str(value), label) for value, label in TalkFeedback.RATINGS],
        coerce=int,
        widget=FirstOptionRadioSelect,
        error_messages={
            "required": "Bitte wählen Sie eine Zahl von 1 bis 5.",
            "invalid_choice": "Bitte wählen Sie eine Zahl von 1 bis 5.",
        },
    )
    comment = PlainTextField(
        label="Möchten Sie uns noch etwas sagen? (freiwillig)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ActionForm(forms.Form):
    """The facilitator records a step the round agreed on."""

    text = PlainTextField(label="Vereinbarter Schritt", max_length=300)
    owner = PlainTextField(
        label="Wer kümmert sich? (freiwillig)",
        max_length=120,
        required=False,
        help_text="Bitte nur mit Einverständnis der Person eintragen.",
    )


class NotesForm(forms.Form):
    notes = PlainTextField(
        label="Notizen", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class StartTopicForm(forms.Form):
    minutes = forms.IntegerField(label="Minuten", min_value=1, max_value=60, initial=8)


class ThumbsForm(forms.Form):
    decision = forms.ChoiceField(choices=TimeboxDecision.choices)
    thumbs_up = forms.IntegerField(label="Daumen hoch", min_value=0, max_value=999, required=False)
    thumbs_down = forms.IntegerField(
        label="Daumen runter", min_value=0, max_value=999, required=False
    )


RHYTHM_CHOICES = [
    ("w1", "jede Woche"),
    ("w2", "alle zwei Wochen"),
    ("w3", "alle drei Wochen"),
    ("w4", "alle vier Wochen"),
    ("m1", "jeden ersten dieses Wochentags im Monat"),
    ("m2", "jeden zweiten dieses Wochentags im Monat"),
    ("m3", "jeden dritten dieses Wochentags im Monat"),
    ("m4", "jeden vierten dieses Wochentags im Monat"),
    ("m5", "jeden letzten dieses Wochentags im Monat"),
]


class GenerateSessionsForm(forms.Form):
    """Admin: create the sessions of a series from a rule (times in German local time)."""

    first_date = forms.DateField(
        label="Erster Termin am", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label="Beginn (Ortszeit)", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label="Ende (Ortszeit)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="Leer lassen: übliche Dauer der Formatart.",
    )
    count = forms.IntegerField(label="Anzahl Termine", min_value=1, max_value=MAX_OCCURRENCES)
    rhythm = forms.ChoiceField(
        label="Rhythmus",
        choices=RHYTHM_CHOICES,
        initial="w1",
        help_text="Der Wochentag ist der des ersten Termins. Beispiel „jeden zweiten Dienstag "
        "im Monat“: ersten Termin auf einen zweiten Dienstag legen und m2 wählen.",
    )
    capacity = forms.IntegerField(
        label="Plätze je Termin",
        min_value=1,
        max_value=1000,
        required=False,
        help_text="Leer lassen: übliche Zahl der Formatart.",
    )
    host = forms.CharField(label="Moderation / Referent:in", max_length=200, required=False)
    room_url = forms.URLField(label="Link zum Online-Raum", max_length=500, required=False)
    deadline_hours = forms.IntegerField(
        label="Anmeldeschluss (Stunden vor Beginn)", min_value=0, max_value=24 * 60, required=False
    )

    def __init__(self, *args, kind: FormatKind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind.is_circle:
            self.fields["count"].initial = kind.circle_meetings
            self.fields["rhythm"].choices = RHYTHM_CHOICES[:1]
            self.fields["rhythm"].help_text = "Ein WOL-Kreis trifft sich wöchentlich."

    def clean_first_date(self):
        first_date = self.cleaned_data["first_date"]
        if first_date < timezone.localdate():
            raise forms.ValidationError("Der erste Termin darf nicht in der Vergangenheit liegen.")
        return first_date

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and not end:
            minutes = start.hour * 60 + start.minute + self.kind.default_duration_minutes
            if minutes >= 24 * 60:
                self.add_error("end_time", "Bitte ein Ende am selben Tag angeben.")
            else:
                cleaned["end_time"] = start.replace(hour=minutes // 60, minute=minutes % 60)
        elif start and end and end <= start:
            self.add_error("end_time", "Das Ende muss nach dem Beginn liegen.")
        return cleaned

    def rule(self) -> Rule:
        data = self.cleaned_data
        rhythm = data["rhythm"]
        return Rule(
            first_date=data["first_date"],
            start_time=data["start_time"],
            end_time=data["end_time"],
            count=data["count"],
            interval_weeks=int(rhythm[1]) if rhythm.startswith("w") else 1,
            week_of_month=int(rhythm[1]) if rhythm.startswith("m") else None,
        )
