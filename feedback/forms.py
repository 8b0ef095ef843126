"""The public contribution form and the team's reply form."""

import re

from django import forms
from django.core.exceptions import ValidationError

from kommune360.forms import ConsentMixin, SpamProtectionMixin, strip_control_characters
from offers.models import Gap, Offer

from .models import (
    AuthorRole,
    Contribution,
    ContributionKind,
    OrganisationType,
    PreferredContact,
    PublicName,
)

TEXT_MAX_LENGTH = 5000
OFFER_OR_SEEK_MAX_LENGTH = 2000
_PHONE = re.compile(r"^\+?[0-9 ()/\-]{6,30}$")


class FirstOptionRadioSelect(forms.RadioSelect):
    """Radio buttons whose field id points at the first option, so that the error
    summary can link to (and focus) the group."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


# On the public form a kind's name alone can puzzle people; the team keeps the short names.
KIND_EXPLAINED = {
    ContributionKind.DISCOURSE: "Diskursanfrage: Sie möchten eine Frage mit uns und anderen "
    "diskutieren, zum Beispiel in einem Gespräch oder einer offenen Runde",
    ContributionKind.BARRIER: "Barriere melden: Etwas auf dieser Website können Sie schlecht "
    "oder gar nicht nutzen, oder Sie brauchen einen Inhalt in einer anderen Form",
}


class ContributionForm(ConsentMixin, SpamProtectionMixin, forms.ModelForm):
    kind = forms.ChoiceField(
        label="Was möchten Sie uns mitteilen?",
        choices=[
            (value, KIND_EXPLAINED.get(value, label)) for value, label in ContributionKind.choices
        ],
        widget=FirstOptionRadioSelect,
        error_messages={"required": "Bitte wählen Sie aus, worum es in Ihrem Beitrag geht."},
    )
    gap = forms.ModelChoiceField(
        label="Bezug zu einer Leerstelle",
        queryset=Gap.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="– keine bestimmte Leerstelle –",
        error_messages={"invalid_choice": "Diese Leerstelle gibt es nicht. Bitte neu wählen."},
    )
    offer = forms.ModelChoiceField(
        label="Bezug zu einem Angebot",
        queryset=Offer.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label="– kein bestimmtes Angebot –",
        error_messages={
            "invalid_choice": "Dieses Angebot ist nicht (mehr) im Katalog. Bitte neu wählen."
        },
    )
    text = forms.CharField(
        label="Ihr Beitrag",
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=f"Höchstens {TEXT_MAX_LENGTH} Zeichen. Bitte keine Daten Dritter.",
        error_messages={
            "required": "Bitte schreiben Sie uns Ihren Beitrag.",
            "max_length": "Bitte kürzen Sie Ihren Beitrag auf höchstens %(limit_value)d Zeichen "
            "(jetzt: %(show_value)d).",
        },
    )
    role = forms.ChoiceField(
        label="Ich schreibe als",
        choices=AuthorRole.choices,
        widget=FirstOptionRadioSelect,
        error_messages={"required": "Bitte wählen Sie aus, in welcher Rolle Sie schreiben."},
    )
    name = forms.CharField(
        label="Ihr Name",
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Bitte nennen Sie Ihren Namen."},
    )
    email = forms.EmailField(
        label="Ihre E-Mail-Adresse",
        max_length=254,
        help_text="Für die Eingangsbestätigung und eine Antwort. Wird nie veröffentlicht.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Bitte geben Sie Ihre E-Mail-Adresse an.",
            "invalid": "Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@kommune.de.",
        },
    )
    organisation = forms.CharField(
        label="Organisation oder Kommune",
        max_length=200,
        required=False,
        help_text="Freiwillig, bei Kooperationsanfragen nötig. Wird nie veröffentlicht.",
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )

    # Only for cooperation requests; the fieldset is always in the page.
    organisation_type = forms.ChoiceField(
        label="Art Ihrer Organisation",
        choices=[("", "– bitte wählen –"), *OrganisationType.choices],
        required=False,
    )
    offer_or_seek = forms.CharField(
        label="Was bieten Sie an oder was suchen Sie?",
        max_length=OFFER_OR_SEEK_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Zum Beispiel ein Format, Fachwissen, Räume oder eine gemeinsame Veranstaltung.",
    )
    preferred_contact = forms.ChoiceField(
        label="Wie dürfen wir Sie kontaktieren?",
        choices=PreferredContact.choices,
        initial=PreferredContact.EMAIL,
        required=False,
        widget=FirstOptionRadioSelect,
    )
    phone = forms.CharField(
        label="Telefonnummer",
        max_length=40,
        required=False,
        help_text="Nur nötig, wenn wir Sie anrufen sollen.",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    public_opt_in = forms.BooleanField(
        label="Ja, mein Beitrag darf auf Kommune 360° öffentlich erscheinen.",
        required=False,
        help_text="Freiwillig und unabhängig von der Einwilligung unten. Das Initiativteam "
        "wählt aus, was erscheint. E-Mail-Adresse und Organisation zeigen wir nie.",
    )
    public_name = forms.ChoiceField(
        label="Falls ja: so soll Ihr Beitrag erscheinen",
        choices=PublicName.choices,
        initial=PublicName.ANONYMOUS,
        required=False,
        widget=FirstOptionRadioSelect,
    )

    COOPERATION_FIELDS = ("organisation_type", "offer_or_seek", "preferred_contact", "phone")
    SINGLE_LINE_FIELDS = ("name", "organisation", "phone")
    MULTI_LINE_FIELDS = ("text", "offer_or_seek")

    class Meta:
        model = Contribution
        fields = [
            "kind",
            "gap",
            "offer",
            "text",
            "role",
            "name",
            "email",
            "organisation",
            "public_opt_in",
            "public_name",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Evaluated per request: visibility depends on today's date.
        self.fields["offer"].queryset = Offer.objects.visible().order_by("title")
        self.order_fields([*self.Meta.fields[:4], *self.COOPERATION_FIELDS, *self.Meta.fields[4:]])

    def _clean_text_field(self, name, *, multiline):
        value = self.cleaned_data.get(name, "")
        cleaned = strip_control_characters(value, multiline=multiline)
        if value and not cleaned and self.fields[name].required:
            raise ValidationError(self.fields[name].error_messages["required"], code="required")
        return cleaned

    def clean_name(self):
        return self._clean_text_field("name", multiline=False)

    def clean_organisation(self):
        return self._clean_text_field("organisation", multiline=False)

    def clean_phone(self):
        return self._clean_text_field("phone", multiline=False)

    def clean_text(self):
        return self._clean_text_field("text", multiline=True)

    def clean_offer_or_seek(self):
        return self._clean_text_field("offer_or_seek", multiline=True)

    def clean_public_name(self):
        return self.cleaned_data.get("public_name") or PublicName.ANONYMOUS

    def clean_preferred_contact(self):
        return self.cleaned_data.get("preferred_contact") or PreferredContact.EMAIL

    @property
    def is_cooperation(self):
        return self.cleaned_data.get("kind") == ContributionKind.COOPERATION

    def clean(self):
        cleaned = super().clean()
        if self.is_cooperation:
            self._validate_cooperation(cleaned)
        return cleaned

    def _validate_cooperation(self, cleaned):
        missing = "Für eine Kooperationsanfrage brauchen wir {}."
        if not cleaned.get("organisation"):
            self.add_error("organisation", missing.format("den Namen Ihrer Organisation"))
        if not cleaned.get("organisation_type"):
            self.add_error("organisation_type", missing.format("die Art Ihrer Organisation"))
        if not cleaned.get("offer_or_seek"):
            self.add_error(
                "offer_or_seek", missing.format("ein paar Sätze dazu, was Sie anbieten oder suchen")
            )
        phone = cleaned.get("phone", "")
        if cleaned.get("preferred_contact") == PreferredContact.PHONE and not phone:
            self.add_error(
                "phone", "Bitte geben Sie eine Telefonnummer an, wenn wir anrufen sollen."
            )
        elif phone and not _PHONE.match(phone):
            self.add_error(
                "phone", "Bitte geben Sie die Telefonnummer nur mit Ziffern an, z. B. 030 1234567."
            )

    def cooperation_data(self) -> dict | None:
        """The cooperation details to store, or None if this is not a cooperation request."""
        if not self.is_cooperation:
            return None
        return {name: self.cleaned_data[name] for name in self.COOPERATION_FIELDS}


class ReplyForm(forms.Form):
    subject = forms.CharField(label="Betreff", max_length=200)
    body = forms.CharField(
        label="Text",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 80}),
        help_text="Wird als E-Mail an die Verfasser:in gesendet und hier gespeichert.",
    )

    def clean_subject(self):
        # Line breaks in a subject would break the mail header: removed with the rest.
        subject = strip_control_characters(self.cleaned_data["subject"], multiline=False)
        if not subject:
            raise ValidationError("Bitte geben Sie einen Betreff an.")
        return subject

    def clean_body(self):
        body = strip_control_characters(self.cleaned_data["body"], multiline=True)
        if not body:
            raise ValidationError("Bitte schreiben Sie einen Text.")
        return body


class EmailLookupForm(forms.Form):
    """The address a DSGVO request is about."""

    email = forms.EmailField(
        label="E-Mail-Adresse der betroffenen Person",
        max_length=254,
        error_messages={"invalid": "Bitte eine gültige E-Mail-Adresse eingeben."},
    )
