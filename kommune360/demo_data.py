"""Demo content as data: each app keeps its demo entries in `<app>/demo_data/*.toml`.

An app's `demo.py` describes an entry as a frozen dataclass and reads the file with
`read_toml` and `entries`. Every entry is checked on the way in (unknown or missing
keys, wrong types, values outside a choice set), so a slip made by hand in the file is
reported with the file and the entry's name before anything is written.

Text convention in the files: a multi-line string may be wrapped freely; its lines are
joined with single spaces, and a blank line starts a new paragraph.
"""

import dataclasses
import datetime
import re
import tomllib
import types
import typing
from decimal import Decimal
from pathlib import Path


class DemoDataError(Exception):
    """The demo data cannot be loaded; the message says where and why, in German."""


_TYPE_NAMES = {
    str: "ein Text",
    bool: "true oder false",
    int: "eine ganze Zahl",
    Decimal: "eine Zahl",
    datetime.time: "eine Uhrzeit (hh:mm:ss)",
    tuple: "eine Liste von Texten",
}


def read_toml(path: Path) -> dict:
    """The parsed file; a `DemoDataError` naming the file if it is missing or not TOML."""
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except FileNotFoundError as exc:
        raise DemoDataError(f"{path}: Die Datei fehlt.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise DemoDataError(f"{path}: keine gültige TOML-Datei ({exc}).") from exc


def fold(text: str) -> str:
    """A wrapped text joined into lines of prose: one space per line break, a blank line
    between paragraphs. One-line texts are kept exactly as written."""
    if "\n" not in text:
        return text
    paragraphs = re.split(r"\n[ \t]*\n", text.strip())
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in paragraphs)


def check_choice(key: str, value: str, choices) -> None:
    """Raise ValueError (turned into a `DemoDataError` by `entry`) if `value` is not one of
    `choices`; for a spec's `__post_init__`."""
    if value not in choices:
        allowed = ", ".join(f"„{choice}“" for choice in choices)
        raise ValueError(f"„{key}“ ist „{value}“, erlaubt sind {allowed}.")


def look_up(rows: dict, slugs, *, what: str, label: str) -> list:
    """The rows for `slugs` from `rows` (slug → row), in order; a `DemoDataError` naming
    the entry `what` if the database lacks one (e.g. the team removed a vocabulary value)."""
    missing = [slug for slug in slugs if slug not in rows]
    if missing:
        raise DemoDataError(
            f"{what}: {label} „{', '.join(missing)}“ gibt es in der Datenbank nicht."
        )
    return [rows[slug] for slug in slugs]


def entries(data: dict, table: str, spec: type, *, what: str, name_key: str = "slug") -> list:
    """The entries of the array of tables `[[table]]` in `data`, each built as `spec`."""
    rows = data.get(table)
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise DemoDataError(f"Die Einträge [[{table}]] fehlen.")
    return [
        entry(row, spec, what=f"{what} „{row.get(name_key, f'Nr. {number}')}“")
        for number, row in enumerate(rows, start=1)
    ]


def entry(raw: dict, spec: type, *, what: str):
    """One entry built as the dataclass `spec`: keys and types checked against its fields,
    lists turned into tuples, wrapped texts folded, numbers for `Decimal` fields made
    exact. Any problem raises `DemoDataError` starting with `what` (the entry's name)."""
    fields = {field.name: field for field in dataclasses.fields(spec) if field.init}
    hints = typing.get_type_hints(spec)
    problems = [f"unbekannter Schlüssel „{key}“" for key in raw if key not in fields]
    problems += [
        f"„{name}“ fehlt"
        for name, field in fields.items()
        if name not in raw
        and field.default is dataclasses.MISSING
        and field.default_factory is dataclasses.MISSING
    ]
    values = {}
    for key, value in raw.items():
        if key not in fields:
            continue
        expected = _base_type(hints[key])
        converted = _convert(value, expected)
        if converted is None:
            problems.append(f"„{key}“ muss {_TYPE_NAMES[expected]} sein")
        else:
            values[key] = converted
    if problems:
        raise DemoDataError(f"{what}: {'; '.join(problems)}.")
    try:
        return spec(**values)
    except ValueError as exc:
        raise DemoDataError(f"{what}: {exc}") from exc


def _base_type(hint):
    """`str | None` → str, `tuple[str, ...]` → tuple; the key of `_TYPE_NAMES`."""
    if isinstance(hint, types.UnionType):
        (hint,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
    return typing.get_origin(hint) or hint


def _convert(value, expected):
    """`value` as the field expects it, or None if it has the wrong type."""
    if expected is bool:
        return value if isinstance(value, bool) else None
    if isinstance(value, bool):  # bool is an int in Python, never a number here
        return None
    if expected is str:
        return fold(value) if isinstance(value, str) else None
    if expected is int:
        return value if isinstance(value, int) else None
    if expected is Decimal:
        return Decimal(str(value)) if isinstance(value, int | float) else None
    if expected is tuple:
        ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        return tuple(value) if ok else None
    if expected is datetime.time:
        return value if isinstance(value, datetime.time) else None
    raise TypeError(f"demo_data cannot read fields of type {expected!r}")
