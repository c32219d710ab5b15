"""A whole simulated daily session, frame by frame, in a fresh interpreter: `python bench/session.py` prints JSON.

The simulated player plays today's plan (every activity, its results included) at 1280x720 with sound on,
as `poise play` would (a short wait after each frame stands for its wait for the display): nothing is
imported or made beforehand, so a heavy import or a metrics computation on the main thread shows as the
slow frame it is. Run by bench/run.py; tests never assert on its times.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


# In play the loop waits for the display's refresh in every frame (most of the 16.7 ms); here a virtual clock runs
# the frames back to back, so each is followed by a short wait of that kind: a thread reading the database for a
# screen (poise.game.engine.background) gets on with it between frames as it would in play, not only in them.
IDLE_S = 0.001


def main() -> int:
    from poise.testing import catalogue

    levels = catalogue()  # the installed level catalogue (poise.levels is the package)
    from poise.drivers import open_board
    from poise.game.clinic.today import plan_for
    from poise.game.engine.app import App
    from poise.game.engine.loop import VirtualClock
    from poise.game.storage.store import Storage

    with tempfile.TemporaryDirectory() as folder:
        storage = Storage(Path(folder) / "bench.db")
        storage.player_id("Bench", create=True)
        clock = VirtualClock()
        app = App(open_board("sim://?seed=1", clock), storage, clock=clock, player="Bench", autoplay=True,
                  sound=True, levels=levels, size=(1280, 720))
        app.ctx.offload = True  # as in live play: the virtual clock only makes the run reproducible
        records: list[dict] = []
        app.stack.push("today", plan=plan_for(storage, levels, "Bench"), on_done=records.append)
        times = []
        while not records and len(times) < 60 * 3600:
            t0 = time.perf_counter()
            app.frame()
            times.append((time.perf_counter() - t0) * 1000)
            time.sleep(IDLE_S)
        storage.close()
    json.dump({"frames_ms": times, "activities": len(records[-1].get("activities", [])) if records else 0},
              sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
