"""Calibration fitting for the wizard (pure: numpy only): tare and per-corner gains from known masses.

The conversion these numbers feed (kg_i = gain_i * (reading_i - offset_i)) is applied by the
drivers: `poise.drivers.conversion`.
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np

CORNERS = ("tl", "tr", "bl", "br")  # the order of every four-corner array


class CalibrationError(ValueError):
    """A calibration step that cannot be trusted; the message says what to do."""


TARE_READINGS = 10  # an empty-board window needs at least this many readings


def tare(window: np.ndarray, tolerance: float) -> np.ndarray:
    """Zero offsets from an empty-board window (N, 4) of readings.

    Rejected when any corner strays more than `tolerance` (reading units) from
    its mean: someone is touching the board, or it is still settling.
    """
    window = np.asarray(window, dtype=float)
    if window.ndim != 2 or window.shape[1] != 4 or len(window) < TARE_READINGS:
        raise CalibrationError(f"tare needs at least {TARE_READINGS} readings of all four corners")
    mean = window.mean(axis=0)
    spread = np.abs(window - mean).max(axis=0)
    worst = int(np.argmax(spread / tolerance))
    if spread[worst] > tolerance:
        raise CalibrationError(
            f"the board is not still (corner {CORNERS[worst]} moved {spread[worst]:.3g} against a limit of "
            f"{tolerance:.3g}): step off, keep hands and feet away, and try again")
    return mean


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
