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
