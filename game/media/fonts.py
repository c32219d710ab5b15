"""Glyphs for every script: text in the game's own font, and the letters it lacks from a system font that has them.

The game's typeface (pygame's bundled FreeSans Bold) covers Latin. A name or goal in Greek, Cyrillic,
Chinese, Japanese, Korean or Devanagari would print as empty boxes, so a line is cut into runs by the
first font that holds each character — the game's own, then one the system has for that character
(fontconfig's `fc-match` on Linux and BSD, the usual font files on Windows and macOS) — and the runs
are drawn side by side on one baseline. Nothing is downloaded: a script no installed font covers is
drawn in the game's font (boxes), and `missing()` says which characters those are.

Which installed font holds a character is poise.game.media.fontfiles' business (the clinical PDF uses it too).
"""
from __future__ import annotations

import functools
from pathlib import Path

import pygame

from poise.game.media.fontfiles import covers, fallback

__all__ = ["covers", "fallback", "font", "missing", "primary", "render", "runs", "size"]


@functools.cache
def primary() -> Path:
    """The game's own typeface file (bundled with pygame)."""
    return Path(pygame.__file__).resolve().parent / pygame.font.get_default_font()


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
