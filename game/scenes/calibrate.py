"""The calibration wizard as a screen: the board from above with the spot to load, progress, and the
error at each spot before you accept. Same Wizard as `poise calibrate`."""
from __future__ import annotations

import pygame

from poise.game.media import ui
from poise.i18n import _, format_number
from poise.game.cli.calibration_commands import SimAssistant
from poise.game.engine.calibration_wizard import Wizard
from poise.game.core.calibration import CalibrationError

from .advice import board_badge
from .base import Scene

STEPS = ("check", "tare", "place", "verify", "done")


class CalibrateScene(Scene):
    def __init__(self, ctx, mass_kg: float = 20.0):
        super().__init__(ctx)
        self.wizard = Wizard(ctx.feed.board, mass_kg)
        board = ctx.feed.board
        self.assistant = SimAssistant(board) if board.can_place_masses else None
        self.error = ""

    def on_enter(self) -> None:
        self.rec = self.ctx.feed.record()

    def on_exit(self) -> None:
        self.ctx.feed.stop_recording(self.rec)
        if self.assistant is not None:  # accepted or cancelled: the simulated person comes back
            self.assistant.finish()

    def handle(self, intent) -> None:
        w = self.wizard
        if intent.kind == "back":
            self.stack.pop()
        elif w.step == "verify" and intent.kind == "confirm":
            try:
                w.accept(self.ctx.storage)
                self.ctx.sounds.play("done")
            except CalibrationError as exc:
                self.error = str(exc)
        elif w.gave_up and intent.kind in ("erase", "confirm"):
            w.retry()
        elif w.step == "verify" and intent.kind == "erase":
            w.redo()
        elif w.step == "done" and intent.kind == "confirm":
            self.stack.pop()

    def fixed_update(self, t, dt, balance) -> None:
        samples = list(self.rec)
        self.rec.clear()
        step = self.wizard.step
        self.wizard.feed(samples)
        if self.assistant is not None:
            self.assistant.act(self.wizard)
        if self.wizard.step != step:
            self.ctx.sounds.play("hit")
        if self.ctx.autoplay and self.wizard.step == "verify":
            self.wizard.accept(self.ctx.storage)

    def draw(self, surface, frame) -> None:
        surface.blit(ui.background(frame.size), (0, 0))
        info = self.ctx.feed.board.info
        ui.top_bar(surface, frame.rect, _("Calibrate the board"), info.name, board_badge(info))
        w = self.wizard
        side = pygame.Rect(frame.size[0] - 460, 110, 420, 480)
        board_rect = pygame.Rect(60, 130, side.left - 60 - 80, 420)
        ui.panel(surface, board_rect.inflate(40, 40), alpha=200)
        pygame.draw.rect(surface, (220, 225, 232), board_rect, border_radius=40)
        g = info.geometry
        sx, sy = board_rect.width / (2 * g.half_x * 1.1), board_rect.height / (2 * g.half_y * 1.3)
        to_px = lambda x, y: (round(board_rect.centerx + x * sx), round(board_rect.centery - y * sy))  # noqa: E731
        for (x, y) in g.corners.values():
            pygame.draw.circle(surface, (150, 155, 165), to_px(x, y), 14)
        for i, spot in enumerate(w.spots):
            done = i < len(w.placements)
            current = w.spot is not None and i == w.spot_index
            col = ui.colour("good") if done else ui.colour("warn") if current else (170, 176, 186)
            pygame.draw.circle(surface, col, to_px(spot.x, spot.y), 30 if current else 20, 0 if done else 5)
            if w.quality is not None:
                err = w.quality.checks[i].cop_error_mm
                ui.text(surface, f"{format_number(err, 1)} mm", (to_px(spot.x, spot.y)[0], to_px(spot.x, spot.y)[1] + 40), 26,
                        "ink", anchor="center", bold=True)
        ui.panel(surface, side)
        y = side.top + 30
        for name in STEPS:
            state = "done" if STEPS.index(name) < STEPS.index(w.step) else "now" if name == w.step else "later"
            col = {"done": "good", "now": "accent", "later": "muted"}[state]
            label = {"check": _("Check the board"), "tare": _("Zero (empty board)"),
                     "place": _("Known mass at 5 spots"), "verify": _("Check the result"), "done": _("Saved")}[name]
            dot = (side.left + 40, y + 14)
            if state == "done":
                pygame.draw.circle(surface, ui.colour(col), dot, 9)
            else:
                pygame.draw.circle(surface, ui.colour(col), dot, 9, 3 if state == "now" else 1)
            ui.fit_text(surface, label, side.right - 20 - side.left - 60, (side.left + 60, y), 32, col,
                        bold=state == "now")
            y += 48
        below = ui.wrapped(surface, w.message, pygame.Rect(side.left + 30, y + 20, side.width - 60, 200), 28,
                           "bad" if w.gave_up else "text")
        if w.sees and not w.gave_up:  # what the wizard waits on, as the board shows it right now
            ui.wrapped(surface, _("Now: {what}").format(what=w.sees), pygame.Rect(side.left + 30, below + 12, side.width - 60, 110), 24,
                       "muted")
        hint = {"verify": _("Enter: accept   Backspace: redo   Esc: cancel"), "done": _("Enter: back to the menu")}
        text = _("Enter: try again   Esc: cancel") if w.gave_up else hint.get(w.step, _("Esc: cancel"))
        mid, h = frame.centre[0], frame.size[1]
        ui.fit_text(surface, text, frame.size[0] - 80, (mid, h - 40), 30, "accent_light", anchor="center", bold=True)
        if self.error:
            ui.fit_text(surface, self.error, frame.size[0] - 80, (mid, h - 80), 26, "bad", anchor="center")
