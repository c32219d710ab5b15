"""A clinician's prescription: a player's daily programme set from a small TOML file
(`poise programme set NAME FILE`), in place of the stages Poise plans by itself (poise.game.clinic.programme).

    # Ana's programme, set by her physiotherapist
    sessions_per_week = 4
    note = "after the right ankle sprain"
    weekly_check = true       # the weekly balance check joins a session when it is due

    [progression]
    every_weeks = 2           # progress after this many good weeks (at least half the sessions done)
    step_up = true            # each activity one difficulty step harder (up to the level's last)
    add_seconds = 5.0         # and holds this much longer
    step_back = true          # a bad week (under one star on average) steps back instead

    [[activity]]
    level = "single-leg-hold"
    seconds = 40.0            # play time: 20 s on each leg
    step = 1                  # 1 is the easiest; leave it out for the player's own step
    legs = ["right"]

    [[activity]]
    level = "squat"

    [[activity]]
    level = "single-leg-hold"
    eyes_closed = true        # the level's eyes-closed variant
    seconds = 20.0
    from_week = 4             # from the fourth week (until_week ends it)

Without a [progression] table the programme stays as written. The file is validated like a level file
(game/level/levelfile.py): an unknown key, a wrong type, a value out of range, an unknown level, or legs or
eyes closed on a level that has none name the file, the line, the key and a close match, and nothing is
stored.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from pathlib import Path

from poise.game.level.levelfile import LevelFileError, build_params, line_of, parse_toml, read_text
from poise.game.clinic.programme import GOALS, History, LevelInfo, review_weeks
from poise.i18n import _, format_number, ngettext

GOOD_ADHERENCE = 0.5  # a good week for a prescription: at least half the sessions done ...
BAD_STARS = 1.0  # ... and a bad week: under one star on average over at least three attempts
BAD_MIN_ATTEMPTS = 3
SIDES = ("left", "right")
ROLE_OF = {"ankle-circles": "warm-up", "marching": "warm-up", "rhythm-shift": "weight shift",
           "weight-shift-reach": "weight shift", "slalom": "weight shift", "table-tilt": "weight shift",
           "tracking": "weight shift", "single-leg-hold": "single leg", "single-leg-hold-eyes-closed": "single leg",
           "tracking-single-leg": "single leg", "split-stance": "single leg", "outward-roll": "single leg",
           "squat": "strength", "heel-raises": "strength", "toe-raises": "strength", "balance-check": "check",
           "limits-of-stability": "set-up"}


@dataclasses.dataclass(frozen=True)
class PrescribedActivity:
    level: str
    step: int = 0  # 1 = the easiest; 0 (left out): the player's own step
    seconds: float = 0.0  # play time; 0 (left out): the level's own
    legs: tuple[str, ...] = ()  # () (left out): the level's own
    eyes_closed: bool = False
    sets: int = 1
    from_week: int = 1
    until_week: int = 0  # 0 (left out): no end

    def __post_init__(self):
        if any(leg not in SIDES for leg in self.legs):
            raise ValueError(_("legs: name 'left' and/or 'right'"))
        if self.sets > 5:
            raise ValueError(_("sets can be at most 5"))
        if self.until_week and self.until_week < self.from_week:
            raise ValueError(_("until_week is before from_week"))


@dataclasses.dataclass(frozen=True)
class Progression:
    every_weeks: int = 1
    step_up: bool = False
    add_seconds: float = 0.0
    step_back: bool = True


@dataclasses.dataclass(frozen=True)
class Settings:
    """The top-level keys of a prescription file."""

    sessions_per_week: int
    note: str = ""
    weekly_check: bool = True

    def __post_init__(self):
        if self.sessions_per_week > 7:
            raise ValueError(_("sessions_per_week can be at most 7"))
        if len(self.note) > 500:
            raise ValueError(_("note can be at most 500 characters"))


@dataclasses.dataclass(frozen=True)
class Prescription:
    sessions_per_week: int
    activities: tuple[PrescribedActivity, ...]
    progression: Progression | None = None
    note: str = ""
    weekly_check: bool = True
    source: str = ""

    def as_dict(self) -> dict:
        return {"sessions_per_week": self.sessions_per_week, "note": self.note, "weekly_check": self.weekly_check,
                "source": self.source,
                "progression": dataclasses.asdict(self.progression) if self.progression else None,
                "activities": [dataclasses.asdict(a) | {"legs": list(a.legs)} for a in self.activities]}

    # --- the planner's side (poise.game.clinic.programme.plan_day) ---
    def level_for(self, past: History, day: dt.date) -> int:
        """How many times the programme has progressed by `day` (0: as written), replayed week by week."""
        p = self.progression
        if p is None:
            return 0
        level = good = 0
        for r in review_weeks(past, day, self.sessions_per_week):
            if r.start + dt.timedelta(days=7) > day:
                break
            if p.step_back and r.mean_stars is not None and r.attempts >= BAD_MIN_ATTEMPTS and r.mean_stars < BAD_STARS:
                level, good = max(0, level - 1), 0
            elif r.adherence >= GOOD_ADHERENCE:
                good += 1
                if good >= p.every_weeks:
                    level, good = level + 1, 0
        return level

    def build(self, builder, level: int, week: int) -> None:
        """Fill the day's session (a programme._Builder) with the prescribed activities of programme week `week`."""
        p = self.progression or Progression()
        builder.ability() if self.weekly_check else (builder.limits_due() and builder.ability())
        for a in self.activities:
            if week < a.from_week or (a.until_week and week > a.until_week):
                continue
            level_id = eyes_closed_level(a.level, builder.levels) if a.eyes_closed else a.level
            step = None
            if a.step:
                step = a.step - 1 + (level if p.step_up else 0)
            seconds = a.seconds + level * p.add_seconds if a.seconds else None
            note = _("prescribed")
            if level and (p.step_up or p.add_seconds):
                note = ngettext("prescribed, progressed {n} time", "prescribed, progressed {n} times", level).format(
                    n=level)
            for _set in range(a.sets):
                builder.add(level_id, ROLE_OF.get(a.level, "exercise"), seconds=seconds, legs=a.legs or None,
                            step=step, note=note)
        if level and self.progression:
            builder.notes.append(ngettext("Your programme has progressed {n} time so far.",
                                          "Your programme has progressed {n} times so far.", level).format(n=level))


def eyes_closed_level(level: str, levels: dict[str, LevelInfo]) -> str:
    variant = f"{level}-eyes-closed"
    return variant if variant in levels else level


def loads(text: str, name: str, levels: dict[str, LevelInfo] | None = None) -> Prescription:
    """A prescription from TOML text; with `levels` (the catalogue's levels) every activity's level is checked."""
    data = parse_toml(text, name)
    extra = [k for k, v in data.items() if isinstance(v, dict) and k != "progression"]
    extra += [k for k, v in data.items() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)
              and k != "activity"]
    if extra:
        raise LevelFileError(_("{name}:{line}: unknown table [{extra}] (a prescription has [progression] and "
                               "[[activity]] tables)").format(
            name=name, line=_table_line(text, extra[0]), extra=extra[0]))
    top = {k: v for k, v in data.items() if k not in ("progression", "activity")}
    settings = build_params(name, Settings, top, _top_only(text), table="")
    progression = None
    if "progression" in data:
        if not isinstance(data["progression"], dict):
            raise LevelFileError(_("{name}:{line}: 'progression' must be a table [progression]").format(
                name=name, line=line_of(text, 'progression')))
        progression = build_params(name, Progression, data["progression"], text, table="progression")
    raw = data.get("activity")
    if not raw:
        raise LevelFileError(_("{name}:1: no activity: list at least one [[activity]] with its level").format(
            name=name))
    if not isinstance(raw, list) or not all(isinstance(x, dict) for x in raw):
        raise LevelFileError(_("{name}:{line}: 'activity' must be [[activity]] tables").format(
            name=name, line=line_of(text, 'activity')))
    activities = []
    for i, entry in enumerate(raw):
        block = _block(text, i)
        act = build_params(name, PrescribedActivity, entry, block, table="activity")
        if levels is not None:
            _check_level(name, block, act, levels)
        activities.append(act)
    return Prescription(settings.sessions_per_week, tuple(activities), progression, settings.note,
                        settings.weekly_check, Path(name).name)


def load(path: Path, levels: dict[str, LevelInfo] | None = None) -> Prescription:
    return loads(read_text(path), str(path), levels)


def from_stored(row) -> Prescription:
    """The programme a stored row holds; DamagedRow when its document is not one (damaged or edited by hand)."""
    import json

    from poise.game.storage.store import DamagedRow
    try:
        return from_dict(json.loads(row["programme_json"]))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DamagedRow(_("programmes row {player_id}: the stored programme cannot be read ({exc!r})").format(
            player_id=row['player_id'], exc=exc)) from None


def from_dict(data: dict) -> Prescription:
    acts = tuple(PrescribedActivity(**(a | {"legs": tuple(a.get("legs") or ())})) for a in data["activities"])
    prog = Progression(**data["progression"]) if data.get("progression") else None
    return Prescription(data["sessions_per_week"], acts, prog, data.get("note", ""), data.get("weekly_check", True),
                        data.get("source", ""))


def describe(p: Prescription) -> str:
    """The prescription in a line, in the reader's language (level ids and the clinician's note as written)."""
    acts = ", ".join(a.level + (" " + _("(eyes closed)") if a.eyes_closed else "") + (f" x{a.sets}" if a.sets > 1 else "")
                     for a in p.activities)
    prog = p.progression
    if prog is None:
        how = _("stays as written")
    else:
        how = ngettext("progresses every {n} good week", "progresses every {n} good weeks", prog.every_weeks).format(
            n=prog.every_weeks)
        if prog.step_up:
            how = _("{how} by a step").format(how=how)
        if prog.add_seconds:
            how = _("{how}, +{s} s").format(how=how, s=format_number(prog.add_seconds, 0 if float(
                prog.add_seconds).is_integer() else 1))
        if not prog.step_back:
            how = _("{how}, never steps back").format(how=how)
    out = ngettext("{n} session a week: {activities}; {how}", "{n} sessions a week: {activities}; {how}",
                   p.sessions_per_week).format(n=p.sessions_per_week, activities=acts, how=how)
    if p.weekly_check:
        out = _("{text}; weekly check when due").format(text=out)
    return _("{text}; note: {note}").format(text=out, note=p.note) if p.note else out


# --- where things are in the file ---------------------------------------------------------------------
_HEADER = re.compile(r"\s*\[")
_ACTIVITY = re.compile(r"\s*\[\[\s*activity\s*\]\]")


def _table_line(text: str, table: str) -> int:
    for i, line in enumerate(text.splitlines()):
        if re.match(rf"\s*\[+\s*{re.escape(table)}\s*\]", line):
            return i + 1
    return 1


def _top_only(text: str) -> str:
    """The file with every table blanked out (line numbers kept): the top-level keys only."""
    out, inside = [], False
    for line in text.splitlines():
        inside = inside or bool(_HEADER.match(line))
        out.append("" if inside else line)
    return "\n".join(out)


def _block(text: str, n: int) -> str:
    """The n-th [[activity]] table alone (its header written [activity]), the other lines blanked: build_params
    then names this table's lines."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if _ACTIVITY.match(line)]
    if n >= len(starts):
        return text
    a = starts[n]
    b = next((i for i in range(a + 1, len(lines)) if _HEADER.match(lines[i])), len(lines))
    return "\n".join("[activity]" if i == a else (lines[i] if a < i < b else "") for i in range(len(lines)))


def _check_level(name: str, block: str, act: PrescribedActivity, levels: dict[str, LevelInfo]) -> None:
    where = f"{name}:{line_of(block, 'level', 'activity')}"
    if act.level not in levels:
        hint = difflib.get_close_matches(act.level, levels, n=1)
        also = f"; did you mean {hint[0]!r}?" if hint else f"; levels: {', '.join(levels)}"
        raise LevelFileError(_("{where}: unknown level {level!r}{also}").format(
            where=where, level=act.level, also=also))
    info = levels[act.level]
    if act.step and act.step > info.steps:
        raise LevelFileError(_("{name}:{line}: key 'activity.step' is {step} but {level} has steps 1 to {steps}").format(
            name=name, line=line_of(block, 'step', 'activity'), step=act.step, level=act.level, steps=info.steps))
    if act.legs and not info.has_legs:
        raise LevelFileError(_("{name}:{line}: {level} is not played on one leg at a time: leave 'legs' out").format(
            name=name, line=line_of(block, 'legs', 'activity'), level=act.level))
    if act.eyes_closed and eyes_closed_level(act.level, levels) == act.level:
        raise LevelFileError(_("{name}:{line}: {level} has no eyes-closed variant").format(
            name=name, line=line_of(block, 'eyes_closed', 'activity'), level=act.level))
    if act.level in ("balance-check", "limits-of-stability", "standard-balance-test"):
        raise LevelFileError(_("{where}: {level} is a test, not a training activity (the weekly check joins by "
                               "itself: weekly_check = true)").format(where=where, level=act.level))


__all__ = ["Prescription", "PrescribedActivity", "Progression", "load", "loads", "from_dict", "describe", "GOALS"]
