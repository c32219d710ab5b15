"""Reading the database beside the frames (poise.game.engine.background): on a thread with connections of its own,
on a real SQLite file; an in-memory database, which has one connection only, is read at once instead."""
import concurrent.futures
import threading

import pytest
from helpers import PATIENCE_S

from poise.game.engine import background
from poise.game.storage.store import Storage, StorageError


def whose(storage, name):
    """Where the work ran, on which Storage, and what it read."""
    return threading.current_thread().name, storage, storage.player_id(name)


def test_a_read_runs_on_its_own_thread_with_its_own_connections(tmp_path):
    storage = Storage(tmp_path / "p.db")
    pid = storage.player_id("Ana", create=True)
    thread, used, got = background.read(storage, whose, "Ana").result(timeout=PATIENCE_S)
    assert thread == "poise-read" and used is not storage and used.url == storage.url and got == pid
    assert storage.player_id("Ana") == pid  # the game's own Storage is untouched and still open


def test_an_in_memory_database_is_read_at_once_on_this_thread():
    storage = Storage(":memory:")
    pid = storage.player_id("Ana", create=True)
    future = background.read(storage, whose, "Ana")
    assert future.done() and future.result() == (threading.current_thread().name, storage, pid)


def test_a_failure_comes_back_through_the_future(tmp_path):
    storage = Storage(tmp_path / "p.db")

    def refuse(_storage):
        raise StorageError("the database is busy; try again")

    for run in (background.read, background.now):
        with pytest.raises(StorageError, match="busy"):
            run(storage, refuse).result(timeout=PATIENCE_S)


def progress_in_live_play(tmp_path):
    """(app, its Progress screen) for a player Ana on a database file, the screen just opened as in live play."""
    from poise.drivers import open_board
    from poise.game.engine.app import App
    from poise.game.engine.loop import VirtualClock
    from poise.testing import catalogue

    storage = Storage(tmp_path / "p.db")
    storage.player_id("Ana", create=True)
    clock = VirtualClock()
    app = App(open_board("sim://", clock), storage, clock=clock, player="Ana", sound=False, levels=catalogue())
    app.ctx.offload = True  # as in live play: read on a thread
    return app, app.stack.push("progress")


def test_the_progress_screen_reads_beside_the_frames_and_shows_what_was_read(tmp_path):
    """Opening Progress read two years of weeks in one frame (about 0.1 s in `make bench`); in live play it is read
    on a thread while the screen is shown, and what it then shows is what the player's progress is."""
    from poise.game.clinic.progress import progress

    app, scene = progress_in_live_play(tmp_path)
    storage = app.ctx.storage
    assert scene.reading is not None or scene.data is not None
    if scene.reading is not None:
        scene.reading.result(timeout=PATIENCE_S)
    for _ in range(3):
        app.frame()
    assert scene.reading is None and scene.error == ""
    expected = progress(storage, "Ana")
    assert scene.data.verdicts == expected.verdicts and scene.data.history.days == expected.history.days


def test_choosing_on_the_progress_screen_while_it_reads_waits_for_the_weeks(tmp_path):
    """Enter on Progress in the tenth of a second the weeks were being read took "no data" for "no player" and left
    the screen; the weekly check (the first button) starts, once they are read."""
    from poise.game.scenes.play import PlayScene

    app, scene = progress_in_live_play(tmp_path)
    scene._choose(0)  # at once, whether or not the reading thread is done
    assert isinstance(app.stack.top, PlayScene) and app.stack.top.level.spec.id == "balance-check"


def test_the_day_summary_says_nothing_until_what_changed_is_read(tmp_path):
    """While what changed was being read, the summary said "Nothing new today", then changed its mind."""
    from poise.game.scenes.today import TodayScene
    from test_layout import look, make_app

    app = make_app((1280, 720), Storage(tmp_path / "p.db"), player="Ana")
    today = TodayScene(app.ctx)
    app.stack.push(today)
    today.stage, today.lines = "summary", []
    today.summarising = concurrent.futures.Future()  # still being read
    labels = [item["label"] for item in look(app, "summary", []).items]
    assert "What changed" in labels and not any("Nothing new today" in label for label in labels), labels
    today.summarising = None  # read, and nothing changed
    assert any("Nothing new today" in item["label"] for item in look(app, "summary", []).items)


def test_a_database_file_gone_before_the_read_is_said_and_not_made_again(tmp_path):
    """A twin on a file that had been moved or deleted made an empty database there, and the read failed with
    'no such table'."""
    path = tmp_path / "p.db"
    storage = Storage(path)
    storage.player_id("Ana", create=True)
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    with pytest.raises(StorageError, match="cannot open database .*No such file"):
        background.read(storage, whose, "Ana").result(timeout=PATIENCE_S)
    assert not path.exists()
