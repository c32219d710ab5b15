"""Seats: a board, a player and an area of the screen. The game runs one seat or two.

Each seat has its own board feed (game/engine/feed.py): its samples go through their own pipeline, zero
tracking, stance detection and measurement quality, on the same fixed steps as the other seat's; the
screens keep a safety pause per seat. Opening the boards for several seats needs more care than for one:
`auto` must find a different real board for each seat, and two stand-in boards of the same kind must not
be driven by the same hands (two `keys://` boards take the arrows and W, A, S, D; two `pad://` boards the
first and the second controller), and two simulated boards must not carry the same person (two `sim://` without
`seed=` would play move for move alike, and every race would end in a draw).
"""
from __future__ import annotations

import dataclasses
from typing import Callable

from poise.drivers import Board
from poise.drivers.url import parse

from poise.game.engine.feed import BoardFeed

MAX_SEATS = 2  # boards read at once (pass-and-play takes turns on one board, with up to MAX_TURNS players)
MAX_TURNS = 4
GUTTER = 8  # canvas px between two seats' areas
# what each seat of one stand-in kind needs of its own: the URL option and its values, the default first
OWN = {"keys": ("keys", ("arrows", "wasd")), "pad": ("pad", ("0", "1", "2", "3")),
       "sim": ("seed", tuple(str(n) for n in range(1, MAX_SEATS + 2)))}


@dataclasses.dataclass
class Seat:
    """One place at the game: `index` 0 is on the left of the screen."""

    index: int
    feed: BoardFeed
    player: str | None

    @property
    def board(self) -> Board:
        return self.feed.board


def seat_areas(area: tuple[int, int, int, int], count: int) -> list[tuple[int, int, int, int]]:
    """`area` (x, y, w, h, canvas px) split side by side into `count` equal areas, GUTTER apart."""
    x, y, w, h = area
    width = (w - GUTTER * (count - 1)) // count
    return [(x + i * (width + GUTTER), y, width, h) for i in range(count)]


def seat_urls(urls: list[str], real: Callable[[], list[str]] | None = None) -> list[str]:
    """The board URL each seat opens, from the URLs given in seat order.

    `auto` takes the next real board not already named (`real()`: the URLs of the real boards connected now,
    drivers.discovery.real_board_urls) and the simulated board when none is left, a different simulated person
    on each seat. A second `keys://` without `keys=` takes W, A, S, D, a second `pad://` without `pad=` the
    second controller, and a second `sim://` without `seed=` a seed of its own (another simulated person)."""
    if "auto" in urls:
        from poise.drivers.discovery import real_board_urls

        available = [u for u in (real or real_board_urls)() if u not in urls]
    else:
        available = []
    out: list[str] = []
    for i, url in enumerate(urls):
        if url == "auto":
            url = available.pop(0) if available else f"sim://?seed={i + 1}"
        parsed = parse(url)
        option, choices = OWN.get(parsed.scheme, (None, ()))
        same = [parse(u) for u in out if parse(u).scheme == parsed.scheme]
        if option and same and option not in parsed.options:
            taken = {u.options.get(option, choices[0]) for u in same}
            free = next(v for v in choices if v not in taken)
            url += ("&" if "?" in url else "?") + f"{option}={free}"
        out.append(url)
    return out


def open_seats(urls: list[str], storage, clock=None, progress=None) -> list[Board]:
    """Open one board per seat (seat_urls), with the calibration stored for each (`progress` hears what a slow
    board's opening waits for); a board that fails to open closes those opened before it and raises its
    BoardError."""
    from poise.game.engine.boards import open_for_play

    boards: list[Board] = []
    try:
        for url in seat_urls(urls):
            boards.append(open_for_play(url, storage, clock, progress=progress))
    except BaseException:
        for board in boards:
            board.close()
        raise
    return boards
