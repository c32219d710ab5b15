"""One rule for every number that comes from outside: finite, and inside a stated range.

Used by the board URL options (drivers/url.py), the level files (game/level/levelfile.py) and the
command line (game/cli/main.py), so the three say the same thing in the same words.
"""
from __future__ import annotations

import math
from poise.i18n import _


def describe(lo: float | None, hi: float | None, lo_open: bool = False) -> str:
    """The allowed range in words: 'a finite number between 2 and 300', '... greater than 0 and at most 3600'."""
    if lo is not None and hi is not None and not lo_open:
        return f"a finite number between {lo:g} and {hi:g}"
    parts = []
    if lo is not None:
        parts.append(f"greater than {lo:g}" if lo_open else f"at least {lo:g}")
    if hi is not None:
        parts.append(f"at most {hi:g}")
    return "a finite number" + (" " + " and ".join(parts) if parts else "")


def check(value: float, lo: float | None = None, hi: float | None = None, lo_open: bool = False) -> float:
    """`value` if it is finite and within [lo, hi] (or (lo, hi] with lo_open); else ValueError.

    The message is the allowed range ('must be a finite number between 1 and 500'),
    for the caller to prefix with the flag, option or file:line.
    """
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if ok and lo is not None:
        ok = value > lo if lo_open else value >= lo
    if ok and hi is not None:
        ok = value <= hi
    if not ok:
        raise ValueError(_("must be {describe}, not {value!r}").format(describe=describe(lo, hi, lo_open), value=value))
    return value


def _whole(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None:
        return f"a whole number from {lo:g} to {hi:g}"
    if lo is not None:
        return f"a whole number at least {lo:g}"
    return "a whole number" + (f" at most {hi:g}" if hi is not None else "")


def parse(text: str, lo: float | None = None, hi: float | None = None, lo_open: bool = False,
          integer: bool = False) -> float | int:
    """A number from text, checked by `check`; ValueError naming the range if it is not one."""
    text = str(text).strip()
    try:
        value = int(text) if integer else float(text)
    except (ValueError, OverflowError):
        kind = _whole(lo, hi) if integer else describe(lo, hi, lo_open)
        raise ValueError(_("must be {kind}, not {text!r}").format(kind=kind, text=text)) from None
    if integer:
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise ValueError(_("must be {whole}, not {value}").format(whole=_whole(lo, hi), value=value))
        return value
    return check(value, lo, hi, lo_open)
