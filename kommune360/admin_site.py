"""The back office's admin site: Kommune 360° branding and the second factor (django-otp).

`kommune360.apps.AdminConfig` makes this the default site, so `admin.site` and every
`@admin.register` in the apps use it. With SECOND_FACTOR_REQUIRED a password alone does
not open it: the page /verwaltung/zweiter-faktor/ (this site's URL `admin:second_factor`)
enrols an authenticator app at the first login and asks for a code at every later one.
"""

from django import forms
from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp.admin import OTPAdminSite

from . import second_factor


class KommuneAdminSite(OTPAdminSite):
    site_header = "Kommune 360° – Verwaltung"
    site_title = "Kommune 360°"
    index_title = "Übersicht für das Initiativteam"
    # Password first, on Django's own login page (django-axes watches it); the code follows
    # on a page of its own, which can also enrol a person who has no app yet.
    login_form = AdminAuthenticationForm
    login_template = None

    def __init__(self, name="admin"):
        super().__init__(name)

    def has_permission(self, request):
        if not settings.SECOND_FACTOR_REQUIRED:
            return AdminSite.has_permission(self, request)
        return AdminSite.has_permission(self, request) and second_factor.is_verified(request.user)

    def get_urls(self):
        return [
            path("zweiter-faktor/", self.second_factor_view, name="second_factor"),
            # Django's admin_view would send a session without the second factor from
            # logout to the index; such a session must be able to end itself.
            path("logout/", never_cache(self.logout), name="logout"),
            *super().get_urls(),
        ]

    def second_factor_view(self, request):
        return second_factor_page(request)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code aus der App oder Ersatzcode",
        help_text=(
            "Die sechs Ziffern, die Ihre Authenticator-App gerade zeigt – oder, wenn Sie Ihr "
            "Telefon nicht zur Hand haben, einer Ihrer Ersatzcodes."
        ),
        max_length=24,
        error_messages={
            "required": "Bitte geben Sie einen Code ein.",
            "max_length": (
                "Dieser Code ist zu lang: Codes aus der App haben sechs Ziffern, Ersatzcodes "
                "acht Zeichen."
            ),
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    wrong_code = (
        "Dieser Code stimmt nicht. Geben Sie den Code ein, der gerade in der App steht (er "
        "wechselt alle 30 Sekunden), oder einen noch nicht benutzten Ersatzcode."
    )


class EnrolmentForm(forms.Form):
    code = forms.CharField(
        label="Code aus der App (6 Ziffern)",
        help_text="Nach dem Einrichten zeigt die App einen Code, der alle 30 Sekunden wechselt.",
        max_length=20,
        error_messages={
            "required": "Bitte geben Sie den sechsstelligen Code aus der App ein.",
            "max_length": "Der Code hat sechs Ziffern; bitte prüfen Sie Ihre Eingabe.",
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
    wrong_code = (
        "Dieser Code stimmt nicht. Prüfen Sie, ob die Uhrzeit Ihres Telefons stimmt, und geben "
        "Sie den Code ein, der gerade in der App steht."
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not second_factor.TOTP_CODE.fullmatch(code):
            raise forms.ValidationError(
                "Bitte geben Sie genau die sechs Ziffern ein, die die App gerade zeigt."
            )
        return code


THROTTLED = (
    "Zu viele falsche Codes hintereinander. Bitte warten Sie einen Moment und versuchen Sie "
    "es dann erneut."
)


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("admin:index")


@never_cache
def second_factor_page(request):
    """Enrol an app (first login), ask for a code (later logins), or, once verified, offer
    new backup codes. The backup codes appear once, in the answer that created them."""
    user = request.user
    if not second_factor.applies_to(user):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    context = {"next": _next_url(request)}

    if second_factor.is_verified(user):
        if request.method == "POST" and request.POST.get("action") == "new-codes":
            codes = second_factor.new_backup_codes(user)
            return _render(request, "codes", context, codes=codes, replaced=True)
        return _render(request, "verified", context)

    device = second_factor.app_device(user)
    if device is None:
        device = second_factor.enrolment_device(user)
        form = EnrolmentForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            waiting = not device.verify_is_allowed()[0]
            codes = second_factor.confirm_enrolment(request, device, form.cleaned_data["code"])
            if codes is not None:
                return _render(request, "codes", context, codes=codes)
            form.add_error("code", THROTTLED if waiting else form.wrong_code)
        return _render(
            request,
            "enrol",
            context,
            form=form,
            qr_svg=second_factor.qr_code_svg(device),
            manual_key=second_factor.manual_key(device),
        )

    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        waiting = second_factor.throttled(user)
        if second_factor.verify(request, form.cleaned_data["code"]):
            return redirect(context["next"])
        form.add_error("code", THROTTLED if waiting else form.wrong_code)
    return _render(request, "verify", context, form=form)


def _render(request, mode, context, **extra):
    return render(
        request,
        "admin/second_factor.html",
        {**context, **extra, "mode": mode, "required": settings.SECOND_FACTOR_REQUIRED},
    )
