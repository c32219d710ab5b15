"""No command overwrites its own input, the database (or its -wal, -shm), or what the rescue folder holds;
every file Poise writes is private (0600, folders 0700) unless the user says otherwise (--shared, or a
folder a group shares), and is written whole or not at all."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from poise.testing import catalogue
from poise.drivers import files
from poise.game.cli.main import main
from poise.game.storage import rescue
from poise.game.storage.store import Storage

levels = catalogue()

RECORDING = "# poise-recording: 1\nt,tl,tr,bl,br\n" + "".join(
    f"{i / 100:.6f},10.000,10.000,10.000,{10 + i % 3:.3f}\n" for i in range(300))


def _run(capsys, *argv) -> tuple[int, str]:
    code = main([str(a) for a in argv], levels=lambda: levels)
    return code, capsys.readouterr().err


@pytest.fixture
def home(tmp_path):
    db = tmp_path / "poise.db"
    assert main(["players", "add", "Ana", "--db", str(db)]) == 0
    rec = tmp_path / "r.csv"
    rec.write_text(RECORDING)
    return tmp_path, db, rec


def _intact(db: Path) -> None:
    storage = Storage(db)
    assert [p["name"] for p in storage.players()] == ["Ana"]
    storage.close()


def test_no_output_replaces_an_input_or_the_database(capsys, home):
    tmp, db, rec = home
    Storage(db).close()
    link = tmp / "link.csv"
    link.symlink_to(db)
    hard = tmp / "hard.db"
    os.link(db, hard)
    before = rec.read_bytes()
    cases = [
        (["replay", rec, "--out", rec], "this command's own input"),
        (["record", "--board", f"replay://{rec}", "--seconds", "1", "--out", rec], "this command's own input"),
        (["progress", "Ana", "--csv", db], "is the database"),
        (["progress", "Ana", "--csv", f"{db}-wal"], "is the database (wal file)"),
        (["progress", "Ana", "--png", tmp / "x.png", "--csv", tmp / "x.png"], "this command's own input"),
        (["progress", "Ana", "--csv", link], "is the database"),
        (["progress", "Ana", "--csv", hard], "is the database"),
        (["report", "Ana", "--pdf", f"{db}-shm"], "is the database (shm file)"),
        (["record", "--board", "sim://", "--seconds", "1", "--out", db], "is the database"),
        (["replay", rec, "--out", db], "is the database"),
        (["demo", "--level", "slalom", "--headless", "--screenshot", db], "is the database"),
        (["db", "backup", db], "is the database"),
        (["db", "backup", hard], "is the database"),
        (["progress", "Ana", "--csv", rescue.rescue_folder() / "x.csv"], "in the rescue folder"),
    ]
    rescue.private_folder()
    for argv, words in cases:
        code, err = _run(capsys, *argv, "--db", db)
        assert code == 2 and words in err and err.count("\n") == 1, (argv, err)
    code, err = _run(capsys, "db", "copy", db, hard)
    assert code == 2 and "same database" in err
    assert rec.read_bytes() == before
    _intact(db)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_every_output_is_private_unless_shared(capsys, home, umask_022):
    tmp, db, rec = home
    outputs = {
        "replay": (["replay", rec, "--out", tmp / "replay.csv"], tmp / "replay.csv"),
        "csv": (["progress", "Ana", "--csv", tmp / "p.csv", "--png", tmp / "p.png"], tmp / "p.png"),
        "pdf": (["report", "Ana", "--pdf", tmp / "r.pdf"], tmp / "r.pdf"),
        "record": (["record", "--board", "sim://", "--seconds", "0.2", "--out", tmp / "rec.csv"], tmp / "rec.csv"),
        "backup": (["db", "backup", tmp / "b.db"], tmp / "b.db"),
        "export": (["export", "Ana", "--out", tmp / "ex"], tmp / "ex" / "manifest.json"),
    }
    for argv, path in outputs.values():
        assert _run(capsys, *argv, "--db", db)[0] == 0, argv
        assert _mode(path) == 0o600, path
    assert _mode(tmp / "p.csv") == 0o600 and _mode(tmp / "ex") == 0o700 and _mode(tmp / "ex" / "data") == 0o700
    assert _mode(db) == 0o600

    shared = tmp / "shared"
    shared.mkdir()
    for kind in ("replay", "record", "backup", "export"):  # --shared: the umask decides (0022: readable by others)
        argv, path = outputs[kind]
        argv = [shared / Path(a).name if isinstance(a, Path) and a.parent == tmp and a != rec else a for a in argv]
        assert _run(capsys, *argv, "--shared", "--db", db)[0] == 0, argv
        assert _mode(shared / path.relative_to(tmp)) == 0o644, argv
    clinic = tmp / "clinic"
    clinic.mkdir()
    os.chmod(clinic, 0o2770)  # a folder a group shares: the umask decides there without --shared
    assert _run(capsys, "progress", "Ana", "--png", clinic / "p.png", "--db", db)[0] == 0
    assert _mode(clinic / "p.png") == 0o644


def test_a_write_that_fails_leaves_what_was_there(tmp_path):
    target = tmp_path / "report.csv"
    target.write_text("the old report\n")
    with pytest.raises(RuntimeError):
        with files.atomic_write(target) as f:
            f.write("half of a new")
            raise RuntimeError("interrupted")
    assert target.read_text() == "the old report\n" and os.listdir(tmp_path) == ["report.csv"]


def test_a_rescued_file_is_never_written_through_a_link(tmp_path):
    folder = rescue.private_folder()
    victim = tmp_path / "profile"
    victim.write_text("mine\n")
    (folder / "x.csv").symlink_to(victim)
    with pytest.raises(FileExistsError):
        files.create_private(folder / "x.csv", b"planted")
    assert victim.read_text() == "mine\n"
    path = rescue.save({"level": "slalom", "score": 1.0, "stars": 1, "started_at": "2026-01-01T00:00:00+00:00"},
                       RECORDING, folder)
    assert _mode(path) == 0o600 and _mode(folder) == 0o700
