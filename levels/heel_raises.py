"""Heel raises: rise slowly onto the balls of the feet and lower again, with a tempo guide.

A rep is counted from the COP: forward past 60 % of the player's rise, then back under 25 %.
Each guided rep scores  tempo x straightness: tempo = clamp(1 - |rep time - guide time| / guide
time), straightness = clamp(1 - side drift / tolerance) (drift = rolling in or out). Score = 1000 x
mean over the guided reps (a missed rep scores 0). The rise and tempo follow the difficulty ladder.
"""
from __future__ import annotations

import dataclasses
import math

import pygame

from poise.game import ui
from poise.game.core.pipeline import Balance

from . import view
from poise.game.level import Level, LevelResult
from .common import Laddered, clamp, stars_for

PREPARE_S = 2.0


@dataclasses.dataclass(frozen=True)
class Params(Laddered):
    reps: tuple[int, ...] = (6, 8, 10, 12)
    up_s: tuple[float, ...] = (2.0, 2.0, 2.0, 2.5)
    hold_s: tuple[float, ...] = (0.5, 1.0, 1.0, 1.5)
    down_s: tuple[float, ...] = (2.0, 2.5, 3.0, 3.0)
    rise_fraction: float = 0.8  # of forward reach: where the balls of the feet take the weight
    drift_tolerance_mm: float = 25.0
    stars_at: tuple[float, ...] = (0.45, 0.6, 0.75)

    LADDER = ("reps", "up_s", "hold_s", "down_s")


@dataclasses.dataclass
class Rep:
    start: float
    top_at: float | None = None
    end: float | None = None
    drift: float = 0.0


class HeelRaises(Level):
    accent = "warn"

    def __init__(self, spec, seconds=None, step=0, reach=None):
        super().__init__(spec, seconds, step, reach)
        p = self.params
        self.cycle = p.up_s[self.step] + p.hold_s[self.step] + p.down_s[self.step] + 1.0  # + 1 s rest
        self.reps_wanted = p.reps[self.step] if not seconds else max(2, int(seconds / self.cycle))
        self.rise = p.rise_fraction * self.reach.forward
        self.t = 0.0
        self.neutral: tuple[float, float] | None = None
        self.acc: list[tuple[float, float]] = []
        self.reps: list[Rep] = []
        self.current: Rep | None = None

    @property
    def guide_t(self) -> float:
        return self.t - PREPARE_S

    @property
    def progress(self) -> float:
        return clamp(self.guide_t / (self.reps_wanted * self.cycle))

    @property
    def showcase(self) -> bool:
        return self.progress >= 0.3 and self.guide() >= 0.85

    def guide(self) -> float:
        """Where the guide is, 0 (heels down) .. 1 (up on the toes)."""
        if self.guide_t < 0:
            return 0.0
        p = self.params
        k = self.guide_t % self.cycle
        up, hold, down = p.up_s[self.step], p.hold_s[self.step], p.down_s[self.step]
        if k < up:
            return k / up
        if k < up + hold:
            return 1.0
        if k < up + hold + down:
            return 1.0 - (k - up - hold) / down
        return 0.0

    def fixed_update(self, t: float, dt: float, balance: Balance) -> None:
        if self.finished or math.isnan(balance.x):
            return
        self.t += dt
        if self.guide_t < 0:
            self.acc.append((balance.x, balance.y))
            return
        if self.neutral is None:
            xs, ys = zip(*self.acc)
            self.neutral = (sum(xs) / len(xs), sum(ys) / len(ys))
            self.events.append("go")
        rise = (balance.y - self.neutral[1]) / self.rise
        if self.current is None and rise > 0.25:
            self.current = Rep(self.t)
        if self.current is not None:
            self.current.drift = max(self.current.drift, abs(balance.x - self.neutral[0]))
            if self.current.top_at is None and rise > 0.6:
                self.current.top_at = self.t
            if rise < 0.25:
                if self.current.top_at is not None:
                    self.current.end = self.t
                    self.reps.append(self.current)
                    self.events.append("rep")
                self.current = None
        if int((self.guide_t - dt) / self.cycle) != int(self.guide_t / self.cycle):
            self.events.append("beat")
        if self.guide_t >= self.reps_wanted * self.cycle:
            self.finished = True
            self.events.append("done")

    def autopilot_goal(self):
        n = self.neutral
        if n is None:
            return "both", None
        return "both", (n[0], n[1] + self.rise * self.guide())

    def rep_scores(self) -> list[float]:
        p = self.params
        want = p.up_s[self.step] + p.hold_s[self.step] + p.down_s[self.step]
        out = []
        for rep in self.reps[: self.reps_wanted]:
            tempo = clamp(1 - abs((rep.end - rep.start) - want) / want)
            straight = clamp(1 - rep.drift / p.drift_tolerance_mm)
            out.append(tempo * straight)
        return out

    def result(self) -> LevelResult:
        scores = self.rep_scores()
        fraction = sum(scores) / self.reps_wanted
        details = {"reps": len(self.reps), "reps_wanted": self.reps_wanted,
                   "mean_drift_mm": round(sum(r.drift for r in self.reps) / len(self.reps), 2) if self.reps else None,
                   "rep_quality": round(fraction, 4), "step": self.step}
        summary = [("Heel raises", f"{len(self.reps)} / {self.reps_wanted}"),
                   ("On tempo and straight", f"{fraction:.0%}"),
                   ("Rolling in or out", f"{details['mean_drift_mm'] or 0:.0f} mm")]
        parts = [(f"Rep {i + 1}", s) for i, s in enumerate(scores + [0.0] * (self.reps_wanted - len(scores)))]
        return LevelResult(round(1000 * fraction), stars_for(fraction, self.params.stars_at), details, [], summary, parts)

    def draw_static(self, surface) -> None:
        view.static_panels(surface)
        track = pygame.Rect(0, 0, 90, 420)
        track.center = (view.MAIN.centerx - 180, view.MAIN.centery)
        pygame.draw.rect(surface, ui.colour("panel_edge"), track, border_radius=45)
        ui.text(surface, "toes", (track.centerx, track.top - 26), 26, "muted", anchor="center")
        ui.text(surface, "heels", (track.centerx, track.bottom + 24), 26, "muted", anchor="center")

    def draw(self, surface, latest: Balance) -> None:
        track = pygame.Rect(0, 0, 90, 420)
        track.center = (view.MAIN.centerx - 180, view.MAIN.centery)
        y_of = lambda k: track.bottom - 45 - k * (track.height - 90)  # noqa: E731
        ui.glow_circle(surface, ui.colour(self.accent), (track.centerx, round(y_of(self.guide()))), 34)
        if self.neutral is not None and not math.isnan(latest.fy):
            k = clamp((latest.fy - self.neutral[1]) / self.rise, -0.1, 1.15)
            drift = clamp((latest.fx - self.neutral[0]) / self.params.drift_tolerance_mm, -1, 1)
            view.cursor(surface, (round(track.centerx + 40 * drift), round(y_of(k))), 16)
        feet = (view.MAIN.centerx + 170, view.MAIN.centery)
        lift = self.guide()
        for side, dx in (("left", -55), ("right", 55)):
            ui.foot(surface, (feet[0] + dx, feet[1]), 60, side, "down" if lift < 0.5 else "idle")
        ui.text(surface, "up on your toes" if lift > 0.5 else "heels down", (feet[0], feet[1] + 120), 30, "muted",
                anchor="center")
        view.side_panel(surface, [("Reps", f"{len(self.reps)} / {self.reps_wanted}"),
                                  ("Step", f"{self.step + 1} / {self.steps}")], self.progress, self.accent, "Heel raises")
        view.instruction(surface, "Get ready: stand tall, weight even" if self.guide_t < 0
                         else "Rise and lower with the guide — slowly, straight up")
