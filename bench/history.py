"""Generated history for tests and `make bench`.

Both play at 30 frames a second: a level's result does not depend on the frame rate
(tests/levels/test_all_levels.py), and fewer frames take less time.

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
    from poise.testing import catalogue
    from poise.drivers import open_board
    from poise.game.engine.app import App
    from poise.game.engine.loop import VirtualClock
    levels = catalogue()

    spec = levels.spec("balance-check")
    spec = dataclasses.replace(spec, params=dataclasses.replace(spec.params, trial_s=trial_s))
    cls = type(levels.create("balance-check"))
    for week, skill in enumerate(skills):
        clock = VirtualClock()
        board = open_board(f"sim://?skill={skill}&seed={seed * 100 + week}&person={seed}", clock)
        app = App(board, storage, clock=clock, player=player, autoplay=True, quit_after_results=True, sound=False,
                  render=False, levels=levels, fps=30)
        app.stack.push("play", level=cls(spec))
        app.run(max_frames=30 * 900)
        result = app.ctx.results[-1]
        when = (start + dt.timedelta(weeks=week)).isoformat(timespec="seconds")
        storage.redate(result["attempt_id"], when)


def play_once(storage, player: str, level_id: str, board_url: str, when: dt.datetime, params: dict | None = None,
              seconds: float | None = None) -> dict:
    """Play one level with the simulated player (no drawing), dated `when`; returns the stored result."""
    from poise.testing import catalogue
    from poise.drivers import open_board
    from poise.game.engine.app import App
    from poise.game.level.levelsetup import player_reach
    from poise.game.engine.loop import VirtualClock
    levels = catalogue()

    spec = levels.spec(level_id)
    if params:
        spec = dataclasses.replace(spec, params=dataclasses.replace(spec.params, **params))
    cls = type(levels.create(level_id))
    clock = VirtualClock()
    app = App(open_board(board_url, clock), storage, clock=clock, player=player, autoplay=True, quit_after_results=True,
              sound=False, render=False, levels=levels, fps=30)
    level = cls(spec, seconds, 0, player_reach(storage, player))
    app.stack.push("play", level=level)
    app.run(max_frames=30 * 1800)
    result = app.ctx.results[-1]
    stamp = when.isoformat(timespec="seconds")
    storage.redate(result["attempt_id"], stamp)
    return result


def clinical_history(storage, player: str = "Ana", seed: int = 1, standard_tests: bool = True) -> None:
    """Eight weeks of a player as a clinician would see them: a profile, the weekly check while skill rises,
    the limits of stability in weeks 1, 4 and 8, the 60-s standard balance test in weeks 1 and 8 (when
    `standard_tests`), some training between, and two logged safety incidents."""
    skills = [0.35, 0.4, 0.5, 0.55, 0.65, 0.7, 0.8, 0.85]
    pid = storage.player_id(player, create=True)
    storage.set_body(pid, weight_kg=64.0, height_cm=165.0)
    storage.set_profile(pid, birth_year=1961, sex="F", goal="walk outdoors without fear of falling",
                        injured_side="right")
    simulate_weeks(storage, player, skills, seed=seed)
    for week in (0, 3, 7):
        play_once(storage, player, "limits-of-stability", f"sim://?skill={skills[week]}&seed={seed * 100 + 50 + week}&person={seed}",
                  START + dt.timedelta(weeks=week, hours=1))
    if standard_tests:
        for week in (0, 7):
            play_once(storage, player, "standard-balance-test", f"sim://?skill={skills[week]}&seed={seed * 100 + 80 + week}&person={seed}",
                      START + dt.timedelta(weeks=week, hours=2))
    for week in range(8):
        for day in (2, 4):
            play_once(storage, player, ("weight-shift-reach", "single-leg-hold")[day // 4],
                      f"sim://?skill={skills[week]}&seed={seed * 100 + 20 + week}&person={seed}",
                      START + dt.timedelta(weeks=week, days=day), seconds=20.0)
    sid = storage.attempts(pid)[-1]["session_id"]
    for week, kind, detail in ((2, "load-loss", "load fell to 21.3 kg during play"),
                               (5, "beyond-limits", "the balance point went past the player's limits of stability")):
        incident = storage.log_incident(pid, sid, "single-leg-hold", kind, detail)
        storage.redate_incident(incident, (START + dt.timedelta(weeks=week, days=4, minutes=3)).isoformat(timespec="seconds"))


def synthetic(storage, players: int = 10, days: int = 730, seed: int = 7, stations: int = 1) -> None:
    """Daily training and a weekly check for every player, inserted directly (no simulation), through the
    storage's bulk insert; with `stations`, the players train at the clinic's stations in turn."""
    rng = random.Random(seed)
    conditions = ("eyes-open", "eyes-closed", "left-leg", "right-leg")
    base = {"eyes-open": 9.0, "eyes-closed": 10.0, "left-leg": 35.0, "right-leg": 37.0}
    quality = json.dumps({"calibrated": True, "samples": 14400, "lost_samples": 0, "corrupt_frames": 0,
                          "rate_hz": 60.0})
    details = json.dumps({"details": {"left_held_s": 30.0, "right_held_s": 30.0, "targets": 16, "gates_passed": 10,
                                      "step": 2}})
    first = storage.count("players")
    with storage.atomic():
        pids = storage.insert_rows("players", [{"name": f"Player {first + p + 1}", "created_at": START.isoformat()}
                                               for p in range(players)], ids=True)
        board = {"board_url": "sim://", "software_version": "bench"}
        sids = storage.insert_rows("sessions", [board | {"player_id": pid, "started_at": START.isoformat(),
                                                         "board_identity": f"sim-{s + 1}", "station": f"station-{s + 1}"}
                                                for pid in pids for s in range(stations)], ids=True)
        for p, pid in enumerate(pids):
            attempts, checks, trials = [], [], []
            for day in range(days):
                s = (p + day) % stations
                when = (START + dt.timedelta(days=day)).isoformat(timespec="seconds")
                for level in ("single-leg-hold", "weight-shift-reach", "slalom"):
                    attempts.append({"session_id": sids[p * stations + s], "player_id": pid, "level": level,
                                     "started_at": when, "duration_s": 90.0, "score": float(rng.randint(300, 900)),
                                     "stars": 2, "result_json": details, "metrics_json": "{}", "step": 2,
                                     "station": f"station-{s + 1}", "board_identity": f"sim-{s + 1}",
                                     "board_url": "sim://", "uid": f"bench-{pid}-{day}-{level}"})
                if day % 7 == 0:
                    checks.append({"player_id": pid, "created_at": when, "board_identity": f"sim-{s + 1}",
                                   "protocol": "eyes-open,eyes-closed,left-leg,right-leg", "quality_json": quality})
                    trials.append([])
                    for c in conditions:
                        true = base[c] * math.exp(-0.15 * day / days)
                        for n in range(3):
                            v = true * math.exp(rng.gauss(0, 0.12))
                            m = {"velocity_mm_s": v, "ellipse95_mm2": 8 * v * v}
                            trials[-1].append({"condition": c, "trial": n + 1, "valid": 1, "note": "", "start_s": 0.0,
                                               "end_s": 20.0, "metrics_json": json.dumps(m)})
            storage.insert_rows("attempts", attempts)
            aids = storage.insert_rows("assessments", checks, ids=True)
            storage.insert_rows("assessment_trials", [tr | {"assessment_id": aid} for aid, group in zip(aids, trials)
                                                      for tr in group])
