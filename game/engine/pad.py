"""Game controllers through pygame's joystick API: menus by D-pad, stick and buttons, and the left
stick as the balance point of a `pad://` board (for people who play seated).

Controllers come and go with JOYDEVICEADDED / JOYDEVICEREMOVED (keyed by instance id, as
pygame-ce's own joystick example does); the first one connected is the one that steers.
"""
from __future__ import annotations

import pygame

DEAD_ZONE = 0.12  # of full deflection: a resting stick reads a little off centre
MENU_PUSH = 0.6  # a stick pushed this far is a menu move; it must come back under MENU_RELEASE first
MENU_RELEASE = 0.35
CONFIRM_BUTTONS = (0,)  # A / cross
BACK_BUTTONS = (1, 6, 7)  # B / circle, back, start
FOOT_BUTTONS = {4: "foot-left", 5: "foot-right"}  # LB / L1 and RB / R1: stand on that leg (again: both feet)


def shape(value: float) -> float:
    """Dead zone, then the rest of the travel rescaled to 0..1, so small tilts still move a little."""
    size = abs(value)
    if size <= DEAD_ZONE:
        return 0.0
    return max(-1.0, min(1.0, (size - DEAD_ZONE) / (1.0 - DEAD_ZONE))) * (1 if value > 0 else -1)


class Pads:
    """The connected controllers and what their sticks and buttons mean."""

    def __init__(self):
        self.sticks: dict[int, object] = {}  # instance id -> pygame Joystick (or a stand-in with its methods)
        self.slots: list[int | None] = []  # controller number -> instance id: a controller keeps its number (its
        # player's seat) while another is unplugged, and a controller plugged in takes the first free number
        self._menu_axis: dict[tuple[int, int], bool] = {}
        try:
            pygame.joystick.init()
        except pygame.error:
            pass

    def add(self, joystick) -> None:
        key = joystick.get_instance_id()
        self.sticks[key] = joystick
        if key not in self.slots:
            free = self.slots.index(None) if None in self.slots else len(self.slots)
            self.slots[free:free + 1] = [key]

    def remove(self, instance_id: int) -> None:
        self.sticks.pop(instance_id, None)
        self.slots = [None if k == instance_id else k for k in self.slots]

    @property
    def connected(self) -> bool:
        return bool(self.sticks)

    def handle(self, event) -> str | None:
        """One pygame event: a menu intent kind ('up', 'confirm', ...) or None."""
        if event.type == pygame.JOYDEVICEADDED:
            try:
                self.add(pygame.joystick.Joystick(event.device_index))
            except pygame.error:
                pass
        elif event.type == pygame.JOYDEVICEREMOVED:
            self.remove(event.instance_id)
        elif event.type == pygame.JOYBUTTONDOWN:
            if event.button in CONFIRM_BUTTONS:
                return "confirm"
            if event.button in BACK_BUTTONS:
                return "back"
            if event.button in FOOT_BUTTONS:
                return FOOT_BUTTONS[event.button]
        elif event.type == pygame.JOYHATMOTION:
            x, y = event.value
            return "left" if x < 0 else "right" if x > 0 else "up" if y > 0 else "down" if y < 0 else None
        elif event.type == pygame.JOYAXISMOTION and event.axis in (0, 1):
            key = (event.instance_id, event.axis)
            pushed = self._menu_axis.get(key, False)
            if not pushed and abs(event.value) >= MENU_PUSH:
                self._menu_axis[key] = True
                if event.axis == 0:
                    return "right" if event.value > 0 else "left"
                return "down" if event.value > 0 else "up"
            if pushed and abs(event.value) < MENU_RELEASE:
                self._menu_axis[key] = False
        return None

    def stick(self, index: int = 0) -> tuple[float, float] | None:
        """The left stick of controller number `index` (0: the first connected; a second player's is 1): (right,
        toes) each -1..1, or None while that controller is not connected (or has no stick)."""
        key = self.slots[index] if index < len(self.slots) else None
        joystick = self.sticks.get(key) if key is not None else None
        try:
            if joystick is None or joystick.get_numaxes() < 2:
                return None
            return shape(joystick.get_axis(0)), -shape(joystick.get_axis(1))  # stick up is forward
        except pygame.error:
            return None
