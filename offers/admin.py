from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count

from . import services
from .admin_forms import OfferAdminForm
from .models import Audience, Gap, Offer, OfferTransition, OfferType, Provider, Topic


@admin.register(Audience, Topic, OfferType)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Gap)
class GapAdmin(VocabularyAdmin):
    list_display = ["number", "name", "slug", "position"]
    ordering = ["number"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_approved", "offer_count", "is_demo"]
    list_filter = ["is_approved", "kind", "is_demo"]
    search_fields = ["name", "email", "website"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(offer_count=Count("offers")).order_by("name")

    @admin.display(description="Angebote", ordering="offer_count")
    def offer_count(self, provider):
        return provider.offer_count


class OfferTransitionInline(admin.TabularInline):
    model = OfferTransition
    fields = ["created_at", "from_status", "to_status", "by", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "Verlauf (Statuswechsel)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    form = OfferAdminForm
    list_display = ["title", "status", "provider", "gap_list", "valid_until", "published_at"]
    list_filter = ["status", "gaps", "audiences", "topics", "offer_type", "delivery", "is_demo"]
    list_select_related = ["provider"]
    search_fields = ["title", "summary", "provider__name", "tags__name"]
    autocomplete_fields = ["provider"]
    filter_horizontal = ["audiences", "topics", "gaps"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    readonly_fields = [
        "status",
        "created_at",
        "updated_at",
        "submitted_at",
        "published_at",
        "archived_at",
    ]
    inlines = [OfferTransitionInline]
    actions = ["publish_selected", "archive_selected"]
    fieldsets = [
        (
            "Angebot",
            {
                "fields": [
                    "title",
                    "slug",
                    "summary",
                    "description",
                    "offer_type",
                    "provider",
                    "url",
                    "contact_name",
                    "contact_email",
                    "tags",
                    "new_tags",
                ]
            },
        ),
        ("Zielgruppen und Themen", {"fields": ["audiences", "topics", "gaps"]}),
        (
            "Integriertes Arbeiten",
            {
                "fields": [
                    "cross_departmental",
                    "participatory",
                    "needs_oriented",
                    "impact_oriented",
                ]
            },
        ),
        (
            "Rahmen",
            {
                "fields": [
                    "delivery",
                    "duration",
                    "time_commitment_hours",
                    "is_free",
                    "cost_eur",
                    "cost_note",
                    "application_required",
                    "travel_required",
                    "certificate",
                    "language",
                ]
            },
        ),
        ("Region", {"fields": ["region_scope", "state", "municipality"]}),
        (
            "Status",
            {
                "fields": [
                    "status",
                    "valid_until",
                    "is_demo",
                    "created_at",
                    "updated_at",
                    "submitted_at",
                    "published_at",
                    "archived_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("gaps")

    @admin.display(description="Leerstellen")
    def gap_list(self, offer):
        return ", ".join(gap.name for gap in offer.gaps.all()) or "–"

    def _transition(self, request, queryset, to_status, done_label):
        moved, failed = 0, []
        for offer in queryset:
            try:
                services.transition_offer(offer, to_status, by=request.user)
                moved += 1
            except (ValidationError, PermissionDenied) as error:
                failed.append(f"„{offer}“: {' '.join(getattr(error, 'messages', [str(error)]))}")
        if moved:
            self.message_user(request, f"{moved} Angebot(e) {done_label}.", messages.SUCCESS)
        for failure in failed:
            self.message_user(request, failure, messages.ERROR)

    @admin.action(description="Ausgewählte Angebote veröffentlichen", permissions=["change"])
    def publish_selected(self, request, queryset):
        self._transition(request, queryset, services.S.PUBLISHED, "veröffentlicht")

    @admin.action(description="Ausgewählte Angebote archivieren", permissions=["change"])
    def archive_selected(self, request, queryset):
        self._transition(request, queryset, services.S.ARCHIVED, "archiviert")
