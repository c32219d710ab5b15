"""Sound design, synthesised with numpy: every effect and each game's music loop is made here from
oscillators, noise and envelopes. Nothing is downloaded, nothing to license, the same bytes every run.

Pure functions returning float arrays in -1..1 at RATE (mono effects; stereo (n, 2) music). No
pygame here: game/media/sound.py plays what this makes.
"""
from __future__ import annotations

import dataclasses
import functools

import numpy as np

RATE = 44100


def _t(seconds: float) -> np.ndarray:
    return np.arange(int(RATE * seconds)) / RATE


def midi(note: float) -> float:
    return 440.0 * 2 ** ((note - 69) / 12)


def envelope(n: int, attack: float = 0.005, decay: float = 8.0, release: float = 0.01) -> np.ndarray:
    """A fast attack, an exponential decay and a short release to zero at the end (no click)."""
    t = np.arange(n) / RATE
    env = np.minimum(1.0, t / max(attack, 1e-4)) * np.exp(-decay * t)
    r = max(1, int(release * RATE))
    if n > r:
        env[-r:] *= np.linspace(1.0, 0.0, r)
    return env


# -- instruments: one note each, mono ---------------------------------------------------------
def bell(freq: float, seconds: float = 0.8, decay: float = 5.0) -> np.ndarray:
    """FM bell: a bright strike that mellows (modulation index decays with the note)."""
    t = _t(seconds)
    index = 3.0 * np.exp(-6 * t)
    wave = np.sin(2 * np.pi * freq * t + index * np.sin(2 * np.pi * freq * 3.5 * t))
    return wave * envelope(len(t), 0.002, decay)


def marimba(freq: float, seconds: float = 0.5) -> np.ndarray:
    t = _t(seconds)
    wave = np.sin(2 * np.pi * freq * t) + 0.35 * np.sin(2 * np.pi * freq * 4 * t) * np.exp(-30 * t)
    return wave * envelope(len(t), 0.002, 9.0) * 0.8


def pluck(freq: float, seconds: float = 0.6, brightness: float = 0.5, seed: int = 0) -> np.ndarray:
    """Karplus-Strong plucked string: a noise burst in a delay line that averages itself mellow."""
    n = int(RATE * seconds)
    period = max(2, int(RATE / freq))
    rng = np.random.default_rng(seed)
    line = rng.uniform(-1, 1, period)
    out = np.empty(n)
    blend = 0.5 + 0.49 * brightness
    # a block at a time: each period is a smoothed copy of the one before
    pos = 0
    while pos < n:
        k = min(period, n - pos)
        out[pos:pos + k] = line[:k]
        line = 0.996 * (blend * line + (1 - blend) * np.roll(line, 1))
        pos += k
    return out * envelope(n, 0.001, 2.5, 0.02)


def soft_pad(freqs: list[float], seconds: float) -> np.ndarray:
    """A warm chord: detuned triangle-ish partials, slow swell in and out."""
    t = _t(seconds)
    wave = np.zeros_like(t)
    for f in freqs:
        for detune in (-0.15, 0.15):
            # sin x + sin 3x / 9 - sin 5x / 25, the harmonics from sin x (sin 3x = 3s - 4s^3, sin 5x = 5s - 20s^3
            # + 16s^5): one sine instead of three over the whole chord, the piece's costliest part
            s = np.sin(2 * np.pi * (f + detune) * t)
            s2 = s * s
            wave += s * (1.0 + (3.0 - 4.0 * s2) / 9 - (5.0 - 20.0 * s2 + 16.0 * s2 * s2) / 25)
    wave /= max(1, 2 * len(freqs))
    n = len(t)
    swell = np.minimum(1.0, t / (0.3 * seconds)) * np.minimum(1.0, (seconds - t) / (0.3 * seconds))
    return wave * np.clip(swell, 0, 1) * (1 if n else 0)


def bass(freq: float, seconds: float) -> np.ndarray:
    t = _t(seconds)
    wave = np.sin(2 * np.pi * freq * t) + 0.3 * np.sin(4 * np.pi * freq * t)
    return wave * envelope(len(t), 0.004, 3.0, 0.03) * 0.9


def noise(seconds: float, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).uniform(-1, 1, int(RATE * seconds))


def lowpass(x: np.ndarray, cutoff: float) -> np.ndarray:
    """One-pole low-pass (vectorised through a cumulative form would drift; a short loop is fine here)."""
    a = np.exp(-2 * np.pi * cutoff / RATE)
    y = np.empty_like(x)
    acc = 0.0
    for i, v in enumerate(x):
        acc = (1 - a) * v + a * acc
        y[i] = acc
    return y


def hat(seconds: float = 0.05, seed: int = 1) -> np.ndarray:
    x = noise(seconds, seed)
    x = x - np.concatenate(([0.0], x[:-1]))  # brighter: a first difference
    return x * envelope(len(x), 0.0005, 60.0) * 0.5


def kick(seconds: float = 0.25) -> np.ndarray:
    t = _t(seconds)
    sweep = 2 * np.pi * np.cumsum(50 + 90 * np.exp(-25 * t)) / RATE
    return np.sin(sweep) * envelope(len(t), 0.001, 14.0)


def woodblock(freq: float = 1200.0, seconds: float = 0.09) -> np.ndarray:
    t = _t(seconds)
    wave = np.sin(2 * np.pi * freq * t) + 0.5 * np.sin(2 * np.pi * freq * 2.76 * t)
    return wave * envelope(len(t), 0.0005, 45.0) * 0.8


def sweep(f0: float, f1: float, seconds: float, shape: str = "sine") -> np.ndarray:
    t = _t(seconds)
    f = f0 * (f1 / f0) ** (t / seconds)
    ph = 2 * np.pi * np.cumsum(f) / RATE
    wave = np.sin(ph) if shape == "sine" else np.sign(np.sin(ph)) * 0.4
    return wave


def whoosh(seconds: float = 0.35, seed: int = 3, up: bool = True) -> np.ndarray:
    """Filtered noise swelling through: skis on snow, a screen sliding by."""
    x = noise(seconds, seed)
    t = _t(seconds)
    # a band that sweeps: difference of two moving averages of different width
    width = (np.linspace(40, 8, len(x)) if up else np.linspace(8, 40, len(x))).astype(int)
    c = np.concatenate(([0.0], np.cumsum(x)))
    idx = np.arange(len(x))
    smooth = (c[idx + 1] - c[np.maximum(0, idx + 1 - width)]) / width
    env = np.sin(np.pi * t / seconds) ** 2
    return smooth * env * 2.5


def place(out: np.ndarray, sound: np.ndarray, at: float, gain: float = 1.0) -> None:
    """Mix `sound` into `out` starting at `at` seconds; what runs past the end wraps to the start (loops)."""
    n = len(out)
    start = int(round(at * RATE)) % n
    first = min(len(sound), n - start)
    out[start:start + first] += gain * sound[:first]
    rest = sound[first:]
    while len(rest):
        k = min(len(rest), n)
        out[:k] += gain * rest[:k]
        rest = rest[k:]


def seq(*parts: tuple[np.ndarray, float], length: float | None = None) -> np.ndarray:
    """Sounds at given start times (s), mixed."""
    end = max(at + len(s) / RATE for s, at in parts) if length is None else length
    out = np.zeros(int(end * RATE) + 1)
    for s, at in parts:
        i = int(at * RATE)
        out[i:i + len(s)] += s[:len(out) - i]
    return out


def mix(*sounds: np.ndarray) -> np.ndarray:
    """Sounds of any lengths, started together."""
    return seq(*[(x, 0.0) for x in sounds])


def normalise(x: np.ndarray, peak: float) -> np.ndarray:
    m = float(np.max(np.abs(x))) if len(x) else 0.0
    return x * (peak / m) if m > 0 else x


# -- effects: what each event sounds like ------------------------------------------------------
def _count(note: int) -> np.ndarray:
    return normalise(mix(marimba(midi(note), 0.35), 0.4 * woodblock(midi(note + 24), 0.06)), 0.55)


EFFECTS = {
    # countdown: three clear, equal woodblock-marimba notes, then a bright chord
    "tick": lambda: _count(72),
    "go": lambda: normalise(seq((bell(midi(84), 0.9, 4), 0), (bell(midi(91), 0.9, 4), 0.0),
                                (marimba(midi(72), 0.5), 0)), 0.6),
    "enter": lambda: normalise(seq((marimba(midi(79), 0.2), 0), (marimba(midi(84), 0.25), 0.06)), 0.35),
    "leave": lambda: normalise(seq((marimba(midi(74), 0.2), 0), (marimba(midi(67), 0.25), 0.06)), 0.3),
    "pause": lambda: normalise(seq((soft_pad([midi(67)], 0.3), 0), (soft_pad([midi(60)], 0.4), 0.16)), 0.35),
    "select": lambda: normalise(mix(woodblock(1500, 0.06), 0.5 * marimba(midi(88), 0.1)), 0.3),
    "move": lambda: normalise(woodblock(2200, 0.03), 0.12),
    "hit": lambda: normalise(seq((bell(midi(88), 0.6, 6), 0), (bell(midi(95), 0.7, 6), 0.07)), 0.45),
    "miss": lambda: normalise(seq((bass(midi(43), 0.3), 0), (lowpass(noise(0.15, 5), 600) * envelope(
        int(0.15 * RATE), 0.001, 20), 0)), 0.45),
    "beat": lambda: normalise(woodblock(1800, 0.07), 0.35),
    "gate": lambda: normalise(seq((whoosh(0.3, 4), 0), (bell(midi(86), 0.4, 8), 0.12)), 0.45),
    "sink": lambda: normalise(seq(*[(marimba(midi(n), 0.3), 0.07 * i) for i, n in enumerate((84, 79, 76, 72))],
                                  (kick(0.3) * 0.6, 0.28)), 0.5),
    "rep": lambda: normalise(seq((marimba(midi(72), 0.4), 0), (marimba(midi(76), 0.4), 0.0),
                                 (marimba(midi(79), 0.4), 0.0)), 0.35),
    "finish": lambda: normalise(seq(*[(bell(midi(n), 1.2, 3), 0.1 * i) for i, n in enumerate((72, 76, 79, 84))]),
                                0.5),
    "results": lambda: normalise(seq(*[(marimba(midi(n), 0.4), 0.09 * i) for i, n in
                                       enumerate((72, 74, 76, 79, 81, 84))], (soft_pad([midi(60), midi(64), midi(67)],
                                                                                       1.2), 0.5)), 0.45),
    "star1": lambda: normalise(seq((bell(midi(84), 0.8, 5), 0), (noise(0.05, 7) * envelope(2205, 0.001, 60) * 0.2, 0)), 0.4),
    "star2": lambda: normalise(seq((bell(midi(88), 0.8, 5), 0), (noise(0.05, 8) * envelope(2205, 0.001, 60) * 0.2, 0)), 0.42),
    "star3": lambda: normalise(seq((bell(midi(91), 1.0, 4), 0), (bell(midi(96), 1.0, 4), 0.05)), 0.45),
    "best": lambda: normalise(seq(*[(bell(midi(n), 0.7, 5), 0.11 * i) for i, n in enumerate((79, 84, 88, 91, 96))]),
                              0.45),
    "whoosh": lambda: normalise(whoosh(0.28, 9), 0.18),
    "bounce": lambda: normalise(seq((woodblock(700, 0.08), 0), (marimba(midi(64), 0.12), 0)), 0.3),
    "header": lambda: normalise(seq((kick(0.18), 0), (woodblock(900, 0.06), 0), (bell(midi(86), 0.4, 7), 0.04)), 0.5),
    "boot": lambda: normalise(seq((bass(midi(36), 0.35), 0), (lowpass(noise(0.2, 11), 400) * envelope(
        int(0.2 * RATE), 0.001, 15), 0)), 0.5),
    "pop": lambda: normalise(mix(sweep(300, 1400, 0.06) * envelope(int(0.06 * RATE), 0.001, 30), 0.3 * hat(0.04, 12)),
                             0.4),
    "bonk": lambda: normalise(seq((marimba(midi(55), 0.25), 0), (lowpass(noise(0.1, 13), 900) * envelope(
        4410, 0.001, 25), 0)), 0.35),
    "collect": lambda: normalise(seq((bell(midi(93), 0.4, 9), 0), (bell(midi(100), 0.4, 9), 0.05)), 0.3),
}
ALIASES = {"done": "finish"}  # a level's own "done" is its finishing chord; the results screen has its jingle


@functools.cache
def effect(name: str) -> np.ndarray:
    """The mono samples of one effect (cached: each is made once per process)."""
    name = ALIASES.get(name, name)
    return np.clip(EFFECTS[name](), -1.0, 1.0)


# -- music: a light loop per game ---------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Style:
    bpm: float
    root: int  # MIDI note of the key
    scale: tuple[int, ...]  # semitones
    chords: tuple[int, ...]  # scale degrees of the chord roots, one per bar
    lead: str  # marimba, bell, pluck
    drums: bool
    density: float  # share of eighth notes the lead plays
    seed: int


STYLES = {
    "calm": Style(72, 57, (0, 2, 4, 7, 9), (0, 3, 4, 2), "bell", False, 0.25, 1),  # pentatonic, sparse bells: menus
    "focus": Style(66, 52, (0, 2, 3, 5, 7, 8, 10), (0, 5, 3, 6), "pluck", False, 0.2, 7),  # aeolian, low: one-leg holds
    "strength": Style(96, 53, (0, 2, 4, 5, 7, 9, 10), (0, 6, 3, 4), "marimba", True, 0.35, 8),  # mixolydian pulse
    "flow": Style(80, 59, (0, 2, 4, 7, 9), (0, 2, 5, 3), "bell", False, 0.5, 9),  # tracking and circling
    "snow": Style(116, 62, (0, 2, 4, 5, 7, 9, 11), (0, 4, 5, 3), "bell", True, 0.55, 2),  # bright alpine
    "lounge": Style(92, 55, (0, 2, 3, 5, 7, 9, 10), (0, 3, 1, 4), "marimba", True, 0.45, 3),  # dorian, table tilt
    "bright": Style(100, 60, (0, 2, 4, 7, 9), (0, 5, 3, 4), "marimba", True, 0.4, 4),
    "stadium": Style(124, 60, (0, 2, 4, 5, 7, 9, 11), (0, 3, 4, 4), "pluck", True, 0.6, 5),  # heading
    "river": Style(84, 64, (0, 2, 4, 7, 9), (0, 5, 3, 4), "pluck", False, 0.7, 6),  # flowing arpeggios
}
MAJOR_TRIAD_STEPS = (0, 2, 4)  # scale steps above a chord root


def _degree(style: Style, d: int) -> int:
    octave, i = divmod(d, len(style.scale))
    return style.root + 12 * octave + style.scale[i]


# A piece's form: sections of bars, each with its chord order (a rotation of the style's progression), its
# melody (a seed of its own, or a repeat of an earlier section's), how busy the lead is and whether the drums and
# the counter-melody play. A returns varied (A2: the same tune an octave of bells above), B answers it, the
# breakdown (C) drops to pad and bass before the last A: about a minute and a half or more before anything
# repeats, so a ten-minute session hears each piece a handful of times, not ten or more.
@dataclasses.dataclass(frozen=True)
class Section:
    name: str
    bars: int
    rotate: int  # the chord progression, started this many chords later
    melody: int  # the lead's seed offset: sections with the same one play the same tune
    density: float  # times the style's
    drums: bool
    counter: bool  # a high bell answers the lead
    gain: float = 1.0  # the pad and bass, times


FORM = (Section("A", 8, 0, 0, 1.0, True, False), Section("B", 8, 2, 1, 1.25, True, False),
        Section("A2", 8, 0, 0, 1.0, True, True), Section("C", 4, 1, 2, 0.0, False, False, 0.55),
        Section("A3", 4, 0, 0, 0.8, True, True))


def form_bars(form: tuple[Section, ...] = FORM) -> int:
    return sum(sec.bars for sec in form)


def music(style_name: str, form: tuple[Section, ...] = FORM) -> np.ndarray:
    """A seamless stereo loop of the style played through `form` (tails wrap round to the start)."""
    style = STYLES[style_name]
    beat = 60.0 / style.bpm
    bar = 4 * beat
    bars = form_bars(form)
    length = bars * bar
    left = np.zeros(int(round(length * RATE)))
    right = np.zeros_like(left)
    instrument = {"bell": lambda f, s: bell(f, s, 4.0), "marimba": marimba,
                  "pluck": lambda f, s: pluck(f, s, 0.4, int(f))}[style.lead]
    lead_cache: dict[int, np.ndarray] = {}
    counter_cache: dict[int, np.ndarray] = {}
    sections = [sec for sec in form for _ in range(sec.bars)]
    starts = {id(sec): sum(x.bars for x in form[:i]) for i, sec in enumerate(form)}
    rng = None
    for b in range(bars):
        sec = sections[b]
        within = b - starts[id(sec)]
        if within == 0:  # each section's tune from its own seed: a repeated section repeats its tune
            rng = np.random.default_rng((style.seed, sec.melody))
            last = 7
        root_deg = style.chords[(within + sec.rotate) % len(style.chords)]
        chord = [_degree(style, root_deg + s) for s in MAJOR_TRIAD_STEPS]
        pad = soft_pad([midi(n - 12) for n in chord], bar * 1.05) * 0.22 * sec.gain
        place(left, pad, b * bar)
        place(right, pad, b * bar)
        for k in range(2):  # bass on beats 1 and 3
            note = chord[0] - 24 + (7 if k == 1 and b % 2 else 0)
            place(left, bass(midi(note), beat * 1.8) * 0.32 * sec.gain, b * bar + 2 * k * beat)
            place(right, bass(midi(note), beat * 1.8) * 0.32 * sec.gain, b * bar + 2 * k * beat)
        for e in range(8):  # the lead: a walk over the scale that leans toward chord tones
            if rng.random() > style.density * sec.density:
                continue
            step = int(rng.choice((-2, -1, -1, 1, 1, 2, 0)))
            last = int(np.clip(last + step, 3, 12))
            target = root_deg + MAJOR_TRIAD_STEPS[int(rng.integers(0, 3))] + 7 * (last > 9)
            deg = target if e % 2 == 0 and rng.random() < 0.5 else last
            note = _degree(style, deg)
            if note not in lead_cache:
                lead_cache[note] = instrument(midi(note), 0.9)
            pan = 0.5 + 0.35 * np.sin(e + b)
            place(left, lead_cache[note] * 0.2 * (1 - pan) * 2, b * bar + e * beat / 2)
            place(right, lead_cache[note] * 0.2 * pan * 2, b * bar + e * beat / 2)
            if sec.counter and e % 4 == 2:  # the answer: a bell two octaves up, a beat behind, the other side
                high = note + 12
                if high not in counter_cache:
                    counter_cache[high] = bell(midi(high), 1.2, 3.0)
                place(left, counter_cache[high] * 0.08 * pan * 2, b * bar + (e + 2) * beat / 2)
                place(right, counter_cache[high] * 0.08 * (1 - pan) * 2, b * bar + (e + 2) * beat / 2)
        if style.drums and sec.drums:
            k, h = kick(0.25) * 0.35, hat()
            for q in range(4):
                if q in (0, 2):
                    place(left, k, b * bar + q * beat)
                    place(right, k, b * bar + q * beat)
                place(left, h * 0.18, b * bar + (q + 0.5) * beat)
                place(right, h * 0.12, b * bar + (q + 0.5) * beat)
    stereo = np.stack([left, right], axis=1)
    return normalise(stereo, 0.5)
