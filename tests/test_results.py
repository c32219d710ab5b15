"""Results are data: a level's result is validated before anything is stored (refused whole, in one line naming
the level), its messages are keys with arguments put into words only when shown, and what was stored before
messages existed is shown as it was."""
from __future__ import annotations

import dataclasses
import json
import math
import textwrap
from importlib.metadata import EntryPoint

import pytest

from poise import testing
from poise.__main__ import main
from poise.api import (Assessment, AssessmentTrial, LevelResult, Message, Part, StabilityLimits, Window)
from poise.game.level.catalogue import GROUP, Catalogue
from poise.game.level.messages import GAME, note_data, note_text, part_rows, render, rows
from poise.game.level.result import ResultError, as_data, record_data, record_from_data, validate
from poise.game.storage.store import Storage
from helpers import sql

TEMPLATES = {**GAME, "zone.time_on_leg": ("Time on the {leg} leg", "{s:.1f} s"), "zone.part": "{leg} leg",
             "zone.plain": ("Plain", "nothing to fill")}
GOOD = LevelResult(812, 2, {"in_zone_s": 12.4, "legs": ["left", "right"], "not_lifted": [], "best": None},
                   [Window("left", 1.0, 5.0)], [Message("zone.time_on_leg", {"leg": "left", "s": 12.4})],
                   [Part("zone.part", 0.8, {"leg": "left"})])


def test_a_good_result_passes_whole_and_is_stored_as_data():
    checked = validate("zone", GOOD, TEMPLATES)
    assert as_data(checked) == {"score": 812, "stars": 2, "details": GOOD.details,
                                "messages": [["zone.time_on_leg", {"leg": "left", "s": 12.4}]],
                                "parts": [["zone.part", 0.8, {"leg": "left"}]], "records": []}
    plain = validate("zone", dataclasses.replace(GOOD, messages=[("zone.plain",)], parts=[("zone.part", 1, {"leg": "x"})]),
                     TEMPLATES)  # tuples do as well as Message and Part; no arguments is an empty table
    assert plain.messages == [Message("zone.plain", {})] and plain.parts == [Part("zone.part", 1.0, {"leg": "x"})]


@pytest.mark.parametrize("change, why", [
    ({"score": 1002}, "score 1002 is not a whole number from 0 to 1000"),
    ({"score": -1}, "score -1 is not a whole number from 0 to 1000"),
    ({"score": 500.5}, "score 500.5 is not a whole number from 0 to 1000"),
    ({"score": math.nan}, "score nan is not a whole number from 0 to 1000"),
    ({"score": True}, "score True is not a whole number from 0 to 1000"),
    ({"stars": 4}, "stars 4 is not a whole number from 0 to 3"),
    ({"parts": [Part("zone.part", 1.2, {"leg": "left"})]}, "part 'zone.part' 1.2 is not a finite number from 0 to 1"),
    ({"parts": [Part("zone.part", math.inf, {"leg": "left"})]}, "part 'zone.part' inf is not a finite number"),
    ({"messages": [Message("zone.nope", {})]}, "unknown message key 'zone.nope' (not in the level's message catalogue)"),
    ({"messages": [Message("zone.time_on_leg", {"s": 1.0})]},
     "message 'zone.time_on_leg': its template needs the argument 'leg'"),
    ({"messages": [Message("zone.time_on_leg", {"leg": "left", "s": "long"})]},
     "message 'zone.time_on_leg': its arguments do not fit its template"),
    ({"messages": [Message("zone.time_on_leg", {"leg": "left", "s": math.nan})]},
     "message 'zone.time_on_leg' argument 's' nan is not a finite number"),
    ({"messages": [Message("zone.time_on_leg", {"leg": ["left"], "s": 1.0})]},
     "message 'zone.time_on_leg': argument 'leg' is not a number or an identifier"),
    ({"messages": ["You held the left leg for 12 s"]}, "is not a Message (key, args)"),
    ({"windows": [Window("left", 5.0, 1.0)]}, "window 'left' ends (1.0) before it starts (5.0)"),
    ({"windows": [Window("left", math.nan, 1.0)]}, "window 'left' start nan is not a finite number"),
    ({"details": {"in_zone_s": math.nan}}, "details.in_zone_s nan is not a finite number"),
    ({"details": {"trials": [{"start": math.inf}]}}, "details.trials[0].start inf is not a finite number"),
    ({"details": {3: 1.0}}, "details has a key 3 that is not a string"),
    ({"details": {"why": "You lifted your foot too early and then put it down again, twice, on the left side."}},
     "details.why is text of 83 characters: results hold data, not sentences (a Message)"),
    ({"details": {"seen": {1, 2}}}, "details.seen is a set, not JSON data"),
    ({"records": [{"forward_mm": 80}]}, "records: dict is not one of Assessment, StabilityLimits"),
    ({"records": [StabilityLimits(math.nan, 40.0, 80.0, 80.0)]}, "limits forward_mm nan is not a finite number"),
])
def test_a_result_the_game_cannot_store_is_refused_in_one_line_naming_the_level(change, why):
    with pytest.raises(ResultError) as err:
        validate("zone", dataclasses.replace(GOOD, **change), TEMPLATES)
    message = str(err.value)
    assert message.startswith("level zone returned a result Poise cannot store: ") and why in message, message
    assert "\n" not in message


def test_a_trial_note_must_be_a_known_message_too():
    trial = AssessmentTrial("eyes-open", 1, False, 1.0, 2.0, "eyes-open 1", Message("zone.nope", {}))
    with pytest.raises(ResultError, match="unknown message key 'zone.nope'"):
        validate("zone", dataclasses.replace(GOOD, records=[Assessment(("eyes-open",), {"trial_s": 20.0}, (trial,))]),
                 TEMPLATES)


def test_records_keep_their_shape_through_a_rescue_file():
    trial = AssessmentTrial("left-leg", 2, False, 1.5, 3.25, "left-leg 2", Message("check.touchdown", {"at_s": 1.2}))
    records = [Assessment(("left-leg",), {"level": "balance-check", "trial_s": 20.0}, (trial,)),
               StabilityLimits(80.0, 40.0, 75.5, 77.0, ({"direction_deg": 90},), 70.2)]
    back = [record_from_data(json.loads(json.dumps(record_data(r)))) for r in records]
    assert back == records


def test_messages_become_words_only_when_shown():
    assert render("zone.time_on_leg", {"leg": "left", "s": 12.44}, TEMPLATES) == ("Time on the left leg", "12.4 s")
    assert render("zone.part", {"leg": "right"}, TEMPLATES) == ("Right leg", "")  # a label starts with a capital
    assert render("check.condition_sway", {"condition": "eyes-closed-foam", "velocity_mm_s": 9.06,
                                           "ellipse95_mm2": 120.4, "trials": 3}, GAME) == \
        ("Eyes closed foam", "9.1 mm/s, 120 mm²  (3 trials)")  # an identifier in words
    assert render("check.steadier", {"steadier_pct": 38, "group": "women", "age_low": 55, "age_high": 75, "n": 24},
                  GAME)[1] == "steadier than 38 % of women aged 55–75 (n = 24)"
    # a result stored by an earlier Poise (its percentile: the share who swayed less) reads the same way round
    assert render("check.percentile", {"percentile": 62, "group": "women", "age_low": 55, "age_high": 75, "n": 24},
                  GAME)[1] == "steadier than 38 % of women aged 55–75 (n = 24)"
    assert render("check.percentile", {"percentile": 100, "group": "men", "age_low": 18, "age_high": 38, "n": 40},
                  GAME)[1] == "steadier than none of men aged 18–38 (n = 40)"
    # history from a level package since removed, or arguments that no longer fit: shown as they are
    assert render("gone.key", {"s": 3}, TEMPLATES) == ("gone.key", "s 3")
    assert render("zone.time_on_leg", {"s": 3}, TEMPLATES) == ("zone.time_on_leg", "s 3")
    fresh = {"messages": [["zone.time_on_leg", {"leg": "left", "s": 1.0}]], "parts": [["zone.part", 0.5, {"leg": "x"}]]}
    assert rows(fresh, TEMPLATES) == [("Time on the left leg", "1.0 s")]
    assert part_rows(fresh, TEMPLATES) == [("X leg", 0.5)]


def test_results_and_notes_stored_in_english_before_messages_existed_are_shown_as_they_are():
    old = {"summary": [["Valid trials", "11 / 12"], ["eyes-open 2", "touch-down at 3.1 s"]]}
    assert rows(old, TEMPLATES) == [("Valid trials", "11 / 12"), ("eyes-open 2", "touch-down at 3.1 s")]
    assert note_text("touch-down at 3.1 s", "balance-check") == "touch-down at 3.1 s"
    assert note_text("", "balance-check") == ""
    stored = note_data(Message("check.touchdown", {"condition": "eyes-open", "trial": 2, "at_s": 3.14}))
    assert json.loads(stored) == ["check.touchdown", {"at_s": 3.14, "condition": "eyes-open", "trial": 2}]
    assert note_text(stored, "balance-check") == "touch-down at 3.1 s"


CHEATS = textwrap.dedent("""\
    from pathlib import Path
    from poise.api import API_VERSION, LevelPack, LevelResult
    from poise.levels.messages import MESSAGES
    from poise.levels.slalom import Slalom

    class Cheat(Slalom):
        def result(self):
            r = super().result()
            return LevelResult(r.score + 1000, r.stars, r.details, r.windows, r.messages, r.parts)

    class Crash(Slalom):
        def result(self):
            raise ZeroDivisionError("division by zero")

    PACK = LevelPack(api_version=API_VERSION, levels=Path(__file__).parent / "cheat_levels", messages=MESSAGES,
                     mechanics={"cheat": "cheats:Cheat", "crash": "cheats:Crash"})
    """)


@pytest.fixture
def cheats(tmp_path, monkeypatch) -> Catalogue:
    """Poise's own levels, and a package with two slaloms whose results the game cannot take."""
    (tmp_path / "cheats.py").write_text(CHEATS)
    folder = tmp_path / "cheat_levels"
    folder.mkdir()
    slalom = (testing.catalogue().spec("slalom").source)
    text = open(slalom, encoding="utf-8").read()
    for name in ("cheat", "crash"):
        (folder / f"{name}.toml").write_text(text.replace('id = "slalom"', f'id = "{name}"')
                                             .replace('mechanic = "slalom"', f'mechanic = "{name}"'))
    monkeypatch.syspath_prepend(str(tmp_path))
    return Catalogue([EntryPoint("poise", "poise.levels:PACK", GROUP), EntryPoint("cheats", "cheats:PACK", GROUP)])


def _counts(path) -> dict[str, int]:
    """Rows in every table of the database at `path`."""
    storage = Storage(path)
    try:
        tables = [name for (name,) in sql(storage, "SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: sql(storage, f"SELECT COUNT(*) FROM {name}")[0][0] for name in tables}
    finally:
        storage.close()


def test_a_refused_result_stores_nothing_and_the_demo_says_why_in_one_line(cheats, tmp_path, capsys):
    db = tmp_path / "r.db"
    assert main(["players", "add", "Ann", "--db", str(db)], levels=lambda: cheats) == 0
    before = _counts(db)
    code = main(["demo", "--level", "cheat", "--headless", "--seconds", "5", "--player", "Ann", "--db", str(db)],
                levels=lambda: cheats)
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.startswith("poise demo: level cheat returned a result Poise cannot store: score ") and \
        err.endswith(" is not a whole number from 0 to 1000\n") and err.count("\n") == 1, err
    assert _counts(db) == before  # not the attempt, its session, its recording: nothing half-stored

    played = testing.play("crash", seconds=5.0, levels=cheats)
    assert played.result["refused"] == ("level crash failed to give its result: ZeroDivisionError: division by zero")
    assert played.attempt is None and played.storage.attempts(played.storage.player_id("Test")) == []
    assert testing.play("slalom", seconds=5.0, levels=cheats).result["saved"]  # and the game goes on


def test_the_results_screen_of_a_refused_attempt_says_why_and_fits_the_window(cheats, tmp_path):
    played = testing.play("cheat", seconds=5.0, levels=cheats, screenshots=tmp_path)
    assert played.screenshots["results"].is_file() and not played.result["saved"]
    assert testing.window_problems("cheat", (1024, 600), looks=0, seconds=5.0, levels=cheats) == []
