"""A full disk: every writer stops with one line naming the path and "disk full", leaves no truncated or
empty file (and no temporary one) behind, exits 1; an intact database on a full disk is never called
damaged. The disk is a small tmpfs (mounting needs root: skipped, with the reason, otherwise)."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from poise.testing import catalogue
from poise.game.cli.main import main
from poise.game.storage.store import Storage

levels = catalogue()

pytestmark = pytest.mark.slow


def _fill(path, block: int) -> None:
    """Append to `path` until the disk refuses (unbuffered: no write is left to fail at close)."""
    with open(path, "ab", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * block)
        except OSError:
            pass


@pytest.fixture
def full_disk(tmp_path):
    """A 1 MiB file system with a database on it, then filled to the last few kB."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a full disk is made with a small tmpfs, which needs root to mount")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        db = mount / "poise.db"
        storage = Storage(db)
        storage.player_id("Ana", create=True)
        storage.close()
        _fill(mount / "filler", 4096)
        yield mount, db
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_every_writer_on_a_full_disk_says_so_in_one_line_and_leaves_nothing(capsys, full_disk, tmp_path):
    disk, full_db = full_disk
    db = tmp_path / "home.db"  # the database on another disk: the outputs go to the full one (a USB stick)
    Storage(db).player_id("Ana", create=True)
    rec = disk.parent / "r.csv"
    rec.write_text("# poise-recording: 1\nt,tl,tr,bl,br\n" +
                   "".join(f"{i / 100:.6f},10.000,10.000,10.000,10.000\n" for i in range(3000)))
    cases = [
        (["report", "Ana", "--pdf", disk / "r.pdf"], disk / "r.pdf"),
        (["progress", "Ana", "--csv", disk / "p.csv"], disk / "p.csv"),
        (["replay", rec, "--out", disk / "replay.csv"], disk / "replay.csv"),
        (["record", "--board", "sim://", "--seconds", "0.5", "--out", disk / "rec.csv"], disk / "rec.csv"),
        (["export", "Ana", "--out", disk / "export"], disk / "export"),
        (["db", "backup", disk / "backup.db"], disk / "backup.db"),
    ]
    for argv, target in cases:
        code = main([str(a) for a in argv] + ["--db", str(db)], levels=lambda: levels)
        err = capsys.readouterr().err
        assert code == 1, (argv, err)
        assert err.count("\n") == 1 and "disk full" in err and str(target) in err, (argv, err)
        assert "Traceback" not in err and not target.exists(), argv
    assert sorted(p.name for p in disk.iterdir()) == ["filler", "poise.db"]  # no temporary file left

    # an intact database on the full disk: one line that says so, never "damaged" or "move it aside"
    for argv in (["players", "add", "Bo"], ["players", "list"], ["db", "check"]):
        code = main([*argv, "--db", str(full_db)])
        out, err = capsys.readouterr()
        assert code in (0, 1), (argv, err)
        assert "damaged" not in out + err and "aside" not in out + err and "Traceback" not in err, (argv, err)
        if code:
            assert err.count("\n") == 1 and "disk" in err and "full" in err, (argv, err)
    os.unlink(disk / "filler")
    assert main(["players", "list", "--db", str(full_db)]) == 0 and capsys.readouterr().out.startswith("Ana")


def test_a_screenshot_on_a_full_disk_is_not_an_empty_png(capsys, full_disk, tmp_path):
    disk, _ = full_disk
    os.unlink(disk / "poise.db")  # room for the PNG's folder entry, none for its data
    _fill(disk / "filler", 512)
    code = main(["demo", "--level", "slalom", "--headless", "--seconds", "1", "--fps", "30",
                 "--screenshot", str(disk / "s.png"), "--db", str(tmp_path / "ok.db")], levels=lambda: levels)
    err = capsys.readouterr().err
    assert code == 1 and "disk full" in err and str(disk / "s.png") in err
    assert not (disk / "s.png").exists() and not list(disk.glob("*.part"))
