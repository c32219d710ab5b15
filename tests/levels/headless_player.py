"""A synthetic player for driving a level's logic directly, without the app, a board or pygame.

It feeds the level one Balance per fixed step: the COP eases toward the level's own autopilot goal
(with a little sway), on the stance the level asks for, a human reaction time (0.25 s) after it was asked.
"""
from __future__ import annotations

import math
from collections import deque

from poise.game.core.pipeline import Balance
from poise.game.core.presence import Presence
from poise.game.core.stance import Stance

STANCES = {"both": Stance.BOTH, "left": Stance.LEFT, "right": Stance.RIGHT}
REACTION_S = 0.25


def play(level, limit_s: float, dt: float = 1 / 60, until=None) -> float:
    """Run fixed steps until the level finishes, `until(level)` is true or `limit_s` simulated seconds pass;
    returns the time played.

    Reads every other hook the game reads on the way (sonify, progress, showcase, ...).
    """
    t, x, y = 0.0, 0.0, 0.0
    asked: deque = deque()
    while not level.finished and t < limit_s and not (until and until(level)):
        asked.append(level.autopilot_goal())
        if len(asked) > round(REACTION_S / dt):
            asked.popleft()
        stance, goal = asked[0]  # what the level asked a reaction time ago
        gx, gy = goal or (0.0, 0.0)
        x += (gx - x) * min(1.0, 8.0 * dt)
        y += (gy - y) * min(1.0, 8.0 * dt)
        sx, sy = x + 1.5 * math.sin(2.1 * t), y + 1.5 * math.cos(1.7 * t)
        t += dt
        level.fixed_update(t, dt, Balance(t, 70.0, sx, sy, sx, sy, Presence.ON_BOARD, 0, STANCES[stance or "both"]))
        level.sonify(), level.progress, level.showcase, level.needs_player, level.eyes_closed_now()
        level.events.clear()
    return t
