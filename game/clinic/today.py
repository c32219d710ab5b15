"""Today's training, between the database, the level catalogue and the planner (poise.game.clinic.programme).

Reads a player's history into the planner's plain data, plans the day, stores the prescription a
clinician sets and each day's session as it is played (its plan and, after every activity, what was
done, so a session cut off half-way still counts its finished activities), and sums adherence per
programme week. Day boundaries are the player's local calendar days.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json

from poise.i18n import _
from poise.game.level.contract import Level, LevelCatalogue
from poise.game.level.levelsetup import next_step, player_height, player_reach, prepare
from .programme import (CHECK, LIMITS, Activity, Attempt, History, LevelInfo, Plan, Profile, Session, goal_kind,
                        plan_day, review_weeks)
from poise.game.clinic.progress import nice_date
from poise.game.level.reach import Reach
from poise.game.clinic.calendar import local_day, today as local_today
from poise.game.storage.store import Storage, StorageError
from poise.i18n import _, format_date, format_number, ngettext

CHECK_LEVELS = ("balance-check",)


# --- the catalogue, as the planner sees it --------------------------------------------------------------
def level_infos(levels: LevelCatalogue) -> dict[str, LevelInfo]:
    return {lid: LevelInfo(lid, spec.title, spec.params.steps, hasattr(spec.params, "legs"), spec.fits)
            for lid, spec in levels.all_specs().items()}


def with_legs(level: Level, legs: tuple[str, ...] | None) -> Level:
    """The level played on `legs` only (its Params' legs), same step, reach and length."""
    if not legs:
        return level
    spec = level.spec
    spec = dataclasses.replace(spec, params=dataclasses.replace(spec.params, legs=tuple(legs)))
    return type(level)(spec, level.seconds, level.step, level.reach)


FALLBACK_S = 90.0  # a level whose length cannot be worked out is planned at this


def durations(levels: LevelCatalogue, reach: Reach):
    """duration(level, step, seconds, legs) -> planned seconds of play (Level.planned_seconds), remembered. A
    level that fails to play itself through is planned at FALLBACK_S: a plan is never lost to one estimate."""
    @functools.lru_cache(maxsize=256)
    def duration(level_id: str, step: int, seconds: float | None, legs: tuple[str, ...] | None) -> float:
        try:
            return with_legs(levels.create(level_id, seconds, step, reach), legs).planned_seconds()
        except Exception:  # noqa: BLE001 - any failure of a level's own logic: plan with the fallback
            return FALLBACK_S
    return duration


# --- the player's history ------------------------------------------------------------------------------
def history(storage: Storage, player_id: int) -> History:
    attempts = [Attempt(local_day(r["started_at"]), r["level"], int(r["step"]), int(r["stars"]), float(r["score"]),
                        float(r["duration_s"]) / 60) for r in storage.attempt_history(player_id)]
    sessions = []
    for r in storage.programme_sessions(player_id):
        done = json.loads(r["done_json"])
        planned = len(json.loads(r["plan_json"]).get("activities", []))
        sessions.append(Session(dt.date.fromisoformat(r["day"]), planned, sum(1 for d in done if not d.get("skipped")),
                                int(r["sessions_per_week"]), r["status"]))
    limits = tuple(local_day(r["created_at"]) for r in storage.limits_history(player_id))
    checks = [local_day(a["created_at"]) for a in storage.assessments_with_level(player_id)
              if a["level"] in CHECK_LEVELS]
    sway, legs, current = (), {}, None
    for t in storage.assessment_trial_rows(player_id, CHECK_LEVELS):  # one query, trials in date order
        if t["id"] != current:
            if len(legs) == 2:
                sway = tuple((leg, sum(v) / len(v)) for leg, v in sorted(legs.items()))
            current, legs = t["id"], {}
        m = json.loads(t["metrics_json"] or "{}")
        if t["valid"] and t["condition"] in ("left-leg", "right-leg") and m.get("velocity_mm_s"):
            legs.setdefault(t["condition"][:-4], []).append(float(m["velocity_mm_s"]))
    if len(legs) == 2:
        sway = tuple((leg, sum(v) / len(v)) for leg, v in sorted(legs.items()))
    return History(tuple(attempts), tuple(sessions), limits, tuple(checks), sway)


def profile(storage: Storage, player: str) -> Profile:
    row = storage.player(player)
    side = row["injured_side"] if row is not None else None
    return Profile(goal_kind(row["goal"] if row is not None else None), side if side in ("left", "right", "both") else None)


# --- the prescription ---------------------------------------------------------------------------------------
def set_prescription(storage: Storage, player_id: int, source: str, text: str, prescription,
                     clinician: str = "") -> None:
    storage.set_programme(player_id, source, text, prescription.as_dict(), clinician)


def prescription_row(storage: Storage, player_id: int):
    return storage.programme(player_id)


def prescription(storage: Storage, player_id: int):
    """The programme a clinician set, or None (also when it cannot be read: planned from the goal instead, and
    the damaged row noted)."""
    from poise.game.clinic.prescription import from_stored
    from poise.game.storage.store import DamagedRow

    row = prescription_row(storage, player_id)
    try:
        return from_stored(row) if row is not None else None
    except DamagedRow as exc:
        storage.note_damaged(str(exc))
        return None


def clear_prescription(storage: Storage, player_id: int, clinician: str = "") -> bool:
    return storage.clear_programme(player_id, clinician)


# --- planning -----------------------------------------------------------------------------------------------
def plan_for(storage: Storage, levels: LevelCatalogue, player: str, day: dt.date | None = None) -> Plan:
    """Today's plan (or `day`'s) for a player in the database."""
    pid = storage.player_id(player)
    reach = player_reach(storage, player)
    return plan_day(day or local_today(), profile(storage, player), history(storage, pid), level_infos(levels),
                    durations(levels, reach), prescription(storage, pid))


def prepare_activity(ctx, activity: Activity) -> Level:
    """The level for one planned activity: the player's step as planned, their reach, the plan's length and legs."""
    level = prepare(ctx, activity.level, activity.seconds, activity.step)
    out = with_legs(level, activity.legs)
    if out is not level:
        out.set_height(player_height(ctx.storage, ctx.player))
    return out


# --- the day's session, stored as it is played ----------------------------------------------------------------
WORDS = ("goal_words", "stage_name", "focus", "notes", "changes")  # a plan's sentences, in the reader's language


def start_session(storage: Storage, player_id: int, plan: Plan) -> int:
    """Stores the day's plan as keys and numbers (levels, roles, steps, minutes): its sentences are in the
    language it was shown in and are made again from the history, so they are left out."""
    stored = {k: v for k, v in plan.as_dict().items() if k not in WORDS}
    stored["activities"] = [{k: v for k, v in a.items() if k not in ("title", "note")} for a in stored["activities"]]
    return storage.start_programme_session(player_id, plan.day.isoformat(), plan.week, plan.stage,
                                           plan.sessions_per_week, round(plan.minutes, 2), stored)


def record_activity(storage: Storage, session_id: int, done: list[dict], status: str = "started") -> None:
    """What has been done so far (one entry per activity, in order), committed at once."""
    storage.record_programme_session(session_id, done, status)


def sessions(storage: Storage, player_id: int) -> list:
    return storage.programme_sessions(player_id)


# --- adherence -------------------------------------------------------------------------------------------------
def adherence(storage: Storage, player: str, today: dt.date | None = None, since: dt.date | None = None,
              until: dt.date | None = None) -> dict:
    """Per programme week: sessions done against planned, complete sessions, minutes. Empty when no programme
    session was ever started."""
    pid = storage.player_id(player)
    today = today or local_today()
    h = history(storage, pid)
    row = prescription_row(storage, pid)
    set_by_clinician = prescription(storage, pid)
    spw = set_by_clinician.sessions_per_week if set_by_clinician is not None else None
    weeks = []
    for r in review_weeks(h, today, spw or 5):
        end = r.start + dt.timedelta(days=6)
        if (since and end < since) or (until and r.start > until):
            continue
        weeks.append({"week": r.week + 1, "start": r.start.isoformat(), "end": end.isoformat(),
                      "planned": r.planned, "done": r.done, "complete": r.complete,
                      "minutes": round(r.minutes, 1), "in_progress": end >= today})
    done = sum(w["done"] for w in weeks)
    planned = sum(w["planned"] for w in weeks)
    return {"programme": ("prescribed" if row is not None else "planned by Poise") if h.sessions else None,
            "source": row["source"] if row is not None else None, "weeks": weeks, "done": done,
            "planned": planned, "share": round(done / planned, 3) if planned else None}


def adherence_text(a: dict) -> str:
    """Adherence as a few lines for `poise progress`."""
    if not a["programme"]:
        return ""  # no daily programme played yet: nothing to count
    kind = _("prescribed") if a["programme"] == "prescribed" else _("planned by Poise")
    if a["source"]:
        kind = _("{kind}: {source}").format(kind=kind, source=a["source"])
    head = ngettext("Programme adherence ({kind}): {done} of {planned} planned session",
                    "Programme adherence ({kind}): {done} of {planned} planned sessions", a["planned"]).format(
        kind=kind, done=a["done"], planned=a["planned"])
    lines = [head + (" ({share} %)".format(share=format_number(100 * a["share"])) if a["share"] is not None else "")]
    for w in a["weeks"]:
        lines.append("  " + ngettext("week {week:>2} from {start}: {done} of {planned} session, {complete} complete, "
                                     "{minutes} min",
                                     "week {week:>2} from {start}: {done} of {planned} sessions, {complete} complete, "
                                     "{minutes} min", w["planned"]).format(
            week=w["week"], start=nice_date(w["start"]), done=w["done"], planned=w["planned"],
            complete=w["complete"], minutes=format_number(w["minutes"]))
                     + ("  " + _("(this week)") if w["in_progress"] else ""))
    return "\n".join(lines) + "\n"


def week_status(storage: Storage, player: str, today: dt.date | None = None) -> dict | None:
    """For the title screen: this programme week's sessions against the plan, today's, and the streak."""
    from poise.game.clinic.progress import history as training_history

    try:
        pid = storage.player_id(player)
    except StorageError:
        return None
    today = today or local_today()
    h = history(storage, pid)
    p = prescription(storage, pid)
    spw = p.sessions_per_week if p is not None else 5
    weeks = review_weeks(h, today, spw)
    this = weeks[-1] if weeks and weeks[-1].start <= today < weeks[-1].start + dt.timedelta(days=7) else None
    streak = training_history(storage, pid, today).current_streak
    done_today = any(s.day == today and s.done > 0 for s in h.sessions)
    return {"done": this.done if this else 0, "planned": this.planned if this else spw, "streak": streak,
            "done_today": done_today, "week": (this.week + 1) if this else 1}


# --- the day's summary -------------------------------------------------------------------------------------------
def summary(storage: Storage, levels: LevelCatalogue, player: str, plan: Plan, done: list[dict]) -> list[str]:
    """What changed today: personal bests, steps that move for next time, this week's sessions, the streak."""
    lines = []
    pid = storage.player_id(player)
    for d in done:
        if d.get("skipped") or d.get("score") is None:
            continue
        if d.get("personal_best") and d.get("previous_best") is not None:
            lines.append(_("New personal best at {title}: {score} (was {was})").format(
                title=d["title"], score=d["score"], was=format_number(d["previous_best"])))
    seen = set()
    for d in done:
        lid = d.get("level")
        if d.get("skipped") or lid in seen or lid in (CHECK, LIMITS):
            continue
        seen.add(lid)
        steps = levels.spec(lid).params.steps
        after = next_step(storage.level_history(pid, lid), steps)
        if after > d.get("step", 0):
            lines.append(_("Unlocked: {title} step {step} of {steps}, from next time").format(
                title=d["title"], step=after + 1, steps=steps))
        elif after != d.get("step"):
            lines.append(_("{title}: back to step {step} of {steps} next time, to build up again").format(
                title=d["title"], step=after + 1, steps=steps))
    from poise.game.clinic.unlocks import opened_by

    for d in done:  # levels this session's attempts opened (game/clinic/unlocks.py)
        if d.get("attempt_id") is not None:
            lines += [_("New level open: {title}").format(title=levels.spec(lid).text("title"))
                      for lid in opened_by(storage, pid, levels, d["attempt_id"])]
    status = week_status(storage, player, plan.day)
    if status:
        lines.append(_("This week: {done} of {planned} sessions; {streak}").format(
            done=status["done"], planned=status["planned"],
            streak=ngettext("streak {n} day", "streak {n} days", status["streak"]).format(n=status["streak"])))
    from poise.game.clinic.headline import Headline, for_player

    headline = for_player(storage, player)
    if isinstance(headline, Headline):
        lines.append(_("{words} (standard balance test, {day})").format(
            words=headline.words, day=format_date(dt.date.fromisoformat(headline.measured_on))))
    from poise.game.clinic.unlocks import nearest, titles

    closest = nearest(storage, pid, levels)
    if closest is not None:
        names = titles(levels)
        lines.append(_("Next to open: {title} ({how})").format(title=names[closest[0]], how=closest[1].words(names)))
    return lines + tomorrow(storage, levels, player, plan.day)


def tomorrow(storage: Storage, levels: LevelCatalogue, player: str, day: dt.date) -> list[str]:
    """What the next day's plan holds, as the planner sees it after today: a rest day, or its first activities and
    what is new in it (an activity never played, a step up)."""
    nxt = plan_for(storage, levels, player, day + dt.timedelta(days=1))
    if nxt.rest_day:
        return [_("Tomorrow: a rest day (a light session if you like)")]
    titles = list(dict.fromkeys(a.title for a in nxt.activities if a.role not in ("set-up",)))
    shown = ", ".join(titles[:3])
    if len(titles) > 3:
        shown = ngettext("{titles} and {n} more", "{titles} and {n} more", len(titles) - 3).format(
            titles=shown, n=len(titles) - 3)
    played = {a.level for a in history(storage, storage.player_id(player)).attempts}
    new = [a for a in nxt.activities if a.level not in played and a.role not in ("check", "set-up")] if played else []
    return [_("Tomorrow: {titles}").format(titles=shown)] + [
        (_("Tomorrow's new: {title} ({note})") if a.note else _("Tomorrow's new: {title}")).format(
            title=a.title, note=a.note) for a in new][:2]
