"""Every screen lays itself out for the window it has: rendered at 1024x600, 1280x720 and 1920x1080,
no text leaves its panel, runs off the screen or overlaps other text, no marked shape (a zone, a timer,
a foot, a star) leaves its panel, and no text is smaller than ui.MIN_TEXT logical pixels.

The screens are rendered by the real app on a virtual clock with the simulated player; ui.RECORDING
notes every text, panel and shape one frame draws (game/media/ui.py Layout). Every window draws a canvas
720 logical pixels high and as wide as the window's shape: 1920x1080 gets the very canvas 1280x720
gets, scaled up (checked below), so the walk through every level runs once per canvas shape.
"""
import contextlib

import pygame
import pytest

from poise import levels
from poise.drivers import open_board
from poise.game.media import ui
from poise.game.engine.app import App
from poise.game.engine.loop import VirtualClock
from poise.game.storage.store import Storage
from helpers import frames_until

SIZES = [(1024, 600), (1280, 720), (1920, 1080)]
CANVAS_SHAPES = [(1024, 600), (1280, 720)]  # 1920x1080 and 4K have 1280x720's canvas
LONG_NAME = "Maximiliane Alexandra Wolfeschlegelstein"  # 40 characters, the longest a name may be
assert len(LONG_NAME) == 40


@contextlib.contextmanager
def recording():
    ui.RECORDING = ui.Layout()
    try:
        yield ui.RECORDING
    finally:
        ui.RECORDING = None


def make_app(size, storage=None, board="sim://?seed=2&skill=0.8", player=LONG_NAME):
    clock = VirtualClock()
    storage = storage or Storage(":memory:")
    if player:
        storage.player_id(player, create=True)
    app = App(open_board(board, clock), storage, clock=clock, player=player, sound=False, levels=levels, size=size,
              autoplay=True, render=False)
    return app


def look(app, name: str, problems: list[str], frames: int = 1) -> "ui.Layout":
    """Draw `frames` frames (the last one recorded) and collect its layout problems."""
    app.render = True
    for i in range(frames):
        with recording() as layout:
            app.frame()
    app.render = False
    assert app.surface.get_size()[1] == 720
    problems += [f"{name}: {p}" for p in layout.problems(app.surface.get_size())]
    return layout


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_menus_settings_and_player_screens(size):
    from poise.game.scenes.menus import PlayerScene, TitleScene
    from poise.game.scenes.settings import SettingsScene

    problems: list[str] = []
    storage = Storage(":memory:")
    for name in (LONG_NAME, "Ana", "Bo", "Wolfgang Amadeus", "Li"):
        storage.player_id(name, create=True)
    app = make_app(size, storage)
    app.stack.push(TitleScene(app.ctx))
    look(app, "title", problems, frames=2)
    app.stack.push(SettingsScene(app.ctx))
    look(app, "settings", problems, frames=2)
    app.stack.pop()
    player = PlayerScene(app.ctx)
    app.stack.push(player)
    look(app, "players", problems, frames=2)
    player.typing, player.name = True, LONG_NAME
    look(app, "new player", problems, frames=2)
    app.stack.clear()
    from poise.game.scenes.menus import QuitScene
    from poise.game.scenes.profile import ProfileScene
    from poise.game.scenes.today import TodayScene
    app.stack.push(TitleScene(app.ctx))
    app.stack.push(QuitScene(app.ctx))
    look(app, "quit?", problems, frames=2)
    app.stack.clear()
    app.stack.push(ProfileScene(app.ctx, LONG_NAME))
    look(app, "profile", problems, frames=2)
    app.stack.clear()
    app.stack.push(TodayScene(app.ctx))
    look(app, "today", problems, frames=2)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_pauses(size):
    """The automatic pauses: stepped off, board disconnected, a corner fault."""
    from poise.game.scenes.play import PlayScene

    problems: list[str] = []
    app = make_app(size)
    scene = PlayScene(app.ctx, levels.create("slalom", seconds=8.0))
    app.stack.push(scene)
    assert frames_until(app, lambda: scene.stage == "play", 60 * 120)
    for reason in ("off", "disconnected", "fault"):
        scene.pause = reason
        scene._update_pause = lambda balance, dt: None  # hold it there
        look(app, f"pause: {reason}", problems)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_progress_and_calibration_screens(size, tmp_path):
    import datetime as dt

    from bench.history import synthetic
    from poise.game.scenes.calibrate import CalibrateScene
    from poise.game.scenes.progress_view import ProgressScene

    problems: list[str] = []
    storage = Storage(tmp_path / "h.db")
    synthetic(storage, players=1, days=120)
    name = storage.players()[0]["name"]
    pid = storage.player_id(name)
    for day in ("2026-04-27", "2026-04-28", "2026-04-30"):  # this week's daily programme: three sessions played
        storage.db.execute("INSERT INTO programme_sessions (player_id, day, started_at, status, week, stage,"
                           " sessions_per_week, planned_minutes, plan_json, done_json) VALUES (?, ?, ?, 'complete', 1, 1,"
                           " 5, 10, '{}', '[{\"attempt_id\": 1}]')", (pid, day, day + "T09:00:00"))
    app = make_app(size, storage, player=name)
    app.stack.push(ProgressScene(app.ctx, today=dt.date(2026, 5, 1)))
    layout = look(app, "progress", problems, frames=2)
    labels = [item["label"] for item in layout.items]
    assert "Programme sessions" in labels and any(label.startswith("3 of ") for label in labels), labels
    app.stack.clear()
    app.stack.push(CalibrateScene(app.ctx))
    look(app, "calibrate", problems, frames=2)
    assert not problems, "\n".join(problems)


LEVELS = sorted(levels.all_specs())


def test_a_1920x1080_window_gets_the_1280x720_canvas_and_the_same_layout():
    from poise.game.scenes.play import PlayScene

    drawn = []
    for size in ((1280, 720), (1920, 1080), (3840, 2160)):
        app = make_app(size)
        app.stack.push(PlayScene(app.ctx, levels.create("slalom", seconds=8.0)))
        layout = look(app, "instructions", [])
        drawn.append((app.surface.get_size(), [(i["kind"], i["label"], tuple(i["rect"])) for i in layout.items]))
    assert drawn[0][0] == (1280, 720) and drawn[0] == drawn[1] == drawn[2]


@pytest.mark.parametrize("level_id", LEVELS)
@pytest.mark.parametrize("size", CANVAS_SHAPES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_level_screens(level_id, size):
    """The instructions, the countdown, play, the pause menu and the results of every level."""
    from poise.game.scenes.play import PlayScene
    from poise.game.scenes.results import ResultsScene

    problems: list[str] = []
    app = make_app(size)
    scene = PlayScene(app.ctx, levels.create(level_id, seconds=8.0))
    app.stack.push(scene)
    look(app, "instructions", problems)
    assert frames_until(app, lambda: scene.stage == "countdown", 60 * 120)
    look(app, "countdown", problems)
    assert frames_until(app, lambda: scene.stage == "play", 60 * 120)
    paused = False
    # every 0.4 s of play whatever phase the level is in; about 40 looks in the long assessments
    every = max(24, round(scene.level.planned_seconds() * 60 / 40))
    while not isinstance(app.stack.top, ResultsScene) and app.frames < 60 * 600:
        if app.frames % every == 0:
            look(app, f"play at {scene.level.progress:.0%}", problems)
            if scene.level.progress >= 0.5 and not paused:
                paused, scene.pause = True, "menu"
                look(app, "pause menu", problems)
                scene.pause = None
        else:
            app.frame()
    assert isinstance(app.stack.top, ResultsScene)
    app.ctx.quit_after_results = False
    frames_until(app, lambda: app.stack.top.t > 2.0, 60 * 120)
    look(app, "results", problems)
    problems = list(dict.fromkeys(problems))
    assert not problems, f"{level_id} at {size}:\n" + "\n".join(problems)


@pytest.mark.parametrize("board", ["keys://", "pad://"])
@pytest.mark.parametrize("level_id", ["slalom", "single-leg-hold", "balance-check"])
def test_hands_boards_hints_fit_beside_the_instruction(level_id, board):
    """keys:// and pad:// show how to use them on the status line, beside each level's own instruction."""
    from poise.game.scenes.play import PlayScene

    problems: list[str] = []
    app = make_app((1024, 600), board=board)
    scene = PlayScene(app.ctx, levels.create(level_id, seconds=8.0))
    app.stack.push(scene)
    assert frames_until(app, lambda: scene.stage == "play", 60 * 120)
    frames_until(app, lambda: scene.level.progress > 0.3 or scene.level.finished, 60 * 30)
    look(app, f"{board} play", problems)
    assert not problems, "\n".join(problems)


def test_the_layout_check_finds_overlaps_and_text_outside_its_panel():
    surface = pygame.Surface((1280, 720))
    pygame.font.init()
    with recording() as layout:
        ui.panel(surface, pygame.Rect(100, 100, 200, 100))
        ui.text(surface, "a long line that does not fit in the panel", (110, 110), 30)
        ui.text(surface, "over it", (120, 112), 30)
        ui.text(surface, "tiny", (600, 600), 14)
        ui.text(surface, "off the edge", (1270, 300), 30)
    found = "\n".join(layout.problems((1280, 720)))
    assert "leaves its panel" in found and "overlaps" in found and "under 24" in found and "runs off" in found
    with recording() as layout:  # an opaque box hides what was under it
        ui.text(surface, "beneath", (400, 400), 30)
        ui.panel(surface, pygame.Rect(350, 350, 300, 200), alpha=250)
        ui.text(surface, "on top", (400, 400), 30)
    assert layout.problems((1280, 720)) == []
