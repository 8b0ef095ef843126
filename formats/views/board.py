"""The Lean Coffee board: participants with their token, the facilitator as a team member.

Every action is a plain form POST followed by a redirect, so the board works
without JavaScript; static/js/formats.js only refreshes it and counts down.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from .. import board as board_service
from ..forms import NotesForm, StartTopicForm, ThumbsForm, TopicForm
from ..models import BoardTopic, Session
from .public import token_guard

FACILITATOR_PERMISSION = "formats.change_boardtopic"


def _board_session(slug):
    session = get_object_or_404(Session.objects.select_related("kind"), slug=slug)
    if not session.kind.has_board:
        raise Http404("Dieser Termin hat kein Lean-Coffee-Board.")
    return session


def _render(request, session, *, registration=None, token="", topic_form=None, status=200):
    is_facilitator = registration is None
    view = board_service.board_for(session, registration)
    if is_facilitator:
        markdown_url = reverse("formats:board_markdown_facilitator", args=[session.slug])
    else:
        markdown_url = reverse("formats:board_markdown", args=[session.slug, token])
    response = render(
        request,
        "formats/board.html",
        {
            "nav": "formate",
            "session": session,
            "board": view,
            "registration": registration,
            "is_facilitator": is_facilitator,
            "is_open": board_service.is_open_for_participants(session),
            "topic_form": topic_form or TopicForm(),
            "start_form": StartTopicForm(),
            "markdown_url": markdown_url,
            "votes_per_person": board_service.VOTES_PER_PERSON,
        },
        status=status,
    )
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


def _topic(session, request):
    try:
        pk = int(request.POST.get("topic", ""))
    except ValueError:
        raise Http404("Unbekanntes Thema") from None
    return get_object_or_404(BoardTopic.objects.select_related("session"), pk=pk, session=session)


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
            elif action == "vote":
                topic = _topic(session, request)
                placed = board_service.toggle_vote(topic, registration)
                messages.success(request, "Punkt gesetzt." if placed else "Punkt zurückgenommen.")
            else:
                raise Http404("Unbekannte Aktion")
        except board_service.BoardError as error:
            messages.error(request, error.message)
            return redirect("formats:board", slug=slug, token=token)
        # Back to the topic just proposed or voted for: the browser focuses its card, so
        # the next vote is one Tab away instead of starting again at the top.
        return redirect(reverse("formats:board", args=[slug, token]) + f"#thema-{topic.pk}")
    return _render(request, session, registration=registration, token=token)


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
        return redirect("formats:board_facilitator", slug=slug)
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
