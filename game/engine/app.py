"""The application: the only place that starts pygame. Builds the board feed, the scenes and runs the loop.

Frame order: wait until just before the display's next refresh (with vsync; game/engine/pacing.py);
events -> intents; poll the board and run its samples through the pipeline; run the fixed steps
that are due, each seeing the balance as of its own time; draw (read-only) on the canvas and hand
it to the display. In play, the balance point is left out of that drawing: the loop waits until
just before the refresh again, polls the board once more, draws only the balance point from the
newest sample and hands over just that part (late latching); then flip. So what follows the player
is polled as late as it can be before the frame is shown, and the samples of the last poll reach
the fixed steps of the next frame like any others.
Without vsync the loop is paced by a timer instead. With a virtual clock (headless demos and tests)
time moves exactly 1/fps per frame, so a run is reproducible and faster than real time.
"""
from __future__ import annotations

import dataclasses
import os
import sys
import time
from pathlib import Path
from typing import Callable

import pygame

from poise.drivers import Board

from poise.game.engine import input as game_input
from poise.game.engine.display import Direct, Display
from poise.game.engine.feed import BoardFeed
from poise.game.level.contract import LevelCatalogue
from poise.game.engine.loop import FixedStepper, VirtualClock
from poise.game.engine.pacing import Pacer
from poise.game.engine.pad import Pads
from poise.game.engine.seats import Seat
from poise.game.scenes.base import Context, SceneStack
from poise.game.engine.settings import Settings
from poise.game.engine.settings import save as save_settings
from poise import i18n
from poise.i18n import _
from poise.game.media.sound import Sounds
from poise.game.storage.store import Storage


FADE_S = 0.3  # a change of screen cross-fades this long


class App:
    def __init__(self, board: Board | list[Board], storage: Storage | None, *, clock: Callable[[], float] = time.monotonic,
                 fps: int = 60, player: str | None = None, autoplay: bool = False, fullscreen: bool = False,
                 screenshot: Path | None = None, quit_after_results: bool = False, sound: bool = True,
                 render: bool = True, levels: LevelCatalogue | None = None, size: tuple[int, int] | None = None,
                 vsync: bool = True, settings: Settings | None = None, remember: bool = False, shared: bool = False,
                 players: list[str | None] | None = None, lang: str | None = None):
        """`board`: one board, or one per seat in seat order (game/engine/seats.py); `player` the first seat's
        player, `players` every seat's (then `player` is players[0]); `lang` the language asked for on the
        command line (--lang), which comes before POISE_LANG, the Settings screen's and the system's."""
        boards = list(board) if isinstance(board, (list, tuple)) else [board]
        players = list(players) if players else [player]
        players += [None] * (len(boards) - len(players))
        player = players[0]
        self.clock = clock
        self.virtual = isinstance(clock, VirtualClock)
        self.fps = fps
        self.render = render  # False: run the loop and scoring without drawing (fast tests)
        self.screenshot = Path(screenshot) if screenshot else None
        self.captures: dict[str, Path] = {}
        self.capture_errors: list[str] = []  # screenshots asked for and not written, one line each
        self.shared = shared  # screenshots follow the umask (--shared) instead of 0600
        pygame.display.init()  # audio is started by Sounds, only when wanted
        pygame.font.init()
        if size is None and self.virtual:
            size = (1280, 720)  # headless runs render at a known size unless told otherwise
        self.display = Display.open(size, fullscreen, vsync)
        self._direct = Direct(self.display)  # pictures screens put straight on the window (two seats' levels)
        self.pacer = Pacer(self.display.refresh_hz)
        self.poll_to_present: list[float] = []  # s, per drawn frame: last board poll to the frame handed over
        self.frame_work: list[float] = []  # s, per drawn frame: first board poll to the frame handed over
        self.pads = Pads()
        self.hands = game_input.Hands()
        self.seats = [Seat(i, BoardFeed(b), players[i]) for i, b in enumerate(boards)]
        self.feed = self.seats[0].feed  # the first seat's: what one-seat screens read
        settings = dataclasses.replace(settings or Settings(), fullscreen=self.display.fullscreen)
        from poise.game.media import ui
        from poise.game.media.speech import Voice

        ui.use_colour_safe(settings.colour_safe)
        ui.use_text_size(settings.text_size)
        self.lang = lang
        i18n.set_language(i18n.choose(lang, settings.language))
        self.speaks = sound and not self.virtual  # a real window with sound: the coach may speak
        self.remember = remember  # write changed settings to this machine's config file (poise play)
        self.ctx = Context(feed=self.feed, storage=storage, sounds=Sounds(sound, settings), player=player,
                           autoplay=autoplay, quit_after_results=quit_after_results, linger=render,
                           capture=self._request_capture,
                           levels=levels, settings=settings, save_settings=self._save_settings, seats=self.seats,
                           offload=not self.virtual,  # on a virtual clock nobody watches the frames go by
                           switch_board=self._switch_board,
                           voice=Voice(self.speaks and settings.voice and not settings.muted))
        self.stack = SceneStack(self.ctx, self.display.frame())
        self.stepper = FixedStepper(clock())
        self.pygame_clock = pygame.time.Clock()
        self._pending_capture: list[str] = []
        self.frames = 0
        self._shown_top = None  # the scene drawn last frame, to see a change of screen
        self._fade: tuple | None = None  # (the last frame of the screen before, when it changed)
        self.shown_at = 0.0
        self.running = True
        self._warm()

    @staticmethod
    def _warm() -> None:
        """Load now what the first frames would otherwise load in the middle of a frame (a screen's module the
        first time it is shown, the typeface's character map and sizes, the language's number symbols): at start,
        not as a stall when the player first steps into an activity. About 0.1 s once, before the first frame."""
        from poise.game import scenes
        from poise.game.media import fonts

        for name in list(scenes.SCREENS):
            try:
                scenes.screen(name)
            except Exception:  # noqa: BLE001 - a plugin's screen that fails to import says so when it is shown
                pass
        fonts.covers(fonts.primary(), "é")
        for size in range(12, 129):  # every size a screen asks for, at every text size setting: ~20 ms
            fonts.font(fonts.primary(), size, False)
            fonts.font(fonts.primary(), size, True)
        i18n.format_number(1.5, 1)

    def _fade_out(self) -> None:
        """The screen before a change, fading out over the new one (FADE_S)."""
        if self._fade is None:
            return
        image, since = self._fade
        k = (self.clock() - since) / FADE_S
        if k >= 1.0 or image.get_size() != self.surface.get_size():
            self._fade = None
            return
        image.set_alpha(round(255 * (1 - k) ** 2))
        self.surface.blit(image, (0, 0))

    def _switch_board(self, url: str) -> None:
        """Play on the board at `url` from now on (the title's "play yourself": keys:// or pad:// instead of the
        simulated player). Raises BoardError (with what to do) when it cannot be opened; the old board stays."""
        from poise.drivers import open_board

        board = open_board(url, self.clock)
        self.feed.board.close()
        self.feed = self.ctx.feed = self.seats[0].feed = BoardFeed(board)  # the first seat's board

    def _save_settings(self, settings: Settings) -> None:
        from poise.game.media import ui

        self.ctx.settings = settings
        i18n.set_language(i18n.choose(self.lang, settings.language))  # at once: the next frame is drawn in it
        self.ctx.sounds.apply(settings)
        ui.use_colour_safe(settings.colour_safe)
        ui.use_text_size(settings.text_size)
        self.ctx.voice.set_enabled(self.speaks and settings.voice and not settings.muted)
        if settings.fullscreen != self.display.fullscreen:
            self.display.toggle_fullscreen()
        if self.remember:
            save_settings(settings)

    @property
    def surface(self):
        """The canvas the scenes draw on (logical pixels; game/engine/display.py)."""
        return self.display.canvas

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
        for seat in self.seats:
            seat.board.close()
        self.ctx.voice.close()

    def frame(self) -> None:
        paced = self.render and self.display.vsync and not self.virtual
        if paced:  # sleep until just before the next refresh, then poll
            wait = self.pacer.poll_at(time.perf_counter()) - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
        top = self.stack.top
        text_mode = top.text_mode
        if text_mode:
            pygame.key.start_text_input()
        events = pygame.event.get()
        for e in events:
            self.display.handle(e)
        self.stack.frame = self.display.frame()  # (another after a resize: input lands in the new layout)
        manual = self.feed.board.manual
        arena = top.seat_arena(self.stack.frame, 0) if manual is not None else None
        intents = game_input.collect(events, manual, text_mode, arena, self.pads, self.hands, self.display.to_canvas)
        for seat in self.seats[1:]:  # the other seats' hands (a second key set, a second controller)
            if seat.board.manual is not None and not text_mode:
                game_input.drive_manual(seat.board.manual, top.seat_arena(self.stack.frame, seat.index), self.pads,
                                        self.hands, self.display.to_canvas)
        for intent in intents:
            if intent.kind == "quit":
                self.running = False
            elif intent.kind == "fullscreen":
                self._save_settings(dataclasses.replace(self.ctx.settings, fullscreen=not self.display.fullscreen))
            elif self.stack.top is not None:
                self.stack.top.handle(intent)
        top = self.stack.top
        if top is not None:
            self.ctx.sounds.music(top.music)
            self.ctx.sounds.duck(top.music_ducked)
        self.ctx.sounds.update()
        started = polled = time.perf_counter()
        for seat in self.seats:
            seat.feed.pump()
        for t in self.stepper.due(self.clock()):
            top = self.stack.top
            if top is None:
                break
            top.fixed_update(t, self.stepper.dt, self.feed.balance_at(t))
        if self.render:
            top = self.stack.top
            if top is not self._shown_top:  # a new screen: keep the last frame to fade it out
                if self._shown_top is not None and top is not None:
                    self._fade = (self.display.shown(), self.clock())
                self._shown_top = top
            frame = self.display.frame()  # what the screens draw in: handed to them anew every frame
            direct = self._direct if self.display.scales_in_software and self._fade is None else None
            self.stack.window = direct
            self.stack.draw(self.surface, frame)
            late = top is not None and top.late()
            if late and self._fade is not None:  # the balance point goes under the fading screen: draw it now
                top.draw_late(self.surface, frame)
                late = False
            self._fade_out()
            self.display.submit(besides=direct.areas() if direct else ())
            if direct:
                direct.put()
            waited = 0.0  # the wait for the last poll is not work: the margins must not grow with it
            if late:  # late latching: poll once more and draw only the balance point from it
                if paced:
                    asleep = time.perf_counter()
                    time.sleep(max(0.0, self.pacer.late_poll_at(asleep) - asleep))
                    waited = time.perf_counter() - asleep
                polled = time.perf_counter()
                for seat in self.seats:
                    seat.feed.pump()
                self.display.submit(top.draw_late(self.surface, frame))
            handed = time.perf_counter()
            work = handed - polled
            self.poll_to_present.append(work)
            self.frame_work.append(handed - started - waited)
            if len(self.poll_to_present) > 10000:
                del self.poll_to_present[:5000]
                del self.frame_work[:5000]
            for name in self._pending_capture:
                self._save_capture(name)
            self.display.flip()
            if paced:
                self.pacer.presented(time.perf_counter(), handed - started - waited, work if late else None)
        self.shown_at = self.clock()  # when this frame reached the screen (latency bench)
        self._pending_capture.clear()
        self.frames += 1
        if self.virtual:
            self.clock.advance(1.0 / self.fps)
        elif not paced:
            self.pygame_clock.tick(self.fps)

    def _save_capture(self, name: str) -> None:
        if self.screenshot is None:
            return
        path = self.screenshot if name == "mid-play" else self.screenshot.with_name(
            f"{self.screenshot.stem}-{name}{self.screenshot.suffix}")
        from poise.drivers import files
        from poise.game.storage.store import file_problem
        try:
            files.private_folder(path.parent, self.shared)
            with files.atomic_write(path, binary=True, shared=self.shared) as f:  # never a truncated PNG
                pygame.image.save(self.display.snapshot(), f, path.name)
        except (OSError, pygame.error) as exc:  # a screenshot that cannot be written never costs the play
            why = file_problem(exc) if isinstance(exc, OSError) else f"{path}: {exc}"
            self.capture_errors.append(why)
            print(_("poise: screenshot not saved: {why}").format(why=why), file=sys.stderr)
            return
        self.captures[name] = path


def headless_environment() -> None:
    """No window and no sound card: SDL's dummy drivers."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
