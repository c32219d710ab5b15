"""Font files for every script, without pygame: which installed font holds a character (the game's text and the
clinical PDF both use it).

A name or goal in Greek, Cyrillic, Chinese, Japanese, Korean or Devanagari needs glyphs no single typeface
has, so each character the main font lacks is looked up in a font the system offers for it (fontconfig's
`fc-match` and `fc-list` on Linux and BSD, the usual font files on Windows and macOS). Nothing is downloaded: a
character no installed font covers has none (`fallback` gives None). A font's character map is read with
fontTools (a matplotlib dependency).
"""
from __future__ import annotations

import functools
import shutil
import subprocess
import sys
from pathlib import Path

# Fonts that carry whole scripts, where the platforms keep them: tried when fontconfig is not there.
_CANDIDATES = {
    "win32": ["C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/msyh.ttc", "C:/Windows/Fonts/YuGothM.ttc",
              "C:/Windows/Fonts/malgun.ttf", "C:/Windows/Fonts/Nirmala.ttf", "C:/Windows/Fonts/seguisym.ttf"],
    "darwin": ["/System/Library/Fonts/Helvetica.ttc", "/System/Library/Fonts/PingFang.ttc",
               "/System/Library/Fonts/Hiragino Sans GB.ttc", "/System/Library/Fonts/AppleSDGothicNeo.ttc",
               "/System/Library/Fonts/Kohinoor.ttc", "/Library/Fonts/Arial Unicode.ttf"],
}


@functools.cache
def _charmap(path: Path) -> frozenset[int]:
    """The code points a font file (.ttf, .otf, .ttc: its first face) has glyphs for; empty if unreadable."""
    from fontTools.ttLib import TTCollection, TTFont

    try:
        if path.suffix.lower() == ".ttc":
            face = TTCollection(str(path), lazy=True).fonts[0]
        else:
            face = TTFont(str(path), lazy=True)
        return frozenset(face.getBestCmap() or ())
    except Exception:  # a broken or unreadable font file is one we cannot use, not a crash
        return frozenset()


def covers(path: Path, ch: str) -> bool:
    return ord(ch) in _charmap(path)


_found: list[Path] = []  # fallback fonts already in use: asked first, so a name costs one look-up, not one a letter


@functools.lru_cache(maxsize=4096)
def fallback(ch: str) -> Path | None:
    """An installed font file that has a glyph for `ch`, None when none does (or `ch` is a control)."""
    if not ch.isprintable():
        return None
    for path in _found:
        if covers(path, ch):
            return path
    for path in _system_fonts_for(ch):
        if covers(path, ch):
            _found.append(path)
            return path
    return None


def _system_fonts_for(ch: str) -> list[Path]:
    """Font files the system offers for `ch`, best first: fontconfig's match, then every font it lists with the
    glyph (sans-serif faces first), or the platform's usual files."""
    if shutil.which("fc-match"):
        charset = f":charset={ord(ch):x}"
        found = _fc(["fc-match", "-f", "%{file}", "sans-serif" + charset])
        listed = sorted(_fc(["fc-list", charset, "file"]).split("\n"),
                        key=lambda f: (not any(k in f for k in ("Sans", "Gothic", "Hei")), f))
        return [Path(f.rstrip(": ")) for f in [found, *listed] if f.strip()]
    return [Path(name) for name in _CANDIDATES.get(sys.platform, []) if Path(name).exists()]


def _fc(argv: list[str]) -> str:
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
