"""docs/progress-report.png and docs/screenshots/progress.png from generated history: the simulated player's
weekly balance check over eight weeks while their skill rises. Run: python docs/make_progress_example.py"""
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")


def main() -> None:
    import pygame

    from bench.history import simulate_weeks
    from poise.drivers import open_board
    from poise.game.app import App
    from poise.game.loop import VirtualClock
    from poise.game.progress import progress
    from poise.game.report import write_png
    from poise.game.scenes.progress_view import ProgressScene
    from poise.game.storage import Storage

    with tempfile.TemporaryDirectory() as tmp:
        storage = Storage(Path(tmp) / "example.db")
        simulate_weeks(storage, "Ana", [0.35, 0.4, 0.5, 0.55, 0.65, 0.7, 0.8, 0.85], seed=1)
        write_png(progress(storage, "Ana"), ROOT / "docs" / "progress-report.png")
        clock = VirtualClock()
        app = App(open_board("sim://", clock), storage, clock=clock, player="Ana", sound=False, levels=levels)
        app.stack.push(ProgressScene(app.ctx, today=dt.date(2026, 3, 5)))
        app.frame()
        pygame.image.save(app.surface, str(ROOT / "docs" / "screenshots" / "progress.png"))
    print("wrote docs/progress-report.png and docs/screenshots/progress.png")


if __name__ == "__main__":
    main()
