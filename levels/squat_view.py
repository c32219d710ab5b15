"""Drawing for the squat (pygame): the depth track with the tempo guide, and the load on each leg. Reads the
level only."""
from __future__ import annotations

import math

import pygame

from poise.api import _, Balance, Frame, ui

from . import guided_view as gv
from . import view
from .squat import Squat, right_share, share_words

SIDE_MM = 30.0  # drift shown off the track: this many mm per 40 px


def track(frame: Frame) -> pygame.Rect:
    """The tempo track, placed in the play area."""
    play = frame.play
    return gv.track_rect(True, (play.left + 170, play.centery))


def arena(level: Squat, frame: Frame):
    return gv.arena(level, track(frame), True, True, SIDE_MM)


def draw_static(level: Squat, surface, frame: Frame) -> None:
    view.static_panels(surface, frame)
    gv.draw_track(surface, track(frame), True, True, _("standing"), _("down"))
    ui.text(surface, _("weight on each leg"), (frame.play.centerx + 130, frame.play.top + 40), 28, "muted", anchor="center")


def draw(level: Squat, surface, frame: Frame, latest: Balance) -> None:
    gv.draw_guide(level, surface, track(frame), True, True)
    # the load split: a balance beam with the two feet, and each leg's share
    cx, cy = _beam_centre(frame)
    share = right_share(latest.x) if not math.isnan(latest.x) else None
    for side, dx in (("left", -120), ("right", 120)):
        ui.foot(surface, (cx + dx, cy - 40), 58, side, "down" if share is not None else "idle")
        if share is not None:
            pct = share if side == "right" else 1 - share
            ui.text(surface, f"{round(100 * pct)} %", (cx + dx, cy + 100), 54, "text", anchor="center", bold=True)
    beam = _beam(frame)
    pygame.draw.rect(surface, ui.colour("panel_edge"), beam, border_radius=8)
    pygame.draw.line(surface, ui.colour("muted"), (cx, beam.top - 12), (cx, beam.bottom + 12), 3)
    rep = level.live_share()
    right = f"{round(100 * rep)} %" if rep is not None else "—"
    view.side_panel(surface, frame, gv.side_rows(level, [(_("Right leg"), right)]),
                    level.progress, level.accent, _("Squat"), pip_move=("squat", level.guide()))
    if level.preparing:
        text = _("Get ready: feet on the marks, weight even")
    elif share is not None and abs(share - 0.5) >= 0.06:
        words = share_words(share)
        text = _("{share}: even it out").format(share=words[:1].upper() + words[1:])
    else:
        text = _("Sit back and down with the guide, then stand up slowly")
    view.instruction(surface, frame, text)


def _beam_centre(frame: Frame) -> tuple[int, int]:
    """The middle of the load-split display (it follows the play area's width)."""
    return frame.play.centerx + 130, frame.play.centery + 10


def _beam(frame: Frame) -> pygame.Rect:
    cx, cy = _beam_centre(frame)
    beam = pygame.Rect(0, 0, 360, 16)
    beam.center = (cx, cy + 160)
    return beam


def marker(level: Squat, surface, frame: Frame, latest: Balance) -> list[pygame.Rect | None] | None:
    """The dot on the track, and the mark on the beam showing the load split (two areas, far apart)."""
    area = gv.marker_on_track(level, surface, latest, track(frame), True, True, SIDE_MM)
    if math.isnan(latest.x):
        return area
    share = right_share(latest.x)
    beam = _beam(frame)
    off = (share - 0.5) / 0.25 * beam.width / 2
    mark = (round(beam.centerx + max(-beam.width / 2, min(beam.width / 2, off))), beam.centery)
    even = abs(share - 0.5) < 0.05
    return [area, pygame.draw.circle(surface, ui.colour("good" if even else "warn"), mark, 14)]
