from django import forms

from kommune360.forms import SpamProtectionMixin


class OverviewRequestForm(SpamProtectionMixin, forms.Form):
    email = forms.EmailField(
        label="E-Mail-Adresse, die bei Ihren Angeboten steht",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="Die Kontaktadresse eines Angebots oder die allgemeine Adresse Ihrer "
        "Organisation, die Sie beim Einreichen angegeben haben.",
        error_messages={
            "required": "Bitte geben Sie Ihre E-Mail-Adresse an.",
            "invalid": "Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@beispiel.de.",
            "max_length": "Die E-Mail-Adresse ist zu lang (höchstens 254 Zeichen).",
        },
    )
