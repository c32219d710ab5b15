"""The command line: every bad number, path or environment stops with one line and a non-zero exit."""
from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from poise.testing import catalogue
from poise.game.cli import main as cli
from poise.game.cli.main import build_parser, display_problem, main

levels = catalogue()

HS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _one_line_error(capsys, argv, start: str, code: int = 2) -> str:
    """A usage error (exit status 2) or, with code=1, a failure at run time: one line on stderr."""
    assert main(argv, levels=lambda: levels) == code
    err = capsys.readouterr().err
    assert err.startswith(start) and err.count("\n") == 1, err
    return err


@pytest.mark.parametrize("argv, flag", [
    (["demo", "--level", "single-leg-hold", "--seconds", "nan"], "--seconds"),
    (["demo", "--level", "single-leg-hold", "--seconds", "inf"], "--seconds"),
    (["calibrate", "--mass", "nan"], "--mass"),
    (["calibrate", "--mass", "inf"], "--mass"),
    (["calibrate", "--mass", "1e-300"], "--mass"),
    (["record", "--board", "sim://", "--seconds", "nan", "--out", "x.csv"], "--seconds"),
    (["monitor", "--seconds=-inf"], "--seconds"),
    (["progress", "Ana", "--weeks", "0"], "--weeks"),
    (["players", "add", "Ana", "--height", "nan"], "--height"),
    (["demo", "--level", "single-leg-hold", "--fps", "1e9"], "--fps"),
])
def test_bad_numbers_name_the_flag_and_the_range(capsys, argv, flag):
    err = _one_line_error(capsys, argv, f"poise {argv[0]}: argument {flag}: must be a ")
    assert " from " in err or " between " in err or "greater than" in err


def test_a_step_off_the_ladder_is_refused_not_clamped(capsys, tmp_path):
    steps = levels.spec("single-leg-hold").params.steps
    code = main(["demo", "--level", "single-leg-hold", "--step", "99", "--headless", "--db", str(tmp_path / "t.db")],
                levels=lambda: levels)
    assert code == 2
    assert capsys.readouterr().err == (f"poise demo: --step must be a whole number from 0 to {steps - 1} for "
                                       "single-leg-hold, not 99\n")


FLAGS = {"demo --seconds": ("demo", "--seconds", cli.DEMO_SECONDS, True, False),
         "monitor --seconds": ("monitor", "--seconds", cli.SECONDS, True, False),
         "calibrate --mass": ("calibrate", "--mass", cli.MASS_KG, False, False),
         "players --height": ("players", "--height", cli.HEIGHT_CM, False, False),
         "players --weight": ("players", "--weight", cli.WEIGHT_KG, False, False),
         "demo --fps": ("demo", "--fps", cli.FPS, False, True),
         "progress --weeks": ("progress", "--weeks", cli.WEEKS, False, True)}
PREFIX = {"demo": ["demo", "--level", "x"], "monitor": ["monitor"], "calibrate": ["calibrate"],
          "players": ["players"], "progress": ["progress", "Ana"]}


@HS
@given(which=st.sampled_from(sorted(FLAGS)),
       text=st.one_of(st.floats().map(repr), st.integers(-10**6, 10**6).map(str), st.text(max_size=12),
                      st.sampled_from(["nan", "inf", "-inf", "1e-300", "1e300", "0", "", " 5 ", "1_0", "0x10"])))
def test_any_flag_value_is_in_range_or_a_one_line_error(capsys, which, text):
    command, flag, (lo, hi), lo_open, integer = FLAGS[which]
    parser = build_parser()
    try:
        args = parser.parse_args(PREFIX[command] + [f"{flag}={text}"])
    except SystemExit as exc:
        assert exc.code == 2
        err = capsys.readouterr().err
        assert err.startswith(f"poise {command}: ") and err.count("\n") == 1, err
        return
    value = getattr(args, flag.lstrip("-"))
    assert isinstance(value, int if integer else float) and math.isfinite(value)
    assert (value > lo if lo_open else value >= lo) and value <= hi


def test_record_into_a_missing_folder_is_one_line(capsys, tmp_path):
    code = main(["record", "--board", "sim://", "--seconds", "0.1", "--out", str(tmp_path / "missing" / "x.csv")])
    assert code == 1  # a failure at run time, not a usage error
    assert capsys.readouterr().err == f"poise record: --out {tmp_path / 'missing' / 'x.csv'}: the folder " \
                                      f"{tmp_path / 'missing'} does not exist\n"


@pytest.mark.parametrize("board", ["keys://", "replay://some.csv"])
def test_calibrate_refuses_boards_without_load_cells(capsys, tmp_path, board):
    assert main(["calibrate", "--board", board, "--db", str(tmp_path / "t.db")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("poise calibrate: a ") and "cannot be calibrated" in err and err.count("\n") == 1


def test_play_without_a_display_says_so(capsys, tmp_path, monkeypatch):
    assert display_problem({}, "linux").startswith("no display: neither DISPLAY nor WAYLAND_DISPLAY")
    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({}, "win32") is None
    assert "SDL_VIDEODRIVER=dummy" in display_problem({"SDL_VIDEODRIVER": "dummy", "DISPLAY": ":0"}, "linux")
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")  # as in every test: play would run invisibly for ever
    assert main(["play", "--db", str(tmp_path / "t.db")], levels=lambda: levels) == 1
    err = capsys.readouterr().err
    assert err.startswith("poise play: SDL_VIDEODRIVER=dummy shows no window") and err.count("\n") == 1


def test_progress_without_checks_says_so_and_png_says_where(capsys, tmp_path):
    db = str(tmp_path / "t.db")
    assert main(["players", "add", "Ana", "--db", db]) == 0
    assert main(["progress", "Ana", "--db", db]) == 0
    assert capsys.readouterr().out == "no weekly checks yet for Ana: run the Weekly balance check\n"
    png = tmp_path / "r.png"
    assert main(["progress", "Ana", "--png", str(png), "--db", db]) == 0
    assert png.exists() and f"wrote {png}\n" in capsys.readouterr().err
    _one_line_error(capsys, ["progress", "Ana", "--csv", str(tmp_path / "no" / "x.csv"), "--db", db],
                    f"poise progress: --csv {tmp_path / 'no' / 'x.csv'}: the folder {tmp_path / 'no'} does not exist", code=1)


@pytest.mark.parametrize("flag, name, words", [
    ("--png", "x.txt", "name a .png file"),  # matplotlib would write a text-named PNG, or fail on the format
    ("--png", "noext", "name a .png file"),  # ... or add .png itself and leave "wrote noext" untrue
    ("--png", ".", "is a folder"),
    ("--csv", ".", "is a folder"),
])
def test_progress_output_files_that_cannot_be_written_as_named_are_refused_first(capsys, tmp_path, flag, name, words):
    db = str(tmp_path / "t.db")
    assert main(["players", "add", "Ana", "--db", db]) == 0
    path = tmp_path / name if name != "." else tmp_path
    err = _one_line_error(capsys, ["progress", "Ana", flag, str(path), "--db", db], f"poise progress: {flag} ")
    assert words in err
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("t.db")] == []  # nothing written


@pytest.mark.parametrize("shot, words", [(".", "is a folder"), ("", "is a folder"), ("/dev/null/x.png", "is a file")])
def test_a_screenshot_path_that_cannot_be_written_is_refused_before_playing(capsys, tmp_path, shot, words):
    db = tmp_path / "t.db"
    path = str(tmp_path) if shot == "." else shot
    err = _one_line_error(capsys, ["demo", "--level", "tracking", "--seconds", "2", "--headless", "--screenshot", path,
                                   "--db", str(db)], "poise demo: --screenshot ", code=1 if words == "is a file" else 2)
    assert words in err and not db.exists()  # refused before anything was opened or played


def test_a_screenshot_that_fails_mid_demo_costs_neither_the_result_nor_its_storing(capsys, tmp_path):
    import json

    from poise.game.storage.store import Storage

    (tmp_path / "s-results.png").mkdir()  # the results screenshot cannot be written
    db = tmp_path / "t.db"
    assert main(["demo", "--level", "tracking", "--seconds", "2", "--headless", "--screenshot", str(tmp_path / "s.png"),
                 "--db", str(db)], levels=lambda: levels) == 1  # what was asked for was not all done
    out, err = capsys.readouterr()
    assert json.loads(out)["saved"] and (tmp_path / "s.png").exists()
    assert f"screenshot not saved: {tmp_path / 's-results.png'}: " in err
    assert len(Storage(db).attempts(Storage(db).player_id("Demo"))) == 1


@pytest.mark.parametrize("url, words", [("sim://?noise=0.5", "noisy"), ("sim://?zero=50", "")])
def test_calibrate_that_gives_up_says_why_in_one_line(capsys, tmp_path, url, words):
    err = _one_line_error(capsys, ["calibrate", "--board", url, "--mass", "20", "--yes", "--db", str(tmp_path / "c.db")],
                          "poise calibrate: ", code=1)
    assert words in err and "Traceback" not in err


def test_export_never_overwrites_or_mixes(capsys, tmp_path):
    db = str(tmp_path / "t.db")
    assert main(["players", "add", "Ana", "--db", db]) == 0
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "README.md").write_text("my notes", encoding="utf-8")
    assert main(["export", "Ana", "--out", str(mine), "--db", db]) == 1
    assert capsys.readouterr().err == (f"poise export: --out {mine} is not empty: export into a new or empty folder "
                                       "(nothing there was changed)\n")
    assert (mine / "README.md").read_text(encoding="utf-8") == "my notes" and len(list(mine.iterdir())) == 1
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    assert main(["export", "Ana", "--out", str(afile), "--db", db]) == 1
    assert "is a file, not a folder" in capsys.readouterr().err
    assert main(["export", "Ana", "--out", str(afile / "sub"), "--db", db]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"poise export: --out {afile / 'sub'}: cannot create the folder") and err.count("\n") == 1
    assert main(["export", "Ana", "--out", str(tmp_path / "new"), "--db", db]) == 0
    assert (tmp_path / "new" / "README.md").exists()
