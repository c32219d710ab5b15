"""A standing person as an inverted pendulum under delayed feedback control.

Per axis the centre of mass (COM, mm) obeys  y'' = (g/h)(y - c), where c is the
centre of pressure (COP) the ankles produce. The nervous system sets c from a
delayed view of the COM error plus some instant ankle stiffness and coloured
motor noise:  c = r + Ks*e(t) + Kp*e(t-tau) + Kd*e'(t-tau) + n,  e = y - r.
With Ks + Kp > 1 the pendulum is held up, the delay makes it sway, and the
COP leads and overshoots the COM as on a force plate. `r` is the reference
posture: the feet's centre in quiet stance, the standing foot on one leg, and
wherever the autopilot is leaning towards.
"""
from __future__ import annotations

import dataclasses
import math
from collections import deque

import numpy as np

G_MM = 9810.0  # gravity in mm/s^2
STEP = 0.002  # integration step (s)
MUSCLE_TC = 0.04  # activation time constant of the ankle muscles (s)
RAMBLE_TC = 4.0  # correlation time of the reference drift (s)


@dataclasses.dataclass(frozen=True)
class Control:
    """Controller and noise for one axis, derived from skill and stance."""

    stiffness: float  # Ks, instant (intrinsic) ankle stiffness, in units of m*g
    gain: float  # Kp on the delayed error
    damping: float  # Kd (s) on the delayed error rate
    delay: float  # tau (s)
    noise: float  # motor noise amplitude (mm of COP)
    noise_tc: float  # motor noise correlation time (s)
    ramble: float  # slow drift of the reference posture (mm, SD)


def axis_control(skill: float, axis: str, stance: str) -> Control:
    """Gains and noise for `axis` ("ml" or "ap"); lower skill = noisier, slower, looser.

    Tuned so that skill 0.7 on both feet gives healthy-adult quiet stance
    (velocity ~1 cm/s, 95 % ellipse ~1.5 cm^2, AP mean frequency ~0.25 Hz;
    posturography.md 2.2) and one-leg stance sways 3-5x more (2.3).
    """
    s = min(max(skill, 0.0), 1.0)
    clumsy = (1.0 - s) ** 1.5
    noise = 0.45 + 1.6 * clumsy
    ramble = 2.5 + 4.0 * clumsy
    if axis == "ml":  # two feet side by side are stiffer sideways
        noise *= 0.6
        ramble *= 0.6
    if stance != "both":  # one foot: small base, ankle and hip strategies both at work
        noise *= 7.0 if axis == "ml" else 5.5
        ramble *= 2.0
    return Control(
        stiffness=0.6,
        gain=0.75 + 0.1 * s,
        damping=0.3 + 0.15 * s,
        delay=0.19 - 0.06 * s,
        noise=noise,
        noise_tc=1.0,
        ramble=ramble,
    )


class AxisPendulum:
    """One horizontal axis of the body, stepped at STEP seconds."""

    def __init__(self, height_mm: float, rng: np.random.Generator, y0: float = 0.0):
        self.omega2 = G_MM / height_mm
        self.rng = rng
        self.y = y0
        self.v = 0.0
        self.cop = y0
        self.noise_state = 0.0
        self.ramble_state = 0.0
        self._history: deque[tuple[float, float]] = deque(maxlen=400)

    def step(self, ref: float, ctl: Control, ref_v: float = 0.0, ref_a: float = 0.0) -> float:
        """Advance one STEP toward reference `ref` (moving at ref_v, ref_a); returns the COP.

        A voluntary lean adds feedforward: the COP that would carry the COM along
        the planned path, ref - ref_a * h / g (the anticipatory shift seen on force plates).
        """
        lag = max(1, int(round(ctl.delay / STEP)))
        self.noise_state = _ou(self.noise_state, STEP / ctl.noise_tc, self.rng)
        self.ramble_state = _ou(self.ramble_state, STEP / RAMBLE_TC, self.rng)
        ref = ref + ctl.ramble * self.ramble_state
        self._history.append((self.y - ref, self.v - ref_v))
        if len(self._history) > lag:
            e_d, v_d = self._history[-1 - lag]
        else:
            e_d, v_d = self._history[0]
        e = self.y - ref
        command = ref - ref_a / self.omega2 + ctl.stiffness * e + ctl.gain * e_d + ctl.damping * v_d + ctl.noise * self.noise_state
        self.cop += (command - self.cop) * STEP / MUSCLE_TC  # muscles smooth the torque
        acc = self.omega2 * (self.y - self.cop)
        self.v += acc * STEP
        self.y += self.v * STEP
        return self.cop


def _ou(state: float, a: float, rng: np.random.Generator) -> float:
    """One step of a unit-variance Ornstein-Uhlenbeck process (a = dt / tc)."""
    return state - a * state + math.sqrt(2 * a) * rng.standard_normal()
