"""Protocols a clinician sets for the weekly check: validated like level files, played, recorded with
each assessment, and trends that compare like with like."""
from __future__ import annotations

import json
import re
import sys

import pytest

from conftest import ROOT
from poise.__main__ import main
from poise.game.clinic.progress import progress
from poise.game.storage.store import Storage

sys.path.insert(0, str(ROOT))
from bench.history import simulate_weeks  # noqa: E402

GOOD = """# Ana's weekly check, set by her physiotherapist
conditions = ["eyes-open", "eyes-closed"]
trials = 2
trial_s = 6.0
rest_s = 3.0
foam = true
note = "after the right ankle sprain"
"""


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "p.db")
    assert main(["players", "add", "Ana", "--db", path]) == 0
    return path


def test_set_show_play_and_clear(db, tmp_path, capsys):
    f = tmp_path / "ana.toml"
    f.write_text(GOOD, encoding="utf-8")
    assert main(["protocol", "show", "Ana", "--db", db]) == 0
    assert "no protocol set for Ana" in capsys.readouterr().out
    assert main(["protocol", "set", "Ana", str(f), "--db", db]) == 0
    assert "eyes-open, eyes-closed, eyes-open-foam, eyes-closed-foam; 2 × 6 s" in capsys.readouterr().err
    assert main(["protocol", "show", "Ana", "--db", db]) == 0
    shown = capsys.readouterr().out
    assert "from ana.toml" in shown and "note: after the right ankle sprain" in shown and 'trials = 2' in shown

    assert main(["demo", "--level", "balance-check", "--headless", "--player", "Ana", "--db", db]) == 0
    result = json.loads(capsys.readouterr().out)
    trials = result["details"]["trials"]
    assert [t["condition"] for t in trials if t["valid"]] == \
        ["eyes-open"] * 2 + ["eyes-closed"] * 2 + ["eyes-open-foam"] * 2 + ["eyes-closed-foam"] * 2
    assert result["details"]["trial_s"] == 6.0
    storage = Storage(db)
    (stored,) = storage.assessments(storage.player_id("Ana"))
    assert json.loads(stored["protocol_json"]) == {
        "level": "balance-check", "conditions": ["eyes-open", "eyes-closed", "eyes-open-foam", "eyes-closed-foam"],
        "trials": 2, "trial_s": 6.0, "rest_s": 3.0, "max_extra": 1, "foam": True, "source": "protocol:ana.toml"}

    assert main(["protocol", "clear", "Ana", "--db", db]) == 0
    assert "cleared" in capsys.readouterr().err
    assert main(["demo", "--level", "balance-check", "--headless", "--player", "Ana", "--db", db,
                 "--seconds", "24"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["details"]["protocol"] == ["eyes-open", "eyes-closed", "left-leg", "right-leg"]  # the standard again


@pytest.mark.parametrize("text,where,words", [
    (GOOD.replace("trials = 2", "trails = 2"), 3, "unknown key 'trails'; did you mean 'trials'?"),
    (GOOD.replace("trial_s = 6.0", "trial_s = -6.0"), 4, "key 'trial_s' must be a finite number greater than 0"),
    (GOOD.replace("trial_s = 6.0", "trial_s = 2.0"), 4, "trial_s must be at least 5 seconds"),
    (GOOD.replace("rest_s = 3.0", "rest_s = 1.0"), 5, "rest_s must be at least 3 seconds"),
    (GOOD.replace('"eyes-closed"]', '"eyes-shut"]'), 2, "unknown condition eyes-shut; known: eyes-open"),
    (GOOD.replace("foam = true", 'foam = "yes"'), 6, "key 'foam' must be bool"),
    (GOOD.replace("trials = 2\n", ""), 1, "missing key 'trials'"),
    (GOOD.replace("trials = 2", "trials = "), 3, "not valid TOML"),
    (GOOD + "[params]\ntrials = 3\n", 8, "unknown table [params]"),
])
def test_bad_protocol_files_name_the_file_line_and_key(db, tmp_path, capsys, text, where, words):
    f = tmp_path / "bad.toml"
    f.write_text(text, encoding="utf-8")
    assert main(["protocol", "set", "Ana", str(f), "--db", db]) == 1
    err = capsys.readouterr().err
    assert f"{f}:{where}:" in err and words in err and err.count("\n") == 1, err
    assert main(["protocol", "show", "Ana", "--db", db]) == 0
    assert "no protocol set" in capsys.readouterr().out  # nothing half-stored


def test_usage_mistakes_are_one_line(db, capsys):
    assert main(["protocol", "set", "Ana", "--db", db]) == 2
    assert "'protocol set' takes NAME FILE" in capsys.readouterr().err
    assert main(["protocol", "show", "Nobody", "--db", db]) == 1
    assert "no player called 'Nobody'" in capsys.readouterr().err


@pytest.mark.slow
def test_trends_compare_like_with_like_after_a_protocol_change(tmp_path):
    storage = Storage(tmp_path / "t.db")
    simulate_weeks(storage, "Ana", [0.5, 0.6], seed=4, trial_s=10.0)  # mixed in, four weeks would give a verdict
    import datetime as dt

    from bench.history import START
    simulate_weeks(storage, "Ana", [0.7, 0.75], seed=5, trial_s=12.0, start=START + dt.timedelta(weeks=2))
    p = progress(storage, "Ana")
    assert len({pt.week for pt in p.points}) == 2  # only the checks of the latest protocol's trial length
    assert all(v.verdict == "not enough data" for v in p.verdicts)
    others = [e for e in p.excluded if e["reason"].startswith("another protocol (10 s trials")]
    assert len(others) == 2


def test_named_presets_set_the_protocol_a_clinician_expects(tmp_path, capsys):
    import json

    db = str(tmp_path / "p.db")
    assert main(["players", "add", "Ana", "--db", db]) == 0
    assert main(["protocol", "set", "Ana", "--preset", "mctsib", "--db", db, "--clinician", "Dr K"]) == 0
    assert main(["protocol", "show", "Ana", "--json", "--db", db]) == 0
    shown = json.loads(capsys.readouterr().out)["protocol"]
    assert shown["played"] == ["eyes-open", "eyes-closed", "eyes-open-foam", "eyes-closed-foam"]
    assert (shown["trials"], shown["trial_s"], shown["source"], shown["clinician"]) == (3, 30.0, "preset mctsib", "Dr K")
    assert main(["protocol", "set", "Ana", "--preset", "bess", "--db", db]) == 0
    assert main(["protocol", "show", "Ana", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "left-leg-eyes-closed-foam" in out and "tandem-eyes-closed" in out and "20 s" in out
    assert not re.search(r"\d{4}-\d\d-\d\dT", out)  # a date as people write it, not an ISO stamp
    assert main(["protocol", "set", "Ana", "--preset", "romberg", str(tmp_path / "x.toml"), "--db", db]) == 2
    assert main(["protocol", "set", "Ana", "--preset", "nosuch", "--db", db]) == 2


@pytest.mark.slow
def test_the_bess_stances_play_on_the_simulated_board(tmp_path, capsys):
    import json

    db = str(tmp_path / "b.db")
    assert main(["players", "add", "Ana", "--db", db]) == 0
    assert main(["protocol", "set", "Ana", "--preset", "bess", "--db", db]) == 0
    assert main(["demo", "--level", "balance-check", "--player", "Ana", "--headless", "--db", db]) == 0
    result = json.loads(capsys.readouterr().out)
    conditions = {c for c in result["details"]["conditions"]} if "conditions" in result["details"] else set()
    played = [w for w in result["metrics"]]
    assert any(w.startswith("left-leg-eyes-closed-foam") for w in played), played
    assert any(w.startswith("tandem-eyes-closed ") for w in played) and result["saved"], (played, conditions)
