"""Drawing for the rhythm shift (pygame): a little theatre where a lantern swings on its rope and
throws a pool of light you keep your dot in; each turn of the swing pulses. Reads the level only."""
from __future__ import annotations

import math

import pygame

from poise.api import _, Balance, format_number, Frame, fx, ui

from . import scenery, view
from .rhythm_shift import RhythmShift


def board_view(level: RhythmShift, frame: Frame) -> view.BoardView:
    r = level.reach
    swing = level.params.amplitude[level.step] * max(r.left, r.right, r.forward, r.back) + level.params.band_mm[level.step]
    return view.BoardView(frame.play.inflate(-80, -80), 1.25 * swing, 1.25 * swing)  # zoomed to the swing


def arena(level: RhythmShift, frame: Frame):
    return board_view(level, frame).arena(level.neutral)


def draw_static(level: RhythmShift, surface, frame: Frame) -> None:
    view.static_panels(surface, frame)
    area = view.scene_area(frame)
    surface.blit(scenery.stage(area.size), area.topleft)


def draw(level: RhythmShift, surface, frame: Frame, latest: Balance) -> None:
    r = level.reach
    band = level.params.band_mm[level.step]
    amp = level.params.amplitude[level.step]
    v = board_view(level, frame)
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
    pygame.draw.line(surface, (90, 60, 50), a, b, 6)  # the wire the light runs along
    for end in (a, b):
        pygame.draw.circle(surface, (150, 110, 70), end, 10)
    rect.center = pos
    on = not math.isnan(latest.fx) and abs(((latest.fx - n[0]) if level.axis == "ml" else (latest.fy - n[1])) - c) <= band
    col = ui.colour("good" if on else "gold")
    pool = pygame.Surface(rect.size, pygame.SRCALPHA)  # the pool of light
    pygame.draw.rect(pool, (*col, 90), pool.get_rect(), border_radius=18)
    surface.blit(pool, rect)
    pygame.draw.rect(surface, col, rect, 3, border_radius=18)
    if level.axis == "ml":  # the lantern on its rope from a pivot above the middle
        pivot = (v.rect.centerx, frame.play.top + 30)
        lamp = (pos[0], rect.top - 36)
        pygame.draw.line(surface, (200, 180, 140), pivot, lamp, 2)
    else:
        lamp = (rect.left - 40, pos[1])
    fx.glow(surface, lamp, 60, "gold")
    pygame.draw.rect(surface, (70, 50, 30), (lamp[0] - 12, lamp[1] - 20, 24, 8), border_radius=3)
    pygame.draw.ellipse(surface, (255, 220, 130), (lamp[0] - 14, lamp[1] - 14, 28, 30))
    pygame.draw.ellipse(surface, (255, 250, 220), (lamp[0] - 6, lamp[1] - 6, 12, 14))
    freq = level.frequency()
    since_beat = ((level.phase * 2) % 1.0) / (2 * freq) if freq > 0 else 9.0
    fx.ring(surface, pos, since_beat, "gold", start=24, grow=90, life=0.35, width=4)
    tempo = level.frequency() * 60
    on_beat = sum(level.inside.values()) / max(1e-9, sum(level.played.values()))
    view.side_panel(surface, frame, [(_("Tempo"), f"{tempo:.0f} /min"), (_("On the beat"), f"{format_number(100 * on_beat)} %"),
                                     (_("Step"), f"{level.step + 1} / {level.steps}")], level.progress, level.accent, _("Rhythm"))
    view.instruction(surface, frame, _("Sway side to side with the light") if level.axis == "ml"
                     else _("Now sway forward and back with the light"))


def marker(level: RhythmShift, surface, frame: Frame, latest: Balance) -> pygame.Rect | None:
    """The balance point: a glowing dot."""
    return view.cop_cursor(surface, board_view(level, frame), latest, level.neutral or (0.0, 0.0), glow=24)
