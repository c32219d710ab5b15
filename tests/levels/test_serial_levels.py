"""A level on the load-cell board: pulling the cable pauses it with a clear message; plugging it back resumes."""
import sys

import pygame
import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "emulation"))
import fw_device  # noqa: E402

from poise.testing import catalogue
from poise.drivers import open_board  # noqa: E402
from poise.drivers.serial_board import UNPLUGGED  # noqa: E402
from poise.game.engine.app import App  # noqa: E402
from poise.game.scenes.play import PlayScene  # noqa: E402
from poise.game.storage.store import Storage  # noqa: E402
from helpers import PATIENCE_S, run_until, short_level  # noqa: E402

levels = catalogue()

pytestmark = pytest.mark.realtime  # reader threads over emulated hardware: bounded waits on real time


@pytest.mark.slow  # seconds of real time, mostly waiting: spread through the run (conftest)
def test_unplug_pauses_the_level_and_replug_resumes_it(tmp_path):
    lib = fw_device.build_library(tmp_path)
    # about 70 kg through the nominal gain, on both feet, then from 2 s on the left leg (only time on it counts)
    device = fw_device.FirmwareDevice(lib, tmp_path / "ttyPOISE",
                                      counts=lambda t: (315000,) * 4 if t < 2.0 else (540000, 90000, 540000, 90000))
    board = open_board(f"serial://{device.link}")
    app = App(board, Storage(":memory:"), player="P", autoplay=True, sound=False, fps=120, levels=levels)
    scene = PlayScene(app.ctx, short_level())
    app.stack.push(scene)
    try:
        assert run_until(app, lambda: scene.stage == "play" and scene.level.phase.kind == "hold", PATIENCE_S)
        device.unplug()
        assert run_until(app, lambda: scene.pause == "disconnected", PATIENCE_S)
        assert app.feed.last_status.message == UNPLUGGED
        app.frame()
        shot = tmp_path / "unplugged.png"
        pygame.image.save(app.surface, str(shot))  # the pause box names the cable
        frozen = scene.level.total_t
        run_until(app, lambda: False, 0.7)
        assert scene.level.total_t == frozen
        device.plug()
        assert run_until(app, lambda: scene.pause is None, PATIENCE_S)
        assert run_until(app, lambda: bool(app.ctx.results), PATIENCE_S)
        assert app.ctx.results[-1]["details"]["left_held_s"] > 1.9
    finally:
        board.close()
        if device.alive:
            device.unplug()
