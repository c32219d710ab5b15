"""The weekly balance check: a fixed protocol whose numbers are comparable week to week.

Conditions in order (default): quiet stance eyes open, eyes closed, standing on the left leg, on the
right leg; three 20-s trials each. Before each trial the screen says what to do, in plain words, and
counts down. A trial is watched: stepping off, a touch-down of the lifted foot, or not standing on the
asked leg marks it invalid (kept in the record with the reason, never silently used) and one extra
trial of that condition is added. Sway metrics come from each trial's raw samples. The score is the
share of valid trials (x 1000): this is a measurement, not a game, and the results lead with the sway
per condition and its change since the last check of the same protocol (`since_last`), not a score.
"""
from __future__ import annotations

import dataclasses
import json
import math

from pathlib import Path

from poise.drivers import recording
from poise.drivers.replay import geometry_from
from poise.game.clinic import norms
from poise.game.core.analysis import load_trial_metrics
from poise.api import Balance, Level, LevelResult, SavedAttempt, Stance, Window
from poise.game.storage.store import now_iso

CONDITIONS = {
    "eyes-open": ("both", False, "Stand still with both feet on the marks, arms by your sides, eyes open, looking ahead."),
    "eyes-closed": ("both", True, "Same again, but close your eyes when the countdown ends. Stay relaxed."),
    "left-leg": ("left", False, "Lift your right foot and stand on your LEFT leg. Hands on your hips if you can."),
    "right-leg": ("right", False, "Lift your left foot and stand on your RIGHT leg. Hands on your hips if you can."),
    "eyes-open-foam": ("both", False, "Stand on the FOAM PAD with both feet, arms by your sides, eyes open, "
                                      "looking ahead."),
    "eyes-closed-foam": ("both", True, "Stay on the FOAM PAD and close your eyes when the countdown ends. "
                                       "Stay relaxed; your support is next to you."),
}
FOAM = frozenset(c for c in CONDITIONS if c.endswith("-foam"))  # on a foam pad laid on the board
STANCES = {"left": Stance.LEFT, "right": Stance.RIGHT}


@dataclasses.dataclass(frozen=True)
class Params:
    conditions: tuple[str, ...]  # names from CONDITIONS, in the order played
    trials: int  # per condition
    trial_s: float
    prepare_s: float
    max_extra: int  # extra trials per condition after invalid ones

    @property
    def steps(self) -> int:
        return 1  # a fixed protocol

    def __post_init__(self):
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
    note: str = ""
    start: float | None = None
    end: float | None = None


class BalanceCheck(Level):
    accent = "accent_light"
    view_module = "poise.levels.balance_check_view"
    assessment = True
    score_measures_skill = False
    score_label = "Valid trials (per 1000)"

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
                    self._invalid(tr, t, f"was not standing on the {stance} leg at the start")
                    return
                self.phase, self.phase_t, tr.start = "trial", 0.0, t
                self.events.append("go")
            return
        if resumed:  # the level was paused: the player stepped off or the board dropped out
            self._invalid(tr, t, f"stepped off at {self.phase_t:.1f} s")
            return
        if stance in STANCES and balance.stance is Stance.BOTH:
            self._invalid(tr, t, f"touch-down at {self.phase_t:.1f} s")
            return
        if stance == "both" and balance.stance in (Stance.LEFT, Stance.RIGHT):
            self._invalid(tr, t, f"weight moved onto one foot at {self.phase_t:.1f} s")
            return
        tr.end = t
        if self.phase_t >= self.trial_s:
            self.events.append("hit")
            self._finish_trial()

    def _invalid(self, tr: Trial, t: float, why: str) -> None:
        tr.valid, tr.note, tr.end = False, why, t
        if tr.start is None:
            tr.start = t
        self.events.append("miss")
        if self.extra[tr.condition] < self.params.max_extra:
            self.extra[tr.condition] += 1
            numbers = [x.number for x in self.done + self.queue if x.condition == tr.condition]
            self.queue.insert(1, Trial(tr.condition, max(numbers) + 1))
        self._finish_trial()

    def _finish_trial(self) -> None:
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
        trials = [{"condition": tr.condition, "trial": tr.number, "valid": tr.valid, "note": tr.note,
                   "start": tr.start or 0.0, "end": tr.end or 0.0, "label": self.label(tr)} for tr in self.done]
        details = {"trials": trials, "valid_trials": valid, "protocol": ",".join(self.params.conditions),
                   "trial_s": self.trial_s, "step": 0}
        summary = [("Valid trials", f"{valid} / {len(self.done)}")] + [
            (tr["label"], tr["note"]) for tr in trials if not tr["valid"]][:3]
        return LevelResult(round(1000 * fraction), 3 if fraction == 1 else 2 if fraction >= 0.75 else 1 if valid else 0,
                           details, windows, summary)

    def protocol(self, details: dict | None = None) -> dict:
        """The protocol this check used, stored with the assessment so that trends compare like with like
        (`details`, the stored result's, win: a check recovered later is recorded as it was played)."""
        p, details = self.params, details or {}
        conditions = details["protocol"].split(",") if details.get("protocol") else list(p.conditions)
        return {"level": self.spec.id, "conditions": conditions, "trials": p.trials,
                "trial_s": round(float(details.get("trial_s", self.trial_s)), 3), "rest_s": p.prepare_s,
                "max_extra": p.max_extra, "foam": any(c in FOAM for c in conditions),
                "source": Path(self.spec.source).name}

    def after_save(self, saved: SavedAttempt) -> list[tuple[str, str]]:
        """Store the check as an assessment with every trial and its metrics; summarise per condition.

        Where a condition's protocol matches the normative data set's (60 s on both feet), the summary places
        the player among healthy adults of their sex and age (poise.game.clinic.norms), and each valid trial's raw
        metrics (no trimming or filtering, the data set's own definition) are stored beside the game's."""
        trials = saved.details["trials"]
        trial_s = float(saved.details.get("trial_s", self.trial_s))
        for tr in trials:
            tr["metrics"] = saved.metrics.get(tr["label"])
        matching = [tr for tr in trials if tr["valid"] and norms.matches(tr["condition"], trial_s)]
        if matching:
            rec = recording.parse(saved.storage.recording(saved.attempt_id))
            g = geometry_from(rec.meta)
            rows, valid = rec.values, rec.valid
            for tr in matching:
                inside = (rows[:, 0] >= tr["start"]) & (rows[:, 0] <= tr["end"])
                try:
                    tr["raw_metrics"] = load_trial_metrics(rows[inside], g.half_x, g.half_y, raw=True,
                                                           valid=valid[inside])
                except ValueError:
                    pass
        saved.stored["assessment_id"] = saved.storage.save_assessment(
            saved.player_id, saved.attempt_id, ",".join(self.params.conditions), saved.board_identity, saved.quality,
            trials, self.protocol(saved.details))
        saved.stored["sway"] = self.since_last(saved.storage, saved.player_id, saved.stored["assessment_id"], trials,
                                               trial_s)
        rows = self.condition_summary(trials, saved.metrics)
        if not matching:
            return rows
        player = saved.storage.player_by_id(saved.player_id)
        beside = dict(self.norm_summary(trials, trial_s, player["sex"],
                                        None if not player["birth_year"] else int(now_iso()[:4]) - player["birth_year"]))
        out = []
        for label, value in rows:  # each percentile right under its condition's value
            out.append((label, value))
            if label in beside:
                out.append(("", beside[label]))
        return out

    @staticmethod
    def norm_summary(trials: list[dict], trial_s: float, sex: str | None, age: float | None) -> list[tuple[str, str]]:
        """Per condition that matches the normative data set: the sway speed's percentile among healthy adults.

        The player's value is the mean of the valid trials' metrics as the game measures them (low-passed at
        5 Hz): on a board, raw velocity is mostly sensor noise, while on the data set's force-plate trials
        the low-pass changes velocity by only -12 % to +1 % (README, Normative values)."""
        rows = []
        for condition in dict.fromkeys(t["condition"] for t in trials):
            norm = norms.matches(condition, trial_s)
            ms = [t["metrics"] for t in trials if t["condition"] == condition and t["valid"] and t.get("metrics")]
            if not norm or not ms:
                continue
            label = condition.replace("-", " ").capitalize()
            if not sex or age is None:
                rows.append((label, "percentiles: set birth year and sex"))
                continue
            mean = {k: sum(m[k] for m in ms) / len(ms) for k in ("velocity_mm_s", "ellipse95_mm2")}
            found = norms.standing(mean, sex, age, norm)
            rows.append((label, found["velocity_mm_s"].text))
        return rows

    def since_last(self, storage, player_id: int, assessment_id: int, trials: list[dict],
                   trial_s: float) -> list[dict]:
        """Per condition with valid trials: the sway velocity and area (means of the trials, as in the metrics
        table), and the change since the player's last check of the same test and trial length that had that
        condition.

        A change counts as beyond the usual check-to-check variation when the log ratio exceeds 1.96 x the
        trial-to-trial SD of log velocity (0.180 for processed 20-s trials, poise.game.clinic.progress; conservative
        for longer ones) x sqrt(1/n + 1/m) for n and m trials: a single pair of checks can say no more than
        that; the weekly trends (Progress) pool more."""
        from poise.game.clinic.progress import LITERATURE_LOG_SD

        def summary(rows) -> dict[str, tuple[float, float, int]]:
            by: dict[str, list[dict]] = {}
            for condition, metrics in rows:
                if metrics and metrics.get("velocity_mm_s", 0) > 0:
                    by.setdefault(condition, []).append(metrics)
            return {c: (sum(m["velocity_mm_s"] for m in ms) / len(ms), sum(m["ellipse95_mm2"] for m in ms) / len(ms),
                        len(ms)) for c, ms in by.items()}

        now = summary((t["condition"], t.get("metrics")) for t in trials if t["valid"])
        previous: dict[str, tuple[str, tuple[float, float, int]]] = {}
        for row in reversed(storage.assessments(player_id)):
            if row["id"] >= assessment_id or not set(now) - set(previous):
                continue
            protocol = json.loads(row["protocol_json"] or "{}")
            if protocol.get("level", self.spec.id) != self.spec.id or \
                    abs(float(protocol.get("trial_s") or 0.0) - trial_s) > 0.5:
                continue  # another test or trial length: not comparable
            then = summary((t["condition"], json.loads(t["metrics_json"] or "{}"))
                           for t in storage.assessment_trials(row["id"]) if t["valid"])
            for condition, values in then.items():
                previous.setdefault(condition, (row["created_at"][:10], values))
        out = []
        for condition, (v, area, n) in now.items():
            entry = {"condition": condition, "velocity_mm_s": round(v, 2), "ellipse95_mm2": round(area, 1),
                     "trials": n}
            if condition in previous:
                date, (pv, _, m) = previous[condition]
                usual = 1.96 * LITERATURE_LOG_SD * math.sqrt(1 / n + 1 / m)
                entry |= {"previous_date": date, "previous_mm_s": round(pv, 2),
                          "change_pct": round(100 * (v / pv - 1), 1), "usual_pct": round(100 * (math.exp(usual) - 1)),
                          "beyond_usual": abs(math.log(v / pv)) > usual}
            out.append(entry)
        return out

    @staticmethod
    def condition_summary(trials: list[dict], metrics: dict) -> list[tuple[str, str]]:
        """Per condition: mean sway velocity and area of the valid trials (for the results screen)."""
        rows = []
        for condition in dict.fromkeys(t["condition"] for t in trials):
            ms = [metrics[t["label"]] for t in trials if t["condition"] == condition and t["label"] in metrics]
            if ms:
                v = sum(m["velocity_mm_s"] for m in ms) / len(ms)
                a = sum(m["ellipse95_mm2"] for m in ms) / len(ms)
                rows.append((condition.replace("-", " ").capitalize(), f"{v:.1f} mm/s, {a:.0f} mm²  ({len(ms)} trials)"))
        return rows
