"""The offer form in the admin: tags picked by autocomplete, new ones typed in."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from taggit.models import Tag
from taggit.utils import parse_tags

from .models import Offer


class OfferAdminForm(forms.ModelForm):
    tags = forms.ModelMultipleChoiceField(
        label="Schlagworte",
        queryset=Tag.objects.all(),
        required=False,
        widget=AutocompleteSelectMultiple(Offer._meta.get_field("tags"), admin.site),
        help_text="Vorhandene Schlagworte suchen und auswählen.",
    )
    new_tags = forms.CharField(
        label="Neue Schlagworte",
        required=False,
        max_length=300,
        help_text="Durch Komma getrennt, z. B. „Kanban, Retrospektive“.",
    )

    class Meta:
        model = Offer
        fields = "__all__"  # noqa: DJ007 - the admin fieldsets choose the fields

    def clean(self):
        cleaned = super().clean()
        names = parse_tags(cleaned.get("new_tags", ""))
        if names:
            existing = list(cleaned.get("tags") or [])
            known = {tag.name.lower() for tag in existing}
            for name in names:
                if name.lower() not in known:
                    tag = Tag.objects.filter(name__iexact=name[:100]).first()
                    existing.append(tag or Tag.objects.create(name=name[:100]))
                    known.add(name.lower())
            cleaned["tags"] = existing
        return cleaned


class ModerationMessageForm(forms.Form):
    """The text for a rejection or a request for changes (intermediate admin page)."""

    message = forms.CharField(
        label="Nachricht an die Anbieter:in",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text="Geht per E-Mail an die Kontaktadresse des Angebots und steht auf der "
        "Bearbeitungsseite der Anbieter:in. Freundlich und konkret, ohne interne Details.",
    )
    note = forms.CharField(
        label="Interne Notiz (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text="Nur für das Team; steht im Verlauf des Angebots. Leer: Dort steht die Nachricht.",
    )


class ChangeDecisionForm(forms.Form):
    """The reason for rejecting a pending change (shown to the provider)."""

    reason = forms.CharField(
        label="Begründung an die Anbieter:in",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text="Nur beim Ablehnen nötig. Geht per E-Mail an die Anbieter:in.",
    )


class ProviderMergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        label="Welche Anbieter:in bleibt?",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        help_text="Alle Angebote der anderen wandern zu ihr; die anderen werden gelöscht. "
        "Leere Felder (Website, E-Mail, Beschreibung) werden aus den anderen ergänzt.",
    )

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = providers
        self.fields["keep"].label_from_instance = self._label

    @staticmethod
    def _label(provider):
        state = "freigegeben" if provider.is_approved else "nicht freigegeben"
        count = getattr(provider, "offer_count", None)
        offers = f", {count} Angebot(e)" if count is not None else ""
        return f"{provider.name} ({state}{offers}, {provider.email or 'ohne E-Mail'})"
