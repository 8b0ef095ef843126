import datetime

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from . import services
from .admin_forms import (
    ChangeDecisionForm,
    ModerationMessageForm,
    OfferAdminForm,
    ProviderMergeForm,
)
from .duplicates import duplicates_of
from .models import (
    Audience,
    Competence,
    Gap,
    Offer,
    OfferChange,
    OfferDate,
    OfferEditLink,
    OfferMessage,
    OfferReminder,
    OfferStatus,
    OfferTransition,
    OfferType,
    Provider,
    QueuedOffer,
    SearchAlert,
    Topic,
)
from .submission.values import diff_rows, values_of_offer

S = OfferStatus


def _error_text(error) -> str:
    return " ".join(getattr(error, "messages", None) or [str(error)])


def waiting_label(since, now=None) -> str:
    """ "wartet seit 3 Tagen" and friends, for the moderation queue."""
    if since is None:
        return "–"
    seconds = max(0, ((now or timezone.now()) - since).total_seconds())
    if seconds < 3600:
        return "wartet seit weniger als einer Stunde"
    if seconds < 86400:
        hours = int(seconds // 3600)
        return f"wartet seit {hours} Stunde{'n' if hours != 1 else ''}"
    days = int(seconds // 86400)
    return f"wartet seit {days} Tag{'en' if days != 1 else ''}"


class ReadOnlyAdminMixin:
    """Nobody, superusers included, adds, changes or deletes these records in the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Audience, Topic, OfferType, Competence)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Gap)
class GapAdmin(VocabularyAdmin):
    list_display = ["number", "name", "slug", "position"]
    ordering = ["number"]


# Providers ------------------------------------------------------------------------------


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_approved", "offer_count", "email", "is_demo"]
    list_filter = ["is_approved", "kind", "is_demo"]
    search_fields = ["name", "email", "website"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["approve_selected", "merge_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(offer_count=Count("offers")).order_by("name")

    @admin.display(description="Angebote", ordering="offer_count")
    def offer_count(self, provider):
        return provider.offer_count

    @admin.action(description="Ausgewählte Anbieter:innen freigeben", permissions=["change"])
    def approve_selected(self, request, queryset):
        count = services.approve_providers(queryset, by=request.user)
        self.message_user(request, f"{count} Anbieter:in(nen) freigegeben.", messages.SUCCESS)

    @admin.action(
        description="Doppelte Anbieter:innen zusammenführen …", permissions=["change", "delete"]
    )
    def merge_selected(self, request, queryset):
        providers = queryset.order_by("-is_approved", "created_at")
        if len(providers) < 2:
            self.message_user(
                request,
                "Bitte mindestens zwei Anbieter:innen zum Zusammenführen auswählen.",
                messages.WARNING,
            )
            return None
        form = ProviderMergeForm(
            request.POST if "apply" in request.POST else None,
            providers=providers,
            initial={"keep": providers[0].pk},
        )
        if form.is_bound and form.is_valid():
            keep = form.cleaned_data["keep"]
            try:
                moved = services.merge_providers(keep, list(providers), by=request.user)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, _error_text(error), messages.ERROR)
                return None
            self.message_user(
                request,
                f"Zusammengeführt in „{keep}“: {moved} Angebot(e) verschoben, "
                f"{len(providers) - 1} Anbieter:in(nen) gelöscht.",
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/offers/provider/merge.html",
            {
                **self.admin_site.each_context(request),
                "title": "Anbieter:innen zusammenführen",
                "opts": self.opts,
                "form": form,
                "providers": providers,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "action": "merge_selected",
            },
        )


# Offers -----------------------------------------------------------------------------------


class _RecordInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False


class OfferDateInline(admin.TabularInline):
    """The offer's dates, edited with the offer (issue #17)."""

    model = OfferDate
    extra = 1
    fields = ["starts_on", "ends_on"]
    verbose_name_plural = "Termine (freiwillig; ein Tag: nur „Beginn“)"


class OfferTransitionInline(_RecordInline):
    model = OfferTransition
    fields = ["created_at", "from_status", "to_status", "by", "reason"]
    readonly_fields = fields
    verbose_name_plural = "Verlauf (Statuswechsel)"


class OfferChangeInline(_RecordInline):
    model = OfferChange
    fields = ["created_at", "status", "decided_by", "decided_at", "review_link"]
    readonly_fields = fields
    verbose_name_plural = "Änderungsvorschläge der Anbieter:in"

    @admin.display(description="Ansehen")
    def review_link(self, change):
        url = reverse("admin:offers_offerchange_change", args=[change.pk])
        label = "prüfen" if change.is_open else "ansehen"
        return format_html('<a href="{}">Änderung {}</a>', url, label)


class OfferMessageInline(_RecordInline):
    model = OfferMessage
    fields = ["created_at", "kind", "text", "created_by", "emailed_to", "email_sent"]
    readonly_fields = fields
    verbose_name_plural = "Nachrichten an die Anbieter:in"


class OfferEditLinkInline(_RecordInline):
    model = OfferEditLink
    fields = ["created_at", "purpose", "sent_to", "last_used_at", "revoked_at"]
    readonly_fields = fields
    verbose_name_plural = "Private Bearbeitungslinks (widerrufen über die Aktion in der Liste)"


class ModerationFilter(admin.SimpleListFilter):
    title = "Moderation"
    parameter_name = "moderation"

    def lookups(self, request, model_admin):
        return [
            ("neu", "neu eingereicht – wartet"),
            ("aenderung", "Änderung wartet auf Prüfung"),
            ("abgelaufen", "abgelaufen – bitte prüfen"),
            ("laeuft-ab", "läuft in 30 Tagen ab"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        value = self.value()
        if value == "neu":
            return queryset.filter(status=S.SUBMITTED)
        if value == "aenderung":
            return queryset.filter(
                Exists(OfferChange.objects.open().filter(offer=OuterRef("pk"))), status=S.PUBLISHED
            )
        if value == "abgelaufen":
            return queryset.filter(status=S.PUBLISHED, valid_until__lt=today)
        if value == "laeuft-ab":
            return queryset.filter(
                status=S.PUBLISHED,
                valid_until__gte=today,
                valid_until__lte=today + datetime.timedelta(days=services.REMINDER_DAYS),
            )
        return queryset


class ModerationActionsMixin:
    """Moderation actions shared by the offer list and the moderation queue.

    Every action goes through offers.services; refused moves are shown as error messages.
    """

    def _transition(self, request, queryset, to_status, done_label):
        moved, failed, unapproved = 0, [], set()
        for offer in queryset.select_related("provider"):
            try:
                if to_status == S.PUBLISHED:
                    services.publish_offer(
                        offer, by=request.user, notify_provider=offer.status == S.SUBMITTED
                    )
                    if not offer.provider.is_approved:
                        unapproved.add(offer.provider.name)
                else:
                    services.transition_offer(offer, to_status, by=request.user)
                moved += 1
            except (ValidationError, PermissionDenied) as error:
                failed.append(f"„{offer}“: {_error_text(error)}")
        if moved:
            self.message_user(request, f"{moved} Angebot(e) {done_label}.", messages.SUCCESS)
        for failure in failed:
            self.message_user(request, failure, messages.ERROR)
        for name in sorted(unapproved):
            self.message_user(
                request,
                f"Hinweis: Die Anbieter:in „{name}“ ist noch nicht freigegeben. Bitte unter "
                "„Anbieter:innen“ prüfen, ob es sie schon gibt (dann zusammenführen), und freigeben.",
                messages.WARNING,
            )

    @admin.action(description="Ausgewählte Angebote veröffentlichen", permissions=["change"])
    def publish_selected(self, request, queryset):
        self._transition(request, queryset, S.PUBLISHED, "veröffentlicht")

    @admin.action(description="Ausgewählte Angebote archivieren", permissions=["change"])
    def archive_selected(self, request, queryset):
        self._transition(request, queryset, S.ARCHIVED, "archiviert")

    @admin.action(
        description="Ausgewählte Angebote ablehnen (mit Begründung) …", permissions=["change"]
    )
    def reject_selected(self, request, queryset):
        return self._with_message(
            request,
            queryset,
            action="reject_selected",
            title="Angebote ablehnen",
            intro="Die Anbieter:innen bekommen Ihre Begründung per E-Mail und sehen sie auf "
            "ihrer Bearbeitungsseite. Die Angebote erscheinen nicht im Katalog.",
            service=services.reject_offer,
            done="abgelehnt",
        )

    @admin.action(description="Änderungen bei der Anbieter:in erbitten …", permissions=["change"])
    def request_changes_selected(self, request, queryset):
        return self._with_message(
            request,
            queryset,
            action="request_changes_selected",
            title="Änderungen erbitten",
            intro="Die Angebote gehen zurück an die Anbieter:innen (Status „Entwurf“; ein "
            "veröffentlichtes Angebot verschwindet so lange aus dem Katalog). Sie bekommen Ihre "
            "Nachricht mit einem neuen privaten Link; sobald sie speichern, liegt das Angebot "
            "wieder zur Prüfung vor.",
            service=services.request_changes,
            done="an die Anbieter:in zurückgegeben",
        )

    def _with_message(self, request, queryset, *, action, title, intro, service, done):
        form = ModerationMessageForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            done_count, failed = 0, []
            for offer in queryset.select_related("provider"):
                try:
                    service(
                        offer,
                        request.user,
                        form.cleaned_data["message"],
                        form.cleaned_data["note"],
                    )
                    done_count += 1
                except (ValidationError, PermissionDenied) as error:
                    failed.append(f"„{offer}“: {_error_text(error)}")
            if done_count:
                self.message_user(request, f"{done_count} Angebot(e) {done}.", messages.SUCCESS)
            for failure in failed:
                self.message_user(request, failure, messages.ERROR)
            return None
        return TemplateResponse(
            request,
            "admin/offers/moderation_message.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "intro": intro,
                "opts": self.opts,
                "form": form,
                "offers": queryset.select_related("provider"),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "action": action,
            },
        )

    def has_send_link_permission(self, request):
        return request.user.has_perm("offers.add_offereditlink")

    def has_revoke_links_permission(self, request):
        return request.user.has_perm("offers.change_offereditlink")

    @admin.action(
        description="Neuen Bearbeitungslink an die Anbieter:in schicken", permissions=["send_link"]
    )
    def send_new_edit_link(self, request, queryset):
        sent = 0
        for offer in queryset.select_related("provider"):
            try:
                if services.send_new_edit_link(offer, by=request.user):
                    sent += 1
                else:
                    self.message_user(
                        request, f"„{offer}“: Die E-Mail ließ sich nicht senden.", messages.ERROR
                    )
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, _error_text(error), messages.ERROR)
        if sent:
            self.message_user(request, f"{sent} neue(r) Link(s) verschickt.", messages.SUCCESS)

    @admin.action(
        description="Alle Bearbeitungslinks der Angebote widerrufen", permissions=["revoke_links"]
    )
    def revoke_edit_links(self, request, queryset):
        count = services.revoke_offer_edit_links(queryset, by=request.user)
        self.message_user(request, f"{count} Bearbeitungslink(s) widerrufen.", messages.SUCCESS)


MODERATION_ACTIONS = [
    "publish_selected",
    "reject_selected",
    "request_changes_selected",
    "archive_selected",
]


def duplicate_links(duplicates):
    """Links to the admin pages of an offer's likely duplicates, with their status, or "–"."""
    if not duplicates:
        return "–"
    return format_html_join(
        ", ",
        '<a href="{}">{}</a> ({})',
        (
            (
                reverse("admin:offers_offer_change", args=[duplicate.pk]),
                duplicate.title,
                duplicate.get_status_display(),
            )
            for duplicate in duplicates
        ),
    )


@admin.register(Offer)
class OfferAdmin(ModerationActionsMixin, admin.ModelAdmin):
    form = OfferAdminForm
    list_display = ["title", "status", "provider", "gap_list", "valid_until", "published_at"]
    list_filter = [
        ModerationFilter,
        "status",
        "gaps",
        "audiences",
        "topics",
        "competences",
        "offer_type",
        "delivery",
        "is_demo",
    ]
    list_select_related = ["provider"]
    search_fields = ["title", "summary", "provider__name", "tags__name"]
    autocomplete_fields = ["provider"]
    filter_horizontal = ["audiences", "topics", "gaps", "competences"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    readonly_fields = [
        "likely_duplicates_label",
        "status",
        "created_at",
        "updated_at",
        "submitted_at",
        "published_at",
        "archived_at",
    ]
    inlines = [
        OfferDateInline,
        OfferTransitionInline,
        OfferChangeInline,
        OfferMessageInline,
        OfferEditLinkInline,
    ]
    actions = [*MODERATION_ACTIONS, "send_new_edit_link", "revoke_edit_links"]
    fieldsets = [
        (
            "Angebot",
            {
                "fields": [
                    "title",
                    "slug",
                    "summary",
                    "description",
                    "learning_goals",
                    "offer_type",
                    "provider",
                    "likely_duplicates_label",
                    "url",
                    "contact_name",
                    "contact_email",
                    "tags",
                    "new_tags",
                ]
            },
        ),
        ("Zielgruppen und Themen", {"fields": ["audiences", "topics", "gaps", "competences"]}),
        (
            "Integriertes Arbeiten",
            {
                "fields": [
                    "cross_departmental",
                    "participatory",
                    "needs_oriented",
                    "impact_oriented",
                    "everyday_practice",
                ]
            },
        ),
        (
            "Rahmen",
            {
                "fields": [
                    "delivery",
                    "venue",
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

    @admin.display(description="Mögliches Doppel")
    def likely_duplicates_label(self, offer):
        """As in the moderation queue: offers of the same provider with a similar title."""
        if offer is None or offer.pk is None:
            return "–"
        return duplicate_links(duplicates_of([offer])[offer.pk])


@admin.register(QueuedOffer)
class ModerationQueueAdmin(ModerationActionsMixin, admin.ModelAdmin):
    """What waits for the team: new submissions and pending changes first (oldest first),
    then published offers past their valid-until date."""

    list_display = [
        "title_link",
        "waiting_for",
        "waiting_since",
        "provider_label",
        "duplicates_label",
    ]
    list_display_links = None
    list_filter = [ModerationFilter]
    search_fields = ["title", "provider__name"]
    list_select_related = ["provider"]
    actions = MODERATION_ACTIONS

    def get_queryset(self, request):
        open_changes = OfferChange.objects.open().filter(offer=OuterRef("pk"))
        # Not super(): ModelAdmin.get_queryset orders by get_ordering(), whose names
        # are the annotations made here.
        return (
            self.model._default_manager.moderation_queue()
            .annotate(
                open_change_id=Subquery(open_changes.values("pk")[:1]),
                open_change_at=Subquery(open_changes.values("updated_at")[:1]),
            )
            .annotate(
                queue_group=Case(
                    When(Q(status=S.SUBMITTED) | Q(has_open_change=True), then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                ),
                waiting_since_at=Coalesce("open_change_at", "submitted_at", "created_at"),
            )
        )

    def get_ordering(self, request):
        return ["queue_group", "waiting_since_at", "pk"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Offers are edited on their own page (which also keeps the search index fresh).
        return HttpResponseRedirect(reverse("admin:offers_offer_change", args=[object_id]))

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": "Moderationswarteschlange: Was auf das Team wartet"}
        return super().changelist_view(request, extra_context)

    @admin.display(description="Angebot")
    def title_link(self, offer):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:offers_offer_change", args=[offer.pk]),
            offer.title,
        )

    @admin.display(description="Was wartet")
    def waiting_for(self, offer):
        if offer.open_change_id and offer.status == S.PUBLISHED:
            return format_html(
                '<a href="{}">Änderung prüfen (alt/neu)</a>',
                reverse("admin:offers_offerchange_change", args=[offer.open_change_id]),
            )
        if offer.status == S.SUBMITTED:
            return "neu eingereicht"
        days = (timezone.localdate() - offer.valid_until).days
        return f"abgelaufen seit {days} Tag{'en' if days != 1 else ''} – bitte prüfen"

    @admin.display(description="Alter", ordering="waiting_since_at")
    def waiting_since(self, offer):
        if offer.queue_group == 1:
            return f"gültig bis {offer.valid_until:%d.%m.%Y}"
        return waiting_label(offer.waiting_since_at)

    def get_changelist_instance(self, request):
        """The page's offers with their likely duplicates (offers/duplicates.py), found for
        the whole page in one query."""
        changelist = super().get_changelist_instance(request)
        found = duplicates_of(changelist.result_list)  # evaluates (and caches) the page
        for offer in changelist.result_list:
            offer.likely_duplicates = found.get(offer.pk, [])
        return changelist

    @admin.display(description="Mögliches Doppel")
    def duplicates_label(self, offer):
        return duplicate_links(getattr(offer, "likely_duplicates", []))

    @admin.display(description="Anbieter:in", ordering="provider__name")
    def provider_label(self, offer):
        if offer.provider.is_approved:
            return offer.provider.name
        return format_html(
            '{} <strong>(neu – <a href="{}">prüfen</a>)</strong>',
            offer.provider.name,
            reverse("admin:offers_provider_change", args=[offer.provider_id]),
        )


# Pending changes, links, records ---------------------------------------------------------


@admin.register(OfferChange)
class OfferChangeAdmin(admin.ModelAdmin):
    list_display = ["offer", "status", "created_at", "updated_at", "decided_by"]
    list_filter = ["status"]
    list_select_related = ["offer", "decided_by"]
    search_fields = ["offer__title"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return self.model._default_manager.annotate(
            is_open_first=Case(When(status="offen", then=Value(0)), default=Value(1))
        )

    def get_ordering(self, request):
        return ["is_open_first", "-created_at"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The review page: old and new values side by side, then approve or reject."""
        change = self.get_object(request, object_id)
        if change is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, change):
            raise PermissionDenied
        form = ChangeDecisionForm(request.POST or None)
        if request.method == "POST":
            if not self.has_change_permission(request, change):
                raise PermissionDenied
            response = self._decide(request, change, form)
            if response:
                return response
        offer = change.offer
        context = {
            **self.admin_site.each_context(request),
            "title": f"Änderung an „{offer}“ prüfen",
            "opts": self.opts,
            "change": change,
            "offer": offer,
            "rows": diff_rows(values_of_offer(offer), change.values),
            "form": form,
            "can_decide": change.is_open and self.has_change_permission(request, change),
            "offer_url": reverse("admin:offers_offer_change", args=[offer.pk]),
        }
        return TemplateResponse(request, "admin/offers/offerchange/review.html", context)

    def _decide(self, request, change, form):
        queue_url = reverse("admin:offers_queuedoffer_changelist")
        try:
            if "_approve" in request.POST:
                services.approve_change(change, by=request.user)
                self.message_user(
                    request,
                    f"Änderung an „{change.offer}“ übernommen; die Anbieter:in ist informiert.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(queue_url)
            if "_reject" in request.POST and form.is_valid():
                services.reject_change(change, by=request.user, reason=form.cleaned_data["reason"])
                self.message_user(
                    request,
                    f"Änderung an „{change.offer}“ abgelehnt; die Anbieter:in ist informiert.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(queue_url)
        except ValidationError as error:
            self.message_user(request, _error_text(error), messages.ERROR)
            return HttpResponseRedirect(request.path)
        return None


class LinkStateFilter(admin.SimpleListFilter):
    title = "gültig"
    parameter_name = "gueltig"

    def lookups(self, request, model_admin):
        return [("ja", "gültig"), ("nein", "widerrufen")]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(revoked_at__isnull=True)
        if self.value() == "nein":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(OfferEditLink)
class OfferEditLinkAdmin(admin.ModelAdmin):
    list_display = ["offer", "purpose", "sent_to", "created_at", "last_used_at", "revoked_at"]
    list_filter = [LinkStateFilter, "purpose"]
    list_select_related = ["offer"]
    search_fields = ["offer__title", "sent_to"]
    fields = [
        "offer",
        "purpose",
        "sent_to",
        "created_at",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    ]
    readonly_fields = fields
    actions = ["revoke_selected"]

    def has_add_permission(self, request):
        return False  # links are issued by e-mail (offer list: "Neuen Bearbeitungslink …")

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Ausgewählte Links widerrufen", permissions=["change"])
    def revoke_selected(self, request, queryset):
        count = services.revoke_links(queryset, by=request.user)
        self.message_user(request, f"{count} Bearbeitungslink(s) widerrufen.", messages.SUCCESS)


@admin.register(OfferTransition)
class OfferTransitionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "offer", "from_status", "to_status", "by", "reason"]
    list_filter = ["to_status", "from_status"]
    list_select_related = ["offer", "by"]
    search_fields = ["offer__title", "reason"]
    date_hierarchy = "created_at"


@admin.register(OfferMessage)
class OfferMessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "offer", "kind", "emailed_to", "email_sent", "created_by"]
    list_filter = ["kind", "email_sent"]
    list_select_related = ["offer", "created_by"]
    search_fields = ["offer__title", "text", "emailed_to"]


@admin.register(OfferReminder)
class OfferReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["sent_at", "offer", "valid_until", "sent_to"]
    list_select_related = ["offer"]
    search_fields = ["offer__title", "sent_to"]


@admin.register(SearchAlert)
class SearchAlertAdmin(admin.ModelAdmin):
    """Suchabos: the team sees how many there are and can delete one on request."""

    list_display = ["__str__", "frequency", "confirmed_at", "last_sent_at"]
    list_filter = ["frequency", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    readonly_fields = [
        "email",
        "query",
        "created_at",
        "confirmed_at",
        "checked_until",
        "last_sent_at",
    ]
    fields = ["email", "query", "frequency", *readonly_fields[2:]]

    def has_add_permission(self, request):
        return False  # only people subscribe themselves (double opt-in)


from . import analysis_admin  # noqa: E402,F401 (registers the analysis page)
