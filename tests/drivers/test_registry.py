"""Boards are opened by URL; mistakes get one clear message."""
import pytest

from poise.drivers import BoardURLError, open_board
from poise.game.engine.loop import VirtualClock


def test_unknown_scheme_names_the_url_and_the_choices():
    with pytest.raises(BoardURLError, match=r"unknown board URL 'sims://'.*did you mean sim://"):
        open_board("sims://")


def test_an_option_on_a_scheme_that_takes_none_says_so():
    from poise.drivers.url import parse, take_options

    with pytest.raises(BoardURLError, match=r"unknown option 'foo' \(wii-evdev:// takes no options\)$"):
        take_options(parse("wii-evdev://?foo=1"), {})


def test_unknown_option_suggests_the_close_one():
    with pytest.raises(BoardURLError, match=r"unknown option 'skil'.*did you mean 'skill'"):
        open_board("sim://?skil=0.5", VirtualClock())


@pytest.mark.parametrize("url, words", [
    ("sim://?skill=2", "between 0 and 1"),
    ("sim://?stance=up", "one of both, left, right"),
    ("sim://?rate=-5", "greater than 0"),
    ("sim://?seed=abc", "seed"),
])
def test_bad_option_values_say_what_is_allowed(url, words):
    with pytest.raises(BoardURLError, match=words):
        open_board(url, VirtualClock())


def test_url_without_scheme_is_rejected():
    with pytest.raises(BoardURLError, match="no scheme"):
        open_board("/dev/ttyACM0")


def test_auto_falls_back_to_the_simulated_board_when_nothing_is_connected():
    board = open_board("auto", VirtualClock())
    assert board.info.simulated


def test_keys_board_moves_with_the_hands():
    clock = VirtualClock()
    board = open_board("keys://?sway=0", clock)
    board.manual.move(1.0, 0.0)
    for _ in range(30):
        clock.advance(1 / 60)
        samples = board.poll()
    s = samples[-1]
    x = 216.5 * ((s.tr + s.br) - (s.tl + s.bl)) / s.total
    assert 5.0 < x < 30.0  # a tap's nudge, then slowly at first (tests/test_manual_input.py has the details)
    board.manual.toggle_presence()
    clock.advance(0.1)
    assert board.poll()[-1].total == 0.0
