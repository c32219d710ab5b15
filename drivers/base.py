"""What every board yields, and the small interface the game holds a board by."""
from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, NamedTuple

from .errors import BoardError, Reason
from poise.i18n import _

if TYPE_CHECKING:
    from .conversion import Calibration
    from .keys import ManualControl
    from .sim import Autopilot

# Sample.flags bits
FLAG_BUTTON = 1  # front button held (Wii board)
FLAG_BATTERY_LOW = 2  # batteries nearly empty
FLAG_FAULT = 4  # a sensor reported a fault (saturation, missing chip, dead batteries)
FLAG_SIMULATED = 8  # produced by a simulated board
# Bits 4-7 of a recording's flags column: the sample's `invalid` corners (tl, tr, bl, br), kept with
# the raw value so a reader can tell a reading that must not be used (`stored_flags`, `invalid_corners`).
INVALID_SHIFT = 4
CORNER_NAMES = ("tl", "tr", "bl", "br")  # bit i of Sample.invalid is corner CORNER_NAMES[i]
ALL_CORNERS = 0b1111


class Sample(NamedTuple):
    """One reading: host monotonic time (s) and calibrated corner loads (kg)."""

    t: float
    tl: float
    tr: float
    bl: float
    br: float
    flags: int = 0
    battery: float | None = None  # 0..1 where the board reports it
    board_t: float | None = None  # the board's own clock (s), where it sends one
    invalid: int = 0  # corners that must not be used (bit i = CORNER_NAMES[i]): a fault, a glitch, out of range

    @property
    def total(self) -> float:
        """The sum of all four corners as read: meaningless while `invalid` is not 0."""
        return self.tl + self.tr + self.bl + self.br


def stored_flags(s: Sample) -> int:
    """The flags column of a recording: the sample's flags with its invalid corners in bits 4-7."""
    return s.flags | (s.invalid << INVALID_SHIFT)


def invalid_corners(stored):
    """Invalid-corner mask from a recording's flags value (an int or a numpy integer array)."""
    return (stored >> INVALID_SHIFT) & ALL_CORNERS


CORNER_WORDS = {"tl": "front left", "tr": "front right", "bl": "back left", "br": "back right"}  # player's view


def corner_list(mask: int) -> str:
    """'bl (back left)', 'tl (front left) and br (back right)', ... for a corner bit mask."""
    names = [f"{c} ({CORNER_WORDS[c]})" for i, c in enumerate(CORNER_NAMES) if mask & (1 << i)]
    return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]


@dataclasses.dataclass(frozen=True)
class Geometry:
    """Sensor centres: half the left-right and front-back spacing, in mm."""

    half_x: float
    half_y: float

    @property
    def corners(self) -> dict[str, tuple[float, float]]:
        a, b = self.half_x, self.half_y
        return {"tl": (-a, b), "tr": (a, b), "bl": (-a, -b), "br": (a, -b)}


WII_GEOMETRY = Geometry(433.0 / 2, 238.0 / 2)


@dataclasses.dataclass(frozen=True)
class BoardInfo:
    """What a board is, fixed once it is open."""

    url: str
    name: str  # for people: "Wii Balance Board", "Simulated board"
    identity: str  # stable per physical board: a Bluetooth address, a board id, "sim-1"; calibrations key on it
    rate_hz: float  # nominal samples per second
    geometry: Geometry = WII_GEOMETRY
    simulated: bool = False  # no real person's data: the game shows a banner
    own_clock: bool = False  # samples carry the board's own sensing time in Sample.board_t
    reports_battery: bool = False  # BoardStatus.battery is meaningful
    has_button: bool = False  # Sample.flags can carry FLAG_BUTTON
    fallback: str = ""  # why `auto` opened this simulated board instead of a real one ("" when asked for)


def simulated_notice(info: BoardInfo) -> str:
    """One sentence for every command on a simulated board (screen, stderr, --json, what is stored): '' on a real one."""
    if not info.simulated:
        return ""
    if info.fallback:
        return _("{name}: no real person's data ({why})").format(name=info.name, why=info.fallback)
    return _("{name}: no real person's data").format(name=info.name)


@dataclasses.dataclass(frozen=True)
class BoardStatus:
    """Health the game shows in its status line; `connected` False pauses a level.

    The counters are measurement quality, stored with every assessment, all since the board was
    opened: frames that failed their check, samples the board numbered but never delivered, frames
    that passed their check but did not fit the stream (duplicates, late, a number or board time out
    of line) and isolated corner spikes (glitch codes, one-sample jumps) that were left out.
    `fault` names a corner (or the whole board) whose readings cannot be used and what to check.
    """

    connected: bool = True
    message: str = ""
    battery: float | None = None  # 0..1 where the board reports it
    corrupt_frames: int = 0
    lost_samples: int = 0
    dropped_frames: int = 0
    spikes: int = 0
    fault: str = ""


class Board:
    """Base of every driver: a source of samples, read by the game through exactly these members.

    Drivers run their own I/O; `poll()` never blocks. The capability attributes below have the
    value a board without that capability has; a driver that has it sets its own. Nothing outside
    the driver assigns to a board: calibration goes through `set_calibration`.
    """

    info: BoardInfo
    can_calibrate: bool = False  # set_calibration() works: readings go through a Calibration
    calibration: "Calibration | None" = None  # the conversion in force, None where readings are kg already
    calibrated: bool = True  # False: nominal gains (good for testing, not for measuring)
    calibrated_at: str | None = None  # when the calibration in force was made (ISO time), if stored
    can_place_masses: bool = False  # place_mass() works (the simulated board: the wizard's masses)
    autopilot: "Autopilot | None" = None  # the simulated person, steered by levels in demos and tests
    manual: "ManualControl | None" = None  # keyboard and mouse control of the balance point (keys://)

    def take_body(self, weight_kg: float | None) -> bool:
        """A board that stands in for a person (sim://, keys://, pad://) takes the player's body weight (kg), so
        it weighs what their profile says; a real board weighs whoever stands on it and ignores this. Returns
        True when the weight it gives changed."""
        return False

    def poll(self) -> list[Sample]:
        """Every sample that arrived since the last call, oldest first."""
        raise NotImplementedError

    def status(self) -> BoardStatus:
        """Connection and health, cheap to call every frame."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the device; safe to call twice."""

    def set_calibration(self, calibration: "Calibration", calibrated_at: str | None = None) -> None:
        """Apply `calibration` to every following sample. Raises BoardError (UNSUPPORTED) where
        `can_calibrate` is False."""
        raise BoardError(_("{name} cannot be calibrated").format(name=self.info.name), Reason.UNSUPPORTED)

    def place_mass(self, kg: float, x: float, y: float) -> None:
        """Put a known mass on the board at (x, y) mm; raises BoardError where `can_place_masses` is False."""
        raise BoardError(_("{name} cannot place calibration masses by itself").format(
            name=self.info.name), Reason.UNSUPPORTED)

    def clear_masses(self) -> None:
        """Take every placed mass off again."""


def stand_in_weight(weight_kg: float | None, current: float, fixed: bool) -> float:
    """The weight a stand-in board (sim://, keys://) gives after `take_body(weight_kg)`: the player's, unless the
    board URL fixed one (`fixed`) or none is known. Raises ValueError for a weight no person has (not a finite
    number of 20-300 kg)."""
    if weight_kg is None or fixed:
        return current
    if isinstance(weight_kg, bool) or not isinstance(weight_kg, (int, float)) or not 20.0 <= weight_kg <= 300.0:
        raise ValueError(_("a person on the board weighs 20 to 300 kg, not {weight_kg!r}").format(weight_kg=weight_kg))
    return float(weight_kg)
