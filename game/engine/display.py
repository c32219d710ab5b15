"""The window, and how a frame reaches it.

Scenes draw on `canvas`, a surface of logical pixels (see `logical_size`). With a GPU, SDL's
accelerated renderer uploads it, scales it to the window with a linear filter and presents it with
vsync: presenting waits for the display's refresh, so the loop can poll the board just before it
(game/engine/pacing.py). Without one (software rendering, the dummy driver of tests and benches) the canvas
is the window's own surface when the sizes match, else it is smooth-scaled into it in tiles
(game/engine/scaling.py), and a timer paces the loop; a screen may then put pictures of its own straight on the
window (`Direct`: two seats' levels, each scaled once rather than onto the canvas and again with it). The
window is resizable; F11 or Alt+Enter toggles fullscreen at the desktop's own resolution, so without a window
manager the whole screen is used, never a clipped corner.

One window per process: a second App (tests run hundreds) reuses it.
"""
from __future__ import annotations

import concurrent.futures

import pygame
from pygame._sdl2.video import Renderer, Texture

from poise.game.media.frame import Frame
from poise.game.engine.scaling import TiledScaler, outside

LOGICAL_HEIGHT = 720
LOGICAL_WIDTHS = (1152, 1600)  # 16:10 to about 20:9; wider or narrower windows get bars at the sides or top
DEFAULT_SIZE = (1280, 720)
MIN_WINDOW = (800, 480)


def logical_size(window: tuple[int, int]) -> tuple[int, int]:
    """The canvas the scenes lay out on, for a window of this size: 720 logical pixels high and as wide
    as the window's shape (1024x600 -> 1229x720, 1920x1080 -> 1280x720), within LOGICAL_WIDTHS."""
    w, h = window
    width = round(LOGICAL_HEIGHT * w / max(1, h))
    return min(max(width, LOGICAL_WIDTHS[0]), LOGICAL_WIDTHS[1]), LOGICAL_HEIGHT


def fit(inner: tuple[int, int], outer: tuple[int, int]) -> pygame.Rect:
    """`inner` scaled to fit inside `outer`, centred (letterboxed where the shapes differ)."""
    k = min(outer[0] / inner[0], outer[1] / inner[1])
    w, h = round(inner[0] * k), round(inner[1] * k)
    return pygame.Rect((outer[0] - w) // 2, (outer[1] - h) // 2, w, h)


def window_size_for(desktop: tuple[int, int]) -> tuple[int, int]:
    """A window that fills most of the desktop, not a fixed 1280x720 postage stamp on a big screen."""
    w, h = desktop
    if w <= 0 or h <= 0:
        return DEFAULT_SIZE
    return max(MIN_WINDOW[0], round(w * 0.9)), max(MIN_WINDOW[1], round(h * 0.85))


class Display:
    _shared: "Display | None" = None

    @classmethod
    def open(cls, size: tuple[int, int] | None = None, fullscreen: bool = False, vsync: bool = True) -> "Display":
        """The process's window, created on first use, else resized to `size` (when given)."""
        d = cls._shared
        if d is None or not d.alive():
            d = cls._shared = cls(size, fullscreen, vsync)
        else:
            if size is not None and tuple(size) != d.window.size:
                d.window.size = size
                d.relayout()
            if fullscreen != d.fullscreen:
                d.toggle_fullscreen()
        return d

    def __init__(self, size: tuple[int, int] | None, fullscreen: bool, vsync: bool, accelerated: int = 1):
        """`accelerated`: 1 looks for a GPU renderer (without one the window's own surface is drawn on);
        0 takes SDL's software renderer, which runs anywhere (tests of the textured path)."""
        pygame.display.init()
        try:
            desktop = pygame.display.get_desktop_sizes()[0]
            rate = pygame.display.get_desktop_refresh_rates()[0]
        except (pygame.error, IndexError):
            desktop, rate = DEFAULT_SIZE, 60
        self.refresh_hz = float(rate) if rate and rate > 0 else 60.0
        self.fullscreen = fullscreen
        self._windowed: tuple | None = None  # the window's size and place before fullscreen
        self.window = pygame.Window("Poise", size or window_size_for(desktop), resizable=True,
                                    fullscreen_desktop=fullscreen)
        self.window.minimum_size = MIN_WINDOW
        self.renderer: Renderer | None = None
        self.vsync = False
        for want_vsync in ((True, False) if vsync else (False,)):
            try:  # the GPU: scaling for free, and vsync where the driver has it
                self.renderer = Renderer(self.window, accelerated=accelerated, vsync=want_vsync)
                self.vsync = want_vsync
                break
            except Exception:  # pygame._sdl2.sdl2.error: no such render driver here
                continue
        self.gpu = self.renderer is not None
        self.canvas: pygame.Surface | None = None
        self.texture: Texture | None = None
        self.relayout()

    def alive(self) -> bool:
        return pygame.display.get_init()

    # -- size ---------------------------------------------------------------------------------
    @property
    def size(self) -> tuple[int, int]:
        return tuple(self.window.size)

    def relayout(self) -> bool:
        """Fit the canvas to the window's current size; True when the canvas changed."""
        logical = logical_size(self.size)
        old = self.canvas
        self.dest = fit(logical, self.size)
        if self.gpu:
            if old is None or old.get_size() != logical:
                self.canvas = pygame.Surface(logical)
                self.texture = Texture(self.renderer, logical, streaming=True, scale_quality=1)
        else:
            self.screen = self.window.get_surface()
            if self.dest.size == logical and self.dest.topleft == (0, 0):
                self.canvas = self.screen  # draw straight into the window: nothing to copy
            elif old is None or old is self.screen or old.get_size() != logical:
                self.canvas = pygame.Surface(logical)
            self.scaler = TiledScaler(logical, self.dest)
            self.screen.fill((0, 0, 0))
        return self.canvas is not old

    def frame(self) -> Frame:
        """The whole canvas as a Frame, with the window's scale (window px per canvas px): what the scenes draw
        in now. A new one after every resize or fullscreen toggle; scenes are handed it on every draw."""
        w, h = self.canvas.get_size()
        return Frame.of((w, h), self.dest.h / h)

    def handle(self, event) -> bool:
        """A window event; True when the canvas was rebuilt (scenes redraw their cached backdrops)."""
        if event.type in (pygame.WINDOWSIZECHANGED, pygame.WINDOWRESIZED):
            return self.relayout()
        return False

    def toggle_fullscreen(self) -> None:
        """Fullscreen at the desktop's size, or back to the window as it was. Without a window manager (a kiosk,
        a Raspberry Pi with a bare X server) X keeps the window's own size under SDL's fullscreen flag, and SDL
        then draws a desktop-sized frame into the smaller window (cut at the right and bottom): the window is
        therefore also moved to the corner and sized to the desktop itself, which a window manager overrides
        anyway and a bare X server obeys."""
        if self.fullscreen:
            self.window.set_windowed()
            if self._windowed is not None:
                self.window.size, self.window.position = self._windowed
        else:
            self._windowed = (tuple(self.window.size), tuple(self.window.position))
            try:
                desktop = pygame.display.get_desktop_sizes()[0]
            except (pygame.error, IndexError):
                desktop = None
            if desktop:
                self.window.position = (0, 0)
                self.window.size = desktop
            self.window.set_fullscreen(desktop=True)
        self.fullscreen = not self.fullscreen
        self.relayout()

    def to_canvas(self, pos: tuple[int, int]) -> tuple[float, float]:
        """A window pixel (mouse) on the canvas."""
        d, (w, h) = self.dest, self.canvas.get_size()
        return (pos[0] - d.x) * w / max(1, d.w), (pos[1] - d.y) * h / max(1, d.h)

    # -- a frame ------------------------------------------------------------------------------
    @property
    def scales_in_software(self) -> bool:
        """True when the canvas is smooth-scaled into the window on the CPU (no GPU, sizes differ)."""
        return not self.gpu and self.canvas is not self.screen

    def window_rect(self, area) -> pygame.Rect:
        """The window rectangle canvas rectangle `area` (x, y, w, h) is scaled into."""
        (w, h), d = self.canvas.get_size(), self.dest
        x0, y0 = d.x + round(area[0] * d.w / w), d.y + round(area[1] * d.h / h)
        x1, y1 = d.x + round((area[0] + area[2]) * d.w / w), d.y + round((area[1] + area[3]) * d.h / h)
        return pygame.Rect(x0, y0, x1 - x0, y1 - y0)

    def shown(self) -> pygame.Surface:
        """The frame shown now, at the canvas's size (the image a change of screen fades out)."""
        if not self.scales_in_software:
            return self.canvas.copy()
        return pygame.transform.smoothscale(self.screen.subsurface(self.dest), self.canvas.get_size())

    def submit(self, areas: list[pygame.Rect] | None = None, besides=()) -> None:
        """Hand the drawn canvas over (upload to the GPU, or scale into the window); `flip` then shows it.

        `areas`: only these canvas rectangles changed since the last submit (the balance point drawn
        after a late poll), so only they are uploaded or scaled again. `besides`: canvas rectangles a
        screen puts on the window itself (Direct, software scaling only): the rest of the canvas is scaled."""
        if besides and areas is None and self.scales_in_software:
            areas = outside(self.canvas.get_rect(), besides)
        if self.gpu:
            if areas is None:
                self.texture.update(self.canvas)
            for area in areas or ():
                area = pygame.Rect(area).clip(self.canvas.get_rect())
                if area.w and area.h:  # (a tuple: pygame-ce 2.5 writes an area given as a Rect at the corner)
                    self.texture.update(self.canvas.subsurface(area), tuple(area))
        elif self.canvas is not self.screen:
            self.scaler.scale(self.canvas, self.screen, areas)

    def flip(self) -> None:
        """Show the submitted frame; with vsync this returns just after the refresh that shows it."""
        if self.gpu:
            self.compose()
            self.renderer.present()
        else:
            self.window.flip()

    def compose(self) -> None:
        """(With a renderer) the uploaded canvas, scaled into the window's letterbox, ready to present."""
        self.renderer.draw_color = (0, 0, 0, 255)
        self.renderer.clear()
        self.renderer.blit(self.texture, self.dest)

    def snapshot(self) -> pygame.Surface:
        """What the window shows now, at the window's size (for screenshots)."""
        if self.scales_in_software:
            return self.screen.copy()
        out = pygame.Surface(self.size)
        out.fill((0, 0, 0))
        if self.dest.size == self.canvas.get_size():
            out.blit(self.canvas, self.dest)
        else:
            out.blit(pygame.transform.smoothscale(self.canvas, self.dest.size), self.dest)
        return out


class Direct:
    """Pictures a screen puts straight on the window when the canvas is scaled in software: each is scaled once,
    from its own size to the window's, instead of onto the canvas and then again with the canvas (two seats'
    levels: game/scenes/seating.py). The app hands a screen one in a frame where that can be done (no GPU, no
    fade between screens: SceneStack.window), leaves the held areas out of the canvas's scaling and puts the
    pictures after it: after, because the canvas is scaled in whole tiles, and a tile at the edge of a held area
    reaches into it.

    The pictures are scaled side by side: the first on a helper thread while this thread scales the others
    (pygame lets go of Python's lock while it scales). At 1920x1080 each seat's scaling is 1.3 ms of a 6 ms
    frame (docs/performance.md)."""

    def __init__(self, display: Display):
        self.display = display
        self.held: list[tuple[pygame.Surface, pygame.Rect]] = []
        self._helper: concurrent.futures.ThreadPoolExecutor | None = None

    @property
    def surface(self) -> pygame.Surface:
        return self.display.screen

    def rect(self, area) -> pygame.Rect:
        """The window rectangle of canvas rectangle `area`."""
        return self.display.window_rect(area)

    def hold(self, picture: pygame.Surface, area) -> None:
        """Put `picture` where canvas rectangle `area` is shown, once the canvas around it is on the window."""
        self.held.append((picture, pygame.Rect(area)))

    def areas(self) -> list[pygame.Rect]:
        return [area for _, area in self.held]

    def put(self) -> None:
        """Scale each held picture into its place on the window, the first on the helper thread; nothing is
        held after."""
        held, self.held = [(picture, self.rect(area)) for picture, area in self.held], []
        aside = None
        if len(held) > 1:
            if self._helper is None:
                self._helper = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="poise-scale")
            picture, rect = held.pop(0)
            aside = self._helper.submit(pygame.transform.smoothscale, picture, rect.size,
                                        self.surface.subsurface(rect))
        for picture, rect in held:
            pygame.transform.smoothscale(picture, rect.size, self.surface.subsurface(rect))
        if aside is not None:
            aside.result()
