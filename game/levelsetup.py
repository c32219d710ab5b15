"""Build a level for a player: their adaptive difficulty step and their reach."""
from __future__ import annotations

import levels
from levels.common import Reach, next_step

from .storage import StorageError


MIN_REACH_MM = 25.0  # a measured limit below this is treated as this: targets must stay reachable


def player_reach(storage, player: str | None) -> Reach:
    """The player's measured limits of stability, else a conservative default from their height."""
    if storage is None or not player:
        return Reach.from_height(None)
    row = storage.player(player)
    if row is None:
        return Reach.from_height(None)
    limits = storage.limits(row["id"])
    if limits is not None:
        return Reach(*(max(MIN_REACH_MM, limits[f"{d}_mm"]) for d in ("forward", "back", "left", "right")),
                     measured=True)
    return Reach.from_height(row["height_cm"])


def player_height(storage, player: str | None) -> float | None:
    row = storage.player(player) if storage is not None and player else None
    return row["height_cm"] if row is not None else None


def player_step(storage, player: str | None, level_id: str) -> int:
    if storage is None or not player:
        return 0
    spec = levels.spec(level_id)
    try:
        history = storage.level_history(storage.player_id(player), level_id)
    except StorageError:
        return 0
    return next_step(history, spec.params.steps)


def prepare(ctx, level_id: str, seconds: float | None = None, step: int | None = None) -> levels.Level:
    s = player_step(ctx.storage, ctx.player, level_id) if step is None else step
    level = levels.create(level_id, seconds, s, player_reach(ctx.storage, ctx.player))
    if hasattr(level, "set_height"):
        level.set_height(player_height(ctx.storage, ctx.player))
    return level
