"""A seat whose board is unplugged pauses alone: the other seat plays on, and the first carries on by itself
when its board is back. Seat one is a Wii Balance Board over the byte-level emulation (its reader thread, its
reconnect), seat two the simulated person, both on the game's real clock."""
import json
import sys
import time

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "emulation"))
import wii_emulation as emu  # noqa: E402

from poise.drivers import open_board  # noqa: E402
from poise.drivers.url import parse  # noqa: E402
from poise.drivers.wii import DISCONNECTED, WiiBoard  # noqa: E402
from poise.game.engine.app import App, headless_environment  # noqa: E402
from poise.game.level.catalogue import installed  # noqa: E402
from poise.game.level.levelsetup import prepare_match  # noqa: E402
from poise.game.storage.store import Storage  # noqa: E402

pytestmark = pytest.mark.realtime  # a reader thread over emulated hardware: bounded waits on real time


def run_until(app, condition, limit_s: float = 20.0) -> bool:
    end = time.monotonic() + limit_s
    while time.monotonic() < end:
        app.frame()
        if condition():
            return True
    return False


@pytest.mark.slow  # seconds of real time, mostly waiting: spread through the run (conftest)
def test_an_unplugged_board_pauses_its_seat_alone_and_play_carries_on_when_it_is_back(boards):
    headless_environment()
    board = emu.EmulatedBoard()
    boards.append(board)
    wii = WiiBoard(parse("wii://"), time.monotonic, hid=emu)
    sim = open_board("sim://?seed=3", time.monotonic)
    storage = Storage(":memory:")
    app = App([wii, sim], storage, players=["Ann", "Ben"], autoplay=True, sound=False, render=False, fps=60,
              levels=installed())
    match = app.stack.push("match", levels=prepare_match(app.ctx, "heading", seconds=600))
    first, second = match.plays
    try:
        assert run_until(app, lambda: match.stage == "play" and first.level.t > 0.5 and second.level.t > 0.5)
        board.unplug()
        assert run_until(app, lambda: first.pause == "disconnected")
        assert second.pause is None
        frozen, going = first.level.t, second.level.t
        assert run_until(app, lambda: second.level.t > going + 1.0)  # the other seat plays on
        assert first.level.t == frozen and first.pause == "disconnected"  # this one waits, with its message
        assert first.seat.feed.last_status.message == DISCONNECTED  # the message its pause shows
        board.replug()
        assert run_until(app, lambda: first.pause is None and first.level.t > frozen + 0.5)  # back by itself
        assert second.pause is None
    finally:
        for b in (wii, sim):
            b.close()


def test_auto_opens_two_paired_wii_boards_one_per_seat_and_boards_lists_both(boards, monkeypatch, capsys):
    """Two Wii Balance Boards paired at once (the hidapi emulation): `auto` on two seats opens each by its
    address, and `poise boards` lists both."""
    from poise.__main__ import main
    from poise.game.engine.seats import open_seats

    monkeypatch.setenv("POISE_HID_MODULE", "wii_emulation")
    boards += [emu.EmulatedBoard(address="00:19:1d:11:22:33"), emu.EmulatedBoard(address="00:19:1d:aa:bb:cc")]
    opened = open_seats(["auto", "auto"], None)
    try:
        assert sorted(b.info.identity for b in opened) == ["wii-00:19:1d:11:22:33", "wii-00:19:1d:aa:bb:cc"]
    finally:
        for board in opened:
            board.close()
    assert main(["boards", "--json"]) == 0
    listed = {f["url"] for f in json.loads(capsys.readouterr().out) if f["usable"]}
    assert {"wii://00:19:1d:11:22:33", "wii://00:19:1d:aa:bb:cc", "sim://", "keys://", "pad://"} <= listed
