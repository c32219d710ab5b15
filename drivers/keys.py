"""`keys://` and `pad://` — the hands move the COP: a fallback for play without a board.

`keys://` is the keyboard and mouse, `pad://` a game controller's analogue stick (for people who
cannot stand). The driver never sees pygame: the game's input layer reads the keys, the mouse and
the stick and calls the `ManualControl` below; the board turns that into ordinary samples at a
steady rate, on its own sample clock (so a run on a virtual clock is reproducible).

How the hands map to the balance point, in the units of what the player sees:
- the game tells the control the arena's extent (`set_extent`: mm from the middle to the edge of
  what the level shows), so keys move the same share of the screen in every level;
- a tap of an arrow key nudges by 3 % of that extent; holding it moves slowly at first (25 % of the
  extent per second) and faster the longer it is held (up to 120 % per second after 0.8 s);
- the mouse or the stick point at a spot (`point_at`, board mm, computed by the game through the
  level's arena) and the balance point goes there as a person would, in about a tenth of a second;
- `recentre` goes back to the middle.
A little realistic sway (a damped oscillator driven by noise, 1.5 mm RMS by default, `sway=0` for
none) rides on top, so a hand held still still gives sway metrics, as a person standing still does.
"""
from __future__ import annotations

import math
import random
from typing import Callable

from .base import WII_GEOMETRY, Board, BoardInfo, BoardStatus, Sample, stand_in_weight
from .sim import corner_loads
from .errors import BoardURLError
from .url import BoardURL, positive, take_options
from poise.i18n import _

OPTIONS = {"rate": (positive, 60.0), "weight": (positive, 70.0), "speed": (positive, 1.0),
           "sway": (float, 1.5), "seed": (int, 0), "keys": (str, "arrows"), "pad": (int, 0)}
KEY_SETS = ("arrows", "wasd")  # keys://?keys=wasd: a second player's keys on the same keyboard

DEFAULT_EXTENT_MM = (80.0, 60.0)  # x, y: before the game says what the screen shows
TAP = 0.03  # of the extent, at once on a key press
SLOW, FAST = 0.25, 1.2  # of the extent per second: just held, and after RAMP_S
HOLD_S = 0.12  # a press shorter than this is a tap only
RAMP_S = 0.8
POINT_TC_S = 0.06  # time constant of the approach to a pointed spot
POINT_MAX_MM_S = 900.0
STANCE_TC_S = 0.08  # time constant of the shift onto one foot: there in about a third of a second
SWAY_HZ, SWAY_DAMPING = 0.45, 0.7  # the sway oscillator
FOOT_MM = 100.0  # a foot's centre from the middle of the stance: where standing on one leg puts the balance point


class ManualControl:
    """What the hands want: held arrow directions, a pointed spot, presence. Set by the game."""

    def __init__(self, speed: float = 1.0):
        self.speed = speed  # times the normal key speed
        self.velocity = (0.0, 0.0)  # held direction, -1..1 per axis (right and toes positive)
        self.point: tuple[float, float] | None = None  # board mm to go to
        self.on_board = True
        self.connected = True  # False: the controller that feeds it is unplugged (pad://)
        self.source = "keys"  # what the game reads for it: "keys" (arrows and mouse) or "pad" (a stick)
        self.keyset = "arrows"  # which keys move it: "arrows" (and the mouse) or "wasd" (a second player)
        self.pad_index = 0  # which controller's stick, in the order they were connected (pad://?pad=1)
        self.extent = DEFAULT_EXTENT_MM
        self.origin = (0.0, 0.0)  # where re-centring goes (the arena's middle)
        self.stance = "both"  # "left" or "right": standing on that leg, the other foot lifted (L / R, LB / RB)
        self._nudges: list[tuple[float, float]] = []
        self._shift: float | None = None  # a new stance's balance point (x mm), for the board to glide to

    def stand_on(self, leg: str) -> None:
        """The single-leg gesture: stand on `leg` ("left" or "right"), lifting the other foot; the same leg again
        puts the foot back down (both feet). The balance point glides over that foot as a person's does."""
        if leg not in ("left", "right"):
            raise ValueError(_("stand on 'left' or 'right', not {leg!r}").format(leg=leg))
        self.stance = "both" if self.stance == leg else leg
        self._shift = self.stance_x

    @property
    def stance_x(self) -> float:
        """Where the stance puts the balance point sideways (mm): over the standing foot, or the middle."""
        return {"left": -FOOT_MM, "right": FOOT_MM}.get(self.stance, 0.0)

    def take_shift(self) -> float | None:
        out, self._shift = self._shift, None
        return out

    def move(self, vx: float, vy: float) -> None:
        """Arrow keys held now: vx, vy in -1..1. A new press nudges at once (a tap)."""
        old = self.velocity
        for axis, (new, before) in enumerate(zip((vx, vy), old)):
            if new and (not before or math.copysign(1, new) != math.copysign(1, before)):
                self._nudges.append((math.copysign(1, new), 0.0) if axis == 0 else (0.0, math.copysign(1, new)))
        self.velocity = (vx, vy)
        if vx or vy:
            self.point = None

    def point_at(self, x_mm: float, y_mm: float) -> None:
        """The mouse or the stick: go to this spot (board mm)."""
        self.point = (x_mm, y_mm)

    def recentre(self) -> None:
        self.point = self.origin

    def set_extent(self, x_mm: float, y_mm: float, origin: tuple[float, float] = (0.0, 0.0)) -> None:
        """What the screen shows: mm from its middle (board `origin`) to its edge, sideways and front-back."""
        self.extent = (max(5.0, x_mm), max(5.0, y_mm))
        self.origin = origin

    def toggle_presence(self) -> None:
        self.on_board = not self.on_board

    def take_nudges(self) -> list[tuple[float, float]]:
        out, self._nudges = self._nudges, []
        return out


class Sway:
    """Quiet-stance sway: per axis a damped oscillator driven by white noise, stationary RMS `rms` mm."""

    def __init__(self, rms: float, seed: int, dt: float):
        self.rms = rms
        self.rng = random.Random(seed)
        w = 2 * math.pi * SWAY_HZ
        self.k, self.c = w * w, 2 * SWAY_DAMPING * w
        self.q = rms * math.sqrt(2 * self.c * self.k)  # Var(p) = q^2 / (2 c k)
        self.dt = dt
        self.state = [[0.0, 0.0], [0.0, 0.0]]  # per axis: position, velocity
        for _step in range(int(5 / dt)):  # start in the stationary state, not at rest
            self.step()

    def step(self) -> tuple[float, float]:
        if self.rms <= 0:
            return 0.0, 0.0
        out = []
        for s in self.state:
            p, v = s
            v += (-self.k * p - self.c * v) * self.dt + self.q * math.sqrt(self.dt) * self.rng.gauss(0.0, 1.0)
            p += v * self.dt
            s[0], s[1] = p, v
            out.append(p)
        return out[0], out[1]


class KeysBoard(Board):
    NAME, IDENTITY = "Keyboard and mouse", "keys"
    HINT = "arrows lean · L / R stand on one leg · C re-centres · Tab steps off"

    def __init__(self, url: BoardURL, clock: Callable[[], float]):
        opts = take_options(url, OPTIONS)
        self.clock = clock
        self.weight = opts["weight"]
        self.weight_fixed = "weight" in url.options  # the URL's weight stays; else the player's is taken
        self.period = 1.0 / opts["rate"]
        self.manual = ManualControl(opts["speed"])
        if opts["keys"] not in KEY_SETS:
            raise BoardURLError(_("{raw}: keys= must be one of {choices}, not {keys!r}").format(
                raw=url.raw, choices=', '.join(KEY_SETS), keys=opts['keys']))
        if not 0 <= opts["pad"] <= 3:
            raise BoardURLError(_("{raw}: pad= must be a controller number from 0 to 3, not {pad}").format(
                raw=url.raw, pad=opts['pad']))
        self.manual.keyset, self.manual.pad_index = opts["keys"], opts["pad"]
        self.geometry = WII_GEOMETRY
        self.info = BoardInfo(url=url.raw, name=self.NAME, identity=self.IDENTITY,
                              rate_hz=opts["rate"], geometry=self.geometry, simulated=True)
        self.sway = Sway(opts["sway"], opts["seed"], self.period)
        self.cop = [0.0, 0.0]
        self.held = [0.0, 0.0]  # how long each axis's key has been held (s)
        self.glide: float | None = None  # a stance change's sideways goal (mm), reached in a few tenths of a second
        self.next_t = clock()

    def take_body(self, weight_kg: float | None) -> bool:
        """The hands' stand-in weighs what the player's profile says (a `weight=` in the URL is kept). Raises
        ValueError for a weight no person has."""
        before = self.weight
        self.weight = stand_in_weight(weight_kg, before, self.weight_fixed)
        return self.weight != before

    def poll(self) -> list[Sample]:
        now = self.clock()
        out = []
        g = self.geometry
        limit = (g.half_x * 0.9, g.half_y * 0.9)
        while self.next_t <= now:
            self._advance()
            sx, sy = self.sway.step()
            x = max(-limit[0], min(limit[0], self.cop[0] + sx))
            y = max(-limit[1], min(limit[1], self.cop[1] + sy))
            load = self.weight if self.manual.on_board else 0.0
            out.append(Sample(self.next_t, *corner_loads(x, y, load, g.half_x, g.half_y)))
            self.next_t += self.period
        return out

    def _advance(self) -> None:
        m = self.manual
        dt = self.period
        limit = (self.geometry.half_x * 0.9, self.geometry.half_y * 0.9)
        shift = m.take_shift()
        if shift is not None:
            self.glide = shift
        for nx, ny in m.take_nudges():
            self.cop[0] += nx * TAP * m.extent[0] * m.speed
            self.cop[1] += ny * TAP * m.extent[1] * m.speed
        for i in (0, 1):
            direction = m.velocity[i]
            if i == 0 and self.glide is not None:  # shifting onto a foot (or back to both)
                step = self.glide - self.cop[0]
                self.cop[0] += step * (1 - math.exp(-dt / STANCE_TC_S))
                if abs(step) < 1.0:
                    self.glide = None
            elif m.point is not None:
                step = m.point[i] - self.cop[i]
                most = POINT_MAX_MM_S * dt
                self.cop[i] += max(-most, min(most, step * (1 - math.exp(-dt / POINT_TC_S))))
                self.held[i] = 0.0
            elif direction:
                self.held[i] += dt
                if self.held[i] > HOLD_S:
                    k = min(1.0, (self.held[i] - HOLD_S) / RAMP_S)
                    rate = SLOW + (FAST - SLOW) * k * k * (3 - 2 * k)  # smoothstep
                    self.cop[i] += direction * rate * m.extent[i] * m.speed * dt
            else:
                self.held[i] = 0.0
            self.cop[i] = max(-limit[i], min(limit[i], self.cop[i]))

    def status(self) -> BoardStatus:
        if not self.manual.connected:
            return BoardStatus(connected=False, message="no game controller: plug one in (or press a button on it)")
        return BoardStatus(connected=True, message=self.HINT)

    def close(self) -> None:
        pass


class PadBoard(KeysBoard):
    """`pad://`: a game controller's left stick is the balance point (the game reads the stick)."""

    NAME, IDENTITY = "Game controller", "pad"
    HINT = "left stick leans · LB / RB stand on one leg · A confirms · B goes back"

    def __init__(self, url: BoardURL, clock: Callable[[], float]):
        super().__init__(url, clock)
        self.manual.source = "pad"
        self.manual.connected = False  # until the game finds a controller
