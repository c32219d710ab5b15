"""Late latching (game/engine/app.py): in play the loop draws the world, polls the board once more and draws only the
balance point from that last poll, then hands over just the areas it drew on. The samples of the last poll are
kept like any others, and the window shows the same picture as when the whole frame is handed over."""
import numpy as np
import pygame
import pytest

from helpers import frames_until
from poise.testing import catalogue
from poise.drivers import open_board
from poise.game.engine.app import App
from poise.game.engine.display import Display
from poise.game.engine.loop import VirtualClock
from poise.game.engine.scaling import LARGE, SMALL, TiledScaler, spans
from poise.game.scenes.play import PlayScene
from poise.game.storage.store import Storage

levels = catalogue()

WORLD_S = 0.006  # how long drawing the world takes, in the tests' virtual time


def in_play(size=(1280, 720), level="slalom"):
    clock = VirtualClock()
    app = App(open_board("sim://?seed=1", clock), Storage(":memory:"), clock=clock, player="P", autoplay=True,
              sound=False, levels=levels, size=size)
    scene = PlayScene(app.ctx, levels.create(level, seconds=30.0))
    app.stack.push(scene)
    app.render = False  # (the instructions and the countdown are not what these tests look at)
    assert frames_until(app, lambda: scene.stage == "play", 600)
    app.render = True
    return app, clock, scene


def test_in_play_the_balance_point_is_drawn_from_a_poll_after_the_world():
    app, clock, scene = in_play()
    polls, shown = [], []
    pump, draw_marker = app.feed.pump, scene.draw_late

    def pump_while_time_passes() -> int:
        if polls and polls[-1][0] == app.frames:  # the second poll of a frame: the world took a while to draw
            clock.advance(WORLD_S)
        n = pump()
        polls.append((app.frames, n, app.feed.latest))
        return n

    def draw_late(surface, frame):
        shown.append(app.feed.latest)
        return draw_marker(surface, frame)

    app.feed.pump, scene.draw_late = pump_while_time_passes, draw_late
    recording = app.feed.record()
    for _ in range(60):
        app.frame()
    frames = [[p for p in polls if p[0] == f] for f in range(app.frames - 60, app.frames)]
    assert all(len(f) == 2 for f in frames)  # two polls a frame
    assert shown == [f[1][2] for f in frames]  # the balance point comes from the second
    late = sum(f[1][1] for f in frames)
    assert late >= 0.5 * 60 * WORLD_S * 60  # (a 60 Hz board) the samples that arrived while the world was drawn were picked up
    assert len(recording) == sum(n for _, n, _ in polls)  # and kept
    assert all(f[1][2].t > f[0][2].t for f in frames if f[1][1])  # newer than what the world was drawn from


def test_under_an_overlay_the_balance_point_is_drawn_with_the_world():
    app, clock, scene = in_play()
    scene.pause = "menu"
    assert not scene.late()
    polls, markers = [], []
    pump, draw_marker = app.feed.pump, scene.level.draw_marker
    app.feed.pump = lambda: polls.append(app.frames) or pump()
    scene.level.draw_marker = lambda surface, frame, latest: markers.append(latest) or draw_marker(surface, frame,
                                                                                                   latest)
    scene.draw_late = lambda surface, frame: pytest.fail("no late layer under an overlay")
    app.frame()
    assert len(polls) == 1 and len(markers) == 1  # one poll, and the balance point drawn once, under the overlay


@pytest.mark.parametrize("size", [(1920, 1080), (1024, 600), (1366, 768), (1281, 721), (1290, 725), (1300, 740)])
def test_a_late_area_is_scaled_into_the_window_exactly_as_the_whole_frame(size):
    app, clock, scene = in_play(size)
    d = app.display
    for _ in range(8):  # (the skier moves a little between frames)
        app.frame()
        whole = pygame.Surface(d.size)
        d.scaler.scale(app.surface, whole)
        assert np.array_equal(pygame.surfarray.array3d(whole.subsurface(d.dest)),
                              pygame.surfarray.array3d(d.screen.subsurface(d.dest)))


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_with_a_renderer_a_late_area_reaches_the_texture_where_it_was_drawn(size):
    # the textured path a GPU takes, on SDL's software renderer: areas handed over after the whole frame
    # end up exactly as handing the whole frame over again would put them
    d = Display(size, False, False, accelerated=0)
    try:
        assert d.gpu
        d.canvas.fill((30, 60, 90))
        d.submit()
        late = [pygame.Rect(700, 400, 40, 36), pygame.Rect(100, 600, 24, 24)]
        for area, col in zip(late, ((250, 40, 40), (40, 250, 40))):
            d.canvas.fill(col, area)
        d.submit(late)
        d.compose()
        shown = d.renderer.to_surface()
        d.submit()
        d.compose()
        whole = d.renderer.to_surface()
    finally:
        d.window.destroy()
    assert pygame.image.tobytes(shown, "RGB") == pygame.image.tobytes(whole, "RGB")


@pytest.mark.parametrize("src, dst", [(1280, 1920), (720, 1080), (720, 768), (1281, 1366), (1279, 1281),
                                      (720, 721), (1281, 1290), (720, 725), (1152, 1280), (1229, 1024), (1280, 3840)])
def test_every_growing_tile_is_interpolated_and_tiles_cover_the_axis_once(src, dst):
    # a growing tile of n canvas pixels (plus the one it borrows) on m window pixels: with n + 1 >= m pygame
    # copies it or shrinks it instead (found in review at a window a little larger than the canvas)
    axis = spans(src, dst, SMALL[0], LARGE[0])
    assert [a[2] for a in axis[1:]] == [a[3] for a in axis[:-1]] and axis[0][2] == 0 and axis[-1][3] == dst
    assert [a[0] for a in axis] == sorted({a[0] for a in axis}) and axis[-1][1] >= src
    if dst > src:
        assert all(s1 - s0 < d1 - d0 for s0, s1, d0, d1 in axis[:-1]) or len(axis) == 1


@pytest.mark.parametrize("canvas, window", [((1280, 720), (1920, 1080)), ((1229, 720), (1024, 600)),
                                            ((1281, 720), (1366, 768)), ((1280, 720), (3840, 2160))])
def test_tiles_join_without_a_seam(canvas, window):
    # thin lines every 10 canvas pixels land evenly spaced in the window: none is shifted at a tile's edge
    lines = pygame.Surface(canvas)
    pixels = np.zeros((*canvas, 3), np.uint8)
    pixels[5::10, :, 0] = 255
    pixels[:, 5::10, 1] = 255
    pygame.surfarray.blit_array(lines, pixels)
    out = pygame.Surface(window)
    TiledScaler(canvas, pygame.Rect((0, 0), window)).scale(lines, out)
    got = pygame.surfarray.array3d(out).astype(float)
    for profile, n, m in ((got[:, 3, 0], canvas[0], window[0]), (got[3, :, 1], canvas[1], window[1])):
        k = m / n
        centres = []
        for x in range(5, n - 5, 10):  # the centre of each line's blur in the window
            lo, hi = round((x - 4) * k), round((x + 5) * k)
            weights = profile[lo:hi]
            centres.append(float((np.arange(lo, hi) * weights).sum() / weights.sum()))
        gaps = np.diff(centres)
        assert np.abs(gaps - 10 * k).max() <= 0.6, (np.argmax(np.abs(gaps - 10 * k)), gaps.min(), gaps.max())
    assert len(spans(canvas[0], window[0], SMALL[0], LARGE[0])) > 2  # (there were tiles to join)


class DisplayTime:
    """Time for a paced frame loop without real waiting: it moves when the loop sleeps, when work is done
    (`work`), and when a present waits for the next refresh of a 60 Hz display."""

    def __init__(self):
        self.now = 100.0

    def perf_counter(self) -> float:
        return self.now

    monotonic = perf_counter

    def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)

    def present(self) -> None:
        self.now = (int(self.now * 60) + 1) / 60 + 0.0002  # returns just after the refresh that shows it


def test_with_vsync_the_margins_follow_the_work_and_come_back_down_after_slow_frames(monkeypatch):
    # the wait before the last poll is not work: counted as work, it raised the next margin, which raised
    # the wait, and the margins never came down again after a few slow frames
    import poise.game.engine.app as app_module

    t = DisplayTime()
    monkeypatch.setattr(app_module, "time", t)
    app, clock, scene = in_play()
    app.clock, app.virtual = t.perf_counter, False
    monkeypatch.setattr(app.display, "vsync", True)
    world_s = [0.001]
    submit = app.display.submit
    def submit_taking_time(areas=None, besides=()):  # the world takes world_s to hand over, the late part 0.2 ms
        submit(areas, besides)
        t.sleep(world_s[0] if areas is None else 0.0002)

    monkeypatch.setattr(app.display, "submit", submit_taking_time)
    monkeypatch.setattr(app.display, "flip", t.present)
    for _ in range(200):
        app.frame()
    calm = app.pacer.margin, app.pacer.late_margin
    assert calm[0] == pytest.approx(0.001 + 0.0015 + 0.0002, abs=3e-4) and calm[1] == pytest.approx(0.0017, abs=2e-4)
    assert app.pacer.missed <= 1  # (the first frame, before the refreshes are known)
    world_s[0] = 0.009
    for _ in range(30):
        app.frame()
    assert app.pacer.margin > 0.009  # slow frames start earlier (after missing a few refreshes)
    world_s[0] = 0.001
    missed = app.pacer.missed
    for _ in range(300):
        app.frame()
    assert (app.pacer.margin, app.pacer.late_margin) == pytest.approx(calm, abs=3e-4)  # and calm ones late again
    assert app.pacer.missed == missed
