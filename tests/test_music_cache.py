"""The music is synthesised once and kept: private, atomic, rebuilt when the synthesiser changes or the file is
damaged (game/media/music_cache.py)."""
import stat

import numpy as np
import pytest

from poise.game.media import music_cache, synth

ONE_BAR = (synth.Section("A", 1, 0, 0, 1.0, True, False),)  # a piece one bar long: quick to make


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "poise" / "music"


def test_a_loop_is_made_once_then_read_back_private(cache, monkeypatch):
    made = music_cache.music("calm", form=ONE_BAR)
    files = list(cache.glob("*.npy"))
    assert len(files) == 1 and not list(cache.glob("*.part"))
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600 and stat.S_IMODE(cache.stat().st_mode) == 0o700

    def no_synthesis(*args):
        raise AssertionError("synthesised again")

    monkeypatch.setattr(synth, "music", no_synthesis)
    np.testing.assert_array_equal(music_cache.music("calm", form=ONE_BAR), made)


def test_a_changed_synthesiser_makes_new_loops_and_drops_the_old(cache, monkeypatch):
    music_cache.music("calm", form=ONE_BAR)
    old = list(cache.glob("*.npy"))
    monkeypatch.setattr(music_cache, "synth_key", lambda: "0123456789abcdef")
    calls = []
    real = synth.music
    monkeypatch.setattr(synth, "music", lambda *a: calls.append(a) or real(*a))
    music_cache.music("calm", form=ONE_BAR)
    (kept,) = cache.glob("*.npy")
    assert calls and kept.name.startswith("calm-") and kept.name.endswith("-0123456789abcdef.npy")
    assert not any(p.exists() for p in old)


def test_a_damaged_file_is_made_again(cache):
    made = music_cache.music("calm", form=ONE_BAR)
    path, = cache.glob("*.npy")
    path.write_bytes(path.read_bytes()[:100])  # cut short
    np.testing.assert_array_equal(music_cache.music("calm", form=ONE_BAR), made)
    np.testing.assert_array_equal(np.load(path), made)


def test_a_cache_folder_that_cannot_be_written_costs_only_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert len(music_cache.music("calm", form=ONE_BAR)) > 0
