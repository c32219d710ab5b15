"""`poise export --format bids|bds` on an eight-week generated history: the BIDS validator (from PyPI) finds no
error and every field and column the BIDS schema requires is there; the BDS layout reads as the public data set
does, with the same script, and its per-trial table holds the metrics recomputed from each trial's file."""
from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import ROOT
from helpers import clinical_history_database
from poise.__main__ import main
from poise.game.core import sway
from reference import BDS, bds_reference

# not `slow`: it reads the clinic history test_clinical_report makes first (conftest orders the slow ones)


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    return clinical_history_database(tmp_path_factory)


def schema_rules():
    bidsschematools = pytest.importorskip("bidsschematools.schema")
    return bidsschematools.load_schema()


def test_bids_motion_export_passes_the_validator_and_holds_what_the_schema_requires(history, tmp_path, capsys):
    out = tmp_path / "bids"
    assert main(["export", "Ana", "--out", str(out), "--format", "bids", "--json", "--db", str(history)]) == 0
    assert json.loads(capsys.readouterr().out)["format"] == "bids"
    schema = schema_rules()
    description = json.loads((out / "dataset_description.json").read_text())
    assert {"Name", "BIDSVersion"} <= set(description)
    motion = sorted(out.glob("sub-*/ses-*/motion/*_motion.tsv"))
    assert len(motion) >= 20
    entities = schema["rules"]["files"]["raw"]["motion"]["motion"]["entities"]
    short = {"subject": "sub", "session": "ses", "task": "task", "tracksys": "tracksys", "run": "run",
             "acquisition": "acq"}
    required = [short[k] for k, v in entities.items() if v == "required"]
    channels_rule = schema["rules"]["tabular_data"]["motion"]["motionChannels"]["columns"]
    required_columns = [k.split("__")[0] for k, v in channels_rule.items() if v == "required"]
    sidecar_required = [f for rule in schema["rules"]["sidecars"]["motion"].values()
                        for f, level in rule["fields"].items()
                        if (level if isinstance(level, str) else level["level"]) == "required"]
    assert {"TaskName", "SamplingFrequency"} <= set(sidecar_required)
    for tsv in motion:
        stem = tsv.name.removesuffix("_motion.tsv")
        labels = dict(part.split("-", 1) for part in stem.split("_"))
        assert all(labels.get(key, "").isalnum() for key in required), stem
        sidecar = json.loads(tsv.with_name(stem + "_motion.json").read_text())
        assert all(field in sidecar for field in sidecar_required), (stem, sidecar_required)
        with open(tsv.with_name(stem + "_channels.tsv")) as f:
            channels = list(csv.DictReader(f, delimiter="\t"))
        assert all(col in channels[0] for col in required_columns)
        units = {c["name"]: c["units"] for c in channels}
        assert (units["cop_x"], units["cop_y"], units["fz"]) == ("mm", "mm", "N")
        rows = [line.split("\t") for line in tsv.read_text().splitlines()]
        assert all(len(r) == len(channels) for r in rows) and not re.match(r"[a-z]", rows[0][0])  # no header
    # a balance check: forces of a 70 kg person in newtons, the centre of pressure in mm, trials as events
    check = next(t for t in motion if "task-balancecheck" in t.name)
    data = np.genfromtxt(check, delimiter="\t", missing_values="n/a", filling_values=np.nan)
    assert np.nanmedian(data[:, 3]) == pytest.approx(70 * 9.80665, rel=0.05)
    assert np.nanmax(np.abs(data[:, 1])) < 216.5 and np.nanmax(np.abs(data[:, 2])) < 119.0
    events = check.with_name(check.name.replace("_motion.tsv", "_events.tsv")).read_text().splitlines()
    assert events[0] == "onset\tduration\ttrial_type\ttrial\tvalid" and len(events) > 4
    validator = shutil.which("bids-validator-deno") or str(Path(sys.executable).with_name("bids-validator-deno"))
    if not Path(validator).exists():
        pytest.skip("the BIDS validator (pip install bids-validator-deno) is not installed")
    report = subprocess.run([validator, "--json", str(out)], capture_output=True, text=True, timeout=600)
    issues = json.loads(report.stdout)["issues"]["issues"]
    errors = [(i["code"], i.get("location")) for i in issues if i["severity"] == "error"]
    assert errors == [], errors[:5]


def read_bds_trial(path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A researcher's reader for the data set's trial files: (t s, AP cm, ML cm) by the header's column names."""
    with open(path, encoding="utf-8") as f:
        header = f.readline().strip().split("\t")
    data = np.loadtxt(path, skiprows=1, ndmin=2)
    col = {name: i for i, name in enumerate(header)}
    return data[:, col["Time[s]"]], data[:, col["COPx[cm]"]], data[:, col["COPy[cm]"]]


def test_bds_layout_reads_with_the_data_sets_own_script(history, tmp_path):
    import gzip

    out = tmp_path / "bds"
    assert main(["export", "Ana", "--out", str(out), "--format", "bds", "--db", str(history)]) == 0
    with open(out / "BDSinfoCOP.txt", encoding="utf-8", newline="") as f:
        text = f.read()
    assert "\r\n" in text  # the data set's line ends
    info = list(csv.DictReader(text.splitlines(), delimiter="\t"))
    with gzip.open(ROOT / "tests" / "data" / "bds-info" / "BDSinfoCOP.tsv.gz", "rt") as f:
        reference_columns = f.readline().strip().split("\t")
    assert list(info[0])[:len(reference_columns)] == reference_columns  # the data set's columns, in its order
    assert len(info) >= 30 and {r["Vision"] for r in info} == {"Open", "Closed"}
    reference = bds_reference()
    for row in info[:6]:
        t, ap, ml = read_bds_trial(out / f"{row['Trial']}.txt")
        assert np.allclose(np.diff(t), 0.01) and t[0] == pytest.approx(0.01)
        m = sway.metrics(ml * 10, ap * 10, 100.0)  # the data set's definitions, as for its own trials
        assert m["velocity_mm_s"] / 10 == pytest.approx(float(row["COPvelo"]), rel=1e-6)
        assert m["ellipse95_mm2"] / 100 == pytest.approx(float(row["COParea"]), rel=1e-6)
    # the same reader on a trial of the data set itself
    name = sorted(reference)[0]
    gz = BDS / f"{name}.tsv.gz"
    with gzip.open(gz, "rt") as f:
        header = f.readline().strip().split("\t")
    plain = tmp_path / f"{name}.txt"
    plain.write_text("\t".join(header) + "\n" + "".join(gzip.open(gz, "rt").readlines()[1:]))
    t, ap, ml = read_bds_trial(plain)
    assert sway.metrics(ml * 10, ap * 10, 100.0)["velocity_mm_s"] / 10 == pytest.approx(
        float(reference[name]["COPvelo"]), rel=1e-6)
    with open(out / f"{info[0]['Trial']}.txt", encoding="utf-8") as f:
        assert f.readline().strip().split("\t") == ["Time[s]", "Fx[N]", "Fy[N]", "Fz[N]", "Mx[Nm]", "My[Nm]", "Mz[Nm]",
                                                   "COPx[cm]", "COPy[cm]"]


def test_research_formats_never_write_into_a_folder_with_files(history, tmp_path, capsys):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep")
    for fmt in ("bids", "bds"):
        assert main(["export", "Ana", "--out", str(mine), "--format", fmt, "--db", str(history)]) == 1
        assert "is not empty" in capsys.readouterr().err
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]
