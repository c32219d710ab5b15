"""The board and the game's events as Lab Streaming Layer streams, in the vocabulary of XDF's meta-data.

A lab records them with LabRecorder beside EEG or EMG and loads the file with pyxdf; so each stream says
what it holds in the XDF conventions (channel label, type and unit spelled out; the acquisition system;
the physical set-up and its frame of reference) and each sample carries the time it was *sensed* on LSL's
clock, not the time it arrived:

- `NAME` (type "Force"): per board sample the corner forces `tl, tr, bl, br` and their sum `total` in
  newtons (type "Force": the vertical load on that corner), and the raw centre of pressure `x, y` in
  meters (types "PositionX", "PositionY", XDF's preferred unit), NaN while nobody is on the board or a
  corner cannot be used. Stamped with the sensing time rebuilt by game/core/clock.py, held back 16
  samples so that a report found lost later still moves the times before it (HeldTimes);
- `NAME-display` (type "MoCap"): the display-filtered centre of pressure the player sees on screen
  (`fx, fy`, meters). The filter outputs where the balance point was a fixed lag before its newest
  reading, so its samples are stamped with the time they describe (sensing time minus the lag) and the
  header names that lag as `compensated_lag` (in <acquisition>, as XDF's MoCap meta-data defines it);
- `NAME-markers` (type "Markers", one string channel, irregular rate): one JSON object per event, e.g.
  {"event": "trial-start", "level": "balance-check", "condition": "eyes-closed", "trial": 2}: level start
  and end, trial and condition start and end, target shown, touch-down, pause and resume, result.

pylsl is imported only here, and only when a stream is asked for (`pip install 'poise[lsl]'`).
"""
from __future__ import annotations

import json
import math
import sys
from typing import Callable

from poise import __version__
from poise.drivers import Board, Sample
from poise.drivers.lsl import load_pylsl

from poise.game.core.clock import HeldTimes
from poise.game.core.pipeline import Balance

G = 9.80665  # N per kg-force: the board's loads are kilograms of load
MM = 0.001  # m per mm
FORCE_CHANNELS = ("tl", "tr", "bl", "br", "total")
CORNER_WORDS = {"tl": "front left", "tr": "front right", "bl": "back left", "br": "back right"}
MARKER_EVENTS = ("level-start", "level-end", "condition-start", "trial-start", "trial-end", "target-shown",
                 "touch-down", "pause", "resume", "result")


def _channels(desc, rows) -> None:
    channels = desc.append_child("channels")
    for label, kind, unit, what in rows:
        ch = channels.append_child("channel")
        ch.append_child_value("label", label)
        ch.append_child_value("type", kind)
        ch.append_child_value("unit", unit)
        ch.append_child_value("description", what)


def _acquisition(desc, board: Board, compensated_lag: float) -> None:
    info = board.info
    acq = desc.append_child("acquisition")
    maker = "Nintendo" if info.name.startswith("Wii") else "Poise (simulated)" if info.simulated else "Poise"
    acq.append_child_value("manufacturer", maker)
    acq.append_child_value("model", info.name)
    acq.append_child_value("serial_number", info.identity)
    acq.append_child_value("compensated_lag", f"{compensated_lag:.6f}")
    settings = acq.append_child("settings")
    settings.append_child_value("board_url", info.url)
    settings.append_child_value("calibrated", "true" if board.calibrated else "false")
    settings.append_child_value("software", f"poise {__version__}")
    settings.append_child_value("time_stamps", "sensing time on LSL's clock (game/core/clock.py: the board's "
                                "own clock where it has one, else rebuilt from the arrivals), plus the link's "
                                "constant minimum latency")


def _setup(desc, board: Board) -> None:
    """The board's frame: where x and y point, and the sensors' positions in it."""
    g = board.info.geometry
    setup = desc.append_child("setup")
    setup.append_child_value("name", "balance board")
    ref = setup.append_child("reference")
    ref.append_child_value("origin", "centre of the four load sensors, on the board's surface")
    ref.append_child_value("x", "toward the standing player's right")
    ref.append_child_value("y", "toward the standing player's toes")
    ref.append_child_value("z", "up; forces are the load pressing down on each sensor")
    bounds = setup.append_child("bounds")
    for which, sign in (("minimum", -1), ("maximum", 1)):
        edge = bounds.append_child(which)
        edge.append_child_value("X", f"{sign * g.half_x * MM:g}")
        edge.append_child_value("Y", f"{sign * g.half_y * MM:g}")
    sensors = setup.append_child("sensors")
    for corner, (x, y) in g.corners.items():
        s = sensors.append_child("sensor")
        s.append_child_value("label", corner)
        s.append_child_value("location", CORNER_WORDS[corner])
        s.append_child_value("X", f"{x * MM:g}")
        s.append_child_value("Y", f"{y * MM:g}")


def _poise(desc, board: Board) -> None:
    """What `lsl://NAME` reads back: the board's own description in Poise's terms."""
    info = board.info
    poise = desc.append_child("poise")
    for key, value in (("board_url", info.url), ("board_name", info.name), ("board_identity", info.identity),
                       ("half_x", f"{info.geometry.half_x:g}"), ("half_y", f"{info.geometry.half_y:g}"),
                       ("calibrated", "true" if board.calibrated else "false"),
                       ("simulated", str(info.simulated).lower()), ("software", f"poise {__version__}")):
        poise.append_child_value(key, value)


def board_info(pylsl, name: str, board: Board):
    """The StreamInfo of the board stream: forces (N) and raw COP (m), the XDF meta-data filled in."""
    info = board.info
    si = pylsl.StreamInfo(name, "Force", 7, info.rate_hz, pylsl.cf_float32, f"poise-{info.identity}")
    desc = si.desc()
    rows = [(c, "Force", "newtons", f"vertical load on the {CORNER_WORDS[c]} sensor") for c in FORCE_CHANNELS[:4]]
    rows += [("total", "Force", "newtons", "sum of the four loads"),
             ("x", "PositionX", "meters", "centre of pressure, + toward the player's right"),
             ("y", "PositionY", "meters", "centre of pressure, + toward the player's toes")]
    _channels(desc, rows)
    _acquisition(desc, board, 0.0)
    _setup(desc, board)
    sync = desc.append_child("synchronization")
    sync.append_child_value("can_drop_samples", "false" if info.own_clock else "true")
    _poise(desc, board)
    return si


def display_info(pylsl, name: str, board: Board, lag: float):
    """The StreamInfo of the display-filtered COP: stamped at the time it describes, its lag declared."""
    si = pylsl.StreamInfo(f"{name}-display", "MoCap", 2, board.info.rate_hz, pylsl.cf_float32,
                          f"poise-{board.info.identity}-display")
    desc = si.desc()
    _channels(desc, [("fx", "PositionX", "meters", "display-filtered centre of pressure (the on-screen cursor), "
                                                   "+ toward the player's right"),
                     ("fy", "PositionY", "meters", "display-filtered centre of pressure, + toward the toes")])
    _acquisition(desc, board, lag)
    _setup(desc, board)
    return si


def markers_info(pylsl, name: str):
    si = pylsl.StreamInfo(f"{name}-markers", "Markers", 1, pylsl.IRREGULAR_RATE, pylsl.cf_string,
                          f"poise-{name}-markers")
    desc = si.desc()
    _channels(desc, [("event", "Marker", "", "one JSON object per game event: 'event' is one of "
                                              + ", ".join(MARKER_EVENTS) + "; the rest describe it")])
    acq = desc.append_child("acquisition")
    acq.append_child_value("manufacturer", "Poise")
    acq.append_child_value("model", f"poise {__version__}")
    return si


def _n(v: float) -> float:
    return v if v is not None and math.isfinite(v) else math.nan


class LabStreams:
    """Publishes a feed's board (`board=True`) and the game's events (`markers=True`) over LSL.

    Attach with `feed.taps.append(streams.sample)` and `feed.event_taps.append(streams.stance)` (done by
    the constructor); the game calls `mark(event, t, details)`; `close()` sends what is held back.
    `clock` is the host clock the feed's times are on (the app's: a virtual one in headless runs)."""

    def __init__(self, feed, name: str, board: bool, markers: bool, clock: Callable[[], float], err=None):
        pylsl = load_pylsl()
        self.offset = pylsl.local_clock() - clock()  # adds to a host time to give an LSL time stamp
        self.held = HeldTimes()
        self.board = self.display = self.markers = None
        self.count = 0
        dev = feed.board
        if board:
            self.board = pylsl.StreamOutlet(board_info(pylsl, name, dev), chunk_size=0, max_buffered=60)
            self.display = pylsl.StreamOutlet(display_info(pylsl, name, dev, feed.pipeline.display.lag),
                                              chunk_size=0, max_buffered=60)
            feed.taps.append(self.sample)
        if markers:
            self.markers = pylsl.StreamOutlet(markers_info(pylsl, name), chunk_size=0, max_buffered=360)
            feed.event_taps.append(self.stance)
        self.lag = feed.pipeline.display
        self.arrived: dict[float, float] = {}  # arrival -> sensing time of the latest samples (for stance events)
        what = [f"{name} ({dev.info.name}, forces and centre of pressure at {dev.info.rate_hz:g} Hz)",
                f"{name}-display"] if board else []
        what += [f"{name}-markers"] if markers else []
        print(f"poise: publishing LSL stream(s) {', '.join(what)}", file=err or sys.stderr)

    def sample(self, s: Sample, b: Balance, sensed: float, revised: tuple[int, float]) -> None:
        """A feed tap: one board sample with its balance and sensing time."""
        if self.board is None:
            return
        self.arrived[s.t] = sensed
        if len(self.arrived) > 512:
            for key in list(self.arrived)[:256]:
                del self.arrived[key]
        lag = self.lag.lag
        for (sample, balance, shown_lag), t in self.held.push((s, b, lag), sensed, revised):
            self._push(sample, balance, shown_lag, t)

    def _push(self, s: Sample, b: Balance, lag: float, sensed: float) -> None:
        bad = bool(s.invalid)
        loads = [math.nan if bad else v * G for v in (s.tl, s.tr, s.bl, s.br)]
        total = math.nan if bad else s.total * G
        x, y = (math.nan, math.nan) if bad else (_n(b.x) * MM, _n(b.y) * MM)
        self.board.push_sample([*loads, total, x, y], sensed + self.offset)
        self.display.push_sample([_n(b.fx) * MM, _n(b.fy) * MM], sensed - lag + self.offset)
        self.count += 1

    def stance(self, events) -> None:
        """A feed event tap: touch-downs of the lifted foot become markers, dated when they happened."""
        for e in events:
            if e.kind == "touch-down":
                self.mark("touch-down", self.arrived.get(e.t, e.t), {})

    def mark(self, event: str, t: float, details: dict) -> None:
        """One marker at host time `t` (s): {"event": event, **details} as JSON."""
        if self.markers is not None:
            self.markers.push_sample([json.dumps({"event": event, **details}, sort_keys=True)], t + self.offset)

    def close(self) -> None:
        if self.board is not None:
            for (sample, balance, lag), t in self.held.flush():
                self._push(sample, balance, lag, t)
        self.board = self.display = self.markers = None
