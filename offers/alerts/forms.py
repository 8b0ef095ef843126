from django import forms

from kommune360.forms import ConsentMixin, SpamProtectionMixin
from offers.models import AlertFrequency, SearchAlert


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(
        label="Wie oft möchten Sie benachrichtigt werden?",
        choices=AlertFrequency.choices,
        initial=AlertFrequency.WEEKLY,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Bitte wählen Sie, wie oft Sie benachrichtigt werden möchten.",
            "invalid_choice": "Bitte wählen Sie „täglich“ oder „wöchentlich“.",
        },
        help_text="Wir schreiben nur, wenn es neue passende Angebote gibt.",
    )


class SubscribeForm(ConsentMixin, SpamProtectionMixin, FrequencyForm):
    email = forms.EmailField(
        label="Ihre E-Mail-Adresse",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Bitte geben Sie Ihre E-Mail-Adresse an.",
            "invalid": "Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@kommune.de.",
            "max_length": "Die E-Mail-Adresse ist zu lang (höchstens 254 Zeichen).",
        },
    )

    field_order = ["email", "frequency", "consent"]

    def __init__(self, *args, saved_query: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.saved_query = saved_query

    def clean(self):
        cleaned = super().clean()
        limit = SearchAlert._meta.get_field("query").max_length
        if len(self.saved_query) > limit:
            raise forms.ValidationError(
                "Diese Auswahl ist zu umfangreich für ein Suchabo. Bitte wählen Sie weniger "
                "Filter oder einen kürzeren Suchbegriff und versuchen Sie es dann erneut.",
                code="query_too_long",
            )
        return cleaned
