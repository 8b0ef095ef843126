"""Weekly time windows for WOL circles: "Tuesday, 12:00" as a value people choose and circles share.

A window is stored as a short code, "<weekday>-<HH:MM>" with Monday = 0
("1-12:00" is Tuesday at noon), in Berlin wall-clock time. People tick the
windows of the grid that suit them; a circle meets in one window that all its
members ticked, for the length of one meeting.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

# The same zone as formats.recurrence.BERLIN; repeated here because the models import
# this module, and recurrence imports the models.
BERLIN = ZoneInfo("Europe/Berlin")

WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
# Adverbs for "every week on …" ("dienstags").
WEEKDAYS_ADVERB = [
    "montags",
    "dienstags",
    "mittwochs",
    "donnerstags",
    "freitags",
    "samstags",
    "sonntags",
]
# The grid people choose from: working days, every two hours.
GRID_WEEKDAYS = range(5)
GRID_TIMES = (time(8), time(10), time(12), time(14), time(16))


@dataclass(frozen=True, order=True)
class Window:
    weekday: int
    start: time

    @property
    def code(self) -> str:
        return f"{self.weekday}-{self.start:%H:%M}"

    def end(self, minutes: int) -> time:
        moment = datetime.combine(datetime(2000, 1, 3), self.start) + timedelta(minutes=minutes)
        return moment.time()

    def label(self, minutes: int = 60) -> str:
        """ "dienstags, 12:00–13:00 Uhr" """
        return f"{WEEKDAYS_ADVERB[self.weekday]}, {self.start:%H:%M}–{self.end(minutes):%H:%M} Uhr"


def parse(code) -> Window | None:
    """The window a code stands for, or None for anything malformed."""
    if not isinstance(code, str):
        return None
    day, _, clock = code.partition("-")
    try:
        weekday = int(day)
        start = time.fromisoformat(clock)
    except ValueError:
        return None
    if not 0 <= weekday <= 6 or len(clock) != 5 or start.second or start.microsecond:
        return None
    return Window(weekday, start)


def of_session(session) -> Window:
    """The window a session (e.g. a circle start) itself falls in, in Berlin time."""
    local = timezone.localtime(session.start, BERLIN)
    return Window(local.weekday(), local.time().replace(second=0, microsecond=0))


def grid(extra: Window | None = None) -> list[tuple[int, list[Window]]]:
    """The windows people choose from, by weekday; `extra` (the start's own time) is added."""
    windows = {Window(day, start) for day in GRID_WEEKDAYS for start in GRID_TIMES}
    if extra is not None:
        windows.add(extra)
    days = sorted({w.weekday for w in windows})
    return [(day, sorted(w for w in windows if w.weekday == day)) for day in days]


def codes_of(registration) -> list[str]:
    """The valid window codes a registration holds, in week order."""
    windows = {parse(code) for code in registration.time_windows or []} - {None}
    return [w.code for w in sorted(windows)]


def describe(codes, minutes: int = 60) -> list[str]:
    return [w.label(minutes) for w in sorted({parse(c) for c in codes} - {None})]
