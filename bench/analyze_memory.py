"""`poise analyze` on a 200 MB recording: peak memory of the whole process (docs/design.md: <= 500 MB).

The recording is generated (4.7 M rows of t,tl,tr,bl,br,flags, ~60 Hz with Bluetooth-like jitter, a
70 kg person swaying), written once to the temp folder and reused. Peak memory is the child's
maximum resident set size (resource.getrusage), so nothing here needs /usr/bin/time.

    python bench/analyze_memory.py [--rows N]
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROWS = 4_700_000  # with the flags column every recording now carries: 200 MB
CHUNK = 200_000


def make_recording(path: Path, rows: int = ROWS, seed: int = 0) -> Path:
    """Write a synthetic loads recording of `rows` samples (chunked: never the whole text at once)."""
    import numpy as np

    from scipy import signal

    rng = np.random.default_rng(seed)
    t = 0.0
    state = np.zeros((1, 2))
    with open(path, "w", encoding="utf-8") as f:
        f.write("# poise-recording: 1\n# board: sim://?seed=0\n# geometry: 433x238 mm\nt,tl,tr,bl,br,flags\n")
        done = 0
        while done < rows:
            n = min(CHUNK, rows - done)
            dt = 1 / 60 + rng.normal(0, 0.003, n).clip(-0.012, 0.02)
            ts = t + np.cumsum(dt)
            t = float(ts[-1])
            # slow sway (a random walk pulled back to the centre) plus 10 g quantised corner noise
            xy, state = signal.lfilter([1.0], [1.0, -0.99], rng.normal(0, 0.6, (n, 2)), axis=0, zi=state)
            u = (xy[:, 0] / 216.5 + 1) / 2
            v = (xy[:, 1] / 119.0 + 1) / 2
            w = 70.0
            loads = np.column_stack([w * (1 - u) * v, w * u * v, w * (1 - u) * (1 - v), w * u * (1 - v)])
            loads = np.round((loads + rng.normal(0, 0.04, loads.shape)) * 100) / 100
            block = np.column_stack([ts, loads, np.zeros(n)])
            np.savetxt(f, block, fmt=("%.6f", "%.3f", "%.3f", "%.3f", "%.3f", "%d"), delimiter=",")
            done += n
    return path


def peak_rss_mb(argv: list[str]) -> tuple[float, str]:
    """Run `argv` in a fresh wrapper process and return its child's peak RSS (MB) and stdout."""
    code = ("import resource, subprocess, sys\n"
            "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
            "r = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
            "print(r, p.returncode); sys.stdout.write(p.stdout[-2000:] + p.stderr[-2000:])\n")
    out = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True).stdout
    first, _, rest = out.partition("\n")
    maxrss, rc = first.split()
    scale = 1.0 if sys.platform == "darwin" else 1024.0  # ru_maxrss: bytes on macOS, KiB on Linux
    if rc != "0":
        raise RuntimeError(f"{' '.join(argv)} failed: {rest.strip()}")
    return int(maxrss) * scale / 1e6, rest


def recording_path(rows: int = ROWS) -> Path:
    path = Path(tempfile.gettempdir()) / f"poise-bench-{rows}.csv"
    if not path.exists():
        tmp = path.with_suffix(".part")
        make_recording(tmp, rows)
        os.replace(tmp, path)
    return path


def measure(rows: int = ROWS) -> tuple[float, float, str]:
    """(file MB, peak RSS MB, output) of `poise analyze` on a generated recording of `rows` rows."""
    path = recording_path(rows)
    mb, out = peak_rss_mb([sys.executable, "-m", "poise", "analyze", str(path), "--json"])
    return path.stat().st_size / 1e6, mb, out


if __name__ == "__main__":
    rows = int(sys.argv[sys.argv.index("--rows") + 1]) if "--rows" in sys.argv else ROWS
    size, mb, out = measure(rows)
    print(f"recording {size:.0f} MB ({rows} rows): poise analyze peak RSS {mb:.0f} MB")
    print(out.strip())
    print(f"(the recording stays in {recording_path(rows)} for the next run)")
