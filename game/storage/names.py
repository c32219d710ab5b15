"""Player names as people read them: one spelling per name, compared without regard to case in any script.

`José` typed with a composed é (NFC) and with e + combining accent (NFD) looks the same and is the same
name; `ÄRNE` and `ärne` are one name as `Ana` and `ana` are. So a name is stored in Unicode NFC, with runs
of white space as one space, and compared by its key: NFC, then case-folded (Unicode's full case
folding, which also folds ß to ss). Control and format characters (terminal escapes, bidi overrides,
zero-width marks) are refused: they could make a name print as something else.
"""
from __future__ import annotations

import unicodedata

MAX_LENGTH = 40
REFUSED = {"Cc", "Cf", "Cs", "Co", "Cn"}  # control, format, surrogate, private use, unassigned


def clean(name: str) -> str:
    """`name` in NFC, white space collapsed, control and format characters removed (for names stored before
    they were refused)."""
    text = unicodedata.normalize("NFC", name)
    text = "".join(c for c in text if unicodedata.category(c) not in REFUSED or c.isspace())
    return " ".join(text.split())


def problem(name: str) -> str | None:
    """Why `name` cannot be a player's name (empty, too long, a control character), or None."""
    text = " ".join(unicodedata.normalize("NFC", name).split())
    if not text:
        return "a player name cannot be empty"
    bad = next((c for c in text if unicodedata.category(c) in REFUSED), None)
    if bad is not None:
        return f"a player name cannot hold control characters (U+{ord(bad):04X})"
    if len(text) > MAX_LENGTH:
        return f"a player name can be at most {MAX_LENGTH} characters"
    return None


def normal(name: str) -> str:
    """The name as stored: NFC, runs of white space as one space."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def key(name: str) -> str:
    """What two names are compared by: NFC, case-folded, then NFC again (folding can decompose)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", normal(name)).casefold())
