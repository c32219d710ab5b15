"""The board calibration wizard: one state machine behind `poise calibrate` and the in-game scene.

Steps: check (connected, sample rate, noise, board empty) -> tare (still and empty) -> a known
mass at the centre and near each corner (each detected when it rests still) -> fit per-corner
gains by least squares -> verify (COP error in mm at each placement) -> accept or redo.
It works in the board's own reading units (counts for a load-cell board, factory kg for a Wii
board), recovered from the samples through the board's current calibration, so the result
composes with whatever the board does underneath.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from poise.drivers import Board, Sample
from poise.drivers.conversion import Calibration

from .core.calibration import CalibrationError, Placement, Quality, fit_gains, tare
from .storage import now_iso

WINDOW_S = 2.0  # tare and health windows
STILL_S = 1.5  # a placed mass must rest this long
EMPTY_KG = 3.0
MIN_RATE = 0.8  # of the board's nominal rate
MAX_NOISE_KG = 0.25  # per corner, RMS on an empty board
PLACE_AT = 0.6  # placements sit this far toward each corner (fraction of the sensor spacing)


@dataclasses.dataclass(frozen=True)
class Spot:
    name: str
    x: float
    y: float


class Wizard:
    def __init__(self, board: Board, mass_kg: float):
        if mass_kg <= 0:
            raise ValueError("the known mass must be more than 0 kg")
        self.board = board
        self.mass = mass_kg
        g = board.info.geometry
        self.corners = g.corners
        self.before: Calibration = board.calibration or Calibration((0.0,) * 4, (1.0,) * 4)
        # an uncalibrated board's empty reading can be anything: then only stillness and the instruction count
        self.trust_zero = board.calibrated
        ax, ay = PLACE_AT * g.half_x, PLACE_AT * g.half_y
        self.spots = [Spot("centre", 0.0, 0.0), Spot("top-left", -ax, ay), Spot("top-right", ax, ay),
                      Spot("bottom-left", -ax, -ay), Spot("bottom-right", ax, -ay)]
        self.step = "check"
        self.message = "Step off the board and keep it clear"
        self.window: list[tuple[float, np.ndarray]] = []
        self.offsets: np.ndarray | None = None
        self.placements: list[Placement] = []
        self.spot_index = 0
        self.awaiting_removal = False
        self.result: Calibration | None = None
        self.quality: Quality | None = None
        self.health: dict = {}

    # the board's readings before any calibration
    def reading(self, s: Sample) -> np.ndarray:
        # inverted with the conversion in force now: the board's zero tracking may have moved its offsets
        cal = self.board.calibration or self.before
        kg = np.array([s.tl, s.tr, s.bl, s.br])
        return kg / np.asarray(cal.gains) + np.asarray(cal.offsets)

    @property
    def spot(self) -> Spot | None:
        return self.spots[self.spot_index] if self.step == "place" and self.spot_index < len(self.spots) else None

    def feed(self, samples: list[Sample]) -> None:
        for s in samples:
            if s.invalid:
                continue  # a corner the board marked unusable (a fault, a glitch) measures nothing
            getattr(self, f"_{self.step}", lambda s: None)(s)

    def _windowed(self, s: Sample, seconds: float) -> bool:
        self.window.append((s.t, self.reading(s)))
        while self.window and s.t - self.window[0][0] > seconds:
            self.window.pop(0)
        return self.window[-1][0] - self.window[0][0] >= seconds * 0.95

    def _loaded(self, s: Sample) -> bool:
        return self.trust_zero and s.total > EMPTY_KG

    def _tared_total(self, s: Sample) -> float:
        """kg on the board above the zero this wizard measured (before-calibration gains)."""
        return float(((self.reading(s) - self.offsets) * np.asarray(self.before.gains)).sum())

    def _check(self, s: Sample) -> None:
        if self._loaded(s):
            self.window.clear()
            self.message = "Step off the board and keep it clear"
            return
        if not self._windowed(s, WINDOW_S):
            return
        t = np.array([w[0] for w in self.window])
        readings = np.array([w[1] for w in self.window])
        rate = (len(t) - 1) / (t[-1] - t[0])
        noise = np.std(readings * np.asarray(self.before.gains), axis=0)
        status = self.board.status()
        self.health = {"rate_hz": round(float(rate), 1), "noise_kg": [round(float(v), 3) for v in noise],
                       "battery": status.battery, "connected": status.connected}
        problems = []
        if not status.connected:
            problems.append(f"the board is not connected: {status.message}")
        if rate < MIN_RATE * self.board.info.rate_hz:
            problems.append(f"only {rate:.0f} samples/s of {self.board.info.rate_hz:.0f}: check the link or the RATE pin")
        if noise.max() > MAX_NOISE_KG:
            problems.append(f"readings are noisy ({noise.max():.2f} kg): check wiring and that nothing touches the board")
        if status.battery is not None and status.battery <= 0.25:
            problems.append("batteries low: replace them before calibrating")
        if problems:
            self.message = "; ".join(problems)
            self.window.clear()
            return
        self.step, self.window = "tare", []
        self.message = "Keep the board empty and still: measuring zero"

    def _tare(self, s: Sample) -> None:
        if self._loaded(s):
            self.window.clear()
            self.message = "Keep the board empty while it measures zero"
            return
        if not self._windowed(s, WINDOW_S):
            return
        readings = np.array([w[1] for w in self.window])
        tolerance = 0.3 / np.asarray(self.before.gains)  # 0.3 kg in reading units
        try:
            self.offsets = tare(readings, float(np.min(tolerance)))
        except CalibrationError as exc:
            self.message = str(exc)
            self.window.clear()
            return
        self.step, self.window = "place", []
        self._ask()

    def _ask(self) -> None:
        spot = self.spots[self.spot_index]
        self.message = f"Put the {self.mass:g} kg mass on the {spot.name} mark"

    def _place(self, s: Sample) -> None:
        load = self._tared_total(s)
        if self.awaiting_removal:
            if load < EMPTY_KG:
                self.awaiting_removal = False
                self.window.clear()
                self._ask()
            return
        if load < 0.5 * self.mass:
            self.window.clear()
            return
        if not self._windowed(s, STILL_S):
            return
        readings = np.array([w[1] for w in self.window])
        spread = np.std(readings * np.asarray(self.before.gains), axis=0).max()
        if spread > 0.01 * self.mass + 0.15:
            self.message = "Hold still: the mass is still moving"
            self.window.clear()
            return
        spot = self.spots[self.spot_index]
        self.placements.append(Placement(tuple(readings.mean(axis=0) - self.offsets), self.mass, spot.x, spot.y))
        self.spot_index += 1
        self.window.clear()
        if self.spot_index >= len(self.spots):
            self._fit()
        else:
            self.awaiting_removal = True
            self.message = "Got it. Lift the mass off the board"

    def _fit(self) -> None:
        try:
            gains, self.quality = fit_gains(self.placements, self.corners)
        except CalibrationError as exc:
            self.message = f"{exc}. Starting again"
            self.redo()
            return
        self.result = Calibration(tuple(float(v) for v in self.offsets), tuple(float(v) for v in gains))
        self.step = "verify"
        self.message = (f"Worst balance-point error {self.quality.worst_cop_error_mm:.1f} mm, weight within "
                        f"{self.quality.worst_mass_error_kg:.2f} kg. Accept, or redo?")

    def redo(self) -> None:
        self.step, self.window, self.placements, self.spot_index = "tare", [], [], 0
        self.awaiting_removal = False
        self.result = self.quality = None
        self.message = "Take everything off the board: measuring zero again"

    def accept(self, storage=None) -> Calibration:
        """Use the new calibration now, and keep it for this board (with its date and quality)."""
        if self.result is None:
            raise CalibrationError("nothing to accept yet")
        if self.board.can_calibrate:
            self.board.set_calibration(self.result, now_iso())
        if storage is not None:
            storage.save_calibration(self.board.info.identity, self.result.offsets, self.result.gains,
                                     self.quality_report())
        self.step = "done"
        self.message = "Calibration saved"
        return self.result

    def quality_report(self) -> dict:
        q = self.quality
        return {"worst_cop_error_mm": round(q.worst_cop_error_mm, 2), "worst_mass_error_kg": round(q.worst_mass_error_kg, 3),
                "residual_rms": q.residual_rms, "health": self.health, "mass_kg": self.mass,
                "placements": [{"spot": sp.name, "cop_error_mm": round(c.cop_error_mm, 2),
                                "mass_error_kg": round(c.mass_error_kg, 3)} for sp, c in zip(self.spots, q.checks)]}
