"""Calibration math for both board types and the calibration wizard (pure: numpy only).

Model per corner i:  kg_i = gain_i * (reading_i - offset_i).
For a load-cell board the reading is raw ADC counts; for a Wii board it is
the factory piecewise-linear kg (so gains start at 1 and the wizard refines
them) with a software tare on top.
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np

CORNERS = ("tl", "tr", "bl", "br")


class CalibrationError(ValueError):
    """A calibration step that cannot be trusted; the message says what to do."""


@dataclasses.dataclass(frozen=True)
class Calibration:
    offsets: tuple[float, float, float, float]  # reading at zero load (tare)
    gains: tuple[float, float, float, float]  # kg per reading unit

    def apply(self, reading) -> np.ndarray:
        return np.asarray(self.gains) * (np.asarray(reading, dtype=float) - np.asarray(self.offsets))

    def with_offsets(self, offsets) -> "Calibration":
        return dataclasses.replace(self, offsets=tuple(float(v) for v in offsets))


IDENTITY = Calibration((0.0, 0.0, 0.0, 0.0), (1.0, 1.0, 1.0, 1.0))


def tare(window: np.ndarray, tolerance: float) -> np.ndarray:
    """Zero offsets from an empty-board window (N, 4) of readings.

    Rejected when any corner strays more than `tolerance` (reading units) from
    its mean: someone is touching the board, or it is still settling.
    """
    window = np.asarray(window, dtype=float)
    if window.ndim != 2 or window.shape[1] != 4 or len(window) < 10:
        raise CalibrationError("tare needs at least 10 readings of all four corners")
    mean = window.mean(axis=0)
    spread = np.abs(window - mean).max(axis=0)
    worst = int(np.argmax(spread / tolerance))
    if spread[worst] > tolerance:
        raise CalibrationError(
            f"the board is not still (corner {CORNERS[worst]} moved {spread[worst]:.3g} against a limit of "
            f"{tolerance:.3g}): step off, keep hands and feet away, and try again")
    return mean


class ZeroTracker:
    """Automatic zero tracking: follows the empty reading, and only while the board is empty and still.

    While the calibrated total stays under `empty_kg` and every corner has
    stayed within `band_kg` for `stable_s`, the zero is taken: the first time
    in full (a tare: the mean of that still window), afterwards by following
    slow drift with time constant `tc_s`. Anyone on the board, or a board
    that is moving, freezes the zero.
    """

    def __init__(self, calibration: Calibration, empty_kg: float = 2.0, band_kg: float = 0.1,
                 stable_s: float = 3.0, tc_s: float = 10.0):
        self.calibration = calibration
        self.empty_kg, self.band_kg, self.stable_s, self.tc_s = empty_kg, band_kg, stable_s, tc_s
        self.tared = False
        self._anchor: np.ndarray | None = None
        self._since: float | None = None
        self._sum = np.zeros(4)
        self._count = 0
        self._last_t: float | None = None

    def update(self, t: float, reading) -> np.ndarray:
        """Feed one reading; returns it in kg with the current zero."""
        reading = np.asarray(reading, dtype=float)
        kg = self.calibration.apply(reading)
        dt = 0.0 if self._last_t is None else max(0.0, t - self._last_t)
        self._last_t = t
        if abs(kg.sum()) >= self.empty_kg:
            self._anchor = self._since = None
            return kg
        if self._anchor is None or np.any(np.abs(kg - self._anchor) > self.band_kg):
            self._anchor, self._since = kg, t
            self._sum, self._count = reading.copy(), 1
            return kg
        self._sum += reading
        self._count += 1
        if t - self._since >= self.stable_s:
            if not self.tared:
                new = self._sum / self._count  # the first still, empty window: a full tare
                self.tared = True
            else:
                offsets = np.asarray(self.calibration.offsets)
                new = offsets + (1.0 - math.exp(-dt / self.tc_s)) * (reading - offsets)
            self.calibration = self.calibration.with_offsets(new)
            kg = self.calibration.apply(reading)
        return kg


@dataclasses.dataclass(frozen=True)
class Placement:
    """A known mass resting at a known point, and the tared mean reading it produced."""

    reading: tuple[float, float, float, float]  # mean reading minus the tare offsets
    mass_kg: float
    x_mm: float
    y_mm: float


@dataclasses.dataclass(frozen=True)
class PlacementCheck:
    mass_kg: float
    x_mm: float
    y_mm: float
    measured_kg: float
    measured_x_mm: float
    measured_y_mm: float

    @property
    def cop_error_mm(self) -> float:
        return math.hypot(self.measured_x_mm - self.x_mm, self.measured_y_mm - self.y_mm)

    @property
    def mass_error_kg(self) -> float:
        return self.measured_kg - self.mass_kg


@dataclasses.dataclass(frozen=True)
class Quality:
    """How well a calibration explains the placements: shown to the user before they accept it."""

    checks: tuple[PlacementCheck, ...]
    residual_rms: float  # of the least-squares equations, kg (moment rows divided by the half-spans)

    @property
    def worst_cop_error_mm(self) -> float:
        return max(c.cop_error_mm for c in self.checks)

    @property
    def worst_mass_error_kg(self) -> float:
        return max(abs(c.mass_error_kg) for c in self.checks)


def fit_gains(placements: list[Placement], corners: dict[str, tuple[float, float]]) -> tuple[np.ndarray, Quality]:
    """Per-corner gains by least squares from known-mass placements (loadcell.md section 5).

    Each placement gives three equations: total force, and the moments about
    both axes (sum k_i r_i x_i = M x_j, likewise y), so the statically
    indeterminate split over four supports does not matter.
    """
    if len(placements) < 2:
        raise CalibrationError("need at least two placements (for example the centre and each corner)")
    pos = np.array([corners[c] for c in CORNERS], dtype=float)
    scale_x, scale_y = np.abs(pos[:, 0]).max(), np.abs(pos[:, 1]).max()
    rows, rhs = [], []
    for p in placements:
        r = np.asarray(p.reading, dtype=float)
        rows += [r, r * pos[:, 0] / scale_x, r * pos[:, 1] / scale_y]
        rhs += [p.mass_kg, p.mass_kg * p.x_mm / scale_x, p.mass_kg * p.y_mm / scale_y]
    a, b = np.array(rows), np.array(rhs)
    if np.linalg.matrix_rank(a) < 4:
        raise CalibrationError("the placements do not tell the four corners apart: "
                               "place the mass near each corner as well as in the centre")
    gains, *_ = np.linalg.lstsq(a, b, rcond=None)
    if np.any(gains <= 0):
        bad = CORNERS[int(np.argmin(gains))]
        raise CalibrationError(f"corner {bad} came out with a negative gain: check its wiring and that the "
                               "masses were placed where the wizard showed")
    residual = float(np.sqrt(np.mean((a @ gains - b) ** 2)))
    checks = []
    for p in placements:
        kg = gains * np.asarray(p.reading, dtype=float)
        total = kg.sum()
        checks.append(PlacementCheck(p.mass_kg, p.x_mm, p.y_mm, float(total),
                                     float(kg @ pos[:, 0] / total), float(kg @ pos[:, 1] / total)))
    return gains, Quality(tuple(checks), residual)


def wii_kg(raw, c0, c17, c34) -> np.ndarray:
    """Wii Balance Board raw words to kg with its factory points (wbb.md 4.3), unclamped.

    Below the 17 kg point interpolate between 0 and 17 kg, above it between 17
    and 34 kg (extrapolating past 34). Values below the 0 kg point come out
    negative on purpose: a software tare needs them.
    """
    raw, c0, c17, c34 = (np.asarray(v, dtype=float) for v in (raw, c0, c17, c34))
    low = 17.0 * (raw - c0) / (c17 - c0)
    high = 17.0 + 17.0 * (raw - c17) / (c34 - c17)
    return np.where(raw < c17, low, high)
