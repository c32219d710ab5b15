"""`poise export NAME --format bids|bds`: a player's recordings in the layouts researchers already read.

- `bids`: BIDS-motion (the Brain Imaging Data Structure's motion datatype, BIDS 1.9+). One run per stored
  attempt with a recording, in a session per day: `sub-<label>/ses-<yyyymmdd>/motion/` holds
  `*_motion.tsv` (no header, as BIDS wants: the sample's time since the run began, the centre of pressure in
  mm, the total and the four corner vertical forces in newtons), `*_channels.tsv` (name, component, type,
  tracked_point, units per column), `*_motion.json` (task, sampling frequency, the board as the device) and, for
  balance checks, `*_events.tsv` (each trial's onset, duration, condition and validity); at the top
  `dataset_description.json`, `participants.tsv`/`.json` and a README. The samples are the raw ones, at the
  times they arrived: a board's rate is not perfectly even, so the first column (type LATENCY) holds each
  sample's time and `SamplingFrequency` is the board's nominal rate (`SamplingFrequencyEffective` the
  measured one).
- `bds`: the layout of Santos & Duarte's public balance data set (PeerJ 4:e2648), so the scripts written for
  it read Poise's balance-check trials unchanged: one tab-separated file per trial, `BDS00001.txt`, ..., with
  the data set's header `Time[s] Fx[N] Fy[N] Fz[N] Mx[Nm] My[Nm] Mz[Nm] COPx[cm] COPy[cm]`, its 100 Hz grid
  starting at 0.01 s and its axes (COPx antero-posterior, + toward the toes; COPy medio-lateral, + to the
  right; cm), and `BDSinfoCOP.txt`, the per-trial table with the data set's columns (Trial, Subject, Vision,
  Surface, Age, AgeGroup, Gender, Height, Weight, BMI, FootLen, Falls12m, COParea, COPvelo, COPmfreq, the last
  three computed on the raw trial as the authors did) and Poise's own after them (Date, Condition, TrialNumber,
  Valid, Level). A balance board measures only vertical forces: Fx, Fy, Mx, My and Mz are NaN (not measured).
  The raw samples are window-averaged onto the grid (poise.game.core.sway.resample_columns).

Only into a new or empty folder; no file is ever overwritten.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path

import numpy as np

from poise import __version__
from poise.drivers.recording import RecordingError, parse
from poise.drivers.replay import geometry_from

from poise.game.clinic.export import Folder, write_folder
from poise.game.core.cop import cop_arrays
from poise.i18n import _

G = 9.80665
BIDS_VERSION = "1.10.0"
BDS_RATE = 100.0
BDS_HEADER = ("Time[s]", "Fx[N]", "Fy[N]", "Fz[N]", "Mx[Nm]", "My[Nm]", "Mz[Nm]", "COPx[cm]", "COPy[cm]")
BDS_INFO = ("Trial", "Subject", "Vision", "Surface", "Age", "AgeGroup", "Gender", "Height", "Weight", "BMI",
            "FootLen", "Falls12m", "COParea", "COPvelo", "COPmfreq", "Date", "Condition", "TrialNumber", "Valid",
            "Level")
CHANNELS = (  # name, component, type, tracked_point, units, description
    ("latency", "n/a", "LATENCY", "n/a", "s", "time of the sample since the run began (when it arrived)"),
    ("cop_x", "x", "POS", "COP", "mm", "centre of pressure, medio-lateral, + toward the right"),
    ("cop_y", "y", "POS", "COP", "mm", "centre of pressure, antero-posterior, + toward the toes"),
    ("fz", "z", "MISC", "board", "N", "total vertical force on the board"),
    ("fz_tl", "z", "MISC", "sensor_tl", "N", "vertical force on the front-left sensor"),
    ("fz_tr", "z", "MISC", "sensor_tr", "N", "vertical force on the front-right sensor"),
    ("fz_bl", "z", "MISC", "sensor_bl", "N", "vertical force on the back-left sensor"),
    ("fz_br", "z", "MISC", "sensor_br", "N", "vertical force on the back-right sensor"),
)


def _label(text: str) -> str:
    """A BIDS label: letters and digits only."""
    return re.sub(r"[^A-Za-z0-9]", "", text)


def _num(v: float, digits: int = 4) -> str:
    return "n/a" if v is None or not math.isfinite(v) else f"{v:.{digits}f}"


def _local(iso: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(iso)
    return moment.astimezone() if moment.tzinfo else moment


def _recording(storage, attempt_id: int):
    """(meta, t, loads (N, 4) kg, valid) of a stored attempt's recording, or None when it has none or it cannot be
    read (the export goes on without it)."""
    from poise.game.storage.store import StorageError

    try:
        rec = parse(storage.recording(attempt_id), f"attempt {attempt_id}")
    except (StorageError, RecordingError, ValueError):
        return None
    if rec.kind != "loads" or len(rec.t) < 2:
        return None
    return rec


def _cop(rec):
    g = geometry_from(rec.meta)
    loads = rec.values[:, 1:5]
    total, x, y = cop_arrays(loads, g.half_x, g.half_y)
    bad = ~rec.valid
    x, y = np.where(bad, np.nan, x), np.where(bad, np.nan, y)
    return total, x, y


def _trials(storage, pid: int) -> dict[int, list[dict]]:
    """attempt id -> its assessment trials (condition, trial, valid, start_s, end_s)."""
    out: dict[int, list[dict]] = {}
    for a in storage.assessments(pid):
        if a["attempt_id"] is None:
            continue
        out[a["attempt_id"]] = [dict(t) for t in storage.assessment_trials(a["id"])]
    return out


def _export(storage, player: str, out: Path, write, shared: bool = False) -> int:
    """`write(storage, player id, player row, folder)` into the new or empty folder `out`, whole or not at all
    (poise.game.clinic.export.write_folder: each file atomic and private, unless `shared`). ExportError (one line)
    when it cannot go there; OSError naming the file when one cannot be written. Returns the file count."""
    pid = storage.player_id(player)
    row = storage.player(player)

    def fill(work: Path) -> int:
        folder = Folder(work, shared)
        write(storage, pid, row, folder)
        return len(folder.listed)

    return write_folder(Path(out), fill, shared)


# --- BIDS ------------------------------------------------------------------------------------------------------------


def export_bids(storage, player: str, out: Path, shared: bool = False) -> int:
    """Write `player`'s recordings as a BIDS-motion dataset into the new or empty folder `out`; the file count."""
    return _export(storage, player, out, _bids, shared)


def _bids(storage, pid: int, row, files: Folder) -> None:
    sub = "sub-" + (_label(row["patient_id"] or "") or "01")
    files.json("dataset_description.json", {
        "Name": "Poise balance board recordings", "BIDSVersion": BIDS_VERSION, "DatasetType": "raw",
        "GeneratedBy": [{"Name": "Poise", "Version": __version__,
                         "Description": "poise export --format bids: raw balance-board samples"}]})
    born, sex = row["birth_year"], row["sex"]
    age = dt.date.today().year - int(born) if born else None
    files.write("participants.tsv", "participant_id\tsex\tage\n"
                f"{sub}\t{sex or 'n/a'}\t{age if age is not None else 'n/a'}\n")
    files.json("participants.json", {"sex": {"Description": "sex of the participant", "Levels": {"F": "female",
                                                                                                  "M": "male"}},
                                     "age": {"Description": "age in years at the export", "Units": "year"}})
    files.write("README", _("Balance-board recordings exported by Poise (poise export --format bids).\n\n"
                  "Each run is one stored attempt: the raw samples of a Wii Balance Board, a load-cell board or a "
                  "simulated board, as they arrived. Columns are described in each *_channels.tsv; the first column "
                  "is the sample's time since the run began (the board's rate is not perfectly even). The centre of "
                  "pressure is in mm in the board's frame (origin at the centre of the four sensors, x to the "
                  "standing person's right, y toward the toes) and n/a while nobody stands on the board; forces are "
                  "vertical, in newtons. Balance checks have an events file with each trial's window.\n"))
    trials = _trials(storage, pid)
    runs: dict[tuple[str, str], int] = {}
    for a in storage.attempts(pid):
        rec = _recording(storage, a["id"])
        if rec is None:
            continue
        ses = "ses-" + _local(a["started_at"]).strftime("%Y%m%d")
        task = _label(a["level"]) or "level"
        runs[(ses, task)] = runs.get((ses, task), 0) + 1
        stem = f"{sub}_{ses}_task-{task}_tracksys-balanceboard_run-{runs[(ses, task)]}"
        folder = f"{sub}/{ses}/motion"
        total, x, y = _cop(rec)
        t = rec.t - rec.t[0]
        loads = rec.values[:, 1:5] * G
        lines = []
        for i in range(len(t)):
            ok = rec.valid[i]
            lines.append("\t".join([f"{t[i]:.6f}", _num(x[i], 3), _num(y[i], 3),
                                    _num(total[i] * G if ok else math.nan, 3),
                                    *(_num(v if ok else math.nan, 3) for v in loads[i])]))
        files.write(f"{folder}/{stem}_motion.tsv", "\n".join(lines) + "\n")
        files.write(f"{folder}/{stem}_channels.tsv", "name\tcomponent\ttype\ttracked_point\tunits\tdescription\n"
                    + "".join("\t".join(c) + "\n" for c in CHANNELS))
        rate = float(rec.meta.get("rate") or 0) or (len(t) - 1) / max(t[-1], 1e-9)
        files.json(f"{folder}/{stem}_motion.json", {
            "TaskName": task, "TaskDescription": f"Poise level {a['level']}",
            "SamplingFrequency": rate, "SamplingFrequencyEffective": round((len(t) - 1) / max(t[-1], 1e-9), 3),
            "RecordingDuration": round(float(t[-1]), 3), "Manufacturer": "Nintendo" if "wii" in
            rec.meta.get("board", "") else "Poise", "ManufacturersModelName": rec.meta.get("board", "n/a"),
            "DeviceSerialNumber": rec.meta.get("board-identity", "n/a"), "SoftwareVersions": f"poise {__version__}",
            "TrackingSystemName": "balance board", "MotionChannelCount": len(CHANNELS), "TrackedPointsCount": 6,
            "POSChannelCount": 2, "LATENCYChannelCount": 1, "MiscChannelCount": 5, "MISCChannelCount": 5,
            "ACCELChannelCount": 0, "ANGACCELChannelCount": 0, "GYROChannelCount": 0, "JNTANGChannelCount": 0,
            "MAGNChannelCount": 0, "ORNTChannelCount": 0, "VELChannelCount": 0, "MissingValues": "n/a",
            "Instructions": "as Poise showed them on screen for this level", "SubjectArtefactDescription": "n/a"})
        mine = trials.get(a["id"])
        if mine:
            rows = ["onset\tduration\ttrial_type\ttrial\tvalid"]
            for tr in mine:
                if tr["start_s"] is None or tr["end_s"] is None:
                    continue
                rows.append(f"{tr['start_s'] - rec.t[0]:.3f}\t{tr['end_s'] - tr['start_s']:.3f}\t{tr['condition']}"
                            f"\t{tr['trial']}\t{'true' if tr['valid'] else 'false'}")
            files.write(f"{folder}/{stem}_events.tsv", "\n".join(rows) + "\n")
            files.json(f"{folder}/{stem}_events.json", {
                "trial_type": {"Description": "the balance check's condition (stance, eyes, surface)"},
                "trial": {"Description": "the trial's number within its condition"},
                "valid": {"Description": "false when the trial was marked invalid (stepped off, a touch-down, the "
                                         "wrong leg) and left out of the metrics", "Levels": {"true": "valid",
                                                                                               "false": "invalid"}},
                "StimulusPresentation": {"SoftwareName": "Poise", "SoftwareVersion": __version__}})


# --- BDS -------------------------------------------------------------------------------------------------------------


def export_bds(storage, player: str, out: Path, shared: bool = False) -> int:
    """Write `player`'s balance-check trials in the public BDS data set's layout into the new or empty folder `out`;
    the file count."""
    return _export(storage, player, out, _bds, shared)


def _vision_surface(condition: str) -> tuple[str, str]:
    return ("Closed" if "eyes-closed" in condition else "Open"), ("Foam" if condition.endswith("-foam") else "Firm")


def _bds(storage, pid: int, row, files: Folder) -> None:
    from poise.game.core import sway

    info = ["\t".join(BDS_INFO)]
    number = 0
    height, weight = row["height_cm"], row["weight_kg"]
    bmi = weight / (height / 100) ** 2 if height and weight else math.nan
    for a in storage.assessments_with_level(pid):
        if a["attempt_id"] is None:
            continue
        rec = _recording(storage, a["attempt_id"])
        if rec is None:
            continue
        total, x, y = _cop(rec)
        day = _local(a["created_at"]).date()
        for tr in storage.assessment_trials(a["id"]):
            if tr["start_s"] is None or tr["end_s"] is None:
                continue
            inside = (rec.t >= tr["start_s"]) & (rec.t <= tr["end_s"]) & rec.valid & np.isfinite(x)
            if inside.sum() < 8:
                continue
            t0 = rec.t[inside][0]
            grid, (fz, ml, ap) = sway.resample_columns(rec.t[inside] - t0, [total[inside] * G, x[inside], y[inside]],
                                                       BDS_RATE)
            number += 1
            name = f"BDS{number:05d}"
            lines = ["\t".join(BDS_HEADER)]
            for k in range(len(grid)):
                lines.append(f"{grid[k] + 1 / BDS_RATE:.3f}\tNaN\tNaN\t{fz[k]:.6f}\tNaN\tNaN\tNaN\t{ap[k] / 10:.6f}"
                             f"\t{ml[k] / 10:.6f}")
            files.write(f"{name}.txt", "\r\n".join(lines) + "\r\n")
            m = sway.metrics(ml, ap, BDS_RATE)  # raw, as the data set's authors computed theirs
            vision, surface = _vision_surface(tr["condition"])
            age = day.year - int(row["birth_year"]) if row["birth_year"] else None
            info.append("\t".join(str(v) for v in (
                name, 1, vision, surface, "NaN" if age is None else f"{age:.1f}",
                "NaN" if age is None else ("Young" if age < 60 else "Old"), row["sex"] or "NaN",
                height if height else "NaN", weight if weight else "NaN", "NaN" if math.isnan(bmi) else bmi, "NaN",
                "NaN", m["ellipse95_mm2"] / 100, m["velocity_mm_s"] / 10, m["mean_freq_hz"], day.isoformat(),
                tr["condition"], tr["trial"], int(bool(tr["valid"])), a["level"] or "balance-check")))
    files.write("BDSinfoCOP.txt", "\r\n".join(info) + "\r\n")
    files.write("README.md", _("# Balance-check trials in the layout of the BDS data set\n\n"
                  "Written by Poise (poise export --format bds) in the layout of Santos & Duarte's public balance data "
                  "set (PeerJ 4:e2648), so the scripts written for it read these trials too. These are not that data "
                  "set's trials: each `BDSnnnnn.txt` is one trial of this player's balance checks, resampled onto "
                  "100 Hz; `BDSinfoCOP.txt` describes them (Subject is always 1: one player). A balance board measures "
                  "only vertical force: Fx, Fy, Mx, My and Mz are NaN. COPx is antero-posterior (+ toward the toes), "
                  "COPy medio-lateral (+ to the right), in cm. COParea (cm²), COPvelo (cm/s) and COPmfreq (Hz) are "
                  "computed on the raw trial, as the data set's authors did. Poise's columns follow the data set's: "
                  "Date, Condition (the check's condition), TrialNumber, Valid (0: the trial was marked invalid), "
                  "Level.\n"))
