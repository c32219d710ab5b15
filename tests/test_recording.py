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
    from poise.game.engine.loop import VirtualClock
    from poise.game.storage.sample_codec import decode, encode

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


# ---- units of the COP-only variant (issue "Measurement you can trust", item 8) -------------------------
def cop_file(path, unit_line: str, scale: float, seconds: float = 30.0):
    """A 100 Hz t,x,y trace of slow sway written in the file's unit (`scale` file units per mm)."""
    t = np.arange(0, seconds, 0.01)
    x = 3.0 * np.sin(2 * np.pi * 0.3 * t)
    y = 5.0 * np.sin(2 * np.pi * 0.2 * t + 1.0)
    lines = [unit_line, "t,x,y"] if unit_line else ["t,x,y"]
    lines += [f"{a:.6f},{b * scale:.6f},{c * scale:.6f}" for a, b, c in zip(t, x, y)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("unit, scale", [("mm", 1.0), ("cm", 0.1), ("m", 0.001), ("CM", 0.1), (None, 1.0)])
def test_cop_units_are_converted_to_mm_on_reading(tmp_path, unit, scale):
    from poise.game.core.analysis import cop_trial_metrics

    rec = recording.read(cop_file(tmp_path / "r.csv", f"# units: {unit}" if unit else "", scale))
    reference = recording.read(cop_file(tmp_path / "mm.csv", "", 1.0))
    np.testing.assert_allclose(rec.data, reference.data, atol=1e-3)  # everything downstream sees mm
    m = cop_trial_metrics(rec.t, rec.data[:, 1], rec.data[:, 2], raw=True)
    truth = cop_trial_metrics(reference.t, reference.data[:, 1], reference.data[:, 2], raw=True)
    assert m["velocity_mm_s"] == pytest.approx(truth["velocity_mm_s"], rel=1e-4)
    assert m["ellipse95_mm2"] == pytest.approx(truth["ellipse95_mm2"], rel=1e-4)
    assert rec.meta.get("units", "mm") == "mm"  # the data as read are mm, whatever the file said


def test_poise_analyze_reads_a_cm_file_as_cm(tmp_path):
    """The bug: a cm file was read as mm, so velocity came out 10x and area 100x too small, silently."""
    import io
    import json

    from poise.game.cli.signal_commands import analyze

    out_cm, out_mm = io.StringIO(), io.StringIO()
    analyze(cop_file(tmp_path / "cm.csv", "# units: cm", 0.1), False, True, out=out_cm)
    analyze(cop_file(tmp_path / "mm.csv", "# units: mm", 1.0), False, True, out=out_mm)
    cm, mm = json.loads(out_cm.getvalue()), json.loads(out_mm.getvalue())
    assert cm["velocity_mm_s"] == pytest.approx(mm["velocity_mm_s"], rel=1e-4)
    assert cm["ellipse95_mm2"] == pytest.approx(mm["ellipse95_mm2"], rel=1e-4)
    assert 4.5 < mm["velocity_mm_s"] < 8.0  # mean speeds 4 A f: 3.6 mm/s along x, 4 along y; together ~5.7


@pytest.mark.parametrize("text, words", [
    ("# units: inch\nt,x,y\n0,1,2\n", r"r.csv:1: units must be mm, cm or m .*not 'inch'"),
    ("# poise-recording: 1\n# units: \nt,x,y\n0,1,2\n", r"r.csv:2: units must be"),
    ("# units: cm\nt,tl,tr,bl,br\n0,1,2,3,4\n", r"r.csv:1: units 'cm' do not fit corner loads"),
    ("t,x,y\n# units: cm\n0,1,2\n", r"r.csv:2: '# units:' must come before the column header"),
])
def test_unknown_or_misplaced_units_are_refused_with_file_and_line(text, words):
    with pytest.raises(RecordingError, match=words):
        recording.parse(text, "r.csv")


def test_loads_may_say_kg():
    assert recording.parse("# units: kg\nt,tl,tr,bl,br\n0,1,2,3,4\n").kind == "loads"


def test_blocks_stream_the_same_rows_as_read(tmp_path):
    path = cop_file(tmp_path / "r.csv", "# units: cm", 0.1, seconds=7.0)
    blocks = list(recording.iter_blocks(path, rows=128))
    assert len(blocks) == 6 and all(len(b) <= 128 for _, _, b in blocks)
    np.testing.assert_array_equal(np.concatenate([b for _, _, b in blocks]), recording.read(path).data)


def test_rows_are_written_at_the_recordings_precision_without_negative_zero():
    """Times to the microsecond, loads to the gram, flags whole, a gap as nan, and a load that rounds to zero as
    0.000: the text a recording (and an export of a stored one) is made of."""
    rows = [(1.25, -0.0004, 12.3456, math.nan, -7.5, 3.0), (2.0000004, 0.0, -0.0, 1e6, -0.0005001, 0.0)]
    assert recording.rows_text(rows, recording.LOAD_COLUMNS + ("flags",)) == (
        "1.250000,0.000,12.346,nan,-7.500,3\n"
        "2.000000,0.000,0.000,1000000.000,-0.001,0\n")
    assert recording.rows_text([(0.5, -0.0001, 0.0002)], recording.COP_COLUMNS) == "0.500000,0.000,0.000\n"
