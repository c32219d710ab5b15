"""Turns on one board: two to four players, each on their own profile, play rounds of a level one after
another, passing the board on; a scoreboard at the end, as party games do.

Every turn is a whole attempt of the player whose turn it is (their own difficulty step and limits of
stability), stored as it ends with the other players as its opponents and the match's id; when the last
turn is over, each of those attempts gets its player's outcome in the match ("won", "lost" or "draw", from
the players' total scores) in one transaction.
"""
from __future__ import annotations

import uuid

import pygame

from poise.game.engine.seats import MAX_TURNS
from poise.i18n import _
from poise.game.level.attempt import Match
from poise.game.level.levelsetup import prepare
from poise.game.media import ui
from poise.game.storage.store import StorageError

from .base import Scene

AUTOPLAY_HANDOVER_S = 1.0


def placings(totals: list[float]) -> list[str]:
    """Each player's outcome from their totals: the best total (or totals, alike) won, the rest lost; "draw"
    when every player has the same total."""
    best = max(totals)
    if all(t == best for t in totals):
        return ["draw"] * len(totals)
    return ["won" if t == best else "lost" for t in totals]


class TurnsScene(Scene):
    def __init__(self, ctx, level_id: str, players: list[str], rounds: int = 1, seconds: float | None = None,
                 step: int | None = None):
        super().__init__(ctx)
        if not 2 <= len(players) <= MAX_TURNS:
            raise ValueError(f"turns on one board are for 2 to {MAX_TURNS} players")
        spec = ctx.levels.spec(level_id)
        if spec.kind == "assessment":
            raise ValueError(f"{level_id} is a measurement, not played in turns")
        self.spec = spec
        self.players = list(players)
        self.rounds = rounds
        self.seconds, self.step = seconds, step
        self.order = [(r, p) for r in range(rounds) for p in self.players]
        self.turn = 0
        self.stage = "handover"  # handover -> (play, pushed above) -> handover ... -> scoreboard
        self.t = 0.0
        self.scores: dict[str, list[int]] = {p: [] for p in self.players}
        self.attempts: dict[str, list[int]] = {p: [] for p in self.players}
        self.uid = str(uuid.uuid4())
        self.outcomes: list[str] = []
        self.first_player = ctx.player
        self.captured = False

    @property
    def current(self) -> str:
        return self.order[self.turn][1]

    def handle(self, intent) -> None:
        if self.stage == "handover" and intent.kind in ("confirm", "click"):
            self._play()
        elif intent.kind == "back" or (self.stage == "scoreboard" and intent.kind in ("confirm", "click")):
            self.ctx.player = self.first_player
            self.stack.pop()

    def _play(self) -> None:
        player = self.current
        self.ctx.player = player
        level = prepare(self.ctx, self.spec.id, self.seconds, self.step, player=player)
        match = Match(self.uid, "turns", (tuple(p for p in self.players if p != player),), ("turn",))
        self.stage = "play"
        self.stack.push("play", level=level, on_finish=self._turn_done, match=match)

    def _turn_done(self, result: dict) -> None:
        player = self.current
        self.scores[player].append(int(result.get("score", 0)))
        if result.get("attempt_id") is not None:
            self.attempts[player].append(result["attempt_id"])
        self.turn += 1
        self.t = 0.0
        if self.turn < len(self.order):
            self.stage = "handover"
            return
        self.stage = "scoreboard"
        self.outcomes = placings([sum(self.scores[p]) for p in self.players])
        storage = self.ctx.storage
        if storage is not None:
            try:
                storage.set_match_results({a: o for p, o in zip(self.players, self.outcomes)
                                           for a in self.attempts[p]})
            except StorageError:
                pass  # the turns are stored; only the outcome is missing, and the scoreboard still shows it
        self.ctx.results.append({"match": {"uid": self.uid, "kind": "turns", "players": self.players,
                                           "totals": [sum(self.scores[p]) for p in self.players],
                                           "outcomes": self.outcomes}, "level": self.spec.id})

    def fixed_update(self, t, dt, balance) -> None:
        self.t += dt
        if self.stage == "handover" and self.ctx.autoplay and self.t >= AUTOPLAY_HANDOVER_S:
            self._play()
        elif self.stage == "scoreboard":
            self.results_shown(self.t >= 1.0, "scoreboard")

    def draw(self, surface, frame) -> None:
        surface.blit(ui.background(frame.size), (0, 0))
        ui.top_bar(surface, frame.rect, _("{title}: taking turns").format(title=self.spec.text("title")),
                   _("round {n} of {of}").format(n=min(self.rounds, self.order[min(self.turn, len(self.order) - 1)][0] + 1),
                                                 of=self.rounds), False)
        if self.stage == "scoreboard":
            self._scoreboard(surface, frame)
        else:
            self._handover(surface, frame)

    def _handover(self, surface, frame) -> None:
        box = pygame.Rect(0, 0, 820, 300)
        box.center = frame.centre
        ui.panel(surface, box, alpha=245)
        ui.fit_text(surface, _("{name}'s turn").format(name=self.current), box.width - 60,
                    (box.centerx, box.top + 70), 64, "accent_light", anchor="center", bold=True)
        line = _("{name} goes first: step on the board.") if self.turn == 0 else \
            _("Pass the board on: {name} steps on.")
        ui.fit_text(surface, line.format(name=self.current), box.width - 60, (box.centerx, box.top + 150), 30, "text",
                    anchor="center")
        ui.fit_text(surface, _("Press Enter when you are ready"), box.width - 60, (box.centerx, box.bottom - 50), 30,
                    "muted", anchor="center", bold=True)

    def _scoreboard(self, surface, frame) -> None:
        box = pygame.Rect(0, 0, 900, 120 + 70 * len(self.players) + 80)
        box.center = frame.centre
        ui.panel(surface, box, alpha=245)
        ui.text(surface, _("Scoreboard"), (box.centerx, box.top + 56), 56, "text", anchor="center", bold=True)
        ranked = sorted(zip(self.players, self.outcomes), key=lambda po: -sum(self.scores[po[0]]))
        y = box.top + 130
        for place, (player, outcome) in enumerate(ranked, 1):
            colour = "good" if outcome == "won" else "text"
            ui.text(surface, f"{place}.", (box.left + 50, y), 36, colour, bold=True)
            ui.fit_text(surface, player, 360, (box.left + 110, y), 36, colour, bold=True)
            if self.rounds > 1:  # each round's score before the total
                rounds = "  ".join(str(s) for s in self.scores[player])
                ui.fit_text(surface, rounds, 220, (box.left + 490, y + 4), 28, "muted")
            ui.text(surface, str(sum(self.scores[player])), (box.right - 50, y), 36, colour, anchor="topright",
                    bold=True)
            y += 70
        ui.text(surface, _("Enter to finish"), (box.centerx, box.bottom - 40), 28, "muted", anchor="center")
