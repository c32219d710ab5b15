"""`lsl://NAME` — a Lab Streaming Layer stream as a board, so Poise can play from a lab's force plate.

The stream is found by its name on the network (`resolve_byprop("name", NAME)`) and read through an
inlet. Its channel labels say what it carries:

- corner loads `tl, tr, bl, br` (what `poise stream --lsl` publishes, in newtons; units kg, N, g or lb), or
- a centre of pressure `x, y` (also `cop_x`/`copx`, `cop_y`/`copy`; + to the player's right and toes;
  units mm, cm or m) with, optionally, the total load `total` (`fz`, `weight`); without one, the
  `weight` option (kg) stands for it. The COP becomes corner loads on the board geometry (`width`,
  `depth` mm between the virtual corners; a Poise stream names its own), which give it back exactly.

Times are the stream's own sample times (LSL clock, corrected for the sender's clock offset) moved
onto the host's monotonic clock. pylsl is imported only when an lsl:// board is opened: install it
with `pip install 'poise[lsl]'` (its wheels bundle liblsl).

Options: `timeout` (s to find the stream, default 5), `weight` (kg, default 70), `width`, `depth`
(mm, default the Wii board's 433 x 238), `rate` (Hz, for a stream that declares an irregular rate).
"""
from __future__ import annotations

import math
import os
import time
from pathlib import Path
from typing import Callable
from urllib.parse import unquote

from .base import Board, BoardInfo, BoardStatus, Geometry, Sample, WII_GEOMETRY
from .errors import BoardError, BoardNotFound, BoardURLError, Reason
from .sim import corner_loads
from .url import BoardURL, positive, take_options
from .validity import CornerGuard
from poise.i18n import _

OPTIONS = {"timeout": (positive, 5.0), "weight": (positive, 70.0), "width": (positive, 2 * WII_GEOMETRY.half_x),
           "depth": (positive, 2 * WII_GEOMETRY.half_y), "rate": (positive, 100.0)}

# unit names (lower case, as XDF's channel <unit> writes them, singular or plural) -> kg or mm
LOAD_UNITS = {"kg": 1.0, "": 1.0, "kilogram": 1.0, "kilograms": 1.0, "kgf": 1.0, "n": 1 / 9.80665, "newton": 1 / 9.80665,
              "newtons": 1 / 9.80665, "g": 0.001, "gram": 0.001, "grams": 0.001, "lb": 0.45359237, "lbs": 0.45359237,
              "pound": 0.45359237, "pounds": 0.45359237}
LENGTH_UNITS = {"mm": 1.0, "": 1.0, "millimeter": 1.0, "millimeters": 1.0, "millimetre": 1.0, "millimetres": 1.0,
                "cm": 10.0, "centimeter": 10.0, "centimeters": 10.0, "centimetre": 10.0, "centimetres": 10.0,
                "m": 1000.0, "meter": 1000.0, "meters": 1000.0, "metre": 1000.0, "metres": 1000.0}
X_NAMES = ("x", "cop_x", "copx", "cop x")
Y_NAMES = ("y", "cop_y", "copy", "cop y")
TOTAL_NAMES = ("total", "fz", "weight", "load")
SILENT_S = 1.0  # no sample for this long (or 10 periods): the stream is reported as disconnected


QUIET_CONFIG = "[log]\nlevel = -2\n"  # liblsl's defaults, logging only warnings and errors
OWN_CONFIGS = (Path("lsl_api.cfg"), Path.home() / "lsl_api" / "lsl_api.cfg", Path("/etc/lsl_api/lsl_api.cfg"))


def quiet_liblsl() -> None:
    """liblsl writes an INFO line ('Loaded default config') to stderr on its first call, in front of Poise's
    own one-line messages. Where there is no LSL configuration of the user's (LSLAPICFG, or an lsl_api.cfg
    where liblsl looks for one), point liblsl at one that only raises its log level; a lab's own is used as is."""
    if os.environ.get("LSLAPICFG") or any(p.is_file() for p in OWN_CONFIGS):
        return
    from platformdirs import user_cache_path

    from .files import private_folder, write_text

    path = user_cache_path("poise", appauthor=False) / "lsl_api.cfg"  # each user their own, private
    try:
        if not path.is_file() or path.read_text() != QUIET_CONFIG:
            private_folder(path.parent)
            write_text(path, QUIET_CONFIG)
    except OSError:  # an unwritable cache folder only costs the quiet
        return
    os.environ["LSLAPICFG"] = str(path)


def load_pylsl():
    """pylsl, or a BoardError saying how to get it (missing package, or a liblsl that cannot load)."""
    quiet_liblsl()
    try:
        import pylsl
    except ImportError:
        raise BoardError(_("Lab Streaming Layer needs the pylsl package: pip install 'poise[lsl]'"),
                         Reason.MISSING_LIBRARY) from None
    except (RuntimeError, OSError) as exc:  # the package is there but its liblsl cannot be loaded
        raise BoardError(_("pylsl is installed but cannot load liblsl ({exc}); reinstall it with pip install "
                           "--force-reinstall pylsl, or set PYLSL_LIB to a liblsl library").format(exc=exc),
                         Reason.MISSING_LIBRARY) from None
    return pylsl


def channel_layout(info) -> list[tuple[str, str]]:
    """(label, unit) per channel from a full StreamInfo's <desc><channels>, lower-cased; empty where unnamed."""
    out = []
    ch = info.desc().child("channels").child("channel")
    for _channel in range(info.channel_count()):
        if ch.empty():
            out.append(("", ""))
            continue
        out.append((ch.child_value("label").strip().lower(), ch.child_value("unit").strip().lower()))
        ch = ch.next_sibling()
    while len(out) < info.channel_count():
        out.append(("", ""))
    return out


class LslBoard(Board):
    """Reads an LSL stream of corner loads or COP. Never blocks in poll()."""

    def __init__(self, url: BoardURL, clock: Callable[[], float]):
        opts = take_options(url, OPTIONS)
        name = unquote(url.target).strip("/")
        if not name:
            raise BoardURLError(_("lsl:// needs the stream's name: lsl://NAME (poise stream --lsl --name NAME "
                                  "publishes one)"))
        pylsl = load_pylsl()
        self.clock = clock
        self.name = name
        self.guard = CornerGuard()  # corner-load streams: which readings may be used
        found = pylsl.resolve_byprop("name", name, 1, opts["timeout"])
        if not found:
            raise BoardNotFound(_("no Lab Streaming Layer stream called {name!r} answered within {timeout:g} s: is it "
                                  "streaming (poise stream --lsl --name NAME, or the lab's software), on this "
                                  "network, with the same LSL configuration (lsl_api.cfg)?").format(
                name=name, timeout=opts['timeout']))
        self.inlet = pylsl.StreamInlet(found[0], max_buflen=60, processing_flags=pylsl.proc_clocksync)
        try:
            info = self.inlet.info(opts["timeout"])
        except Exception as exc:  # pylsl.TimeoutError and LostError
            raise BoardNotFound(_("the LSL stream {name!r} did not describe itself: {exc}").format(
                name=name, exc=exc)) from None
        layout = channel_layout(info)
        labels = [label for label, _ in layout]
        self.mode, self.columns, self.scale = self._mapping(layout)
        poise = info.desc().child("poise")
        geometry = Geometry(opts["width"] / 2, opts["depth"] / 2)
        if not poise.empty() and "width" not in url.options and poise.child_value("half_x"):
            try:
                geometry = Geometry(float(poise.child_value("half_x")), float(poise.child_value("half_y")))
            except ValueError:
                pass
        rate = info.nominal_srate() or opts["rate"]
        self.weight = opts["weight"]
        self.geometry = geometry
        source = info.source_id() or name
        self.info = BoardInfo(url=url.raw, name=f"LSL stream {name} ({'corner loads' if self.mode == 'loads' else 'COP'})",
                              identity=f"lsl-{source}", rate_hz=float(rate), geometry=geometry)
        self.labels = labels
        # LSL times (the receiver's local_clock) to the host clock, measured once: both are monotonic
        self.offset = clock() - pylsl.local_clock()
        self.last_data = clock()
        self.received = 0
        self.lost = False
        self._pylsl = pylsl

    @staticmethod
    def _mapping(layout: list[tuple[str, str]]) -> tuple[str, list[int], list[float]]:
        labels = [label for label, _ in layout]

        def find(names):
            return next((labels.index(n) for n in names if n in labels), None)

        def scale(i: int, units: dict, what: str) -> float:
            """One channel's unit to kg or mm; an unknown unit on any channel is refused, never guessed."""
            unit = layout[i][1]
            if unit not in units:
                raise BoardError(_("LSL channel {label!r} has unit {unit!r}: {what}").format(
                    label=labels[i], unit=unit, what=what), Reason.PROTOCOL)
            return units[unit]

        loads = "loads must be in kg, N (newton), g or lb"
        if all(c in labels for c in ("tl", "tr", "bl", "br")):
            cols = [labels.index(c) for c in ("tl", "tr", "bl", "br")]
            return "loads", cols, [scale(i, LOAD_UNITS, "corner " + loads) for i in cols]
        ix, iy = find(X_NAMES), find(Y_NAMES)
        if ix is not None and iy is not None:
            cols = [ix, iy]
            scales = [scale(i, LENGTH_UNITS, "a centre of pressure must be in mm, cm or m") for i in cols]
            it = find(TOTAL_NAMES)
            if it is not None:
                scales.append(scale(it, LOAD_UNITS, "the total " + loads))
                cols.append(it)
            return "cop", cols, scales
        shown = ", ".join(label or "(unnamed)" for label in labels) or "none"
        raise BoardError(_("the LSL stream's channels ({shown}) are neither corner loads (tl, tr, bl, br) nor a "
                           "centre of pressure (x, y): label them in the stream's <desc><channels>").format(
            shown=shown), Reason.WRONG_DEVICE)

    def poll(self) -> list[Sample]:
        try:
            rows, stamps = self.inlet.pull_chunk(timeout=0.0, max_samples=4096)
        except Exception:  # pylsl.LostError: the outlet is gone for good
            self.lost = True
            return []
        if not rows:
            return []
        self.last_data = self.clock()
        self.received += len(rows)
        try:
            correction = self.inlet.time_correction(timeout=0.0)
        except Exception:
            correction = 0.0  # not measured yet: the first samples keep the sender's clock
        out = []
        g = self.geometry
        c, k = self.columns, self.scale
        for row, ts in zip(rows, stamps):
            t = ts + correction + self.offset
            if self.mode == "loads":
                loads = [row[c[i]] * k[i] for i in range(4)]
                invalid = self.guard.check(loads)  # a NaN channel, a value out of range, a spike
                out.append(Sample(t, *(v if math.isfinite(v) else 0.0 for v in loads), invalid=invalid))
                continue
            x, y = row[c[0]] * k[0], row[c[1]] * k[1]
            total = row[c[2]] * k[2] if len(c) > 2 else self.weight
            if not (math.isfinite(x) and math.isfinite(y)) or not math.isfinite(total):
                total, x, y = 0.0, 0.0, 0.0  # nobody on the plate
            out.append(Sample(t, *corner_loads(x, y, max(0.0, total), g.half_x, g.half_y)))
        return out

    def status(self) -> BoardStatus:
        silent = self.clock() - self.last_data
        if self.lost or silent > max(SILENT_S, 10.0 / self.info.rate_hz):
            return BoardStatus(connected=False, message=f"LSL stream {self.name}: no samples for {silent:.0f} s "
                                                        "(stopped, or the network is down)", spikes=self.guard.spikes)
        return BoardStatus(connected=True, spikes=self.guard.spikes)

    def close(self) -> None:
        inlet, self.inlet = getattr(self, "inlet", None), None
        if inlet is not None:
            try:
                inlet.close_stream()
            except Exception:
                pass


def monotonic_offset(pylsl) -> float:
    """LSL local_clock() minus time.monotonic(): adds to a host time to give an LSL time stamp."""
    return pylsl.local_clock() - time.monotonic()
