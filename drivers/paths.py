"""What each board path can and cannot correct, in one place: `poise boards` prints it and docs/boards.md
shows the same table (a test keeps the two alike). Plain English sentences, marked for the catalogue and put
into the reader's language where they are printed; no I/O."""
from __future__ import annotations

import dataclasses

from poise.i18n import N_, _


@dataclasses.dataclass(frozen=True)
class PathLimits:
    url: str
    zeroing: str
    clamps: str
    spikes: str
    rates: str
    timing: str

    def lines(self) -> list[str]:
        """The row as `poise boards` prints it, in the reader's language (the fields' names stay as in the table)."""
        return [f"{k}: {_(getattr(self, k))}" for k in ("zeroing", "clamps", "spikes", "rates", "timing")]


PATHS = (
    PathLimits(
        "wii://",
        N_("software zero tracking on top of the factory calibration, below zero too (a board reading -21 kg empty is "
           "zeroed); gains refined by poise calibrate"),
        N_("none: readings below the factory zero arrive as they are"),
        N_("one-sample spikes on one corner (a few kg up); dead batteries (all four sensors 0) named, no weight shown"),
        N_("measured from the samples and shown beside the nominal 60 Hz; Bluetooth drops reconnect by themselves"),
        N_("host arrival times only (the board has no clock): sensing times are estimated from them")),
    PathLimits(
        "wii-evdev://",
        N_("software zero tracking for a board that reads above zero; CANNOT see below the factory zero: a board that "
           "reads below zero empty weighs people light by an unknown amount (use wii://)"),
        N_("the kernel reports 0 at or below each sensor's factory zero, in 10 g steps: a corner at 0 under a person "
           "is marked unusable and named"),
        N_("one-sample spikes on one corner, as wii://; no battery level, so dead batteries read as an empty board"),
        N_("the kernel sends only changes: the last reading is repeated at 60 Hz, so the rate shown is nominal"),
        N_("host arrival times only; no calibration wizard (the kernel applies the factory calibration)")),
    PathLimits(
        "serial://",
        N_("tare and per-corner gains from poise calibrate, then zero tracking; a reversed cell's sign is absorbed"),
        N_("counts within 1 % of the HX711's full scale are no reading; beyond 60 % (more than a load cell gives) the "
           "board is named a fault (firmware timing, gain, wiring)"),
        N_("HX711 glitch codes and one-sample excursions of one corner (stretched reads) left out and counted"),
        N_("measured; lost, duplicated and late frames counted; a stuck clock or sequence number named"),
        N_("the board's own microsecond clock gives sensing times; a slow bootloader is waited for up to 12 s")),
    PathLimits(
        "lsl://",
        N_("none: a lab's force plate is zeroed by its own software"),
        N_("corner loads outside -20..200 kg are left out; units converted (kg, N, g, lb; mm, cm, m), unknown ones "
           "refused"),
        N_("one-sample spikes on corner-load streams; none on centre-of-pressure streams"),
        N_("the stream's nominal rate; silence over 1 s reported as disconnected"),
        N_("the stream's own time stamps, corrected for the sender's clock offset")),
    PathLimits(
        "replay://",
        N_("none: plays what was recorded"),
        N_("none: the recording's invalid marks are kept and left out as they were"),
        N_("none beyond the recording's own marks"),
        N_("the recording's own; gaps over 1 s are played as 1 s"),
        N_("the recording's times, and its board clock where it has one")),
    PathLimits(
        "sim://, keys://, pad://",
        N_("not needed: simulated or controlled, no real person's data (said on screen, on stderr, in --json and in "
           "what is stored)"),
        N_("none"), N_("none"), N_("as set (sim://?rate=)"), N_("host time (or the virtual clock of a demo)")),
)


def limits_for(url: str) -> PathLimits | None:
    """The row for a board URL (by its scheme), or None."""
    scheme = url.split("://", 1)[0] + "://"
    return next((p for p in PATHS if scheme in [u.strip() for u in p.url.split(",")]), None)
