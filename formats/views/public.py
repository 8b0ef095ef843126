"""The public pages: overview, session page, registration, the participant's own page,
the WOL guide, the question after a talk and its slides."""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from kommune360.ratelimit import is_limited, peek

from .. import circles, emails, selectors, services, slides, time_windows
from .. import wol_guide as wol_guide_data
from ..forms import RegistrationForm, SessionFilterForm, TalkFeedbackForm
from ..models import FormatKind

REGISTER_LIMIT = (20, 3600)  # attempts per IP and window (seconds)
TOKEN_LIMIT = (30, 600)


def overview(request):
    kinds = list(FormatKind.objects.all())
    form = SessionFilterForm(request.GET or None, months=selectors.months_with_sessions())
    filters = form.filters() if request.GET else {}
    sessions = selectors.upcoming_sessions(
        kind=filters.get("format"), audience=filters.get("zielgruppe"), month=filters.get("monat")
    )
    return render(
        request,
        "formats/overview.html",
        {
            "nav": "formate",
            "kinds": kinds,
            "tandem_kinds": [kind for kind in kinds if not kind.is_circle],
            "circle_kinds": [kind for kind in kinds if kind.is_circle],
            "form": form,
            "filtered": bool(filters),
            "sessions": sessions,
            "past_sessions": selectors.recent_past_sessions(),
        },
    )


def _session_or_404(slug):
    session = selectors.session_for_page(slug)
    if session is None:
        raise Http404("Termin nicht gefunden")
    return session


def _detail(request, session, form=None, status=200):
    target = session.registration_target
    closed_reason = target.registration_closed_reason()
    if form is None and not closed_reason and target.waiting_list_full:
        # No form to fill in for nothing. A form sent meanwhile keeps its input and error.
        closed_reason = services.WAITING_LIST_FULL
    if form is None and not closed_reason:
        form = _registration_form(session)
    meetings, open_circles = [], []
    if session.kind.is_circle:
        meetings = [target, *target.follow_ups.order_by("start")]
        open_circles = circles.open_circles(target)
    return render(
        request,
        "formats/session_detail.html",
        {
            "nav": "formate",
            "session": session,
            "target": target,
            "closed_reason": closed_reason,
            "form": form,
            "meetings": meetings,
            "open_circles": open_circles,
            "start_window": (
                time_windows.of_session(target).label(target.duration_minutes)
                if session.kind.is_circle
                else ""
            ),
        },
        status=status,
    )


def _registration_form(session, data=None):
    """The registration form; a circle start asks for goal, time windows and circle."""
    if session.kind.is_circle:
        return RegistrationForm(data, circle_start=session)
    return RegistrationForm(data)


def session_detail(request, slug):
    return _detail(request, _session_or_404(slug))


@require_http_methods(["GET", "POST"])
def register(request, slug):
    session = _session_or_404(slug)
    if request.method == "GET":
        return redirect(session.get_absolute_url() + "#anmeldung")
    form = _registration_form(session, request.POST)
    if is_limited("formats-register", request, *REGISTER_LIMIT):
        form.is_valid()
        form.add_error(
            None,
            "Von Ihrem Anschluss kamen in kurzer Zeit sehr viele Anmeldungen. Bitte versuchen "
            "Sie es in einer Stunde noch einmal oder schreiben Sie uns eine E-Mail.",
        )
        return _detail(request, session, form, status=429)
    if not form.is_valid():
        return _detail(request, session, form)
    try:
        result = services.register(
            session,
            form.person(),
            tandem_partner=form.partner(),
            join_circle=form.join_circle(),
            new_circle=form.new_circle(),
        )
    except services.RegistrationError as error:
        form.add_error(None, error.message)
        return _detail(request, session, form)
    first = result.registrations[0]
    if result.confirmed:
        if session.kind.is_circle:
            text = "Sie sind angemeldet. Die Bestätigung ist per E-Mail unterwegs."
        else:
            text = (
                "Sie sind angemeldet. Die Bestätigung mit allen Zugangsdaten ist per E-Mail "
                "unterwegs."
            )
    else:
        text = (
            f"Der Termin ist ausgebucht – Sie stehen auf Platz {first.waiting_position} der "
            "Warteliste. Wenn ein Platz frei wird, rücken Sie automatisch nach und bekommen eine "
            "E-Mail."
        )
    if len(result.registrations) == 2:
        text += " Ihre Tandem-Partner:in erhält eine eigene E-Mail."
    if first.circle_id and first.circle.awaits_release:
        text += (
            " Ihr Kreis erscheint nach einer kurzen Prüfung durch unser Team bei den offenen "
            "Kreisen; ab dann können andere beitreten."
        )
    messages.success(request, text)
    url = reverse("formats:registered", args=[session.slug])
    return redirect(url if result.confirmed else f"{url}?stand=warteliste")


def registered(request, slug):
    """The thank-you page; it says what comes next for a seat or a place on the waiting list."""
    return render(
        request,
        "formats/registered.html",
        {
            "nav": "formate",
            "session": _session_or_404(slug),
            "waiting": request.GET.get("stand") == "warteliste",
            "team_email": settings.TEAM_EMAIL,
        },
    )


def _token_page(request, template, context, status=200):
    response = render(request, template, {"nav": "formate", **context}, status=status)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def token_guard(request, token):
    """The registration for `token`, or the response to send instead (429 or 404).

    Only unknown tokens count towards the limit: a participant whose board refreshes
    itself, or a whole office behind one address, must not be locked out, while
    guessing tokens is stopped after TOKEN_LIMIT misses.
    """
    limit, window = TOKEN_LIMIT
    if peek("formats-token-miss", request) >= limit:
        return None, _token_page(request, "formats/token_limited.html", {}, status=429)
    registration = services.find_by_token(token)
    if registration is None:
        is_limited("formats-token-miss", request, limit, window)
        return None, _token_page(request, "formats/token_unknown.html", {}, status=404)
    return registration, None


@require_http_methods(["GET", "POST"])
def cancel(request, token):
    registration, refusal = token_guard(request, token)
    if refusal:
        return refusal
    session = registration.session
    done = False
    if request.method == "POST" and registration.is_active and not session.is_past:
        services.cancel(registration)
        done = True
    return _token_page(
        request,
        "formats/cancel.html",
        {
            "registration": registration,
            "session": session,
            "token": token,
            "done": done,
            "room_url": emails.room_url_for(registration),
            "meetings": emails.meetings_for(registration) if session.kind.is_circle else [],
        },
    )


def _official_guides_url() -> str:
    kind = FormatKind.objects.filter(circle_size__isnull=False).exclude(guide_url="").first()
    return kind.guide_url if kind else ""


def wol_guide(request):
    """The 12-week guide: the facilitator's role and one link per week."""
    return render(
        request,
        "formats/wol_guide.html",
        {
            "nav": "formate",
            "weeks": wol_guide_data.weeks(),
            "official_url": _official_guides_url(),
        },
    )


def wol_guide_week(request, number):
    week = wol_guide_data.week(number)
    if week is None:
        raise Http404("Diese Woche gibt es im Leitfaden nicht.")
    weeks = wol_guide_data.weeks()
    return render(
        request,
        "formats/wol_guide_week.html",
        {
            "nav": "formate",
            "week": week,
            "previous": wol_guide_data.week(number - 1),
            "next": wol_guide_data.week(number + 1),
            "count": len(weeks),
            "official_url": _official_guides_url(),
        },
    )


FEEDBACK_LIMIT = (30, 3600)


@require_http_methods(["GET", "POST"])
def feedback(request, token):
    """The one question after a talk, reached by the link in the request e-mail."""
    registration, refusal = token_guard(request, token)
    if refusal:
        return refusal
    closed_reason = services.feedback_closed_reason(registration)
    existing = getattr(registration, "talk_feedback", None) if not closed_reason else None
    initial = {"rating": existing.rating, "comment": existing.comment} if existing else None
    form = TalkFeedbackForm(initial=initial)
    done, status = False, 200
    if request.method == "POST" and not closed_reason:
        form = TalkFeedbackForm(request.POST)
        if is_limited("formats-feedback", request, *FEEDBACK_LIMIT):
            form.is_valid()
            form.add_error(None, "Zu viele Versuche in kurzer Zeit. Bitte später noch einmal.")
            status = 429
        elif form.is_valid():
            try:
                services.give_feedback(
                    registration, form.cleaned_data["rating"], form.cleaned_data["comment"]
                )
                done = True
            except services.RegistrationError as error:
                form.add_error(None, error.message)
    return _token_page(
        request,
        "formats/feedback.html",
        {
            "registration": registration,
            "session": registration.session,
            "form": form,
            "closed_reason": closed_reason,
            "done": done,
            "changing": existing is not None,
        },
        status=status,
    )


def session_slides(request, slug):
    """The slides of a talk as a download, once the talk is over."""
    session = _session_or_404(slug)
    if not session.slides or not session.has_material:
        raise Http404("Für diesen Termin gibt es (noch) keine Folien.")
    try:
        handle = session.slides.open("rb")
    except FileNotFoundError:
        raise Http404("Die Datei fehlt.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{session.slug}-folien{slides.extension(session.slides.name)}",
        content_type=slides.content_type(session.slides.name),
    )
    # Served from our own origin: never let a browser run it as a page.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=3600"
    return response
