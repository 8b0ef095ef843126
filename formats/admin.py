"""The team's tools: scheduling, seats at a glance, participant lists, circles.

Registrations are never edited by hand: cancelling and moving up go through
formats.services, like on the public pages.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from . import board, circles, selectors, services
from .exports import participants_csv
from .forms import GenerateSessionsForm
from .models import (
    BoardTopic,
    Circle,
    FormatKind,
    Registration,
    Series,
    Session,
    SessionStatus,
    TalkFeedback,
)
from .recurrence import generate_sessions
from .time_windows import describe


def _feedback_summary(count, average):
    if not count:
        return "–"
    return f"Ø {average:.1f} ({count})".replace(".", ",")


def _local(value):
    return date_format(timezone.localtime(value), "D, d.m.Y H:i") if value else "–"


def _report_attached(request, model_admin, moved):
    if moved:
        model_admin.message_user(
            request,
            f"{moved} Vorschl{'ag' if moved == 1 else 'äge'} für die nächste Runde auf das "
            "Board übernommen.",
            messages.SUCCESS,
        )


@admin.register(FormatKind)
class FormatKindAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "default_duration_minutes", "default_capacity", "position"]
    readonly_fields = ["slug"]

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return request.user.is_superuser


class SeriesSessionInline(admin.TabularInline):
    model = Session
    fields = ["title", "start_local", "status", "capacity"]
    readonly_fields = ["title", "start_local", "status", "capacity"]
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = "Termine der Reihe"

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="Beginn")
    def start_local(self, obj):
        return _local(obj.start)


class PendingTopicInline(admin.TabularInline):
    """Topics proposed for the series' next round before it was scheduled."""

    model = BoardTopic
    fk_name = "series"
    fields = ["title", "created_at"]
    readonly_fields = ["created_at"]
    extra = 0
    verbose_name = "Vorschlag für die nächste Runde"
    verbose_name_plural = (
        "Vorschläge für die nächste Runde (kommen auf ihr Board, sobald sie geplant ist)"
    )

    def get_queryset(self, request):
        return super().get_queryset(request).pending()


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "session_count", "feedback_summary", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["audiences", "topics", "gaps"]
    readonly_fields = ["feedback_by_session"]
    inlines = [SeriesSessionInline]
    change_form_template = "formats/admin/series_change_form.html"

    def get_inlines(self, request, obj):
        if obj is not None and obj.kind.has_board:
            return [SeriesSessionInline, PendingTopicInline]
        return [SeriesSessionInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("kind")
            .annotate(
                session_total=Count("sessions", distinct=True),
                feedback_count=Count("sessions__registrations__talk_feedback", distinct=True),
                feedback_average=Avg("sessions__registrations__talk_feedback__rating"),
            )
        )

    @admin.display(description="Termine", ordering="session_total")
    def session_count(self, obj):
        return obj.session_total

    @admin.display(description="Rückmeldung", ordering="feedback_average")
    def feedback_summary(self, obj):
        return _feedback_summary(obj.feedback_count, obj.feedback_average)

    @admin.display(description="Rückmeldungen je Termin (1 bis 5, nur für das Team)")
    def feedback_by_session(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        overview = selectors.feedback_overview(obj.sessions.all())
        return render_to_string(
            "formats/admin/_feedback_overview.html", {"overview": overview, "show_session": True}
        )

    def get_urls(self):
        return [
            path(
                "<int:object_id>/termine-erzeugen/",
                self.admin_site.admin_view(self.generate_view),
                name="formats_series_generate",
            ),
            *super().get_urls(),
        ]

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" in request.POST or "_continue" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        self.message_user(request, "Die Reihe ist angelegt. Legen Sie jetzt ihre Termine fest.")
        return HttpResponseRedirect(reverse("admin:formats_series_generate", args=[obj.pk]))

    def generate_view(self, request, object_id):
        series = get_object_or_404(Series.objects.select_related("kind"), pk=object_id)
        if not request.user.has_perm("formats.add_session"):
            raise PermissionDenied
        form = GenerateSessionsForm(request.POST or None, kind=series.kind)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            waiting = board.pending_topics(series).count()
            created = generate_sessions(
                series,
                form.rule(),
                capacity=data["capacity"],
                host=data["host"],
                room_url=data["room_url"],
                registration_deadline_hours=data["deadline_hours"],
            )
            if created:
                self.message_user(request, f"{len(created)} Termine angelegt.", messages.SUCCESS)
                _report_attached(request, self, waiting - board.pending_topics(series).count())
            else:
                self.message_user(
                    request, "Keine neuen Termine: alle Daten gab es schon.", messages.WARNING
                )
            return HttpResponseRedirect(reverse("admin:formats_series_change", args=[series.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "series": series,
            "form": form,
            "title": f"Termine erzeugen: {series.title}",
        }
        return render(request, "formats/admin/generate_sessions.html", context)


class RegistrationInline(admin.TabularInline):
    model = Registration
    fk_name = "session"
    fields = [
        "name",
        "email",
        "organisation",
        "role",
        "status",
        "tandem_partner",
        "circle",
        "created_at",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["status", "created_at", "pk"]

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("role", "tandem_partner", "circle")


class CircleInline(admin.TabularInline):
    model = Circle
    fields = ["name", "weekday", "start_time", "is_open", "room_url", "dates_sent_at"]
    readonly_fields = ["dates_sent_at"]
    extra = 0
    show_change_link = True


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "start_local",
        "status",
        "capacity",
        "registered",
        "waiting_list",
        "free_seats",
        "feedback_summary",
        "is_demo",
    ]
    list_filter = ["kind", "status", "series", "is_demo"]
    search_fields = ["title", "slug", "host"]
    date_hierarchy = "start"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["audiences", "topics"]
    autocomplete_fields = ["series"]
    readonly_fields = [
        "public_links",
        "feedback_overview",
        "sequence",
        "uid",
        "created_at",
        "updated_at",
    ]
    list_select_related = ["kind"]
    actions = [
        "export_participants",
        "promote_waiting_lists",
        "cancel_sessions",
        "notify_changed",
        "mark_held",
        "form_circles",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "public_links",
                    "kind",
                    "series",
                    "parent",
                    "title",
                    "slug",
                    "description",
                    "host",
                ]
            },
        ),
        (
            "Zeit und Plätze",
            {
                "fields": [
                    "start",
                    "end",
                    "capacity",
                    "waiting_list_limit",
                    "registration_deadline",
                    "status",
                ]
            },
        ),
        ("Nur für Teilnehmende", {"fields": ["room_url"]}),
        ("Nach dem Termin", {"fields": ["slides", "recording_url", "feedback_overview"]}),
        ("Einordnung", {"fields": ["audiences", "topics", "is_demo"]}),
        (
            "Kalender",
            {"classes": ["collapse"], "fields": ["sequence", "uid", "created_at", "updated_at"]},
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_seats()
            .annotate(
                feedback_count=Count("registrations__talk_feedback"),
                feedback_average=Avg("registrations__talk_feedback__rating"),
            )
        )

    @admin.display(description="Rückmeldung", ordering="feedback_average")
    def feedback_summary(self, obj):
        return _feedback_summary(obj.feedback_count, obj.feedback_average)

    @admin.display(description="Rückmeldungen (1 bis 5, nur für das Team)")
    def feedback_overview(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        overview = selectors.feedback_overview(Session.objects.filter(pk=obj.pk))
        return render_to_string(
            "formats/admin/_feedback_overview.html", {"overview": overview, "show_session": False}
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = Session.objects.filter(parent__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_inlines(self, request, obj):
        if obj is not None and obj.kind.is_circle and obj.parent_id is None:
            return [RegistrationInline, CircleInline]
        return [RegistrationInline]

    @admin.display(description="Beginn", ordering="start")
    def start_local(self, obj):
        return _local(obj.start)

    @admin.display(description="Links")
    def public_links(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        links = format_html('<a href="{}">Öffentliche Seite</a>', obj.get_absolute_url())
        if obj.kind.has_board:
            links += format_html(
                ' · <a href="{}">Lean-Coffee-Board moderieren</a>',
                reverse("formats:board_facilitator", args=[obj.slug]),
            )
        return links

    @admin.display(description="angemeldet", ordering="confirmed_count")
    def registered(self, obj):
        return obj.confirmed_count

    @admin.display(description="Warteliste", ordering="waiting_count")
    def waiting_list(self, obj):
        return obj.waiting_count

    @admin.display(description="frei")
    def free_seats(self, obj):
        if obj.parent_id:
            return "–"
        return obj.seats_left

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.kind.has_board and obj.series_id:
            _report_attached(request, self, board.attach_pending_topics(obj.series))
        if change and "capacity" in form.changed_data:
            promoted = services.promote_waiting_list(obj)
            if promoted:
                self.message_user(
                    request,
                    f"{len(promoted)} Person(en) sind von der Warteliste nachgerückt und "
                    "wurden benachrichtigt.",
                    messages.SUCCESS,
                )

    @admin.action(description="Teilnehmende als CSV exportieren", permissions=["view"])
    def export_participants(self, request, queryset):
        response = HttpResponse(participants_csv(queryset), content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y-%m-%d")
        response["Content-Disposition"] = f'attachment; filename="teilnehmende-{stamp}.csv"'
        return response

    @admin.action(description="Freie Plätze an die Warteliste vergeben", permissions=["change"])
    def promote_waiting_lists(self, request, queryset):
        promoted = sum(len(services.promote_waiting_list(session)) for session in queryset)
        self.message_user(request, f"{promoted} Person(en) nachgerückt und benachrichtigt.")

    @admin.action(
        description="Termine absagen und Angemeldete benachrichtigen", permissions=["change"]
    )
    def cancel_sessions(self, request, queryset):
        queryset = queryset.exclude(status=SessionStatus.CANCELLED)
        if request.POST.get("confirmed") == "ja":
            reason = request.POST.get("reason", "").strip()[:1000]
            told = sum(services.cancel_session(session, reason=reason) for session in queryset)
            self.message_user(
                request, f"{queryset.count()} Termin(e) abgesagt, {told} Person(en) benachrichtigt."
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "sessions": queryset.with_seats(),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "title": "Termine absagen",
        }
        return render(request, "formats/admin/cancel_sessions.html", context)

    @admin.action(
        description="Geänderte Zeit oder Raum an Angemeldete schicken", permissions=["change"]
    )
    def notify_changed(self, request, queryset):
        told = sum(services.notify_session_changed(session) for session in queryset)
        self.message_user(request, f"{told} Person(en) mit neuem Kalendereintrag benachrichtigt.")

    @admin.action(description="Als durchgeführt markieren", permissions=["change"])
    def mark_held(self, request, queryset):
        held = 0
        for session in queryset.filter(status=SessionStatus.PLANNED, end__lte=timezone.now()):
            session.status = SessionStatus.HELD
            session.save(update_fields=["status", "updated_at"])
            held += 1
        self.message_user(request, f"{held} vergangene Termin(e) als durchgeführt markiert.")

    @admin.action(
        description="WOL-Kreise aus den Zeitfenstern bilden (gemischt)", permissions=["change"]
    )
    def form_circles(self, request, queryset):
        created, placed, unplaced = 0, 0, 0
        for session in queryset.filter(kind__circle_size__isnull=False, parent__isnull=True):
            formation = circles.form_circles(session)
            created += len(formation.created)
            placed += len(formation.placed)
            unplaced += len(formation.unplaced)
        if created or placed:
            self.message_user(
                request,
                f"{created} Kreis(e) gebildet, {placed} Person(en) einem bestehenden Kreis "
                "zugeordnet. Bitte prüfen und bei Bedarf unter „Anmeldungen“ anpassen, dann die "
                "Termine verschicken.",
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request, "Keine offenen Anmeldungen für neue Kreise.", messages.WARNING
            )
        if unplaced:
            self.message_user(
                request,
                f"{unplaced} Person(en) teilen kein Zeitfenster mit genug anderen "
                f"(mindestens {circles.MIN_MEMBERS}). Bitte einzeln einem Kreis zuordnen.",
                messages.WARNING,
            )


class RegistrationAdminForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["circle", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["circle"].queryset = Circle.objects.filter(session=self.instance.session_id)

    def clean_circle(self):
        circle = self.cleaned_data["circle"]
        circles.validate_membership(self.instance, circle)
        return circle


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    form = RegistrationAdminForm
    list_display = [
        "name",
        "email",
        "session",
        "status",
        "role",
        "municipality",
        "tandem_partner",
        "circle",
        "created_at",
    ]
    list_filter = ["status", "session__kind", "is_demo"]
    search_fields = ["name", "email", "organisation", "municipality", "session__title"]
    list_select_related = ["session", "role", "tandem_partner", "circle"]
    readonly_fields = [
        "session",
        "name",
        "email",
        "organisation",
        "municipality",
        "role",
        "status",
        "tandem_partner",
        "consent_at",
        "created_at",
        "confirmed_at",
        "cancelled_at",
        "reminder_sent_at",
        "is_demo",
        "goal",
        "windows",
        "wants_to_facilitate",
    ]
    fields = [*readonly_fields[:8], "circle", "note", *readonly_fields[8:]]

    @admin.display(description="mögliche Zeitfenster")
    def windows(self, obj):
        return "; ".join(describe(obj.time_windows, obj.session.duration_minutes)) or "–"

    actions = ["cancel_registrations"]

    def has_add_permission(self, request):
        return False

    @admin.action(
        description="Anmeldungen stornieren (Warteliste rückt nach)", permissions=["change"]
    )
    def cancel_registrations(self, request, queryset):
        cancelled = promoted = 0
        for registration in queryset.exclude(status="storniert"):
            promoted += len(services.cancel(registration))
            cancelled += 1
        self.message_user(
            request, f"{cancelled} Anmeldung(en) storniert, {promoted} Person(en) nachgerückt."
        )


class CircleMemberInline(admin.TabularInline):
    model = Registration
    fk_name = "circle"
    fields = ["name", "municipality", "organisation", "role", "status"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = "Mitglied"
    verbose_name_plural = "Mitglieder (ändern über die einzelne Anmeldung)"

    def has_add_permission(self, request, obj=None):
        return False


class CircleAdminForm(forms.ModelForm):
    class Meta:
        model = Circle
        fields = [
            "session",
            "name",
            "theme",
            "weekday",
            "start_time",
            "is_open",
            "facilitator",
            "room_url",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "facilitator" in self.fields:
            self.fields["facilitator"].queryset = Registration.objects.confirmed().filter(
                circle=self.instance.pk or 0
            )


@admin.register(Circle)
class CircleAdmin(admin.ModelAdmin):
    form = CircleAdminForm
    list_display = [
        "name",
        "session",
        "meeting_time",
        "member_count",
        "places",
        "facilitator",
        "is_open",
        "released_at",
        "dates_sent_at",
    ]
    list_filter = ["session", "is_open", ("released_at", admin.EmptyFieldListFilter)]
    inlines = [CircleMemberInline]
    actions = ["release", "send_dates"]
    readonly_fields = ["started_by", "released_at", "dates_sent_at"]

    @admin.display(description="Wöchentlich")
    def meeting_time(self, obj):
        return obj.meeting_label

    def save_model(self, request, obj, form, change):
        # A new weekly time must replace the entry in members' calendars, not add one.
        if change and {"weekday", "start_time"} & set(form.changed_data):
            obj.sequence += 1
        super().save_model(request, obj, form, change)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("session__kind", "facilitator")
            .prefetch_related("members__role")
        )

    @admin.display(description="Mitglieder")
    def member_count(self, obj):
        return len(obj.members.all())

    @admin.display(description="Mischung")
    def places(self, obj):
        members = obj.members.all()
        return format_html(
            "{} Orte, {} Rollen",
            len({circles.place_of(m) for m in members}),
            len({m.role_id for m in members}),
        )

    @admin.action(description="Kreis freigeben", permissions=["change"])
    def release(self, request, queryset):
        released = sum(circles.release_circle(circle) for circle in queryset)
        self.message_user(
            request,
            f"{released} Kreis(e) freigegeben: Sie erscheinen jetzt unter „Offene Kreise zum "
            "Mitmachen“.",
        )

    @admin.action(
        description="Alle Termine des Kreises an die Mitglieder schicken", permissions=["change"]
    )
    def send_dates(self, request, queryset):
        # Two circles at the same time in one room would meet each other: hold their
        # dates back until each has its own room.
        ready, held = [], []
        for circle in queryset.select_related("session__kind"):
            clashes = circles.room_clashes(circle)
            (held if clashes else ready).append((circle, clashes))
        sent = sum(circles.send_circle_dates(circle) for circle, _ in ready)
        self.message_user(request, f"{sent} E-Mail(s) mit den Terminen verschickt.")
        for circle, clashes in held:
            names = ", ".join(str(other) for other in clashes)
            self.message_user(
                request,
                f"{circle} nicht verschickt: Er träfe sich {circle.meeting_label} im selben "
                f"Online-Raum wie {names}. Bitte geben Sie jedem Kreis einen eigenen "
                "„Link zum Online-Raum des Kreises“ und verschicken Sie die Termine dann.",
                level=messages.WARNING,
            )


@admin.register(BoardTopic)
class BoardTopicAdmin(admin.ModelAdmin):
    list_display = ["title", "session", "series", "column", "created_at"]
    list_filter = ["column", ("session", admin.EmptyFieldListFilter)]
    search_fields = ["title", "session__title", "series__title"]
    list_select_related = ["session", "series"]
    readonly_fields = [
        "session",
        "series",
        "for_round_after",
        "proposed_by",
        "started_at",
        "created_at",
    ]

    def has_add_permission(self, request):
        # Topics come from a board, or from the series' "Vorschläge für die nächste Runde".
        return False


@admin.register(TalkFeedback)
class TalkFeedbackAdmin(admin.ModelAdmin):
    """The answers as a list: per talk and per series by filter, without names."""

    list_display = ["rating", "comment", "talk", "created_at"]
    list_filter = ["rating", "registration__session__series", "registration__session"]
    search_fields = ["comment", "registration__session__title"]
    list_select_related = ["registration__session"]
    fields = ["talk", "rating", "comment", "created_at", "updated_at"]
    readonly_fields = fields

    @admin.display(description="Termin", ordering="registration__session__start")
    def talk(self, obj):
        return obj.registration.session

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
