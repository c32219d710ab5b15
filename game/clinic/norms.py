"""Open normative values: where a player's sway stands among healthy adults of the same sex and age.

Reference: the public balance data set of Santos & Duarte (2016), "A public data set of human
balance evaluations", PeerJ 4:e2648, CC BY 4.0 — 163 people aged 18–86, 60 s of quiet stance on
both feet on a force plate (100 Hz), eyes open or closed, on the firm plate or on foam, three
trials each. The shipped table (`assets/norms-bds.tsv`, made by `docs/make_norms.py`) holds one
row per person and condition, derived from the authors' per-trial table `BDSinfoCOP`:

- a person's value is the mean of their trials in that condition (three; subject 122 has one
  eyes-closed firm trial, which is then the value), converted from cm/s to mm/s and from cm² to
  mm² (`COPvelo` x 10, `COParea` x 100); the authors computed them on the raw 60 s trial, so a
  player's value must be computed raw too (`poise analyze --raw`, the standard balance test);
- the reference group is the people of the player's sex within ±10 years of the player's age
  (inclusive), widened in steps of 5 years until it holds at least 20 people;
- the percentile is the share of the group whose value is below the player's, ties counting half,
  in per cent; what people read is its other side, the share the player is steadier than (swayed
  less than), so that a higher number is better everywhere it is shown — screen, report, JSON and
  CSV (`steadier_than_pct`) — and it is said in words ("steadier than 38 % of women aged 55–75"),
  never as an ordinal (no "0th percentile": under 1 % reads "fewer than 1 %").

Only shown where Poise's protocol matches the data set's: 60 s, both feet, eyes open or closed,
firm ground or a foam pad.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import math
from pathlib import Path

from poise import assets
from poise.i18n import N_, _, format_number

CONDITIONS = ("eo-firm", "ec-firm", "eo-foam", "ec-foam")
CONDITION_NAMES = {"eo-firm": N_("eyes open, firm"), "ec-firm": N_("eyes closed, firm"),
                   "eo-foam": N_("eyes open, foam"), "ec-foam": N_("eyes closed, foam")}  # shown: _(name)
# the balance check's condition names for the same protocols
FROM_CHECK = {"eyes-open": "eo-firm", "eyes-closed": "ec-firm", "eyes-open-foam": "eo-foam",
              "eyes-closed-foam": "ec-foam"}
TRIAL_S = 60.0  # the data set's trial length
MIN_GROUP = 20
HALF_WIDTH_YEARS = 10.0
WIDEN_YEARS = 5.0
METRICS = {"velocity_mm_s": "COPvelo", "ellipse95_mm2": "COParea"}
SCALE = {"velocity_mm_s": 10.0, "ellipse95_mm2": 100.0}  # cm/s -> mm/s, cm² -> mm²
TABLE = "norms-bds.tsv"
ATTRIBUTION = N_("Normative values derived from Santos DA & Duarte M (2016), \"A public data set of human balance "
                 "evaluations\", PeerJ 4:e2648, doi:10.7717/peerj.2648; data licensed CC BY 4.0 "
                 "(https://creativecommons.org/licenses/by/4.0/).")  # the report shows _(ATTRIBUTION)
SHORT_ATTRIBUTION = "Santos & Duarte (2016) public balance data set, PeerJ 4:e2648, CC BY 4.0"
COLUMNS = ("subject", "sex", "age", "condition", "trials", "velocity_mm_s", "ellipse95_mm2")


@dataclasses.dataclass(frozen=True)
class Person:
    subject: int
    sex: str  # "F" or "M"
    age: float  # years, as in the data set (fractional)
    condition: str
    trials: int
    velocity_mm_s: float
    ellipse95_mm2: float


@dataclasses.dataclass(frozen=True)
class Group:
    sex: str
    age_low: float
    age_high: float
    n: int

    def as_dict(self) -> dict:
        return {"sex": self.sex, "age_low": self.age_low, "age_high": self.age_high, "n": self.n}

    @property
    def words(self) -> str:
        words = _("women aged {low}–{high} (n = {n})") if self.sex == "F" else _("men aged {low}–{high} (n = {n})")
        return words.format(low=format_number(self.age_low), high=format_number(self.age_high), n=self.n)


@dataclasses.dataclass(frozen=True)
class Standing:
    """A player's value among the reference group."""

    metric: str
    value: float
    percentile: float  # 0..100
    group: Group

    @property
    def steadier_than_pct(self) -> float:
        """The share of the group (in %) who swayed more than the player, ties counting half: higher is steadier."""
        return 100.0 - self.percentile

    @property
    def text(self) -> str:
        """'steadier than 38 % of women aged 55–75 (n = 24)'."""

        return _("steadier than {share} of {group}").format(share=share_words(self.steadier_than_pct),
                                                           group=self.group.words)


def share_words(pct: float) -> str:
    """A share of people in words, never 0 or 100 when it is not exactly that: '38 %', 'fewer than 1 %',
    'more than 99 %'."""

    if pct < 0.5:
        return _("fewer than 1 %") if pct > 0 else _("none")
    if pct > 99.5:
        return _("more than 99 %") if pct < 100 else _("all")
    return _("{n} %").format(n=format_number(round(pct)))


def condition_of(vision: str, surface: str) -> str:
    """The data set's Vision (Open/Closed) and Surface (Firm/Foam) as one condition name."""
    return f"{'eo' if vision == 'Open' else 'ec'}-{surface.lower()}"


def derive(bds_info_text: str) -> list[Person]:
    """The per-person table from the text of the authors' per-trial table (BDSinfoCOP, tab-separated)."""
    groups: dict[tuple[int, str], list[dict]] = {}
    for row in csv.DictReader(io.StringIO(bds_info_text.lstrip("\ufeff")), delimiter="\t"):
        groups.setdefault((int(row["Subject"]), condition_of(row["Vision"], row["Surface"])), []).append(row)
    out = []
    for (subject, condition), rows in sorted(groups.items()):
        first = rows[0]
        means = {m: SCALE[m] * sum(float(r[col]) for r in rows) / len(rows) for m, col in METRICS.items()}
        out.append(Person(subject, first["Gender"], float(first["Age"]), condition, len(rows), **means))
    return out


def write_table(people: list[Person]) -> str:
    """The shipped table's text: attribution and definitions as '#' lines, then one row per person and condition."""
    lines = [f"# {ATTRIBUTION}",
             "# Derived by Poise (docs/make_norms.py) from the authors' per-trial table BDSinfoCOP: one row per person",
             "# and condition; velocity_mm_s and ellipse95_mm2 are the mean of the person's trials in that condition",
             "# (COPvelo x 10, COParea x 100; computed by the authors on the raw 60 s trial). Changes: averaged and",
             "# converted to mm; no values removed.",
             "\t".join(COLUMNS)]
    for p in people:
        lines.append("\t".join([str(p.subject), p.sex, repr(p.age), p.condition, str(p.trials),
                                repr(p.velocity_mm_s), repr(p.ellipse95_mm2)]))  # full precision: exact recomputation
    return "\n".join(lines) + "\n"


def read_table(text: str) -> list[Person]:
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    out = []
    for row in csv.DictReader(io.StringIO(body), delimiter="\t"):
        out.append(Person(int(row["subject"]), row["sex"], float(row["age"]), row["condition"], int(row["trials"]),
                          float(row["velocity_mm_s"]), float(row["ellipse95_mm2"])))
    return out


_CACHE: dict[str, list[Person]] = {}


def reference(path: Path | None = None) -> list[Person]:
    """The shipped per-person table (or one at `path`)."""
    key = str(path or TABLE)
    if key not in _CACHE:
        _CACHE[key] = read_table((path or assets.path(TABLE)).read_text(encoding="utf-8"))
    return _CACHE[key]


def group(people: list[Person], sex: str, age: float, condition: str) -> tuple[Group, list[Person]]:
    """The reference group: same sex, within ±10 years, widened by 5 years until it holds MIN_GROUP people."""
    if sex not in ("F", "M"):
        raise ValueError(_("sex must be F or M, not {sex!r}").format(sex=sex))
    if condition not in CONDITIONS:
        raise ValueError(_("condition must be one of {choices}, not {condition!r}").format(
            choices=', '.join(CONDITIONS), condition=condition))
    pool = [p for p in people if p.sex == sex and p.condition == condition]
    youngest = float(math.floor(min((p.age for p in people), default=age)))
    oldest = float(math.ceil(max((p.age for p in people), default=age)))
    width = HALF_WIDTH_YEARS
    while True:
        members = [p for p in pool if abs(p.age - age) <= width]
        if len(members) >= MIN_GROUP or len(members) == len(pool):
            # the age range shown stops where the data set does (nobody is outside it)
            return Group(sex, max(age - width, youngest), min(age + width, oldest), len(members)), members
        width += WIDEN_YEARS


def percentile(value: float, values: list[float]) -> float:
    """Share of `values` below `value`, ties counting half, in per cent."""
    if not values:
        raise ValueError(_("an empty reference group"))
    below = sum(v < value for v in values)
    ties = sum(v == value for v in values)
    return 100.0 * (below + 0.5 * ties) / len(values)


def standing(metrics: dict, sex: str, age: float, condition: str, people: list[Person] | None = None) -> dict[str, Standing]:
    """Percentiles of velocity and 95 % area (raw metrics, mm) for a player of `sex` and `age`."""
    g, members = group(people if people is not None else reference(), sex, age, condition)
    out = {}
    for metric in METRICS:
        if metric in metrics:
            v = float(metrics[metric])
            out[metric] = Standing(metric, v, percentile(v, [getattr(p, metric) for p in members]), g)
    return out


def matches(condition: str, trial_s: float) -> str | None:
    """The data set's condition when a balance-check condition and trial length match its protocol, else None."""
    norm = FROM_CHECK.get(condition)
    return norm if norm and abs(trial_s - TRIAL_S) < 0.5 else None
