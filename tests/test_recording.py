"""The recording format: round trip, both variants, and errors that name file and line."""
import math

import numpy as np
import pytest

from poise.drivers import recording
from poise.drivers.recording import RecordingError


def test_round_trip_keeps_metadata_and_values(tmp_path):
    path = tmp_path / "r.csv"
    rows = [(0.0, 17.99, 18.25, 18.01, 18.18), (0.016667, 18.0, 18.2, 18.0, 18.1)]
    recording.write(path, rows, {"board": "wii://00:19:1d:aa:bb:cc", "player": "Ana"})
    r = recording.read(path)
    assert r.meta["poise-recording"] == "1" and r.meta["board"] == "wii://00:19:1d:aa:bb:cc"
    assert r.kind == "loads"
    np.testing.assert_allclose(r.data, rows, atol=1e-6)


def test_cop_variant_is_read():
    r = recording.parse("t,x,y\n0,1.5,2.5\n0.01,1.6,nan\n")
    assert r.kind == "cop" and math.isnan(r.data[1, 2])


@pytest.mark.parametrize("text, words", [
    ("", "empty recording"),
    ("t,tl,tr,bl\n0,1,2,3\n", "r.csv:1: unknown columns.*missing br"),
    ("t,x,y\n0,1,2\n0.1,abc,2\n", "r.csv:3: 'abc' is not a number"),
    ("t,x,y\n0,1,2\n0,1,2\n", "r.csv:3: time 0.0 does not increase"),
    ("t,x,y\n0,1\n", "r.csv:2: expected 3 values"),
    ("# poise-recording: 1\nt,x,y\n", "header but no samples"),
])
def test_malformed_recordings_name_the_file_and_line(text, words):
    with pytest.raises(RecordingError, match=words):
        recording.parse(text, "r.csv")


def test_board_clock_and_flags_columns_round_trip_through_storage_and_replay(tmp_path):
    from poise.drivers import Sample, open_board
    from poise.game.loop import VirtualClock
    from poise.game.sample_codec import decode, encode

    samples = [Sample(10.0 + i / 80, 18.0, 18.5, 17.0, 16.5, flags=4 if i == 3 else 0, board_t=1234.5 + i / 80.1)
               for i in range(40)]
    columns = recording.sample_columns(own_clock=True)
    assert columns == ("t", "tl", "tr", "bl", "br", "board_t", "flags")
    text = recording.to_text(recording.sample_rows(samples, True), {"board": "serial://x"}, columns)
    assert decode(encode(text)) == text  # stored byte for byte, the board's clock to 1 us
    path = tmp_path / "r.csv"
    path.write_text(text, encoding="utf-8")
    rec = recording.read(path)
    assert rec.kind == "loads" and rec.values.shape == (40, 5)
    assert rec.board_t[1] == pytest.approx(1234.5 + 1 / 80.1, abs=1e-6) and list(rec.flags[:5]) == [0, 0, 0, 4, 0]
    clock = VirtualClock(0.0)
    board = open_board(f"replay://{path}", clock)
    assert board.info.own_clock
    clock.advance(1.0)
    got = board.poll()
    assert [s.flags for s in got[:5]] == [0, 0, 0, 4, 0]  # a sample marked invalid stays marked on replay
    assert got[2].board_t == pytest.approx(samples[2].board_t, abs=1e-6)


@pytest.mark.parametrize("header", ["t,tl,tr,bl,br,flags,board_t", "t,tl,tr,bl,br,board_t,board_t", "t,x,y,flags,x"])
def test_optional_columns_only_in_their_order(tmp_path, header):
    path = tmp_path / "bad.csv"
    path.write_text(f"{header}\n", encoding="utf-8")
    with pytest.raises(recording.RecordingError, match=r"bad.csv:1: unknown columns"):
        recording.read(path)


def test_flags_must_be_whole_numbers(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("t,tl,tr,bl,br,flags\n0.0,1,1,1,1,0\n0.1,1,1,1,1,2.5\n", encoding="utf-8")
    with pytest.raises(recording.RecordingError, match=r"bad.csv:3: flags '2.5'"):
        recording.read(path)
