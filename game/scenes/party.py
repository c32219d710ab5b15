"""Choosing a game for more than one player: on two boards a game played head to head (or together), on one
board any game played in turns by the players named (never a measurement)."""
from __future__ import annotations

from poise.i18n import _
from poise.game.level.levelsetup import plays_on_two_seats, prepare_match
from poise.game.media import ui

from .base import Scene
from .widgets import Menu


class PartyScene(Scene):
    music = "calm"

    def __init__(self, ctx, players: list[str] | None = None):
        super().__init__(ctx)
        self.players = players or [seat.player for seat in ctx.seats]
        specs = ctx.levels.all_specs()
        if len(ctx.seats) > 1:
            self.ids = [i for i in specs if specs[i].kind == "game" and plays_on_two_seats(ctx.levels, i)]
        else:
            self.ids = [i for i in specs if specs[i].kind == "game"]
        self.menu = Menu([specs[i].text("title") for i in self.ids] + [_("Quit")], 150, width=400, height=56, gap=12,
                         columns=2)

    def handle(self, intent) -> None:
        if intent.kind == "back":
            self.stack.pop()
            return
        chosen = self.menu.handle(intent, self.stack.frame)
        if chosen is None:
            return
        if chosen == len(self.ids):
            self.stack.pop()
        elif len(self.ctx.seats) > 1:
            self.stack.push("match", levels=prepare_match(self.ctx, self.ids[chosen]))
        else:
            self.stack.push("turns", level_id=self.ids[chosen], players=self.players)

    def draw(self, surface, frame) -> None:
        surface.blit(ui.background(frame.size), (0, 0))
        names = ", ".join(p or _("Guest") for p in self.players)
        what = _("Two boards: pick a game to play at the same time") if len(self.ctx.seats) > 1 else \
            _("One board: pick a game to play in turns")
        ui.top_bar(surface, frame.rect, _("Play together"), names, False)
        ui.fit_text(surface, what, frame.size[0] - 80, (frame.centre[0], 110), 34, "text", anchor="center", bold=True)
        self.menu.draw(surface, frame, 28)
