"""Drawing for the rhythm shift (pygame): the swing's track, the light with its band, the cursor. Reads the
level only."""
from __future__ import annotations

import math

import pygame

from poise.game import ui
from poise.game.core.pipeline import Balance

from . import view
from .rhythm_shift import RhythmShift


def board_view(level: RhythmShift) -> view.BoardView:
    r = level.reach
    swing = level.params.amplitude[level.step] * max(r.left, r.right, r.forward, r.back) + level.params.band_mm[level.step]
    return view.BoardView(view.MAIN.inflate(-80, -80), 1.25 * swing, 1.25 * swing)  # zoomed to the swing


def arena(level: RhythmShift):
    return board_view(level).arena(level.neutral)


def draw_static(level: RhythmShift, surface) -> None:
    view.static_panels(surface)


def draw(level: RhythmShift, surface, latest: Balance) -> None:
    r = level.reach
    band = level.params.band_mm[level.step]
    amp = level.params.amplitude[level.step]
    v = board_view(level)
    n = level.neutral or (0.0, 0.0)
    c = level.cue()
    across = 220
    if level.axis == "ml":
        a, b = v.px(-amp * r.left, 0), v.px(amp * r.right, 0)
        pos = v.px(c, 0)
        rect = pygame.Rect(0, 0, 2 * v.mm(band), across)
    else:
        a, b = v.px(0, -amp * r.back), v.px(0, amp * r.forward)
        pos = v.px(0, c)
        rect = pygame.Rect(0, 0, across, 2 * v.mm(band))
    pygame.draw.line(surface, ui.colour("panel_edge"), a, b, 10)
    for end in (a, b):
        pygame.draw.circle(surface, ui.colour("panel_edge"), end, 14)
    rect.center = pos
    on = not math.isnan(latest.fx) and abs(((latest.fx - n[0]) if level.axis == "ml" else (latest.fy - n[1])) - c) <= band
    layer = pygame.Surface(rect.size, pygame.SRCALPHA)
    pygame.draw.rect(layer, (*ui.colour("good" if on else "gold"), 110), layer.get_rect(), border_radius=16)
    surface.blit(layer, rect)
    pygame.draw.rect(surface, ui.colour("good" if on else "gold"), rect, 3, border_radius=16)
    view.cop_cursor(surface, v, latest, n)
    tempo = level.frequency() * 60
    on_beat = sum(level.inside.values()) / max(1e-9, sum(level.played.values()))
    view.side_panel(surface, [("Tempo", f"{tempo:.0f} /min"), ("On the beat", f"{on_beat:.0%}"),
                              ("Step", f"{level.step + 1} / {level.steps}")], level.progress, level.accent, "Rhythm")
    view.instruction(surface, "Sway side to side with the light" if level.axis == "ml"
                     else "Now sway forward and back with the light")
