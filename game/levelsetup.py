"""Build a level for a player: their adaptive difficulty step and their reach."""
from __future__ import annotations

import levels
from levels.common import Reach, next_step

from .storage import StorageError


def player_reach(storage, player: str | None) -> Reach:
    """The player's limits of stability, or a conservative default from their height."""
    if storage is None or not player:
        return Reach.from_height(None)
    row = storage.player(player)
    return Reach.from_height(row["height_cm"] if row is not None else None)


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
    return levels.create(level_id, seconds, s, player_reach(ctx.storage, ctx.player))
