"""The signal core and the drivers never import pygame (docs/design.md layout rules)."""
import subprocess
import sys

from conftest import ROOT

BLOCK_PYGAME = "import sys; sys.modules['pygame'] = None\n"


def run_isolated(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", BLOCK_PYGAME + code], cwd=ROOT, capture_output=True, text=True)


def test_signal_core_imports_without_pygame():
    proc = run_isolated("import poise.game.core.pipeline, poise.game.core.sway, poise.game.core.analysis, poise.game.core.filters")
    assert proc.returncode == 0, proc.stderr


def test_drivers_import_without_pygame():
    proc = run_isolated("import poise.drivers, poise.drivers.sim, poise.drivers.keys")
    assert proc.returncode == 0, proc.stderr


def test_blocking_pygame_really_blocks_it():
    # guards the two tests above: if blocking did nothing they would prove nothing
    proc = run_isolated("import pygame")
    assert proc.returncode != 0
