"""Board URLs: `scheme://target?key=value`, with typed, checked options.

Every numeric option must be a finite number; the options boards share have one documented
range each (LIMITS), enforced here for every scheme, so `sim://?rate=inf` or `replay://x?speed=nan`
stop with one line naming the option and its range.
"""
from __future__ import annotations

import dataclasses
import difflib
from typing import Any, Callable
from urllib.parse import parse_qsl, urlsplit

from . import numbers
from .errors import BoardURLError
from poise.i18n import _

# option name -> (lowest, highest) allowed value, for every scheme that has the option
LIMITS: dict[str, tuple[float, float]] = {
    "rate": (1.0, 1000.0),  # samples per second
    "weight": (1.0, 400.0),  # kg
    "height": (50.0, 250.0),  # cm
    "noise": (0.0, 5.0),  # kg per corner
    "arrive": (-3600.0, 3600.0),  # s (negative: never steps on)
    "zero": (-50.0, 50.0),  # kg per corner
    "gains": (-10.0, 10.0),  # per-corner factor, 0.1 to 10 in size; negative: a load cell wired the other way round
    "speed": (0.01, 10000.0),  # replay: times real time; keys, pad: times the normal key speed
    "sway": (0.0, 20.0),  # keys, pad: mm RMS of the sway added to the hands' balance point
    "timeout": (0.01, 600.0),  # s
    "width": (10.0, 5000.0),  # mm
    "depth": (10.0, 5000.0),  # mm
    "baud": (300, 4_000_000),
    "loop": (0, 1),
    "skill": (0.0, 1.0),
    "jitter": (0.0, 1.0),
}


@dataclasses.dataclass(frozen=True)
class BoardURL:
    raw: str
    scheme: str
    target: str  # what follows "scheme://" up to "?": a path, an address, or ""
    options: dict[str, str]


def parse(url: str) -> BoardURL:
    """Split a board URL; `auto` and bare scheme names are accepted as they are."""
    text = url.strip()
    if "://" not in text:
        if text in ("auto", ""):
            return BoardURL(text or "auto", "auto", "", {})
        raise BoardURLError(_("board URL {url!r} has no scheme: write it like sim:// or serial:///dev/ttyACM0").format(
            url=url))
    parts = urlsplit(text)
    target = (parts.netloc + parts.path) if parts.netloc else parts.path
    try:
        options = dict(parse_qsl(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query)))
    except ValueError:
        raise BoardURLError(_("board URL {url!r} has a malformed option list after '?'").format(url=url)) from None
    return BoardURL(text, parts.scheme.lower(), target, options)


def take_options(url: BoardURL, spec: dict[str, tuple[Callable[[str], Any], Any]]) -> dict[str, Any]:
    """Convert the URL's options by `spec` {name: (type, default)}; unknown names are an error."""
    values = {name: default for name, (_, default) in spec.items()}
    for key, raw in url.options.items():
        if key not in spec:
            hint = difflib.get_close_matches(key, spec, n=1)
            also = f" (did you mean {hint[0]!r}?)" if hint else f" (known: {', '.join(sorted(spec))})" if spec \
                else f" ({url.scheme}:// takes no options)"
            raise BoardURLError(_("board URL {raw!r}: unknown option {key!r}{also}").format(
                raw=url.raw, key=key, also=also))
        kind = spec[key][0]
        try:
            value = kind(raw)
            for v in value if isinstance(value, tuple) else (value,):
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    numbers.check(v, *LIMITS.get(key, (None, None)))
        except (ValueError, TypeError, OverflowError) as exc:
            raise BoardURLError(_("board URL {raw!r}: option {key}={given!r} is not valid: {exc}").format(
                raw=url.raw, key=key, given=raw, exc=exc)) from None
        values[key] = value
    return values


def fraction(text: str) -> float:
    """A number from 0 to 1."""
    return numbers.parse(text, 0.0, 1.0)


def positive(text: str) -> float:
    """A finite number greater than 0."""
    return numbers.parse(text, 0.0, lo_open=True)


def choice(*allowed: str) -> Callable[[str], str]:
    def check(text: str) -> str:
        if text not in allowed:
            raise ValueError(_("must be one of {choices}").format(choices=', '.join(allowed)))
        return text

    return check
