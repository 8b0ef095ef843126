"""The 12-week guide for WOL circles: one short page per week, read from guide_data/wol_weeks.toml."""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GUIDE_FILE = Path(__file__).parent / "guide_data" / "wol_weeks.toml"


@dataclass(frozen=True)
class Week:
    number: int
    title: str
    focus: str
    tasks: tuple[str, ...]
    question: str


def _joined(text: str) -> str:
    return " ".join(text.split())


@cache
def weeks() -> tuple[Week, ...]:
    """All weeks in order; the file is read once per process."""
    data = tomllib.loads(GUIDE_FILE.read_text(encoding="utf-8"))
    return tuple(
        Week(
            number=number,
            title=entry["title"],
            focus=_joined(entry["focus"]),
            tasks=tuple(_joined(task) for task in entry["try"]),
            question=_joined(entry["question"]),
        )
        for number, entry in enumerate(data["weeks"], start=1)
    )


def week(number: int) -> Week | None:
    all_weeks = weeks()
    return all_weeks[number - 1] if 1 <= number <= len(all_weeks) else None
