"""The player's progress screen: weekly trends of the balance check with their bands and verdicts,
a calendar of training days, streaks, dose and personal bests. Drawn with pygame, read-only."""
from __future__ import annotations

import datetime as dt

import pygame

from poise.game import ui
from poise.game.progress import progress
from poise.game.report import COLOURS, NAMES
from poise.game.storage import StorageError

from .base import Scene

VERDICT_COLOUR = {"improved": "good", "worse": "bad", "no clear change yet": "muted", "not enough data": "muted"}


class ProgressScene(Scene):
    def __init__(self, ctx, today: dt.date | None = None):
        super().__init__(ctx)
        self.today = today
        self.error = ""
        self.data = None

    def on_enter(self) -> None:
        try:
            self.data = progress(self.ctx.storage, self.ctx.player, today=self.today)
        except StorageError as exc:
            self.error = str(exc)

    def handle(self, intent) -> None:
        if intent.kind in ("back", "confirm", "click"):
            self.stack.pop()

    def draw(self, surface) -> None:
        surface.blit(ui.background(surface.get_size()), (0, 0))
        info = self.ctx.feed.board.info
        ui.top_bar(surface, f"Progress of {self.ctx.player or '—'}", info.name, info.simulated)
        if self.data is None:
            ui.text(surface, self.error or "No player chosen", (ui.WIDTH / 2, 300), 34, "muted", anchor="center")
            return
        p = self.data
        self._chart(surface, pygame.Rect(40, 84, 760, 250), ("eyes-open", "eyes-closed"), "Two feet: sway velocity")
        self._chart(surface, pygame.Rect(40, 350, 760, 250), ("left-leg", "right-leg"), "One leg: sway velocity")
        side = pygame.Rect(830, 84, 410, 516)
        ui.panel(surface, side)
        y = side.top + 20
        ui.text(surface, "What changed", (side.left + 20, y), 30, "text", bold=True)
        y += 40
        for v in p.verdicts:
            ui.text(surface, NAMES.get(v.condition, v.condition), (side.left + 20, y), 24, "muted")
            label = v.verdict if v.verdict == "not enough data" else f"{v.verdict} ({v.change_pct:+.0f} %)"
            ui.text(surface, label, (side.right - 20, y), 24, VERDICT_COLOUR[v.verdict], anchor="topright", bold=True)
            y += 30
        y += 10
        h = p.history
        for label, value in (("Training days", str(len(h.days))), ("Streak", f"{h.current_streak} (best {h.longest_streak})"),
                             ("Minutes", f"{h.total_minutes:.0f}"),
                             ("One leg, left / right", f"{h.one_leg_s['left'] / 60:.0f} / {h.one_leg_s['right'] / 60:.0f} min"),
                             ("Weight shifts", str(h.shifts)),
                             ("Held: fwd / back / left / right", "{} / {} / {} / {}".format(
                                 *(h.shifts_by_direction.get(d, 0) for d in ("forward", "back", "left", "right"))))):
            ui.text(surface, label, (side.left + 20, y), 24, "muted")
            ui.text(surface, value, (side.right - 20, y), 24, "text", anchor="topright")
            y += 28
        self._calendar(surface, pygame.Rect(side.left + 20, y + 14, side.width - 40, 110), h)
        bests = ", ".join(f"{k.replace('-', ' ')} {v}" for k, v in sorted(h.bests.items(), key=lambda kv: -kv[1])[:3])
        ui.text(surface, "Bests: " + bests if bests else "No attempts yet", (40, ui.HEIGHT - 80), 24, "muted")
        note = f"Bands: 95 % from {p.sd_source}."
        if p.excluded:
            note += f" {len(p.excluded)} check(s) left out for measurement quality."
        ui.text(surface, note, (40, ui.HEIGHT - 50), 22, "muted")
        ui.text(surface, "Enter: back", (ui.WIDTH - 40, ui.HEIGHT - 50), 26, "accent_light", anchor="topright",
                bold=True)

    def _chart(self, surface, rect: pygame.Rect, conditions, title: str) -> None:
        ui.panel(surface, rect)
        ui.text(surface, title, (rect.left + 16, rect.top + 10), 26, "text", bold=True)
        pts = [pt for pt in self.data.points if pt.condition in conditions]
        if not pts:
            ui.text(surface, "no balance checks yet", rect.center, 26, "muted", anchor="center")
            return
        weeks = sorted({pt.week for pt in self.data.points})
        lo = min(pt.low for pt in pts) * 0.9
        hi = max(pt.high for pt in pts) * 1.05
        plot = rect.inflate(-90, -70).move(20, 12)
        to_x = lambda w: plot.left + (weeks.index(w) / max(1, len(weeks) - 1)) * plot.width  # noqa: E731
        to_y = lambda v: plot.bottom - (v - lo) / (hi - lo) * plot.height  # noqa: E731
        for k in range(5):
            v = lo + k * (hi - lo) / 4
            y = to_y(v)
            pygame.draw.line(surface, ui.colour("grid"), (plot.left, y), (plot.right, y), 1)
            ui.text(surface, f"{v:.0f}", (plot.left - 8, y), 20, "muted", anchor="midright")
        for c in conditions:
            cp = [pt for pt in pts if pt.condition == c]
            if not cp:
                continue
            col = pygame.Color(COLOURS[c])
            band = [(to_x(pt.week), to_y(pt.high)) for pt in cp] + [(to_x(pt.week), to_y(pt.low)) for pt in reversed(cp)]
            if len(cp) > 1:
                layer = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
                pygame.draw.polygon(layer, (col.r, col.g, col.b, 60), band)
                surface.blit(layer, (0, 0))
                pygame.draw.lines(surface, col, False, [(to_x(pt.week), to_y(pt.velocity)) for pt in cp], 3)
            for pt in cp:
                pygame.draw.circle(surface, col, (round(to_x(pt.week)), round(to_y(pt.velocity))), 5)
            ui.text(surface, NAMES[c], (plot.right, plot.top - 8 + 22 * conditions.index(c)), 20, tuple(col[:3]),
                    anchor="topright")
        for w in (weeks[0], weeks[-1]):
            ui.text(surface, w, (to_x(w), plot.bottom + 6), 18, "muted", anchor="midtop")
        ui.text(surface, "mm/s", (rect.left + 10, rect.bottom - 24), 18, "muted")

    def _calendar(self, surface, rect: pygame.Rect, h) -> None:
        """The last 12 weeks, a square a day, filled when you trained."""
        today = self.today or dt.date.today()
        days = set(h.days)
        size = min(rect.width // 12 - 3, rect.height // 7 - 3)
        start = today - dt.timedelta(days=today.weekday() + 7 * 11)
        for week in range(12):
            for d in range(7):
                day = start + dt.timedelta(days=7 * week + d)
                if day > today:
                    continue
                cell = pygame.Rect(rect.left + week * (size + 3), rect.top + d * (size + 3), size, size)
                pygame.draw.rect(surface, ui.colour("good" if day.isoformat() in days else "grid"), cell,
                                 border_radius=3)
