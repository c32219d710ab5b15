"""Every screen lays itself out for the window it has: rendered at 1024x600, 1280x720 and 1920x1080 (every
level at six window sizes, odd shapes among them, and after resizes and a fullscreen toggle), no text leaves
its panel, runs off the screen or overlaps other text, no marked shape (a zone, a timer, a foot, a star, a
gauge) leaves its panel, and no text is smaller than ui.MIN_TEXT logical pixels.

The screens are rendered by the real app on a virtual clock with the simulated player; ui.RECORDING
notes every text, panel and shape one frame draws (game/media/ui.py Layout). Every window draws a canvas
720 logical pixels high and as wide as the window's shape: 1920x1080 gets the very canvas 1280x720
gets, scaled up (checked below).

Every screen and every level is also laid out in the pseudo-language "qps" (poise.i18n.PSEUDO: every string 40 %
longer, accented and wide characters) at 1024x600 and 1280x720: a translation that runs longer than English must
wrap or shrink to fit (ui.fit_text, ui.wrapped), never spill out of its panel or over other text.

A level's view draws into the Frame it is handed (poise.api.Frame) and keeps no layout of its own. The
pixels show it: drawn into a frame moved elsewhere on a larger canvas, a view draws the very same picture
moved with it and nothing outside the frame; after a resize and a fullscreen toggle onto a screen of
another shape and back, a level draws exactly what it drew before; and no view, screen or the drawing kit
computes a rectangle when it is imported (read from the source).
"""
import ast
import contextlib
import dataclasses

import numpy as np
import pygame
import pytest

from conftest import ROOT
from poise.testing import catalogue
from poise.drivers import open_board
from poise.game.media import ui
from poise.game.media.frame import Frame
from poise.game.engine.app import App
from poise.game.engine.display import logical_size
from poise.game.engine.loop import VirtualClock
from poise.game.storage.store import Storage
from helpers import frames_until, sql

levels = catalogue()

SIZES = [(1024, 600), (1280, 720), (1920, 1080)]
PSEUDO_SIZES = [(1024, 600), (1280, 720)]  # 1920x1080 draws the 1280x720 canvas (checked below)
# (language, window): English at every size, the pseudo-language at the two canvases that differ
SCREENS = [("en", s) for s in SIZES] + [("qps", s) for s in PSEUDO_SIZES]
SCREEN_IDS = [f"{lang}-{w}x{h}" for lang, (w, h) in SCREENS]
# every level is looked at in six windows: the common ones, a tall portrait-ish one (the narrowest canvas, drawn
# small), a very wide one (the widest canvas) and a laptop's; a fullscreen toggle puts it on the dummy
# driver's 1024x768 desktop, a screen of another shape again
LEVEL_WINDOWS = [(1280, 720), (1024, 600), (800, 1280), (3000, 500), (1366, 768), (1920, 1080)]
LONG_NAME = "Maximiliane Alexandra Wolfeschlegelstein"  # 40 characters, the longest a name may be
assert len(LONG_NAME) == 40


@contextlib.contextmanager
def recording():
    ui.RECORDING = ui.Layout()
    try:
        yield ui.RECORDING
    finally:
        ui.RECORDING = None


@pytest.fixture(autouse=True)
def _english_after():
    """The language is the process's (poise.i18n): a test in the pseudo-language leaves English behind."""
    yield
    from poise import i18n

    i18n.set_language("en")


def make_app(size, storage=None, board="sim://?seed=2&skill=0.8", player=LONG_NAME, lang="en"):
    clock = VirtualClock()
    storage = storage or Storage(":memory:")
    if player:
        storage.player_id(player, create=True)
    app = App(open_board(board, clock), storage, clock=clock, player=player, sound=False, levels=levels, size=size,
              autoplay=True, render=False, lang=lang)
    return app


def look(app, name: str, problems: list[str], frames: int = 1) -> "ui.Layout":
    """Draw `frames` frames (the last one recorded) and collect its layout problems."""
    app.render = True
    for i in range(frames):
        with recording() as layout:
            app.frame()
    app.render = False
    assert app.surface.get_size() == logical_size(app.display.size)  # (a resize has been taken in)
    problems += [f"{name}: {p}" for p in layout.problems(app.surface.get_size())]
    problems += [f"{name}: {p}" for p in off_centre(layout)]
    return layout


CENTRED = {"bar"}  # marked shapes meant to sit in the middle of their panel (marching's weight bar)


def off_centre(layout: "ui.Layout") -> list[str]:
    out = []
    for i, item in enumerate(layout.items):
        panel = layout.panel_of(i) if item["kind"] in CENTRED and item["visible"] else None
        if panel is not None and abs(item["rect"].centerx - panel["rect"].centerx) > 1:
            out.append(f"{item['kind']} at {tuple(item['rect'])} is off the centre of its panel {tuple(panel['rect'])}")
    return out


def resize(app, size) -> None:
    """The window is resized as a window manager would: SDL reports it, the app's next frame takes it in."""
    app.display.window.size = size


def press_f11() -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F11, mod=0, unicode="", scancode=0))


def draw_now(app) -> bytes:
    """The frame the app would show now, drawn without a step or a poll (the level stays where it is): its
    pixels."""
    for event in pygame.event.get():  # (a resize or a fullscreen toggle is taken in as the app's frame does)
        app.display.handle(event)
    frame = app.display.frame()
    app.stack.draw(app.surface, frame)
    if app.stack.top.late():
        app.stack.top.draw_late(app.surface, frame)
    return pygame.image.tobytes(app.surface, "RGB")


def round_trip(app, name: str, problems: list[str]) -> None:
    """The level drawn now, then resized to a window of another shape, fullscreen on the desktop, back in the
    window and back to its size: it must draw exactly what it drew before (nothing kept from another shape)."""
    window = app.display.size
    before = draw_now(app)
    resize(app, (3000, 500))
    draw_now(app)
    app.display.toggle_fullscreen()
    draw_now(app)
    app.display.toggle_fullscreen()
    resize(app, window)
    if draw_now(app) != before:
        problems.append(f"{name}: after a resize and a fullscreen toggle and back it draws another picture")


SENTINEL = (255, 0, 255)


def drawn_in(level, latest, canvas: tuple[int, int], area: tuple[int, int, int, int]) -> tuple[np.ndarray, ui.Layout]:
    """`level` drawn whole (backdrop, moving parts, balance point) into `area` of a canvas painted SENTINEL."""
    surface = pygame.Surface(canvas)
    surface.fill(SENTINEL)
    frame = Frame(area)
    with recording() as layout:
        level.draw_static(surface, frame)
        level.draw(surface, frame, latest)
        level.draw_marker(surface, frame, latest)
    return pygame.surfarray.array3d(surface), layout


def in_its_frame(level, latest, name: str, problems: list[str]) -> None:
    """The view draws only inside the frame it is handed, and a frame moved elsewhere (on a larger canvas) gets
    the same picture moved with it; frames as wide as the narrowest and the widest canvas are laid out well."""
    home = (0, ui.TOP_BAR, 1280, 720 - ui.TOP_BAR)  # where the game puts a level on a 1280x720 canvas
    picture, _ = drawn_in(level, latest, (1280, 720), home)
    for canvas, area in (((1700, 900), (300, 150, 1280, 656)), ((1200, 800), (48, 100, 1152, 656)),
                         ((1700, 760), (50, 40, 1600, 656))):
        pixels, layout = drawn_in(level, latest, canvas, area)
        x, y, w, h = area
        outside = np.any(pixels != SENTINEL, axis=2)
        outside[x:x + w, y:y + h] = False
        if outside.any():
            xs, ys = np.nonzero(outside)
            problems.append(f"{name}: in frame {area} drew outside it, from ({xs.min()}, {ys.min()}) to "
                            f"({xs.max()}, {ys.max()})")
        if w == 1280 and not np.array_equal(pixels[x:x + w, y:y + h], picture[:, ui.TOP_BAR:]):
            problems.append(f"{name}: moved to {area} it draws another picture: laid out against the canvas, not "
                            f"its frame")
        problems += [f"{name} in frame {area}: {p}" for p in layout.problems(canvas)]


@contextlib.contextmanager
def text_size(app, name: str):
    """Settings > Text size set to `name` while the block runs (as the Settings screen sets it), normal after."""
    app.ctx.save_settings(dataclasses.replace(app.ctx.settings, text_size=name))
    try:
        yield
    finally:
        ui.use_text_size("normal")


@pytest.mark.parametrize("lang, size, words", [*((lang, s, "normal") for lang, s in SCREENS),
                                               ("en", (1024, 600), "largest")],
                         ids=[*SCREEN_IDS, "en-1024x600-largest-text"])
def test_menus_settings_and_player_screens(lang, size, words):
    """Every menu and player screen; at 1024x600 with the largest text too (Settings > Text size)."""
    problems: list[str] = []
    storage = Storage(":memory:")
    for name in (LONG_NAME, "Ana", "Bo", "Wolfgang Amadeus", "Li"):
        storage.player_id(name, create=True)
    app = make_app(size, storage, lang=lang)
    with text_size(app, words):
        menus_settings_and_player_screens(app, problems)
    assert not problems, "\n".join(problems)


def menus_settings_and_player_screens(app, problems: list[str]) -> None:
    from poise.game.scenes.menus import PlayerScene, TitleScene
    from poise.game.scenes.settings import SettingsScene

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
    profile = app.stack.push(ProfileScene(app.ctx, LONG_NAME))
    for step in ("height", "weight", "born", "sex", "goal", "side"):
        profile._go(step)
        look(app, f"profile: {step}", problems, frames=2)
    app.stack.clear()
    app.stack.push(ProfileScene(app.ctx, LONG_NAME, only="weight"))
    look(app, "profile: the weight alone", problems, frames=2)
    app.stack.clear()
    today = app.stack.push(TodayScene(app.ctx))
    look(app, "today", problems, frames=2)
    today.stage, today.index = "between", 1
    today.done = [{"index": 0, "level": "limits-of-stability", "title": "Player setup: limits of stability",
                   "role": "set-up", "step": 0, "planned_minutes": 2.0, "score": 0, "stars": 0, "minutes": 2.0,
                   "summary": [("Weight", "75 kg measured, 62 kg in your profile")],
                   "problems": [("los.weight_off_profile", {"kg": 75.0, "profile_kg": 62.0}),
                                ("los.never_reached", {"direction": "forward"})]}]
    today._menu()
    look(app, "today: refused, with Retry it and Edit weight", problems, frames=2)
    app.stack.clear()
    level = levels.create("limits-of-stability")
    refused = {"player": LONG_NAME, "score": 0, "stars": 0, "metrics": {},
               "parts": [["los.part.direction", 0.9, {"direction": "forward"}]],
               "messages": [["los.weight_off_profile", {"kg": 75.0, "profile_kg": 62.0}],
                            ["los.never_reached", {"direction": "left"}], ["los.directions_done", {"done": 7, "of": 8}]],
               "details": {"accepted": False}}
    app.stack.push("results", spec=level.spec, result=refused, level_type=type(level))
    look(app, "results: refused, why and what to do", problems, frames=2)


@pytest.mark.parametrize("lang, size", SCREENS, ids=SCREEN_IDS)
def test_pauses(lang, size):
    """The automatic pauses: stepped off, board disconnected, a corner fault."""
    from poise.game.scenes.play import PlayScene

    problems: list[str] = []
    app = make_app(size, lang=lang)
    scene = PlayScene(app.ctx, levels.create("slalom", seconds=8.0))
    app.stack.push(scene)
    assert frames_until(app, lambda: scene.stage == "play", 60 * 120)
    for reason in ("off", "disconnected", "fault"):
        scene.pause = reason
        scene._update_pause = lambda t, balance, dt: None  # hold it there
        look(app, f"pause: {reason}", problems)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang, size", SCREENS, ids=SCREEN_IDS)
def test_progress_and_calibration_screens(lang, size, tmp_path):
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
        sql(storage, "INSERT INTO programme_sessions (player_id, day, started_at, status, week, stage,"
            " sessions_per_week, planned_minutes, plan_json, done_json) VALUES (?, ?, ?, 'complete', 1, 1,"
            " 5, 10, '{}', '[{\"attempt_id\": 1}]')", (pid, day, day + "T09:00:00"))
    app = make_app(size, storage, player=name, lang=lang)
    app.stack.push(ProgressScene(app.ctx, today=dt.date(2026, 5, 1)))
    layout = look(app, "progress", problems, frames=2)
    labels = [item["label"] for item in layout.items]
    if lang == "en":
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


@pytest.mark.parametrize("lang", ["en", "qps"])
@pytest.mark.parametrize("level_id", LEVELS)
def test_level_screens(level_id, lang):
    """The instructions, the countdown, play, the pause menu and the results of every level, in six windows one
    after another (resized while it runs) and fullscreen on a screen of another shape in between; in English
    and in the pseudo-language."""
    from poise.game.scenes.results import ResultsScene

    problems: list[str] = []
    app = make_app(LEVEL_WINDOWS[0], lang=lang)
    scene = app.stack.push("play", level=levels.create(level_id, seconds=8.0))
    look(app, f"instructions in {LEVEL_WINDOWS[0]}", problems)
    resize(app, LEVEL_WINDOWS[1])
    assert frames_until(app, lambda: scene.stage == "countdown", 60 * 120)
    look(app, f"countdown in {LEVEL_WINDOWS[1]}", problems)
    assert frames_until(app, lambda: scene.stage == "play", 60 * 120)
    paused = fullscreen = framed = False
    # every 0.4 s of play whatever phase the level is in (about 40 looks in the long assessments); the window
    # changes to the next of LEVEL_WINDOWS every sixth of the way through
    every = max(24, round(scene.level.planned_seconds() * 60 / 40))
    while not isinstance(app.stack.top, ResultsScene) and app.frames < 60 * 600:
        if app.frames % every == 0:
            window = LEVEL_WINDOWS[min(5, int(6 * scene.level.progress))]
            if app.display.size != window and not app.display.fullscreen:
                resize(app, window)
            where = "fullscreen" if app.display.fullscreen else f"in {window}"
            look(app, f"play at {scene.level.progress:.0%} {where}", problems)
            if scene.level.progress >= 0.5 and not paused:
                paused, scene.pause = True, "menu"
                look(app, f"pause menu {where}", problems)
                scene.pause = None
            if scene.level.progress >= 0.3 and not framed:
                framed = True
                in_its_frame(scene.level, app.feed.latest, f"at {scene.level.progress:.0%}", problems)
            if scene.level.progress >= 0.4 and not fullscreen:  # onto the desktop, then back into the window
                round_trip(app, f"at {scene.level.progress:.0%} in {app.display.size}", problems)
                fullscreen = True
                press_f11()
                look(app, f"play at {scene.level.progress:.0%} just made fullscreen", problems)
                assert app.display.fullscreen and app.surface.get_size() == logical_size(app.display.size)
                press_f11()
        else:
            app.frame()
    assert isinstance(app.stack.top, ResultsScene) and fullscreen and not app.display.fullscreen
    app.ctx.quit_after_results = False
    frames_until(app, lambda: app.stack.top.t > 2.0, 60 * 120)
    look(app, f"results in {app.display.size}", problems)
    problems = list(dict.fromkeys(problems))
    assert not problems, f"{level_id}:\n" + "\n".join(problems)


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


def test_the_largest_text_fits_every_level_at_1024x600():
    """Settings > Text size at its largest on the smallest window: every level's instructions (on the keyboard, the
    longest card), and play and results of the levels with the most words on their side panel and play area."""
    from poise.game.scenes.results import ResultsScene

    problems: list[str] = []
    app = make_app((1024, 600), board="keys://")
    normal = ui.text_size("Poise", 40)[0]
    with text_size(app, "largest"):
        assert ui.text_size("Poise", 40)[0] >= 1.25 * normal
        for level_id in levels.all_specs():
            app.stack.clear()
            app.stack.push("play", level=levels.create(level_id))
            look(app, f"{level_id} instructions", problems, frames=2)
        for level_id in ("ankle-circles", "marching"):
            app.stack.clear()
            scene = app.stack.push("play", level=levels.create(level_id, seconds=4.0))
            assert frames_until(app, lambda: scene.stage == "play", 60 * 120)
            frames_until(app, lambda: scene.level.progress > 0.4, 60 * 60)
            look(app, f"{level_id} play", problems)
            app.ctx.quit_after_results = False
            assert frames_until(app, lambda: isinstance(app.stack.top, ResultsScene) and app.stack.top.t > 2, 60 * 120)
            look(app, f"{level_id} results", problems)
    assert not problems, "\n".join(problems)


def test_the_centring_check_sees_a_bar_off_the_middle_of_its_panel():
    surface = pygame.Surface((1280, 720))
    with recording() as layout:
        ui.panel(surface, pygame.Rect(40, 88, 830, 560))
        ui.mark("bar", pygame.Rect(0, 0, 460, 18).move(225, 480))  # centred on 455
        ui.mark("bar", pygame.Rect(0, 0, 460, 18).move(290, 520))  # where a 1280 canvas put it, on a 1152 one
    found = off_centre(layout)
    assert len(found) == 1 and "(290, 520, 460, 18)" in found[0]


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


# what a rectangle's place or size is read through: computed at import, it is a layout kept for good
GEOMETRY = {"left", "right", "top", "bottom", "centerx", "centery", "center", "midtop", "midbottom", "midleft",
            "midright", "topleft", "topright", "bottomleft", "bottomright", "width", "height", "size", "inflate",
            "move", "clip", "get_size", "get_width", "get_height", "get_rect", "play", "side", "caption", "panels",
            "area", "rect", "on_canvas", "set_canvas"}
DRAWING_MODULES = sorted([*ROOT.glob("levels/*_view.py"), ROOT / "levels" / "view.py", ROOT / "levels" / "scenery.py",
                          *ROOT.glob("examples/*/*/*_view.py"),
                          *ROOT.glob("game/scenes/*.py"), ROOT / "game" / "media" / "ui.py",
                          ROOT / "game" / "media" / "fx.py"])


def import_time_layout(source: str) -> list[str]:
    """Where code that runs on import (module and class bodies, default arguments, decorators) makes or reads a
    rectangle, or a function rebinds a module's global (a canvas size kept between draws): line and what."""
    found: list[str] = []

    def expression(node) -> None:
        for n in ast.walk(node):
            if isinstance(n, ast.Call) and isinstance(n.func, (ast.Name, ast.Attribute)):
                called = n.func.id if isinstance(n.func, ast.Name) else n.func.attr
                if called in ("Rect", "Frame") or called in GEOMETRY:
                    found.append(f"line {n.lineno}: {called}(...) on import")
            elif isinstance(n, ast.Attribute) and n.attr in GEOMETRY:
                found.append(f"line {n.lineno}: .{n.attr} read on import")

    def statement(node) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for n in [*node.decorator_list, *node.args.defaults, *filter(None, node.args.kw_defaults)]:
                expression(n)
            found.extend(f"line {n.lineno}: global {', '.join(n.names)}" for n in ast.walk(node)
                         if isinstance(n, ast.Global))
            return
        for child in ast.iter_child_nodes(node):
            (statement if isinstance(child, ast.stmt) else expression)(child)

    for node in ast.parse(source).body:
        statement(node)
    return found


def test_no_view_screen_or_drawing_kit_keeps_a_layout_from_import():
    found = {path.relative_to(ROOT).as_posix(): import_time_layout(path.read_text(encoding="utf-8"))
             for path in DRAWING_MODULES}
    assert len(found) > 30 and "levels/split_stance_view.py" in found and "game/media/ui.py" in found
    assert "examples/stepping-stones/poise_stepping_stones/stones_view.py" in found  # a third party's view too
    assert {name: lines for name, lines in found.items() if lines} == {}


def test_the_import_time_check_sees_a_kept_layout():
    # guards the test above: the very lines that put split-stance's gauge over the side panel are caught
    source = ("import pygame\nfrom . import view\n\nGAUGE = pygame.Rect(view.MAIN.right - 170, view.MAIN.top + 70, 56, 400)\n"
              "WIDTH = 1280\n\n\ndef set_canvas(w):\n    global WIDTH\n    WIDTH = w\n\n\n"
              "def bar(frame, rect=view.MAIN.inflate(-24, -24)):\n    return frame.play\n")
    found = "\n".join(import_time_layout(source))
    assert "line 4: Rect(...)" in found and "line 4: .right" in found and "line 9: global WIDTH" in found
    assert "line 13: inflate(...)" in found and "line 14" not in found  # (inside a function: laid out when drawn)


def test_a_frame_splits_into_play_area_side_panel_and_caption():
    play, side, caption = Frame.of((1280, 720)).below(ui.TOP_BAR).panels()
    assert (tuple(play), tuple(side), tuple(caption)) == ((40, 88, 830, 560), (900, 88, 340, 560), (40, 648, 830, 72))
    moved = Frame((300, 150, 1280, 656)).panels()
    assert tuple(moved.play) == (340, 174, 830, 560) and moved.side.right == 300 + 1280 - 40
    half = Frame((640, 64, 640, 656)).panels()  # half the screen (two boards side by side): a narrower side panel
    assert half.side.width == 192 and half.play.left == 680 and half.side.right == 1240 and half.play.right < half.side.left
    assert [Frame.of((1152, 720), k).thin() for k in (0.694, 0.889, 1.0, 1.5)] == [2, 2, 1, 1]
    assert Frame.of((1280, 720), 1.5).thin(3) == 2


@pytest.mark.parametrize("lang", ["en", "qps"])
@pytest.mark.parametrize("size", PSEUDO_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_instruction_cards_with_the_keyboard_and_a_gamepad(size, lang):
    """Every level's instructions card with what to do on the keyboard or a gamepad added under its text, Pip
    beside it and the safety box below: nothing runs into the card's last line (the limits test's safety box
    covered "Press A when you are ready" on a gamepad)."""
    problems: list[str] = []
    for board in ("keys://", "pad://"):
        app = make_app(size, board=board, lang=lang)
        for level_id in levels.all_specs():
            app.stack.clear()
            app.stack.push("play", level=levels.create(level_id))
            look(app, f"{level_id} on {board}", problems, frames=2)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang, size", [("qps", s) for s in PSEUDO_SIZES] + [("en", (1024, 600))],
                         ids=lambda v: v if isinstance(v, str) else f"{v[0]}x{v[1]}")
def test_two_player_screens(lang, size):
    """More than one player: the games to choose from, a match on two boards (its rule, play, its results) and
    turns on one board, in the pseudo-language too."""
    from poise.game.level.levelsetup import prepare_match
    from poise.game.scenes.match_results import MatchResultsScene

    problems: list[str] = []
    storage = Storage(":memory:")
    players = [LONG_NAME, "Ana"]
    for name in players:
        storage.player_id(name, create=True)
    clock = VirtualClock()
    boards = [open_board("sim://?seed=1&skill=0.9", clock), open_board("sim://?seed=2&skill=0.4", clock)]
    app = App(boards, storage, clock=clock, players=players, sound=False, levels=levels, size=size, autoplay=True,
              render=False, lang=lang)
    app.stack.push("party", players=players)
    look(app, "party", problems, frames=2)
    match = app.stack.push("match", levels=prepare_match(app.ctx, "slalom", 6.0))
    look(app, "match: its rule", problems, frames=2)
    assert frames_until(app, lambda: isinstance(app.stack.top, MatchResultsScene), 60 * 60)
    look(app, "match: results", problems, frames=2)
    app.stack.clear()
    turns = App(boards[0], storage, clock=clock, players=players[:1], sound=False, levels=levels, size=size,
                autoplay=True, render=False, lang=lang)
    turns.stack.push("turns", level_id="slalom", players=players, seconds=4.0)
    look(turns, "turns", problems, frames=2)
    assert not problems, "\n".join(dict.fromkeys(problems))
