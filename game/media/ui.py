"""Drawing helpers shared by every screen: palette, fonts, panels, text, buttons, stars.

Everything reads state and draws; nothing here changes the game.

Screens lay out on a canvas of logical pixels, always 720 high and as wide as the window's shape
allows (1152 to 1600; game/engine/display.py scales it to the window). Nothing here knows its size: every
draw is handed a Frame (game/media/frame.py) and lays out in it. While a `Layout` is
recording (the layout test), every text, panel and marked shape drawn is noted with its rectangle,
so overlaps and text outside its panel can be found on every screen at every size.
"""
from __future__ import annotations

import functools
import math
import tomllib

import pygame

from poise import assets
from poise.game.media import fonts

MIN_TEXT = 24  # logical px: no text smaller (20 px on a 1024x600 screen, 36 px at 1920x1080)
TOP_BAR = 64  # logical px: the bar across the top of a screen (top_bar); what is under it is the screen's own


class Layout:
    """What one frame drew, in order: texts, panels and marked shapes with their rectangles.

    A panel drawn (nearly) opaque hides what it covers; `problems` lists text overlapping other
    visible text, text or shapes leaving the panel they sit in, text off the canvas and text too small.
    """

    def __init__(self):
        self.items: list[dict] = []
        self.cut: list[str] = []

    def clear(self) -> None:
        self.items.clear()
        self.cut.clear()

    def add(self, kind: str, rect: pygame.Rect, label: str = "", size: int = 0, opaque: bool = False) -> None:
        rect = pygame.Rect(rect)
        if opaque:  # what it covers cannot be seen any more; what it covers in part is cut in two
            for item in self.items:
                if not item["visible"] or not item["rect"].colliderect(rect):
                    continue
                if item["kind"] != "panel" and not rect.contains(_ink(item["rect"])) and \
                        rect.clip(_ink(item["rect"])).width > 2 and rect.clip(_ink(item["rect"])).height > 2:
                    self.cut.append(f"{item['kind']} {item['label']!r} {tuple(item['rect'])} is half hidden "
                                    f"under {kind} {label!r} {tuple(rect)}")
                if item["kind"] != "panel" or rect.contains(item["rect"]):
                    item["visible"] = False
        self.items.append({"kind": kind, "rect": rect, "label": label, "size": size, "visible": True})

    def backdrop(self) -> None:
        """Everything drawn so far is now background (dimmed behind a box): no longer checked."""
        for item in self.items:
            item["visible"] = False

    def see_through(self, rect: pygame.Rect) -> None:
        """A dark overlay meant to hide what is under it, but not quite opaque: anything under it shows through."""
        for item in self.items:
            if item["visible"] and item["kind"] != "panel" and item["rect"].colliderect(rect):
                self.cut.append(f"{item['kind']} {item['label']!r} {tuple(item['rect'])} shows through a dark overlay")
                item["visible"] = False

    def panel_of(self, index: int) -> dict | None:
        """The panel item `index` sits in: the last visible one drawn before it (on top) that holds its centre or,
        for text running out to the right, its start."""
        rect = self.items[index]["rect"]
        start = (rect.left + 2, rect.centery)
        for item in reversed(self.items[:index]):
            if item["kind"] == "panel" and item["visible"] and (item["rect"].collidepoint(rect.center) or
                                                                item["rect"].collidepoint(start)):
                return item
        return None

    def problems(self, canvas: tuple[int, int]) -> list[str]:
        out = list(self.cut)
        screen = pygame.Rect((0, 0), canvas)
        texts = []
        for i, item in enumerate(self.items):
            if item["kind"] == "panel" and item["visible"] and not screen.contains(item["rect"]):
                out.append(f"panel {tuple(item['rect'])} runs off the {canvas[0]}x{canvas[1]} canvas")
            if not item["visible"] or item["kind"] == "panel":
                continue
            r = item["rect"]
            name = f"{item['kind']} {item['label']!r}"
            if item["kind"] == "text":
                if item["size"] < MIN_TEXT:
                    out.append(f"{name} is {item['size']} px, under {MIN_TEXT}")
                if not screen.contains(r):
                    out.append(f"{name} at {tuple(r)} runs off the {canvas[0]}x{canvas[1]} canvas")
                texts.append(item)
            panel = self.panel_of(i)
            if panel is not None and not panel["rect"].inflate(4, 4).contains(r):
                out.append(f"{name} at {tuple(r)} leaves its panel {tuple(panel['rect'])}")
        for i, a in enumerate(texts):
            ra = _ink(a["rect"])
            for b in texts[i + 1:]:
                overlap = ra.clip(_ink(b["rect"]))
                if overlap.width > 2 and overlap.height > 2:
                    out.append(f"text {a['label']!r} {tuple(a['rect'])} overlaps text {b['label']!r} {tuple(b['rect'])}")
        return out


def _ink(rect: pygame.Rect) -> pygame.Rect:
    """A text's rectangle without the font's empty line spacing above and below the letters."""
    return rect.inflate(-2, -round(0.3 * rect.height))


RECORDING: Layout | None = None  # set by the layout test; None in play


@functools.lru_cache(maxsize=16)
def _shade_layer(size: tuple[int, int], rgb: tuple, alpha: int) -> pygame.Surface:
    layer = pygame.Surface(size, pygame.SRCALPHA)
    layer.fill((*rgb, alpha))
    return layer


def mark(kind: str, rect, label: str = "") -> None:
    """Note a drawn shape that must stay inside its panel (a zone, a timer ring, a button)."""
    if RECORDING is not None:
        RECORDING.add(kind, pygame.Rect(rect), label)


def shade(surface: pygame.Surface, alpha: int, rect: pygame.Rect | None = None, rgb=(5, 10, 20)) -> None:
    """Darken the screen (or `rect`) to draw something over it; at alpha 240 or more it hides what is under."""
    rect = pygame.Rect(rect or surface.get_rect())
    if alpha >= 255:
        surface.fill(rgb, rect)
    else:
        surface.blit(_shade_layer(tuple(rect.size), tuple(rgb), alpha), rect)
    if RECORDING is not None:
        if alpha >= 250:
            RECORDING.add("shade", rect, opaque=True)
            RECORDING.items[-1]["visible"] = False
        elif alpha >= 200:
            RECORDING.see_through(rect)
        else:
            RECORDING.backdrop()


_PALETTE = {"colour_safe": False}  # Settings > colour-blind safe colours: set through use_colour_safe


@functools.cache
def palette(colour_safe: bool | None = None) -> dict[str, tuple[int, int, int]]:
    """The theme's colours by name (assets/theme.toml), with its colour-blind safe ones in place when asked
    (`colour_safe`, default: the setting in force)."""
    if colour_safe is None:
        return palette(_PALETTE["colour_safe"])
    data = tomllib.loads(assets.path("theme.toml").read_text(encoding="utf-8"))
    names = data["colours"] | (data.get("colour_safe", {}) if colour_safe else {})
    return {name: tuple(int(value[i:i + 2], 16) for i in (1, 3, 5)) for name, value in names.items()}


def use_colour_safe(on: bool) -> None:
    """Draw with the colour-blind safe palette from now on (or the usual one)."""
    _PALETTE["colour_safe"] = bool(on)
    palette.cache_clear()


def colour(name: str) -> tuple[int, int, int]:
    return palette()[name]


TEXT_SIZES = {"normal": 1.0, "large": 1.15, "largest": 1.3}  # Settings > Text size: every text's size times this
_TEXT = {"scale": 1.0}


def use_text_size(name: str) -> None:
    """Draw every text at the size named in TEXT_SIZES from now on (an unknown name: normal)."""
    _TEXT["scale"] = TEXT_SIZES.get(name, 1.0)


def px(size: float) -> int:
    """The px a text asked for at `size` is drawn at, with the text size setting in force."""
    return max(1, round(size * _TEXT["scale"]))


def text_size(content: str, size: int = 32, bold: bool = False) -> tuple[int, int]:
    """(width, height) px of `content` as `text` draws it (fallback fonts included for other scripts)."""
    return fonts.size(content, px(size), bold)


@functools.cache
def background(size: tuple[int, int], top: str = "bg_top", bottom: str = "bg_bottom") -> pygame.Surface:
    """A vertical gradient, drawn once per size."""
    w, h = size
    surf = pygame.Surface(size)
    a, b = colour(top), colour(bottom)
    for y in range(h):
        k = y / max(1, h - 1)
        pygame.draw.line(surf, [round(a[i] + (b[i] - a[i]) * k) for i in range(3)], (0, y), (w, y))
    return surf


def text(surface: pygame.Surface, content: str, pos: tuple[float, float], size: int = 32,
         col: str | tuple = "text", anchor: str = "topleft", bold: bool = False, alpha: int = 255) -> pygame.Rect:
    rgb = colour(col) if isinstance(col, str) else col
    size = px(size)
    img = _render(content, size, bold, rgb)
    if alpha < 255:
        img = img.copy()
        img.set_alpha(alpha)
    rect = img.get_rect(**{anchor: (round(pos[0]), round(pos[1]))})
    surface.blit(img, rect)
    if RECORDING is not None and content.strip():
        RECORDING.add("text", rect, content, size)
    return rect


def fitted(content: str, width: float, size: int, bold: bool = False, smallest: int = MIN_TEXT) -> tuple[str, int]:
    """`content` at `size` or smaller (not drawn under `smallest` px) so it fits `width`; cut short with '…' if it
    still does not. The size returned is one to hand `text` (the text size setting is applied there)."""
    while px(size - 1) >= smallest and text_size(content, size, bold)[0] > width:
        size -= 1
    if text_size(content, size, bold)[0] <= width:
        return content, size
    while content and text_size(content + "…", size, bold)[0] > width:
        content = content[:-1]
    return content.rstrip() + "…", size


def cut(content: str, width: float, size: int, bold: bool = False) -> str:
    """`content` cut short with '…' so it fits `width` when drawn at `size` (never made smaller)."""
    return fitted(content, width, size, bold, smallest=px(size))[0]


def label_value(surface: pygame.Surface, label: str, value: str, left: float, right: float, y: float, size: int = 24,
                label_col: str = "muted", value_col: str = "text", value_size: int | None = None,
                bold: bool = False) -> int:
    """One row of a panel: `label` from `left`, `value` right-aligned at `right`, both at the top `y`, each made to
    fit (the value first, in what the label leaves but never under 55 % of the row; the label in the rest), so a
    longer translation shrinks or is cut short with '…' instead of running over its neighbour. Returns the y
    below the row (taller where a script is drawn from a fallback font)."""
    inner = right - left
    value_room = max(inner - text_size(label, size)[0] - 12, round(0.55 * inner))
    shown = fit_text(surface, value, value_room, (right, y), value_size or size, value_col, anchor="topright",
                     bold=bold)
    return max(shown.bottom, fit_text(surface, label, shown.left - 12 - left, (left, y), size, label_col).bottom)


def fit_text(surface: pygame.Surface, content: str, width: float, pos: tuple[float, float], size: int = 32,
             col: str | tuple = "text", anchor: str = "topleft", bold: bool = False) -> pygame.Rect:
    """`text`, made to fit `width` canvas px as `fitted` does (smaller, then cut short)."""
    words, fitted_size = fitted(content, width, size, bold)
    return text(surface, words, pos, fitted_size, col, anchor=anchor, bold=bold)


@functools.lru_cache(maxsize=512)
def _render(content: str, size: int, bold: bool, rgb: tuple) -> pygame.Surface:
    return fonts.render(content, size, bold, rgb)


def wrap_lines(content: str, width: float, size: int) -> list[list[str]]:
    """`content` cut into lines no wider than `width` at `size`, per paragraph (a word wider than that keeps a line
    of its own)."""
    out = []
    for paragraph in content.split("\n"):
        lines, line = [], ""
        for word in paragraph.split():
            trial = f"{line} {word}".strip()
            if text_size(trial, size)[0] > width and line:
                lines.append(line)
                line = word
            else:
                line = trial
        out.append(lines + [line])
    return out


def wrapped_height(content: str, width: float, size: int = 30, line_gap: float = 1.25) -> int:
    """How many px `wrapped` takes for `content` in `width` at `size`."""
    step = round(px(size) * line_gap * 0.75)
    return sum(len(lines) * step + 6 for lines in wrap_lines(content, width, size))


def wrapped(surface: pygame.Surface, content: str, rect: pygame.Rect, size: int = 30, col: str = "text",
            line_gap: float = 1.25) -> int:
    """Word-wrapped paragraph(s) inside `rect`; returns the y below the last line."""
    y = rect.top
    step = round(px(size) * line_gap * 0.75)
    for lines in wrap_lines(content, rect.width, size):
        for line in lines:
            text(surface, line, (rect.left, y), size, col)
            y += step
        y += 6
    return y


def panel(surface: pygame.Surface, rect: pygame.Rect, col: str = "panel", radius: int = 18,
          border: str | None = "panel_edge", alpha: int = 235) -> None:
    if RECORDING is not None:
        RECORDING.add("panel", rect, col, opaque=alpha >= 240)
    surface.blit(_panel_layer(tuple(rect.size), col, radius, border, alpha), rect)


@functools.lru_cache(maxsize=256)
def _panel_layer(size: tuple[int, int], col: str, radius: int, border: str | None, alpha: int) -> pygame.Surface:
    layer = pygame.Surface(size, pygame.SRCALPHA)
    pygame.draw.rect(layer, (*colour(col), alpha), layer.get_rect(), border_radius=radius)
    if border:
        pygame.draw.rect(layer, (*colour(border), 255), layer.get_rect(), width=2, border_radius=radius)
    return layer


def button(surface: pygame.Surface, rect: pygame.Rect, label: str, selected: bool, size: int = 36) -> None:
    panel(surface, rect, "accent" if selected else "panel", radius=14,
          border="accent_light" if selected else "panel_edge", alpha=255 if selected else 200)
    words, size = fitted(label, rect.width - 24, size, bold=selected)
    text(surface, words, rect.center, size, "ink" if selected else "text", anchor="center", bold=selected)


def star(surface: pygame.Surface, centre: tuple[float, float], radius: float, filled: bool) -> None:
    cx, cy = centre
    mark("star", (cx - radius, cy - radius, 2 * radius, 2 * radius))
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.45
        a = -math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    if filled:
        pygame.draw.polygon(surface, colour("gold"), points)
    pygame.draw.polygon(surface, colour("gold"), points, width=3)


def glow_circle(surface: pygame.Surface, col: tuple[int, int, int], centre: tuple[float, float], radius: float,
                width: int = 4, glow: int = 14) -> None:
    """A ring with a soft halo, for targets."""
    mark("ring", (centre[0] - radius, centre[1] - radius, 2 * radius, 2 * radius))
    layer = _glow_layer(tuple(col), int(radius), width, glow)
    c = layer.get_width() // 2
    surface.blit(layer, (round(centre[0]) - c, round(centre[1]) - c))


@functools.lru_cache(maxsize=64)
def _glow_layer(col: tuple[int, int, int], radius: int, width: int, glow: int) -> pygame.Surface:
    size = int(2 * (radius + glow + 2))
    layer = pygame.Surface((size, size), pygame.SRCALPHA)
    c = size // 2
    for i in range(glow, 0, -3):
        pygame.draw.circle(layer, (*col, int(60 * (1 - i / glow)) + 8), (c, c), int(radius + i / 2), width=3)
    pygame.draw.circle(layer, (*col, 60), (c, c), radius)
    pygame.draw.circle(layer, (*col, 255), (c, c), radius, width=width)
    return layer


def ring_timer(surface: pygame.Surface, centre: tuple[float, float], radius: float, fraction: float,
               label: str, col: str = "accent") -> None:
    """A ring whose arc shows `fraction` (0..1) from the top, clockwise: the time left of a countdown, or the
    share done of a level; `label` in the middle says the same thing the arc shows."""
    rect = pygame.Rect(0, 0, 2 * radius, 2 * radius)
    rect.center = (round(centre[0]), round(centre[1]))
    mark("timer", rect)
    pygame.draw.circle(surface, colour("panel_edge"), rect.center, int(radius), width=10)
    if fraction > 0:
        start = math.pi / 2
        pygame.draw.arc(surface, colour(col), rect, start, start + 2 * math.pi * min(1.0, fraction), width=10)
    text(surface, label, rect.center, int(radius * 0.9), "text", anchor="center", bold=True)


def bar(surface: pygame.Surface, rect: pygame.Rect, fraction: float, col: str = "good") -> None:
    pygame.draw.rect(surface, colour("panel_edge"), rect, border_radius=rect.height // 2)
    fill = rect.copy()
    fill.width = max(rect.height, round(rect.width * min(1.0, max(0.0, fraction))))
    if fraction > 0:
        pygame.draw.rect(surface, colour(col), fill, border_radius=rect.height // 2)


def foot(surface: pygame.Surface, centre: tuple[float, float], scale: float, side: str, state: str) -> None:
    """A footprint seen from above; state is 'down', 'lifted' or 'idle'."""
    col = {"down": colour("accent"), "lifted": colour("panel_edge"), "idle": colour("muted")}[state]
    cx, cy = centre
    sole = pygame.Rect(0, 0, 0.9 * scale, 2.2 * scale)
    sole.center = (round(cx), round(cy + 0.25 * scale))
    mark("foot", sole.union(sole.move(0, -0.45 * scale)))
    pygame.draw.ellipse(surface, col, sole)
    inner = 1 if side == "left" else -1  # the big toe is on the inner side
    toes = ((0.26, -1.0, 0.17), (0.04, -1.06, 0.12), (-0.13, -1.02, 0.11), (-0.27, -0.93, 0.1), (-0.38, -0.8, 0.09))
    for dx, dy, r in toes:
        pygame.draw.circle(surface, col, (round(cx + dx * scale * inner), round(cy + dy * scale)), max(2, round(r * scale)))
    if state == "lifted":
        pygame.draw.ellipse(surface, colour("text"), sole, width=2)


def top_bar(surface: pygame.Surface, area: pygame.Rect, title: str, right: str, simulated: "bool | str") -> None:
    """The bar across the top of `area` (a screen's frame), TOP_BAR high: the screen's title on the left; who
    and which board on the right, cut short to leave the title room (a long name never runs over it); the
    simulated-board badge between them when there is room, else in place of the board's name (`simulated` a
    string: the badge's words, "keyboard" for the hands' board)."""
    bar = pygame.Rect(area.left, area.top, area.width, TOP_BAR)
    pygame.draw.rect(surface, colour("bar"), bar)
    title_text, title_size = fitted(title, 0.5 * bar.width - 48, 42, bold=True, smallest=32)
    t = text(surface, title_text, (bar.left + 32, bar.centery), title_size, "text", anchor="midleft", bold=True)
    room = bar.right - 32 - t.right - 32
    from poise.i18n import _

    words = (simulated if isinstance(simulated, str) else _("simulated board")) if simulated else ""
    badge_w = max(210, text_size(words, 26, True)[0] + 40) if simulated else 0
    if simulated and text_size(right, 26, True)[0] > room - badge_w - 20:
        right = right.rsplit("  ·  ", 1)[0]  # the badge says which board it is
    right_text, right_size = fitted(right, max(60, room - (badge_w + 20 if simulated else 0)), 28)
    r = text(surface, right_text, (bar.right - 32, bar.centery), right_size, "muted", anchor="midright")
    if simulated and r.left - 20 - badge_w >= t.right + 16:
        badge = pygame.Rect(0, 0, badge_w - 10, max(36, px(26) + 8))
        badge.midright = (r.left - 20, bar.centery)
        panel(surface, badge, "warn", radius=18, border=None, alpha=255)
        fit_text(surface, words, badge.width - 20, badge.center, 26, "ink", anchor="center", bold=True)
