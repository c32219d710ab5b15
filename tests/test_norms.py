"""Open normative values: the shipped table, the percentile definition, `poise analyze --age --sex --condition`
and the standard balance test, all checked against the data set's own per-trial table (tests/data/bds-info)."""
from __future__ import annotations

import csv
import gzip
import json
import re

import pytest

from poise.__main__ import main
from poise.game.clinic import norms
from reference import DATA, bds_mm
from helpers import rows

BDS_INFO = DATA / "bds-info" / "BDSinfoCOP.tsv.gz"


def info_rows() -> list[dict]:
    with gzip.open(BDS_INFO, "rt", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def by_the_definition(value_mm: float, metric: str, sex: str, age: float, vision: str, surface: str) -> tuple:
    """The percentile recomputed straight from the authors' table, independently of poise.game.clinic.norms:
    each person's value is the mean of their trials in the condition (cm -> mm); the group is the people of
    that sex within +-10 years, widened by 5 years until it holds 20; ties count half."""
    column, scale = {"velocity": ("COPvelo", 10.0), "area": ("COParea", 100.0)}[metric]
    people: dict[str, list] = {}
    for r in info_rows():
        if r["Gender"] == sex and r["Vision"] == vision and r["Surface"] == surface:
            people.setdefault(r["Subject"], [float(r["Age"]), []])[1].append(float(r[column]) * scale)
    values = {s: (age_, sum(v) / len(v)) for s, (age_, v) in people.items()}
    width = 10.0
    while True:
        group = [v for a, v in values.values() if abs(a - age) <= width]
        if len(group) >= 20 or len(group) == len(values):
            break
        width += 5.0
    below = sum(v < value_mm for v in group) + 0.5 * sum(v == value_mm for v in group)
    return 100.0 * below / len(group), len(group), width


def test_the_shipped_table_is_the_data_set_averaged_per_person():
    with gzip.open(BDS_INFO, "rt", encoding="utf-8") as fh:
        derived = norms.derive(fh.read())
    shipped = norms.reference()
    assert shipped == derived
    assert len({p.subject for p in shipped}) == 163 and len(shipped) == 644  # 158 people have all four conditions, five lack a foam one
    text = norms.assets.path(norms.TABLE).read_text(encoding="utf-8")
    assert text.startswith("# Normative values derived from Santos DA & Duarte M (2016)") and "CC BY 4.0" in text
    one = next(p for p in shipped if p.subject == 1 and p.condition == "eo-firm")
    rows = [r for r in info_rows() if r["Subject"] == "1" and r["Vision"] == "Open" and r["Surface"] == "Firm"]
    assert one.trials == 3 and one.velocity_mm_s == pytest.approx(10 * sum(float(r["COPvelo"]) for r in rows) / 3)


def test_ties_count_half_and_groups_widen_to_twenty():
    assert norms.percentile(2.0, [1.0, 2.0, 3.0, 4.0]) == pytest.approx(37.5)
    assert norms.percentile(0.5, [1.0, 2.0]) == 0.0 and norms.percentile(9.0, [1.0, 2.0]) == 100.0
    g, members = norms.group(norms.reference(), "M", 50, "eo-firm")
    assert g.n == len(members) >= 20 and g.age_high - g.age_low > 20  # few men in their forties and fifties
    g, _ = norms.group(norms.reference(), "F", 65, "eo-firm")
    assert (g.age_low, g.age_high) == (55, 75) and g.words.startswith("women aged 55–75 (n = ")
    assert [norms.share_words(p) for p in (0.0, 0.3, 0.6, 38.2, 99.4, 99.7, 100.0)] == [
        "none", "fewer than 1 %", "1 %", "38 %", "99 %", "more than 99 %", "all"]  # never "0th percentile"


@pytest.fixture(scope="module")
def recordings(tmp_path_factory):
    """Three vendored BDS force-plate trials as COP recordings (t, x, y in mm)."""
    folder = tmp_path_factory.mktemp("bds")
    out = {}
    for name in ("BDS00001", "BDS00010", "BDS00040"):
        t, x, y = bds_mm(names=[name])[0]
        lines = ["# poise-recording: 1", "t,x,y"] + [f"{a:.6f},{b:.6f},{c:.6f}" for a, b, c in zip(t, x, y)]
        path = folder / f"{name}.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out[name] = path
    return out


CASES = [  # (trial, age, sex, condition)
    ("BDS00001", 33, "F", "eo-firm"), ("BDS00001", 65, "F", "eo-firm"), ("BDS00001", 50, "M", "eo-firm"),
    ("BDS00010", 33, "F", "ec-foam"), ("BDS00010", 75, "M", "ec-foam"), ("BDS00040", 62, "F", "ec-firm"),
    ("BDS00040", 84, "F", "eo-foam"), ("BDS00040", 20, "M", "ec-firm"),
]
VISION = {"eo": "Open", "ec": "Closed"}


@pytest.mark.parametrize("trial,age,sex,condition", CASES)
def test_analyze_percentiles_match_the_definition_recomputed_from_the_data_set(recordings, capsys, trial, age, sex,
                                                                               condition):
    assert main(["analyze", str(recordings[trial]), "--json", "--raw", "--age", str(age), "--sex", sex,
                 "--condition", condition]) == 0
    out = json.loads(capsys.readouterr().out)
    vision, surface = VISION[condition[:2]], condition[3:].capitalize()
    v_pct, n, width = by_the_definition(out["velocity_mm_s"], "velocity", sex, age, vision, surface)
    a_pct, _, _ = by_the_definition(out["ellipse95_mm2"], "area", sex, age, vision, surface)
    # said as the share the person is steadier than: higher is steadier
    assert out["velocity_steadier_than_pct"] == pytest.approx(100 - v_pct, abs=0.005)
    assert out["ellipse95_steadier_than_pct"] == pytest.approx(100 - a_pct, abs=0.005)
    group = out["norm_group"]
    assert group["n"] == n >= 20 and group["sex"] == sex and group["condition"] == condition
    assert group["age_low"] == max(age - width, 18) and group["age_high"] == min(age + width, 86)
    # without --raw the printed metrics are the filtered ones, but the percentile stays on the raw values
    assert main(["analyze", str(recordings[trial]), "--json", "--age", str(age), "--sex", sex,
                 "--condition", condition]) == 0
    filtered = json.loads(capsys.readouterr().out)
    assert filtered["velocity_steadier_than_pct"] == out["velocity_steadier_than_pct"]
    assert filtered["velocity_mm_s"] != out["velocity_mm_s"]


def test_analyze_percentile_text_and_incomplete_flags(recordings, capsys):
    assert main(["analyze", str(recordings["BDS00001"]), "--age", "33", "--sex", "F", "--condition", "eo-firm"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"steadier than (\d+ %|fewer than 1 %|more than 99 %) of women aged 23–43 \(n = ", out)
    assert "Santos & Duarte" in out and "percentile" not in out
    assert main(["analyze", str(recordings["BDS00001"]), "--age", "33", "--sex", "F"]) == 2
    err = capsys.readouterr().err
    assert "need all of --age, --sex and --condition" in err and err.count("\n") == 1
    assert main(["analyze", str(recordings["BDS00001"]), "--age", "12", "--sex", "F", "--condition", "eo-firm"]) == 2
    assert "between 18 and 110" in capsys.readouterr().err


@pytest.mark.slow
def test_the_standard_balance_test_plays_headless_and_places_the_player(tmp_path, capsys):
    db = str(tmp_path / "s.db")
    import datetime as dt
    born = dt.date.today().year - 65  # 65 years old this year: women aged 55–75
    assert main(["players", "add", "Ana", "--birth-year", str(born), "--sex", "F", "--db", db]) == 0
    assert main(["demo", "--level", "standard-balance-test", "--headless", "--player", "Ana", "--db", db]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["saved"] and result["details"]["trial_s"] == 60.0
    keys = [key for key, _ in result["messages"]]  # each percentile right under its condition's sway
    assert keys == ["check.valid_trials", "check.condition_sway", "check.steadier", "check.condition_sway",
                    "check.steadier"], keys
    texts = [value for label, value in rows(result) if label == ""]
    assert len(texts) == 2 and all(t.startswith("steadier than ") and " of women aged 55–75 (n = " in t
                                   for t in texts), texts
    from poise.game.storage.store import Storage

    storage = Storage(db)
    (a,) = storage.assessments(storage.player_id("Ana"))
    protocol = json.loads(a["protocol_json"])
    assert protocol == {"level": "standard-balance-test", "conditions": ["eyes-open", "eyes-closed"], "trials": 3,
                        "trial_s": 60.0, "rest_s": 10.0, "max_extra": 1, "foam": False,
                        "source": "standard-balance-test.toml"}
    raw = [json.loads(t["raw_metrics_json"]) for t in storage.assessment_trials(a["id"]) if t["valid"]]
    assert len(raw) == 6 and all(m["duration_s"] > 55 for m in raw)  # the data set's definition, kept beside
    # the weekly trends stay with the weekly check: a 60-s standard test is not mixed into them
    from poise.game.clinic.progress import progress
    assert progress(storage, "Ana").points == []
