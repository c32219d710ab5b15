"""The window: any size, F11 / Alt+Enter fullscreen, mouse mapped onto the canvas, screenshots at the window's size."""
import pygame
import pytest

from poise.testing import catalogue
from poise.__main__ import main
from poise.drivers import open_board
from poise.game.engine.app import App
from poise.game.engine.display import fit
from poise.game.engine.loop import VirtualClock
from poise.game.scenes.menus import TitleScene
from poise.game.storage.store import Storage

levels = catalogue()


def make_app(size):
    clock = VirtualClock()
    app = App(open_board("sim://?seed=1", clock), Storage(":memory:"), clock=clock, sound=False, levels=levels,
              size=size)
    app.stack.push(TitleScene(app.ctx))
    app.frame()
    return app


@pytest.mark.parametrize("size", [(1024, 600), (1280, 720), (1920, 1080)])
def test_the_window_has_the_size_asked_for_and_the_mouse_lands_on_the_canvas(size):
    app = make_app(size)
    assert app.display.size == size
    assert app.display.snapshot().get_size() == size
    d = app.display.dest
    w, h = app.surface.get_size()
    assert app.display.to_canvas(d.topleft) == pytest.approx((0, 0))
    assert app.display.to_canvas(d.bottomright) == pytest.approx((w, h))
    assert d.width == size[0] or d.height == size[1]  # the canvas fills the window one way at least


def test_f11_and_alt_enter_toggle_fullscreen():
    app = make_app((1280, 720))
    assert not app.display.fullscreen
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F11, mod=0, unicode="", scancode=0))
    app.frame()
    assert app.display.fullscreen
    desktop = pygame.display.get_desktop_sizes()[0]
    assert app.display.size == tuple(desktop)  # the desktop's own resolution, nothing clipped
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=pygame.KMOD_LALT, unicode="",
                                         scancode=0))
    app.frame()
    assert not app.display.fullscreen
    assert isinstance(app.stack.top, TitleScene)  # Alt+Enter did not also choose a menu entry


def test_fit_letterboxes_the_canvas_centred():
    assert fit((1280, 720), (1920, 1080)) == pygame.Rect(0, 0, 1920, 1080)
    r = fit((1280, 720), (1024, 768))
    assert r.width == 1024 and r.height == 576 and r.top == 96


def test_demo_renders_at_the_size_asked_for(tmp_path, capsys):
    shot = tmp_path / "s.png"
    code = main(["demo", "--level", "tracking", "--seconds", "3", "--headless", "--size", "1024x600",
                 "--screenshot", str(shot), "--db", str(tmp_path / "d.db")])
    assert code == 0
    assert pygame.image.load(str(shot)).get_size() == (1024, 600)
    assert pygame.image.load(str(tmp_path / "s-results.png")).get_size() == (1024, 600)


def test_both_demos_open_the_window_at_the_size_asked_for(tmp_path):
    """`demo --today` builds its app the way `demo --level` does, --size included (it was left out)."""
    from poise.testing import catalogue
    from poise.game.cli import main as cli
    from poise.game.storage.store import Storage
    levels = catalogue()

    for what in (["--level", "tracking"], ["--today"]):
        args = cli.build_parser().parse_args(["demo", *what, "--player", "Ana", "--headless", "--size", "1024x600"])
        app = cli._demo_app(args, Storage(tmp_path / "d.db"), levels)
        assert app.display.size == (1024, 600) and app.virtual and not app.render, what


@pytest.mark.parametrize("text", ["1024", "0x600", "99999x600", "axb"])
def test_bad_sizes_are_refused_in_one_line(text, capsys):
    assert main(["demo", "--level", "tracking", "--headless", "--size", text]) == 2
    err = capsys.readouterr().err
    assert "--size" in err and len(err.strip().splitlines()) == 1
