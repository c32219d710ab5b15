"""The honest board table: docs/boards.md and `poise boards` say the same thing (drivers/paths.py)."""
import json
import os
import subprocess
import sys

from conftest import ROOT

from poise.drivers.paths import PATHS, limits_for


def test_the_page_has_every_row_of_the_table():
    page = (ROOT / "docs" / "boards.md").read_text()
    for p in PATHS:
        for cell in (p.zeroing, p.clamps, p.spikes, p.rates, p.timing):
            assert f" {cell} |" in page, (p.url, cell)


def test_every_scheme_has_a_row():
    from poise.drivers import REGISTRY

    assert all(limits_for(f"{scheme}://") is not None for scheme in REGISTRY)


def test_poise_boards_prints_the_same_table():
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tests" / "emulation"), "POISE_HID_MODULE": "wii_emulation",
           "POISE_EMU_BOARDS": "0"}
    out = subprocess.run([sys.executable, "-m", "poise", "boards"], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    for p in PATHS:
        assert f"zeroing: {p.zeroing}" in out.stdout and f"clamps: {p.clamps}" in out.stdout
    listed = subprocess.run([sys.executable, "-m", "poise", "boards", "--json"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    sim = [f for f in json.loads(listed.stdout) if f["url"] == "sim://"]
    assert sim[0]["corrects"]["zeroing"] == limits_for("sim://").zeroing
