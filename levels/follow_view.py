"""Drawing for follow my lead (pygame): the shape (for the leader), the lead dot and its trail (for the
follower), and the player's own dot. Reads the level only."""
from __future__ import annotations

import math

import pygame

from poise.api import _, N_, Balance, format_number, Frame, ui

READY = N_("ready")  # the shape row before the first shape

from . import view
from .follow import Follow, shape_point

SPAN = 0.8  # of the reach: what the view shows from the middle to each edge (the shapes reach at most 0.58)


def board_view(level: Follow, frame: Frame) -> view.BoardView:
    r = level.reach
    return view.BoardView(frame.play.inflate(-60, -60), SPAN * max(r.left, r.right), SPAN * max(r.forward, r.back))


def _mm(level: Follow, share: tuple[float, float]) -> tuple[float, float]:
    """A point given as shares of the reach, in board mm from where the player stood."""
    r = level.reach
    x, y = share
    return x * (r.right if x >= 0 else r.left), y * (r.forward if y >= 0 else r.back)


def arena(level: Follow, frame: Frame):
    return board_view(level, frame).arena(level.neutral)


def draw_static(level: Follow, surface, frame: Frame) -> None:
    view.static_panels(surface, frame)


def draw(level: Follow, surface, frame: Frame, latest: Balance) -> None:
    v = board_view(level, frame)
    shape, _at = level.shape_at(level.t)
    if level.leads or level.seat.role != "follow":  # the shape itself, faint: what the leader traces
        steps = [shape_point(shape or level.params.shapes[0], i / 60, level.size) for i in range(61)]
        pygame.draw.lines(surface, ui.colour("panel_edge"), False, [v.px(*_mm(level, p)) for p in steps],
                          max(3, frame.thin(2)))
    if level.leads:
        target = level.target()
        if target is not None:
            ui.glow_circle(surface, ui.colour("accent_light"), v.px(*_mm(level, target)), 16)
    else:
        trail = level.lead_trail()
        for i, p in enumerate(trail):
            pygame.draw.circle(surface, ui.colour("accent"), v.px(*_mm(level, p)), 3 + round(6 * i / max(1, len(trail))))
        target = level.target()
        if target is not None:
            ui.glow_circle(surface, ui.colour("warn"), v.px(*_mm(level, target)), 18)
    rows = [(_("In step") if not level.leads else _("On the shape"), f"{format_number(100 * level.in_step())} %"),
            (_("Shape"), _((shape or "ready").replace("-", " ")))]
    view.side_panel(surface, frame, rows, level.progress, level.accent, level.spec.text("title"))
    if level.leads:
        text = _("Lead: trace the shape with your dot") if shape else _("Stand still: you lead in a moment")
    else:
        text = _("Follow the orange dot") if level.target() is not None else _("Wait for the lead")
    view.instruction(surface, frame, text)


def marker(level: Follow, surface, frame: Frame, latest: Balance) -> pygame.Rect | None:
    origin = level.neutral or ((latest.fx, latest.fy) if not math.isnan(latest.fx) else (0.0, 0.0))
    return view.cop_cursor(surface, board_view(level, frame), latest, origin)
