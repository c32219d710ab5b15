"""Drawing for the single-leg hold (pygame): the zone, zoomed in on the standing foot, and the side panel.

Reads the level, never changes it.
"""
from __future__ import annotations

import math

import pygame

from poise.api import _, Balance, format_number, Frame, ngettext, ui

from . import view
from .common import stand_on
from .single_leg_hold import SingleLegHold

SCALE = 6.0  # px per mm: the zone view is zoomed in on the standing foot (less if the largest zone would not fit)
SIDE_WIDTH = 360  # a wider side panel than most: both feet, the hold's clock and each leg's time in the zone


def scale(level: SingleLegHold, zone: pygame.Rect) -> float:
    """px per mm: zoomed in, but never so far that the largest zone leaves the `zone` view."""
    largest = max(level.params.zone_radius_mm) * level.zone_factor
    return min(SCALE, (min(zone.width, zone.height) / 2 - 24) / largest)


def arena(level: SingleLegHold, frame: Frame):
    """The view, centred where the dot is measured from (the standing foot's balance point)."""
    from poise.api import Arena
    zone = frame.panels(SIDE_WIDTH).play
    k = scale(level, zone)
    return Arena((zone.x, zone.y, zone.w, zone.h), zone.center, level.centre or (0.0, 0.0), (k, k, k, k))


def instruction(level: SingleLegHold) -> str:
    phase = level.phase
    if level.finished:
        return _("Well done!")
    if phase.kind == "rest":
        return _("Both feet down and relax")
    if level.waiting:
        return level.watch.advice()
    other = "right" if phase.leg == "left" else "left"
    if phase.kind == "prepare":
        return stand_on(phase.leg)
    return (_("Left leg: keep the dot inside the circle") if phase.leg == "left"
            else _("Right leg: keep the dot inside the circle"))


def draw_static(level: SingleLegHold, surface: pygame.Surface, frame: Frame) -> None:
    from . import scenery

    zone, side, _caption = frame.panels(SIDE_WIDTH)
    ui.panel(surface, zone, alpha=170)
    area = zone.inflate(-16, -16)
    surface.blit(scenery.zen(area.size, (zone.centerx - area.left, zone.centery - area.top)), area.topleft)
    k = scale(level, zone)
    for r_mm in (10, 20, 30, 40):  # faint scale rings
        if r_mm * k < min(zone.width, zone.height) / 2 - 4:
            pygame.draw.circle(surface, ui.colour("panel_edge"), zone.center, int(r_mm * k), width=frame.thin())
    ui.panel(surface, side, alpha=200)


def draw(level: SingleLegHold, surface: pygame.Surface, frame: Frame, latest: Balance) -> None:
    zone, side, caption = frame.panels(SIDE_WIDTH)
    centre = zone.center
    k = scale(level, zone)
    phase = level.phase
    if phase.kind == "hold":
        col = ui.colour("zone_in" if level.inside else "zone_out")
        ui.glow_circle(surface, col, centre, level.radius() * k)
    elif phase.kind == "prepare":
        ui.glow_circle(surface, ui.colour("muted"), centre, level.params.zone_radius_mm[0] * level.zone_factor * k,
                       width=2)
        left = math.ceil(phase.seconds - level.phase_t)
        if left <= 3:
            ui.text(surface, str(left), centre, 220, "text", anchor="center", bold=True, alpha=200)
    words, size = ui.fitted(instruction(level), caption.width - 16, 38, bold=True, smallest=26)
    ui.text(surface, words, caption.center, size, "warn" if level.waiting else "text", anchor="center", bold=True)
    _draw_side(level, surface, side, latest)
    if level.params.eyes_closed and phase.kind == "hold":  # dark all over: nothing to see, only to hear
        dark = frame.rect
        ui.shade(surface, 255, dark, rgb=(0, 0, 0))
        if level.waiting:
            lines = ((instruction(level), 56, "warn"), (_("the clock waits until you stand on one leg again"), 30, "muted"))
        else:
            lines = ((_("Eyes closed — listen"), 56, "muted"),
                     (_("higher tone: you lean forward · left or right ear: your side"), 30, "muted"))
        for (words, size, col), dy in zip(lines, (-30, 30)):
            words, size = ui.fitted(words, dark.width - 80, size, bold=size > 40)
            ui.text(surface, words, (dark.centerx, dark.centery + dy), size, col, anchor="center", bold=size > 40)


def _draw_side(level: SingleLegHold, surface: pygame.Surface, side: pygame.Rect, latest: Balance) -> None:
    phase = level.phase
    asked = "both" if phase.kind == "rest" or phase.leg is None else phase.leg
    xs = (side.left + 120, side.right - 120)
    view.feet(surface, ((xs[0], side.top + 110), (xs[1], side.top + 110)), 52, asked,
              latest.stance.value if latest.on_board else None)  # what the board sees, not only what is asked
    for leg, x in zip(("left", "right"), xs):
        ui.text(surface, _(leg).upper(), (x, side.top + 200), 26, "muted", anchor="center")
    if phase.kind == "hold":
        left = max(0.0, phase.seconds - level.phase_t)
        ui.ring_timer(surface, (side.centerx, side.top + 320), 80, left / phase.seconds, f"{math.ceil(left)}",
                      "warn" if level.waiting else "accent")
        if level.waiting:
            ui.text(surface, _("clock stopped"), (side.centerx, side.top + 410), 24, "warn", anchor="center")
    else:
        label = _("rest") if phase.kind == "rest" else _("get ready")
        ui.ring_timer(surface, (side.centerx, side.top + 320), 80, 0.0, "", col="muted")
        ui.text(surface, label, (side.centerx, side.top + 320), 36, "muted", anchor="center")
    y = side.top + 430
    for leg, s in level.legs.items():
        asked_s = sum(p.seconds for p in level.phases if p.kind == "hold" and p.leg == leg)
        frac = s.in_zone_s / asked_s if asked_s else 0.0  # the bar and the number: seconds in the zone of the hold
        downs = level.watch.touchdowns.get(leg, 0)
        shown = ui.text(surface, f"{format_number(s.in_zone_s, 1)} / {format_number(asked_s)} s", (side.right - 30, y),
                        26, "text", anchor="topright")
        words = _("Left in zone") if leg == "left" else _("Right in zone")
        if downs:
            words += " · " + ngettext("{n} touch-down", "{n} touch-downs", downs).format(n=downs)
        ui.fit_text(surface, words, shown.left - side.left - 40, (side.left + 30, y), 26, "muted")
        ui.bar(surface, pygame.Rect(side.left + 30, y + 26, side.width - 60, 14), frac)
        y += 56


def marker(level: SingleLegHold, surface: pygame.Surface, frame: Frame, latest: Balance) -> pygame.Rect | None:
    """The balance point around the standing foot's point; nothing while resting or with the eyes closed."""
    phase = level.phase
    if math.isnan(latest.fx) or phase.kind == "rest" or (level.params.eyes_closed and phase.kind == "hold"):
        return None
    zone = frame.panels(SIDE_WIDTH).play
    k = scale(level, zone)
    cx, cy = level.centre or (latest.fx, latest.fy)
    px = zone.centerx + (latest.fx - cx) * k
    py = zone.centery - (latest.fy - cy) * k
    px = min(max(px, zone.left + 12), zone.right - 12)
    py = min(max(py, zone.top + 12), zone.bottom - 12)
    return view.cursor(surface, (round(px), round(py)))
