"""Drawing for the balance check (pygame): what to do, the countdown, the trial timer. Reads the level only."""
from __future__ import annotations

import math

import pygame

from poise.api import _, Balance, Frame, ui

from . import view
from .balance_check import CONDITIONS, BalanceCheck


def draw_static(level: BalanceCheck, surface, frame: Frame) -> None:
    view.static_panels(surface, frame)


def draw(level: BalanceCheck, surface, frame: Frame, latest: Balance) -> None:
    if not level.queue:
        return
    tr = level.trial
    stance, eyes_closed, words = CONDITIONS[tr.condition]
    box = frame.play.inflate(-80, -80)
    condition = _(tr.condition.replace("-", " "))
    ui.fit_text(surface, _("{condition} — trial {n}").format(condition=condition[:1].upper() + condition[1:], n=tr.number),
                box.width, (box.centerx, box.top + 30), 44, level.accent, anchor="center", bold=True)
    if level.phase == "prepare":
        ui.wrapped(surface, _(words), pygame.Rect(box.left + 40, box.top + 90, box.width - 80, 160), 34)
        left = math.ceil(level.params.prepare_s - level.phase_t)
        ui.text(surface, str(left) if left <= 3 else _("get ready"), (box.centerx, box.centery + 110), 120 if left <= 3
                else 60, "text", anchor="center", bold=True)
    else:
        left = max(0.0, level.trial_s - level.phase_t)
        ui.ring_timer(surface, (box.centerx, box.centery + 30), 120, left / level.trial_s, f"{math.ceil(left)}",
                      level.accent)
        if eyes_closed:
            ui.text(surface, _("eyes closed"), (box.centerx, box.bottom - 40), 40, "muted", anchor="center")
    for i, side in enumerate(("left", "right")):
        state = "down" if stance in ("both", side) else "lifted"
        ui.foot(surface, (frame.side.centerx - 50 + 100 * i, frame.side.bottom - 110), 40, side, state)
    view.side_panel(surface, frame, [(_("Trial"), f"{len(level.done) + 1} / {len(level.done) + len(level.queue)}"),
                                     (_("Valid so far"), str(sum(t.valid for t in level.done)))],
                    level.progress, level.accent, _("Balance check"))
    view.instruction(surface, frame, _("Stay as still as you can") if level.phase == "trial"
                     else _("Listen to the instructions"))
