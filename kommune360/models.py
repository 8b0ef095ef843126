"""The e-mail outbox, as the team sees it in the admin (German names for django-mailer's tables)."""

from mailer.models import Message, MessageLog


class OutboxMail(Message):
    """A mail waiting in the outbox: queued, or deferred after a failed delivery."""

    class Meta:
        proxy = True
        verbose_name = "E-Mail im Ausgang"
        verbose_name_plural = "E-Mails im Ausgang"


class MailDelivery(MessageLog):
    """One attempt to deliver a mail, successful or not, with the server's answer."""

    class Meta:
        proxy = True
        verbose_name = "Zustellversuch"
        verbose_name_plural = "Zustellversuche"
