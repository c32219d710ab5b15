"""Two seats at once and turns on one board: simulated players race, duel and follow each other through
`poise demo` with two boards; both results are stored, each for its own player with the opponent and the
outcome; turns on one board end in a scoreboard; the weekly check is never played head to head."""
import json
from pathlib import Path

import pytest

from poise.__main__ import main
from poise.game.clinic.today import history
from poise.game.engine.seats import seat_areas, seat_urls
from poise.game.storage.store import Storage

SEATS = ["--board", "sim://?seed=1&skill=0.9", "--board", "sim://?seed=2&skill=0.35", "--player", "Ann",
         "--player", "Ben"]


def demo(capsys, db, level, *extra, seconds="12"):
    code = main(["demo", "--level", level, "--headless", "--seconds", seconds, "--fps", "30", "--db", str(db),
                 *extra])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize("level", ["slalom", "table-tilt", "heading", "bubble-river", "follow-my-lead"])
def test_two_simulated_players_play_each_game_and_both_are_stored(capsys, tmp_path, level):
    db = tmp_path / "p.db"
    out = demo(capsys, db, level, *SEATS)
    match, (ann, ben) = out["match"], out["results"]
    assert match["players"] == ["Ann", "Ben"] and ann["player"] == "Ann" and ben["player"] == "Ben"
    assert ann["saved"] and ben["saved"] and ann["seat"] == 0 and ben["seat"] == 1
    assert ann["match"]["opponents"] == ["Ben"] and ben["match"]["opponents"] == ["Ann"]
    if level == "follow-my-lead":
        assert match["outcomes"] == ["together", "together"]
        assert ann["details"]["role"] == "lead" and ben["details"]["role"] == "follow"
    else:
        assert sorted(match["outcomes"]) in (["lost", "won"], ["draw", "draw"])
    storage = Storage(db)
    rows = storage.match_attempts(match["uid"])
    assert [(r["player"], r["seat"], r["opponent"], r["match_result"]) for r in rows] == [
        ("Ann", 0, "Ben", match["outcomes"][0]), ("Ben", 1, "Ann", match["outcomes"][1])]
    # the head-to-head attempt is each player's own play of the level: bests, history, the adaptive step
    for name, result in (("Ann", ann), ("Ben", ben)):
        pid = storage.player_id(name)
        assert storage.level_bests(pid)[level]["best"] == result["score"]
        assert [a["id"] for a in storage.attempt_history(pid)] == [result["attempt_id"]]
        assert storage.level_history(pid, level) == [(result["step"], result["stars"])]
        planned = history(storage, pid).attempts  # what the daily programme plans from
        assert [(a.level, a.stars, a.score) for a in planned] == [(level, result["stars"], result["score"])]


def test_the_better_standing_wins_and_a_skilled_player_beats_a_beginner(capsys, tmp_path):
    out = demo(capsys, tmp_path / "p.db", "heading", *SEATS, seconds="20")
    ann, ben = out["results"]
    assert out["match"]["outcomes"] == ["won", "lost"]  # skill 0.9 against 0.35
    assert ann["score"] > ben["score"]


def test_both_attempts_are_stored_in_one_transaction(capsys, tmp_path, monkeypatch):
    """A database that cannot take the match stores neither attempt: both are rescued, nothing half stored."""
    from poise.game.storage.rescue import rescue_folder  # the test's own (conftest: XDG_STATE_HOME)

    db = tmp_path / "p.db"
    Storage(db).player_id("Ann", create=True)
    import sqlite3
    with sqlite3.connect(db) as con:  # the second seat's attempt cannot be stored: the whole match is refused
        con.execute("CREATE TRIGGER no_ben BEFORE INSERT ON attempts WHEN NEW.seat = 1 "
                    "BEGIN SELECT RAISE(ABORT, 'seat two refused'); END")
    out = demo(capsys, db, "slalom", *SEATS, seconds="8")
    assert [r["saved"] for r in out["results"]] == [False, False]
    assert all(Path(r["recovered_to"]).parent == rescue_folder() for r in out["results"])
    assert {json.loads(Path(r["recovered_to"]).read_text())["player"] for r in out["results"]} == {"Ann", "Ben"}
    assert Storage(db).count("attempts") == 0


def test_turns_on_one_board_end_in_a_scoreboard_stored_per_player(capsys, tmp_path):
    db = tmp_path / "p.db"
    out = demo(capsys, db, "slalom", "--player", "Ann", "--player", "Ben", "--player", "Cy", "--rounds", "2",
               seconds="6")
    match, results = out["match"], out["results"]
    assert match["kind"] == "turns" and match["players"] == ["Ann", "Ben", "Cy"]
    assert [r["player"] for r in results] == ["Ann", "Ben", "Cy"] * 2
    totals = [sum(r["score"] for r in results if r["player"] == p) for p in ("Ann", "Ben", "Cy")]
    assert match["totals"] == totals
    assert match["outcomes"] == ["won" if t == max(totals) else "lost" for t in totals] or \
        match["outcomes"] == ["draw"] * 3
    rows = Storage(db).match_attempts(match["uid"])
    assert len(rows) == 6 and {r["player"] for r in rows} == {"Ann", "Ben", "Cy"}
    for r in rows:
        others = {"Ann", "Ben", "Cy"} - {r["player"]}
        assert set(r["opponent"].split(", ")) == others
        assert r["match_result"] == match["outcomes"][["Ann", "Ben", "Cy"].index(r["player"])]


@pytest.mark.parametrize("args, message", [
    (["--level", "balance-check", *SEATS], "not played on two boards"),
    (["--level", "balance-check", "--player", "Ann", "--player", "Ben"], "never played head to head or in turns"),
    (["--level", "single-leg-hold", *SEATS], "not played on two boards"),
    (["--level", "slalom", "--board", "sim://", "--board", "sim://", "--player", "Ann"], "give --player twice"),
    (["--level", "slalom", "--board", "sim://", "--board", "sim://", "--board", "sim://"], "at most 2 times"),
    (["--level", "slalom", *[a for n in "ABCDE" for a in ("--player", n)]], "at most 4 times"),
    (["--level", "slalom", "--player", "Ann", "--player", "ann"], "a name was given twice"),
])
def test_what_cannot_be_played_together_is_refused_in_one_line(capsys, tmp_path, args, message):
    assert main(["demo", "--headless", "--db", str(tmp_path / "p.db"), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_auto_finds_a_different_real_board_for_each_seat_and_hands_are_not_shared():
    real = lambda: ["wii://00:19:1d:aa:bb:cc", "serial:///dev/ttyACM0"]  # noqa: E731
    assert seat_urls(["auto", "auto"], real) == ["wii://00:19:1d:aa:bb:cc", "serial:///dev/ttyACM0"]
    assert seat_urls(["wii://00:19:1d:aa:bb:cc", "auto"], real) == ["wii://00:19:1d:aa:bb:cc",
                                                                     "serial:///dev/ttyACM0"]
    assert seat_urls(["auto", "auto"], lambda: ["wii://00:19:1d:aa:bb:cc"]) == ["wii://00:19:1d:aa:bb:cc",
                                                                                 "sim://?seed=2"]
    assert seat_urls(["keys://", "keys://"]) == ["keys://", "keys://?keys=wasd"]
    assert seat_urls(["keys://?keys=wasd", "keys://"]) == ["keys://?keys=wasd", "keys://?keys=arrows"]
    assert seat_urls(["pad://", "pad://?rate=100"]) == ["pad://", "pad://?rate=100&pad=1"]
    assert seat_urls(["keys://", "pad://"]) == ["keys://", "pad://"]
    assert seat_urls(["sim://", "sim://?skill=0.4"]) == ["sim://", "sim://?skill=0.4&seed=2"]
    assert seat_urls(["sim://?seed=2", "sim://"]) == ["sim://?seed=2", "sim://?seed=1"]


def test_two_plain_simulated_boards_carry_two_people_so_a_race_is_not_a_foregone_draw(capsys, tmp_path):
    """`--board sim:// --board sim://` once put the same simulated person, move for move, on both boards: every
    race ended in a draw."""
    out = demo(capsys, tmp_path / "p.db", "slalom", "--board", "sim://", "--board", "sim://", "--player", "Ann",
               "--player", "Ben", seconds="6")
    ann, ben = out["results"]
    assert ann["board"] == "sim://" and ben["board"] == "sim://?seed=2"
    assert ann["details"]["time_s"] != ben["details"]["time_s"]
    assert sorted(out["match"]["outcomes"]) == ["lost", "won"]


def test_seat_areas_split_the_screen_side_by_side():
    left, right = seat_areas((0, 64, 1280, 656), 2)
    assert left[0] == 0 and right[0] + right[2] == 1280 and left[2] == right[2]
    assert left[0] + left[2] < right[0]  # a gutter between them


def test_watched_live_both_attempts_are_prepared_in_the_worker_and_stored_together():
    """As in live play (frames watched), the match's two attempts are prepared in the worker process while
    frames go on, then stored on the game's thread, each for its own player."""
    from poise.drivers import open_board
    from poise.game.engine.app import App, headless_environment
    from poise.game.engine.loop import VirtualClock
    from poise.game.level.catalogue import installed
    from poise.game.level.levelsetup import prepare_match

    headless_environment()
    clock = VirtualClock()
    storage = Storage(":memory:")
    app = App([open_board(f"sim://?seed={i}", clock) for i in (1, 2)], storage, clock=clock, players=["Ann", "Ben"],
              autoplay=True, sound=False, render=False, fps=30, levels=installed(), quit_after_results=True)
    app.ctx.offload = True
    match = app.stack.push("match", levels=prepare_match(app.ctx, "bubble-river", seconds=6))
    app.run(max_frames=30 * 120)
    assert match.finishers and all(f.prepared is not None for f in match.finishers)
    ann, ben = app.ctx.results[-2:]
    assert ann["saved"] and ben["saved"] and ann["samples"] > 100 and ben["samples"] > 100
    assert [r["player"] for r in storage.match_attempts(ann["match"]["uid"])] == ["Ann", "Ben"]


def two_seat_match(urls, level_id="table-tilt"):
    """Two stand-in boards (seat_urls gives each its own hands) in a match, played until both seats are in play."""
    from poise.drivers import open_board
    from poise.game.engine.app import App, headless_environment
    from poise.game.engine.loop import VirtualClock
    from poise.game.level.catalogue import installed
    from poise.game.level.levelsetup import prepare_match

    headless_environment()
    clock = VirtualClock()
    app = App([open_board(u, clock) for u in seat_urls(urls)], Storage(":memory:"), clock=clock,
              players=["Ann", "Ben"], autoplay=True, sound=False, levels=installed())
    match = app.stack.push("match", levels=prepare_match(app.ctx, level_id, seconds=600))
    for _ in range(60 * 8):
        app.frame()
        if match.stage == "play" and app.frames > 300:
            break
    return app, match


def hold(app, key, seconds):
    import pygame

    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
    for _ in range(round(seconds * app.fps)):
        app.frame()
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode="", scancode=0))
    app.frame()


def test_two_keyboard_seats_take_the_arrows_and_wasd():
    import pygame

    app, match = two_seat_match(["keys://?sway=0", "keys://?sway=0"])
    first, second = (s.feed for s in app.seats)
    x0, x1 = first.latest.fx, second.latest.fx
    hold(app, pygame.K_d, 0.6)  # W A S D: the second seat only
    assert second.latest.fx > x1 + 20 and first.latest.fx == pytest.approx(x0, abs=0.5)
    hold(app, pygame.K_LEFT, 0.6)  # the arrows: the first seat only
    assert first.latest.fx < x0 - 20 and second.latest.fx > x1 + 20


def test_two_controllers_drive_their_own_seat_and_one_unplugged_pauses_that_seat_alone():
    import pygame

    from test_manual_input import FakeStick

    app, match = two_seat_match(["pad://?sway=0", "pad://?sway=0"])
    sticks = [FakeStick(7), FakeStick(8)]
    for stick in sticks:
        app.pads.add(stick)
    for _ in range(20):
        app.frame()
    assert [p.pause for p in match.plays] == [None, None]
    first, second = (s.feed for s in app.seats)
    sticks[1].axes = [1.0, 0.0]  # the second controller, full right
    for _ in range(40):
        app.frame()
    assert second.latest.fx > 30 and abs(first.latest.fx) < 5
    app.pads.handle(pygame.event.Event(pygame.JOYDEVICEREMOVED, instance_id=7))  # the first player's
    for _ in range(20):
        app.frame()
    assert match.plays[0].pause == "disconnected" and match.plays[1].pause is None
    assert second.latest.fx > 30  # the second controller still drives the second seat
    app.pads.add(FakeStick(9))  # plugged in again: it takes the free number, the first seat's
    for _ in range(20):
        app.frame()
    assert [p.pause for p in match.plays] == [None, None]


def test_each_seat_is_scaled_to_its_own_limits_and_the_handicap_says_so():
    """A handicap both can see: Ann's measured limits of stability scale her targets and are named on screen;
    Ben, never measured, plays with the cautious default for his height, and the screen says that too."""
    from poise.drivers import open_board
    from poise.game.engine.app import App, headless_environment
    from poise.game.engine.loop import VirtualClock
    from poise.game.level.catalogue import installed
    from poise.game.level.levelsetup import prepare_match
    from poise.game.level.reach import Reach

    headless_environment()
    storage = Storage(":memory:")
    ann = storage.player_id("Ann", create=True)
    storage.player_id("Ben", create=True)
    storage.save_limits(ann, None, {"forward": 100.0, "back": 60.0, "left": 88.0, "right": 92.0}, [])
    clock = VirtualClock()
    app = App([open_board(f"sim://?seed={i + 1}", clock) for i in range(2)], storage, clock=clock,
              players=["Ann", "Ben"], autoplay=True, sound=False, render=False, levels=installed())
    match = app.stack.push("match", levels=prepare_match(app.ctx, "table-tilt", seconds=10))
    first, second = match.plays
    assert (first.level.reach.forward, first.level.reach.left) == (100.0, 88.0) and first.level.reach.measured
    assert second.level.reach == Reach.from_height(None)
    assert match.handicap(first) == "targets at Ann's own limits: 100 mm forward, 90 mm sideways"
    assert match.handicap(second) == "cautious default for Ben's height: 79 mm forward, 79 mm sideways"
    for seat in app.seats:
        seat.board.close()


def test_standings_that_read_the_same_on_screen_are_a_draw():
    """A race won by 0.04 s showed both players "Counted time: 17.4 s" and one of them "Winner!"."""
    from poise.api import Versus
    from poise.game.level import messages
    from poise.game.level.catalogue import installed
    from poise.game.scenes.match import outcomes

    class Finished:  # a level at its finish, with the standing it reports
        def __init__(self, value):
            self.value = value

        def standing(self, rival):
            return self.value

    race = Versus("slalom.versus.rule", "slalom.versus.measure", better="lower")
    templates = messages.templates_for(installed(), "slalom")
    shown = lambda v: messages.render(race.measure, {"value": v}, templates)[0]  # noqa: E731
    assert shown(17.36) == shown(17.4) == "Counted time: 17.4 s"
    assert outcomes([Finished(17.36), Finished(17.4)], race, shown) == ("draw", "draw")
    assert outcomes([Finished(17.36), Finished(17.46)], race, shown) == ("won", "lost")
    assert outcomes([Finished(17.36), Finished(None)], race, shown) == ("won", "lost")


def test_a_better_match_is_a_personal_best_and_progress_counts_it_as_the_players_own_play(capsys, tmp_path):
    from poise.game.clinic.progress import progress

    db = tmp_path / "p.db"
    first = demo(capsys, db, "heading", "--board", "sim://?seed=1&skill=0.3", "--board", "sim://?seed=2&skill=0.9",
                 "--player", "Ann", "--player", "Ben", seconds="10")["results"][0]
    second = demo(capsys, db, "heading", "--board", "sim://?seed=3&skill=0.9", "--board", "sim://?seed=4&skill=0.3",
                  "--player", "Ann", "--player", "Ben", seconds="10")["results"][0]
    assert second["score"] > first["score"]  # the better player this time: her own best beaten
    assert second["previous_best"] == first["score"] and second["personal_best"]
    mine = progress(Storage(db), "Ann").history
    assert mine.bests == {"heading": second["score"]}
    assert mine.total_minutes == pytest.approx((first["duration_s"] + second["duration_s"]) / 60, rel=0.01)
