"""Late latching: each level draws its balance point (a cursor, the skier, the bubble, the table's tilt) in a
separate `marker`, which the app draws after one more poll of the board, over the rest of the frame, and hands
over only the areas it reports. So whatever a marker draws must lie inside those areas, and it must follow the
balance point it is given."""
import math

import numpy as np
import pygame
import pytest

from headless_player import play
from poise.testing import catalogue
from poise.game.core.pipeline import Balance
from poise.game.core.presence import Presence
from poise.game.media.frame import Frame

levels = catalogue()

FRAME = Frame.of((1280, 720)).below(64)  # a level's frame: the canvas under the title bar
NO_BALANCE_POINT = {"balance-check", "standard-balance-test"}  # they show the trial and its timer, not where you are


def at(x: float, y: float) -> Balance:
    return Balance(30.0, 70.0, x, y, x, y, Presence.ON_BOARD)


def changed(before: pygame.Surface, after: pygame.Surface) -> np.ndarray:
    return np.any(pygame.surfarray.array3d(before) != pygame.surfarray.array3d(after), axis=2)  # (w, h)


def inside(mask: np.ndarray, areas: list[pygame.Rect]) -> np.ndarray:
    covered = np.zeros_like(mask)
    for a in areas:
        covered[a.left:a.right, a.top:a.bottom] = True
    return mask & ~covered


@pytest.mark.parametrize("level_id", sorted(levels.all_specs()))
def test_a_level_draws_its_balance_point_last_inside_the_areas_it_reports(level_id):
    pygame.init()
    level = levels.create(level_id, seconds=12.0)
    if level_id in NO_BALANCE_POINT:
        assert not level.has_marker
        return
    assert level.has_marker
    surface = pygame.Surface((1280, 720))

    def goal(lv) -> tuple[float, float]:
        return lv.autopilot_goal()[1] or (0.0, 0.0)

    steps = iter(range(10 ** 6))

    def follows(lv) -> bool:  # some phases show no balance point, or not yet (resting, weighing you)
        if next(steps) % 30:  # looked at twice a second of play
            return False
        gx, gy = goal(lv)  # (where it draws is enough here; what it draws is looked at below)
        return lv.draw_marker(scratch, FRAME, at(gx - 12, gy - 8)) != lv.draw_marker(scratch, FRAME, at(gx + 12, gy + 8))

    scratch = surface.copy()
    play(level, limit_s=60.0, until=follows)
    assert not level.finished, "the level never showed the balance point"
    gx, gy = goal(level)
    level.draw_static(surface, FRAME)
    level.draw(surface, FRAME, at(gx, gy))
    world = surface.copy()
    drawn = []
    for dx, dy in ((-12.0, -8.0), (12.0, 8.0)):
        shown = world.copy()
        areas = level.draw_marker(shown, FRAME, at(gx + dx, gy + dy))
        mask = changed(world, shown)
        assert mask.any(), "the marker drew nothing"
        stray = inside(mask, areas)
        assert not stray.any(), f"drawn outside the reported areas {areas}: {np.argwhere(stray)[:5].tolist()}"
        drawn.append(mask)
    assert not np.array_equal(drawn[0], drawn[1]), "the marker does not follow the balance point"


@pytest.mark.parametrize("level_id", ["slalom", "tracking"])
def test_nobody_on_the_board_draws_no_stray_marker(level_id):
    pygame.init()
    level = levels.create(level_id, seconds=12.0)
    play(level, limit_s=4.0)
    surface = pygame.Surface((1280, 720))
    level.draw_static(surface, FRAME)
    nobody = Balance(30.0, 0.0, math.nan, math.nan, math.nan, math.nan, Presence.EMPTY)
    level.draw(surface, FRAME, nobody)
    world = surface.copy()
    areas = level.draw_marker(surface, FRAME, nobody)
    assert not inside(changed(world, surface), areas).any()
