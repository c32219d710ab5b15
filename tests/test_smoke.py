"""The real app loop, headless: title menu -> player -> level -> results -> title -> quit."""
import pygame

from poise.testing import catalogue
from poise.drivers import open_board
from poise.game.engine.app import App
from poise.game.engine.loop import VirtualClock
from poise.game.scenes.menus import PlayerScene, QuitScene, TitleScene
from poise.game.scenes.play import PlayScene
from poise.game.scenes.results import ResultsScene
from poise.game.storage.store import Storage

levels = catalogue()


def key(k):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0))


def test_menu_to_level_to_results_and_back(tmp_path):
    clock = VirtualClock()
    storage = Storage(tmp_path / "s.db")
    storage.add_player("Ana")
    app = App(open_board("sim://?seed=3", clock), storage, clock=clock, sound=False, levels=levels)
    app.stack.push(TitleScene(app.ctx))
    seen = []

    def script(app):
        top = app.stack.top
        seen.append(type(top).__name__)
        name = type(top).__name__
        if app.frames == 5:
            key(pygame.K_RETURN)  # "Who is playing?": where someone new starts
        elif isinstance(top, PlayerScene) and app.frames % 10 == 0:
            key(pygame.K_RETURN)  # the first player in the list
        elif isinstance(top, TitleScene) and "PlayerScene" in seen and "PlayScene" not in seen and app.frames % 10 == 0:
            key(pygame.K_DOWN)  # from the player button down to the first activity, "Single-leg hold"
            key(pygame.K_RETURN)
        elif isinstance(top, PlayScene) and top.stage == "intro" and app.frames % 30 == 0:
            key(pygame.K_RETURN)  # confirm the safety prompt
        elif isinstance(top, ResultsScene) and app.frames % 60 == 0:
            key(pygame.K_ESCAPE)  # back to the title (Enter would go on to the next activity)
        elif isinstance(top, TitleScene) and "ResultsScene" in seen and name == "TitleScene":
            key(pygame.K_ESCAPE)  # and quit: Esc asks first
        elif isinstance(top, QuitScene) and app.frames % 10 == 0:
            key(pygame.K_LEFT)  # "Stay" is chosen to begin with; "Quit" is beside it
            key(pygame.K_RETURN)

    app.run(max_frames=60 * 120, before_frame=script)
    order = [n for i, n in enumerate(seen) if i == 0 or seen[i - 1] != n]
    assert order == ["TitleScene", "PlayerScene", "TitleScene", "PlayScene", "ResultsScene", "TitleScene", "QuitScene"]
    assert app.stack.top is None  # Esc on the title quits
    assert app.ctx.player == "Ana"
    assert len(storage.attempts(storage.player_id("Ana"))) == 1
