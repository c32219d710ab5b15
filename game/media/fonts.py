"""Glyphs for every script: text in the game's own font, and the letters it lacks from a system font that has them.

The game's typeface (pygame's bundled FreeSans Bold) covers Latin. A name or goal in Greek, Cyrillic,
Chinese, Japanese, Korean or Devanagari would print as empty boxes, so a line is cut into runs by the
first font that holds each character — the game's own, then one the system has for that character
(fontconfig's `fc-match` on Linux and BSD, the usual font files on Windows and macOS) — and the runs
are drawn side by side on one baseline. Nothing is downloaded: a script no installed font covers is
drawn in the game's font (boxes), and `missing()` says which characters those are.

Which characters a font holds is read from its character map with fontTools (a matplotlib dependency).
"""
from __future__ import annotations

import functools
import shutil
import subprocess
import sys
from pathlib import Path

import pygame

# Fonts that carry whole scripts, where the platforms keep them: tried when fontconfig is not there.
_CANDIDATES = {
    "win32": ["C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/msyh.ttc", "C:/Windows/Fonts/YuGothM.ttc",
              "C:/Windows/Fonts/malgun.ttf", "C:/Windows/Fonts/Nirmala.ttf", "C:/Windows/Fonts/seguisym.ttf"],
    "darwin": ["/System/Library/Fonts/Helvetica.ttc", "/System/Library/Fonts/PingFang.ttc",
               "/System/Library/Fonts/Hiragino Sans GB.ttc", "/System/Library/Fonts/AppleSDGothicNeo.ttc",
               "/System/Library/Fonts/Kohinoor.ttc", "/Library/Fonts/Arial Unicode.ttf"],
}


@functools.cache
def primary() -> Path:
    """The game's own typeface file (bundled with pygame)."""
    return Path(pygame.__file__).resolve().parent / pygame.font.get_default_font()


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


def runs(content: str) -> list[tuple[Path, str]]:
    """`content` cut into (font file, text) runs: the game's font wherever it has the glyph."""
    own = primary()
    if content.isascii():
        return [(own, content)]
    out: list[tuple[Path, str]] = []
    for ch in content:
        path = own if (ch.isspace() or covers(own, ch)) else (fallback(ch) or own)
        if out and out[-1][0] == path:
            out[-1] = (path, out[-1][1] + ch)
        else:
            out.append((path, ch))
    return out


def missing(content: str) -> str:
    """The characters of `content` no installed font can draw (they show as boxes)."""
    own = primary()
    return "".join(sorted({ch for ch in content if not ch.isspace() and not covers(own, ch) and fallback(ch) is None}))


@functools.cache
def font(path: Path, size: int, bold: bool) -> pygame.font.Font:
    f = pygame.font.Font(None if path == primary() else str(path), size)
    f.set_bold(bold and path == primary())  # the game's bold face; fallbacks keep their own weight
    return f


def size(content: str, size_px: int, bold: bool = False) -> tuple[int, int]:
    """(width, height) in px that `render` gives `content`."""
    parts = runs(content)
    if len(parts) == 1:
        return font(parts[0][0], size_px, bold).size(content)
    fonts = [font(p, size_px, bold) for p, _ in parts]
    width = sum(f.size(t)[0] for f, (_, t) in zip(fonts, parts))
    return width, max(f.get_ascent() for f in fonts) + max(-f.get_descent() for f in fonts)


def render(content: str, size_px: int, bold: bool, rgb: tuple) -> pygame.Surface:
    """`content` drawn antialiased in `rgb`, each run in a font that has its glyphs, on one baseline."""
    parts = runs(content)
    if len(parts) == 1:
        return font(parts[0][0], size_px, bold).render(content, True, rgb)
    fonts = [font(p, size_px, bold) for p, _ in parts]
    ascent = max(f.get_ascent() for f in fonts)
    images = [f.render(t, True, rgb) for f, (_, t) in zip(fonts, parts)]
    width, height = size(content, size_px, bold)
    out = pygame.Surface((width, height), pygame.SRCALPHA)
    x = 0
    for f, img in zip(fonts, images):
        out.blit(img, (x, ascent - f.get_ascent()))
        x += img.get_width()
    return out
