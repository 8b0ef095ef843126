"""Pieces every public form shares: consent to the privacy notice and spam protection.

Forms mix these in rather than repeating the fields:

    class ContributionForm(ConsentMixin, SpamProtectionMixin, forms.ModelForm): ...

Spam protection without a captcha, built so that it never refuses a person:

- a honeypot field that people never see (hidden from screen readers too);
- a signed start time: a form that was not served by us (token missing or forged)
  is refused;
- a floor of FORM_MIN_FILL_SECONDS (default 1 s) between showing and sending. It is
  deliberately short: people whose browser fills the form in (autofill) send it within
  two or three seconds, and they are the people the forms are for. Bots that wait
  longer still meet the honeypot and the per-form rate limits (kommune360.ratelimit).

`strip_control_characters` cleans text from a form before it is stored.
"""

import time
import unicodedata

from django import forms
from django.conf import settings
from django.core import signing
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html

_SALT = "kommune360.form-started"

# Bidirectional embeddings, overrides and isolates: they make text read differently
# from what is stored.
BIDI_CONTROLS = frozenset(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# Zero-width space and the left-to-right / right-to-left marks: invisible, so they can
# hide or disguise text.
INVISIBLE_MARKS = frozenset("\u200b\u200e\u200f")


def strip_control_characters(
    value: str,
    *,
    multiline: bool,
    drop: frozenset[str] | None = None,
    normalise_newlines: bool = True,
    strip: bool = True,
) -> str:
    """`value` without control characters (Unicode category Cc).

    - multiline: keep line breaks and tabs; otherwise they are removed too.
    - drop: further characters to remove. None removes every format character (Cf)
      and surrogate (Cs) as well; pass e.g. BIDI_CONTROLS to keep the harmless ones
      (soft hyphen, zero-width joiner in emoji).
    - normalise_newlines: turn CR LF and a lone CR into LF first.
    - strip: remove surrounding whitespace.
    """
    if normalise_newlines:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    keep = "\n\r\t" if multiline else ""

    def wanted(ch):
        if ch in keep:
            return True
        category = unicodedata.category(ch)
        if category == "Cc":
            return False
        return category not in {"Cf", "Cs"} if drop is None else ch not in drop

    cleaned = "".join(ch for ch in value if wanted(ch))
    return cleaned.strip() if strip else cleaned


def _consent_label():
    return format_html(
        'Ich habe die <a href="{}">Datenschutzhinweise</a> gelesen und bin einverstanden, '
        "dass meine Angaben zu diesem Zweck gespeichert werden.",
        reverse_lazy("datenschutz"),
    )


class ConsentMixin(forms.Form):
    consent = forms.BooleanField(
        label=lazy(_consent_label, str)(),
        required=True,
        error_messages={
            "required": "Bitte bestätigen Sie, dass Sie die Datenschutzhinweise gelesen haben."
        },
    )
    # The error summary names the field by this short label instead of the whole sentence.
    consent.summary_label = "Einwilligung zum Datenschutz"


def started_token(at: float | None = None) -> str:
    return signing.dumps(at if at is not None else time.time(), salt=_SALT)


class SpamProtectionMixin(forms.Form):
    # Named like a field bots love to fill; people never see it.
    website = forms.CharField(
        required=False,
        label="Bitte dieses Feld leer lassen",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_started = forms.CharField(required=False, widget=forms.HiddenInput)

    spam_message = (
        "Ihre Eingabe konnte nicht angenommen werden, weil sie wie eine automatische "
        "Einsendung aussah. Bitte prüfen Sie Ihre Angaben und senden Sie das Formular erneut."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_spam = False
        # A bound form re-renders the start time it was sent with, which stays valid.
        self.initial["form_started"] = started_token()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            self.is_spam = True
        try:
            started = signing.loads(self.data.get("form_started", ""), salt=_SALT, max_age=86400)
        except signing.BadSignature:
            started = None
        if started is None or time.time() - float(started) < settings.FORM_MIN_FILL_SECONDS:
            self.is_spam = True
        if self.is_spam:
            raise forms.ValidationError(self.spam_message, code="spam")
        return cleaned


class FirstOptionRadioSelect(forms.RadioSelect):
    """Radio buttons whose field id points at the first option, so that the error
    summary can link to (and focus) the group."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


class FirstOptionCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes whose field id points at the first box, so the error summary can link there."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)
