"""Ambience beds and stingers, synthesised like the music (game/media/synth.py): nothing downloaded.

- An ambience bed is a quiet stereo loop under a scene family's music: a coloured noise (wind, water, a room,
  a crowd) that swells and settles, with now and then a small event (a chime, a bird, a bubble, a cheer). The
  noise is filtered in the frequency domain, which is circular, and every swell runs whole cycles over the
  loop, so it loops without a seam.
- A stinger is a short phrase on a game family's own instrument, key and scale (synth.STYLES) for a moment of
  play: the start, a success, a new personal best, a fail. Each moment has VARIANTS phrases, played in turn,
  so a ten-minute session hears each of them only now and then.

Pure functions returning float arrays in -1..1 at synth.RATE (stereo (n, 2) beds, mono stingers).
"""
from __future__ import annotations

import dataclasses

import numpy as np

from poise.game.media import synth
from poise.game.media.synth import RATE, bell, marimba, midi, normalise, pluck, soft_pad

BED_S = 24.0  # the length of an ambience loop
MOMENTS = ("start", "success", "best", "fail")
VARIANTS = 3


@dataclasses.dataclass(frozen=True)
class Bed:
    low: float  # Hz: the noise's band
    high: float
    swell_cycles: int  # slow swells over one loop (whole cycles: seamless)
    swell_depth: float  # 0 steady .. 1 fading to nothing between swells
    event: str  # "chime", "bird", "bubble", "cheer" or "" for none
    events: int  # how many over one loop
    seed: int


# one bed per scene family (the music's style names): where the family's games take place
BEDS = {
    "calm": Bed(120, 900, 2, 0.3, "chime", 3, 1),  # the menus: a quiet room, a far wind chime
    "focus": Bed(60, 400, 1, 0.2, "", 0, 2),  # one-leg holds: still air, nothing to listen for
    "strength": Bed(80, 1500, 3, 0.25, "", 0, 3),  # a training room's hum and air
    "flow": Bed(200, 2500, 3, 0.6, "chime", 2, 4),  # following: a light breeze
    "snow": Bed(300, 5000, 4, 0.8, "", 0, 5),  # the alpine slope: gusts of wind
    "lounge": Bed(150, 2000, 5, 0.35, "chime", 4, 6),  # table tilt: a café's murmur, a cup now and then
    "bright": Bed(400, 6000, 2, 0.4, "bird", 6, 7),  # reaching outdoors: leaves and birds
    "stadium": Bed(250, 3000, 6, 0.5, "cheer", 3, 8),  # heading: the crowd
    "river": Bed(500, 8000, 8, 0.45, "bubble", 10, 9),  # the river: running water, bubbles
}


def _coloured_noise(n: int, low: float, high: float, rng: np.random.Generator) -> np.ndarray:
    """White noise kept between `low` and `high` Hz (soft edges), filtered circularly so it loops."""
    spectrum = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1 / RATE)
    band = 1 / (1 + (low / np.maximum(freqs, 1e-3)) ** 4) / (1 + (freqs / high) ** 4)
    return np.fft.irfft(spectrum * band / np.sqrt(np.maximum(freqs, 20.0) / 20.0), n)


def _event(kind: str, rng: np.random.Generator) -> np.ndarray:
    if kind == "chime":
        return bell(midi(float(rng.choice((84, 86, 89, 91, 93)))), 2.0, 2.5) * 0.5
    if kind == "bird":  # two or three quick up-down chirps
        t = np.arange(int(0.09 * RATE)) / RATE
        f0 = rng.uniform(2500, 4000)
        chirp = np.sin(2 * np.pi * (f0 * t + 9000 * t ** 2 - 50000 * t ** 3)) * np.sin(np.pi * t / t[-1]) ** 2
        gap = np.zeros(int(rng.uniform(0.04, 0.09) * RATE))
        return np.concatenate([chirp, gap] * int(rng.integers(2, 4))) * 0.35
    if kind == "bubble":  # a rising blip
        t = np.arange(int(0.06 * RATE)) / RATE
        f = rng.uniform(400, 900)
        return np.sin(2 * np.pi * (f * t + 4000 * t ** 2)) * np.exp(-50 * t) * 0.5
    if kind == "cheer":  # the crowd swells for a moment
        n = int(1.6 * RATE)
        swell = np.sin(np.pi * np.arange(n) / n) ** 2
        return _coloured_noise(n, 400, 3000, rng) * swell * 3.0
    return np.zeros(1)


def ambience(family: str, seconds: float = BED_S) -> np.ndarray:
    """The seamless stereo bed of `family` (BEDS), quiet (peak 0.25): shape (n, 2). KeyError for an unknown family."""
    bed = BEDS[family]
    n = int(seconds * RATE)
    rng = np.random.default_rng(bed.seed)
    t = np.arange(n) / n
    out = np.zeros((n, 2))
    for c, phase in ((0, 0.0), (1, 0.9)):  # each ear its own noise and its swells a little apart
        swell = 1 - bed.swell_depth * (0.5 + 0.5 * np.cos(2 * np.pi * bed.swell_cycles * t + phase))
        noise = _coloured_noise(n, bed.low, bed.high, rng)
        out[:, c] = noise / (np.abs(noise).max() or 1.0) * swell
    for _ in range(bed.events):
        sound = _event(bed.event, rng)[:n]
        at, pan = rng.uniform(0, seconds), rng.uniform(0.2, 0.8)
        for c, gain in ((0, 2 * (1 - pan)), (1, 2 * pan)):  # (place wraps round the loop's end: no seam)
            synth.place(out[:, c], sound, at, gain)
    return normalise(out, 0.25)


def stinger(family: str, moment: str, variant: int = 0) -> np.ndarray:
    """A short phrase for `moment` (MOMENTS) of a game of `family` (synth.STYLES), variant 0..VARIANTS-1 (others
    wrap round): on the family's instrument, in its key and scale. Mono. KeyError for an unknown family or
    moment."""
    style = synth.STYLES[family]
    if moment not in MOMENTS:
        raise KeyError(moment)
    v = variant % VARIANTS
    play = {"bell": lambda f, s: bell(f, s, 4.0), "marimba": marimba,
            "pluck": lambda f, s: pluck(f, s, 0.5, int(f))}[style.lead]

    def note(degree: int) -> float:
        return midi(synth._degree(style, degree) + 12)

    gap = 60.0 / style.bpm / (2 + v % 2)  # a family's tempo; the variants a little quicker or slower
    tonic = (0, 2, 4)[v]  # the variants start from another note of the tonic chord
    if moment == "start":  # up the tonic chord: off we go
        steps, length, pad = [tonic, tonic + 2, tonic + 4], 0.5, False
    elif moment == "success":  # up to the octave, on a chord
        steps, length, pad = [tonic, tonic + 2, tonic + 4, 7 + tonic % 7], 0.8, True
    elif moment == "best":  # a run up the scale, a bell on top
        steps, length, pad = [tonic + i for i in range(6)] + [tonic + 7, tonic + 9], 0.9, True
    else:  # a fail: two notes falling, soft and short (not a buzzer: it is fine to try again)
        steps, length, pad = [tonic + 2, tonic + 1, tonic - 1], 0.45, False
    if moment == "best":
        gap *= 0.6  # the run goes up quickly
    parts = [(play(note(d), length), i * gap) for i, d in enumerate(steps)]
    if pad:
        chord = [midi(synth._degree(style, tonic + s)) for s in synth.MAJOR_TRIAD_STEPS]
        parts.append((soft_pad(chord, 1.2) * 0.6, len(steps) * gap * 0.6))
    if moment == "best":
        parts.append((bell(note(tonic + 14), 1.2, 3.0) * 0.6, len(steps) * gap))
    out = synth.seq(*parts)
    return normalise(out, 0.35 if moment == "fail" else 0.5)
