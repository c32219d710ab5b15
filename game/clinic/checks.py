"""An assessment a level hands back (the weekly balance check, the standard test), made into clinical numbers.

The level says which trials it played and which count (poise.game.level.result.Assessment); this module
adds what needs the clinic's knowledge or the player's history, so a level never touches either:

- each trial's sway metrics, and where a condition's protocol matches the normative data set's (60 s on
  both feet; poise.game.clinic.norms) each valid trial's raw metrics too (no trimming or filtering: the data
  set's own definition), from the raw samples the game holds;
- per condition, the mean sway velocity and area and the change since the player's last assessment of the
  same test and trial length (`since_last`);
- the messages for the results screen: the sway per condition and, under it, the share of healthy adults of
  the player's sex and age the player is steadier than.
"""
from __future__ import annotations

import json
import math

import numpy as np

from poise.game.clinic import norms
from poise.game.clinic.calendar import local_day
from poise.game.core.analysis import load_trial_metrics
from poise.game.level.result import Assessment, Message


def trial_rows(assessment: Assessment, metrics: dict[str, dict], rows: np.ndarray, valid: np.ndarray,
               half_x: float, half_y: float) -> list[dict]:
    """The assessment's trials as stored (storage.save_assessment): condition, trial, valid, note (a Message or
    None), start, end, metrics and, for a valid trial whose condition matches the normative data, raw_metrics.

    `metrics`: window label -> sway metrics of the attempt; `rows`: its raw samples (t, tl, tr, bl, br; N x 5,
    host s and kg) with `valid` (N, False where a corner was marked invalid); `half_x`, `half_y`: the board's
    half sensor spacing (mm)."""
    trial_s = float(assessment.protocol.get("trial_s") or 0.0)
    out = []
    for t in assessment.trials:
        entry = {"condition": t.condition, "trial": t.number, "valid": t.valid, "note": t.note, "start": t.start,
                 "end": t.end, "label": t.label, "metrics": metrics.get(t.label)}
        if t.valid and norms.matches(t.condition, trial_s):
            inside = (rows[:, 0] >= t.start) & (rows[:, 0] <= t.end)
            try:
                entry["raw_metrics"] = load_trial_metrics(rows[inside], half_x, half_y, raw=True, valid=valid[inside])
            except ValueError:
                pass  # too short to measure: left out, as the metrics are
        out.append(entry)
    return out


def messages(trials: list[dict], trial_s: float, sex: str | None, age: float | None) -> list[Message]:
    """Per condition with measured trials: its mean sway velocity and area ("check.condition_sway") and, where it
    matches the normative data set, right under it the share of healthy adults the player is steadier than in
    velocity ("check.steadier", higher is steadier; "check.percentile_needs_profile" without the player's sex
    and birth year).

    The player's value for the percentile is the mean of the valid trials' metrics as the game measures them
    (low-passed at 5 Hz): on a board, raw velocity is mostly sensor noise, while on the data set's force-plate
    trials the low-pass changes velocity by only -12 % to +1 % (README, Normative values)."""
    out = []
    for condition in dict.fromkeys(t["condition"] for t in trials):
        ms = [t["metrics"] for t in trials if t["condition"] == condition and t["valid"] and t.get("metrics")]
        if not ms:
            continue
        mean = {k: sum(m[k] for m in ms) / len(ms) for k in ("velocity_mm_s", "ellipse95_mm2")}
        out.append(Message("check.condition_sway", {"condition": condition, "trials": len(ms),
                                                    **{k: round(float(v), 3) for k, v in mean.items()}}))
        norm = norms.matches(condition, trial_s)
        if not norm:
            continue
        if not sex or age is None:
            out.append(Message("check.percentile_needs_profile", {"condition": condition}))
            continue
        found = norms.standing(mean, sex, age, norm)["velocity_mm_s"]
        out.append(Message("check.steadier", {"condition": condition, "steadier_pct": round(found.steadier_than_pct, 1),
                                                "group": {"F": "women", "M": "men"}[found.group.sex],
                                                "age_low": found.group.age_low, "age_high": found.group.age_high,
                                                "n": found.group.n}))
    return out


def since_last(storage, player_id: int, level_id: str, trials: list[dict], trial_s: float) -> list[dict]:
    """Per condition with valid trials: the sway velocity and area (means of the trials, as in the metrics
    table), and the change since the player's last check (stored so far) of the same test and trial length that
    had that condition.

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
        if not set(now) - set(previous):
            break
        protocol = json.loads(row["protocol_json"] or "{}")
        if protocol.get("level", level_id) != level_id or abs(float(protocol.get("trial_s") or 0.0) - trial_s) > 0.5:
            continue  # another test or trial length: not comparable
        then = summary((t["condition"], json.loads(t["metrics_json"] or "{}"))
                       for t in storage.assessment_trials(row["id"]) if t["valid"])
        for condition, values in then.items():
            previous.setdefault(condition, (local_day(row["created_at"]).isoformat(), values))
    out = []
    for condition, (v, area, n) in now.items():
        entry = {"condition": condition, "velocity_mm_s": round(v, 2), "ellipse95_mm2": round(area, 1), "trials": n}
        if condition in previous:
            date, (pv, _low, m) = previous[condition]
            usual = 1.96 * LITERATURE_LOG_SD * math.sqrt(1 / n + 1 / m)
            entry |= {"previous_date": date, "previous_mm_s": round(pv, 2),
                      "change_pct": round(100 * (v / pv - 1), 1), "usual_pct": round(100 * (math.exp(usual) - 1)),
                      "beyond_usual": abs(math.log(v / pv)) > usual}
        out.append(entry)
    return out
