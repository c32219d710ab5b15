"""Stopping `poise record` any way (Ctrl-C, SIGTERM, the terminal closing) leaves a valid recording of what
was captured, with a note of how it ended; samples go to disk as they are taken (a temporary file beside
the target, renamed into place at the end), so memory stays bounded however long it runs."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from poise.drivers import recording

pytestmark = pytest.mark.realtime


def _wait_for(condition, what: str, limit_s: float = 60.0) -> None:
    end = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < end, f"waited {limit_s:g} s for {what}"
        time.sleep(0.05)


def _growing(folder: Path, name: str) -> Path | None:
    parts = list(folder.glob(f".{name}.*.part"))
    return parts[0] if parts and parts[0].stat().st_size > 2000 else None


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_recording_stopped_by_a_signal_is_kept_with_a_note(tmp_path, sig):
    out = tmp_path / "r.csv"
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    proc = subprocess.Popen([sys.executable, "-m", "poise", "record", "--board", "sim://?seed=2", "--seconds", "600",
                             "--out", str(out)], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(lambda: _growing(tmp_path, out.name) is not None, "samples on disk before the end")
        assert not out.exists()  # the name appears only when the recording is complete
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 128 + sig, err
    rec = recording.read(out)  # a valid recording
    assert len(rec.data) > 10 and rec.meta["ended"].startswith(f"stopped by {sig.name} after ")
    assert f"({'stopped by ' + sig.name})" in err and "Traceback" not in err
    assert not list(tmp_path.glob("*.part"))  # nothing half written left behind
    assert oct(out.stat().st_mode & 0o777) == "0o600"


def test_a_recording_that_runs_its_time_says_so(tmp_path):
    from poise.game.cli.main import main

    out = tmp_path / "r.csv"
    assert main(["record", "--board", "sim://?seed=3", "--seconds", "0.3", "--out", str(out)]) == 0
    rec = recording.read(out)
    assert rec.meta["ended"].startswith("complete after ") and len(rec.data) > 3


def test_samples_are_written_as_they_come_not_kept(tmp_path, monkeypatch):
    """Memory stays bounded: the recorder keeps no list of samples; each poll's rows are written at once."""
    from poise.game.cli import signal_commands

    written: list[int] = []
    real = signal_commands.recording.rows_text

    def counting(rows, columns):
        rows = list(rows)
        written.append(len(rows))
        return real(rows, columns)

    monkeypatch.setattr(signal_commands.recording, "rows_text", counting)
    out = tmp_path / "r.csv"
    assert signal_commands.record("sim://?seed=4", 0.3, out) == 0
    assert len(written) > 3 and max(written) < sum(written) / 2  # many small writes, none holding it all
    assert len(recording.read(out).data) == sum(written)
