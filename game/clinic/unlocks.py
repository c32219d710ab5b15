"""Levels opened by play: a reason to come back that is honest about what it asks.

A newcomer starts with the measurements, one hold and one game of each kind; the others open by playing
(`RULES`: so many plays of a level, two stars at one, a step reached, so many days trained). What is open is
worked out from the player's stored attempts every time, never kept as a counter of its own, so it cannot
drift from what they did, and an attempt stored later (an import, another computer's history) counts too.

Nothing a person is asked to do is ever locked: a measurement (the limits of stability, the weekly balance
check, the standard test), a level their clinician prescribed, and a level they have played already are always
open, and so is a level today's programme plans (the programme introduces levels in its own order; once played
it stays open). A level of another package (no rule here) is open.

Steps within a level move by game/level/levelsetup.next_step (up after two runs in a row with two stars or
more at the step); `step_hint` says how near the next one is.
"""
from __future__ import annotations

import dataclasses

from poise.i18n import _, ngettext


@dataclasses.dataclass(frozen=True)
class Rule:
    """What opens a level: `plays` attempts at `level`, or its best `stars`, or its `step` (1-based) reached, or
    `days` days trained (any activity)."""

    level: str = ""
    plays: int = 0
    stars: int = 0
    step: int = 0
    days: int = 0


RULES = {
    "table-tilt": Rule("slalom", plays=3),
    "heading": Rule("slalom", stars=2),
    "rhythm-shift": Rule("weight-shift-reach", plays=2),
    "tracking": Rule("weight-shift-reach", plays=3),
    "tracking-single-leg": Rule("tracking", stars=2),
    "single-leg-hold-eyes-closed": Rule("single-leg-hold", step=2),
    "bubble-river": Rule(days=2),
    "toe-raises": Rule("heel-raises", plays=2),
    "squat": Rule("heel-raises", stars=2),
    "ankle-circles": Rule(days=2),
    "outward-roll": Rule(days=3),
}


@dataclasses.dataclass(frozen=True)
class Played:
    """What the rules read from a player's stored attempts."""

    plays: dict[str, int]  # attempts per level
    stars: dict[str, int]  # best stars per level
    steps: dict[str, int]  # the step (0-based) each level is at now (next_step)
    days: int  # days with any attempt


@dataclasses.dataclass(frozen=True)
class Lock:
    """A level still closed: its rule and how far the player has come toward it (`have` of `need`)."""

    rule: Rule
    have: int
    need: int

    def words(self, titles: dict[str, str]) -> str:
        """What opens it, short enough for a level card, with how far the player has come: 'Play Slalom 3 times ·
        1/3'."""
        r, name = self.rule, titles.get(self.rule.level, self.rule.level)
        if r.plays:
            text = ngettext("Play {level} once", "Play {level} {n} times", r.plays)
        elif r.stars:
            text = ngettext("{n} star at {level}", "{n} stars at {level}", r.stars)
        elif r.step:
            text = _("Reach step {n} of {level}")
        else:
            text = ngettext("Train on {n} day", "Train on {n} different days", r.days)
        # TRANSLATORS: what opens a locked level, then how far the player has come, e.g. "Play Slalom 3 times · 1/3"
        return _("{rule} · {have}/{need}").format(rule=text.format(level=name, n=r.plays or r.stars or r.step or r.days),
                                                 have=self.have, need=self.need)


def lock(level_id: str, played: Played, always_open: set[str] = frozenset()) -> Lock | None:
    """The lock still on `level_id` for a player who `played` so, or None when it is open (no rule, a rule met,
    in `always_open`, or played already)."""
    rule = RULES.get(level_id)
    if rule is None or level_id in always_open or played.plays.get(level_id, 0) > 0:
        return None
    if rule.plays:
        have, need = played.plays.get(rule.level, 0), rule.plays
    elif rule.stars:
        have, need = played.stars.get(rule.level, 0), rule.stars
    elif rule.step:
        have, need = played.steps.get(rule.level, 0) + 1, rule.step
    else:
        have, need = played.days, rule.days
    return None if have >= need else Lock(rule, have, need)


def titles(levels) -> dict[str, str]:
    """Every level's title by id (what `Lock.words` names levels by)."""
    return {lid: spec.text("title") for lid, spec in levels.all_specs().items()}


def played_by(storage, player_id: int, levels, before_attempt: int | None = None) -> Played:
    """What `player_id` has played (only attempts with ids below `before_attempt`, when given): from the stored
    attempts (one query)."""
    from poise.game.clinic.calendar import local_day
    from poise.game.level.levelsetup import next_step

    plays: dict[str, int] = {}
    stars: dict[str, int] = {}
    history: dict[str, list[tuple[int, int]]] = {}
    days = set()
    for row in storage.attempt_history(player_id):
        if before_attempt is not None and row["id"] >= before_attempt:
            continue
        level = row["level"]
        plays[level] = plays.get(level, 0) + 1
        stars[level] = max(stars.get(level, 0), int(row["stars"] or 0))
        history.setdefault(level, []).append((int(row["step"] or 0), int(row["stars"] or 0)))
        days.add(local_day(row["started_at"]))
    specs = levels.all_specs()
    steps = {lid: next_step(h, specs[lid].params.steps) for lid, h in history.items() if lid in specs}
    return Played(plays, stars, steps, len(days))


def always_open(storage, player_id: int, levels) -> set[str]:
    """The measurements and what the player's clinician prescribed: never locked."""
    from poise.game.clinic.today import prescription

    out = {lid for lid, spec in levels.all_specs().items() if spec.kind == "assessment"}
    prescribed = prescription(storage, player_id)
    if prescribed is not None:
        out |= {a.level for a in prescribed.activities}
    return out


def locks(storage, player_id: int, levels, before_attempt: int | None = None,
          planned: frozenset[str] = frozenset()) -> dict[str, Lock]:
    """Every level still locked for the player, by id (levels not in it are open); `planned`: the levels of the
    player's session today, open too (the programme introduces a level when it plans it)."""
    played = played_by(storage, player_id, levels, before_attempt)
    keep = always_open(storage, player_id, levels) | set(planned)
    found = {lid: lock(lid, played, keep) for lid in levels.all_specs()}
    return {lid: lk for lid, lk in found.items() if lk is not None}


def locked_for(storage, player: str | None, levels) -> set[str]:
    """The ids of the levels locked for `player` by name (none without a player or storage, or when it cannot be
    read: a lock never stands in the way of play because of a storage fault)."""
    from poise.game.storage.store import StorageError

    if storage is None or not player:
        return set()
    try:
        pid = storage.player_id(player)
        return set(locks(storage, pid, levels)) if pid is not None else set()
    except StorageError:
        return set()


def nearest(storage, player_id: int, levels) -> tuple[str, Lock] | None:
    """The locked level the player is nearest to opening (the largest share of its rule done; menu order breaks
    ties), or None when everything is open."""
    found = locks(storage, player_id, levels)
    if not found:
        return None
    return max(found.items(), key=lambda item: item[1].have / item[1].need)


def opened_by(storage, player_id: int, levels, attempt_id: int) -> list[str]:
    """The levels attempt `attempt_id` opened (locked before it, open with it), in menu order."""
    before = locks(storage, player_id, levels, before_attempt=attempt_id)
    after = locks(storage, player_id, levels, before_attempt=attempt_id + 1)
    return [lid for lid in before if lid not in after]


def step_hint(history: list[tuple[int, int]], steps: int) -> str | None:
    """How near the next step of a level is, from (step, stars) of past attempts, oldest first: 'One more run
    with 2 stars or more opens step 3'; None at the last step."""
    from poise.game.level.levelsetup import next_step

    step = next_step(history, steps)
    if step >= steps - 1:
        return None
    streak = 0
    for played, stars in reversed(history):
        if played != step or stars < 2:
            break
        streak += 1
    left = max(1, 2 - streak)
    return ngettext("One more run with 2 stars or more opens step {step}",
                    "{n} runs in a row with 2 stars or more open step {step}", left).format(n=left, step=step + 2)


def news(storage, player: str | None, levels, level_id: str, attempt_id: int | None) -> list[tuple[str, str]]:
    """What one stored attempt at `level_id` opened and how near the level's next step is, as (kind, words) for the
    results screen: ("level", 'New level open: Table tilt'), ("step", 'One more run with 2 stars or more opens step
    3'). Empty when nothing was stored; a storage error says nothing (the result itself was shown already)."""
    from poise.game.storage.store import StorageError

    if storage is None or not player or attempt_id is None:
        return []
    try:
        pid = storage.player_id(player)
        names = titles(levels)
        out = [("level", _("New level open: {title}").format(title=names[lid]))
               for lid in opened_by(storage, pid, levels, attempt_id)]
        if level_id in names and levels.spec(level_id).kind != "assessment":
            hint = step_hint(storage.level_history(pid, level_id), levels.spec(level_id).params.steps)
            out += [("step", hint)] if hint else []
    except StorageError:
        return []
    return out
