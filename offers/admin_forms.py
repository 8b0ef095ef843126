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
