"""Two OS accounts on one machine never see, lose or import each other's data: each has its own database,
rescue folder, exports and reports, private to it; an attempt another account plants (or a link it plants)
in the old shared rescue folder is not imported, and nothing is written through a link.

Runs Poise as two throwaway accounts (uids 65533 and 65534) with setpriv; needs root to switch accounts,
and is skipped, with the reason, otherwise."""
from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

from conftest import ROOT

ALICE, BOB = 65533, 65534
RECORDING = "# poise-recording: 1\nt,tl,tr,bl,br\n0.000000,10.000,10.000,10.000,10.000\n0.010000,10.000,10.000,10.000,10.100\n"


def _interpreter() -> list[str] | None:
    """A Python another account can run with Poise importable: this one, or the system's of the same version
    with this environment's packages added (when this one lives in a folder only root may enter)."""
    site = sysconfig.get_paths()["purelib"]
    boot = ("import runpy, site, sys; site.addsitedir({site!r}); sys.argv[0] = 'poise'; "
            "runpy.run_module('poise', run_name='__main__', alter_sys=True)").format(site=site)
    for python in (sys.executable, f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}"):
        candidate = [python, "-c", boot]
        probe = subprocess.run(["setpriv", f"--reuid={BOB}", f"--regid={BOB}", "--clear-groups", *candidate,
                                "--version"], capture_output=True, text=True, cwd="/", timeout=120)
        if probe.returncode == 0:
            return candidate
    return None


@pytest.fixture(scope="module")
def machine():
    """A shared /tmp-like folder, a home for each account, and how to run Poise as either."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("switching accounts needs root and setpriv (util-linux); run the suite as root to check "
                    "that two accounts never see each other's data")
    python = _interpreter()
    if python is None:
        pytest.skip("no Python that another account may run with Poise's packages")
    root = Path(tempfile.mkdtemp(prefix="poise-accounts-", dir="/tmp"))
    os.chmod(root, 0o1777)  # like /tmp: everyone may create, only owners may remove
    homes = {}
    for uid in (ALICE, BOB):
        home = root / f"home-{uid}"
        home.mkdir(mode=0o755)  # a home others may enter: Poise's own folders must be private regardless
        os.chown(home, uid, uid)
        homes[uid] = home

    def run(uid: int, *argv: str, code: str | None = None) -> subprocess.CompletedProcess:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(homes[uid]), "TMPDIR": str(root),
               "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "LANG": "C.UTF-8", "POISE_STATION": "pc"}
        command = python[:2] + [code] if code else python + list(argv)
        return subprocess.run(["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", *command],
                              capture_output=True, text=True, env=env, cwd=homes[uid], timeout=600)

    yield root, homes, run
    shutil.rmtree(root, ignore_errors=True)


def _rescue(run, uid: int, score: float) -> Path:
    """An attempt the database could not take, kept by the game's own rescue code as account `uid`."""
    result = {"level": "slalom", "player": f"P{uid}", "score": score, "stars": 1, "started_at": "2026-03-02T10:00:00+00:00",
              "duration_s": 0.01, "samples": 2, "metrics": {}}
    code = ("import site, sys, json; site.addsitedir({site!r}); sys.path[:0] = [{root!r}]\n"
            "from poise.game.storage import rescue\n"
            "import uuid\n"
            "print(rescue.save(json.loads({result!r}) | {{'uid': str(uuid.uuid4())}}, {csv!r}))\n").format(
        site=sysconfig.get_paths()["purelib"], root=str(ROOT), result=json.dumps(result), csv=RECORDING)
    done = run(uid, code=code)
    assert done.returncode == 0, done.stderr
    return Path(done.stdout.strip())


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_two_accounts_never_see_lose_or_import_each_others_data(machine):
    root, homes, run = machine
    for uid in (ALICE, BOB):
        done = run(uid, "players", "add", f"P{uid}", "--birth-year", "1960")
        assert done.returncode == 0, done.stderr
    db = {uid: homes[uid] / ".local" / "share" / "poise" / "poise.db" for uid in (ALICE, BOB)}
    for uid in (ALICE, BOB):
        assert _mode(db[uid]) == 0o600 and _mode(db[uid].parent) == 0o700

    # both are rescued at once: neither loses its attempt to the other's folder
    kept = {uid: _rescue(run, uid, 10.0 + uid % 7) for uid in (ALICE, BOB)}
    for uid, path in kept.items():
        assert path.is_relative_to(homes[uid] / ".local" / "state" / "poise" / "rescue")
        assert _mode(path.parent) == 0o700 and _mode(path) == 0o600 and _mode(path.with_suffix(".csv")) == 0o600
        assert os.stat(path).st_uid == uid

    # Bob cannot read Alice's database, rescue, or plant an attempt in her folder
    peek = ("import sys\nfor p in sys.argv[1:]:\n    try:\n        open(p, 'rb').read(1); print('READ', p)\n"
            "    except OSError: pass\n")
    done = run(BOB, code=peek.replace("sys.argv[1:]", repr([str(db[ALICE]), str(kept[ALICE])])))
    assert "READ" not in done.stdout
    plant = f"open({str(kept[ALICE].parent / 'evil.json')!r}, 'w').write('{{}}')"
    assert run(BOB, code=plant).returncode != 0

    # Bob plants a high score and a link to Alice's profile in the old shared folder (<tmp>/poise-unsaved)
    legacy = root / "poise-unsaved"
    planted = ("import json, os, pathlib\nd = pathlib.Path({legacy!r}); d.mkdir(exist_ok=True); os.chmod(d, 0o777)\n"
               "(d / 'evil.json').write_text(json.dumps({{'level': 'slalom', 'player': 'P{alice}', 'score': 1000.0, "
               "'stars': 3, 'started_at': '2026-03-02T11:00:00+00:00', 'uid': '6f1c2f52-6f1c-4f52-8f1c-2f526f1c2f52'}}))\n"
               "(d / 'evil.csv').write_text({csv!r})\n"
               "os.symlink({profile!r}, d / 'link.json'); os.symlink({profile!r}, d / 'link.csv')\n").format(
        legacy=str(legacy), alice=ALICE, csv=RECORDING, profile=str(homes[ALICE] / ".profile"))
    assert run(BOB, code=planted).returncode == 0

    done = run(ALICE, "db", "recover")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "poise db recover: 1 attempt imported, 0 already in the database\n"
    assert (legacy / "evil.json").exists()  # Bob's file is left as it was, for Bob to recover into his own database
    done = run(BOB, "db", "recover")  # his own rescue, and his own file in the shared folder
    assert done.stdout == "poise db recover: 2 attempts imported, 0 already in the database\n", done.stderr
    for uid in (ALICE, BOB):
        listing = run(uid, "progress", f"P{uid}", "--json")
        assert listing.returncode == 0, listing.stderr
        assert json.loads(listing.stdout)["history"]["bests"] == {"slalom": 10 + uid % 7}
    alice = run(ALICE, "export", f"P{ALICE}", "--out", str(homes[ALICE] / "export"))
    assert alice.returncode == 0, alice.stderr
    attempts = (homes[ALICE] / "export" / "attempts.csv").read_text().splitlines()[1:]
    assert len(attempts) == 1 and ",1000," not in attempts[0]  # Bob's planted score was not imported
    assert not (homes[ALICE] / ".profile").exists()  # nothing written through Bob's link

    # Alice's outputs are hers alone
    series = run(ALICE, "progress", f"P{ALICE}", "--csv", str(homes[ALICE] / "p.csv"))
    assert series.returncode == 0, series.stderr
    for path in (homes[ALICE] / "p.csv", homes[ALICE] / "export", homes[ALICE] / "export" / "attempts.csv"):
        assert _mode(path) in (0o600, 0o700), path
    done = run(BOB, code=peek.replace("sys.argv[1:]", repr([str(homes[ALICE] / "p.csv"),
                                                            str(homes[ALICE] / "export" / "attempts.csv")])))
    assert "READ" not in done.stdout
