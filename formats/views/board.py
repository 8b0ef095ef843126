"""The Lean Coffee board: participants with their token, the facilitator as a team member.

Every action is a plain form POST followed by a redirect, so the board works
without JavaScript (and reloads itself every 20 seconds when the person asks
for it). With JavaScript, static/js/formats.js polls the board's state
(`stand.json`) and redraws the board when it changed, and counts down.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format

from .. import board as board_service
from ..forms import ActionForm, NotesForm, StartTopicForm, ThumbsForm, TopicForm
from ..models import BoardAction, BoardTopic, Session
from .public import token_guard

FACILITATOR_PERMISSION = "formats.change_boardtopic"
# Without JavaScript a person may ask the board to reload itself this often (seconds).
RELOAD_SECONDS = 20
RELOAD_PARAMETER = "neu-laden"


def _board_session(slug):
    session = get_object_or_404(Session.objects.select_related("kind"), slug=slug)
    if not session.kind.has_board:
        raise Http404("Dieser Termin hat kein Lean-Coffee-Board.")
    return session


def _context(request, session, *, registration=None, token="", topic_form=None, view=None):
    is_facilitator = registration is None
    view = view or board_service.board_for(session, registration)
    next_round = board_service.next_round(session)
    if is_facilitator:
        markdown_url = reverse("formats:board_markdown_facilitator", args=[session.slug])
        state_url = reverse("formats:board_state_facilitator", args=[session.slug])
    else:
        markdown_url = reverse("formats:board_markdown", args=[session.slug, token])
        state_url = reverse("formats:board_state", args=[session.slug, token])
    return {
        "nav": "formate",
        "session": session,
        "board": view,
        "registration": registration,
        "is_facilitator": is_facilitator,
        "is_open": board_service.is_open_for_participants(session),
        "next_round": next_round,
        "pending_topics": (
            list(board_service.pending_topics(session.series_id))
            if session.series_id and next_round is None
            else []
        ),
        "topic_form": topic_form or TopicForm(),
        "next_topic_form": TopicForm(prefix="next"),
        "action_form": ActionForm(),
        "start_form": StartTopicForm(),
        "markdown_url": markdown_url,
        "state_url": state_url,
        "state_version": board_service.board_state(session, registration, view)["version"],
        "votes_per_person": board_service.VOTES_PER_PERSON,
        "reload_seconds": RELOAD_SECONDS,
        "reloading": _is_reloading(request),
    }


def _is_reloading(request) -> bool:
    return request.GET.get(RELOAD_PARAMETER) == str(RELOAD_SECONDS)


def _back_to_board(request, name, *args, anchor=""):
    """Redirect to a board after a form post, keeping the no-JavaScript reload the person
    asked for: the forms post to the page's own address, so it is in the query."""
    url = reverse(name, args=args)
    if _is_reloading(request):
        url += f"?{RELOAD_PARAMETER}={RELOAD_SECONDS}"
    return redirect(url + (f"#{anchor}" if anchor else ""))


def _render(request, session, *, registration=None, token="", topic_form=None, status=200):
    context = _context(
        request, session, registration=registration, token=token, topic_form=topic_form
    )
    response = render(request, "formats/board.html", context, status=status)
    if context["reloading"]:
        # Asked for by the person (a link, without JavaScript), so they can also stop it.
        response["Refresh"] = str(RELOAD_SECONDS)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _state_response(request, session, *, registration=None, token=""):
    """The board's state as JSON; with the board's HTML when it changed since `?stand=`."""
    view = board_service.board_for(session, registration)
    state = board_service.board_state(session, registration, view)
    if request.GET.get("stand") == state["version"]:
        payload = {"version": state["version"], "changed": False}
    else:
        context = _context(request, session, registration=registration, token=token, view=view)
        html = render_to_string("formats/_board_live.html", context, request=request)
        payload = {**state, "changed": True, "html": html}
    response = JsonResponse(payload)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _participant(request, slug, token):
    """(session, registration, refusal response)."""
    registration, refusal = token_guard(request, token)
    if refusal:
        return None, None, refusal
    session = _board_session(slug)
    if registration.session_id != session.pk:
        raise Http404("Dieser Link gehört zu einem anderen Termin.")
    if not registration.is_confirmed:
        response = render(
            request,
            "formats/board_no_seat.html",
            {"nav": "formate", "session": session, "registration": registration},
            status=403,
        )
        return session, None, response
    return session, registration, None


def _pk(request, name):
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        raise Http404("Unbekannter Eintrag") from None


def _topic(session, request):
    return get_object_or_404(
        BoardTopic.objects.select_related("session"), pk=_pk(request, "topic"), session=session
    )


def _add_action(request, session):
    form = ActionForm(request.POST)
    if not form.is_valid():
        raise board_service.BoardError(
            "Bitte den Schritt beschreiben (höchstens 300 Zeichen, „Wer“ höchstens 120)."
        )
    topic = None
    if request.POST.get("topic"):
        topic = _topic(session, request)
    board_service.add_action(
        session, form.cleaned_data["text"], owner=form.cleaned_data["owner"], topic=topic
    )
    messages.success(request, "Schritt festgehalten.")


def participant_board(request, slug, token):
    session, registration, refusal = _participant(request, slug, token)
    if refusal:
        return refusal
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "propose":
                form = TopicForm(request.POST)
                if not form.is_valid():
                    return _render(
                        request, session, registration=registration, token=token, topic_form=form
                    )
                topic = board_service.propose_topic(
                    session, form.cleaned_data["title"], registration
                )
                messages.success(request, "Ihr Thema steht jetzt auf dem Board.")
            elif action == "propose_next":
                _propose_next(request, session, registration)
                return _back_to_board(
                    request, "formats:board", slug, token, anchor="naechste-runde"
                )
            elif action == "vote":
                topic = _topic(session, request)
                placed = board_service.toggle_vote(topic, registration)
                messages.success(request, "Punkt gesetzt." if placed else "Punkt zurückgenommen.")
            else:
                raise Http404("Unbekannte Aktion")
        except board_service.BoardError as error:
            messages.error(request, error.message)
            return _back_to_board(request, "formats:board", slug, token)
        # Back to the topic just proposed or voted for: the browser focuses its card, so
        # the next vote is one Tab away instead of starting again at the top.
        return _back_to_board(request, "formats:board", slug, token, anchor=f"thema-{topic.pk}")
    return _render(request, session, registration=registration, token=token)


def _propose_next(request, session, registration=None):
    form = TopicForm(request.POST, prefix="next")
    if not form.is_valid():
        raise board_service.BoardError("Bitte geben Sie ein Thema mit höchstens 200 Zeichen ein.")
    _topic, upcoming = board_service.propose_for_next_round(
        session, form.cleaned_data["title"], registration
    )
    if upcoming is None:
        messages.success(
            request,
            "Ihr Thema ist für die nächste Runde vorgemerkt. Sobald sie geplant ist, steht es "
            "auf ihrem Board.",
        )
        return
    day = date_format(timezone.localtime(upcoming.start), "j. F Y")
    messages.success(request, f"Ihr Thema steht auf dem Board der nächsten Runde am {day}.")


def participant_state(request, slug, token):
    session, registration, refusal = _participant(request, slug, token)
    if refusal:
        return refusal
    return _state_response(request, session, registration=registration, token=token)


def facilitator_state(request, slug):
    refusal = _facilitator_or_login(request)
    if refusal:
        return refusal
    return _state_response(request, _board_session(slug))


def _facilitator_or_login(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not request.user.is_staff or not request.user.has_perm(FACILITATOR_PERMISSION):
        return render(request, "formats/board_forbidden.html", {"nav": "formate"}, status=403)
    return None


def facilitator_board(request, slug):
    refusal = _facilitator_or_login(request)
    if refusal:
        return refusal
    session = _board_session(slug)
    if request.method == "POST":
        try:
            response = _facilitate(request, session)
        except board_service.BoardError as error:
            messages.error(request, error.message)
            response = None
        if response is not None:
            return response
        return _back_to_board(request, "formats:board_facilitator", slug)
    return _render(request, session)


def _facilitate(request, session):
    """Run one facilitator action; returns a response only when a form must be shown again."""
    action = request.POST.get("action")
    if action == "propose":
        form = TopicForm(request.POST)
        if not form.is_valid():
            return _render(request, session, topic_form=form)
        board_service.propose_topic(session, form.cleaned_data["title"])
        return None
    if action == "propose_next":
        _propose_next(request, session)
        return None
    if action == "action_add":
        _add_action(request, session)
        return None
    if action == "action_remove":
        action_obj = get_object_or_404(
            BoardAction, pk=_pk(request, "board_action"), session=session
        )
        action_obj.delete()
        messages.success(request, "Schritt entfernt.")
        return None
    topic = _topic(session, request)
    if action == "start":
        form = StartTopicForm(request.POST)
        minutes = form.cleaned_data["minutes"] if form.is_valid() else None
        board_service.start_topic(topic, minutes=minutes)
        messages.success(request, f"„{topic.title}“ ist jetzt im Gespräch.")
    elif action == "thumbs":
        form = ThumbsForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Bitte die Entscheidung und gültige Zahlen angeben.")
            return None
        box = board_service.record_vote(
            topic,
            form.cleaned_data["decision"],
            thumbs_up=form.cleaned_data["thumbs_up"],
            thumbs_down=form.cleaned_data["thumbs_down"],
        )
        if box is not None:
            messages.success(request, f"Weiter: noch {box.minutes} Minuten.")
        else:
            messages.success(request, f"„{topic.title}“ ist besprochen.")
    elif action == "notes":
        form = NotesForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Die Notizen sind zu lang (höchstens 5000 Zeichen).")
            return None
        board_service.save_notes(topic, form.cleaned_data["notes"])
        messages.success(request, "Notizen gespeichert.")
    elif action == "reopen":
        board_service.reopen_topic(topic)
    elif action == "remove":
        board_service.remove_topic(topic)
        messages.success(request, "Thema entfernt.")
    elif action == "merge":
        keep = get_object_or_404(BoardTopic, pk=_pk(request, "into"), session=session)
        board_service.merge_topics(topic, keep)
        messages.success(request, f"„{topic.title}“ ist jetzt Teil von „{keep.title}“.")
    else:
        raise Http404("Unbekannte Aktion")
    return None


def _markdown_response(session):
    response = HttpResponse(
        board_service.board_markdown(session), content_type="text/markdown; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="lean-coffee-{session.slug}.md"'
    add_never_cache_headers(response)
    return response


def participant_markdown(request, slug, token):
    session, registration, refusal = _participant(request, slug, token)
    if refusal:
        return refusal
    return _markdown_response(session)


def facilitator_markdown(request, slug):
    refusal = _facilitator_or_login(request)
    if refusal:
        return refusal
    return _markdown_response(_board_session(slug))
