"""The vendored reference data (tests/data, see its README): BDS trials and the authors' metrics."""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / "data"
BDS = DATA / "bds"


def bds_names() -> list[str]:
    """Every vendored trial, e.g. 'BDS00001'."""
    return sorted(p.name.split(".")[0] for p in BDS.glob("BDS*.tsv.gz"))


def bds_trial(name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(t s, AP cm, ML cm) of one trial, as recorded at 100 Hz."""
    data = np.loadtxt(BDS / f"{name}.tsv.gz", skiprows=1)
    return data[:, 0], data[:, 1], data[:, 2]


def bds_reference() -> dict[str, dict[str, str]]:
    """The dataset authors' per-trial metrics, keyed by trial name."""
    with open(BDS / "reference-metrics.tsv", encoding="utf-8") as fh:
        return {row["Trial"]: row for row in csv.DictReader(fh, delimiter="\t")}


YOUNG = [f"BDS{n:05d}" for n in range(1, 13)]  # one calm young adult: the trials the filter was designed on


def bds_mm(decimate: int = 1, names: list[str] | None = None) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(t from 0, x = ML mm, y = AP mm) per trial (all, or `names`); `decimate` 2 gives a 50 Hz board."""
    out = []
    for name in names or bds_names():
        t, ap, ml = (a[::decimate] for a in bds_trial(name))
        out.append((t - t[0], ml * 10.0, ap * 10.0))
    return out
