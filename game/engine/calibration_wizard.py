"""The board calibration wizard: one state machine behind `poise calibrate` and the in-game scene.

Steps: check (connected, sample rate, noise, board empty) -> tare (still and empty) -> a known
mass at the centre and near each corner (each detected when it rests still) -> fit per-corner
gains by least squares -> verify (COP error in mm at each placement) -> accept or redo.
Every wait says what it waits for (`message`) and what the board shows now (`sees`), and gives up
with advice after GIVE_UP_S of sample time; a load cell wired backwards is named and absorbed.
It works in the board's own reading units (counts for a load-cell board, factory kg for a Wii
board), recovered from the samples through the board's current calibration, so the result
composes with whatever the board does underneath.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from poise.drivers import Board, Sample
from poise.drivers.base import corner_list
from poise.drivers.conversion import Calibration

from poise.game.core.calibration import CORNERS, TARE_READINGS, CalibrationError, Placement, Quality, fit_gains, tare
from poise.game.storage.store import now_iso
from poise.i18n import N_, _, format_number

WINDOW_S = 2.0  # tare and health windows
STILL_S = 1.5  # a placed mass must rest this long
EMPTY_KG = 3.0
MIN_RATE = 0.8  # of the board's nominal rate
MAX_NOISE_KG = 0.25  # per corner, RMS on an empty board
PLACE_AT = 0.6  # placements sit this far toward each corner (fraction of the sensor spacing)
GIVE_UP_S = 90.0  # sample time one wait may take before the wizard gives up and says why
UNUSABLE_S = 1.0  # only unusable readings (a corner the board marks invalid) this long: refuse to calibrate
# A load cell wired backwards reads below zero wherever the mass is; a diagonal corner can too, but only with the
# mass far off centre on a stiff plate (about -5 % of it at the marks). So the sign is judged at the centre
# mark, where every corner of any plate carries about a quarter, and confirmed over all placements at the fit.
BACKWARDS_SHARE = 0.1  # at the centre, a corner below -10 % of the mass (a right one carries about +25 %)
CORNER_NAMES = {"tl": N_("top-left"), "tr": N_("top-right"), "bl": N_("bottom-left"), "br": N_("bottom-right")}
PLACE_WORDS = {"centre": N_("centre"), **{name: name for name in CORNER_NAMES.values()}}  # a spot, in words


def _corner(code: str) -> str:
    """A corner ("tl") in the player's words."""
    return _(CORNER_NAMES[code])


def _num(value: float, decimals: int = 1) -> str:
    """A measured number as the player's language writes it."""
    return format_number(value, decimals)


def _g(value: float) -> str:
    """A set number (a mass, a time) with a decimal only when it has one: 5, 2.5 (2,5 in German)."""
    return format_number(value, 0 if float(value).is_integer() else 1)


@dataclasses.dataclass(frozen=True)
class Spot:
    name: str
    x: float
    y: float


class Wizard:
    """Fed with the board's samples; `message` says what it waits for, `sees` what it measures right now.

    No wait is silent or endless: a wait that lasts `give_up_s` of sample time (never the wall
    clock) ends in `gave_up`, advice from what the board showed; `retry()` waits again. A corner
    that reads less, not more, under the mass (a load cell wired the other way round) is named, and
    its sign absorbed by the calibration.
    """

    def __init__(self, board: Board, mass_kg: float, give_up_s: float = GIVE_UP_S):
        if mass_kg <= 0:
            raise ValueError("the known mass must be more than 0 kg")
        self.board = board
        self.mass = mass_kg
        self.give_up_s = give_up_s
        g = board.info.geometry
        self.corners = g.corners
        self.before: Calibration = board.calibration or Calibration((0.0,) * 4, (1.0,) * 4)
        # an uncalibrated board's empty reading can be anything: then only stillness and the instruction count
        self.trust_zero = board.calibrated
        ax, ay = PLACE_AT * g.half_x, PLACE_AT * g.half_y
        self.spots = [Spot("centre", 0.0, 0.0), Spot("top-left", -ax, ay), Spot("top-right", ax, ay),
                      Spot("bottom-left", -ax, -ay), Spot("bottom-right", ax, -ay)]
        self.step = "check"
        self.message = _("Step off the board and keep it clear: checking it")
        self.sees = _("no samples from the board yet")
        self.gave_up = ""  # advice once a wait took too long; the wizard then ignores samples until retry()
        self.window: list[tuple[float, np.ndarray]] = []
        self.offsets: np.ndarray | None = None
        self.placements: list[Placement] = []
        self.spot_index = 0
        self.awaiting_removal = False
        self.signs = np.ones(4)  # -1 for a corner whose cell reads backwards: the calibration absorbs it
        self.notes: list[str] = []  # what the user should know about the result (a corner wired backwards)
        self.result: Calibration | None = None
        self.quality: Quality | None = None
        self.health: dict = {}
        self._wait_since: float | None = None
        self._unusable_since: float | None = None
        self._trouble = ""  # the last reason a wait did not end (a problem found, a moving mass)

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
            if self.gave_up:
                return
            if s.invalid:  # a corner the board marked unusable (a fault, a glitch) measures nothing
                self._unusable_since = s.t if self._unusable_since is None else self._unusable_since
                if s.t - self._unusable_since >= UNUSABLE_S:
                    self._refuse(s)
                continue
            self._unusable_since = None
            if self._wait_since is None:
                self._wait_since = s.t
            getattr(self, f"_{self.step}", lambda s: None)(s)
            if self.step in ("check", "tare", "place") and self._wait_since is not None \
                    and s.t - self._wait_since > self.give_up_s:
                self._give_up(s)

    def _refuse(self, s: Sample) -> None:
        """The board's readings cannot be used at all: calibrating it would fit a fault."""
        fault = self.board.status().fault or _("corner {corners} gives no usable reading (out of range or "
                                                "glitching)").format(corners=corner_list(s.invalid))
        self.gave_up = self.message = _("Cannot calibrate: {fault}. Fix that first.").format(fault=fault)

    def retry(self) -> None:
        """After giving up: wait again at the same step (what is done so far is kept)."""
        self.gave_up, self._trouble = "", ""
        self._unusable_since = None
        self.window.clear()
        self._waited()

    def _waited(self) -> None:
        """A wait ended (or begins anew): the give-up timer starts again with the next sample."""
        self._wait_since = None

    def _windowed(self, s: Sample, seconds: float) -> bool:
        self.window.append((s.t, self.reading(s)))
        while self.window and s.t - self.window[0][0] > seconds:
            self.window.pop(0)
        return self.window[-1][0] - self.window[0][0] >= seconds * 0.95

    def _window_progress(self, seconds: float) -> str:
        have = self.window[-1][0] - self.window[0][0] if self.window else 0.0
        return _("{have} of {need} s").format(have=_num(min(have, seconds)), need=_g(seconds))

    def _loaded(self, s: Sample) -> bool:
        return self.trust_zero and s.total > EMPTY_KG

    def _board_reads(self, s: Sample) -> str:
        if self.trust_zero:
            return _("the board reads {kg} kg").format(kg=_num(s.total))
        return _("the board is not calibrated yet, so its weight means nothing: only stillness counts")

    def _corner_kg(self, s: Sample) -> np.ndarray:
        """Per corner, kg on the board above the zero this wizard measured (before-calibration gains),
        as the sensors say it: a corner wired backwards reads negative."""
        return (self.reading(s) - self.offsets) * np.asarray(self.before.gains)

    def _corners_text(self, kg: np.ndarray) -> str:
        def signed(v: float) -> str:
            v = v if abs(v) >= 0.05 else 0.0
            return ("−" if v < 0 else "+") + _num(abs(v))

        return ", ".join(f"{_corner(c)} {signed(v)}" for c, v in zip(CORNERS, kg))

    def _check(self, s: Sample) -> None:
        if self._loaded(s):
            self.window.clear()
            self.message = _("Step off the board and keep it clear: checking it")
            self.sees = _("{reading}; waiting for it to be empty").format(reading=self._board_reads(s))
            return
        if not self._windowed(s, WINDOW_S):
            self.sees = _("{reading}; checking rate and noise ({progress})").format(
                reading=self._board_reads(s), progress=self._window_progress(WINDOW_S))
            return
        t = np.array([w[0] for w in self.window])
        readings = np.array([w[1] for w in self.window])
        rate = (len(t) - 1) / (t[-1] - t[0])
        noise = np.std(readings * np.asarray(self.before.gains), axis=0)
        status = self.board.status()
        self.health = {"rate_hz": round(float(rate), 1), "noise_kg": [round(float(v), 3) for v in noise],
                       "battery": status.battery, "connected": status.connected}
        self.sees = _("{rate} samples/s, noise {noise} kg").format(rate=_num(rate, 0), noise=_num(noise.max(), 2)) \
            + ("" if status.battery is None else _(", battery {pct} %").format(pct=_num(100 * status.battery, 0)))
        problems = []
        if not status.connected:
            problems.append(_("the board is not connected: {why}").format(why=status.message))
        if rate < MIN_RATE * self.board.info.rate_hz:
            problems.append(_("only {rate} samples/s of {nominal}: check the link or the RATE pin").format(
                rate=_num(rate, 0), nominal=_num(self.board.info.rate_hz, 0)))
        elif len(t) < TARE_READINGS:  # at its own rate, yet too slow to measure a zero: waiting cannot help
            self.gave_up = self.message = _(
                "Stopped checking the board: it sends {rate} samples/s, and calibrating needs at least {need} a "
                "second: check its rate setting, then start again.").format(rate=_num(rate), need=_g(TARE_READINGS / WINDOW_S))
            return
        if noise.max() > MAX_NOISE_KG:
            problems.append(_("readings are noisy ({noise} kg): check wiring and that nothing touches the board")
                            .format(noise=_num(noise.max(), 2)))
        if status.battery is not None and status.battery <= 0.25:
            problems.append(_("batteries low: replace them before calibrating"))
        if problems:
            self.message = self._trouble = "; ".join(problems)
            self.window.clear()
            return
        self.step, self.window = "tare", []
        self.message = _("Keep the board empty and still: measuring zero")
        self._trouble = ""
        self._waited()

    def _tare(self, s: Sample) -> None:
        if self._loaded(s):
            self.window.clear()
            self.message = _("Keep the board empty while it measures zero")
            self.sees = _("{reading}; waiting for it to be empty").format(reading=self._board_reads(s))
            return
        if not self._windowed(s, WINDOW_S):
            self.sees = _("{reading}; still for {progress}").format(reading=self._board_reads(s),
                                                                    progress=self._window_progress(WINDOW_S))
            return
        readings = np.array([w[1] for w in self.window])
        tolerance = 0.3 / np.abs(np.asarray(self.before.gains))  # 0.3 kg in reading units
        try:
            self.offsets = tare(readings, float(np.min(tolerance)))
        except CalibrationError as exc:
            self.message = self._trouble = str(exc)
            self.window.clear()
            return
        self.step, self.window = "place", []
        self._trouble = ""
        self._ask()

    def _ask(self) -> None:
        spot = self.spots[self.spot_index]
        self.message = _("Put the {mass} kg mass on the {spot} mark").format(mass=_g(self.mass),
                                                                             spot=_(PLACE_WORDS[spot.name]))
        self._waited()

    def _place(self, s: Sample) -> None:
        kg = self._corner_kg(s)
        # the mass shows in how much the corners moved, whichever way: a corner wired backwards reads less
        load = float(np.abs(kg).sum())
        shown = float((kg * self.signs).sum())
        if self.awaiting_removal:
            self.sees = _("the board reads {kg} kg above zero; waiting for under {empty} kg").format(
                kg=_num(shown), empty=_g(EMPTY_KG))
            if load < EMPTY_KG:
                self.awaiting_removal = False
                self.window.clear()
                self._ask()
            return
        if load < 0.5 * self.mass:
            self.window.clear()
            self.sees = _("the board reads {kg} kg above zero ({corners}); waiting for {mass} kg").format(
                kg=_num(shown), corners=self._corners_text(kg), mass=_g(self.mass))
            return
        if not self._windowed(s, STILL_S):
            self.sees = _("{kg} kg on the board; resting for {progress}").format(
                kg=_num(shown), progress=self._window_progress(STILL_S))
            return
        readings = np.array([w[1] for w in self.window])
        spread = np.std(readings * np.asarray(self.before.gains), axis=0).max()
        if spread > 0.01 * self.mass + 0.15:
            self.message = self._trouble = _("Hold still: the mass is still moving")
            self.sees = _("{kg} kg on the board, moving by {spread} kg").format(kg=_num(shown), spread=_num(spread, 2))
            self.window.clear()
            return
        mean = readings.mean(axis=0) - self.offsets
        backwards = np.zeros(4, dtype=bool)
        if self.spots[self.spot_index].name == "centre":
            backwards = (mean * np.abs(self.before.gains) < -BACKWARDS_SHARE * self.mass) & (self.signs > 0)
        for i in np.flatnonzero(backwards):
            self.signs[i] = -1.0
            self.notes.append(self._reversed_note(i))
        spot = self.spots[self.spot_index]
        self.placements.append(Placement(tuple(mean), self.mass, spot.x, spot.y))
        self.spot_index += 1
        self.window.clear()
        self._trouble = ""
        if self.spot_index >= len(self.spots):
            self._fit()
        else:
            self.awaiting_removal = True
            found = self.notes[-int(backwards.sum()):] if backwards.any() else []
            self.message = " ".join([_("Got it."), *found, _("Lift the mass off the board")])
            self._waited()

    @staticmethod
    def _reversed_note(i: int) -> str:
        return _("The {corner} corner reads less, not more, under the mass: its load cell is wired the other way "
                 "round. The calibration absorbs the sign, so it measures right as it is; or swap that cell's A+ and "
                 "A- wires (green and white) at its HX711.").format(corner=_corner(CORNERS[i]))

    def _settle_signs(self) -> None:
        """Each corner's sign from all placements: over the centre and the four marks every corner of any plate
        carries about 1.25 masses in all (a diagonal unloading included), a reversed one about -1.25."""
        summed = np.sum([np.asarray(p.reading) for p in self.placements], axis=0) * np.abs(self.before.gains)
        self.signs = np.where(summed < 0, -1.0, 1.0)
        said = [self._reversed_note(i) for i in range(4)]
        self.notes = [n for n in self.notes if n not in said] + [said[i] for i in np.flatnonzero(self.signs < 0)]

    def _give_up(self, s: Sample) -> None:
        after = _num(self.give_up_s, 0)
        if self.step in ("check", "tare") and self._loaded(s):
            advice = _("Gave up after {s} s: {reading} but should be empty. Step off and clear it; if nothing is on it, "
                       "something presses on it (a cable, a wall, the frame) or its zero has drifted: unplug it for a "
                       "minute and start again.").format(s=after, reading=self._board_reads(s))
        elif self.step == "check":
            advice = _("Gave up after {s} s checking the board: {why}.").format(s=after, why=self._trouble or self.sees)
        elif self.step == "tare":
            advice = _("Gave up after {s} s: the board never kept still for {need} s ({why}). Put it on a firm, level "
                       "floor, keep hands, feet and cables off it, and start again.").format(
                s=after, need=_g(WINDOW_S), why=self._trouble or self.sees)
        elif self.awaiting_removal:
            advice = _("Gave up after {s} s waiting for the mass to come off: {reading}. Lift it off; if it is off, the "
                       "zero crept under the load: let the board rest a few minutes, then redo.").format(
                s=after, reading=self.sees.split(";")[0])
        else:
            kg = self._corner_kg(s)
            seen = float(np.abs(kg).sum())
            if self._trouble:
                why = _("the mass never rested still for {need} s: put it down gently and let go").format(need=_g(STILL_S))
            elif seen > 0.1 * self.mass:
                dead = [_corner(c) for c, v in zip(CORNERS, kg) if abs(v) < 0.05 * self.mass]
                why = _("the board sees only {seen} of the {mass} kg ({corners}): check the mass really weighs {mass} kg "
                        "(--mass)").format(seen=_num(seen), mass=_g(self.mass), corners=self._corners_text(kg))
                if dead:
                    why += _(", and the wiring of the {corners} corner: it reads almost nothing").format(
                        corners=_(" and ").join(dead))
            else:
                why = _("nothing arrived ({corners} kg): put the mass on the mark; if it is on, check the board's cable "
                        "and that each corner's amplifier is connected").format(corners=self._corners_text(kg))
            advice = _("Gave up after {s} s waiting for the {mass} kg mass on the {spot} mark: {why}.").format(
                s=after, mass=_g(self.mass), spot=_(PLACE_WORDS[self.spot.name]), why=why)
        self.gave_up = advice
        self.message = advice

    def _fit(self) -> None:
        self._settle_signs()
        signed = [dataclasses.replace(p, reading=tuple(np.asarray(p.reading) * self.signs)) for p in self.placements]
        try:
            gains, self.quality = fit_gains(signed, self.corners)
        except CalibrationError as exc:  # the reason stays on screen: no silent round again
            self.gave_up = self.message = _("Could not fit the calibration: {why}; then redo it.").format(why=exc)
            return
        gains = gains * self.signs  # a corner wired backwards gets a negative gain: it reads right from now on
        self.result = Calibration(tuple(float(v) for v in self.offsets), tuple(float(v) for v in gains))
        self.step = "verify"
        self.message = " ".join(self.notes + [
            _("Worst balance-point error {mm} mm, weight within {kg} kg. Accept, or redo?").format(
                mm=_num(self.quality.worst_cop_error_mm), kg=_num(self.quality.worst_mass_error_kg, 2))])
        self.sees = ""

    def redo(self) -> None:
        self.step, self.window, self.placements, self.spot_index = "tare", [], [], 0
        self.awaiting_removal = False
        self.result = self.quality = None
        self.gave_up = self._trouble = ""
        self.signs = np.ones(4)
        self.notes = []
        self.message = _("Take everything off the board: measuring zero again")
        self._waited()

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
        self.message = _("Calibration saved")
        return self.result

    def quality_report(self) -> dict:
        q = self.quality
        return {"worst_cop_error_mm": round(q.worst_cop_error_mm, 2), "worst_mass_error_kg": round(q.worst_mass_error_kg, 3),
                "residual_rms": q.residual_rms, "health": self.health, "mass_kg": self.mass,
                "reversed_corners": [CORNERS[i] for i in np.flatnonzero(self.signs < 0)],
                "placements": [{"spot": sp.name, "cop_error_mm": round(c.cop_error_mm, 2),
                                "mass_error_kg": round(c.mass_error_kg, 3)} for sp, c in zip(self.spots, q.checks)]}
