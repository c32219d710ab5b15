"""Levels on the emulated Wii board, in real time: disconnect pauses, return resumes; whole runs headless."""
import json
import os
import subprocess
import sys
import time

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "emulation"))
import wii_emulation as emu  # noqa: E402

from poise.testing import catalogue
from poise.drivers.url import parse  # noqa: E402
from poise.drivers.wii import WiiBoard  # noqa: E402
from poise.game.engine.app import App  # noqa: E402
from poise.game.scenes.play import PlayScene  # noqa: E402
from poise.game.storage.store import Storage  # noqa: E402
from helpers import PATIENCE_S, run_until, short_level  # noqa: E402

levels = catalogue()

pytestmark = pytest.mark.realtime  # reader threads over emulated hardware: bounded waits on real time

EMU_ENV = {**os.environ, "PYTHONPATH": str(ROOT / "tests" / "emulation"), "POISE_HID_MODULE": "wii_emulation",
           "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}


@pytest.fixture
def board():
    saved = list(emu.BOARDS)
    emu.BOARDS[:] = [emu.EmulatedBoard(raws=emu.one_leg())]  # on the left leg: the level's clock runs
    yield emu.BOARDS[0]
    emu.BOARDS[:] = saved


@pytest.mark.slow  # seconds of real time, mostly waiting: spread through the run (conftest)
def test_disconnect_pauses_the_level_and_it_resumes_when_the_board_returns(board):
    wii = WiiBoard(parse("wii://"), time.monotonic, hid=emu)
    app = App(wii, Storage(":memory:"), player="P", autoplay=True, sound=False, render=False, fps=120, levels=levels)
    scene = PlayScene(app.ctx, short_level(hold_s=3.0))
    app.stack.push(scene)
    assert run_until(app, lambda: scene.stage == "play" and scene.level.phase.kind == "hold", PATIENCE_S)
    board.unplug()
    assert run_until(app, lambda: scene.pause == "disconnected", PATIENCE_S)
    frozen = scene.level.total_t
    run_until(app, lambda: False, 1.0)
    assert scene.pause == "disconnected" and scene.level.total_t == frozen
    board.replug()
    assert run_until(app, lambda: scene.pause is None, PATIENCE_S)  # no key pressed: it resumed by itself
    assert run_until(app, lambda: bool(app.ctx.results), PATIENCE_S)
    result = app.ctx.results[-1]
    assert result["details"]["left_held_s"] == pytest.approx(3.0, abs=0.02)
    assert result["saved"]


def test_monitor_prints_the_test_vectors_across_status_reports(tmp_path):
    report = tmp_path / "board.json"
    env = {**EMU_ENV, "POISE_EMU_STATUS_EVERY": "0.5", "POISE_EMU_ALTERNATE": "1", "POISE_EMU_REPORT": str(report)}
    proc = subprocess.run([sys.executable, "-m", "poise", "monitor", "--board", "wii://", "--json", "--seconds", "3"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    board = json.loads(report.read_text())
    # every row is a data report the board sent (the last few may have arrived after the monitor stopped
    # printing), and no status report silenced the data for longer than one read: the mode was asked for again
    # at once, not by the watchdog 0.5 s later (counted in reads, not timed: a busy machine stalls on its own)
    assert 60 <= len(rows) <= board["data_handed"]
    assert len(board["status_answers"]) >= 2 and set(board["status_answers"]) == {0}
    v1 = (18.2475, 17.9928, 18.0122, 18.1766, 72.4292, -0.2700, 0.0846)
    v2 = (8.3111, 28.2959, 8.5190, 14.1193, 59.2453, 93.4956, 28.0574)
    kinds = set()
    for r in rows:
        got = (r["tl"], r["tr"], r["bl"], r["br"], r["total"], r["x"], r["y"])
        for name, ref in (("V1", v1), ("V2", v2)):
            if all(abs(a - b) <= (0.01 if i < 5 else 0.1) for i, (a, b) in enumerate(zip(got, ref))):
                kinds.add(name)
                break
        else:
            raise AssertionError(f"sample matches no test vector: {r}")
    assert kinds == {"V1", "V2"}


@pytest.mark.slow  # seconds of real time, mostly waiting: spread through the run (conftest)
def test_a_whole_level_plays_headless_on_the_wii_board(tmp_path):
    """The whole single-leg hold, unattended, over the emulated board: the player stands perfectly still on both
    feet, then on the leg the level asks for (as a person would read it off the screen), so the run does not
    depend on how fast a busy machine gets through the level's start."""
    saved = list(emu.BOARDS)
    scene = None

    def raws(t):
        leg = scene.level.watch.leg if scene is not None and scene.stage == "play" else None
        return emu.V1 if t < 2.0 or leg is None else emu.V_LEFT if leg == "left" else emu.V2

    emu.BOARDS[:] = [emu.EmulatedBoard(raws=raws)]
    try:
        wii = WiiBoard(parse("wii://"), time.monotonic, hid=emu)
        app = App(wii, Storage(tmp_path / "w.db"), player="Wii", autoplay=True, sound=False, render=False, fps=120,
                  levels=levels)
        scene = app.stack.push("play", level=levels.create("single-leg-hold", 2.0))
        assert run_until(app, lambda: bool(app.ctx.results), 120)
    finally:
        emu.BOARDS[:] = saved
        wii.close()
    result = app.ctx.results[-1]
    assert result["board"] == "wii://" and result["saved"] and result["samples"] > 55 * result["duration_s"]
    assert result["score"] == 1000 and not result["details"]["not_lifted"]
    assert result["details"]["left_held_s"] == pytest.approx(1.0, abs=0.02) == result["details"]["right_held_s"]


class ShortHold:
    """The real level catalogue, with the single-leg hold cut to 1 s preparation, 4 s holds and 1 s rest:
    the real `poise play` is handed it in place of the installed levels, so the real-time run stays short."""

    def spec(self, level_id):
        if level_id == "single-leg-hold":
            return short_level(hold_s=4.0).spec
        return levels.spec(level_id)

    def all_specs(self):
        return {level_id: self.spec(level_id) for level_id in levels.all_specs()}

    def create(self, level_id, seconds=None, step=0, reach=None):
        return type(levels.create(level_id))(self.spec(level_id), seconds, step, reach)

    def templates(self, level_id):
        return levels.templates(level_id)


@pytest.mark.slow  # seconds of real time, mostly waiting: spread through the run (conftest)
def test_poise_play_on_the_wii_board_plays_the_single_leg_level_end_to_end(tmp_path, monkeypatch):
    """The real `poise play` command: title menu, safety prompt, a (shortened) level, results, quit."""
    import threading

    import pygame

    from poise.__main__ import main
    from poise.game.storage.store import Storage as Store

    monkeypatch.setenv("POISE_HID_MODULE", "wii_emulation")
    from poise.game.cli import main as cli
    monkeypatch.setattr(cli, "display_problem", lambda: None)  # the dummy driver stands in for a screen here
    saved = list(emu.BOARDS)
    emu.BOARDS[:] = [emu.EmulatedBoard(raws=emu.one_leg(after=4.0))]  # on the left leg once the level starts
    db = tmp_path / "play.db"
    finished = threading.Event()
    shown = threading.Event()  # the first frame was handed to the window: the game reads keys from now on
    from poise.game.engine import display
    submit = display.Display.submit

    def submit_and_tell(self, *args, **kwargs):
        submit(self, *args, **kwargs)
        shown.set()

    monkeypatch.setattr(display.Display, "submit", submit_and_tell)

    def press(key, at):
        time.sleep(at)
        if not finished.is_set():
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))

    def player():
        shown.wait(60)  # the window is up and drawn (the game's window is a pygame.Window: no display surface)
        time.sleep(0.5)
        # the title screen points someone new at the limits test ("start here", the last card of the sixth row);
        # the single-leg hold is the first card: up five rows, left two columns
        for key in [pygame.K_UP] * 5 + [pygame.K_LEFT] * 2:
            press(key, 0.1)
        press(pygame.K_RETURN, 0.3)  # "Single-leg hold"
        press(pygame.K_RETURN, 1.0)  # confirm the safety prompt
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not finished.is_set():
            try:
                if Store(db).attempts(Store(db).player_id("Wii")):
                    break
            except Exception:
                pass
            time.sleep(0.25)
        press(pygame.K_ESCAPE, 1.5)  # leave the results for the title (Enter would start the next activity)
        press(pygame.K_ESCAPE, 1.0)  # and quit from the title: it asks first, "Stay" chosen
        press(pygame.K_LEFT, 0.5)  # "Quit"
        press(pygame.K_RETURN, 0.5)
        time.sleep(2.0)
        if not finished.is_set():
            pygame.event.post(pygame.event.Event(pygame.QUIT))  # whatever the menus did: the run always ends

    thread = threading.Thread(target=player, daemon=True)
    thread.start()
    try:
        assert main(["play", "--board", "wii://", "--player", "Wii", "--db", str(db)], ShortHold) == 0
    finally:
        finished.set()
        emu.BOARDS[:] = saved
    store = Store(db)
    attempts = store.attempts(store.player_id("Wii"))
    assert len(attempts) == 1 and attempts[0]["level"] == "single-leg-hold"
    assert json.loads(attempts[0]["result_json"])["details"]["left_held_s"] == pytest.approx(4.0, abs=0.02)
