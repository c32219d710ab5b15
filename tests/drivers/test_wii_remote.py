"""A Wii Remote paired instead of the Balance Board (it enumerates with the board's vendor and product id), and
every command that falls back to the simulated board saying so.

The emulation (tests/emulation/wii_emulation.py) answers as a remote with nothing in its extension port does:
its status report has no extension bit, and a read of the extension registers answers with error 7."""
import json
import os
import subprocess
import sys
import time

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "emulation"))
import wii_emulation as emu  # noqa: E402

from poise.drivers import BoardNotFound, discovery  # noqa: E402
from poise.drivers.errors import Reason  # noqa: E402
from poise.drivers.url import parse  # noqa: E402
from poise.drivers.wii import WiiBoard  # noqa: E402
from helpers import play_level  # noqa: E402

PAIR_THE_BOARD = ("this is a Wii Remote, not a Balance Board (nothing in its extension port): pair the board instead "
                  "(the red SYNC button under its battery cover")




def remote():
    return emu.EmulatedBoard(product="Nintendo RVL-CNT-01", extension_id=None)


@pytest.mark.realtime
def test_a_remote_with_an_empty_extension_port_is_named_with_what_to_pair(boards):
    boards.append(remote())
    with pytest.raises(BoardNotFound) as caught:  # after the timeout: a board being synced may still appear
        WiiBoard(parse("wii://?timeout=1"), time.monotonic, hid=emu)
    assert str(caught.value).startswith(PAIR_THE_BOARD) and caught.value.reason is Reason.WRONG_DEVICE


@pytest.mark.realtime
def test_poise_boards_lists_the_remote_as_not_a_board(boards):
    boards.append(remote())
    found = discovery.wii_boards(emu, open_timeout=0.5)
    assert not found[0].usable and found[0].detail.startswith(PAIR_THE_BOARD)


def run(*args):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tests" / "emulation"), "POISE_HID_MODULE": "wii_emulation",
           "POISE_EMU_REMOTE": "1", "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    return subprocess.run([sys.executable, "-m", "poise", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.realtime
def test_monitor_on_auto_with_a_remote_says_the_board_is_simulated_and_why(tmp_path):
    out = run("monitor", "--board", "auto", "--seconds", "0.5", "--json", "--db", str(tmp_path / "p.db"))
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert rows and all(r["simulated"] is True for r in rows)
    first, last = out.stderr.strip().splitlines()[0], out.stderr.strip().splitlines()[-1]
    assert first.startswith("poise: Simulated board: no real person's data (auto could not use wii://: this is a Wii "
                            "Remote, not a Balance Board")
    assert "board OK" not in last and "no real person's data" in last


@pytest.mark.realtime
def test_record_on_auto_stores_that_the_board_was_simulated(tmp_path):
    target = tmp_path / "r.csv"
    out = run("record", "--board", "auto", "--seconds", "0.3", "--out", str(target))
    assert out.returncode == 0, out.stderr
    assert "# simulated: Simulated board: no real person's data (auto could not use wii://" in target.read_text()


@pytest.mark.slow
def test_an_attempt_on_the_simulated_board_stores_that_it_was_simulated(tmp_path):
    from poise.game.storage.store import Storage

    storage = Storage(tmp_path / "s.db")
    app = play_level("single-leg-hold", "sim://?seed=2", seconds=3, storage=storage)
    result = app.ctx.results[-1]
    assert result["simulated"].startswith("Simulated board: no real person's data")
    row = storage.attempts(storage.player_id("Test"))[-1]
    assert "no real person's data" in row["result_json"]
    assert "# simulated: Simulated board: no real person's data" in storage.recording(result["attempt_id"])
