"""docs/progress-report.png, docs/clinical-report.pdf and docs/screenshots/progress.png from generated history:
the simulated player's weekly balance check over eight weeks while their skill rises, with limits of stability,
two standard balance tests, training and two incidents (bench.history.clinical_history).
Run: python docs/make_progress_example.py"""
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

    from bench.history import clinical_history
    from poise.testing import catalogue
    from poise.drivers import open_board
    from poise.game.clinic.clinical_report import gather
    from poise.game.clinic.report_pages import write_pdf
    from poise.game.engine.app import App
    from poise.game.engine.loop import VirtualClock
    from poise.game.clinic.progress import progress
    from poise.game.clinic.report import write_png
    from poise.game.storage.store import Storage
    levels = catalogue()

    with tempfile.TemporaryDirectory() as tmp:
        storage = Storage(Path(tmp) / "example.db")
        clinical_history(storage, "Ana", seed=1)
        write_png(progress(storage, "Ana"), ROOT / "docs" / "progress-report.png")
        write_pdf(gather(storage, "Ana", clinician="Dr. M. Keller", now=dt.datetime(2026, 3, 2, 10, 0).astimezone()),
                  ROOT / "docs" / "clinical-report.pdf")
        clock = VirtualClock()
        app = App(open_board("sim://", clock), storage, clock=clock, player="Ana", sound=False, levels=levels)
        app.stack.push("progress", today=dt.date(2026, 3, 5))
        app.frame()
        pygame.image.save(app.surface, str(ROOT / "docs" / "screenshots" / "progress.png"))
    print("wrote docs/progress-report.png, docs/clinical-report.pdf and docs/screenshots/progress.png")


if __name__ == "__main__":
    main()
