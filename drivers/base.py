"""What every board yields, and the small interface the game holds a board by."""
from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, NamedTuple

from .errors import BoardError, Reason

if TYPE_CHECKING:
    from .conversion import Calibration
    from .keys import ManualControl
    from .sim import Autopilot

# Sample.flags bits
FLAG_BUTTON = 1  # front button held (Wii board)
FLAG_BATTERY_LOW = 2  # batteries nearly empty
FLAG_FAULT = 4  # a sensor reported a fault (saturation, missing chip, dead batteries)
FLAG_SIMULATED = 8  # produced by a simulated board


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

    @property
    def total(self) -> float:
        return self.tl + self.tr + self.bl + self.br


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


@dataclasses.dataclass(frozen=True)
class BoardStatus:
    """Health the game shows in its status line; `connected` False pauses a level.

    The counters are measurement quality, stored with every assessment: frames that failed their
    check and samples the board numbered but never delivered, both since the board was opened.
    """

    connected: bool = True
    message: str = ""
    battery: float | None = None  # 0..1 where the board reports it
    corrupt_frames: int = 0
    lost_samples: int = 0


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
        raise BoardError(f"{self.info.name} cannot be calibrated", Reason.UNSUPPORTED)

    def place_mass(self, kg: float, x: float, y: float) -> None:
        """Put a known mass on the board at (x, y) mm; raises BoardError where `can_place_masses` is False."""
        raise BoardError(f"{self.info.name} cannot place calibration masses by itself", Reason.UNSUPPORTED)

    def clear_masses(self) -> None:
        """Take every placed mass off again."""
