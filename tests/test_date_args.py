"""Every date and range argument is checked as a kind: a malformed date, one outside 1900-2100, a reversed
range, an empty one: one line and exit 2, never a traceback; the edges of the range work."""
from __future__ import annotations

import pytest

from poise.testing import catalogue
from poise.game.cli.main import main

levels = catalogue()


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "d.db")
    assert main(["players", "add", "Ana", "--db", path]) == 0
    return path


@pytest.mark.parametrize("args, words", [
    (["--from", "9999-12-31"], "outside 1900-01-01 to 2100-12-31"),
    (["--to", "0001-01-01"], "outside 1900-01-01 to 2100-12-31"),
    (["--from", "2026-02-30"], "is not a date like"),
    (["--from", "2026-13-01"], "is not a date like"),
    (["--to", ""], "is not a date like"),
    (["--from", "yesterday"], "is not a date like"),
    (["--from", "2026-05-02", "--to", "2026-05-01"], "--from 2026-05-02 is after --to 2026-05-01"),
])
def test_a_bad_date_or_range_is_one_line(capsys, tmp_path, db, args, words):
    assert main(["report", "Ana", "--pdf", str(tmp_path / "r.pdf"), *args, "--db", db], levels=lambda: levels) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.parametrize("args", [["--from", "2100-12-31"], ["--to", "1900-01-01"],
                                  ["--from", "1900-01-01", "--to", "2100-12-31"], ["--from", " 2026-05-01 "]])
def test_the_edges_of_the_range_make_a_report(capsys, tmp_path, db, args):
    assert main(["report", "Ana", "--pdf", str(tmp_path / "r.pdf"), *args, "--db", db], levels=lambda: levels) == 0
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
