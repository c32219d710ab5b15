"""Scenes and the stack that holds them; the top scene gets input and fixed steps.

Screens are pushed by name (`stack.push("results", ...)`): the names are registered in
poise.game.scenes.SCREENS, so no screen imports another to show it and the screen graph can be read
from the source (tests/test_screens.py).
"""
from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Callable

from . import screen

if TYPE_CHECKING:
    import pygame

    from poise.game.core.pipeline import Balance
    from poise.game.engine.feed import BoardFeed
    from poise.game.engine.input import Intent
    from poise.game.level.contract import Arena
    from poise.game.engine.settings import Settings
    from poise.game.level.contract import LevelCatalogue
    from poise.game.media.frame import Frame
    from poise.game.media.sound import Sounds
    from poise.game.media.speech import Voice
    from poise.game.storage.store import Storage


def _silent_voice():
    from poise.game.media.speech import Voice
    return Voice(enabled=False)


def _default_settings():
    from poise.game.engine.settings import Settings
    return Settings()


@dataclasses.dataclass
class Context:
    """The services a scene may use; passed in, never global."""

    feed: "BoardFeed"
    storage: "Storage | None"
    sounds: "Sounds"
    levels: "LevelCatalogue | None" = None  # the levels on offer (poise.levels), handed in from the top
    player: str | None = None
    autoplay: bool = False  # the simulated player drives prompts too (demo, tests)
    session_id: int | None = None
    results: list[dict] = dataclasses.field(default_factory=list)
    capture: Callable[[str], None] = lambda name: None  # ask the app to save this frame
    quit_after_results: bool = False
    linger: bool = True  # an unattended run shows the results a moment before it quits (False: nothing is drawn)
    settings: "Settings" = dataclasses.field(default_factory=lambda: _default_settings())
    save_settings: Callable[["Settings"], None] = lambda settings: None  # remember them on this machine
    offload: bool = False  # heavy work (an attempt's metrics) goes to the worker process: frames are watched live
    voice: "Voice" = dataclasses.field(default_factory=lambda: _silent_voice())  # the coach's spoken cues
    switch_board: Callable[[str], None] | None = None  # play on another board (a URL) from now on; None: cannot
    mark: Callable[[str, float, dict], None] = lambda event, t, details: None  # a game event for a lab (LSL markers)
    seats: list = dataclasses.field(default_factory=list)  # every seat (game/engine/seats.py); seats[0].feed is `feed`
    seat_sessions: dict = dataclasses.field(default_factory=dict)  # seat index -> its player's session (seats 1...)


AUTOPLAY_LINGER_S = 2.3  # how long a demo that ends after its results shows them


class Scene:
    overlay = False  # draw the scene below first (pause menus)
    text_mode = False  # keys type text (a name field): the app starts text input and Space is a character
    music: str | None = None  # the music loop this screen plays (a game/media/synth.py STYLES name); None: quiet
    music_ducked = False  # True: the music is faded right down for now (a pause, the eyes-closed tone)

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.stack: SceneStack | None = None

    def on_enter(self) -> None: ...

    def on_exit(self) -> None: ...

    def on_resume(self) -> None:
        """The scene above this one has gone."""

    def handle(self, intent: "Intent") -> None: ...

    def fixed_update(self, t: float, dt: float, balance: "Balance") -> None: ...

    def results_shown(self, ready: bool, shot: str) -> None:
        """For a screen of results, called every fixed step with its time in `self.t`: once `ready`, its screenshot
        `shot` is taken (once: `self.captured`); a demo that ends after its results ends after AUTOPLAY_LINGER_S
        (at once when nobody watches)."""
        if ready and not self.captured:
            self.captured = True
            self.ctx.capture(shot)
        if self.ctx.quit_after_results and (self.t >= AUTOPLAY_LINGER_S or not self.ctx.linger):
            self.stack.clear()

    def draw(self, surface: "pygame.Surface", frame: "Frame") -> None:
        """Draw the screen in `frame`: the whole canvas (origin 0, 0) and the window's scale, handed over on every
        draw (after a resize or a fullscreen toggle it is another); nothing of it is kept between draws."""

    def late(self) -> bool:
        """True when this frame's `draw` leaves the balance point out, for `draw_late` to draw after the
        app has polled the board once more (late latching)."""
        return False

    def draw_late(self, surface: "pygame.Surface", frame: "Frame") -> "list[pygame.Rect]":
        """The balance point, over what `draw` drew, from the newest samples; returns the rectangles drawn on."""
        return []

    def arena(self, frame: "Frame") -> "Arena | None":
        """Where the balance point is shown in `frame` now, for a mouse or a stick to point at (None: nowhere)."""
        return None

    def seat_arena(self, frame: "Frame", seat: int) -> "Arena | None":
        """Where seat `seat`'s balance point is shown in `frame` now; a one-seat screen shows the first seat's."""
        return self.arena(frame) if seat == 0 else None


class SceneStack:
    """The screens shown, the top one in charge. `frame` is the frame they are shown in now (the app sets it
    every frame), for what input needs of the layout (where a click landed). `window`: in a frame where a
    screen may put pictures straight on the window, the app's game.engine.display.Direct, else None."""

    def __init__(self, ctx: Context, frame: "Frame"):
        self.ctx = ctx
        self.frame = frame
        self.window = None
        self.scenes: list[Scene] = []

    @property
    def top(self) -> Scene | None:
        return self.scenes[-1] if self.scenes else None

    def build(self, name: str, /, **kwargs) -> Scene:
        """The screen registered as `name`, made for this stack's context with `kwargs`; raises UnknownScreen."""
        return screen(name)(self.ctx, **kwargs)

    def push(self, scene: "str | Scene", /, **kwargs) -> Scene:
        """Show the screen registered as `scene` (made with `kwargs`) over the others, or a screen already made
        (a test's, a harness's). Returns it."""
        if isinstance(scene, str):
            scene = self.build(scene, **kwargs)
        elif kwargs:
            raise TypeError("arguments are for a screen pushed by name")
        scene.stack = self
        self.scenes.append(scene)
        scene.on_enter()
        return scene

    def pop(self) -> Scene | None:
        if not self.scenes:
            return None
        scene = self.scenes.pop()
        scene.on_exit()
        if self.scenes:
            self.scenes[-1].on_resume()
        return scene

    def replace(self, scene: "str | Scene", /, **kwargs) -> Scene:
        """The top screen leaves and `scene` (as for `push`) takes its place. Returns it."""
        if isinstance(scene, str):
            scene = self.build(scene, **kwargs)  # (made first: an unknown name leaves the stack as it was)
        if self.scenes:
            self.scenes.pop().on_exit()
        return self.push(scene)

    def clear(self) -> None:
        while self.scenes:
            self.scenes.pop().on_exit()

    def draw(self, surface, frame: "Frame") -> None:
        """Draw the top screen in `frame`, over the ones below it down to the first that is not an overlay."""
        self.frame = frame
        start = len(self.scenes) - 1
        while start > 0 and self.scenes[start].overlay:
            start -= 1
        for scene in self.scenes[start:]:
            scene.draw(surface, frame)
