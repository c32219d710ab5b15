"""pygame events -> game intents, at one boundary. Scenes never see pygame events."""
from __future__ import annotations

import dataclasses

import pygame

from . import ui


@dataclasses.dataclass(frozen=True)
class Intent:
    kind: str  # up, down, left, right, confirm, back, text, erase, click, quit, presence
    text: str = ""
    pos: tuple[int, int] | None = None


KEYS = {
    pygame.K_UP: "up", pygame.K_DOWN: "down", pygame.K_LEFT: "left", pygame.K_RIGHT: "right",
    pygame.K_RETURN: "confirm", pygame.K_KP_ENTER: "confirm", pygame.K_SPACE: "confirm",
    pygame.K_ESCAPE: "back", pygame.K_BACKSPACE: "erase", pygame.K_TAB: "presence",
}


def collect(events: list[pygame.event.Event], manual=None, text_mode: bool = False) -> list[Intent]:
    """Translate one frame's events; drive a keys:// board's manual control when there is one."""
    intents = []
    for e in events:
        if e.type == pygame.QUIT:
            intents.append(Intent("quit"))
        elif e.type == pygame.KEYDOWN and e.key in KEYS:
            kind = KEYS[e.key]
            if text_mode and e.key == pygame.K_SPACE:
                continue  # typed as text instead
            if kind == "presence" and manual is not None:
                manual.toggle_presence()
            intents.append(Intent(kind))
        elif e.type == pygame.TEXTINPUT and text_mode:
            intents.append(Intent("text", text=e.text))
        elif e.type == pygame.MOUSEBUTTONDOWN and e.button == 1:
            intents.append(Intent("click", pos=e.pos))
    if manual is not None:
        _drive_manual(manual)
    return intents


def _drive_manual(manual) -> None:
    """Held arrows move the COP; a held left mouse button points at a spot on the board."""
    keys = pygame.key.get_pressed()
    manual.move(float(keys[pygame.K_RIGHT]) - float(keys[pygame.K_LEFT]),
                float(keys[pygame.K_UP]) - float(keys[pygame.K_DOWN]))
    if pygame.mouse.get_pressed()[0]:
        mx, my = pygame.mouse.get_pos()
        manual.point_at((mx - ui.WIDTH / 2) / (ui.WIDTH / 2) * 200.0, -(my - ui.HEIGHT / 2) / (ui.HEIGHT / 2) * 110.0)
