"""What a level hands back when it ends: a typed record of data, never sentences, checked before it is stored.

A level returns a `LevelResult`: score (0-1000), stars (0-3), the parts its score is made of, the windows
of play whose raw samples get sway metrics, messages for the results screen as keys with arguments
(`Message("slalom.gates", {"passed": 7, "gates": 9})`), its own numbers (`details`) and the records the
game stores beside the attempt (`Assessment`, `StabilityLimits`). The messages are rendered into words
only when shown (poise.game.level.messages), so stored history can be shown in another language.

`validate` checks a result before anything of it is stored: a number out of range or not finite, a
message key the level's catalogue does not know, a message whose template its arguments do not fill.
A result that fails is refused whole with one line naming the level (`ResultError`).
"""
from __future__ import annotations

import dataclasses
import math
from typing import Any, Mapping, NamedTuple

MAX_SCORE = 1000
MAX_STARS = 3
MAX_TEXT = 80  # characters: a string in a result is an identifier or a label ("eyes-open 1"), not prose


class Message(NamedTuple):
    """A line for the results screen: a key in the level's message catalogue and the values its template
    shows (numbers, or short identifiers such as "left"). Stored as `[key, args]`."""

    key: str
    args: Mapping[str, Any] | None = None


class Part(NamedTuple):
    """One component of the score, 0..1: a key in the message catalogue (its label) and the value.
    Stored as `[key, value, args]`."""

    key: str
    value: float
    args: Mapping[str, Any] | None = None


@dataclasses.dataclass
class Window:
    """A stretch of level play whose raw samples get sway metrics (host times, s)."""

    label: str
    start: float
    end: float


@dataclasses.dataclass(frozen=True)
class AssessmentTrial:
    """One trial of an assessment: its condition (e.g. "eyes-open", "left-leg"), its number within the
    condition, whether it counts, the stretch of play (host times, s), the label of its metric window, and,
    for a trial that does not count, why (a Message)."""

    condition: str
    number: int
    valid: bool
    start: float
    end: float
    label: str
    note: Message | None = None


@dataclasses.dataclass(frozen=True)
class Assessment:
    """A measuring protocol's record, stored by the game with the attempt: the conditions played, the whole
    protocol (conditions, trials, trial_s, rest_s, ...; kept so that trends compare like with like) and every
    trial. The game adds each trial's sway metrics, compares the conditions with the player's last
    assessment of the same protocol and, where a condition matches the normative data, places the player
    among healthy adults."""

    conditions: tuple[str, ...]
    protocol: Mapping[str, Any]
    trials: tuple[AssessmentTrial, ...]


@dataclasses.dataclass(frozen=True)
class StabilityLimits:
    """A limits-of-stability measurement the level accepted: how far (mm) the player moved their balance
    point from neutral in each direction, per-direction details, and the body weight (kg) the board measured.
    The game stores it as the player's reach (and weight), to which every level scales its targets."""

    forward_mm: float
    back_mm: float
    left_mm: float
    right_mm: float
    directions: tuple[Mapping[str, Any], ...] = ()
    weight_kg: float | None = None


RECORDS = (Assessment, StabilityLimits)


@dataclasses.dataclass
class LevelResult:
    """What `Level.result()` returns. Every number finite; `details` holds JSON data (numbers, booleans,
    None, identifiers, lists and tables of them) for storage and export."""

    score: int  # 0..1000
    stars: int  # 0..3
    details: dict
    windows: list[Window] = dataclasses.field(default_factory=list)
    messages: list[Message] = dataclasses.field(default_factory=list)
    parts: list[Part] = dataclasses.field(default_factory=list)
    records: list[Assessment | StabilityLimits] = dataclasses.field(default_factory=list)


class ResultError(ValueError):
    """A level's result that cannot be stored; the message is one line naming the level."""


def validate(level_id: str, result: object, templates: Mapping[str, Any]) -> LevelResult:
    """`result` checked whole, with its messages and parts as Message and Part and their arguments as plain
    dicts; `templates` is the level's message catalogue (key -> template). Raises ResultError (one line,
    naming the level and what is wrong) on the first fault; nothing is changed then."""
    from poise.game.level import messages

    def fail(what: str):
        raise ResultError(f"level {level_id} returned a result Poise cannot store: {what}")

    if not isinstance(result, LevelResult):
        fail(f"{type(result).__name__} instead of a LevelResult")
    _whole(fail, "score", result.score, MAX_SCORE)
    _whole(fail, "stars", result.stars, MAX_STARS)
    _data(fail, "details", result.details)
    if not isinstance(result.details, dict):
        fail("details must be a table (dict)")
    windows = []
    for w in _listed(fail, "windows", result.windows):
        if not isinstance(w, Window) or not isinstance(w.label, str) or not w.label:
            fail(f"windows: {w!r} is not a Window with a label")
        for name in ("start", "end"):
            _number(fail, f"window {w.label!r} {name}", getattr(w, name))
        if w.end < w.start:
            fail(f"window {w.label!r} ends ({w.end}) before it starts ({w.start})")
        windows.append(Window(w.label, float(w.start), float(w.end)))
    said = []
    for m in _listed(fail, "messages", result.messages):
        if not isinstance(m, tuple) or len(m) not in (1, 2):
            fail(f"messages: {m!r} is not a Message (key, args)")
        said.append(_message(fail, templates, Message(*m), messages))
    parts = []
    for p in _listed(fail, "parts", result.parts):
        if not isinstance(p, tuple) or len(p) not in (2, 3):
            fail(f"parts: {p!r} is not a Part (key, value, args)")
        p = Part(*p)
        _number(fail, f"part {p.key!r}", p.value, 0.0, 1.0)
        m = _message(fail, templates, Message(p.key, p.args), messages)
        parts.append(Part(m.key, float(p.value), m.args))
    records = []
    for r in _listed(fail, "records", result.records):
        if not isinstance(r, RECORDS):
            fail(f"records: {type(r).__name__} is not one of {', '.join(t.__name__ for t in RECORDS)}")
        records.append(_record(fail, templates, r, messages))
    return LevelResult(int(result.score), int(result.stars), result.details, windows, said, parts, records)


def _listed(fail, name: str, value) -> list:
    if not isinstance(value, (list, tuple)):
        fail(f"{name} must be a list, not {type(value).__name__}")
    return list(value)


def _whole(fail, name: str, value, top: int) -> None:
    integral = isinstance(value, int) or (isinstance(value, float) and math.isfinite(value) and value.is_integer())
    if isinstance(value, bool) or not integral or not 0 <= value <= top:
        fail(f"{name} {value!r} is not a whole number from 0 to {top}")


def _number(fail, name: str, value, lo: float | None = None, hi: float | None = None) -> None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or (lo is not None and value < lo) or (hi is not None and value > hi):
        span = f" from {lo:g} to {hi:g}" if lo is not None and hi is not None else ""
        fail(f"{name} {value!r} is not a finite number{span}")


def _data(fail, where: str, value) -> None:
    """JSON data: finite numbers, booleans, None, short strings, lists and tables with string keys."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, (int, float)):
        _number(fail, where, value)
    elif isinstance(value, str):
        if len(value) > MAX_TEXT:
            fail(f"{where} is text of {len(value)} characters: results hold data, not sentences (a Message)")
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            _data(fail, f"{where}[{i}]", v)
    elif isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                fail(f"{where} has a key {k!r} that is not a string")
            _data(fail, f"{where}.{k}", v)
    else:
        fail(f"{where} is a {type(value).__name__}, not JSON data")


def _message(fail, templates, m: Message, messages) -> Message:
    if not isinstance(m.key, str) or m.key not in templates:
        fail(f"unknown message key {m.key!r} (not in the level's message catalogue)")
    args = dict(m.args or {})
    for name, v in args.items():
        if not isinstance(name, str) or not (v is None or isinstance(v, (bool, int, float, str))):
            fail(f"message {m.key!r}: argument {name!r} is not a number or an identifier")
        _data(fail, f"message {m.key!r} argument {name!r}", v)
    problem = messages.check(templates[m.key], args)
    if problem:
        fail(f"message {m.key!r}: {problem}")
    return Message(m.key, args)


def _record(fail, templates, r, messages):
    if isinstance(r, StabilityLimits):
        for name in ("forward_mm", "back_mm", "left_mm", "right_mm"):
            _number(fail, f"limits {name}", getattr(r, name), 0.0, 1000.0)
        if r.weight_kg is not None:
            _number(fail, "limits weight_kg", r.weight_kg, 1.0, 500.0)
        _data(fail, "limits directions", list(r.directions))
        return dataclasses.replace(r, directions=tuple(dict(d) for d in r.directions))
    _data(fail, "assessment protocol", dict(r.protocol))
    if not r.conditions or not all(isinstance(c, str) and c for c in r.conditions):
        fail("an assessment names no conditions")
    trials = []
    for t in r.trials:
        if not isinstance(t, AssessmentTrial):
            fail(f"assessment trials: {t!r} is not an AssessmentTrial")
        _data(fail, "assessment trial", [t.condition, t.number, t.label])
        for name in ("start", "end"):
            _number(fail, f"trial {t.label!r} {name}", getattr(t, name))
        note = _message(fail, templates, Message(*t.note), messages) if t.note is not None else None
        trials.append(dataclasses.replace(t, valid=bool(t.valid), note=note))
    return dataclasses.replace(r, conditions=tuple(r.conditions), protocol=dict(r.protocol), trials=tuple(trials))


def as_data(result: LevelResult) -> dict:
    """The result's stored form (JSON data): messages as [key, args], parts as [key, value, args], records as
    tables with a "kind" (assessment, limits)."""
    return {"score": result.score, "stars": result.stars, "details": result.details,
            "messages": [[m.key, dict(m.args or {})] for m in result.messages],
            "parts": [[p.key, p.value, dict(p.args or {})] for p in result.parts],
            "records": [record_data(r) for r in result.records]}


def record_data(record) -> dict:
    data = dataclasses.asdict(record)
    if isinstance(record, Assessment):
        data["trials"] = [dict(t, note=None if t["note"] is None else [t["note"][0], t["note"][1]])
                          for t in data["trials"]]
        return {"kind": "assessment", **data}
    return {"kind": "limits", **data}


def record_from_data(data: Mapping[str, Any]):
    """A record back from its stored form (`record_data`); KeyError or TypeError when it is not one."""
    data = dict(data)
    kind = data.pop("kind")
    if kind == "limits":
        return StabilityLimits(**{k: data[k] for k in ("forward_mm", "back_mm", "left_mm", "right_mm")},
                               directions=tuple(data.get("directions") or ()), weight_kg=data.get("weight_kg"))
    if kind != "assessment":
        raise KeyError(f"record kind {kind!r}")
    trials = tuple(AssessmentTrial(**(t | {"note": Message(*t["note"]) if t.get("note") else None}))
                   for t in data["trials"])
    return Assessment(tuple(data["conditions"]), data["protocol"], trials)
