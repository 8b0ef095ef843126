from django.urls import path

from .views import board, calendar, public

app_name = "formats"

urlpatterns = [
    path("", public.overview, name="overview"),
    path("wol-leitfaden/", public.wol_guide, name="wol_guide"),
    path("wol-leitfaden/woche-<int:number>/", public.wol_guide_week, name="wol_guide_week"),
    path("termine/<slug:slug>/", public.session_detail, name="session_detail"),
    path("termine/<slug:slug>/anmelden/", public.register, name="register"),
    path("termine/<slug:slug>/danke/", public.registered, name="registered"),
    path("termine/<slug:slug>/kalender.ics", calendar.session_ics, name="session_ics"),
    path("termine/<slug:slug>/folien/", public.session_slides, name="session_slides"),
    path("termine/<slug:slug>/lean-coffee/", board.facilitator_board, name="board_facilitator"),
    path(
        "termine/<slug:slug>/lean-coffee/protokoll.md",
        board.facilitator_markdown,
        name="board_markdown_facilitator",
    ),
    path(
        "termine/<slug:slug>/lean-coffee/stand.json",
        board.facilitator_state,
        name="board_state_facilitator",
    ),
    path("termine/<slug:slug>/lean-coffee/<str:token>/", board.participant_board, name="board"),
    path(
        "termine/<slug:slug>/lean-coffee/<str:token>/stand.json",
        board.participant_state,
        name="board_state",
    ),
    path(
        "termine/<slug:slug>/lean-coffee/<str:token>/protokoll.md",
        board.participant_markdown,
        name="board_markdown",
    ),
    path("abmelden/<str:token>/", public.cancel, name="cancel"),
    path("rueckmeldung/<str:token>/", public.feedback, name="feedback"),
    path("reihen/<slug:slug>/kalender.ics", calendar.series_feed, name="series_feed"),
    path("<slug:kind>/kalender.ics", calendar.kind_feed, name="kind_feed"),
]
