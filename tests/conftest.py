"""Shared fixtures. Every test runs headless: SDL's dummy video and audio drivers."""
from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
# the tests read English unless they choose a language: the machine's own locale and POISE_LANG stay out of it
os.environ["LANGUAGE"] = "en"
os.environ.pop("POISE_LANG", None)

ROOT = Path(__file__).resolve().parents[1]

# The suite makes and drops a great many objects (levels played, apps, databases): collecting the youngest of them
# every 700 allocations, Python's default, cost about 2 % of its time (measured over the ladders and layout tests)
gc.set_threshold(100_000, 50, 100)


def pytest_collection_modifyitems(config, items) -> None:
    """An order for the parallel workers, so that two cores always have work and no long test is left for the end
    (`make test` runs pytest-xdist with --maxschedchunk 2: the workers take the tests nearly in this order):

    - first the long tests that work the CPU: each test marked `slow` itself, and the first test of each module
      marked `slow` (whole levels played, a history generated; the rest of such a module stays where it is, by
      when the history it shares, helpers.shared_database, is made);
    - then the rest, with the `realtime` tests (which mostly wait on emulated hardware) spread among the others:
      the long ones (also `slow`) one after another through the first two thirds, the short ones throughout.
      Bunched together, as they sit in tests/drivers, three workers of four waited at once while a core stood
      idle."""
    def waits(item) -> bool:
        return item.get_closest_marker("realtime") is not None

    first: dict[object, pytest.Item] = {}
    for item in items:
        if any(m.name == "slow" for m in item.own_markers):
            first[item.nodeid] = item
        elif item.get_closest_marker("slow") is not None and not waits(item):
            first.setdefault(item.module, item)
    long_waits = [item for item in first.values() if waits(item)]
    first = {k: item for k, item in first.items() if not waits(item)}
    ahead = set(map(id, first.values())) | set(map(id, long_waits))
    rest = [item for item in items if id(item) not in ahead]
    rest = _spread([i for i in rest if not waits(i)], [i for i in rest if waits(i)])
    cut = 2 * len(rest) // 3
    items[:] = list(first.values()) + _spread(rest[:cut], long_waits) + rest[cut:]


def _spread(working: list, waiting: list) -> list:
    """`working` with `waiting` spread evenly among them, beginning with a working one."""
    out: list = []
    every = len(working) / max(1, len(waiting))
    w = 0
    for k, item in enumerate(working):
        while w < len(waiting) and (w + 0.5) * every <= k:
            out.append(waiting[w])
            w += 1
        out.append(item)
    return out + waiting[w:]


@pytest.fixture(autouse=True)
def _own_settings_file(tmp_path: Path, monkeypatch) -> None:
    """Settings (volume, mute, fullscreen) go to the test's own folder, never this machine's config; so do
    the rescue folder (the user state directory), caches, and the old shared rescue folder (tempdir)."""
    monkeypatch.setenv("POISE_CONFIG", str(tmp_path / "config" / "settings.toml"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr("poise.game.storage.rescue.legacy_folder", lambda: tmp_path / "poise-unsaved")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "poise.db"


@pytest.fixture
def clock():
    from poise.game.engine.loop import VirtualClock

    return VirtualClock()


# --- a throwaway PostgreSQL server (tests/pgserver.py), one per test run --------------------------------------
def _pg_state(basetemp: Path) -> Path:
    return basetemp / "pg-server.json"


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory):
    """The run's PostgreSQL server: the first worker to ask starts it (under a file lock) and the others use
    it; the run's controller stops it at the end (pytest_sessionfinish). Without PostgreSQL's binaries the
    test is skipped with the reason, except under CI, where it fails."""
    from filelock import FileLock

    import pgserver

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # shared by the workers of this run
    state = _pg_state(root)
    with FileLock(str(state) + ".lock"):
        if state.exists():
            return pgserver.Server.load(state)
        if pgserver.binaries() is None and not pgserver.required():
            pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl, postgres): install the postgresql package "
                        "to run the clinic-database tests")
        server = pgserver.start()
        server.save(state)
        return server


@pytest.fixture
def pg_url(pg_server) -> str:
    """A new, empty database on the run's server: its URL (with the password in it)."""
    return pg_server.create_database()


def pytest_sessionfinish(session) -> None:
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return  # a worker: the controller stops the server once every worker is done
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is None:
        return
    state = _pg_state(factory.getbasetemp())
    if state.exists():
        import pgserver

        pgserver.Server.load(state).stop()
        state.unlink()


@pytest.fixture
def boards(tmp_path, monkeypatch):
    """The Wii boards the hidapi emulation (tests/emulation/wii_emulation.py) enumerates, empty at first, with
    no real /sys or /proc behind discovery."""
    import sys

    sys.path.insert(0, str(ROOT / "tests" / "emulation"))
    import wii_emulation as emu

    from poise.drivers import discovery

    saved = list(emu.BOARDS)
    emu.BOARDS.clear()
    monkeypatch.setattr(discovery, "SYS", tmp_path / "sys")
    monkeypatch.setattr(discovery, "PROC_INPUT", tmp_path / "proc-input-devices")
    yield emu.BOARDS
    emu.BOARDS[:] = saved
