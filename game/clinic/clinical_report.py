"""The clinical report's data: everything `poise report` prints, gathered from the database (`gather`).

Every number comes from the database through the same code as the progress screen (poise.game.clinic.progress),
the normative comparison (poise.game.clinic.norms) and the stored limits of stability; nothing is recomputed
differently for print. The pages are laid out by poise.game.clinic.report_pages.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json

from poise.game.clinic import norms
from poise.i18n import N_
from poise.game.clinic.calendar import local_day
from poise.game.level.messages import note_text
from poise.game.clinic.progress import Progress, WEEKLY_CHECK, assessment_protocol, good_quality, progress

CONDITION_NAMES = {"eyes-open": N_("Both feet, eyes open"), "eyes-closed": N_("Both feet, eyes closed"),
                   "left-leg": N_("Left leg"), "right-leg": N_("Right leg"),
                   "eyes-open-foam": N_("Foam, eyes open"), "eyes-closed-foam": N_("Foam, eyes closed"),
                   "tandem": N_("Tandem, eyes open"), "tandem-eyes-closed": N_("Tandem, eyes closed"),
                   "left-leg-eyes-closed": N_("Left leg, eyes closed"),
                   "right-leg-eyes-closed": N_("Right leg, eyes closed"),
                   "tandem-eyes-closed-foam": N_("Tandem on foam, eyes closed"),
                   "left-leg-eyes-closed-foam": N_("Left leg on foam, eyes closed"),
                   "right-leg-eyes-closed-foam": N_("Right leg on foam, eyes closed")}
DIRECTIONS = {90: N_("forward"), 45: N_("forward right"), 0: N_("right"), 315: N_("back right"), 270: N_("back"),
              225: N_("back left"), 180: N_("left"), 135: N_("forward left")}  # shown: _(DIRECTIONS[angle])
INCIDENT_WORDS = {"load-loss": N_("sudden loss of load (foot down or stepped off)"),
                  "beyond-limits": N_("balance point beyond the limits of stability")}


def week_start(week: str) -> dt.date:
    """The Monday of an ISO week such as 2026-W02."""
    year, w = week.split("-W")
    return dt.date.fromisocalendar(int(year), int(w), 1)


# ---------------------------------------------------------------------------------------------------------
# the data


@dataclasses.dataclass
class Check:
    """One stored assessment with its trials."""

    id: int
    date: dt.date
    level: str
    protocol: dict
    quality: dict
    quality_ok: bool
    quality_note: str
    trials: list[dict]
    attempt_id: int | None = None


@dataclasses.dataclass
class ReportData:
    player: dict
    clinician: str | None
    since: dt.date | None
    until: dt.date | None
    generated: dt.datetime
    progress: Progress
    checks: list[Check]
    boards: list[dict]
    limits: list[dict]  # per measurement: date, directions
    incidents: list[dict]
    training_days: list[str]
    minutes: float
    protocol: dict | None  # the protocol set for the player's weekly check, if any
    adherence: dict | None = None  # the daily programme: sessions done against planned per week (game/clinic/today.py)
    record: list[dict] = dataclasses.field(default_factory=list)  # the clinical record: who set what, when, where
    traces: dict[str, "Trace"] = dataclasses.field(default_factory=dict)  # condition -> its latest valid trial

    @property
    def first(self) -> dt.date | None:
        dates = [c.date for c in self.checks] + [dt.date.fromisoformat(d) for d in self.training_days]
        return self.since or (min(dates) if dates else self.until)  # a range asked for is shown, data or not

    @property
    def last(self) -> dt.date | None:
        dates = [c.date for c in self.checks] + [dt.date.fromisoformat(d) for d in self.training_days]
        return self.until or (max(dates) if dates else self.since)

    def age_on(self, day: dt.date) -> int | None:
        born = self.player.get("birth_year")
        return None if not born else day.year - int(born)


def _in(day: dt.date, since: dt.date | None, until: dt.date | None) -> bool:
    return not ((since and day < since) or (until and day > until))


def gather(storage, name: str, since: dt.date | None = None, until: dt.date | None = None,
           clinician: str | None = None, now: dt.datetime | None = None) -> ReportData:
    pid = storage.player_id(name)
    row = storage.player_by_id(pid)
    player = dict(row)
    p = progress(storage, row["name"], since=since, until=until)
    checks = []
    for a in storage.assessments_with_level(pid):
        day = local_day(a["created_at"])
        if not _in(day, since, until):
            continue
        quality = json.loads(a["quality_json"])
        ok, why = good_quality(quality)
        trials = []
        for t in storage.assessment_trials(a["id"]):
            trials.append({"condition": t["condition"], "trial": t["trial"], "valid": bool(t["valid"]),
                           "note": note_text(t["note"], a["level"] or WEEKLY_CHECK),
                           "metrics": json.loads(t["metrics_json"] or "{}"), "start_s": t["start_s"],
                           "end_s": t["end_s"]})
        protocol = assessment_protocol(a)
        checks.append(Check(a["id"], day, protocol.get("level") or WEEKLY_CHECK, protocol, quality, ok, why, trials,
                            a["attempt_id"]))
    boards = []
    for s in storage.board_use(pid):
        cal = storage.calibration(s["board_identity"])
        boards.append({"url": s["board_url"], "identity": s["board_identity"], "sessions": s["sessions"],
                       "calibrated_at": cal["created_at"] if cal else None})
    limits = []
    for lim in storage.limits_history(pid):
        day = local_day(lim["created_at"])
        if _in(day, since, until):
            dirs = [d for d in json.loads(lim["directions_json"]) if "direction_deg" in d]
            limits.append({"date": day, "directions": dirs,
                           "reach_mm": {k: lim[f"{k}_mm"] for k in ("forward", "back", "left", "right")}})
    incidents = [dict(i) for i in storage.incidents(pid)
                 if _in(local_day(i["at"]), since, until)]
    minutes: dict[str, float] = {}
    for a in storage.attempt_history(pid):
        day = local_day(a["started_at"])
        if _in(day, since, until):
            minutes[day.isoformat()] = minutes.get(day.isoformat(), 0.0) + a["duration_s"] / 60
    prot = storage.protocol(pid) if hasattr(storage, "protocol") else None
    protocol = None
    if prot:
        from poise.game.clinic.protocol import from_stored
        from poise.game.storage.store import DamagedRow
        try:
            protocol = dataclasses.asdict(from_stored(prot)) | {"source": prot["source"], "set_at": prot["set_at"],
                                                                 "clinician": prot["clinician"]}
        except DamagedRow as exc:  # reported as not set; the command's note names the row
            storage.note_damaged(str(exc))
    from poise.game.clinic.today import adherence
    kept = adherence(storage, row["name"], (now or dt.datetime.now().astimezone()).date(), since, until)
    record = [dict(r) for r in storage.clinical_record(pid) if _in(local_day(r["at"]), since, until)]
    return ReportData(player, clinician, since, until, now or dt.datetime.now().astimezone(), p, checks, boards,
                      limits, incidents, sorted(minutes), sum(minutes.values()),
                      protocol, kept, record, traces(storage, checks))


@dataclasses.dataclass
class Trace:
    """One trial's centre of pressure as the metrics see it (uniform grid, trimmed, low-passed; mm)."""

    date: dt.date
    condition: str
    trial: int
    fs: float
    x: "object"  # numpy arrays
    y: "object"
    metrics: dict


def traces(storage, checks: list[Check]) -> dict[str, Trace]:
    """Per condition, the first valid trial of the latest check that has one, read from its stored recording (a
    recording that cannot be read, or a trial too short, is passed over: the statokinesigram is then missing)."""
    from poise.drivers.recording import RecordingError, parse
    from poise.drivers.replay import geometry_from
    from poise.game.core.analysis import CopTrace
    from poise.game.storage.store import StorageError

    out: dict[str, Trace] = {}
    for c in reversed(checks):
        wanted = [t for t in c.trials if t["valid"] and t["condition"] not in out and t.get("start_s") is not None]
        if not wanted or c.attempt_id is None:
            continue
        try:
            rec = parse(storage.recording(c.attempt_id), f"attempt {c.attempt_id}")
        except (StorageError, RecordingError, ValueError):
            continue
        g = geometry_from(rec.meta)
        for t in wanted:
            if t["condition"] in out:
                continue
            inside = (rec.t >= t["start_s"]) & (rec.t <= t["end_s"])
            trace = CopTrace(g.half_x, g.half_y)
            if rec.kind == "loads":
                trace.add(rec.values[inside], rec.valid[inside])
            else:
                trace.add_cop(rec.values[inside])
            try:
                fs, x, y = trace.trace()
            except ValueError:
                continue
            if len(x) >= 8:
                out[t["condition"]] = Trace(c.date, t["condition"], t["trial"], fs, x, y, t["metrics"])
    return out


def romberg(p: Progress) -> list[tuple[dt.date, float]]:
    """Per week with both: eyes-closed / eyes-open sway velocity (the Romberg quotient of velocity)."""
    by_week: dict[str, dict[str, float]] = {}
    for pt in p.points:
        by_week.setdefault(pt.week, {})[pt.condition] = pt.velocity
    return [(week_start(w), v["eyes-closed"] / v["eyes-open"]) for w, v in sorted(by_week.items())
            if "eyes-open" in v and "eyes-closed" in v]


def worse_leg(asymmetry_pct: float) -> str:
    """From (left - right) / mean velocity in %: which leg sways more, i.e. is less steady."""
    from poise.i18n import _

    if abs(asymmetry_pct) < 10:
        return _("even (within 10 %)")
    return _("left leg sways more (left is the weaker)") if asymmetry_pct > 0 else \
        _("right leg sways more (right is the weaker)")


def norm_rows(data: ReportData) -> list[dict]:
    """Per standard-test condition that matches the data set: the player's value and percentiles."""
    out = []
    sex = data.player.get("sex")
    for c in data.checks:
        trial_s = float(c.protocol.get("trial_s") or 0)
        for condition in dict.fromkeys(t["condition"] for t in c.trials):
            norm = norms.matches(condition, trial_s)
            ms = [t["metrics"] for t in c.trials if t["condition"] == condition and t["valid"] and t["metrics"]]
            if not norm or not ms:
                continue
            row = {"date": c.date, "condition": condition, "norm": norm, "n": len(ms), "quality_ok": c.quality_ok,
                   "velocity": sum(m["velocity_mm_s"] for m in ms) / len(ms),
                   "area": sum(m["ellipse95_mm2"] for m in ms) / len(ms)}
            age = data.age_on(c.date)
            if sex in ("F", "M") and age is not None:
                found = norms.standing({"velocity_mm_s": row["velocity"], "ellipse95_mm2": row["area"]}, sex, age, norm)
                row["velocity_pct"] = found["velocity_mm_s"]
                row["area_pct"] = found["ellipse95_mm2"]
            out.append(row)
    return out


