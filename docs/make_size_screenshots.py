"""Screens at a small and a large window: 1024x600 (a small Pi screen) and 1920x1080 (docs/screenshots/sizes/).

Run: python docs/make_size_screenshots.py   (headless, the simulated player, a 40-character player name)
The same screens the layout test checks (tests/test_layout.py); these are for looking at.
"""
import datetime as dt
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")

SIZES = ((1024, 600), (1920, 1080))
LEVELS = ("slalom", "table-tilt", "heading", "bubble-river", "single-leg-hold", "weight-shift-reach")
NAME = "Maximiliane Alexandra Wolfeschlegelstein"


def main() -> None:
    import pygame

    from bench.history import synthetic
    from poise.testing import catalogue
    from poise.drivers import open_board
    from poise.game.engine.app import App
    from poise.game.engine.loop import VirtualClock
    from poise.game.scenes.results import ResultsScene
    from poise.game.storage.store import Storage
    levels = catalogue()

    out = ROOT / "docs" / "screenshots" / "sizes"
    out.mkdir(parents=True, exist_ok=True)

    def app_for(size, storage, player):
        clock = VirtualClock()
        return App(open_board("sim://?skill=0.8&seed=2", clock), storage, clock=clock, player=player, autoplay=True,
                   sound=False, levels=levels, size=size)

    def save(app, name, size):
        path = out / f"{name}-{size[0]}x{size[1]}.png"
        pygame.image.save(app.display.snapshot(), str(path))
        print("wrote", path.relative_to(ROOT))

    def until(app, condition, limit=60 * 300):
        for _ in range(limit):
            if condition():
                return
            app.frame()

    for size in SIZES:
        storage = Storage(":memory:")
        synthetic(storage, players=1, days=90)
        veteran = storage.players()[0]["name"]
        storage.player_id(NAME, create=True)
        app = app_for(size, storage, veteran)
        app.stack.push("title")
        until(app, lambda: app.frames > 20)
        save(app, "title", size)
        app.stack.push("settings")
        until(app, lambda: app.frames > 45)
        save(app, "settings", size)
        app.stack.pop()
        app.stack.push("progress", today=dt.date(2026, 4, 1))
        until(app, lambda: app.frames > 70)
        save(app, "progress", size)
        app.stack.clear()
        app.ctx.player = None
        player = app.stack.push("player")
        player.typing, player.name = True, NAME
        until(app, lambda: app.frames > 95)
        save(app, "new-player", size)
        for level_id in LEVELS:
            app = app_for(size, storage, NAME)
            scene = app.stack.push("play", level=levels.create(level_id, seconds=16.0))
            until(app, lambda: scene.stage == "play" and scene.level.showcase or scene.level.finished)
            save(app, level_id, size)
            until(app, lambda: isinstance(app.stack.top, ResultsScene) and app.stack.top.t > 2.0)
            save(app, f"{level_id}-results", size)


if __name__ == "__main__":
    main()
