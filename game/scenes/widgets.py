"""Controls that screens share (no screen of their own)."""
from __future__ import annotations

import pygame

from poise.game.media import ui


class Menu:
    """Buttons in one or more columns, driven by the arrows, confirm or the mouse. `top`: px from the top of the
    frame they are drawn in to the first row, or from its bottom when negative."""

    def __init__(self, labels: list[str], top: int, width: int = 520, height: int = 64, gap: int = 16,
                 columns: int = 1):
        self.labels = labels
        self.columns = columns
        self.index = 0
        self.shape = (top, width, height, gap)

    def rects(self, frame) -> list[pygame.Rect]:
        """Where the buttons are in `frame` (centred on its width)."""
        top, width, height, gap = self.shape
        centre = frame.centre[0]
        total_w = self.columns * width + (self.columns - 1) * gap
        out = []
        for i in range(len(self.labels)):
            row, col = divmod(i, self.columns)
            r = pygame.Rect(0, 0, width, height)
            y = frame.area[1] + (top if top >= 0 else frame.area[3] + top)
            r.topleft = (centre - total_w // 2 + col * (width + gap), y + row * (height + gap))
            out.append(r)
        return out

    def handle(self, intent, frame) -> int | None:
        """The chosen index on confirm or click (on the buttons as laid out in `frame`), else None."""
        n = len(self.labels)
        if intent.kind == "up":
            self.index = (self.index - self.columns) % n
        elif intent.kind == "down":
            self.index = (self.index + self.columns) % n
        elif intent.kind == "left" and self.columns > 1:
            self.index = (self.index - 1) % n
        elif intent.kind == "right" and self.columns > 1:
            self.index = (self.index + 1) % n
        elif intent.kind == "confirm":
            return self.index
        elif intent.kind == "click":
            for i, r in enumerate(self.rects(frame)):
                if r.collidepoint(intent.pos):
                    self.index = i
                    return i
        return None

    def picked(self, intent, stack) -> str | None:
        """The label chosen by `intent` on a screen whose Esc leaves it (the screen is popped then), else None."""
        if intent.kind == "back":
            stack.pop()
            return None
        choice = self.handle(intent, stack.frame)
        return None if choice is None else self.labels[choice]

    def draw(self, surface, frame, size: int = 36) -> None:
        for i, (label, rect) in enumerate(zip(self.labels, self.rects(frame))):
            ui.button(surface, rect, label, i == self.index, size)


def before_play(scene, intent, start) -> bool:
    """The input of a playing screen before play, shared by one seat and two: on the instructions Enter (or a
    click) calls `start` (the countdown) and Esc leaves; during the countdown Esc goes back to the
    instructions. True when the intent was the screen's stage's (nothing else is to be done with it)."""
    if scene.stage == "intro":
        if intent.kind in ("confirm", "click"):
            start()
        elif intent.kind == "back":
            scene.stack.pop()
        return True
    if scene.stage == "countdown":
        if intent.kind == "back":  # not ready after all: back to the instructions
            scene.stage, scene.stage_t = "intro", 0.0
        return True
    return False
