"""Build a level for a player: their adaptive difficulty step and their reach."""
from __future__ import annotations

from poise.game.level.contract import Level
from poise.game.clinic.calendar import local_day
from poise.game.level.reach import Reach, implausible
from poise.i18n import _, format_date, format_number, ngettext
from poise.game.storage.store import StorageError


MIN_REACH_MM = 25.0  # a measured limit below this is treated as this: targets must stay reachable


def player_limits(storage, player: str | None):
    """The stored limits-of-stability row in force for the player: the newest one a person of their height
    can have (poise.game.level.reach.implausible; a bad result stored by an older version is passed over), or None."""
    if storage is None or not player:
        return None
    row = storage.player(player)
    if row is None:
        return None
    for limits in reversed(storage.limits_history(row["id"])):
        values = {d: limits[f"{d}_mm"] for d in ("forward", "back", "left", "right")}
        if not implausible(values, row["height_cm"]):
            return limits
    return None


def player_reach(storage, player: str | None) -> Reach:
    """The player's measured limits of stability, else a conservative default from their height."""
    limits = player_limits(storage, player)
    if limits is not None:
        return Reach(*(max(MIN_REACH_MM, limits[f"{d}_mm"]) for d in ("forward", "back", "left", "right")),
                     measured=True)
    return Reach.from_height(player_height(storage, player))


def player_height(storage, player: str | None) -> float | None:
    row = storage.player(player) if storage is not None and player else None
    return row["height_cm"] if row is not None else None


def player_weight(storage, player: str | None) -> float | None:
    row = storage.player(player) if storage is not None and player else None
    return row["weight_kg"] if row is not None else None


def limits_in_use(storage, player: str | None) -> str:
    """One line for the player screen: the limits levels scale to, and since when."""
    limits = player_limits(storage, player)
    if limits is None:
        r = player_reach(storage, player)
        return _("Limits of stability not measured yet: levels use a cautious default (forward {forward}, back {back}, "
                 "sides {sides} mm)").format(forward=format_number(r.forward), back=format_number(r.back),
                                             sides=format_number(r.left))
    return _("Limits of stability in use, measured {date}: forward {forward}, back {back}, left {left}, right {right} mm"
             ).format(date=format_date(local_day(limits["created_at"])), forward=format_number(limits["forward_mm"]),
                      back=format_number(limits["back_mm"]), left=format_number(limits["left_mm"]),
                      right=format_number(limits["right_mm"]))


def player_step(storage, player: str | None, level_id: str, steps: int) -> int:
    if storage is None or not player:
        return 0
    try:
        history = storage.level_history(storage.player_id(player), level_id)
    except StorageError:
        return 0
    return next_step(history, steps)


def prepare(ctx, level_id: str, seconds: float | None = None, step: int | None = None,
            player: str | None = None, feed=None) -> Level:
    """The level `level_id` from `ctx.levels`, at the player's step (or `step`), scaled to their reach;
    `player`: another player than ctx.player (a second seat's, a turn's), and `feed` their seat's board feed
    (a stand-in board takes their weight)."""
    player = player or ctx.player
    steps = ctx.levels.spec(level_id).params.steps
    s = player_step(ctx.storage, player, level_id, steps) if step is None else step
    level = ctx.levels.create(level_id, seconds, s, player_reach(ctx.storage, player))
    spec = player_protocol_spec(ctx.storage, player, level.spec)
    if spec is not None:  # the weekly check under the protocol the player's clinician set
        level = type(level)(spec, seconds, s, level.reach)
    level.set_height(player_height(ctx.storage, player))
    weight = player_weight(ctx.storage, player)
    level.set_weight(weight)
    take_body(ctx, weight, feed)
    return level


def take_body(ctx, weight_kg: float | None, feed=None) -> None:
    """A board standing in for a person (the simulated one, keys, a controller) takes the player's weight, so
    what it weighs agrees with their profile; a weight it cannot take is left as it was. `feed`: the seat's
    board feed (default: the first seat's)."""
    feed = feed or getattr(ctx, "feed", None)  # (a context without a board: nothing stands in)
    if feed is None:
        return
    try:
        feed.board.take_body(weight_kg)
    except ValueError:
        pass


def match_step(ctx, level_id: str, players: list[str | None]) -> int:
    """The difficulty step players meet at in a match: the lowest of their own steps, so both play the same
    course while their targets stay scaled to each one's own reach (the handicap)."""
    steps = ctx.levels.spec(level_id).params.steps
    return min(player_step(ctx.storage, p, level_id, steps) for p in players)


def player_protocol_spec(storage, player: str | None, spec):
    """The weekly check's spec with the player's protocol applied (poise.game.clinic.protocol), or None."""
    from poise.game.clinic.protocol import LEVEL, from_stored
    from poise.game.storage.store import DamagedRow

    if spec.id != LEVEL or storage is None or not player:
        return None
    row = storage.player(player)
    stored = storage.protocol(row["id"]) if row is not None else None
    if stored is None:
        return None
    import dataclasses

    try:
        protocol = from_stored(stored)
    except DamagedRow as exc:  # the standard check rather than none at all; db check names the row
        storage.note_damaged(str(exc))
        return None
    played = protocol.played
    seconds = lambda s: format_number(s, 0 if float(s).is_integer() else 1)  # noqa: E731
    words = (ngettext("This check follows the protocol your clinician set: {conditions}; {n} trial of {s} seconds "
                      "each, with {rest} seconds before each trial and a countdown.",
                      "This check follows the protocol your clinician set: {conditions}; {n} trials of {s} seconds "
                      "each, with {rest} seconds before each trial and a countdown.", protocol.trials).format(
                 conditions=", ".join(_(c.replace("-", " ")) for c in played), n=protocol.trials,
                 s=seconds(protocol.trial_s), rest=seconds(protocol.rest_s))
             + (" " + _("Lay the foam pad on the board when the screen asks for it.")
                if any("foam" in c for c in played) else "")
             + "\n" + _("Stand next to a wall or chair. If you put a foot down or step off, that trial is marked and "
                        "done once more."))
    return dataclasses.replace(spec, params=dataclasses.replace(spec.params, **protocol.overrides()),
                               instructions=words, source=f"protocol:{stored['source']}")


def next_step(history: list[tuple[int, int]], steps: int, start: int = 0) -> int:
    """Adaptive difficulty from (step, stars) of past attempts, oldest first.

    Up one step after two attempts in a row at the current step with 2+ stars;
    down one after two in a row with no star. Otherwise stay.
    """
    step = start
    streak_good = streak_bad = 0
    for played, stars in history:
        if played != step:
            step, streak_good, streak_bad = played, 0, 0
        streak_good = streak_good + 1 if stars >= 2 else 0
        streak_bad = streak_bad + 1 if stars == 0 else 0
        if streak_good >= 2 and step < steps - 1:
            step, streak_good = step + 1, 0
        elif streak_bad >= 2 and step > 0:
            step, streak_bad = step - 1, 0
    return min(max(step, 0), steps - 1)


def plays_on_two_seats(levels, level_id: str) -> bool:
    """Whether a level is played on two seats at once (its mechanic declares `versus`; never a measurement)."""
    level = levels.create(level_id)
    return type(level).versus is not None and not type(level).assessment and levels.spec(level_id).kind != "assessment"


def prepare_match(ctx, level_id: str, seconds: float | None = None, step: int | None = None) -> list[Level]:
    """One level per seat of ctx.seats, each scaled to its own player's reach, all at one step (match_step)."""
    s = match_step(ctx, level_id, [seat.player for seat in ctx.seats]) if step is None else step
    return [prepare(ctx, level_id, seconds, s, player=seat.player, feed=seat.feed) for seat in ctx.seats]
