"""Follow my lead: one person draws a path with their balance point, the other follows it a beat later.

Played as a pair (two seats, API 2: `versus.together`), the coach's board leads: the coach traces a shape
(a side-to-side weight shift, a circle, a figure eight) shown faintly on their half of the screen, and the
patient's half shows the coach's balance point `delay_s` later, for the patient to follow. Played alone,
Pip leads: the lead point runs along the shapes by itself. Either way the lead is kept as a share of the
leader's own limits of stability and drawn at the same share of the follower's, so a child follows a parent
as fairly as a parent a child.

Scoring, on the raw centre of pressure on every fixed step: the distance from the point to follow, as a
share of the follower's reach (sideways distance over the side reach, front-back over the forward or back
reach), gives closeness = clamp(1 - distance / tolerance); score = 1000 x mean closeness over the steps
played. The leader is scored the same way against the shape they were tracing (how cleanly they drew it),
so both attempts mean something. Tracking error as a share of the target's path follows the usual
visual-tracking tasks (e.g. Hung et al. 2003, a moving target tracked with the centre of pressure).
"""
from __future__ import annotations

import bisect
import dataclasses
import math

from poise import api
from poise.api import Balance, Level, LevelResult, Message, Part, Versus, Window

from .common import clamp, stars_for

SHAPES = ("weight-shift", "circle", "figure-eight")


@dataclasses.dataclass(frozen=True)
class Params(api.Params):
    shapes: tuple[str, ...]  # in the order they are led
    shape_s: float  # s per shape: once round it
    lead_in_s: float  # s standing still before the first shape
    delay_s: float  # the beat: the follower's point to follow is the lead's this long ago
    size_fraction: tuple[float, ...]  # of the reach: how far the shapes reach from the middle
    tolerance_fraction: tuple[float, ...]  # of the reach: this far from the point to follow scores nothing
    stars_at: tuple[float, ...]

    LADDER = ("size_fraction", "tolerance_fraction")

    def __post_init__(self):
        super().__post_init__()
        unknown = [s for s in self.shapes if s not in SHAPES]
        if not self.shapes or unknown:
            raise ValueError(f"params.shapes must name shapes among {', '.join(SHAPES)}")


def shape_point(shape: str, k: float, size: float) -> tuple[float, float]:
    """Where the shape is at `k` (0..1 once round), as shares of the reach (x right, y toward the toes)."""
    a = 2 * math.pi * k
    if shape == "weight-shift":
        return size * math.sin(a), 0.0
    if shape == "circle":
        return size * math.sin(a), 0.8 * size * math.cos(a)
    return size * math.sin(a), 0.6 * size * math.sin(2 * a)  # a figure eight on its side


class Follow(Level):
    accent = "accent_light"
    music = "flow"  # following a moving lead: flowing bells
    view_module = "poise.levels.follow_view"
    Params = Params
    versus = Versus("follow.versus.rule", "follow.versus.measure", better="higher", together=True)

    def __init__(self, spec, seconds=None, step=0, reach=None):
        super().__init__(spec, seconds, step, reach)
        p = self.params
        self.shape_s = p.shape_s if not seconds else max(4.0, seconds / len(p.shapes))
        self.length = p.lead_in_s + self.shape_s * len(p.shapes)
        self.size = p.size_fraction[self.step]
        self.tolerance = p.tolerance_fraction[self.step]
        self.t = 0.0
        self.neutral: tuple[float, float] | None = None
        self.here = (0.0, 0.0)  # own point now, as shares of the reach from where one stood
        self.path: list[tuple[float, float, float]] = []  # (level time, x, y): own point, shares of the reach
        self._lead_times: list[float] = []
        self._lead: list[tuple[float, float, float]] = []  # the leader's path, as the last meet saw it
        self.closeness: dict[str, list[float]] = {s: [] for s in p.shapes}
        self.windows: list[Window] = []

    # --- what is led -----------------------------------------------------------------------------------
    @property
    def leads(self) -> bool:
        return self.seat.role == "lead"

    def shape_at(self, t: float) -> tuple[str | None, float]:
        """The shape traced at level time `t` and how far round it is (once round per shape); None in the lead-in."""
        into = t - self.params.lead_in_s
        if into < 0:
            return None, 0.0
        i = min(len(self.params.shapes) - 1, int(into / self.shape_s))
        return self.params.shapes[i], min(1.0, (into - i * self.shape_s) / self.shape_s)

    def guide(self, t: float) -> tuple[float, float]:
        """The shape's point at `t` (shares of the reach): what the leader traces, and what Pip leads alone."""
        shape, k = self.shape_at(t)
        return (0.0, 0.0) if shape is None else shape_point(shape, k, self.size)

    def target(self) -> tuple[float, float] | None:
        """The point to follow now (shares of the reach): the guide for the leader; the lead `delay_s` ago for
        the follower (Pip's guide when played alone). None before the leader has drawn anything."""
        if self.leads:
            return self.guide(self.t)
        then = self.t - self.params.delay_s
        if self.seat.role != "follow":
            return self.guide(then)
        i = bisect.bisect_right(self._lead_times, then) - 1
        return self._lead[i][1:] if i >= 0 else None

    def lead_trail(self, seconds: float = 1.5) -> list[tuple[float, float]]:
        """The lead's points over the last `seconds` up to the point to follow, oldest first (for drawing)."""
        then = self.t - self.params.delay_s
        if self.seat.role == "follow":
            lo = bisect.bisect_left(self._lead_times, then - seconds)
            hi = bisect.bisect_right(self._lead_times, then)
            return [p[1:] for p in self._lead[lo:hi:3]]
        return [self.guide(then - seconds * i / 20) for i in range(20, -1, -1)]

    # --- play --------------------------------------------------------------------------------------------
    @property
    def progress(self) -> float:
        return min(1.0, self.t / self.length)

    def meet(self, rival) -> None:
        if self.seat.role == "follow":
            self._lead = rival.path
            self._lead_times = [p[0] for p in rival.path]

    def standing(self, rival) -> float | None:
        """How closely the follower kept to the lead, % of the steps (the same number on both seats)."""
        follower = rival if self.leads else self
        return round(100 * follower.in_step(), 1)

    def in_step(self) -> float:
        scores = [c for cs in self.closeness.values() for c in cs]
        return sum(scores) / len(scores) if scores else 0.0

    def _share(self, balance: Balance) -> tuple[float, float]:
        r = self.reach
        dx, dy = balance.x - self.neutral[0], balance.y - self.neutral[1]
        return dx / (r.right if dx >= 0 else r.left), dy / (r.forward if dy >= 0 else r.back)

    def fixed_update(self, t: float, dt: float, balance: Balance) -> None:
        if self.finished or math.isnan(balance.x):
            return
        if self.neutral is None:
            self.neutral = (balance.x, balance.y)
        self.t += dt
        self.here = self._share(balance)
        self.path.append((self.t, *self.here))
        shape, _ = self.shape_at(self.t - (0.0 if self.leads else self.params.delay_s))
        target = self.target()
        if shape is not None and target is not None:
            off = math.hypot(self.here[0] - target[0], self.here[1] - target[1])
            self.closeness[shape].append(clamp(1.0 - off / self.tolerance))
            if self.windows and self.windows[-1].label == shape:
                self.windows[-1] = Window(shape, self.windows[-1].start, t)
            else:
                self.windows.append(Window(shape, t, t))
        if self.t >= self.length + (0.0 if self.leads else self.params.delay_s):
            self.finished = True
            self.events.append("done")

    def autopilot_goal(self):
        if self.neutral is None:
            return "both", None
        target = self.target() or (0.0, 0.0)
        r = self.reach
        x = target[0] * (r.right if target[0] >= 0 else r.left)
        y = target[1] * (r.forward if target[1] >= 0 else r.back)
        return "both", (self.neutral[0] + x, self.neutral[1] + y)

    def result(self) -> LevelResult:
        fraction = self.in_step()
        role = "lead" if self.leads else "follow"
        per_shape = {s: (sum(c) / len(c) if c else 0.0) for s, c in self.closeness.items()}
        details = {"role": role, "in_step": round(fraction, 4), "delay_s": self.params.delay_s,
                   "size_fraction": self.size, **{f"{s}_in_step": round(v, 4) for s, v in per_shape.items()}}
        messages = [Message(f"follow.{role}", {"share": fraction})]
        messages += [Message("follow.shape", {"shape": s, "share": v}) for s, v in per_shape.items()]
        parts = [Part("follow.part.shape", v, {"shape": s}) for s, v in per_shape.items()]
        return LevelResult(round(1000 * fraction), stars_for(fraction, self.params.stars_at), details,
                           windows=self.windows, messages=messages, parts=parts)
