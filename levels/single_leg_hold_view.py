"""Drawing for the single-leg hold (pygame): the zone, zoomed in on the standing foot, and the side panel.

Reads the level, never changes it.
"""
from __future__ import annotations

import math

import pygame

from poise.game import ui
from poise.game.core.pipeline import Balance

from . import view
from .single_leg_hold import SingleLegHold

VIEW = pygame.Rect(40, 88, 800, 560)
SIDE = pygame.Rect(880, 88, 360, 560)
SCALE = 6.0  # px per mm: the zone view is zoomed in on the standing foot


def instruction(level: SingleLegHold) -> str:
    phase = level.phase
    if level.finished:
        return "Well done!"
    if phase.kind == "rest":
        return "Both feet down and relax"
    if level.waiting:
        return level.watch.advice()
    other = "right" if phase.leg == "left" else "left"
    if phase.kind == "prepare":
        return f"Lift your {other} foot: stand on your {phase.leg.upper()} leg"
    return f"{phase.leg.capitalize()} leg: keep the dot inside the circle"


def draw_static(level: SingleLegHold, surface: pygame.Surface) -> None:
    ui.panel(surface, VIEW, alpha=170)
    for r_mm in (10, 20, 30, 40):  # faint scale rings
        pygame.draw.circle(surface, ui.colour("panel_edge"), VIEW.center, int(r_mm * SCALE), width=1)
    ui.panel(surface, SIDE, alpha=200)


def draw(level: SingleLegHold, surface: pygame.Surface, latest: Balance) -> None:
    view = VIEW
    centre = view.center
    scale = SCALE
    cx, cy = level.centre or (latest.fx if not math.isnan(latest.fx) else 0.0,
                              latest.fy if not math.isnan(latest.fy) else 0.0)
    phase = level.phase
    if phase.kind == "hold":
        col = ui.colour("zone_in" if level.inside else "zone_out")
        ui.glow_circle(surface, col, centre, level.radius() * scale)
    elif phase.kind == "prepare":
        ui.glow_circle(surface, ui.colour("muted"), centre, level.params.zone_radius_mm[0] * scale, width=2)
        left = math.ceil(phase.seconds - level.phase_t)
        if left <= 3:
            ui.text(surface, str(left), centre, 220, "text", anchor="center", bold=True, alpha=200)
    if not math.isnan(latest.fx) and phase.kind != "rest":
        px = centre[0] + (latest.fx - cx) * scale
        py = centre[1] - (latest.fy - cy) * scale
        px = min(max(px, view.left + 12), view.right - 12)
        py = min(max(py, view.top + 12), view.bottom - 12)
        pygame.draw.circle(surface, ui.colour("ink"), (round(px), round(py)), 15)
        pygame.draw.circle(surface, ui.colour("cursor"), (round(px), round(py)), 12)
    ui.text(surface, instruction(level), (view.centerx, view.bottom + 36), 38, "warn" if level.waiting else "text",
            anchor="center", bold=True)
    _draw_side(level, surface, latest)
    if level.params.eyes_closed and phase.kind == "hold" and level.waiting:
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 225))
        surface.blit(shade, (0, 0))
        ui.text(surface, instruction(level), (ui.WIDTH / 2, ui.HEIGHT / 2 - 30), 56, "warn", anchor="center",
                bold=True)
        ui.text(surface, "the clock waits until you stand on one leg again", (ui.WIDTH / 2, ui.HEIGHT / 2 + 30), 30,
                "muted", anchor="center")
    elif level.params.eyes_closed and phase.kind == "hold":
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 225))
        surface.blit(shade, (0, 0))
        ui.text(surface, "Eyes closed — listen", (ui.WIDTH / 2, ui.HEIGHT / 2 - 30), 56, "muted",
                anchor="center", bold=True)
        ui.text(surface, "higher tone: you lean forward · left or right ear: your side", (ui.WIDTH / 2,
                ui.HEIGHT / 2 + 30), 30, "muted", anchor="center")


def _draw_side(level: SingleLegHold, surface: pygame.Surface, latest: Balance) -> None:
    side = SIDE
    phase = level.phase
    asked = "both" if phase.kind == "rest" or phase.leg is None else phase.leg
    xs = (side.left + 120, side.right - 120)
    view.feet(surface, ((xs[0], side.top + 110), (xs[1], side.top + 110)), 52, asked,
              latest.stance.value if latest.on_board else None)  # what the board sees, not only what is asked
    for leg, x in zip(("left", "right"), xs):
        ui.text(surface, leg.upper(), (x, side.top + 200), 26, "muted", anchor="center")
    if phase.kind == "hold":
        left = max(0.0, phase.seconds - level.phase_t)
        ui.ring_timer(surface, (side.centerx, side.top + 320), 80, left / phase.seconds, f"{math.ceil(left)}",
                      "warn" if level.waiting else "accent")
        if level.waiting:
            ui.text(surface, "clock stopped", (side.centerx, side.top + 410), 24, "warn", anchor="center")
    else:
        label = "rest" if phase.kind == "rest" else "get ready"
        ui.ring_timer(surface, (side.centerx, side.top + 320), 80, 0.0, "", col="muted")
        ui.text(surface, label, (side.centerx, side.top + 320), 36, "muted", anchor="center")
    y = side.top + 430
    for leg, s in level.legs.items():
        frac = s.in_zone_s / s.held_s if s.held_s else 0.0
        downs = level.watch.touchdowns.get(leg, 0)
        ui.text(surface, f"{leg.capitalize()} in zone" + (f" · {downs} touch-down{'s' if downs != 1 else ''}"
                                                         if downs else ""), (side.left + 30, y), 26, "muted")
        ui.text(surface, f"{s.in_zone_s:4.1f} s", (side.right - 30, y), 26, "text", anchor="topright")
        ui.bar(surface, pygame.Rect(side.left + 30, y + 26, side.width - 60, 14), frac)
        y += 56
