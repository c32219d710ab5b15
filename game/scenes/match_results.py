"""The results of a match on two seats: who won (or how closely the pair kept together), and each player's
own score, stars and measurements, side by side."""
from __future__ import annotations

import pygame

from poise.game.engine.seats import seat_areas
from poise.i18n import _
from poise.game.level import messages
from poise.game.media import ui

from .base import Scene


def headline(outcome: str) -> str:
    return {"won": _("Winner!"), "lost": _("Well played"), "draw": _("A draw"), "together": _("Played together")}.get(
        outcome, outcome)


class MatchResultsScene(Scene):
    def __init__(self, ctx, spec, results: list[dict], standings: list, versus, level_type=None):
        super().__init__(ctx)
        self.spec = spec
        self.results = results
        self.standings = standings
        self.versus = versus
        self.t = 0.0
        self.captured = False
        self.templates = messages.templates_for(ctx.levels, spec.id)

    def on_enter(self) -> None:
        self.ctx.sounds.play("results")

    def handle(self, intent) -> None:
        if intent.kind in ("confirm", "back", "click"):
            self.stack.pop()

    def fixed_update(self, t, dt, balance) -> None:
        self.t += dt
        self.results_shown(self.t >= 1.0, "results")

    def draw(self, surface, frame) -> None:
        surface.blit(ui.background(frame.size), (0, 0))
        kind = _("played together") if self.versus.together else _("head to head")
        ui.top_bar(surface, frame.rect, f"{self.spec.text('title')}: {kind}", _("Results"), False)
        for result, standing, area in zip(self.results, self.standings, seat_areas(frame.below(ui.TOP_BAR).area,
                                                                                    len(self.results))):
            box = pygame.Rect(area).inflate(-40, -40)
            box.height -= 30  # room for the line under the columns
            self._column(surface, result, standing, box)
        ui.text(surface, _("Enter to go on"), (frame.centre[0], frame.rect.bottom - 24), 26, "muted",
                anchor="center")

    def _column(self, surface, result: dict, standing, box: pygame.Rect) -> None:
        ui.panel(surface, box, alpha=230)
        outcome = (result.get("match") or {}).get("outcome", "")
        colour = {"won": "good", "together": "accent_light"}.get(outcome, "text")
        name = result.get("player") or _("Guest")
        ui.fit_text(surface, name, box.width - 40, (box.centerx, box.top + 40), 44, "text",
                anchor="center", bold=True)
        ui.text(surface, headline(outcome), (box.centerx, box.top + 100), 52, colour, anchor="center", bold=True)
        y = box.top + 150
        if standing is not None:
            measure = messages.render(self.versus.measure, {"value": standing}, self.templates)[0]
            ui.text(surface, measure, (box.centerx, y), 34, "accent_light", anchor="center", bold=True)
        y += 44
        score = _("Score {score}  ·  {stars} of 3 stars").format(score=result.get("score", 0),
                                                                 stars=result.get("stars", 0))
        ui.text(surface, score, (box.centerx, y), 30, "text", anchor="center")
        y += 50
        for label, text in messages.rows(result, self.templates)[:5]:
            ui.fit_text(surface, label, box.width // 2 - 30, (box.left + 24, y), 24, "muted")
            ui.fit_text(surface, text, box.width // 2 - 30, (box.right - 24, y), 24, "text",
                    anchor="topright", bold=True)
            y += 36
        if result.get("personal_best"):
            ui.text(surface, _("A personal best!"), (box.centerx, box.bottom - 70), 28, "good", anchor="center",
                    bold=True)
        saved = _("Saved to {name}'s history").format(name=name) if result.get("saved") else \
            _("Not saved: {why}").format(why=result.get("save_error", ""))
        ui.fit_text(surface, saved, box.width - 40, (box.centerx, box.bottom - 30), 24,
                    "muted" if result.get("saved") else "warn", anchor="center")
