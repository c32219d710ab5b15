"""Today's training: a daily programme for each player that progresses week by week. Pure: no pygame, no I/O,
no clock - the same day, history and levels always give the same plan.

**A session** is about ten minutes (8-12 planned, each activity counted with half a minute for its
instructions and result): a warm-up, one or two weight-shift games, single-leg work (more of it on the
injured side, or on the leg that sways more in the weekly check), one strength exercise, and the weekly
balance check when it is due (none in the last 7 days); the first session measures the limits of
stability, to which every level scales its targets, and they are measured again every four weeks.
Activities rotate from session to session (variety). Each level is played at the player's own
difficulty step on its ladder (poise.game.level.levelsetup.next_step: two good attempts in a row up, two
without a star down).

**Progression.** Balance training is progressed along a few well-described dimensions: from two feet
to one leg, from eyes open to eyes closed, from static to dynamic, from short holds to longer ones
and from large targets to small ones (Lesinski et al. 2015; Granacher, Muehlbauer & Gruber 2012;
the ankle programmes of McGuine & Keene 2006, McKeon et al. 2008 and Hupperets et al. 2009; the Otago
programme, Campbell et al. 1997). Poise follows them in STAGES, one stage at a time:

  0 two feet, eyes open     weight shifts and strength on two feet; a split stance (the step toward one leg)
  1 toward one leg          split stance, outward rolls, one-leg holds of 15 s per leg
  2 one leg, longer holds   one-leg holds of 25 s per leg
  3 one leg, moving         one-leg tracking of a moving target (dynamic), 30-s holds
  4 eyes closed             eyes-closed one-leg holds of 10 s per leg join
  5 eyes closed, longer     eyes-closed holds of 20 s, tracking on one leg

Smaller zones and faster targets come from each level's own ladder. The stage is replayed from the
player's history, week by week (a programme week is 7 days from the first session):

- a good week - at least 60 % of the planned sessions done and a mean of at least 1.8 stars over the
  programme's training attempts - moves up a stage (fall prevention: two good weeks in a row; the goal
  sets the highest stage: 4 for fall prevention, 5 otherwise);
- a bad week - a mean under 1 star over at least three attempts - steps back a stage;
- two weeks without a session step back a stage (detraining); anything else holds the stage.
- Eyes-closed stages wait until the eyes-open single-leg hold is past its first step.

**Dose and rest.** Short sessions most days: young adults improved most with 3-6 sessions a week of
11-15 minutes, 4 exercises per session (Lesinski et al. 2015, young adults); older adults with about
three sessions a week and a long programme (Lesinski et al. 2015, older adults; Sherrington et al.
2019). Poise plans 5 sessions a week (a clinician can set another number): a day is a rest day once
the week's sessions are done, or after the longest run of consecutive training days that number
allows (3 for 5 a week). A rest day offers a light session instead.

A clinician's prescription (poise.game.clinic.prescription) replaces the stages with its own list of
activities and its own rule of progression; the rotation, the check and the rest days work the same.

Sources:
- Lesinski M, Hortobágyi T, Muehlbauer T, Gollhofer A, Granacher U. Dose-response relationships of
  balance training in healthy young adults: a systematic review and meta-analysis. Sports Med
  2015;45(4):557-576. - Effects of balance training on balance performance in healthy older adults: a
  systematic review and meta-analysis. Sports Med 2015;45(12):1721-1738.
- Granacher U, Muehlbauer T, Gruber M. A qualitative review of balance and strength performance in
  healthy older adults: impact for testing and training. J Aging Res 2012;2012:708905.
- McGuine TA, Keene JS. The effect of a balance training program on the risk of ankle sprains in high
  school athletes. Am J Sports Med 2006;34(7):1103-1111.
- McKeon PO, Ingersoll CD, Kerrigan DC, et al. Balance training improves function and postural control
  in those with chronic ankle instability. Med Sci Sports Exerc 2008;40(10):1810-1819.
- Hupperets MDW, Verhagen EALM, van Mechelen W. Effect of unsupervised home based proprioceptive
  training on recurrences of ankle sprain: randomised controlled trial. BMJ 2009;339:b2684.
- Campbell AJ, Robertson MC, Gardner MM, et al. Randomised controlled trial of a general practice
  programme of home based exercise to prevent falls in elderly women. BMJ 1997;315:1065-1069.
- Sherrington C, Fairhall NJ, Wallbank GK, et al. Exercise for preventing falls in older people living
  in the community. Cochrane Database Syst Rev 2019;1:CD012424.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import math
from typing import Callable

from poise.game.level.levelsetup import next_step
from poise.i18n import N_, _, format_number, ngettext

# --- goals ------------------------------------------------------------------------------------------
GOALS = {"ankle": N_("recovering from an ankle sprain"), "falls": N_("fall prevention"), "sport": N_("sport"),
         "general": N_("better balance")}  # in words where shown: _(GOALS[goal])


def goal_kind(text: str | None) -> str:
    """The kind of goal a player's goal text names: ankle, falls, sport or general."""
    t = (text or "").lower()
    if "ankle" in t or "sprain" in t:
        return "ankle"
    if "fall" in t:
        return "falls"
    if any(w in t for w in ("sport", "athlet", "run", "football", "soccer", "basket", "tennis", "ski", "dance")):
        return "sport"
    return "general"


# --- what the planner is given ------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class LevelInfo:
    """What the planner knows of a level (from the catalogue the game is handed)."""

    id: str
    title: str
    steps: int
    has_legs: bool = False  # its Params name the legs it is played on (one side can be asked for)
    fits: tuple[str, ...] = ()  # the roles its level file says it fits (warm-up, weight shift, strength)


@dataclasses.dataclass(frozen=True)
class Attempt:
    day: dt.date
    level: str
    step: int
    stars: int
    score: float = 0.0
    minutes: float = 0.0


@dataclasses.dataclass(frozen=True)
class Session:
    """A programme session the player started (a day's plan played, fully or partly)."""

    day: dt.date
    planned: int  # activities planned
    done: int  # activities played to the end
    sessions_per_week: int = 5
    status: str = "complete"  # complete, ended-early, started


@dataclasses.dataclass(frozen=True)
class Profile:
    goal: str = "general"  # a key of GOALS
    injured_side: str | None = None  # left, right, both or None


@dataclasses.dataclass(frozen=True)
class History:
    """Everything the planner reads about the player, as plain data."""

    attempts: tuple[Attempt, ...] = ()
    sessions: tuple[Session, ...] = ()
    limits_days: tuple[dt.date, ...] = ()  # limits of stability measured
    check_days: tuple[dt.date, ...] = ()  # weekly checks done
    leg_sway: tuple[tuple[str, float], ...] = ()  # latest weekly check: (leg, one-leg sway velocity mm/s)

    @property
    def start(self) -> dt.date | None:
        """The programme's first day: its first session."""
        return min((s.day for s in self.sessions), default=None)

    def before(self, day: dt.date) -> "History":
        """What was known at the start of `day`."""
        return History(tuple(a for a in self.attempts if a.day < day), tuple(s for s in self.sessions if s.day < day),
                       tuple(d for d in self.limits_days if d < day), tuple(d for d in self.check_days if d < day),
                       self.leg_sway)


@dataclasses.dataclass(frozen=True)
class Activity:
    level: str
    title: str
    role: str  # warm-up, weight shift, single leg, strength, check, set-up
    step: int
    minutes: float
    seconds: float | None = None  # active play time, when the plan sets it (a hold's length)
    legs: tuple[str, ...] | None = None  # the legs it is played on, when the plan sets them
    note: str = ""

    def as_dict(self) -> dict:
        return {"level": self.level, "title": self.title, "role": self.role, "step": self.step,
                "minutes": round(self.minutes, 1), "seconds": self.seconds,
                "legs": list(self.legs) if self.legs else None, "note": self.note}


@dataclasses.dataclass
class Plan:
    day: dt.date
    goal: str
    week: int  # programme week, from 1
    stage: int
    stage_name: str
    focus: str
    rest_day: bool
    activities: list[Activity]
    sessions_per_week: int
    week_done: int  # sessions done this programme week before today
    notes: list[str]  # why the plan is as it is
    changes: list[str]  # what changed since the last session
    prescribed: str | None = None  # the prescription's source, when a clinician set the programme

    @property
    def minutes(self) -> float:
        return sum(a.minutes for a in self.activities)

    def as_dict(self) -> dict:
        return {"day": self.day.isoformat(), "goal": self.goal, "goal_words": GOALS[self.goal], "week": self.week,
                "stage": self.stage, "stage_name": self.stage_name, "focus": self.focus, "rest_day": self.rest_day,
                "minutes": round(self.minutes, 1), "sessions_per_week": self.sessions_per_week,
                "week_done": self.week_done, "activities": [a.as_dict() for a in self.activities],
                "notes": self.notes, "changes": self.changes, "prescribed": self.prescribed}


# duration(level, step, seconds, legs) -> seconds of play (the level's planned_seconds, from the game)
Duration = Callable[[str, int, "float | None", "tuple[str, ...] | None"], float]

# --- the progression ---------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Stage:
    name: str
    focus: str
    hold_s: float  # eyes-open one-leg hold per leg (0: none yet)
    eyes_closed_s: float  # eyes-closed one-leg hold per leg (0: none yet)


STAGES = (
    Stage(N_("Two feet, eyes open"), N_("weight shifts and strength on two feet, and a first split stance"), 0, 0),
    Stage(N_("Toward one leg"), N_("split stance, outward rolls and short one-leg holds"), 15, 0),
    Stage(N_("One leg, longer holds"), N_("one-leg holds of 25 seconds"), 25, 0),
    Stage(N_("One leg, moving"), N_("keeping a moving target on one leg"), 30, 0),
    Stage(N_("Eyes closed"), N_("short one-leg holds with your eyes closed"), 30, 10),
    Stage(N_("Eyes closed, longer"), N_("longer eyes-closed holds and one-leg tracking"), 30, 20),
)
TOP_STAGE = {"ankle": 5, "falls": 4, "sport": 5, "general": 5}
FIRST_STAGE = {"ankle": 0, "falls": 0, "sport": 1, "general": 0}
GOOD_WEEKS_TO_ADVANCE = {"falls": 2}  # others: 1
SESSIONS_PER_WEEK = 5
GOOD_ADHERENCE = 0.6
GOOD_STARS = 1.8
BAD_STARS = 1.0
BAD_MIN_ATTEMPTS = 3
DETRAIN_DAYS = 14
CHECK_EVERY_DAYS = 7
LIMITS_EVERY_DAYS = 28
OVERHEAD_MIN = 0.5  # per activity: its instructions and its short result
TARGET_MIN = 10.0
MAX_MIN = 12.0
ASYMMETRY = 1.2  # one leg swaying this many times more than the other gets the extra work

CHECK = "balance-check"
LIMITS = "limits-of-stability"
HOLD = "single-leg-hold"
HOLD_EC = "single-leg-hold-eyes-closed"
# The rotation pools, in order of preference; level ids of the catalogue (missing ones are skipped).
WARM_UPS = {"falls": ("marching", "ankle-circles", "rhythm-shift"),
            "default": ("ankle-circles", "rhythm-shift", "marching")}
GAMES = {"falls": ("weight-shift-reach", "rhythm-shift", "table-tilt", "bubble-river", "slalom", "tracking"),
         "sport": ("slalom", "heading", "tracking", "table-tilt", "bubble-river", "weight-shift-reach", "rhythm-shift"),
         "default": ("weight-shift-reach", "slalom", "bubble-river", "tracking", "heading", "table-tilt",
                     "rhythm-shift")}
STRENGTH = {"ankle": ("toe-raises", "heel-raises", "squat"), "falls": ("squat", "heel-raises", "toe-raises"),
            "default": ("squat", "heel-raises", "toe-raises")}
TRAINING_ROLES = ("warm-up", "weight shift", "single leg", "strength")
# an activity's role (a key, stored and in --json) in words where it is shown: _(ROLE_WORDS[role])
ROLE_WORDS = {"warm-up": N_("warm-up"), "weight shift": N_("weight shift"), "single leg": N_("single leg"),
              "strength": N_("strength"), "check": N_("check"), "set-up": N_("set-up")}


POOLS = {"warm-up": WARM_UPS, "weight shift": GAMES, "strength": STRENGTH}


def pool(role: str, goal: str, levels: dict[str, LevelInfo]) -> tuple[str, ...]:
    """The levels a role rotates through for a goal: Poise's own, in their order of preference, then any other
    level whose file says it fits the role (a level package's), in the catalogue's order. A level placed in
    the role's pools for some goal keeps that placement (heading is not a fall-prevention game)."""
    table = POOLS[role]
    placed = {lv for levels_of_goal in table.values() for lv in levels_of_goal}
    return table.get(goal, table["default"]) + tuple(lid for lid, info in levels.items()
                                                     if role in info.fits and lid not in placed)


# --- weeks and the stage -------------------------------------------------------------------------------
def week_of(day: dt.date, start: dt.date) -> int:
    """Programme week of `day` (0-based) for a programme that started on `start`."""
    return max(0, (day - start).days // 7)


@dataclasses.dataclass(frozen=True)
class WeekReview:
    week: int  # 0-based
    start: dt.date
    planned: int
    done: int  # sessions with at least one activity played to the end
    complete: int  # sessions played to the end
    mean_stars: float | None
    attempts: int
    minutes: float

    @property
    def adherence(self) -> float:
        return min(1.0, self.done / self.planned) if self.planned else 0.0


def review_weeks(history: History, until: dt.date, sessions_per_week: int = SESSIONS_PER_WEEK,
                 training: frozenset[str] | None = None) -> list[WeekReview]:
    """Each programme week from the first session up to (not including) the week of `until`, or up to and
    including it when `until` is past that week's end: sessions done against planned, and how the training
    attempts went. `training`: the level ids whose attempts count toward performance (default: all but the
    check and the limits test)."""
    start = history.start
    if start is None:
        return []
    out = []
    for w in range(week_of(until, start) + 1):
        a, b = start + dt.timedelta(days=7 * w), start + dt.timedelta(days=7 * w + 7)
        if a > until:
            break
        sessions = [s for s in history.sessions if a <= s.day < b]
        days_done = {s.day for s in sessions if s.done > 0}
        complete = {s.day for s in sessions if s.status == "complete"}
        planned = next((s.sessions_per_week for s in reversed(sessions)), sessions_per_week)
        atts = [x for x in history.attempts if a <= x.day < b and x.level not in (CHECK, LIMITS)
                and (training is None or x.level in training)]
        mean = sum(x.stars for x in atts) / len(atts) if atts else None
        out.append(WeekReview(w, a, planned, len(days_done), len(complete), mean, len(atts),
                              sum(x.minutes for x in history.attempts if a <= x.day < b)))
    return out


def stage_for(history: History, day: dt.date, goal: str, hold_steps: int = 1) -> tuple[int, list[str]]:
    """The stage for the programme week holding `day`, replayed from the finished weeks; and why. `hold_steps`:
    the eyes-open single-leg hold's number of difficulty steps (eyes-closed stages wait for its second)."""
    stage = FIRST_STAGE[goal]
    if history.start is None:
        return stage, [_("A new programme starts at stage {n}: {name}.").format(
            n=stage + 1, name=_(STAGES[stage].name))]
    top = TOP_STAGE[goal]
    need = GOOD_WEEKS_TO_ADVANCE.get(goal, 1)
    good_run = empty_run = 0
    why: list[str] = []
    for r in review_weeks(history, day):
        if r.start + dt.timedelta(days=7) > day:
            break  # the week under way is judged when it is over
        if r.done == 0:
            empty_run += 1
            good_run = 0
            if empty_run * 7 == DETRAIN_DAYS and stage > 0:
                stage -= 1
                why = [_("Back to stage {n} after two weeks without training.").format(n=stage + 1)]
            continue
        empty_run = 0
        if r.mean_stars is not None and r.attempts >= BAD_MIN_ATTEMPTS and r.mean_stars < BAD_STARS:
            good_run = 0
            if stage > 0:
                stage -= 1
                why = [_("Week {week} was hard (mean {stars} stars): one stage back, to {name}.").format(
                    week=r.week + 1, stars=format_number(r.mean_stars, 1), name=_(STAGES[stage].name))]
            continue
        if r.mean_stars is None or r.adherence < GOOD_ADHERENCE or r.mean_stars < GOOD_STARS:
            good_run = 0
            continue
        good_run += 1
        if good_run < need or stage >= top:
            continue
        end = r.start + dt.timedelta(days=7)
        hold_step = next_step([(a.step, a.stars) for a in history.attempts if a.level == HOLD and a.day < end][-20:],
                              hold_steps)
        if STAGES[stage + 1].eyes_closed_s and hold_step < 1:
            why = [_("Eyes-closed work waits until the one-leg hold is past its first step.")]
            continue
        stage, good_run = stage + 1, 0
        why = [_("Week {week} went well ({done} of {planned} sessions, {stars} stars): up to stage {n}, "
                 "{name}.").format(week=r.week + 1, done=r.done, planned=r.planned,
                                   stars=format_number(r.mean_stars, 1), n=stage + 1, name=_(STAGES[stage].name))]
    return stage, why


def max_run(sessions_per_week: int) -> int:
    """The longest run of consecutive training days the weekly number allows before a rest day."""
    n = sessions_per_week
    return 7 if n >= 7 else max(1, math.ceil(n / (7 - n)))


def is_rest_day(history: History, day: dt.date, sessions_per_week: int) -> tuple[bool, str]:
    start = history.start
    if start is None:
        return False, ""
    a = start + dt.timedelta(days=7 * week_of(day, start))
    done = len({s.day for s in history.sessions if a <= s.day < day and s.done > 0})
    if done >= sessions_per_week:
        return True, ngettext("This week's {n} session is done.", "This week's {n} sessions are done.",
                              sessions_per_week).format(n=sessions_per_week)
    trained = {s.day for s in history.sessions if s.done > 0}
    run = max_run(sessions_per_week)
    if run < 7 and all(day - dt.timedelta(days=k) in trained for k in range(1, run + 1)):
        return True, _("{n} days of training in a row: muscles and balance adapt on the days between.").format(
            n=run)
    return False, ""


# --- a day's plan ------------------------------------------------------------------------------------
def plan_day(day: dt.date, profile: Profile, history: History, levels: dict[str, LevelInfo], duration: Duration,
             prescription=None) -> Plan:
    """The session planned for `day` from the player's goal, ability and history (only what happened before
    `day` counts); `prescription` (poise.game.clinic.prescription.Prescription) replaces the stages."""
    past = history.before(day)
    goal = profile.goal if profile.goal in GOALS else "general"
    spw = prescription.sessions_per_week if prescription is not None else SESSIONS_PER_WEEK
    start = past.start or day
    week = week_of(day, start)
    a = start + dt.timedelta(days=7 * week)
    week_done = len({s.day for s in past.sessions if a <= s.day < day and s.done > 0})

    def step_of(level: str) -> int:
        info = levels.get(level)
        steps = info.steps if info else 1
        return next_step([(x.step, x.stars) for x in past.attempts if x.level == level][-20:], steps)

    if prescription is not None:
        stage, why = prescription.level_for(past, day), []
        name, focus = _("Prescribed"), prescription.note or _("the programme your clinician set")
    else:
        stage, why = stage_for(past, day, goal, levels[HOLD].steps if HOLD in levels else 1)
        name, focus = _(STAGES[stage].name), _(STAGES[stage].focus)
    rest, rest_why = is_rest_day(past, day, spw)
    rotation = len({s.day for s in past.sessions if s.done > 0})  # sessions so far: what comes round next
    builder = _Builder(day, goal, profile, past, levels, duration, step_of, rotation)
    if prescription is not None:
        prescription.build(builder, stage, week + 1)
    else:
        builder.standard(stage)
    if rest:
        builder.light()
    builder.activities = spread(builder.activities)
    notes = why + ([_("{why} An optional light session instead:").format(why=rest_why)] if rest else []) + builder.notes
    plan = Plan(day, goal, week + 1, stage, name, focus, rest, builder.activities, spw, week_done, notes, [],
                prescription.source if prescription is not None else None)
    plan.changes = changes(plan, past, step_of)
    return plan


def each_leg(seconds: float) -> str:
    """An activity's note for a hold of `seconds` on each leg, in the player's language."""
    return _("{s} s on each leg").format(s=format_number(seconds))


def spread(activities: list[Activity]) -> list[Activity]:
    """The same activities, none straight after itself: a level planned twice (the split stance, then its extra
    work for one leg) is moved down to the first place where it follows another level. The order is otherwise
    kept; a plan that is one level only stays as it is."""
    out = list(activities)
    for i in range(1, len(out)):
        if out[i].level != out[i - 1].level:
            continue
        for j in range(i + 1, len(out)):
            if out[j].level != out[i].level:
                out.insert(j, out.pop(i))  # after out[j], which moved up into place i
                break
    return out


class _Builder:
    """Fills a session, role by role, to about ten minutes."""

    def __init__(self, day, goal, profile, past, levels, duration, step_of, rotation):
        self.day, self.goal, self.profile, self.past = day, goal, profile, past
        self.levels, self.duration, self.step_of, self.rotation = levels, duration, step_of, rotation
        self.activities: list[Activity] = []
        self.notes: list[str] = []

    # --- pieces ---
    def add(self, level: str, role: str, seconds: float | None = None, legs: tuple[str, ...] | None = None,
            note: str = "", step: int | None = None) -> Activity | None:
        info = self.levels.get(level)
        if info is None:
            return None
        if legs is not None and not info.has_legs:
            legs = None
        s = self.step_of(level) if step is None else min(max(step, 0), info.steps - 1)
        minutes = self.duration(level, s, seconds, legs) / 60 + OVERHEAD_MIN
        act = Activity(level, info.title, role, s, round(minutes, 2), seconds, legs, note)
        self.activities.append(act)
        return act

    @property
    def minutes(self) -> float:
        return sum(a.minutes for a in self.activities)

    def pool(self, role: str) -> tuple[str, ...]:
        return pool(role, self.goal, self.levels)

    def rotate(self, pool: tuple[str, ...], offset: int = 0, avoid: tuple[str, ...] = ()) -> str | None:
        options = [lv for lv in pool if lv in self.levels and lv not in avoid
                   and lv not in [a.level for a in self.activities]]
        return options[(self.rotation + offset) % len(options)] if options else None

    def worked_leg(self) -> tuple[str | None, str]:
        """The leg that gets extra single-leg work, and why."""
        side = self.profile.injured_side
        if self.goal == "ankle" and side in ("left", "right"):
            return side, (_("extra work for your injured left ankle") if side == "left"
                          else _("extra work for your injured right ankle"))
        sway = dict(self.past.leg_sway)
        if "left" in sway and "right" in sway and min(sway.values()) > 0:
            weak = max(sway, key=sway.get)
            if sway[weak] >= ASYMMETRY * min(sway.values()):
                return weak, (_("extra work for your left leg: it swayed more in the weekly check") if weak == "left"
                              else _("extra work for your right leg: it swayed more in the weekly check"))
        return None, ""

    def check_due(self) -> bool:
        last = max(self.past.check_days, default=None)
        if CHECK not in self.levels:
            return False
        return last is None or (self.day - last).days >= 7

    def limits_due(self) -> bool:
        last = max(self.past.limits_days, default=None)
        return LIMITS in self.levels and (last is None or (self.day - last).days >= LIMITS_EVERY_DAYS)

    def ability(self) -> None:
        """The limits of stability first (first session, then every four weeks), else the weekly check when due."""
        if self.limits_due():
            never = not self.past.limits_days
            self.add(LIMITS, "set-up", note=_("measures how far you can lean, so every game fits your reach")
                     if never else _("your reach, measured again (every four weeks)"))
        elif self.check_due():
            self.add(CHECK, "check", note=_("the weekly balance check: the same test every week, to see real change"))

    def single_leg(self, stage: int) -> None:
        st = STAGES[stage]
        leg, why = self.worked_leg()
        if st.hold_s == 0:  # two feet: the split stance is the step toward one leg
            self.add("split-stance", "single leg", note=_("the step from two feet toward one leg"))
            if leg:
                self.add("split-stance", "single leg", legs=(leg,), note=why)
            return
        if stage >= 3 and self.rotation % 2 == 1 and "tracking-single-leg" in self.levels:
            self.add("tracking-single-leg", "single leg", note=_("balance on one leg while the target moves"))
        else:
            self.add(HOLD, "single leg", seconds=2 * st.hold_s, note=each_leg(st.hold_s))
        if st.eyes_closed_s:
            self.add(HOLD_EC, "single leg", seconds=2 * st.eyes_closed_s,
                     note=_("{s} s on each leg with your eyes closed, next to a wall").format(
                         s=format_number(st.eyes_closed_s)))
        if leg:
            self.add(HOLD, "single leg", seconds=st.hold_s, legs=(leg,), note=why)
        if stage <= 2:  # the ankle's own work alternates with the split stance
            self.add("outward-roll" if self.rotation % 2 == 0 else "split-stance", "single leg",
                     note=_("the ankle's outer side") if self.rotation % 2 == 0
                     else _("a lunge position, weight forward"))

    # --- whole sessions ---
    def standard(self, stage: int) -> None:
        self.ability()
        big = self.minutes > 4  # the check takes five minutes: a shorter session around it
        self.add(self.rotate(self.pool("warm-up"), avoid=("marching",) if stage == 0 and self.goal != "falls"
                             else ()) or "ankle-circles", "warm-up")
        if big:
            self.add(self.rotate(self.pool("strength")) or "squat", "strength")
            leg, why = self.worked_leg()
            if leg and STAGES[stage].hold_s:
                self.add(HOLD, "single leg", seconds=STAGES[stage].hold_s, legs=(leg,), note=why)
            elif STAGES[stage].hold_s:
                self.add(HOLD, "single leg", seconds=2 * STAGES[stage].hold_s,
                         note=each_leg(STAGES[stage].hold_s))
            self.fill()
            return
        self.add(self.rotate(self.pool("weight shift")), "weight shift")
        self.single_leg(stage)
        self.add(self.rotate(self.pool("strength")) or "squat", "strength")
        self.fill()

    def fill(self) -> None:
        """More games until the session reaches about ten minutes (never past twelve); too long: drop games."""
        k = 1
        while self.minutes < TARGET_MIN - 0.75:
            level = self.rotate(self.pool("weight shift"), offset=k) or self.rotate(self.pool("strength"), k)
            if level is None:
                break
            act = self.add(level, "weight shift" if level in self.pool("weight shift") else "strength")
            if self.minutes > MAX_MIN:
                self.activities.remove(act)
                break
            k += 1
        while self.minutes > MAX_MIN:
            games = [a for a in self.activities if a.role == "weight shift"]
            if not games:
                break
            self.activities.remove(games[-1])

    def light(self) -> None:
        """A rest day: the session shrinks to a warm-up and one gentle strength exercise."""
        keep = [a for a in self.activities if a.role in ("warm-up", "strength")][:2]
        self.activities = keep


def changes(plan: Plan, past: History, step_of: Callable[[str], int]) -> list[str]:
    """What is new in today's plan since the last session: stage, activities never played, steps moved."""
    out = []
    if not past.attempts:
        return out  # the first session: everything is new
    played = {a.level for a in past.attempts}
    last_step: dict[str, int] = {}
    for a in past.attempts:
        last_step[a.level] = a.step
    for act in plan.activities:
        if act.level not in played and act.role not in ("check", "set-up"):
            out.append(_("New: {title} ({note})").format(title=act.title, note=act.note) if act.note
                       else _("New: {title}").format(title=act.title))
        elif act.level in last_step and act.step != last_step[act.level]:
            moved = (_("{title}: up to step {step} (was {was})") if act.step > last_step[act.level]
                     else _("{title}: back to step {step} (was {was})"))
            out.append(moved.format(title=act.title, step=act.step + 1, was=last_step[act.level] + 1))
    return list(dict.fromkeys(out))
