"""The headline of balance: the age whose typical steadiness matches the player's, with its uncertainty.

"Your steadiness matches the median of women aged 52 (anywhere from 41 to 66)". Open and explained:
- the player's value is their sway speed on both feet, eyes open, in the standard balance test (60 s trials,
  the protocol of the public data set; the mean of the valid trials, as the test's results show it);
- for every age in the data set (Santos & Duarte 2016, poise.game.clinic.norms), the median sway speed of the
  reference group of that sex and age (±10 years, widened to at least 20 people, as the percentiles use);
- the headline age is the one whose median is nearest the player's value; the range is every age whose
  median lies within the player's 95 % band: value x exp(±1.96 x 0.124 / sqrt(n)) for n trials, 0.124 being
  the published within-person SD of log sway speed from one 60-s trial to the next (the same data set;
  poise.game.clinic.progress LITERATURE_RAW_60S_LOG_SD);
- a value steadier than every age's median, or less steady than every one, says so instead of an age.
Nothing is shown without a standard balance test and the player's birth year and sex: never a made-up number.
"""
from __future__ import annotations

import dataclasses
import json
import math
import statistics

from poise.game.clinic import norms
from poise.game.clinic.progress import LITERATURE_RAW_60S_LOG_SD
from poise.i18n import _

CONDITION = "eyes-open"
NORM = "eo-firm"


@dataclasses.dataclass(frozen=True)
class Headline:
    value: float  # mm/s, the player's sway speed
    trials: int
    sex: str
    age: int | None  # the matching age, None when the value is beyond every age's median
    low: int  # the range of ages whose medians are within the player's 95 % band
    high: int
    beyond: str = ""  # "steadier" or "less steady" than the median at every age in the data set
    measured_on: str = ""  # ISO date of the test

    @property
    def words(self) -> str:
        women = self.sex == "F"
        if self.beyond == "steadier":
            return (_("Your steadiness beats the median of women of every age in the data (18–86)") if women
                    else _("Your steadiness beats the median of men of every age in the data (18–86)"))
        if self.beyond == "less steady":
            return (_("Your sway is above the median of women of every age in the data (18–86)") if women
                    else _("Your sway is above the median of men of every age in the data (18–86)"))
        span = (_("anywhere from {low} to {high}").format(low=self.low, high=self.high) if self.low != self.high
                else str(self.low))
        return (_("Your steadiness matches the median of women aged {age} ({span}, given how one test varies)")
                if women else _("Your steadiness matches the median of men aged {age} ({span}, given how one test "
                                "varies)")).format(age=self.age, span=span)


def medians(sex: str, people: list[norms.Person] | None = None) -> dict[int, float]:
    """Age (whole years across the data set) -> median sway speed (mm/s) of that age's reference group."""
    people = people if people is not None else norms.reference()
    ages = [p.age for p in people if p.sex == sex and p.condition == NORM]
    out = {}
    for age in range(math.ceil(min(ages)), math.floor(max(ages)) + 1):
        _group, members = norms.group(people, sex, float(age), NORM)
        out[age] = statistics.median(p.velocity_mm_s for p in members)
    return out


def balance_age(value: float, trials: int, sex: str, people: list[norms.Person] | None = None,
                measured_on: str = "") -> Headline:
    """The headline for a sway speed of `value` mm/s (the mean of `trials` 60-s eyes-open trials) of a person of
    `sex` ("F" or "M"). Raises ValueError for a value that is not a positive number, no trials or another sex."""
    if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0) or trials < 1:
        raise ValueError(_("a sway speed in mm/s from at least one trial, not {value!r} from {trials}").format(
            value=value, trials=trials))
    if sex not in ("F", "M"):
        raise ValueError(_("sex must be F or M, not {sex!r}").format(sex=sex))
    by_age = medians(sex, people)
    half = 1.96 * LITERATURE_RAW_60S_LOG_SD / math.sqrt(trials)
    lo_v, hi_v = value * math.exp(-half), value * math.exp(half)
    inside = [a for a, m in by_age.items() if lo_v <= m <= hi_v]
    if not inside and value < min(by_age.values()):
        return Headline(value, trials, sex, None, min(by_age), max(by_age), "steadier", measured_on)
    if not inside and value > max(by_age.values()):
        return Headline(value, trials, sex, None, min(by_age), max(by_age), "less steady", measured_on)
    age = min(by_age, key=lambda a: abs(by_age[a] - value))
    inside = inside or [age]
    return Headline(value, trials, sex, age, min(inside), max(inside), "", measured_on)


def for_player(storage, player: str) -> Headline | str:
    """The headline from the player's latest standard balance test, or a sentence saying what it needs."""
    row = storage.player(player)
    if row is None:
        return "No player"
    for assessment in reversed(storage.assessments(row["id"])):
        speeds = []
        for tr in storage.assessment_trials(assessment["id"]):
            metrics = json.loads(tr["metrics_json"] or "{}")
            if tr["valid"] and tr["condition"] == CONDITION and norms.matches(CONDITION, tr["end_s"] - tr["start_s"]) \
                    and metrics.get("velocity_mm_s"):
                speeds.append(float(metrics["velocity_mm_s"]))
        if not speeds:
            continue
        if row["sex"] not in ("F", "M"):
            return _("Set your sex in your profile to compare your steadiness with others")
        return balance_age(sum(speeds) / len(speeds), len(speeds), row["sex"],
                           measured_on=assessment["created_at"][:10])
    return _("Take the standard balance test (60 s) to see how your steadiness compares with others")

