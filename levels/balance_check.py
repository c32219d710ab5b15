"""The weekly balance check: a fixed protocol whose numbers are comparable week to week.

Conditions in order (default): quiet stance eyes open, eyes closed, standing on the left leg, on the
right leg; three 20-s trials each. Before each trial the screen says what to do, in plain words, and
counts down. A trial is watched: stepping off, a touch-down of the lifted foot, or not standing on the
asked leg marks it invalid (kept in the record with the reason, never silently used) and one extra
trial of that condition is added. Sway metrics come from each trial's raw samples. The score is the
share of valid trials (x 1000): this is a measurement, not a game, and the results lead with the sway
per condition and its change since the last check of the same protocol, not a score. The check hands the
game its trials as an Assessment; the game adds their sway metrics, the comparison with the last check and
the normative percentiles (poise.game.clinic.checks), and stores it with the attempt.
"""
from __future__ import annotations

import dataclasses
import math
from pathlib import Path

from poise import api
from poise.api import N_, Assessment, AssessmentTrial, Balance, Level, LevelResult, Message, Stance, Window

CONDITIONS = {  # condition -> (stance, eyes closed, what to do: shown in the player's language)
    "eyes-open": ("both", False, N_("Stand still with both feet on the marks, arms by your sides, eyes open, looking "
                                    "ahead.")),
    "eyes-closed": ("both", True, N_("Same again, but close your eyes when the countdown ends. Stay relaxed.")),
    "left-leg": ("left", False, N_("Lift your right foot and stand on your LEFT leg. Hands on your hips if you can.")),
    "right-leg": ("right", False, N_("Lift your left foot and stand on your RIGHT leg. Hands on your hips if you can.")),
    "eyes-open-foam": ("both", False, N_("Stand on the FOAM PAD with both feet, arms by your sides, eyes open, "
                                         "looking ahead.")),
    "eyes-closed-foam": ("both", True, N_("Stay on the FOAM PAD and close your eyes when the countdown ends. Stay "
                                          "relaxed; your support is next to you.")),
    # the stances of the Balance Error Scoring System (BESS): on one leg and in tandem, eyes closed, firm and foam
    "tandem": ("both", False, N_("Stand heel to toe, the LEFT foot in front, hands on your hips, eyes open.")),
    "tandem-eyes-closed": ("both", True, N_("Stand heel to toe, the LEFT foot in front, hands on your hips, and close"
                                            " your eyes when the countdown ends.")),
    "left-leg-eyes-closed": ("left", True, N_("Stand on your LEFT leg, hands on your hips, and close your eyes when "
                                              "the countdown ends. Your support is next to you.")),
    "right-leg-eyes-closed": ("right", True, N_("Stand on your RIGHT leg, hands on your hips, and close your eyes "
                                                "when the countdown ends. Your support is next to you.")),
    "tandem-eyes-closed-foam": ("both", True, N_("On the FOAM PAD, heel to toe, the LEFT foot in front, hands on your"
                                                 " hips; close your eyes when the countdown ends.")),
    "left-leg-eyes-closed-foam": ("left", True, N_("On the FOAM PAD, stand on your LEFT leg, hands on your hips; "
                                                   "close your eyes when the countdown ends. Your support is next to "
                                                   "you.")),
    "right-leg-eyes-closed-foam": ("right", True, N_("On the FOAM PAD, stand on your RIGHT leg, hands on your hips; "
                                                     "close your eyes when the countdown ends. Your support is next "
                                                     "to you.")),
}
FOAM = frozenset(c for c in CONDITIONS if c.endswith("-foam"))  # on a foam pad laid on the board
STANCES = {"left": Stance.LEFT, "right": Stance.RIGHT}


@dataclasses.dataclass(frozen=True)
class Params(api.Params):
    conditions: tuple[str, ...]  # names from CONDITIONS, in the order played
    trials: int  # per condition
    trial_s: float
    prepare_s: float
    max_extra: int  # extra trials per condition after invalid ones

    def __post_init__(self):  # a fixed protocol: no difficulty ladder, one step
        super().__post_init__()
        unknown = [c for c in self.conditions if c not in CONDITIONS]
        if unknown or not self.conditions:
            raise ValueError(f"params.conditions: unknown condition {unknown[0] if unknown else '(none)'}; "
                             f"known: {', '.join(CONDITIONS)}")
        if self.trials < 1 or self.trial_s < 5:
            raise ValueError("params.trials must be >= 1 and params.trial_s at least 5 seconds")


@dataclasses.dataclass
class Trial:
    condition: str
    number: int
    valid: bool = True
    note: Message | None = None  # why it does not count
    start: float | None = None
    end: float | None = None


class BalanceCheck(Level):
    accent = "accent_light"
    view_module = "poise.levels.balance_check_view"
    Params = Params
    assessment = True
    score_measures_skill = False
    score_label = api.N_("Valid trials (per 1000)")

    def __init__(self, spec, seconds=None, step=0, reach=None):
        super().__init__(spec, seconds, step, reach)
        p = self.params
        self.trial_s = p.trial_s if not seconds else max(5.0, seconds / (len(p.conditions) * p.trials))
        self.queue = [Trial(c, n + 1) for c in p.conditions for n in range(p.trials)]
        self.done: list[Trial] = []
        self.extra = {c: 0 for c in p.conditions}
        self.phase = "prepare"
        self.phase_t = 0.0
        self.last_t: float | None = None
        self.last_tick = -1

    @property
    def trial(self) -> Trial:
        return self.queue[0]

    @property
    def progress(self) -> float:
        return len(self.done) / max(1, len(self.done) + len(self.queue))

    @property
    def showcase(self) -> bool:
        shown = "left-leg" if "left-leg" in self.params.conditions else self.params.conditions[-1]
        return self.trial.condition == shown and self.phase == "trial" and self.phase_t > 0.5 * self.trial_s \
            if self.queue else False

    @property
    def needs_player(self) -> bool:
        return True

    def fixed_update(self, t: float, dt: float, balance: Balance) -> None:
        if self.finished:
            return
        resumed = self.last_t is not None and t - self.last_t > 2.5 * dt
        self.last_t = t
        self.phase_t += dt
        tr = self.trial
        stance, eyes_closed, _ = CONDITIONS[tr.condition]
        if self.phase == "prepare":
            left = math.ceil(self.params.prepare_s - self.phase_t)
            if left <= 3 and left != self.last_tick:
                self.events.append("tick")
            self.last_tick = left
            if self.phase_t >= self.params.prepare_s:
                if stance in STANCES and balance.stance is not STANCES[stance]:
                    self._invalid(tr, t, "check.not_on_leg", leg=stance)
                    return
                self.phase, self.phase_t, tr.start = "trial", 0.0, t
                self.events.append("go")
                if not any(d.condition == tr.condition and d.start is not None for d in self.done):
                    self.mark("condition-start", condition=tr.condition)
                self.mark("trial-start", condition=tr.condition, trial=tr.number)
            return
        if resumed:  # the level was paused: the player stepped off or the board dropped out
            self._invalid(tr, t, "check.stepped_off")
            return
        if stance in STANCES and balance.stance is Stance.BOTH:
            self._invalid(tr, t, "check.touchdown")
            return
        if stance == "both" and balance.stance in (Stance.LEFT, Stance.RIGHT):
            self._invalid(tr, t, "check.one_foot")
            return
        tr.end = t
        if self.phase_t >= self.trial_s:
            self.events.append("hit")
            self._finish_trial()

    def _invalid(self, tr: Trial, t: float, why: str, **args) -> None:
        """The trial does not count: `why` is the message key; its arguments name the trial and when (s into it)."""
        note = Message(why, {"condition": tr.condition, "trial": tr.number, "at_s": round(self.phase_t, 2)} | args)
        tr.valid, tr.note, tr.end = False, note, t
        if tr.start is None:
            tr.start = t
        self.events.append("miss")
        if self.extra[tr.condition] < self.params.max_extra:
            self.extra[tr.condition] += 1
            numbers = [x.number for x in self.done + self.queue if x.condition == tr.condition]
            self.queue.insert(1, Trial(tr.condition, max(numbers) + 1))
        self._finish_trial()

    def _finish_trial(self) -> None:
        tr = self.trial
        if tr.start is not None and self.phase == "trial":
            self.mark("trial-end", condition=tr.condition, trial=tr.number, valid=tr.valid,
                      **({"why": tr.note.key} if tr.note else {}))
        self.done.append(self.queue.pop(0))
        self.phase, self.phase_t = "prepare", 0.0
        if not self.queue:
            self.finished = True
            self.events.append("done")

    def autopilot_goal(self):
        if not self.queue:
            return "both", None
        return CONDITIONS[self.trial.condition][0], None

    def eyes_closed_now(self) -> bool:
        return bool(self.queue) and CONDITIONS[self.trial.condition][1] and self.phase == "trial"

    @staticmethod
    def label(tr: Trial) -> str:
        return f"{tr.condition} {tr.number}"

    def result(self) -> LevelResult:
        windows = [Window(self.label(tr), tr.start, tr.end) for tr in self.done
                   if tr.valid and tr.start is not None and tr.end is not None]
        valid = sum(tr.valid for tr in self.done)
        fraction = valid / max(1, len(self.done))
        trials = [{"condition": tr.condition, "trial": tr.number, "valid": tr.valid, "start": tr.start or 0.0,
                   "end": tr.end or 0.0, "label": self.label(tr)} for tr in self.done]
        details = {"trials": trials, "valid_trials": valid, "protocol": list(self.params.conditions),
                   "trial_s": self.trial_s}
        messages = [Message("check.valid_trials", {"valid": valid, "trials": len(self.done)})] + [
            tr.note for tr in self.done if not tr.valid][:3]
        assessment = Assessment(tuple(self.params.conditions), self.protocol(), tuple(
            AssessmentTrial(tr.condition, tr.number, tr.valid, tr.start or 0.0, tr.end or 0.0, self.label(tr), tr.note)
            for tr in self.done))
        stars = 3 if fraction == 1 else 2 if fraction >= 0.75 else 1 if valid else 0
        return LevelResult(round(1000 * fraction), stars, details, windows, messages, records=[assessment])

    def protocol(self) -> dict:
        """The protocol this check used, stored with the assessment so that trends compare like with like."""
        p = self.params
        return {"level": self.spec.id, "conditions": list(p.conditions), "trials": p.trials,
                "trial_s": round(float(self.trial_s), 3), "rest_s": p.prepare_s, "max_extra": p.max_extra,
                "foam": any(c in FOAM for c in p.conditions), "source": Path(self.spec.source).name}
