"""The compiled AVR firmware, running in simavr with modelled HX711s, streaming to the real driver.

Needs Debian's gcc-avr, avr-libc, simavr and libsimavr-dev (.ci/run installs them); skipped without.
"""
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from helpers import poll_until, wait_until

FIRMWARE = ROOT / "hardware" / "firmware"
HARNESS = ROOT / "tests" / "emulation" / "simavr_hx711.c"
TOOLS = ["avr-gcc", "avr-objcopy", "simavr"]
missing_tools = [t for t in TOOLS if shutil.which(t) is None]
missing_headers = not Path("/usr/include/simavr/sim_avr.h").exists()
pytestmark = [pytest.mark.realtime, pytest.mark.skipif(
    bool(missing_tools) or missing_headers,
    reason=f"AVR toolchain or simavr not installed ({', '.join(missing_tools) or 'libsimavr-dev headers'}): "
           "apt-get install gcc-avr avr-libc simavr libsimavr-dev libelf-dev")]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("avr")
    subprocess.run(["make", "-s", "-C", str(FIRMWARE), f"OUT={out}"], check=True)
    harness = out / "simavr_hx711"
    subprocess.run(["cc", "-O2", "-I/usr/include/simavr", "-o", str(harness), str(HARNESS),
                    "-lsimavr", "-lelf", "-lm", "-lpthread"], check=True)
    return out / "poise_loadcell.elf", harness


def start(built, *args):
    elf, harness = built
    proc = subprocess.Popen([str(harness), str(elf), *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    for _ in range(10):  # simavr prints what it loaded first
        line = proc.stdout.readline()
        if line.startswith("PTY "):
            return proc, line.split()[1]
    proc.kill()
    raise AssertionError(f"the simavr harness never reported its pty (last line {line!r})")


def test_make_builds_a_hex_that_fits_the_atmega328p(built):
    elf, _ = built
    hexfile = elf.with_suffix(".hex")
    assert hexfile.exists() and hexfile.read_text().startswith(":")
    size = subprocess.run(["avr-size", str(elf)], capture_output=True, text=True, check=True).stdout.split("\n")[1]
    text, data, bss = (int(v) for v in size.split()[:3])
    assert text + data < 32 * 1024 - 512 and data + bss < 2048


def test_firmware_in_simavr_streams_80_frames_a_second_into_poise_monitor(built):
    proc, pty = start(built)
    try:
        mon = subprocess.run([sys.executable, "-m", "poise", "monitor", "--board", f"serial://{pty}", "--json",
                              "--seconds", "3"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    finally:
        proc.terminate()
        proc.wait(timeout=5)
    assert mon.returncode == 0, mon.stderr
    rows = [json.loads(line) for line in mon.stdout.splitlines()]
    # 80 a second on the microcontroller's own clock, whose simulation a busy machine may slow down
    board_t = [r["board_t"] for r in rows]
    steps = [b - a for a, b in zip(board_t, board_t[1:])]
    assert len(rows) > 80 and (len(rows) - 1) / (board_t[-1] - board_t[0]) == pytest.approx(80.0, abs=0.5)
    assert max(steps) < 1.5 / 80 and min(steps) > 0.5 / 80  # none missing, none repeated
    summary = mon.stderr.strip().splitlines()[-1]
    assert " 0 lost, 0 corrupt frames" in summary, summary
    kg_per_count = 1 / 18000
    for r in rows:  # the modelled chips: 100000 * (ch + 1) + 2000 * sin(pi t) counts
        for ch, corner in enumerate(("tl", "tr", "bl", "br")):
            assert abs(r[corner] / kg_per_count - 100000 * (ch + 1)) <= 2000 + 0.0005 / kg_per_count  # 3-decimal kg


def test_a_chip_that_never_answers_is_reported(built):
    proc, pty = start(built, "--missing", "1")
    try:
        from poise.drivers import open_board
        board = open_board(f"serial://{pty}")
        samples = poll_until(board, bool)
        named = wait_until(lambda: "corner tr (front right) not answering" in board.status().message)
        board.close()
    finally:
        proc.terminate()
        proc.wait(timeout=5)
    assert samples and all(s.tr == 0.0 and s.invalid == 0b0010 for s in samples)  # kept raw, marked unusable
    assert named, board.status()
