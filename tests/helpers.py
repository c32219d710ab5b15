"""Small helpers for driving real parts in tests."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Callable

from poise.drivers import open_board
from poise.game.engine.loop import VirtualClock


def shared_database(tmp_path_factory, name: str, make: Callable, copy_to: Path) -> Path:
    """A database generated once per test run by `make(storage)` and shared by the pytest-xdist workers,
    copied to `copy_to` for the caller to use (and change) alone.

    The first worker to ask generates it under a file lock (the `filelock` package) while the others
    wait; generated histories take seconds of simulated play, once instead of once per worker."""
    from filelock import FileLock

    from poise.game.storage.store import Storage

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # shared by the workers of this run
    shared = root / f"shared-{name}.db"
    with FileLock(str(shared) + ".lock"):
        if not shared.exists():
            partial = shared.with_name(shared.name + ".partial")
            partial.unlink(missing_ok=True)
            storage = Storage(partial)
            make(storage)
            storage.close()  # everything in the file itself, nothing left in a write-ahead log
            partial.rename(shared)
    return copy_database(shared, copy_to)


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy of an SQLite database (SQLite's backup; a file copy could miss its write-ahead log)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def sql(storage, statement: str, params=()):
    """Raw SQL on a test's database, below the storage interface (tests may look there; the product may not):
    the rows of a query, else the number of rows changed. Parameters in the driver's style (`?` on SQLite)."""
    with storage.engine.begin() as conn:
        result = conn.exec_driver_sql(statement, tuple(params))
        return result.fetchall() if result.returns_rows else result.rowcount


def collect(url: str, seconds: float, poll_hz: float = 60.0, clock: VirtualClock | None = None):
    """Open `url` on a virtual clock and poll it at `poll_hz` for `seconds`; returns (board, samples)."""
    clock = clock or VirtualClock()
    board = open_board(url, clock)
    samples = []
    steps = int(round(seconds * poll_hz))
    for _ in range(steps):
        clock.advance(1.0 / poll_hz)
        samples.extend(board.poll())
    return board, samples


def play_level(level_id: str, board_url: str, fps: int = 60, seconds: float | None = None, storage=None,
               render: bool = False, player: str = "Test", screenshot=None):
    """Run the real app loop on a level with the simulated player; returns the app (results in app.ctx.results)."""
    from poise.testing import catalogue
    from poise.game.engine.app import App
    from poise.game.scenes.play import PlayScene
    from poise.game.storage.store import Storage
    levels = catalogue()

    storage = storage or Storage(":memory:")
    clock = VirtualClock()
    board = open_board(board_url, clock)
    app = App(board, storage, clock=clock, fps=fps, player=player, autoplay=True, quit_after_results=True,
              sound=False, render=render, screenshot=screenshot, levels=levels)
    app.stack.push(PlayScene(app.ctx, levels.create(level_id, seconds)))
    app.run(max_frames=fps * 600)
    return app


def short_level(hold_s: float = 2.0):
    """The single-leg hold on the left leg only, with 1 s preparation and rest, for real-time tests on emulated
    hardware (whose player must stand on the left leg: only time on it counts)."""
    import dataclasses

    from poise.testing import catalogue
    from poise.levels.single_leg_hold import SingleLegHold
    levels = catalogue()

    spec = levels.spec("single-leg-hold")
    params = dataclasses.replace(spec.params, prepare_seconds=1.0, rest_seconds=1.0, hold_seconds=hold_s,
                                 legs=("left",))
    return SingleLegHold(dataclasses.replace(spec, params=params))


# How long a real-time test may wait for something that takes a fraction of a second on an idle machine: long
# enough for a machine whose cores are busy with other work, and still an end to a test that will never pass.
PATIENCE_S = 30.0

# The tests that play every level short (ladders, skill) pass --seconds; for these levels it is not only how long
# they play, so they get their own length instead
PLAY_SECONDS_FOR = {"table-tilt": None, "ankle-circles": None,  # --seconds would change their pace: full length
                    "weight-shift-reach": 28.0}  # 8 targets, one in each direction


def wait_until(condition, limit_s: float = PATIENCE_S, every_s: float = 0.01) -> bool:
    """Real time: whether `condition()` came to hold before `limit_s` passed (checked every `every_s`)."""
    import time

    end = time.monotonic() + limit_s
    while not condition():
        if time.monotonic() > end:
            return bool(condition())
        time.sleep(every_s)
    return True


def poll_until(board, condition, limit_s: float = PATIENCE_S) -> list:
    """Real time: every sample a board with its own reader thread delivers until `condition(samples)` holds.
    Fails the test, saying what came, when `limit_s` passes first."""
    import time

    import pytest

    end = time.monotonic() + limit_s
    out = board.poll()
    while not condition(out):
        if time.monotonic() > end:
            pytest.fail(f"gave up after {limit_s:g} s with {len(out)} samples, the board saying {board.status()}")
        time.sleep(0.01)
        out += board.poll()
    return out


def poll_past(board, device, limit_s: float = PATIENCE_S) -> list:
    """Real time: every sample a serial board delivers until one the emulated `device` (tests/emulation/fw_device.py)
    read after this call: whatever a test asked of the device before it has reached the driver. On the board's
    first stream, whose board time is the device's clock."""
    n = len(device.readings)  # reading n may have begun before this call; reading n + 1 began after it

    def past(got):
        return len(device.readings) > n + 1 and bool(got) and got[-1].board_t >= device.readings[n + 1][0] / 1e6
    return poll_until(board, past, limit_s)


def poll_for(board, seconds: float) -> list:
    """Real time: every sample a board with its own reader thread delivers in `seconds`."""
    import time

    end = time.monotonic() + seconds
    out = []
    while time.monotonic() < end:
        out += board.poll()
        time.sleep(0.01)
    return out


def frames_until(app, condition, frames: int) -> bool:
    """Run app frames (a virtual clock's) until `condition()` holds, checked before each of at most
    `frames`; whether it did."""
    for _ in range(frames):
        if condition():
            return True
        app.frame()
    return False


def run_until(app, condition, limit_s: float) -> bool:
    """Run real-time app frames until `condition()` holds or `limit_s` passes."""
    import time

    end = time.monotonic() + limit_s
    while time.monotonic() < end:
        if condition():
            return True
        app.frame()
    return False


def wait_connected(board, limit_s: float = PATIENCE_S) -> bool:
    return wait_until(lambda: board.status().connected, limit_s, every_s=0.05)


def rows(result) -> list[tuple[str, str]]:
    """A result's messages in words, as the results screen shows them: a result dict (app.ctx.results), or
    (level id, LevelResult) straight from a level."""
    from poise.game.level.messages import rows as render_rows
    from poise.game.level.result import LevelResult, as_data
    from poise.testing import catalogue

    if isinstance(result, dict):
        return render_rows(result, catalogue().templates(result["level"]))
    level_id, outcome = result
    assert isinstance(outcome, LevelResult)
    return render_rows(as_data(outcome), catalogue().templates(level_id))


def clinical_history_database(tmp_path_factory) -> Path:
    """The eight-week clinical history of 'Ana' (bench.history.clinical_history), made once per test run and
    copied for each module that asks (the clinical report and the research export read it)."""
    import sys

    from conftest import ROOT
    sys.path.insert(0, str(ROOT))
    from bench.history import clinical_history

    return shared_database(tmp_path_factory, "clinic", lambda s: clinical_history(s, "Ana"),
                           tmp_path_factory.mktemp("clinic") / "clinic.db")
