"""Two seats' levels in a window larger than the canvas, without a GPU: each seat's picture is scaled once,
straight onto the window (game.engine.display.Direct), and the frame looks as it does scaled onto the canvas and
then again with it."""
import numpy as np
import pygame

from poise.drivers import open_board
from poise.game.engine.app import App, headless_environment
from poise.game.engine.display import Direct, Display
from poise.game.engine.loop import VirtualClock
from poise.game.engine.scaling import outside
from poise.game.level.catalogue import installed
from poise.game.level.levelsetup import prepare_match
from poise.game.storage.store import Storage


def test_the_rest_of_the_canvas_is_cut_in_bands_around_the_holes():
    canvas = pygame.Rect(0, 0, 1280, 720)
    holes = [pygame.Rect(0, 122, 636, 598), pygame.Rect(644, 122, 636, 598)]
    rest = outside(canvas, holes)
    assert rest == [pygame.Rect(0, 0, 1280, 122), pygame.Rect(636, 122, 8, 598)]
    assert sum(r.w * r.h for r in rest) + sum(h.w * h.h for h in holes) == canvas.w * canvas.h
    assert outside(canvas, []) == [canvas]


def test_seat_pictures_go_straight_onto_a_larger_window_and_look_as_through_the_canvas():
    headless_environment()
    clock = VirtualClock()
    boards = [open_board(f"sim://?seed={i + 1}", clock) for i in range(2)]
    app = App(boards, Storage(":memory:"), clock=clock, players=["Ann", "Ben"], autoplay=True, sound=False,
              levels=installed(), size=(1920, 1080))
    match = app.stack.push("match", levels=prepare_match(app.ctx, "slalom", seconds=30))
    for _ in range(600):
        app.frame()
        if match.stage == "play" and match.level.t > 1.0:
            break
    app.frame()
    assert match.held and app.display.scales_in_software
    assert app._direct._helper is not None  # the first seat's picture was scaled beside the game's thread
    shown = pygame.surfarray.array3d(app.display.snapshot()).astype(int)
    app.stack.window = None  # the same frame, scaled onto the canvas and then with the canvas
    frame = app.display.frame()
    match.draw(app.surface, frame)
    match.draw_late(app.surface, frame)
    assert not match.held
    twice = pygame.surfarray.array3d(pygame.transform.smoothscale(app.surface, app.display.size)).astype(int)
    diff = np.abs(shown - twice).max(axis=2)
    assert diff.mean() < 4 and np.percentile(diff, 99) < 80  # edges are a little sharper scaled once
    for seat in range(2):  # each seat's level is there, not the canvas's background
        x, y, w, h = app.display.window_rect(match._picture_area(match.areas(frame)[seat]))
        assert diff[x:x + w, y:y + h].mean() < 4
        assert shown[x:x + w, y:y + h].std() > 20
    for b in boards:
        b.close()


def test_held_pictures_fill_their_places_whatever_the_canvas_tiles_around_them_reach():
    """The canvas is scaled in whole tiles, and a tile at the edge of a held area reaches into it: a picture put on
    the window before the canvas (seen when the first seat's was scaled aside as soon as it was held) lost a band
    to the canvas. Both pictures, every pixel of their places, and the canvas around them."""
    headless_environment()
    display = Display.open((1920, 1080), False, False)
    assert display.scales_in_software
    direct = Direct(display)
    areas = [pygame.Rect(40, 120, 580, 500), pygame.Rect(660, 120, 580, 500)]
    display.canvas.fill((0, 0, 255))
    for area in areas:
        picture = pygame.Surface(area.size)
        picture.fill((255, 0, 0))
        direct.hold(picture, area)
    display.submit(besides=direct.areas())
    direct.put()
    shown = pygame.surfarray.pixels3d(display.screen)
    for area in areas:
        r = display.window_rect(area)
        inside = shown[r.left:r.right, r.top:r.bottom]
        assert (inside == (255, 0, 0)).all(axis=2).all(), (area, int((inside != (255, 0, 0)).any(axis=2).sum()))
    x, y, _, _ = display.window_rect(pygame.Rect(0, 0, 20, 20))
    assert tuple(shown[x + 5, y + 5]) == (0, 0, 255)
    del shown
