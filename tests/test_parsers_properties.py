"""Property tests: every parser of outside input gives a value in range or the project's own one-line
error, never another exception and never a hang (recordings, board URLs, Wii calibration, serial frames)."""
from __future__ import annotations

import math
import struct

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from poise.drivers import open_board, recording, serial_protocol as sp, url as board_url
from poise.drivers.errors import BoardError
from poise.drivers.replay import MAX_GAP_S, close_gaps
from poise.drivers.wii_protocol import FactoryCalibration, parse_calibration
from poise.game.engine.loop import VirtualClock

HS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
NUMBER_TEXT = st.one_of(st.floats().map(repr), st.integers(-10**9, 10**9).map(str),
                        st.sampled_from(["nan", "inf", "-inf", "NaN", "1e999", "", "abc", "1,2", "0x1"]),
                        st.text(max_size=8))


def _one_line(message: str, name: str) -> bool:
    return "\n" not in message and message.startswith(f"{name}:")


# recordings -------------------------------------------------------------------------------------------------
@HS
@given(cop=st.booleans(), rows=st.lists(st.lists(NUMBER_TEXT, min_size=3, max_size=5), max_size=8),
       meta=st.dictionaries(st.sampled_from(["weight", "rate", "geometry", "board", "player"]), NUMBER_TEXT,
                            max_size=3), bom=st.booleans())
def test_any_recording_text_parses_to_finite_data_or_one_line(cop, rows, meta, bom):
    header = "t,x,y" if cop else "t,tl,tr,bl,br"
    text = ("\ufeff" if bom else "") + "# poise-recording: 1\n" + "".join(f"# {k}: {v}\n" for k, v in meta.items())
    text += header + "\n" + "".join(",".join(r) + "\n" for r in rows)
    try:
        rec = recording.parse(text, "r.csv")
    except recording.RecordingError as exc:
        assert _one_line(str(exc), "r.csv"), exc
        return
    assert rec.kind == ("cop" if cop else "loads")
    assert np.isfinite(rec.t).all() and (np.diff(rec.t) > 0).all()
    values = rec.data[:, 1:]
    assert (np.isfinite(values) | (np.isnan(values) if cop else False)).all()


@HS
@given(data=st.binary(max_size=300))
def test_any_bytes_as_a_recording_file_are_one_line(tmp_path, data):
    path = tmp_path / "r.csv"
    path.write_bytes(data)
    try:
        recording.read(path)
    except recording.RecordingError as exc:
        assert _one_line(str(exc), str(path)), exc


def test_the_recording_examples_from_the_issue(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(b"\xef\xbb\xbf# poise-recording: 1\nt,x,y\n0,1,2\n0.1,1,2\n")
    assert recording.read(path).kind == "cop"  # a byte-order mark is fine
    for body, line, why in [("# weight: abc\nt,x,y\n0,1,2\n", 2, "metadata weight must be a finite number"),
                            ("t,tl,tr,bl,br\n0,1,1,1,1\ninf,1,1,1,1\n", 4, "time 'inf' is not a finite number"),
                            ("t,tl,tr,bl,br\n0,1,1,1,1\n0.1,nan,1,1,1\n", 4, "tl 'nan' is not a finite number"),
                            ("t,x,y\n0,1,2\n0.1,inf,1\n", 4, "x 'inf' is not a finite number")]:
        path.write_text("# poise-recording: 1\n" + body, encoding="utf-8")
        with pytest.raises(recording.RecordingError, match=rf"^{path}:{line}: {why}"):
            recording.read(path)
    path.write_bytes(b"t,x,y\n0,1,2\n0.1,\xff,2\n")
    with pytest.raises(recording.RecordingError, match=rf"^{path}:3: not UTF-8"):
        recording.read(path)


def test_replay_of_a_recording_with_a_huge_gap_ends(tmp_path):
    from poise.game.cli.signal_commands import replay_rows
    path = tmp_path / "gap.csv"
    rows = [(i / 100, 18, 18, 18, 18) for i in range(100)] + [(1e9 + i / 100, 18, 18, 18, 18) for i in range(100)]
    recording.write(path, rows, {"geometry": "433x238 mm"})
    out = replay_rows(path)  # was 1e9 s of virtual waiting
    assert len(out) == 200
    t = np.array([r[0] for r in out])
    assert np.diff(t).max() <= MAX_GAP_S + 1e-6


@HS
@given(st.lists(st.floats(1e-6, 1e9), min_size=1, max_size=50))
def test_close_gaps_keeps_order_and_caps_every_step(steps):
    t = np.concatenate(([0.0], np.cumsum(steps)))
    closed = close_gaps(t)
    d = np.diff(closed)
    assert (d > 0).all() and (d <= MAX_GAP_S + 1e-9).all()
    assert np.allclose(d[np.diff(t) <= MAX_GAP_S], np.diff(t)[np.diff(t) <= MAX_GAP_S])


# board URLs -------------------------------------------------------------------------------------------------
@HS
@given(option=st.sampled_from(["skill", "rate", "seed", "weight", "height", "noise", "jitter", "arrive", "gains",
                               "zero", "stance", "bogus"]), value=NUMBER_TEXT)
def test_any_sim_url_option_is_in_range_or_a_board_error(option, value):
    from urllib.parse import quote
    url = f"sim://?{option}={quote(value, safe='')}"
    try:
        opts = board_url.take_options(board_url.parse(url), __import__("poise.drivers.sim", fromlist=["x"]).OPTIONS)
    except BoardError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("board URL")
        return
    got = opts[option]
    for v in got if isinstance(got, tuple) else (got,):
        if isinstance(v, float):
            assert math.isfinite(v)
            if option in board_url.LIMITS:
                lo, hi = board_url.LIMITS[option]
                assert lo <= v <= hi


@pytest.mark.parametrize("url", ["sim://?rate=inf", "sim://?rate=nan", "sim://?noise=nan", "sim://?arrive=inf",
                                 "sim://?gains=1,1,1,nan", "sim://?rate=1e-300", "keys://?speed=inf",
                                 "sim://?weight=1e308"])
def test_non_finite_or_absurd_url_options_are_refused(url):
    with pytest.raises(BoardError, match=r"^board URL .*must be a "):
        open_board(url, VirtualClock())


@HS
@given(text=st.text(max_size=40))
def test_any_board_url_text_is_a_board_or_a_board_error(text):
    try:
        parsed = board_url.parse(text)
    except BoardError as exc:
        assert "\n" not in str(exc)
        return
    assert isinstance(parsed.options, dict)


# Wii calibration block (drivers/wii_protocol.py) ------------------------------------------------------------
@HS
@given(block=st.binary(min_size=0, max_size=40), temperature=st.binary(max_size=3))
def test_any_calibration_bytes_parse_or_raise_value_error(block, temperature):
    try:
        cal = parse_calibration(block, temperature)
    except ValueError as exc:
        assert "\n" not in str(exc)
        return
    assert isinstance(cal, FactoryCalibration)
    assert all(a < b < c for a, b, c in zip(cal.c0, cal.c17, cal.c34))


@HS
@given(words=st.lists(st.integers(0, 65535), min_size=12, max_size=12), head=st.binary(min_size=4, max_size=4),
       tail=st.binary(min_size=4, max_size=4), temperature=st.binary(min_size=2, max_size=2))
def test_well_sized_calibration_blocks_parse_or_raise_value_error(words, head, tail, temperature):
    block = head + struct.pack(">12H", *words) + tail
    try:
        parse_calibration(block, temperature)
    except ValueError as exc:
        assert "not increasing" in str(exc)


# serial frames (drivers/serial_protocol.py) -----------------------------------------------------------------
FRAME_TYPES = (sp.SampleFrame, sp.InfoFrame, sp.AckFrame)


@HS
@given(chunks=st.lists(st.binary(max_size=80), max_size=10))
def test_any_bytes_on_the_serial_line_give_frames_or_count_as_noise(chunks):
    decoder = sp.Decoder()
    for chunk in chunks:
        frames = decoder.feed(chunk)
        assert all(isinstance(f, FRAME_TYPES) for f in frames)
    assert decoder.corrupt >= 0 and decoder.noise >= 0
    assert len(decoder.buffer) <= max(sp.MAX_FRAME, max((len(c) for c in chunks), default=0))


@HS
@given(payload=st.binary(max_size=40), junk=st.binary(max_size=20))
def test_framed_payloads_survive_line_noise(payload, junk):
    decoder = sp.Decoder()
    decoder.feed(b"\x00")  # synced
    frames = decoder.feed(junk + b"\x00" + sp.frame(payload))
    assert all(isinstance(f, FRAME_TYPES) for f in frames)
