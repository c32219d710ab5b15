"""Drawing for ankle circles (pygame): a garden pond seen from above; a goldfish swims the circle to
trace, and each part of the circle you cover blooms a water lily. Reads the level only."""
from __future__ import annotations

import math

import pygame

from poise.api import _, N_, Balance, format_number, Frame, ui

DIRECTIONS = (N_("clockwise"), N_("anticlockwise"))  # the side panel shows the way round in words

from . import scenery, view
from .ankle_circles import SECTORS, AnkleCircles


def board_view(level: AnkleCircles, frame: Frame) -> view.BoardView:
    r, f = level.reach, level.params.radius_fraction[level.step]
    return view.BoardView(frame.play.inflate(-60, -60), 1.75 * f * max(r.left, r.right),
                          1.75 * f * max(r.forward, r.back))


def arena(level: AnkleCircles, frame: Frame):
    return board_view(level, frame).arena(level.neutral)


def draw_static(level: AnkleCircles, surface, frame: Frame) -> None:
    view.static_panels(surface, frame)
    v = board_view(level, frame)
    area = view.scene_area(frame)
    f = level.params.radius_fraction[level.step]
    radius = max(v.px(*level.reach.point(math.radians(a), f))[0] - v.centre[0] for a in (0,))
    centre = (v.centre[0] - area.left, v.centre[1] - area.top)
    surface.blit(scenery.pond(area.size, centre, round(radius * 1.25)), area.topleft)
    ring = [v.px(*level.reach.point(math.radians(a), f)) for a in range(0, 360, 3)]
    pygame.draw.lines(surface, (90, 140, 170), True, ring, 14)
    for a in range(0, 360, 360 // SECTORS):  # lily pads round the circle
        p = v.px(*level.reach.point(math.radians(a + 180 / SECTORS), f))
        pygame.draw.circle(surface, (64, 128, 70), p, 13)
        pygame.draw.polygon(surface, (90, 140, 170), [p, (p[0] + 13, p[1] - 4), (p[0] + 13, p[1] + 4)])


def _fish(surface, pos: tuple[float, float], heading: float, t: float) -> None:
    x, y = pos
    c, s = math.cos(heading), math.sin(heading)
    wag = 0.5 * math.sin(t * 10)
    body = [(x + c * 16, y - s * 16), (x - s * 7, y - c * 7), (x - c * 12, y + s * 12), (x + s * 7, y + c * 7)]
    tail_a = heading + math.pi + wag
    tip = (x - c * 12, y + s * 12)
    tail = [tip, (tip[0] + math.cos(tail_a + 0.5) * 12, tip[1] - math.sin(tail_a + 0.5) * 12),
            (tip[0] + math.cos(tail_a - 0.5) * 12, tip[1] - math.sin(tail_a - 0.5) * 12)]
    pygame.draw.polygon(surface, (250, 130, 40), tail)
    pygame.draw.polygon(surface, (255, 150, 50), body)
    pygame.draw.circle(surface, (30, 30, 30), (round(x + c * 9 - s * 3), round(y - s * 9 - c * 3)), 2)


def draw(level: AnkleCircles, surface, frame: Frame, latest: Balance) -> None:
    v = board_view(level, frame)
    n = level.neutral or (0.0, 0.0)
    f = level.params.radius_fraction[level.step]
    for direction, col in (("clockwise", (250, 140, 190)), ("anticlockwise", (250, 240, 240))):
        for s in level.sectors[direction]:
            a = (s + 0.5) * 2 * math.pi / SECTORS
            p = v.px(*level.reach.point(a, f * (1.12 if direction == "anticlockwise" else 0.88)))
            for k in range(6):  # a water lily: petals round a gold heart
                pa = k * math.pi / 3 + a
                pygame.draw.ellipse(surface, col, (p[0] + 6 * math.cos(pa) - 5, p[1] + 6 * math.sin(pa) - 5, 10, 10))
            pygame.draw.circle(surface, (250, 210, 60), p, 4)
    gx, gy = level.guide()
    gp = v.px(gx - n[0], gy - n[1])
    ui.glow_circle(surface, ui.colour(level.accent), gp, v.mm(level.params.tolerance_mm[level.step]), width=3)
    ang = level.guide_angle()
    heading = ang - math.pi / 2 if level.direction == "clockwise" else ang + math.pi / 2
    _fish(surface, gp, heading, level.t)
    view.side_panel(surface, frame, [(_("Direction"), _(level.direction)),
                                     (_("On the guide"), f"{format_number(100 * level.near_t / max(level.t, 1e-9))} %"),
                                     (_("Step"), f"{level.step + 1} / {level.steps}")], level.progress, level.accent, _("Ankle circles"),
                    pip_move=("circle", ang / (2 * math.pi) * (1 if level.direction == "anticlockwise" else -1)))
    view.instruction(surface, frame, _("Follow the goldfish round the pond, clockwise") if level.direction == "clockwise"
                     else _("Follow the goldfish round the pond, anticlockwise"))


def marker(level: AnkleCircles, surface, frame: Frame, latest: Balance) -> pygame.Rect | None:
    """The balance point: a glowing dot."""
    return view.cop_cursor(surface, board_view(level, frame), latest, level.neutral or (0.0, 0.0), glow=22)
