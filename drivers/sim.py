"""`sim://` — a simulated person standing on a Wii-like board.

Everything is computed from the injected clock and one seed, so a run is
reproducible however often the game polls. The board side adds what a real
Wii Balance Board adds: per-corner noise, 10 g quantisation, a ~60 Hz sensor
rate that is not quite 60 Hz, and jittered, bursty delivery over Bluetooth.
"""
from __future__ import annotations

import bisect
import itertools
import math
from collections import deque
from typing import Callable

import numpy as np

from .conversion import IDENTITY, Calibration

from .base import FLAG_SIMULATED, WII_GEOMETRY, Board, BoardInfo, BoardStatus, Sample, stand_in_weight
from . import sim_body
from .sim_body import STEP, AxisPendulum, Traits, axis_control
from .url import BoardURL, choice, fraction, positive, take_options
from poise.i18n import _

OPTIONS = {
    "skill": (fraction, 0.7),
    "stance": (choice("both", "left", "right"), "both"),
    "eyes": (choice("open", "closed"), "open"),
    "rate": (positive, 60.0),
    "seed": (int, 1),
    "person": (int, None),  # who stands there (their way of swaying, their feet); default: the seed's own person
    "weight": (positive, 70.0),
    "height": (positive, 172.0),
    "noise": (float, 0.045),  # board noise per corner, kg RMS: 0.32 mm of COP for 70 kg, as a real Wii board
    "jitter": (fraction, 1.0),  # 0 = perfectly regular delivery
    "arrive": (float, 0.0),  # seconds after opening when the person is on the board (<0: never)
    "gains": (lambda text: _four(text, "gains"), (1.0, 1.0, 1.0, 1.0)),  # sensor gain error per corner (<0: reversed)
    "zero": (float, 0.0),  # kg each corner reads when empty (an old board's offset)
    "plate": (fraction, 0.0),  # how a load splits over the corners: 0 flexible (bilinear), 1 a rigid plate (plane)
}


def _four(text: str, name: str) -> tuple[float, float, float, float]:
    values = tuple(float(v) for v in text.split(","))
    if len(values) != 4 or any(abs(v) < 0.1 for v in values):
        raise ValueError(_("{name} takes four numbers tl,tr,bl,br, each 0.1 to 10 in size (negative: a load cell "
                           "wired the other way round)").format(name=name))
    return values  # type: ignore[return-value]
QUANTUM = 0.01  # kg: a Wii board's ~10 g per count
PERSON_KEY = 99  # the person's random stream: a spawn key no session stream uses
STEP_ON_S = 0.8
STEP_OFF_S = 0.5
TOUCH_SHARE = 0.45  # share of the weight a touching-down foot takes
TOUCH_TC = 0.05  # s: how fast the load moves onto it


class Autopilot:
    """What a level may ask of the simulated person: lean toward a point, change stance, step off/on.

    Commands carry the level's own time; the person acts on them after a
    human reaction time, so results do not depend on when the game polls.
    """

    def __init__(self, skill: float):
        self.reaction = 0.42 - 0.2 * skill
        self._pending: list[tuple[float, int, str, object]] = []
        self._order = 0
        self.target: tuple[float, float] | None = None
        self.stance: str | None = None

    def aim(self, t: float, target: tuple[float, float] | None) -> None:
        """Lean so the COP goes to `target` (board mm), or back to neutral with None."""
        if target != self.target:
            self.target = target
            self._push(t, "aim", target)

    def set_stance(self, t: float, stance: str) -> None:
        if stance != self.stance:
            self.stance = stance
            self._push(t, "stance", stance)

    def touch_down(self, t: float, seconds: float = 0.4) -> None:
        """Standing on one leg, briefly put the other foot down (to catch balance), then lift it again."""
        if self.stance in ("left", "right"):
            self._push(t, "touch", True)
            self._push(t + seconds, "touch", False)

    def set_eyes(self, t: float, closed: bool) -> None:
        self._push(t, "eyes", closed)

    def step_off(self, t: float) -> None:
        self._push(t, "presence", False)

    def step_on(self, t: float) -> None:
        self._push(t, "presence", True)

    @property
    def next_at(self) -> float:
        """When the next pending command is due (inf when none is)."""
        return self._pending[0][0] if self._pending else math.inf

    def _push(self, t: float, kind: str, value: object) -> None:
        self._order += 1
        bisect.insort(self._pending, (t + self.reaction, self._order, kind, value))

    def due(self, now: float) -> list[tuple[str, object]]:
        """Commands whose reaction time has passed, oldest first."""
        out = []
        while self._pending and self._pending[0][0] <= now:
            _at, _seq, kind, value = self._pending.pop(0)
            out.append((kind, value))
        return out


class Person:
    """Body dynamics plus where the person means to be: stance, lean target, on or off."""

    def __init__(self, skill: float, stance: str, weight: float, height_cm: float, rng: np.random.Generator,
                 eyes_closed: bool = False, who: np.random.Generator | None = None):
        """`rng` drives this session's sway; `who` (default: from `rng`) draws the person: their way of
        swaying (sim_body.Traits) and where their feet are."""
        self.skill = skill
        self.weight = weight
        body_rng, layout_rng = rng.spawn(2)
        if who is not None:
            layout_rng = who
        self.traits = Traits.draw(layout_rng.spawn(1)[0])  # this person's own way of swaying
        com_height = 0.55 * height_cm * 10.0
        self._normals = sim_body.normals(body_rng)  # one stream for both axes, in the order they draw
        self.ml = AxisPendulum(com_height)
        self.ap = AxisPendulum(com_height)
        self.neutral_y = float(layout_rng.normal(0.0, 6.0))
        self.foot_x = float(100.0 + layout_rng.normal(0.0, 8.0))
        self.stance = stance
        self.eyes_closed = eyes_closed
        # how far this person can lean from neutral (mm): limits of stability grow with skill
        self.limits = {"forward": 55.0 + 75.0 * skill, "back": 35.0 + 40.0 * skill, "side": 60.0 + 80.0 * skill}
        self.touching = False  # the lifted foot is down on the board for a moment
        self.share = 0.0
        self.target: tuple[float, float] | None = None
        self.load = 0.0  # fraction of body weight on the board
        self.load_rate = 0.0
        # reference posture follows an underdamped second-order approach: human overshoot
        self.omega = 2 * math.pi * (0.3 + 0.3 * skill)
        self.zeta = 0.55 + 0.3 * skill
        self._omega2, self._damping = self.omega**2, 2 * self.zeta * self.omega
        for axis, at in zip((self.ml, self.ap), self.base()):
            axis.y = axis.cop = axis.plan = axis.ref = at
        self._set_controls()
        self._set_goal()

    def base(self) -> tuple[float, float]:
        """Where the COP rests for the current stance with no lean asked for."""
        x = {"both": 0.0, "left": -self.foot_x, "right": self.foot_x}[self.stance]
        return x, self.neutral_y

    def _set_controls(self) -> None:
        self.ctl_ml = axis_control(self.skill, "ml", self.stance, self.traits, self.eyes_closed)
        self.ctl_ap = axis_control(self.skill, "ap", self.stance, self.traits, self.eyes_closed)

    def apply(self, kind: str, value: object) -> None:
        if kind == "aim":
            self.target = value  # type: ignore[assignment]
            self._set_goal()
        elif kind == "stance":
            self.stance = str(value)
            self._set_controls()
            self._set_goal()
        elif kind == "touch":
            self.touching = bool(value)
        elif kind == "eyes":
            self.eyes_closed = bool(value)
            self._set_controls()
        elif kind == "presence":
            self.load_rate = (1.0 / STEP_ON_S) if value else -(1.0 / STEP_OFF_S)

    def _within_limits(self, target: tuple[float, float]) -> tuple[float, float]:
        """Nobody leans past their own limits of stability: the aim is pulled back onto them."""
        bx, by = self.base()
        dx, dy = target[0] - bx, target[1] - by
        rx = self.limits["side"]
        ry = self.limits["forward"] if dy >= 0 else self.limits["back"]
        k = math.hypot(dx / rx, dy / ry)
        if k <= 1.0:
            return target
        return bx + dx / k, by + dy / k

    def _set_goal(self) -> None:
        """Where the person is heading: the lean target within their limits, or their stance's rest."""
        self.goal = self._within_limits(self.target) if self.target is not None else self.base()

    def advance(self, steps: int) -> tuple[float, float, float]:
        """Advance `steps` steps of STEP seconds (nothing the person means changes meanwhile); returns the last
        (cop_x, cop_y, load_kg)."""
        draws = list(itertools.islice(self._normals, 4 * steps))  # per step: ML noise, ML wander, AP's two
        x = self.ml.run(self.goal[0], self.ctl_ml, self._omega2, self._damping, draws, 0)
        y = self.ap.run(self.goal[1], self.ctl_ap, self._omega2, self._damping, draws, 2)
        if self.load_rate or self.touching or self.share:  # stepping on or off, or a foot touching down
            for _ in range(steps):
                if self.load_rate:
                    self.load = min(1.0, max(0.0, self.load + self.load_rate * STEP))
                    if self.load in (0.0, 1.0):
                        self.load_rate = 0.0
                # a touch-down: the body stays put, the other foot takes part of the load, the COP jumps toward it
                if self.touching or self.share:
                    self.share += ((TOUCH_SHARE if self.touching else 0.0) - self.share) * STEP / TOUCH_TC
                    if self.share < 1e-12 and not self.touching:
                        self.share = 0.0
        if self.share > 1e-4 and self.stance != "both":
            other = self.foot_x if self.stance == "left" else -self.foot_x
            x = x * (1.0 - self.share) + other * self.share
        # while stepping on or off the COP sits under the foot that carries the load
        if 0.0 < self.load < 1.0:
            carrying = self.foot_x if self.stance == "right" else -self.foot_x
            x = x * self.load + carrying * (1.0 - self.load)
        return x, y, self.weight * self.load


def corner_loads(x: float, y: float, total: float, half_x: float, half_y: float) -> tuple[float, float, float, float]:
    """Split `total` kg over four corners so that their COP is (x, y): bilinear weights."""
    u = min(max((x / half_x + 1.0) / 2.0, 0.0), 1.0)
    v = min(max((y / half_y + 1.0) / 2.0, 0.0), 1.0)
    return total * (1 - u) * v, total * u * v, total * (1 - u) * (1 - v), total * u * (1 - v)


def plate_loads(x: float, y: float, total: float, half_x: float, half_y: float,
                rigidity: float = 0.0) -> tuple[float, float, float, float]:
    """`total` kg at (x, y) split over the corners by a plate between flexible and rigid.

    Both ends put the COP exactly at (x, y). Flexible (0): bilinear weights, never negative (a frame that
    bends, as a Wii board's). Rigid (1): a stiff plate on four equally stiff cells stays flat, so the
    reactions follow a plane, total/4 * (1 + x/half_x + y/half_y) at the front right and so on; off
    centre the diagonal corner reads below zero (the plate's own weight on it drops), about -5 % of the
    mass at 60 % of the way to a corner."""
    flexible = corner_loads(x, y, total, half_x, half_y)
    if not rigidity:
        return flexible
    u, v = x / half_x, y / half_y
    rigid = (total / 4 * (1 - u + v), total / 4 * (1 + u + v), total / 4 * (1 - u - v), total / 4 * (1 + u - v))
    return tuple((1 - rigidity) * a + rigidity * b for a, b in zip(flexible, rigid))  # type: ignore[return-value]


HEALTHY = BoardStatus(connected=True, battery=1.0)


class SimBoard(Board):
    """The board a simulated person stands on. Never blocks; everything follows the clock."""

    can_calibrate = True
    can_place_masses = True

    def __init__(self, url: BoardURL, clock: Callable[[], float]):
        opts = take_options(url, OPTIONS)
        self.options = opts
        self.url_options = frozenset(url.options)  # what the URL set itself (the rest are defaults)
        self.clock = clock
        seed = np.random.SeedSequence(opts["seed"])
        body_seed, board_seed, link_seed = seed.spawn(3)
        # the person: the seed's own, or another seed's (the same person on another day)
        who = opts["seed"] if opts["person"] is None else opts["person"]
        who_seed = np.random.SeedSequence(who, spawn_key=(PERSON_KEY,))  # apart from the session's three streams
        self.person = Person(opts["skill"], opts["stance"], opts["weight"], opts["height"], np.random.default_rng(body_seed),
                             eyes_closed=opts["eyes"] == "closed", who=np.random.default_rng(who_seed))
        self.autopilot = Autopilot(opts["skill"])
        self.autopilot.stance = opts["stance"]
        self._board_noise = sim_body.normals(np.random.default_rng(board_seed), 400)
        self._link_rng = np.random.default_rng(link_seed)
        self.geometry = WII_GEOMETRY
        self.sensor_gains = tuple(opts["gains"])
        self.sensor_zero = opts["zero"]
        self.calibration: Calibration = IDENTITY
        self.masses: list[tuple[float, float, float]] = []  # (kg, x, y) resting on the board
        # every real board's clock is a little off its nominal rate
        self.period = 1.0 / (opts["rate"] * (1.0 + 0.01 * self._link_rng.uniform(-1, 1)))
        self.info = BoardInfo(url=url.raw, name="Simulated board", identity=f"sim-{opts['seed']}",
                              rate_hz=opts["rate"], geometry=self.geometry, simulated=True, reports_battery=True)
        self.t0 = clock()
        self.sim_t = self.t0
        self.next_sample_t = self.t0
        self.last_arrival = self.t0
        self.stall_until = -math.inf
        self._in_flight: deque[Sample] = deque()
        if opts["arrive"] == 0.0:
            self.person.load = 1.0
        elif opts["arrive"] > 0.0:
            self.autopilot._push(self.t0 + opts["arrive"] - self.autopilot.reaction, "presence", True)

    def take_body(self, weight_kg: float | None) -> bool:
        """The simulated person takes the player's weight (kg; a `weight=` in the URL is kept). Raises ValueError
        for a weight no person has."""
        before = self.person.weight
        self.person.weight = stand_in_weight(weight_kg, before, "weight" in self.url_options)
        return self.person.weight != before

    def poll(self) -> list[Sample]:
        now = self.clock()
        self._simulate_until(now)
        out = []
        while self._in_flight and self._in_flight[0].t <= now:
            out.append(self._in_flight.popleft())
        return out

    def status(self) -> BoardStatus:
        return HEALTHY  # a simulated board never fails (one frozen record: asked every frame)

    def close(self) -> None:
        pass

    def _simulate_until(self, now: float) -> None:
        person, autopilot = self.person, self.autopilot
        while self.sim_t + STEP <= now:
            if autopilot.next_at <= self.sim_t:
                for kind, value in autopilot.due(self.sim_t):
                    person.apply(kind, value)
            # the steps until a sample falls due, a command is due or `now`, taken at once
            t, steps, due, next_at = self.sim_t, 0, self.next_sample_t, autopilot.next_at
            while True:
                t += STEP
                steps += 1
                if t >= due or next_at <= t or t + STEP > now:
                    break
            x, y, load = person.advance(steps)
            self.sim_t = t
            if t >= due:
                self._emit(due, x, y, load)
                self.next_sample_t += self.period

    def set_calibration(self, calibration: Calibration, calibrated_at: str | None = None) -> None:
        self.calibration = calibration
        self.calibrated_at = calibrated_at

    def place_mass(self, kg: float, x: float, y: float) -> None:
        """A known mass (water bottles, a sandbag) put on the board at (x, y) mm: for calibration."""
        self.masses.append((kg, x, y))

    def clear_masses(self) -> None:
        self.masses.clear()

    def _emit(self, t: float, x: float, y: float, load: float) -> None:
        g = self.geometry
        plate = self.options["plate"]
        loads = plate_loads(x, y, load, g.half_x, g.half_y, plate)
        for kg, mx, my in self.masses:
            loads = tuple(a + b for a, b in zip(loads, plate_loads(mx, my, kg, g.half_x, g.half_y, plate)))
        # what the sensors say, errors and all: noise, gain error, offset, quantisation (plain floats: a
        # sample's four corners are too few for numpy to pay off)
        noise, zero, draws = self.options["noise"], self.sensor_zero, self._board_noise
        reading = [round(((kg + noise * next(draws)) * gain + zero) / QUANTUM) * QUANTUM
                   for kg, gain in zip(loads, self.sensor_gains)]
        kg = self.calibration.apply_to(reading)
        self._in_flight.append(Sample(self._arrival(t), *kg, flags=FLAG_SIMULATED, battery=1.0))

    def _arrival(self, t: float) -> float:
        """Bluetooth delivery: a few ms of latency, and now and then a stall that releases a burst."""
        jitter = self.options["jitter"]
        rng = self._link_rng
        latency = 0.003 + jitter * rng.exponential(0.004)
        if jitter and t > self.stall_until and rng.random() < 0.02 * jitter:
            self.stall_until = t + rng.uniform(0.03, 0.12)
        arrival = max(t + latency, self.stall_until if t <= self.stall_until else 0.0)
        arrival = max(arrival, self.last_arrival + 0.0005)
        self.last_arrival = arrival
        return arrival
