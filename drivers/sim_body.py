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
import itertools
import math
from collections import deque
from collections.abc import Iterator

import numpy as np

G_MM = 9810.0  # gravity in mm/s^2
STEP = 0.002  # integration step (s)
MUSCLE_TC = 0.03  # activation time constant of the ankle muscles (s)
PLAN_TC = 0.25  # s: a lean is planned as a smooth move, not a jump


@dataclasses.dataclass(frozen=True)
class Control:
    """Controller and noise for one axis, derived from skill and stance."""

    stiffness: float  # Ks, instant (intrinsic) ankle stiffness, in units of m*g
    gain: float  # Kp on the delayed error
    damping: float  # Kd (s) on the delayed error rate
    delay: float  # tau (s)
    noise: float  # motor noise amplitude (mm of COP)
    noise_tc: float  # motor noise correlation time (s)
    ramble: float  # wandering of the reference posture (mm, SD)
    ramble_tc: float = 2.0  # its correlation time (s)


@dataclasses.dataclass(frozen=True)
class Traits:
    """What makes one simulated person sway unlike another, drawn from the seed or `person` (`draw`).

    People of the same age and health differ a lot: among the BDS young adults, eyes open on firm
    ground, sway velocity runs from 5.2 to 15.5 mm/s (5th-95th percentile, posturography.md 2.2;
    all of them 4.1-25) and the 95 % area from 56 to 717 mm^2 (36-3300). Log-normal factors of
    about those spreads, cut off at the low end where real people end; independent of skill.
    """

    sway: float = 1.0  # motor noise and reference wandering together (velocity and area)
    wander: float = 1.0  # the reference wandering alone (velocity more than area)
    drift: float = 1.0  # the slow motor noise alone (area more than velocity)
    side: float = 1.0  # medio-lateral against antero-posterior
    delay: float = 0.0  # s added to the feedback delay

    @classmethod
    def draw(cls, rng: np.random.Generator) -> "Traits":
        def factor(sd: float, lo: float, hi: float) -> float:  # log-normal, its tails cut where real ones end
            return float(np.exp(np.clip(rng.normal(0.0, sd), lo, hi)))

        return cls(sway=factor(0.3, -0.4, 0.9), wander=factor(0.2, -0.5, 0.5), side=factor(0.15, -0.3, 0.3),
                   delay=float(np.clip(rng.normal(0.0, 0.01), -0.02, 0.02)), drift=factor(0.35, -0.35, 1.2))


# without vision quiet stance sways a little faster (posturography.md 2.2: +5-15 % velocity on firm ground,
# area -5...+15 %): motor noise x1.06, the reference wanders 1/0.8 times as fast
EYES_CLOSED_NOISE, EYES_CLOSED_PACE = 1.06, 0.8
# on one foot vision matters far more (the narrower the base, the larger the eyes-closed effect; Huurnink et al.
# 2013 saw a Wii board's error against a force plate double with eyes closed on one leg): assumed x1.5 motor
# noise and wandering twice as fast: about 1.4x the eyes-open velocity and area (no vendored figure to check)
EYES_CLOSED_ONE_LEG_NOISE, EYES_CLOSED_ONE_LEG_PACE = 1.5, 0.5
ONE_LEG = {"ap": 2.0, "ml": 3.0, "wander": 4.5}  # noise and wandering on one foot, against two
AP_NOISE, AP_WANDER, ML_NOISE, ML_WANDER = 1.3, 3.0, 1.1, 1.4  # mm of COP at skill 0.7


def axis_control(skill: float, axis: str, stance: str, traits: Traits = Traits(), eyes_closed: bool = False) -> Control:
    """Gains and noise for `axis` ("ml" or "ap"); lower skill = noisier, slower, looser.

    Tuned so that skill 0.7 on both feet, eyes open, sways like a typical healthy young adult of the
    BDS data set (posturography.md 2.2: velocity ~8 mm/s, RMS ~4 mm AP and ~2.5 mm ML) with the
    spectrum of the vendored young adult's eyes-open firm trials (tests/data/bds; share of the
    0.1-5 Hz power in 0.1-0.5 / 0.5-1 / 1-2 / 2-5 Hz: AP 0.78 / 0.12 / 0.10 / 0.01, ML 0.86 / 0.10 /
    0.03 / 0.01; tests/drivers/test_sim.py checks it). Per axis the reference posture wanders
    (correlation time 2 s AP, 1.2 s ML) and slow motor noise (5 s) pushes, against a stiff ankle
    (intrinsic stiffness 0.9 mgh, about what Loram & Lakie measured) under delayed feedback.
    One-leg stance sways 3-5x faster and much wider (2.3).
    """
    s = min(max(skill, 0.0), 1.0)
    clumsy = (1.0 - s) ** 1.5
    amount = (0.45 + 1.6 * clumsy) / 0.712 * traits.sway  # 1 at skill 0.7
    if axis == "ap":
        noise, ramble, pace, damping = AP_NOISE * traits.drift, AP_WANDER * traits.wander, 2.0, 0.4 + 0.2 * s
    else:  # two feet side by side: less wandering, lighter damping
        noise, ramble = ML_NOISE * traits.drift * traits.side, ML_WANDER * traits.wander * traits.side
        pace, damping = 1.2, 0.25 + 0.2 * s
    if eyes_closed and stance == "both":
        noise, pace = noise * EYES_CLOSED_NOISE, pace * EYES_CLOSED_PACE
    elif eyes_closed:
        noise, pace = noise * EYES_CLOSED_ONE_LEG_NOISE, pace * EYES_CLOSED_ONE_LEG_PACE
    if stance != "both":  # one foot: small base, ankle and hip strategies both at work
        noise *= ONE_LEG[axis]
        ramble *= ONE_LEG["wander"]
    return Control(
        stiffness=0.9,
        gain=0.43 + 0.1 * s,
        damping=damping,
        delay=max(0.06, 0.17 - 0.07 * s + traits.delay),
        noise=noise * amount,
        noise_tc=5.0,
        ramble=ramble * amount,
        ramble_tc=pace,
    )


class AxisPendulum:
    """One horizontal axis of the body and of the posture it means to hold, stepped at STEP seconds.

    The reference posture follows the goal as a person plans a lean: the goal smoothed (time constant
    PLAN_TC), then approached by an underdamped second-order move (human overshoot), whose acceleration
    the COP anticipates."""

    def __init__(self, height_mm: float, y0: float = 0.0):
        self.omega2 = G_MM / height_mm
        self.y = y0
        self.v = 0.0
        self.cop = y0
        self.plan = self.ref = y0  # the goal smoothed, and the reference posture moving toward it
        self.ref_v = 0.0
        self.noise_state = 0.0
        self.ramble_state = 0.0
        self._history: deque[tuple[float, float]] = deque(maxlen=400)
        self._ctl: Control | None = None

    def _set_control(self, ctl: Control) -> None:
        """The per-step constants of `ctl`: both noises' Ornstein-Uhlenbeck steps
        (x += -a*x + sqrt(2a)*N(0,1), a = dt/tc: unit variance) and the delay in steps."""
        a_noise, a_ramble = STEP / ctl.noise_tc, STEP / ctl.ramble_tc
        self._coefficients = (a_noise, math.sqrt(2 * a_noise), a_ramble, math.sqrt(2 * a_ramble),
                              max(1, int(round(ctl.delay / STEP))), ctl.ramble, ctl.stiffness, ctl.gain, ctl.damping,
                              ctl.noise)
        self._ctl = ctl

    def run(self, goal: float, ctl: Control, plan_omega2: float, plan_damping: float, draws: list[float],
            first: int) -> float:
        """Advance len(draws) // 4 steps toward `goal` (mm); returns the last COP.

        `draws`: standard normal numbers, four a step, shared with the other axis: this axis takes the pair
        from index `first` (0 or 2) of each four, motor noise first. `plan_omega2` (1/s^2) and `plan_damping`
        (1/s): the planned move's second-order approach. A voluntary lean adds feedforward: the COP that
        would carry the COM along the planned path, ref - ref_a * h / g (the anticipatory shift seen on
        force plates). Written out with local names: this runs 500 times a simulated second per axis.
        """
        if ctl is not self._ctl:
            self._set_control(ctl)
        a_noise, k_noise, a_ramble, k_ramble, lag, ramble, stiffness, gain, damping, noise = self._coefficients
        omega2, history = self.omega2, self._history
        plan, ref, ref_v, y, v, cop = self.plan, self.ref, self.ref_v, self.y, self.v, self.cop
        noise_state, ramble_state = self.noise_state, self.ramble_state
        for i in range(first, len(draws), 4):
            plan += (goal - plan) * STEP / PLAN_TC
            ref_a = plan_omega2 * (plan - ref) - plan_damping * ref_v
            ref_v += ref_a * STEP
            ref += ref_v * STEP
            noise_state = noise_state - a_noise * noise_state + k_noise * draws[i]
            ramble_state = ramble_state - a_ramble * ramble_state + k_ramble * draws[i + 1]
            aim = ref + ramble * ramble_state
            e = y - aim
            history.append((e, v - ref_v))
            e_d, v_d = history[-1 - lag] if len(history) > lag else history[0]
            command = aim - ref_a / omega2 + stiffness * e + gain * e_d + damping * v_d + noise * noise_state
            cop = cop + (command - cop) * STEP / MUSCLE_TC  # muscles smooth the torque
            v += omega2 * (y - cop) * STEP
            y = y + v * STEP
        self.plan, self.ref, self.ref_v, self.y, self.v, self.cop = plan, ref, ref_v, y, v, cop
        self.noise_state, self.ramble_state = noise_state, ramble_state
        return cop


def normals(rng: np.random.Generator, block: int = 4096) -> Iterator[float]:
    """Standard normal draws from `rng`, taken `block` at a time: `next()` gives one.

    numpy's Generator gives the same numbers drawn one by one or as an array, so this is the very
    same stream; it only saves the per-call cost (a simulated second takes 2000 draws). Pendulums
    that share one generator share one iterator, so the draws keep their order.
    """
    return itertools.chain.from_iterable(iter(lambda: rng.standard_normal(block).tolist(), None))
