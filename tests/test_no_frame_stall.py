"""Nothing stalls a frame at the end of a level: scipy is never imported on the game's thread, the attempt's
metrics are made in the worker process (game/engine/worker.py) while frames go on, and the worker's failure
loses nothing. Timings are `make bench`'s job (bench/session.py); this tests the mechanism."""
import json
import os
import subprocess
import sys
import textwrap

from conftest import ROOT

SCRIPT = textwrap.dedent("""
    import json, sys, threading
    sys.path.insert(0, {tests!r})
    imported_on_main = []

    class Watch:  # notes every scipy import made on the game's thread
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] == "scipy" and threading.current_thread() is threading.main_thread():
                imported_on_main.append(name)
            return None

    sys.meta_path.insert(0, Watch())
    from poise.drivers import open_board
    from poise.game.engine.app import App
    from poise.game.engine.loop import VirtualClock
    from poise.game.storage.store import Storage
    from poise.testing import catalogue

    levels = catalogue()
    clock = VirtualClock()
    app = App(open_board("sim://?seed=2", clock), Storage(":memory:"), clock=clock, player="T", autoplay=True,
              quit_after_results=True, sound=False, render=False, levels=levels)
    app.ctx.offload = True  # as in live play (a virtual clock alone keeps the work on this thread)
    scene = app.stack.push("play", level=levels.create("balance-check", 3))
    finishing = 0
    while not app.ctx.results and app.frames < 60 * 300:
        app.frame()
        finishing += scene.finisher is not None and not app.ctx.results
    result = app.ctx.results[-1]
    print(json.dumps({{"on_main": imported_on_main, "frames_while_finishing": finishing,
                      "metrics": sorted(result["metrics"]), "saved": result["saved"]}}))
""")


def run_game():
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "PYGAME_HIDE_SUPPORT_PROMPT": "1"}
    out = subprocess.run([sys.executable, "-c", SCRIPT.format(tests=str(ROOT / "tests"))], capture_output=True,
                         text=True, env=env, cwd=ROOT, timeout=240)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_end_of_a_level_imports_nothing_heavy_on_the_game_thread_and_frames_go_on():
    got = run_game()  # a fresh interpreter: nothing imported beforehand, as at a player's first level of the day
    assert got["on_main"] == []
    assert got["frames_while_finishing"] >= 1  # the loop kept drawing while the worker made the metrics
    assert got["metrics"] and got["saved"]


def test_the_worker_runs_in_another_process_and_a_dead_worker_loses_nothing():
    from poise.game.engine import worker

    worker.warm().result(timeout=120)
    pool = worker._pool
    assert isinstance(pool, worker.WorkerProcess)  # this machine can start processes
    assert pool.submit(os.getpid).result(timeout=60) != os.getpid()
    pool.proc.kill()
    pool.proc.wait(timeout=10)
    future = worker.submit(sum, [1, 2, 3])  # the dead worker is replaced: the work still gets done
    assert future.result(timeout=60) == 6
