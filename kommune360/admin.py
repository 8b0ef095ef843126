"""The outbox in the admin: what waits, what failed and why, and "send again"."""

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from mailer.models import (
    PRIORITY_DEFERRED,
    RESULT_DONT_SEND,
    RESULT_FAILURE,
    RESULT_SUCCESS,
    DontSendEntry,
    Message,
    MessageLog,
)

from . import admin_libraries, mail  # noqa: F401 (admin_libraries registers German admins)
from .models import MailDelivery, OutboxMail

for model in (Message, MessageLog, DontSendEntry):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


# django-mailer names its choices in English only ("deferred", "failure").
RESULT_NAMES = {
    RESULT_SUCCESS: "zugestellt",
    RESULT_DONT_SEND: "nicht gesendet (Adresse gesperrt)",
    RESULT_FAILURE: "fehlgeschlagen",
}


class OutboxStatusFilter(admin.SimpleListFilter):
    title = "Status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("wartet", "wartet auf Zustellung"), ("zurueckgestellt", "zurückgestellt")]

    def queryset(self, request, queryset):
        if self.value() == "wartet":
            return queryset.exclude(priority=PRIORITY_DEFERRED)
        if self.value() == "zurueckgestellt":
            return queryset.filter(priority=PRIORITY_DEFERRED)
        return queryset


class ResultFilter(admin.SimpleListFilter):
    title = "Ergebnis"
    parameter_name = "ergebnis"

    def lookups(self, request, model_admin):
        return list(RESULT_NAMES.items())

    def queryset(self, request, queryset):
        if self.value() in RESULT_NAMES:
            return queryset.filter(result=self.value())
        return queryset


class ReadOnlyMailAdmin(admin.ModelAdmin):
    """Mails are written by the platform only; the team reads them."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description="Empfänger:in")
    def recipients(self, obj):
        return ", ".join(obj.to_addresses or [])

    @admin.display(description="Betreff")
    def mail_subject(self, obj):
        return obj.subject

    @admin.display(description="Text")
    def body(self, obj):
        email = obj.email
        return getattr(email, "body", "")


@admin.register(OutboxMail)
class OutboxMailAdmin(ReadOnlyMailAdmin):
    # django-mailer's own field names are English and not translatable ("When added",
    # "Retry count"): the columns are named here.
    list_display = ["added", "recipients", "mail_subject", "status", "retries", "error"]
    list_filter = [OutboxStatusFilter]
    fields = ["added", "recipients", "mail_subject", "status", "retries", "error", "body"]
    readonly_fields = fields
    date_hierarchy = "when_added"
    actions = ["send_again"]

    def get_queryset(self, request):
        last_error = MessageLog.objects.filter(
            message_data=OuterRef("message_data"), result=RESULT_FAILURE
        ).order_by("-when_attempted")
        return (
            super()
            .get_queryset(request)
            .annotate(
                last_error=Subquery(last_error.values("log_message")[:1]),
                last_attempt=Subquery(last_error.values("when_attempted")[:1]),
            )
        )

    def has_change_permission(self, request, obj=None):
        return False

    def has_send_permission(self, request):
        return request.user.has_perm("kommune360.change_outboxmail")

    @admin.display(description="Eingestellt", ordering="when_added")
    def added(self, obj):
        return obj.when_added

    @admin.display(description="Fehlversuche", ordering="retry_count")
    def retries(self, obj):
        return obj.retry_count

    @admin.display(description="Status")
    def status(self, obj):
        if obj.priority != PRIORITY_DEFERRED:
            return "wartet auf Zustellung"
        if obj.retry_count >= settings.MAILER_EMAIL_MAX_RETRIES:
            return "aufgegeben – bitte prüfen und erneut senden"
        if obj.last_attempt is None:
            return "zurückgestellt"
        next_try = timezone.localtime(obj.last_attempt + mail.retry_delay(obj.retry_count))
        return f"zurückgestellt, nächster Versuch ab {next_try:%d.%m.%Y %H:%M} Uhr"

    @admin.display(description="Letzter Fehler")
    def error(self, obj):
        return obj.last_error or "–"

    @admin.action(description="Ausgewählte E-Mails jetzt erneut senden", permissions=["send"])
    def send_again(self, request, queryset):
        before = queryset.count()
        mail.send_again(queryset)
        left = OutboxMail.objects.filter(pk__in=queryset.values("pk")).count()
        sent = before - left
        if left:
            self.message_user(
                request,
                f"{sent} E-Mail(s) zugestellt, {left} weiterhin nicht (siehe „Letzter Fehler“).",
                messages.WARNING,
            )
        else:
            self.message_user(request, f"{sent} E-Mail(s) zugestellt.", messages.SUCCESS)


@admin.register(MailDelivery)
class MailDeliveryAdmin(ReadOnlyMailAdmin):
    list_display = ["attempted", "recipients", "mail_subject", "outcome", "server_answer"]
    list_filter = [ResultFilter]
    fields = ["attempted", "recipients", "mail_subject", "outcome", "server_answer", "body"]
    readonly_fields = fields
    date_hierarchy = "when_attempted"

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Versucht", ordering="when_attempted")
    def attempted(self, obj):
        return obj.when_attempted

    @admin.display(description="Ergebnis", ordering="result")
    def outcome(self, obj):
        return RESULT_NAMES.get(obj.result, obj.result)

    @admin.display(description="Antwort des Servers")
    def server_answer(self, obj):
        return obj.log_message or "–"
