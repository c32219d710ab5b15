"""Ambience beds under each scene family's music and stingers per game family (start, success, new best, fail):
synthesised (game/media/beds.py), distinct per family, taking turns between variants, kept in the cache, quiet
and muted with the sound settings (game/media/sound.py; the bed playing under the music: tests/test_sound.py)."""
import itertools

import numpy as np
import pygame
import pytest

from poise.drivers import open_board
from poise.game.engine.app import App
from poise.game.engine.loop import VirtualClock
from poise.game.engine.settings import Settings
from poise.game.media import beds, music_cache, synth
from poise.game.media.sound import Sounds
from poise.testing import catalogue
from test_sound import features

levels = catalogue()


def test_every_family_has_a_quiet_seamless_bed_of_its_own():
    assert set(beds.BEDS) == set(synth.STYLES)
    made = {}
    for family in ("snow", "river", "stadium", "focus"):  # four unlike places (all nine take seconds)
        bed = beds.ambience(family, seconds=4.0)
        assert bed.shape == (4 * synth.RATE, 2) and np.abs(bed).max() <= 0.25 + 1e-9
        step = np.abs(np.diff(bed, axis=0)).max()
        assert np.abs(bed[0] - bed[-1]).max() <= 2 * step  # the loop's end runs into its start like any sample
        made[family] = features(bed.mean(axis=1))[1]
    for a, b in itertools.combinations(made, 2):  # the water, the wind, the crowd and still air sound apart
        assert abs(made[a] - made[b]) > 100, (a, b, made)


@pytest.mark.parametrize("moment", beds.MOMENTS)
def test_each_game_family_has_its_own_stinger_and_its_variants_differ(moment):
    heard = {f: beds.stinger(f, moment) for f in synth.STYLES}
    for (a, x), (b, y) in itertools.combinations(heard.items(), 2):
        n = min(len(x), len(y))
        similar = abs(np.corrcoef(x[:n], y[:n])[0, 1]) if n else 0.0
        assert similar < 0.9, (a, b, moment)
    variants = [beds.stinger("snow", moment, v) for v in range(beds.VARIANTS)]
    assert all(not np.array_equal(a, b) for a, b in itertools.combinations(variants, 2))
    assert np.array_equal(beds.stinger("snow", moment, beds.VARIANTS), variants[0])  # round again
    assert 0.2 < len(variants[0]) / synth.RATE < 3.0 and np.abs(variants[0]).max() <= 0.5 + 1e-9
    with pytest.raises(KeyError):
        beds.stinger("snow", "victory")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "poise" / "music"


def test_stingers_and_beds_are_made_once_then_read_back(cache, monkeypatch):
    sting = music_cache.stinger("river", "best", 4)  # (variant 4 is variant 1)
    bed = music_cache.ambience("focus")
    assert {p.name.split("-")[0] for p in cache.glob("*.npy")} == {"sting_river_best_1", "bed_focus"}

    def no_synthesis(*args, **kwargs):
        raise AssertionError("synthesised again")

    monkeypatch.setattr(beds, "stinger", no_synthesis)
    monkeypatch.setattr(beds, "ambience", no_synthesis)
    np.testing.assert_array_equal(music_cache.stinger("river", "best", 1), sting)
    np.testing.assert_array_equal(music_cache.ambience("focus"), bed)


@pytest.fixture
def sounds(cache):
    s = Sounds(True, Settings(volume=0.8, music=0.5, effects=0.5))
    assert s.ok, "the mixer should start on SDL's dummy audio driver"
    yield s
    pygame.mixer.stop()


def test_stingers_take_turns_at_the_effects_volume_and_mute_silences_them(sounds):
    channel = sounds.sting("snow", "success")
    assert channel is not None and channel.get_volume() == pytest.approx(0.4, abs=0.01)
    sounds.sting("snow", "success")
    sounds.sting("snow", "success")
    sounds.sting("snow", "success")
    assert sorted(k for k in sounds.sounds if k.startswith("sting:snow:success")) == \
        [f"sting:snow:success:{v}" for v in range(beds.VARIANTS)]
    assert sounds.sting(None, "start") is None  # a measurement: no family, no stinger
    sounds.apply(Settings(muted=True))
    assert sounds.sting("snow", "best") is None
    sounds.apply(Settings(effects=0.0))
    assert sounds.sting("snow", "best") is None


def test_a_game_starts_and_ends_on_its_familys_stinger():
    from poise.game.scenes.play import PlayScene
    from poise.game.scenes.results import ResultsScene

    clock = VirtualClock()
    app = App(open_board("sim://?seed=1", clock), None, clock=clock, sound=False, levels=levels, autoplay=True)
    stung = []
    app.ctx.sounds.sting = lambda family, moment: stung.append((family, moment))
    app.stack.push(PlayScene(app.ctx, levels.create("slalom")))
    assert stung == [("snow", "start")]
    level = levels.create("slalom")
    for stars, moment in ((0, "fail"), (2, "success")):
        result = {"score": 100 * stars, "stars": stars, "metrics": {}, "parts": [], "messages": []}
        app.stack.push(ResultsScene(app.ctx, level.spec, result, type(level)))
        assert stung[-1] == ("snow", moment)
    check = levels.create("balance-check")
    app.stack.push(PlayScene(app.ctx, check))
    app.stack.push(ResultsScene(app.ctx, check.spec, {"score": 0, "stars": 0, "metrics": {}, "messages": []},
                                type(check)))
    assert stung[-2:] == [(None, "start"), (None, "success")]  # a measurement: the plain sounds, no family's
