"""What each stored field must be, and the check every row read passes before Poise uses it.

A database can be damaged one row at a time: a crash of another program, a disk's bad sector, a hand
edit, a tool that wrote text into a number column (SQLite keeps whatever it is given). One such row must
not take the history with it, so every row the storage hands out is checked here first. A row with a
damaged field is left out (the readers count it and say so in one line); a damaged optional field of a
player (weight, birth year, ...) is read as unknown instead, so the player and their history stay.
`poise db check` runs the same check over every row, and decodes every recording.

Fields are known by column name: a name means the same kind of value in every table.
"""
from __future__ import annotations

import datetime as dt
import json
import math

TIME = "time"          # ISO 8601 date and time (stored in UTC)
DAY = "day"            # ISO 8601 date
OBJECT = "object"      # JSON text of an object
LIST = "list"          # JSON text of an array
NUMBER = "number"      # a finite real number
INTEGER = "integer"    # a whole number
TEXT = "text"          # text

FIELDS: dict[str, str] = {
    "created_at": TIME, "started_at": TIME, "finished_at": TIME, "at": TIME, "set_at": TIME, "day": DAY,
    "result_json": OBJECT, "metrics_json": OBJECT, "raw_metrics_json": OBJECT, "quality_json": OBJECT,
    "protocol_json": OBJECT, "programme_json": OBJECT, "plan_json": OBJECT,
    "offsets_json": LIST, "gains_json": LIST, "directions_json": LIST, "done_json": LIST,
    "duration_s": NUMBER, "score": NUMBER, "weight_kg": NUMBER, "height_cm": NUMBER, "planned_minutes": NUMBER,
    "forward_mm": NUMBER, "back_mm": NUMBER, "left_mm": NUMBER, "right_mm": NUMBER, "start_s": NUMBER,
    "end_s": NUMBER, "best": NUMBER,
    "stars": INTEGER, "step": INTEGER, "trial": INTEGER, "valid": INTEGER, "week": INTEGER, "stage": INTEGER,
    "sessions_per_week": INTEGER, "birth_year": INTEGER, "samples": INTEGER, "plays": INTEGER,
    "name": TEXT, "level": TEXT, "board_url": TEXT, "board_identity": TEXT, "software_version": TEXT,
    "station": TEXT, "uid": TEXT, "codec": TEXT, "protocol": TEXT, "condition": TEXT, "note": TEXT,
    "kind": TEXT, "detail": TEXT, "source": TEXT, "text": TEXT, "clinician": TEXT, "action": TEXT,
    "status": TEXT, "sex": TEXT, "goal": TEXT, "injured_side": TEXT, "patient_id": TEXT,
}
# a player's fields that may be unknown: damaged, they read as unknown and the player stays
OPTIONAL = {"weight_kg", "height_cm", "birth_year", "sex", "goal", "injured_side", "patient_id", "created_at"}
ENUMS = {"sex": ("F", "M"), "injured_side": ("left", "right", "both", "none")}


def problem(column: str, value) -> str | None:
    """Why `value` cannot be the column's kind of value, or None when it can. NULL is checked by the schema."""
    kind = FIELDS.get(column)
    if kind is None or value is None:
        return None
    if kind == TEXT:
        if not isinstance(value, str):
            return f"{column} is not text"
        if column in ENUMS and value not in ENUMS[column]:
            return f"{column} {value!r} is not one of {', '.join(ENUMS[column])}"
        return None
    if kind in (NUMBER, INTEGER):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"{column} {_shown(value)} is not a number"
        if kind == NUMBER and not math.isfinite(value):
            return f"{column} {value} is not a finite number"
        if kind == INTEGER and value != int(value):
            return f"{column} {value} is not a whole number"
        return None
    if not isinstance(value, str):
        return f"{column} is not text"
    if kind in (TIME, DAY):
        try:
            (dt.date if kind == DAY else dt.datetime).fromisoformat(value)
        except ValueError:
            return f"{column} {_shown(value)} is not a {'date' if kind == DAY else 'date and time'}"
        return None
    try:
        document = json.loads(value)
    except ValueError:
        return f"{column} is not valid JSON ({_shown(value)})"
    want = dict if kind == OBJECT else list
    if not isinstance(document, want):
        return f"{column} is not a JSON {kind}"
    return None


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 24 else text[:20] + "…"


def check(row) -> tuple[dict | None, list[str]]:
    """(the row as Poise may use it, or None when it must be left out; what was damaged in it)."""
    found = []
    fixed = None
    for column, value in row.items():
        why = problem(column, value)
        if why is None:
            continue
        found.append(why)
        if column not in OPTIONAL or "name" not in row:  # only a player's optional fields are read as unknown
            return None, found
        fixed = fixed if fixed is not None else dict(row)
        fixed[column] = None
    return (row if fixed is None else fixed), found
