"""The application: the only place that starts pygame. Builds the board feed, the scenes and runs the loop.

Frame order: events -> intents; drain the board through the pipeline; run the
fixed steps that are due, each seeing the balance as of its own time; draw
(read-only); flip. With a virtual clock (headless demos and tests) time moves
exactly 1/fps per frame, so a run is reproducible and faster than real time.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable

import pygame

from poise.drivers import Board

from . import input as game_input
from . import ui
from .feed import BoardFeed
from .level import LevelCatalogue
from .loop import FixedStepper, VirtualClock
from .pad import Pads
from .scenes.base import Context, SceneStack
from .sound import Sounds
from .storage import Storage


class App:
    def __init__(self, board: Board, storage: Storage | None, *, clock: Callable[[], float] = time.monotonic,
                 fps: int = 60, player: str | None = None, autoplay: bool = False, fullscreen: bool = False,
                 screenshot: Path | None = None, quit_after_results: bool = False, sound: bool = True,
                 render: bool = True, levels: LevelCatalogue | None = None):
        self.clock = clock
        self.virtual = isinstance(clock, VirtualClock)
        self.fps = fps
        self.render = render  # False: run the loop and scoring without drawing (fast tests)
        self.screenshot = Path(screenshot) if screenshot else None
        self.captures: dict[str, Path] = {}
        pygame.display.init()  # audio is started by Sounds, only when wanted
        pygame.font.init()
        flags = pygame.FULLSCREEN | pygame.SCALED if fullscreen else 0
        self.surface = pygame.display.set_mode((ui.WIDTH, ui.HEIGHT), flags)
        pygame.display.set_caption("Poise")
        self.pads = Pads()
        self.hands = game_input.Hands()
        self.feed = BoardFeed(board)
        self.ctx = Context(feed=self.feed, storage=storage, sounds=Sounds(sound), player=player,
                           autoplay=autoplay, quit_after_results=quit_after_results, capture=self._request_capture,
                           levels=levels)
        self.stack = SceneStack()
        self.stepper = FixedStepper(clock())
        self.pygame_clock = pygame.time.Clock()
        self._pending_capture: list[str] = []
        self.frames = 0
        self.shown_at = 0.0
        self.running = True

    def _request_capture(self, name: str) -> None:
        self._pending_capture.append(name)

    def run(self, max_frames: int | None = None, before_frame: Callable[["App"], None] | None = None) -> None:
        """Loop until the scene stack empties, the window closes or `max_frames` pass."""
        pygame.key.set_repeat(350, 60)
        while self.running and self.stack.top is not None:
            if max_frames is not None and self.frames >= max_frames:
                break
            if before_frame:
                before_frame(self)
            self.frame()
        self.feed.board.close()

    def frame(self) -> None:
        top = self.stack.top
        text_mode = top.text_mode
        if text_mode:
            pygame.key.start_text_input()
        manual = self.feed.board.manual
        arena = top.arena() if manual is not None else None
        for intent in game_input.collect(pygame.event.get(), manual, text_mode, arena, self.pads, self.hands):
            if intent.kind == "quit":
                self.running = False
            elif self.stack.top is not None:
                self.stack.top.handle(intent)
        self.feed.pump()
        for t in self.stepper.due(self.clock()):
            top = self.stack.top
            if top is None:
                break
            top.fixed_update(t, self.stepper.dt, self.feed.balance_at(t))
        if self.render:
            self.stack.draw(self.surface)
            for name in self._pending_capture:
                self._save_capture(name)
            pygame.display.flip()
        self.shown_at = self.clock()  # when this frame reached the screen (latency bench)
        self._pending_capture.clear()
        self.frames += 1
        if self.virtual:
            self.clock.advance(1.0 / self.fps)
        else:
            self.pygame_clock.tick(self.fps)

    def _save_capture(self, name: str) -> None:
        if self.screenshot is None:
            return
        path = self.screenshot if name == "mid-play" else self.screenshot.with_name(
            f"{self.screenshot.stem}-{name}{self.screenshot.suffix}")
        path.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(self.surface, str(path))
        self.captures[name] = path


def headless_environment() -> None:
    """No window and no sound card: SDL's dummy drivers."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
