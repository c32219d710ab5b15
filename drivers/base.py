"""What every board yields, and the small interface the game holds a board by."""
from __future__ import annotations

import dataclasses
from typing import NamedTuple, Protocol

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
    url: str
    name: str
    identity: str  # stable per physical board: a Bluetooth address, a board id, "sim"
    rate_hz: float
    geometry: Geometry = WII_GEOMETRY
    simulated: bool = False


@dataclasses.dataclass(frozen=True)
class BoardStatus:
    """Health the game shows in its status line; `connected` False pauses a level."""

    connected: bool = True
    message: str = ""
    battery: float | None = None
    corrupt_frames: int = 0
    lost_samples: int = 0


class Board(Protocol):
    """A source of samples. Drivers run their own I/O; poll() never blocks."""

    info: BoardInfo

    def poll(self) -> list[Sample]:
        """Every sample that arrived since the last call, oldest first."""

    def status(self) -> BoardStatus:
        """Connection and health, cheap to call every frame."""

    def close(self) -> None:
        """Release the device; safe to call twice."""
