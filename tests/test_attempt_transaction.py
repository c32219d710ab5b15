"""A finished attempt is stored in one transaction: the attempt, its session, samples, assessment and
trials all commit together or not at all, and a failed save is rescued to a file, never lost."""
from __future__ import annotations

import dataclasses
import functools
import json
import sqlite3
from pathlib import Path

import pytest

from poise.testing import catalogue
from poise.drivers import open_board
from poise.game.level import attempt
from poise.game.engine.app import App
from poise.game.engine.loop import VirtualClock
from poise.game.scenes import play as play_module
from poise.game.scenes.play import PlayScene
from poise.game.storage.store import Storage
from helpers import sql

levels = catalogue()

REAL_CONNECT = sqlite3.connect
TABLES = ("players", "sessions", "attempts", "recordings", "assessments", "assessment_trials", "stability_limits")


class FailingConnection(sqlite3.Connection):
    """A real SQLite connection whose n-th write (INSERT/UPDATE/DELETE) or COMMIT fails like a full disk."""

    fail_at: int | None = None
    points = 0

    @classmethod
    def point(cls, sql: str = "COMMIT") -> None:
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "COMMIT")):
            cls.points += 1
            if cls.points == cls.fail_at:
                raise sqlite3.OperationalError("database or disk is full")

    def cursor(self, *args):
        return super().cursor(FailingCursor)

    def commit(self):
        if self.in_transaction:
            FailingConnection.point()
        return super().commit()


class FailingCursor(sqlite3.Cursor):
    def execute(self, sql, *args):
        FailingConnection.point(sql)
        return super().execute(sql, *args)

    def executemany(self, sql, *args):
        FailingConnection.point(sql)
        return super().executemany(sql, *args)


@pytest.fixture(scope="module")
def finished_check():
    """A short balance check played through the real loop: (ctx, level, samples, started_at) at its end."""
    clock = VirtualClock()
    app = App(open_board("sim://?seed=2", clock), Storage(":memory:"), clock=clock, player="P", autoplay=True,
              quit_after_results=True, sound=False, render=False, levels=levels)
    spec = levels.spec("balance-check")
    short = dataclasses.replace(spec, params=dataclasses.replace(spec.params, conditions=("eyes-open", "eyes-closed"),
                                                                  trials=1, trial_s=6.0, prepare_s=1.0))
    level = type(levels.create("balance-check"))(short)
    captured = {}
    real = play_module.finish_attempt

    def capture(ctx, lvl, samples, started_at, status_at_start=None, prepared=None, **options):
        captured.update(level=lvl, samples=list(samples), started_at=started_at)
        return real(ctx, lvl, samples, started_at, status_at_start, prepared, **options)

    play_module.finish_attempt = capture
    try:
        app.stack.push(PlayScene(app.ctx, level))
        app.run(max_frames=60 * 120)
    finally:
        play_module.finish_attempt = real
    assert app.ctx.results and app.ctx.results[-1]["saved"]
    return app.ctx, captured["level"], captured["samples"], captured["started_at"]


def _save(finished_check, path: Path, fail_at: int | None, monkeypatch) -> tuple[dict, Storage]:
    ctx, level, samples, started_at = finished_check
    FailingConnection.points, FailingConnection.fail_at = 0, None
    monkeypatch.setattr(sqlite3.dbapi2, "connect", functools.partial(REAL_CONNECT, factory=FailingConnection))
    storage = Storage(path)
    FailingConnection.points, FailingConnection.fail_at = 0, fail_at
    fresh = dataclasses.replace(ctx, storage=storage, session_id=None, results=[])
    result = attempt.finish_attempt(fresh, level, samples, started_at)
    FailingConnection.fail_at = None
    return result, storage


def _counts(storage: Storage) -> dict[str, int]:
    return {t: storage.count(t) for t in TABLES}


def test_a_save_that_fails_at_any_write_stores_nothing_and_rescues_everything(finished_check, tmp_path, monkeypatch):
    result, storage = _save(finished_check, tmp_path / "ok.db", None, monkeypatch)
    writes = FailingConnection.points
    assert result["saved"] and result["assessment_id"]
    complete = _counts(storage)
    assert complete["attempts"] == complete["assessments"] == complete["sessions"] == 1
    assert complete["assessment_trials"] == 2
    assert writes >= 6  # player, session, attempt, recording, assessment, trials..., commit

    rescued = set()
    for k in range(1, writes + 1):
        result, storage = _save(finished_check, tmp_path / f"fail{k}.db", k, monkeypatch)
        assert not result["saved"], k
        assert "full" in result["save_error"]
        assert set(_counts(storage).values()) == {0}, (k, _counts(storage))  # all or nothing
        assert sql(storage, "PRAGMA integrity_check") == [("ok",)]
        path = Path(result["recovered_to"])
        assert path not in rescued  # never overwrites an earlier rescue, even in the same second
        rescued.add(path)
        saved = json.loads(path.read_text(encoding="utf-8"))
        assert saved["score"] == result["score"] and saved["details"]["trials"]
        assert path.with_suffix(".csv").read_text(encoding="utf-8").startswith("# poise-recording: 1")
