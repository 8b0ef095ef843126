"""The analysis page in the admin: its text in sections of Markdown, and the Impulspapier."""

from django import forms
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from .models import AnalysisPage, AnalysisSection


class AnalysisSectionFormSet(forms.BaseInlineFormSet):
    def get_unique_error_message(self, unique_check):
        # Django names the field by its code name ("anchor"); the team reads German.
        return "Zwei Abschnitte haben dieselbe Sprungmarke; jeder Abschnitt braucht eine eigene."


class AnalysisSectionInline(admin.StackedInline):
    model = AnalysisSection
    formset = AnalysisSectionFormSet
    extra = 0
    fields = ["position", "heading", "anchor", "body", "show_gaps"]
    formfield_overrides = {
        AnalysisSection._meta.get_field("body").__class__: {
            "widget": forms.Textarea(attrs={"rows": 16, "cols": 90})
        }
    }


@admin.register(AnalysisPage)
class AnalysisPageAdmin(admin.ModelAdmin):
    """One page: the list leads straight to it, and it can be neither added twice nor deleted."""

    list_display = ["title", "updated_at"]
    fields = ["title", "summary", "impulse_paper", "updated_at"]
    readonly_fields = ["updated_at"]
    inlines = [AnalysisSectionInline]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not AnalysisPage.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        page = AnalysisPage.current()
        if page is not None and self.has_view_or_change_permission(request, page):
            return redirect(reverse("admin:offers_analysispage_change", args=[page.pk]))
        return super().changelist_view(request, extra_context)
