"""pygame events -> game intents, at one boundary. Scenes never see pygame events.

The hands' board (`keys://`, `pad://`) is driven here too: held arrows, the mouse and a game
controller's stick become calls on the board's `ManualControl`, mapped through the arena the level
shows (game/level/contract.py `Arena`), so a click puts the balance point where the click was.
"""
from __future__ import annotations

import dataclasses
from typing import Callable

import pygame

KEYS = {
    pygame.K_UP: "up", pygame.K_DOWN: "down", pygame.K_LEFT: "left", pygame.K_RIGHT: "right",
    pygame.K_RETURN: "confirm", pygame.K_KP_ENTER: "confirm", pygame.K_SPACE: "confirm",
    pygame.K_ESCAPE: "back", pygame.K_BACKSPACE: "erase", pygame.K_TAB: "presence",
}
RECENTRE_KEYS = (pygame.K_c, pygame.K_HOME, pygame.K_KP5)
FOOT_KEYS = {pygame.K_l: "left", pygame.K_r: "right"}  # keys://: stand on that leg, the other foot lifted
ARROWS = (pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT)
WASD = (pygame.K_w, pygame.K_s, pygame.K_a, pygame.K_d)  # a second player's keys (keys://?keys=wasd)
KEY_SETS = {"arrows": ARROWS, "wasd": WASD}  # up, down, left, right


@dataclasses.dataclass
class Hands:
    """What the keyboard and mouse hold down, followed from their events (so posted events count too)."""

    arrows: set[int] = dataclasses.field(default_factory=set)
    mouse_down: bool = False
    mouse_pos: tuple[int, int] = (0, 0)

    def follow(self, e) -> None:
        if e.type == pygame.KEYDOWN and (e.key in ARROWS or e.key in WASD):
            self.arrows.add(e.key)
        elif e.type == pygame.KEYUP:
            self.arrows.discard(e.key)
        elif e.type == pygame.MOUSEBUTTONDOWN and e.button == 1:
            self.mouse_down, self.mouse_pos = True, e.pos
        elif e.type == pygame.MOUSEBUTTONUP and e.button == 1:
            self.mouse_down = False
        elif e.type == pygame.MOUSEMOTION:
            self.mouse_pos = e.pos
        elif e.type == pygame.WINDOWFOCUSLOST:
            self.arrows.clear()
            self.mouse_down = False

    def direction(self, keyset: str = "arrows") -> tuple[float, float]:
        """(right, toes), each -1, 0 or 1, from the held keys of `keyset` ("arrows" or "wasd")."""
        up, down, left, right = KEY_SETS[keyset]
        a = self.arrows
        return float(right in a) - float(left in a), float(up in a) - float(down in a)


@dataclasses.dataclass(frozen=True)
class Intent:
    kind: str  # up, down, left, right, confirm, back, text, erase, click, quit, presence, fullscreen
    text: str = ""
    pos: tuple[int, int] | None = None


def collect(events: list[pygame.event.Event], manual=None, text_mode: bool = False, arena=None, pads=None,
            hands: Hands | None = None,
            to_canvas: Callable[[tuple[int, int]], tuple[float, float]] = lambda p: p) -> list[Intent]:
    """Translate one frame's events; drive a keys:// or pad:// board's manual control when there is one.

    `arena` is where the balance point is shown now (None: nowhere), `pads` the game controllers,
    `hands` what the keyboard and mouse hold (kept from frame to frame by the caller), `to_canvas`
    maps window pixels to the canvas the scenes draw on.
    """
    hands = hands if hands is not None else Hands()
    intents = []
    for e in events:
        hands.follow(e)
        if e.type == pygame.QUIT:
            intents.append(Intent("quit"))
        elif e.type == pygame.KEYDOWN and (e.key == pygame.K_F11 or (
                e.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and e.mod & pygame.KMOD_ALT)):
            intents.append(Intent("fullscreen"))
        elif e.type == pygame.KEYDOWN and e.key in KEYS:
            kind = KEYS[e.key]
            if text_mode and e.key == pygame.K_SPACE:
                continue  # typed as text instead
            if kind == "presence" and manual is not None:
                manual.toggle_presence()
            intents.append(Intent(kind))
        elif e.type == pygame.KEYDOWN and e.key in RECENTRE_KEYS and not text_mode and manual is not None:
            manual.recentre()
        elif e.type == pygame.KEYDOWN and e.key in FOOT_KEYS and not text_mode and manual is not None:
            manual.stand_on(FOOT_KEYS[e.key])
        elif e.type == pygame.TEXTINPUT and text_mode:
            intents.append(Intent("text", text=e.text))
        elif e.type == pygame.MOUSEBUTTONDOWN and e.button == 1:
            pos = to_canvas(e.pos)
            intents.append(Intent("click", pos=(round(pos[0]), round(pos[1]))))
        elif pads is not None:
            kind = pads.handle(e)
            if kind and kind.startswith("foot-"):
                if manual is not None:
                    manual.stand_on(kind[5:])
            elif kind:
                intents.append(Intent(kind))
    if manual is not None:
        drive_manual(manual, arena, pads, hands, to_canvas)
    return intents


def drive_manual(manual, arena, pads, hands, to_canvas) -> None:
    """Held keys (its set: arrows or WASD) move the balance point; a held left mouse button (the arrows' board
    only) or its controller's stick point at a spot. `arena`: where its balance point is shown (None: nowhere)."""
    if arena is not None:
        right, left, forward, back = arena.edges_mm()
        manual.set_extent((right + left) / 2, (forward + back) / 2, arena.origin)
    if getattr(manual, "source", "keys") == "pad":
        stick = pads.stick(getattr(manual, "pad_index", 0)) if pads is not None else None
        manual.connected = stick is not None
        if stick is not None:
            fx, fy = stick
            if manual.stance != "both":  # on one leg the stick leans around the standing foot
                manual.point_at(manual.stance_x + fx * manual.extent[0], manual.origin[1] + fy * manual.extent[1])
            elif arena is not None:
                manual.point_at(*arena.at_fraction(fx, fy))
            else:
                ox, oy = manual.origin
                manual.point_at(ox + fx * manual.extent[0], oy + fy * manual.extent[1])
        return
    keyset = getattr(manual, "keyset", "arrows")
    manual.move(*hands.direction(keyset))
    if arena is not None and hands.mouse_down and keyset == "arrows":
        manual.point_at(*arena.to_board(to_canvas(hands.mouse_pos)))
