"""The outbox in the admin: what waits, what failed and why, and "send again"."""

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import OuterRef, Subquery
from mailer.models import PRIORITY_DEFERRED, RESULT_FAILURE, DontSendEntry, Message, MessageLog

from . import admin_libraries, mail  # noqa: F401 (admin_libraries registers German admins)
from .models import MailDelivery, OutboxMail

for model in (Message, MessageLog, DontSendEntry):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


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
    list_display = ["when_added", "recipients", "mail_subject", "status", "retry_count", "error"]
    list_filter = [("priority", admin.ChoicesFieldListFilter)]
    fields = ["when_added", "recipients", "mail_subject", "status", "retry_count", "error", "body"]
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

    @admin.display(description="Status")
    def status(self, obj):
        if obj.priority != PRIORITY_DEFERRED:
            return "wartet auf Zustellung"
        if obj.retry_count >= settings.MAILER_EMAIL_MAX_RETRIES:
            return "aufgegeben – bitte prüfen und erneut senden"
        if obj.last_attempt is None:
            return "zurückgestellt"
        next_try = obj.last_attempt + mail.retry_delay(obj.retry_count)
        return f"zurückgestellt, nächster Versuch ab {next_try:%d.%m.%Y %H:%M}"

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
    list_display = ["when_attempted", "recipients", "mail_subject", "result", "log_message"]
    list_filter = ["result"]
    fields = ["when_attempted", "recipients", "mail_subject", "result", "log_message", "body"]
    readonly_fields = fields
    date_hierarchy = "when_attempted"

    def has_change_permission(self, request, obj=None):
        return False
