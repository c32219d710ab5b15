"""Generated history for tests and `make bench`.

`simulate_weeks` plays the real weekly balance check with the simulated player once a week (its
skill given per week) and dates each check a week apart; `synthetic` fills a database with two
years of daily use by many players directly (for timing the queries), with metrics drawn around a
slowly improving true velocity.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import random

START = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.timezone.utc)  # a Monday


def simulate_weeks(storage, player: str, skills: list[float], seed: int = 1, trial_s: float = 10.0,
                   start: dt.datetime = START) -> None:
    from poise import levels
    from poise.drivers import open_board
    from poise.game.app import App
    from poise.game.loop import VirtualClock
    from poise.game.scenes.play import PlayScene

    spec = levels.spec("balance-check")
    spec = dataclasses.replace(spec, params=dataclasses.replace(spec.params, trial_s=trial_s))
    cls = type(levels.create("balance-check"))
    for week, skill in enumerate(skills):
        clock = VirtualClock()
        board = open_board(f"sim://?skill={skill}&seed={seed * 100 + week}", clock)
        app = App(board, storage, clock=clock, player=player, autoplay=True, quit_after_results=True, sound=False,
                  render=False, levels=levels)
        app.stack.push(PlayScene(app.ctx, cls(spec)))
        app.run(max_frames=60 * 900)
        result = app.ctx.results[-1]
        when = (start + dt.timedelta(weeks=week)).isoformat(timespec="seconds")
        storage.db.execute("UPDATE assessments SET created_at = ? WHERE id = ?", (when, result["assessment_id"]))
        storage.db.execute("UPDATE attempts SET started_at = ? WHERE id = ?", (when, result["attempt_id"]))


def synthetic(storage, players: int = 10, days: int = 730, seed: int = 7) -> None:
    """Daily training and a weekly check for every player, inserted directly (no simulation)."""
    rng = random.Random(seed)
    db = storage.db
    conditions = ("eyes-open", "eyes-closed", "left-leg", "right-leg")
    base = {"eyes-open": 9.0, "eyes-closed": 10.0, "left-leg": 35.0, "right-leg": 37.0}
    quality = json.dumps({"calibrated": True, "samples": 14400, "lost_samples": 0, "corrupt_frames": 0,
                          "rate_hz": 60.0})
    db.execute("BEGIN")
    for p in range(players):
        pid = db.execute("INSERT INTO players (name, created_at) VALUES (?, ?)",
                         (f"Player {p + 1}", START.isoformat())).lastrowid
        sid = db.execute("INSERT INTO sessions (player_id, started_at, board_url, board_identity, software_version)"
                         " VALUES (?, ?, 'sim://', 'sim-1', 'bench')", (pid, START.isoformat())).lastrowid
        for day in range(days):
            when = (START + dt.timedelta(days=day)).isoformat(timespec="seconds")
            for level in ("single-leg-hold", "weight-shift-reach", "slalom"):
                details = {"left_held_s": 30.0, "right_held_s": 30.0, "targets": 16, "gates_passed": 10, "step": 2}
                db.execute("INSERT INTO attempts (session_id, player_id, level, started_at, duration_s, score, stars,"
                           " result_json, metrics_json) VALUES (?, ?, ?, ?, 90, ?, 2, ?, '{}')",
                           (sid, pid, level, when, rng.randint(300, 900), json.dumps({"details": details})))
            if day % 7 == 0:
                aid = db.execute("INSERT INTO assessments (player_id, created_at, protocol, board_identity,"
                                 " quality_json) VALUES (?, ?, 'eyes-open,eyes-closed,left-leg,right-leg', 'sim-1', ?)",
                                 (pid, when, quality)).lastrowid
                for c in conditions:
                    true = base[c] * math.exp(-0.15 * day / days)
                    for n in range(3):
                        v = true * math.exp(rng.gauss(0, 0.12))
                        m = {"velocity_mm_s": v, "ellipse95_mm2": 8 * v * v}
                        db.execute("INSERT INTO assessment_trials (assessment_id, condition, trial, valid, note,"
                                   " start_s, end_s, metrics_json) VALUES (?, ?, ?, 1, '', 0, 20, ?)",
                                   (aid, c, n + 1, json.dumps(m)))
    db.execute("COMMIT")
