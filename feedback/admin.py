"""The team's inbox, the cooperation pipeline, replies, the summary and DSGVO requests."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaksbr
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from . import dsgvo, services
from .forms import EmailLookupForm, ReplyForm
from .models import (
    Contribution,
    ContributionKind,
    ContributionReply,
    ContributionStatus,
    ContributionTransition,
    CooperationRequest,
    ErasureRecord,
    Need,
    inbox_ordering,
)
from .summary import contribution_summary


class ContributionAdminForm(forms.ModelForm):
    """The team's moderation form. The status is changed through services.set_status,
    so its rules (e.g. publishing only with the author's opt-in) are checked here too."""

    target_status = forms.ChoiceField(
        label="Status",
        choices=ContributionStatus.choices,
        help_text="„veröffentlicht“ zeigt den Beitrag auf der Seite der Leerstelle – nur möglich, "
        "wenn die Verfasser:in zugestimmt hat.",
    )

    class Meta:
        model = Contribution
        fields = ["gap", "offer", "internal_note", "public_answer"]
        help_texts = {
            "offer": "Ein veröffentlichter Beitrag „Erfahrung teilen“ erscheint auch auf der "
            "Seite dieses Angebots. Die Verfasser:in kann es im Formular wählen; das Team kann "
            "es hier setzen, ändern oder entfernen.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_status"].initial = self.instance.status

    def clean(self):
        cleaned = super().clean()
        target = cleaned.get("target_status")
        if target and target != self.instance.status:
            try:
                services.check_transition(self.instance, target)
            except services.IllegalTransition as error:
                self.add_error("target_status", error)
        return cleaned


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TransitionInline(ReadOnlyInline):
    model = ContributionTransition
    fields = ["created_at", "from_status", "to_status", "by", "reason"]
    readonly_fields = fields
    verbose_name_plural = "Verlauf"

    def has_view_permission(self, request, obj=None):
        # Part of the contribution's history: whoever sees the contribution sees it.
        return request.user.has_perm("feedback.view_contribution")


def _no_related_links(formfield):
    """Choosing a gap, offer or audience here must not invite editing the thing itself."""
    widget = formfield.widget
    widget.can_add_related = widget.can_change_related = False
    widget.can_delete_related = widget.can_view_related = False


class NeedInline(admin.StackedInline):
    """Audience and field of a reported need; shown only on contributions of that kind."""

    model = Need
    fields = ["audience", "topic"]
    extra = 0
    max_num = 1
    can_delete = False
    verbose_name = verbose_name_plural = "Bedarf: für wen und in welchem Themenfeld"

    def has_add_permission(self, request, obj=None):
        return False  # created with the contribution

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("audience", "topic") and formfield is not None:
            _no_related_links(formfield)
        return formfield


class ReplyInline(ReadOnlyInline):
    model = ContributionReply
    fields = ["sent_at", "sent_by", "subject", "body"]
    readonly_fields = fields
    verbose_name_plural = "Gesendete Antwort-E-Mails"


def _status_action(status, description):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        moved, refused = 0, []
        for contribution in queryset:
            if contribution.status == status:
                continue
            try:
                services.set_status(contribution, status, by=request.user)
                moved += 1
            except services.IllegalTransition as error:
                refused.append(f"{contribution}: {' '.join(error.messages)}")
        if moved:
            modeladmin.message_user(
                request, f"{moved} Beitrag/Beiträge geändert.", messages.SUCCESS
            )
        for message in refused:
            modeladmin.message_user(request, message, messages.WARNING)

    action.__name__ = f"set_status_{status.replace('-', '_')}"
    return action


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    form = ContributionAdminForm
    list_display = [
        "created_at",
        "status",
        "kind",
        "role",
        "author",
        "gap",
        "excerpt",
        "public_opt_in",
    ]
    list_display_links = ["created_at", "excerpt"]
    list_filter = ["status", "kind", "role", "gap", "public_opt_in", "is_demo"]
    search_fields = ["name", "email", "organisation", "text"]
    list_select_related = ["gap"]
    date_hierarchy = "created_at"
    inlines = [NeedInline, ReplyInline, TransitionInline]
    autocomplete_fields = ["offer"]
    actions = [
        _status_action(ContributionStatus.IN_PROGRESS, "In Bearbeitung nehmen"),
        _status_action(ContributionStatus.PUBLISHED, "Veröffentlichen (nur mit Zustimmung)"),
        _status_action(ContributionStatus.ARCHIVED, "Archivieren"),
    ]
    readonly_fields = [
        "kind",
        "role",
        "created_at",
        "text_display",
        "name",
        "email",
        "organisation",
        "public_opt_in",
        "public_name",
        "consent_at",
        "published_at",
        "last_activity_at",
        "anonymised_at",
        "is_demo",
        "cooperation_link",
    ]
    fieldsets = [
        (
            "Beitrag",
            {"fields": ["kind", "created_at", "gap", "offer", "text_display", "cooperation_link"]},
        ),
        (
            "Verfasser:in",
            {
                "fields": [
                    "role",
                    "name",
                    "email",
                    "organisation",
                    "public_opt_in",
                    "public_name",
                    "consent_at",
                ]
            },
        ),
        (
            "Moderation",
            {"fields": ["target_status", "public_answer", "internal_note"]},
        ),
        (
            "Daten",
            {
                "classes": ["collapse"],
                "fields": ["published_at", "last_activity_at", "anonymised_at", "is_demo"],
            },
        ),
    ]

    def get_ordering(self, request):
        return inbox_ordering()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("gap", "offer") and formfield is not None:
            _no_related_links(formfield)
        return formfield

    def has_add_permission(self, request):
        return False  # Contributions come in through the public form.

    def get_inlines(self, request, obj):
        if obj is None or obj.kind != ContributionKind.NEED:
            return [inline for inline in self.inlines if inline is not NeedInline]
        return self.inlines

    @admin.display(description="Verfasser:in")
    def author(self, obj):
        if obj.organisation:
            return f"{obj.name} ({obj.organisation})"
        return obj.name or "–"

    @admin.display(description="Auszug")
    def excerpt(self, obj):
        return Truncator(obj.text).chars(80) or "–"

    @admin.display(description="Beitrag")
    def text_display(self, obj):
        return linebreaksbr(obj.text, autoescape=True) if obj.text else "–"

    @admin.display(description="Kooperation")
    def cooperation_link(self, obj):
        cooperation = CooperationRequest.objects.filter(contribution=obj).first()
        if cooperation is None:
            return "–"
        url = reverse("admin:feedback_cooperationrequest_change", args=[cooperation.pk])
        return format_html(
            '<a href="{}">Kooperationsanfrage: {}</a>', url, cooperation.get_status_display()
        )

    def save_model(self, request, obj, form, change):
        obj.last_activity_at = timezone.now()
        super().save_model(request, obj, form, change)
        target = form.cleaned_data.get("target_status")
        if target and target != obj.status:
            services.set_status(obj, target, by=request.user)

    def get_urls(self):
        custom = [
            path(
                "uebersicht/",
                self.admin_site.admin_view(self.summary_view),
                name="feedback_contribution_summary",
            ),
            path(
                "<int:pk>/antworten/",
                self.admin_site.admin_view(self.reply_view),
                name="feedback_contribution_reply",
            ),
        ]
        return custom + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "summary_url": reverse("admin:feedback_contribution_summary"),
        }
        return super().changelist_view(request, extra_context=extra_context)

    def summary_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            months = int(request.GET.get("monate", ""))
        except ValueError:
            months = 0
        context = {
            **self.admin_site.each_context(request),
            "title": "Was uns Mitdenker:innen sagen – Übersicht",
            "opts": self.opts,
            **contribution_summary(months),
        }
        return TemplateResponse(request, "admin/feedback/contribution/summary.html", context)

    def reply_view(self, request, pk):
        contribution = get_object_or_404(Contribution, pk=pk)
        if not request.user.has_perm("feedback.add_contributionreply"):
            raise PermissionDenied
        change_url = reverse("admin:feedback_contribution_change", args=[contribution.pk])
        if request.method == "POST":
            form = ReplyForm(request.POST)
            if form.is_valid():
                try:
                    services.send_reply(contribution, by=request.user, **form.cleaned_data)
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    self.message_user(request, "Die Antwort wurde gesendet und gespeichert.")
                    return HttpResponseRedirect(change_url)
        else:
            form = ReplyForm(
                initial={
                    "subject": "Ihr Beitrag zu Kommune 360°",
                    "body": f"Guten Tag {contribution.name},\n\nvielen Dank für Ihren Beitrag.\n\n"
                    "Viele Grüße\nIhr Initiativteam Kommune 360°",
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "title": "Antwort senden",
            "opts": self.opts,
            "original": contribution,
            "form": form,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/feedback/contribution/reply.html", context)


class OverdueFilter(admin.SimpleListFilter):
    title = "Fälligkeit"
    parameter_name = "faellig"

    def lookups(self, request, model_admin):
        return [("offen", "offen"), ("ueberfaellig", "nächster Schritt überfällig")]

    def queryset(self, request, queryset):
        if self.value() == "offen":
            return queryset.open()
        if self.value() == "ueberfaellig":
            return queryset.overdue()
        return queryset


@admin.register(CooperationRequest)
class CooperationRequestAdmin(admin.ModelAdmin):
    list_display = ["organisation", "status", "assignee", "next_step", "next_step_due", "overdue"]
    list_filter = [OverdueFilter, "status", "assignee", "organisation_type"]
    search_fields = [
        "contribution__name",
        "contribution__email",
        "contribution__organisation",
        "offer_or_seek",
        "next_step",
    ]
    list_select_related = ["contribution", "assignee"]
    readonly_fields = [
        "contribution_link",
        "contact",
        "organisation_type",
        "offer_or_seek",
        "preferred_contact",
        "phone",
        "created_at",
    ]
    fieldsets = [
        (
            "Anfrage",
            {
                "fields": [
                    "contribution_link",
                    "contact",
                    "organisation_type",
                    "offer_or_seek",
                    "preferred_contact",
                    "phone",
                    "created_at",
                ]
            },
        ),
        ("Stand", {"fields": ["status", "assignee", "next_step", "next_step_due"]}),
    ]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Organisation", ordering="contribution__organisation")
    def organisation(self, obj):
        return obj.contribution.organisation or obj.contribution.name or "–"

    @admin.display(description="überfällig", boolean=True)
    def overdue(self, obj):
        return obj.is_overdue

    @admin.display(description="Beitrag")
    def contribution_link(self, obj):
        url = reverse("admin:feedback_contribution_change", args=[obj.contribution_id])
        return format_html('<a href="{}">{}</a>', url, obj.contribution)

    @admin.display(description="Kontakt")
    def contact(self, obj):
        c = obj.contribution
        return " · ".join(part for part in (c.name, c.email, c.organisation) if part) or "–"

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            services.record_activity(obj.contribution)


@admin.register(ErasureRecord)
class ErasureRecordAdmin(admin.ModelAdmin):
    """DSGVO requests: information (Art. 15) as a JSON download, erasure (Art. 17)."""

    list_display = ["performed_at", "performed_by", "total", "email_hash"]
    readonly_fields = ["performed_at", "performed_by", "email_hash", "counts"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Datensätze")
    def total(self, obj):
        return obj.total

    def get_urls(self):
        return [
            path(
                "auskunft/",
                self.admin_site.admin_view(self.export_view),
                name="feedback_dsgvo_export",
            ),
            path(
                "loeschen/",
                self.admin_site.admin_view(self.erase_view),
                name="feedback_dsgvo_erase",
            ),
        ] + super().get_urls()

    def _context(self, request, **extra):
        return {**self.admin_site.each_context(request), "opts": self.opts, **extra}

    def export_view(self, request):
        if not request.user.has_perm("feedback.export_personal_data"):
            raise PermissionDenied
        form = EmailLookupForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = dsgvo.export_for_email(form.cleaned_data["email"])
            response = HttpResponse(
                dsgvo.to_json(data), content_type="application/json; charset=utf-8"
            )
            filename = f"dsgvo-auskunft-{timezone.localdate():%Y-%m-%d}.json"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        return TemplateResponse(
            request,
            "admin/feedback/erasurerecord/export.html",
            self._context(request, title="DSGVO-Auskunft (Art. 15)", form=form),
        )

    def erase_view(self, request):
        if not request.user.has_perm("feedback.erase_personal_data"):
            raise PermissionDenied
        form = EmailLookupForm(request.POST or None)
        preview = None
        if request.method == "POST" and form.is_valid():
            email = form.cleaned_data["email"]
            if request.POST.get("confirmed") == "ja":
                record = dsgvo.erase_for_email(email, by=request.user)
                self.message_user(
                    request,
                    f"Gelöscht bzw. anonymisiert: {record.total} Datensätze "
                    f"({dsgvo.describe_counts(record.counts)}).",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:feedback_erasurerecord_changelist"))
            preview = dsgvo.preview_for_email(email)
        return TemplateResponse(
            request,
            "admin/feedback/erasurerecord/erase.html",
            self._context(
                request,
                title="Personenbezogene Daten löschen (Art. 17)",
                form=form,
                preview=preview,
            ),
        )
