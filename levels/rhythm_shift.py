"""Rhythm shift: follow a cue that swings side to side, then front to back, at a rising tempo.

Score = 1000 x (time the raw COP is within the band around the cue) / (time played), judged along
the swing's axis. The swing spans a fraction of the player's reach; the band and tempo come from
the difficulty ladder. A beat sounds at each turn.
"""
from __future__ import annotations

import dataclasses
import math

from poise import api
from poise.api import Balance, Level, LevelResult, Message, Part

from .common import stars_for

ANTICIPATE_S = 0.45


@dataclasses.dataclass(frozen=True)
class Params(api.Params):
    seconds: float  # half side to side, half front to back
    amplitude: tuple[float, ...]  # fraction of reach
    start_bpm: tuple[float, ...]  # full swings per minute
    end_bpm: tuple[float, ...]
    band_mm: tuple[float, ...]
    stars_at: tuple[float, ...]

    LADDER = ("amplitude", "start_bpm", "end_bpm", "band_mm")

    def __post_init__(self):
        super().__post_init__()
        if self.seconds <= 0:
            raise ValueError("params.seconds must be greater than 0")


class RhythmShift(Level):
    accent = "gold"
    music = None  # its own beat is the music: another tempo would fight it
    view_module = "poise.levels.rhythm_shift_view"
    Params = Params

    def __init__(self, spec, seconds=None, step=0, reach=None):
        super().__init__(spec, seconds, step, reach)
        p = self.params
        self.total = seconds or p.seconds
        self.t = 0.0
        self.phase = 0.0  # of the swing, in turns
        self.inside = {"ml": 0.0, "ap": 0.0}
        self.played = {"ml": 0.0, "ap": 0.0}
        self.neutral: tuple[float, float] | None = None
        self.last_half = 0

    @property
    def axis(self) -> str:
        return "ml" if self.t < self.total / 2 else "ap"

    @property
    def progress(self) -> float:
        return min(1.0, self.t / self.total)

    def frequency(self) -> float:
        p = self.params
        half = self.total / 2
        k = (self.t % half) / half
        bpm = p.start_bpm[self.step] + k * (p.end_bpm[self.step] - p.start_bpm[self.step])
        return bpm / 60.0

    def cue(self, ahead: float = 0.0) -> float:
        """The cue's offset from neutral along the current axis (mm), `ahead` seconds from now."""
        r = self.reach
        side = math.sin(2 * math.pi * (self.phase + self.frequency() * ahead))
        if self.axis == "ml":
            span = r.right if side >= 0 else r.left
        else:
            span = r.forward if side >= 0 else r.back
        return self.params.amplitude[self.step] * span * side

    def fixed_update(self, t: float, dt: float, balance: Balance) -> None:
        if self.finished or math.isnan(balance.x):
            return
        if self.neutral is None:
            self.neutral = (balance.x, balance.y)
        axis = self.axis
        cop = balance.x - self.neutral[0] if axis == "ml" else balance.y - self.neutral[1]
        self.played[axis] += dt
        if abs(cop - self.cue()) <= self.params.band_mm[self.step]:
            self.inside[axis] += dt
        before = int(self.phase * 2)
        self.phase += self.frequency() * dt
        if int(self.phase * 2) != before:
            self.events.append("beat")
        self.t += dt
        if int(self.t / (self.total / 2)) != self.last_half and self.t < self.total:
            self.last_half = 1
            self.phase = 0.0
            self.events.append("go")
        if self.t >= self.total:
            self.finished = True
            self.events.append("done")

    def autopilot_goal(self):
        """A good player anticipates a rhythm: aims where the cue will be after their reaction time."""
        n = self.neutral or (0.0, 0.0)
        c = self.cue(ANTICIPATE_S)
        return "both", ((n[0] + c, n[1]) if self.axis == "ml" else (n[0], n[1] + c))

    def result(self) -> LevelResult:
        played = sum(self.played.values()) or 1.0
        fraction = sum(self.inside.values()) / played
        details = {f"{a}_on_beat": round(self.inside[a] / self.played[a], 4) if self.played[a] else 0.0
                   for a in ("ml", "ap")} | {"on_beat_fraction": round(fraction, 4)}
        messages = [Message("rhythm.side_to_side", {"share": details["ml_on_beat"]}),
                    Message("rhythm.front_to_back", {"share": details["ap_on_beat"]}),
                    Message("rhythm.final_tempo", {"bpm": self.params.end_bpm[self.step]})]
        parts = [Part("rhythm.part.side_to_side", details["ml_on_beat"]),
                 Part("rhythm.part.front_to_back", details["ap_on_beat"])]
        return LevelResult(round(1000 * fraction), stars_for(fraction, self.params.stars_at), details,
                           messages=messages, parts=parts)

    @property
    def showcase(self) -> bool:
        return 0.3 <= self.progress < 0.45
