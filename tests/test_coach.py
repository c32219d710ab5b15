"""Pip the coach: drawn at run time for every exercise, speaking short cues through the system's own speech
engine (captioned, mutable), cheering and correcting during play without chattering."""
import shutil
import subprocess

import numpy as np
import pygame
import pytest

from poise.testing import catalogue

levels = catalogue()
from poise.drivers import open_board
from poise.game.engine.app import App
from poise.game.engine.loop import VirtualClock
from poise.game.engine.settings import Settings, load, save
from poise.game.media import coach, speech
from poise.game.scenes.cues import GAP_S, Cues
from poise.game.scenes.play import PlayScene
from poise.game.storage.store import Storage


@pytest.mark.parametrize("move", sorted(set(coach.MOVES.values()) | {"cheer", "lean"}))
def test_pip_draws_every_move_inside_its_box_and_moves(move):
    pygame.init()
    frames = []
    for t in (0.0, 0.45, 1.1, 2.3):
        surface = pygame.Surface((400, 400))
        surface.fill((0, 0, 0))
        box = pygame.Rect(100, 80, 200, 260)
        coach.draw(surface, box, move, t, "cheer" if move == "cheer" else "calm")
        pixels = pygame.surfarray.array3d(surface).sum(axis=2)
        inside = np.zeros_like(pixels, dtype=bool)
        inside[box.left - 40:box.right + 40, box.top - 10:box.bottom] = True  # arms may reach a little past
        assert pixels[inside].astype(bool).sum() > 2000  # a figure, not a speck
        assert not pixels[~inside].any(), f"{move} drew outside its box"
        frames.append(pixels)
    if move != "stand":  # a demonstration moves
        assert any((a != b).any() for a, b in zip(frames, frames[1:]))


def test_every_level_has_a_move_that_pip_shows():
    assert set(levels.all_specs()) <= set(coach.MOVES)


def test_the_speech_command_never_goes_through_a_shell_and_knows_its_engines(tmp_path):
    assert speech.command("espeak-ng", "Lift your right foot.")[-2:] == ["--", "Lift your right foot."]
    assert speech.command("espeak-ng", "-rm everything")[-1] == "-rm everything"  # a cue is never an option
    assert speech.command("spd-say", "Go!")[0] == "spd-say"
    with pytest.raises(ValueError, match="spd-say speaks to the sound card only"):
        speech.command("spd-say", "Go!", wav=tmp_path / "x.wav")
    with pytest.raises(ValueError, match="unknown speech engine"):
        speech.command("say", "Go!")


@pytest.mark.skipif(shutil.which("espeak-ng") is None or shutil.which("sox") is None,
                    reason="espeak-ng and sox are installed by .ci/run")
def test_a_cue_spoken_by_espeak_ng_is_real_speech_of_a_cue_s_length(tmp_path):
    wav = tmp_path / "cue.wav"
    subprocess.run(speech.command("espeak-ng", "Come back to the middle.", wav), check=True, timeout=60)
    stat = subprocess.run(["sox", str(wav), "-n", "stat"], capture_output=True, text=True, timeout=60).stderr
    values = {line.split(":")[0].strip(): line.split(":")[1].strip() for line in stat.splitlines() if ":" in line}
    length, rms = float(values["Length (seconds)"]), float(values["RMS     amplitude"])
    assert 0.8 < length < 4.0  # a short cue, said at a balancing pace
    assert rms > 0.02  # voice, not silence


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is installed by .ci/run")
def test_the_voice_speaks_off_the_game_thread_and_keeps_only_the_newest_cue():
    voice = speech.Voice(enabled=True, name="espeak-ng")
    voice._queue.put("first")  # two cues waiting when the worker looks: only the newest is said
    voice.say("second")
    for _ in range(2000):
        if voice.spoken:
            break
        __import__("time").sleep(0.005)
    voice.close()
    assert voice.spoken == ["second"]


def test_a_muted_voice_or_a_machine_without_an_engine_says_nothing_but_captions_stay():
    muted = speech.Voice(enabled=False)
    muted.say("Go!")
    assert not muted.available and muted.spoken == [] and muted._thread is None
    said = []
    cues = Cues(said.append)
    cues.go()
    assert cues.caption == "Go!" and said == ["Go!"]


def test_cues_cheer_and_correct_without_chattering():
    said = []
    cues = Cues(said.append)
    cues.event("gate")
    cues.event("gate")  # at once again: not said
    assert said == ["Nice line!"]
    for _ in range(round(GAP_S * 60) + 1):
        cues.update(1 / 60)
    cues.event("gate")
    assert said[-1] == "Good!"
    cues.event("miss")  # a correction waits only half as long, and not yet
    assert len(said) == 2
    for _ in range(round(GAP_S / 2 * 60) + 1):
        cues.update(1 / 60)
    cues.event("miss")
    assert said[-1] == "Lean from the ankles."
    cues.pause("off")  # a pause is said at once
    assert said[-1] == "Step back on the board."
    cues.event("tick")  # not something to talk about
    assert said[-1] == "Step back on the board."
    for _ in range(round(Cues.CAPTION_S * 60) + 2):
        cues.update(1 / 60)
    assert cues.caption == ""


def test_a_level_played_through_has_the_coach_introduce_it_start_it_and_cheer(monkeypatch):
    clock = VirtualClock()
    app = App(open_board("sim://?seed=4", clock), Storage(":memory:"), clock=clock, player="T", autoplay=True,
              sound=False, render=False, levels=levels)
    said = []
    monkeypatch.setattr(app.ctx.voice, "say", said.append)
    scene = app.stack.push(PlayScene(app.ctx, levels.create("slalom", 20)))
    for _ in range(60 * 40):
        if app.stack.top is not scene:
            break
        app.frame()
    assert said[0].startswith("Slalom. ") and "Go!" in said
    assert any(s in ("Nice line!", "Good!", "Smooth!", "Lean from the ankles.", "Small moves, from the ankles.",
                     "Nearly: try again.") for s in said)


def test_the_voice_and_colour_settings_are_remembered(tmp_path):
    path = tmp_path / "settings.toml"
    assert save(Settings(voice=False, colour_safe=True), path)
    again = load(path)
    assert again.voice is False and again.colour_safe is True
    path.write_text('voice = "loud"\ncolour_safe = 3\n')
    assert load(path) == Settings()  # a hand-edited value of the wrong kind is left at its default


# Machado, Oliveira and Fernandes (2009), "A physiologically-based model for simulation of color vision
# deficiency", IEEE TVCG 15(6): severity 1.0 matrices, applied to linear RGB.
MACHADO = {"deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                            [-0.011820, 0.042940, 0.968881]],
           "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                          [-0.003882, -0.048116, 1.051998]]}


def _lab(rgb):
    """sRGB (0-255) -> CIELAB (D65)."""
    c = np.asarray(rgb, float) / 255
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ lin
    xyz /= np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _seen(rgb, kind):
    c = np.asarray(rgb, float) / 255
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    out = np.clip(np.array(MACHADO[kind]) @ lin, 0, 1)
    srgb = np.where(out <= 0.0031308, 12.92 * out, 1.055 * out ** (1 / 2.4) - 0.055)
    return srgb * 255


@pytest.mark.parametrize("kind", ["deuteranopia", "protanopia"])
def test_the_colour_blind_safe_palette_keeps_good_and_bad_apart(kind):
    from poise.game.media import ui
    usual, safe = ui.palette(False), ui.palette(True)

    def apart(p, a, b):
        return float(np.linalg.norm(_lab(_seen(p[a], kind)) - _lab(_seen(p[b], kind))))

    for a, b in (("good", "bad"), ("zone_in", "zone_out"), ("good", "warn")):
        assert apart(safe, a, b) > 40, (a, b, apart(safe, a, b))  # told apart at a glance
    if kind == "deuteranopia":
        assert apart(usual, "good", "bad") < 20  # the usual pair all but merges (about 8): why the setting exists
    ui.use_colour_safe(True)
    try:
        assert ui.colour("good") == safe["good"] and ui.colour("panel") == usual["panel"]
    finally:
        ui.use_colour_safe(False)
    assert ui.colour("good") == usual["good"]


@pytest.mark.parametrize("kind", ["deuteranopia", "protanopia"])
def test_the_reports_limits_of_stability_tell_directions_by_place_and_tests_by_more_than_colour(kind):
    """The polar plot places each of the eight directions at its own angle, labelled; the first and the latest test
    differ in colour (apart under colour blindness), marker and fill, so nothing is told by colour alone."""
    from matplotlib.colors import to_hex

    from poise.game.clinic import report_charts

    words = {d: f"dir{d}" for d in (0, 45, 90, 135, 180, 225, 270, 315)}
    fig = report_charts.limits_polar({d: 60.0 for d in words}, {d: 90.0 for d in words}, words, "latest", "first")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == list(words.values())
    lines = {line.get_label(): line for line in ax.get_lines()}
    first, latest = lines["first"], lines["latest"]

    def rgb(line):
        h = to_hex(line.get_color())
        return [int(h[i:i + 2], 16) for i in (1, 3, 5)]

    assert float(np.linalg.norm(_lab(_seen(rgb(first), kind)) - _lab(_seen(rgb(latest), kind)))) > 15
    assert first.get_marker() != latest.get_marker() and len(ax.patches) >= 1  # the latest is filled
