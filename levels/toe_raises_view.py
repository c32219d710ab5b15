"""Drawing for toe raises (pygame): the track toward the heels with the tempo guide, and the feet. Reads the
level only."""
from __future__ import annotations

import pygame

from poise.api import _, Balance, Frame, ui

from . import guided_view as gv
from . import view
from .toe_raises import ToeRaises



def track(frame: Frame) -> pygame.Rect:
    """The tempo track, placed in the play area."""
    play = frame.play
    return gv.track_rect(True, (play.centerx - 180, play.centery))


def arena(level: ToeRaises, frame: Frame):
    return gv.arena(level, track(frame), True, True, level.params.drift_tolerance_mm[level.step])


def draw_static(level: ToeRaises, surface, frame: Frame) -> None:
    view.static_panels(surface, frame)
    gv.draw_track(surface, track(frame), True, True, _("flat"), _("on your heels"))


def draw(level: ToeRaises, surface, frame: Frame, latest: Balance) -> None:
    gv.draw_guide(level, surface, track(frame), True, True)
    feet = (frame.play.centerx + 170, frame.play.centery - 10)
    up = level.guide() > 0.5
    for side, dx in (("left", -55), ("right", 55)):
        ui.foot(surface, (feet[0] + dx, feet[1]), 60, side, "idle" if up else "down")
        if up:  # the toes are off the board: only the heels press
            heel = pygame.Rect(0, 0, 50, 44)
            heel.center = (feet[0] + dx, feet[1] + 95)
            pygame.draw.ellipse(surface, ui.colour(level.accent), heel)
    # under the feet, clear of the track's labels on the left: a longer translation wraps onto more lines
    words = _("toes up, on your heels") if up else _("feet flat")
    width = 2 * (feet[0] - (frame.play.centerx + 60))
    y = feet[1] + 145
    for line in (line for lines in ui.wrap_lines(words, width, 30) for line in lines):
        ui.fit_text(surface, line, width, (feet[0], y), 30, "muted", anchor="center")
        y += 36
    view.side_panel(surface, frame, gv.side_rows(level, []), level.progress, level.accent, _("Toe raises"),
                    pip_move=("toe_raise", level.guide()))
    view.instruction(surface, frame, _("Get ready: stand tall, weight even") if level.preparing
                     else _("Toes up with the guide, then lower them slowly"))


def marker(level: ToeRaises, surface, frame: Frame, latest: Balance) -> pygame.Rect | None:
    return gv.marker_on_track(level, surface, latest, track(frame), True, True, level.params.drift_tolerance_mm[level.step])
