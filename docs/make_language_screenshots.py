"""Screens in German, Spanish and the pseudo-language, to look at (docs/screenshots/languages/).

Run: python docs/make_language_screenshots.py [--all] [--out FOLDER]
Without --all it writes the title and a level (slalom) in German and Spanish at 1280x720, the pictures the
translation guide shows (docs/translating.md). With --all it renders the title, today, settings, the calibration
wizard, single-leg hold and slalom with their results in de, es and qps at 1024x600 and 1280x720 into FOLDER
(default: a temporary folder, printed), for a translator or a reviewer to look through. Headless, the simulated
player; tests/test_layout.py checks the same screens for text that overflows or overlaps.
"""
import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="every screen, in de, es and qps, at two sizes")
    parser.add_argument("--out", type=Path, help="the folder to write into")
    args = parser.parse_args()
    out = args.out or (Path(tempfile.mkdtemp(prefix="poise-languages-")) if args.all
                       else ROOT / "docs" / "screenshots" / "languages")
    out.mkdir(parents=True, exist_ok=True)
    if args.all:
        for lang in ("de", "es", "qps"):
            for size in ((1024, 600), (1280, 720)):
                shoot(out, lang, size, ("title", "today", "settings", "calibrate", "single-leg-hold", "slalom"))
    else:
        for lang in ("de", "es"):
            shoot(out, lang, (1280, 720), ("title", "slalom"), suffix=False)


def shoot(out: Path, lang: str, size: tuple[int, int], screens, suffix: bool = True) -> None:
    import pygame

    from poise.drivers import open_board
    from poise.game.engine.app import App
    from poise.game.engine.loop import VirtualClock
    from poise.game.scenes.results import ResultsScene
    from poise.game.storage.store import Storage
    from poise.testing import catalogue

    levels = catalogue()
    storage = Storage(":memory:")
    storage.player_id("Ana", create=True)

    def app_for():
        clock = VirtualClock()
        return App(open_board("sim://?skill=0.8&seed=2", clock), storage, clock=clock, player="Ana", autoplay=True,
                   sound=False, levels=levels, size=size, lang=lang)

    def save(app, name):
        path = out / (f"{name}-{lang}-{size[0]}x{size[1]}.png" if suffix else f"{name}-{lang}.png")
        pygame.image.save(app.display.snapshot(), str(path))
        print("wrote", path)

    def until(app, condition, limit=60 * 300):
        for _ in range(limit):
            if condition():
                return
            app.frame()

    for name in screens:
        app = app_for()
        if name in ("title", "today", "settings", "calibrate"):
            app.stack.push("title")
            if name == "today":
                app.stack.push("today")
            elif name == "settings":
                app.stack.push("settings")
            elif name == "calibrate":
                app.stack.push("calibrate")
            start = app.frames
            until(app, lambda: app.frames > start + 40)
            save(app, name)
            continue
        scene = app.stack.push("play", level=levels.create(name, seconds=16.0))
        until(app, lambda: scene.stage == "play" and scene.level.showcase or scene.level.finished)
        save(app, name)
        until(app, lambda: isinstance(app.stack.top, ResultsScene) and app.stack.top.t > 2.0)
        save(app, f"{name}-results")


if __name__ == "__main__":
    main()
