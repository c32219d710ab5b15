"""Board URLs: `scheme://target?key=value`, with typed, checked options."""
from __future__ import annotations

import dataclasses
import difflib
from typing import Any, Callable
from urllib.parse import parse_qsl, urlsplit

from .errors import BoardURLError


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
        raise BoardURLError(f"board URL {url!r} has no scheme: write it like sim:// or serial:///dev/ttyACM0")
    parts = urlsplit(text)
    target = (parts.netloc + parts.path) if parts.netloc else parts.path
    try:
        options = dict(parse_qsl(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query)))
    except ValueError:
        raise BoardURLError(f"board URL {url!r} has a malformed option list after '?'") from None
    return BoardURL(text, parts.scheme.lower(), target, options)


def take_options(url: BoardURL, spec: dict[str, tuple[Callable[[str], Any], Any]]) -> dict[str, Any]:
    """Convert the URL's options by `spec` {name: (type, default)}; unknown names are an error."""
    values = {name: default for name, (_, default) in spec.items()}
    for key, raw in url.options.items():
        if key not in spec:
            hint = difflib.get_close_matches(key, spec, n=1)
            also = f" (did you mean {hint[0]!r}?)" if hint else f" (known: {', '.join(sorted(spec))})"
            raise BoardURLError(f"board URL {url.raw!r}: unknown option {key!r}{also}")
        kind = spec[key][0]
        try:
            values[key] = kind(raw)
        except ValueError as exc:
            raise BoardURLError(f"board URL {url.raw!r}: option {key}={raw!r} is not valid: {exc}") from None
    return values


def fraction(text: str) -> float:
    """A number from 0 to 1."""
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise ValueError("must be between 0 and 1")
    return value


def positive(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise ValueError("must be greater than 0")
    return value


def choice(*allowed: str) -> Callable[[str], str]:
    def check(text: str) -> str:
        if text not in allowed:
            raise ValueError(f"must be one of {', '.join(allowed)}")
        return text

    return check
