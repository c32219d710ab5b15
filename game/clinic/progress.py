"""Progress over weeks: training history and honest trends from the weekly balance check.

Trends use the balance check's valid trials only, from sessions of good measurement quality.
Per week and condition: mean sway velocity (primary) and 95 % ellipse area (secondary), plus
left/right symmetry of the one-leg conditions. Velocities are compared on a log scale: the band
around a week's mean is +-1.96 standard errors from the player's own trial-to-trial spread (pooled
within weeks; until there is enough of it, the published within-subject value, posturography.md
2.5, converted to the metric stored: processed 20-s trials, see LITERATURE_LOG_SD). Weeks also
differ from each other beyond that (a different day, stance, mood): that between-week spread is
estimated from the differences of consecutive weekly means. A change between the first and the
latest weeks counts as real only when it exceeds the minimal detectable change,
1.96 x the standard error of that difference (both spreads); otherwise "no clear change yet".
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math

import numpy as np

from poise.game.clinic.calendar import iso_week, local_day, today as local_today
from poise.i18n import N_, _, format_date, format_number

# Within-subject SD of log sway velocity between trials, for the velocity this module is given: the stored
# metric, i.e. processed (first 2 s trimmed, 5 Hz zero-phase low-pass) 20-s trials of the weekly check.
# Source: the published value 0.124 (posturography.md 2.5: all BDS trials, Santos & Duarte 2016, PeerJ 4:e2648,
# CC BY 4.0) is for raw 60-s trials. On the 24 vendored BDS trials (tests/data/bds: 2 people x 4 conditions
# x 3 repeats) the same pooled computation gives 0.123 raw on the 60-s trials (so the two agree) and 0.178
# processed on 20-s windows (0-20, 20-40, 40-60 s of each trial, 48 df); 0.128 processed on 60 s, so the
# shorter trial matters more than the filter. Scaled: 0.124 x 0.178 / 0.123 = 0.180.
# tests/test_processed_metrics.py recomputes it from the vendored trials.
LITERATURE_LOG_SD = 0.180
LITERATURE_RAW_60S_LOG_SD = 0.124  # the published raw 60-s value the one above is scaled from
MIN_POOLED_TRIALS = 8  # own variability replaces the literature value once this many trials inform it
COMPARE_WEEKS = 2  # the first and the latest weeks pooled on each side of a comparison
MAX_LOST_FRACTION = 0.02
MIN_RATE_HZ = 30.0


# a trend's verdict: a key, stored in --json and CSV as it is, and its English words for the catalogue
VERDICTS = (N_("improved"), N_("worse"), N_("no clear change yet"), N_("not enough data"))


@dataclasses.dataclass
class WeekPoint:
    week: str  # ISO week, e.g. 2026-W47
    condition: str
    n: int
    velocity: float  # mm/s, geometric mean of the valid trials
    low: float  # 95 % band
    high: float
    area: float  # mm^2, mean


@dataclasses.dataclass
class Verdict:
    condition: str
    baseline: float
    latest: float
    change_pct: float
    mdc_pct: float  # a rise beyond this is real; the change is judged on a log scale, so a fall must pass
    verdict: str  # a key of VERDICTS; in words where shown: _(verdict)

    @property
    def thresholds(self) -> str:
        """The changes that count, '-24 % / +31 %': a fall and a rise by the same factor (exp(±MDC) of
        the log velocity), so the fall's threshold is the smaller number."""
        fall = 100 * (1 - 100 / (100 + self.mdc_pct))
        return f"-{format_number(fall)} % / +{format_number(self.mdc_pct)} %"


def week_monday(week: str) -> dt.date:
    """'2026-W19' -> the Monday it starts on (4 May 2026). ValueError for anything else."""
    year, _sep, w = week.partition("-W")
    return dt.date.fromisocalendar(int(year), int(w), 1)


def nice_date(d: dt.date | str) -> str:
    """A date as people write it in the reader's language, '4 May 2026', '4. Mai 2026' (a date or an ISO
    date/timestamp string); people do not read ISO week codes."""
    d = (local_day(d) if len(d) > 10 else dt.date.fromisoformat(d)) if isinstance(d, str) else d
    return format_date(d)


def good_quality(quality: dict) -> tuple[bool, str]:
    """Whether an assessment's measurements can be trusted, and why not (one short phrase).

    `quality` is the attempt's measurement-quality record (game/level/attempt.py). Refused: an uncalibrated
    board; under MIN_RATE_HZ, or a board that delivered under 80 % of its own rate (Bluetooth
    trouble); more than MAX_LOST_FRACTION of the samples lost, dropped, corrupt, spiking or with an
    unusable corner (a faulty load cell). Records stored before a counter existed pass on it.
    """
    if not quality.get("calibrated", False):
        return False, _("board not calibrated")
    rate = quality.get("rate_hz") or 0.0
    if rate < MIN_RATE_HZ:
        return False, _("only {rate} samples/s").format(rate=format_number(rate))
    if quality.get("rate_low"):
        nominal = quality.get("nominal_rate_hz")
        return False, (_("board sent only {rate} of its {nominal} samples/s") if nominal
                       else _("board sent only {rate} samples/s")).format(rate=format_number(rate),
                                                                          nominal=format_number(nominal or 0))
    allowed = MAX_LOST_FRACTION * max(1.0, quality.get("samples") or rate * 60 * 4)
    for key, why in (("lost_samples", N_("many lost samples")), ("dropped_frames", N_("many dropped samples")),
                     ("corrupt_frames", N_("noisy link (many corrupt frames)")),
                     ("spikes", N_("a load cell spiking (many spikes)")),
                     ("invalid_samples", N_("a faulty load cell (many unusable corner readings)"))):
        if (quality.get(key) or 0) > allowed:
            return False, _(why)
    return True, ""


WEEKLY_CHECK = "balance-check"  # trends follow the weekly check; other assessments (the standard test) are apart


def assessment_protocol(row) -> dict:
    """The protocol an assessment used: its stored record, else (checks stored before protocols were recorded)
    what its attempt's details say."""
    protocol = json.loads(row["protocol_json"] or "{}")
    if protocol:
        return protocol
    details = json.loads(row["result_json"] or "{}").get("details", {}) if row["result_json"] else {}
    return {"level": row["level"] or WEEKLY_CHECK, "conditions": row["protocol"].split(","),
            "trial_s": details.get("trial_s")}


def load_trials(storage, player_id: int, weeks: int | None = None, since: dt.date | None = None,
                until: dt.date | None = None) -> tuple[list[dict], list[dict]]:
    """(valid trials of good weekly checks, assessments left out with the reason), optionally only those dated
    from `since` to `until` (inclusive). Like is compared with like: per condition only the trials of the
    trial length that the latest check used count; checks under another protocol are listed as left out."""
    rows = storage.assessment_trial_rows(player_id)
    trials, excluded, seen = [], [], {}
    for r in rows:
        day = local_day(r["created_at"])
        if (since and day < since) or (until and day > until):
            continue
        if r["id"] not in seen:
            protocol = assessment_protocol(r)
            ok, why = good_quality(json.loads(r["quality_json"]))
            if protocol.get("level", WEEKLY_CHECK) != WEEKLY_CHECK:
                ok, why = False, ""  # another test (the standard balance test): not part of the weekly trends
            seen[r["id"]] = (ok, protocol.get("trial_s"))
            if not ok and why:
                excluded.append({"assessment": r["id"], "week": iso_week(r["created_at"]), "reason": why})
        if not seen[r["id"]][0] or not r["valid"]:
            continue
        m = json.loads(r["metrics_json"])
        if not m:
            continue
        trials.append({"assessment": r["id"], "week": iso_week(r["created_at"]), "date": day.isoformat(),
                       "condition": r["condition"], "trial_s": seen[r["id"]][1],
                       "velocity": m["velocity_mm_s"], "area": m["ellipse95_mm2"]})
    latest = {t["condition"]: t["trial_s"] for t in trials}  # trials are in date order: the latest check wins
    other = [t for t in trials if t["trial_s"] != latest[t["condition"]]]
    for a in dict.fromkeys((t["assessment"], t["week"], t["trial_s"]) for t in other):
        excluded.append({"assessment": a[0], "week": a[1],
                         "reason": _("another protocol ({s} s trials; the latest check used a different length)")
                         .format(s=format_number(a[2], 0 if float(a[2]).is_integer() else 1))
                         if a[2] else _("another protocol")})
    trials = [t for t in trials if t["trial_s"] == latest[t["condition"]]]
    if weeks:
        keep = sorted({t["week"] for t in trials})[-weeks:]
        trials = [t for t in trials if t["week"] in keep]
    return trials, excluded


def log_sd(trials: list[dict]) -> tuple[float, str]:
    """The player's own trial-to-trial spread of log velocity, pooled within week and condition."""
    groups: dict[tuple, list[float]] = {}
    for t in trials:
        groups.setdefault((t["week"], t["condition"]), []).append(math.log(t["velocity"]))
    ss = df = 0.0
    for values in groups.values():
        if len(values) >= 2:
            v = np.asarray(values)
            ss += float(((v - v.mean()) ** 2).sum())
            df += len(v) - 1
    if df >= MIN_POOLED_TRIALS:
        return math.sqrt(ss / df), _("own trial-to-trial variability")
    return LITERATURE_LOG_SD, _("published within-subject variability, for processed 20-s trials "
                                "(too few of your own trials yet)")


def by_week(trials: list[dict]) -> dict[tuple[str, str], list[dict]]:
    """The trials grouped by (week, condition), in one pass: every summary below reads each trial once."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for t in trials:
        groups.setdefault((t["week"], t["condition"]), []).append(t)
    return groups


def weekly(trials: list[dict], sd: float) -> list[WeekPoint]:
    out = []
    for (week, condition), sel in sorted(by_week(trials).items()):
        logs = np.log([t["velocity"] for t in sel])
        m, se = float(logs.mean()), sd / math.sqrt(len(sel))
        out.append(WeekPoint(week, condition, len(sel), math.exp(m), math.exp(m - 1.96 * se), math.exp(m + 1.96 * se),
                             float(np.mean([t["area"] for t in sel]))))
    return out


def between_week_sd(trials: list[dict], sd: float) -> float:
    """Spread of weekly means beyond what trial-to-trial noise explains (log scale), from the differences
    of consecutive weeks so that a steady trend hardly counts as noise."""
    diffs, within = [], []
    groups = by_week(trials)
    for condition in dict.fromkeys(t["condition"] for t in trials):
        weeks = sorted(w for w, c in groups if c == condition)
        means, counts = [], []
        for w in weeks:
            logs = [math.log(t["velocity"]) for t in groups[(w, condition)]]
            means.append(float(np.mean(logs)))
            counts.append(len(logs))
        for i in range(1, len(means)):
            diffs.append(means[i] - means[i - 1])
            within.append(sd**2 * (1 / counts[i] + 1 / counts[i - 1]))
    if len(diffs) < 3:
        return 0.0
    excess = (float(np.mean(np.square(diffs))) - float(np.mean(within))) / 2
    return math.sqrt(max(0.0, excess))


def verdicts(trials: list[dict], sd: float) -> list[Verdict]:
    out = []
    sd_between = between_week_sd(trials, sd)
    for condition in dict.fromkeys(t["condition"] for t in trials):
        sel = [t for t in trials if t["condition"] == condition]
        weeks = sorted({t["week"] for t in sel})
        if len(weeks) < 2 * COMPARE_WEEKS:
            out.append(Verdict(condition, 0.0, 0.0, 0.0, 0.0, "not enough data"))
            continue
        first = [math.log(t["velocity"]) for t in sel if t["week"] in weeks[:COMPARE_WEEKS]]
        last = [math.log(t["velocity"]) for t in sel if t["week"] in weeks[-COMPARE_WEEKS:]]
        change = float(np.mean(last) - np.mean(first))
        k1 = len([w for w in weeks[:COMPARE_WEEKS]])
        k2 = len([w for w in weeks[-COMPARE_WEEKS:]])
        mdc = 1.96 * math.sqrt(sd**2 * (1 / len(first) + 1 / len(last)) + sd_between**2 * (1 / k1 + 1 / k2))
        verdict = "improved" if change < -mdc else "worse" if change > mdc else "no clear change yet"
        out.append(Verdict(condition, math.exp(np.mean(first)), math.exp(np.mean(last)),
                           100 * (math.exp(change) - 1), 100 * (math.exp(mdc) - 1), verdict))
    return out


def symmetry(points: list[WeekPoint]) -> list[tuple[str, float]]:
    """Per week: (left - right) / mean of the one-leg velocities, in %; 0 is symmetric."""
    by_week: dict[str, dict[str, float]] = {}
    for p in points:
        by_week.setdefault(p.week, {})[p.condition] = p.velocity
    out = []
    for week, v in sorted(by_week.items()):
        if "left-leg" in v and "right-leg" in v:
            out.append((week, 100 * (v["left-leg"] - v["right-leg"]) / ((v["left-leg"] + v["right-leg"]) / 2)))
    return out


@dataclasses.dataclass
class History:
    days: list[str]  # training days, ISO dates
    minutes_by_day: dict[str, float]
    current_streak: int
    longest_streak: int
    total_minutes: float
    one_leg_s: dict[str, float]  # seconds on each leg
    shifts: int  # weight-shift repetitions (reach targets, heel raises, gates)
    bests: dict[str, int]
    shifts_by_direction: dict[str, int] = dataclasses.field(default_factory=dict)  # held reach targets


def history(storage, player_id: int, today: dt.date | None = None) -> History:
    rows = storage.attempt_history(player_id)
    minutes: dict[str, float] = {}
    legs = {"left": 0.0, "right": 0.0}
    shifts = 0
    by_direction: dict[str, int] = {}
    bests: dict[str, int] = {}
    for r in rows:
        day = local_day(r["started_at"]).isoformat()
        minutes[day] = minutes.get(day, 0.0) + r["duration_s"] / 60
        bests[r["level"]] = max(bests.get(r["level"], 0), int(r["score"]))
        d = json.loads(r["result_json"]).get("details", {})
        for leg in legs:
            legs[leg] += float(d.get(f"{leg}_held_s", 0.0) or 0.0)
        for tr in d.get("trials", []):  # the balance check's one-leg trials count too
            if tr.get("valid") and tr.get("condition") in ("left-leg", "right-leg"):
                legs[tr["condition"][:-4]] += float(tr["end"]) - float(tr["start"])
        shifts += int(d.get("targets", 0) or 0) + int(d.get("reps", 0) or 0) + int(d.get("gates_passed", 0) or 0)
        for name, count in (d.get("shifts_by_direction") or {}).items():
            by_direction[name] = by_direction.get(name, 0) + int(count)
    days = sorted(minutes)
    dates = [dt.date.fromisoformat(d) for d in days]
    longest = run = 0
    for i, d in enumerate(dates):
        run = run + 1 if i and (d - dates[i - 1]).days == 1 else 1
        longest = max(longest, run)
    today = today or local_today()
    current = 0
    if dates and (today - dates[-1]).days <= 1:
        current = 1
        for a, b in zip(reversed(dates[:-1]), reversed(dates[1:])):
            if (b - a).days != 1:
                break
            current += 1
    return History(days, minutes, current, longest, sum(minutes.values()), legs, shifts, bests, by_direction)


@dataclasses.dataclass
class Progress:
    player: str
    sd: float
    sd_source: str
    points: list[WeekPoint]
    verdicts: list[Verdict]
    symmetry: list[tuple[str, float]]
    excluded: list[dict]
    history: History

    def as_dict(self) -> dict:
        return {"player": self.player, "log_sd": self.sd, "variability_from": self.sd_source,
                "weeks": [dataclasses.asdict(p) | {"week_start": week_monday(p.week).isoformat()} for p in self.points],
                "verdicts": [dataclasses.asdict(v) for v in self.verdicts],
                "symmetry_pct": [{"week": w, "left_minus_right_pct": s} for w, s in self.symmetry],
                "excluded": self.excluded, "history": dataclasses.asdict(self.history)}


def progress(storage, player: str, weeks: int | None = None, today: dt.date | None = None,
             since: dt.date | None = None, until: dt.date | None = None) -> Progress:
    pid = storage.player_id(player)
    trials, excluded = load_trials(storage, pid, weeks, since, until)
    sd, source = log_sd(trials)
    points = weekly(trials, sd)
    return Progress(player, sd, source, points, verdicts(trials, sd), symmetry(points), excluded,
                    history(storage, pid, today))
