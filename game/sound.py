"""Sound effects synthesised at start-up with numpy: nothing to download, nothing to license.

Without an audio device the game runs silent rather than failing.
"""
from __future__ import annotations

import numpy as np
import pygame

RATE = 44100


def _tone(freqs: list[float], seconds: float, volume: float = 0.35, decay: float = 6.0) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    wave = sum(np.sin(2 * np.pi * f * t) for f in freqs) / len(freqs)
    envelope = np.minimum(1.0, t / 0.01) * np.exp(-decay * t)
    return wave * envelope * volume


def _sequence(notes: list[tuple[list[float], float]], **kw) -> np.ndarray:
    return np.concatenate([_tone(f, d, **kw) for f, d in notes])


RECIPES = {
    "tick": lambda: _tone([660.0], 0.12, 0.3, 18.0),
    "go": lambda: _tone([880.0, 1320.0], 0.35, 0.35, 7.0),
    "enter": lambda: _tone([523.3, 784.0], 0.18, 0.2, 12.0),
    "leave": lambda: _tone([311.1], 0.15, 0.18, 14.0),
    "pause": lambda: _sequence([([440.0], 0.12), ([330.0], 0.2)], volume=0.3, decay=8.0),
    "done": lambda: _sequence([([523.3], 0.14), ([659.3], 0.14), ([784.0], 0.14), ([1046.5, 784.0], 0.5)],
                              volume=0.35, decay=4.0),
    "select": lambda: _tone([988.0], 0.06, 0.2, 30.0),
    "hit": lambda: _sequence([([784.0, 1175.0], 0.1), ([1568.0], 0.25)], volume=0.3, decay=9.0),
    "miss": lambda: _tone([196.0, 233.1], 0.3, 0.3, 6.0),
    "beat": lambda: _tone([1318.5], 0.05, 0.18, 40.0),
    "gate": lambda: _tone([1046.5, 1318.5], 0.12, 0.22, 14.0),
    "sink": lambda: _sequence([([659.3], 0.08), ([523.3], 0.08), ([392.0], 0.3)], volume=0.3, decay=7.0),
    "rep": lambda: _tone([698.5, 880.0], 0.18, 0.25, 10.0),
}
SONIFY_PITCHES = 13  # semitone steps the COP's front-back position is heard on


class Sounds:
    def __init__(self, enabled: bool = True):
        self.sounds: dict[str, pygame.mixer.Sound] = {}
        if not enabled:
            return
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(RATE, -16, 2, 512)
            freq, _, channels = pygame.mixer.get_init()
        except pygame.error:
            return  # no audio device: play silently
        for name, recipe in RECIPES.items():
            mono = recipe()
            if freq != RATE:
                mono = np.interp(np.arange(int(len(mono) * freq / RATE)) * RATE / freq, np.arange(len(mono)), mono)
            pcm = (np.clip(mono, -1, 1) * 32767).astype(np.int16)
            frames = np.repeat(pcm[:, None], channels, axis=1) if channels > 1 else pcm
            self.sounds[name] = pygame.sndarray.make_sound(np.ascontiguousarray(frames))

    def play(self, name: str) -> None:
        sound = self.sounds.get(name)
        if sound is not None:
            sound.play()

    def sonify(self, level: float | None, pan: float = 0.0) -> None:
        """A steady tone for eyes-closed play: pitch follows `level` (0..1, front-back), the stereo
        position follows `pan` (-1 left .. 1 right). None silences it."""
        if not self.sounds:
            return
        if not hasattr(self, "_tones"):
            self._tones = [pygame.mixer.Sound(buffer=self._loop(220.0 * 2 ** (i / 12)))
                           for i in range(SONIFY_PITCHES)]
            self._tone_channel = None
            self._tone_index = -1
        if level is None:
            if self._tone_channel is not None:
                self._tone_channel.fadeout(150)
                self._tone_channel, self._tone_index = None, -1
            return
        index = min(SONIFY_PITCHES - 1, max(0, round(level * (SONIFY_PITCHES - 1))))
        if index != self._tone_index or self._tone_channel is None or not self._tone_channel.get_busy():
            if self._tone_channel is not None:
                self._tone_channel.fadeout(60)
            self._tone_channel = self._tones[index].play(loops=-1, fade_ms=40)
            self._tone_index = index
        if self._tone_channel is not None:
            p = min(1.0, max(-1.0, pan))
            self._tone_channel.set_volume(0.5 * (1 - p), 0.5 * (1 + p))

    @staticmethod
    def _loop(freq: float) -> bytes:
        """Exactly whole cycles of a soft tone, so it loops without a click."""
        freq_out, _, channels = pygame.mixer.get_init()
        cycles = max(1, round(freq * 0.5))
        n = round(cycles * freq_out / freq)
        t = np.arange(n) / freq_out
        wave = 0.25 * np.sin(2 * np.pi * freq * t) + 0.05 * np.sin(4 * np.pi * freq * t)
        pcm = (wave * 32767).astype(np.int16)
        frames = np.repeat(pcm[:, None], channels, axis=1) if channels > 1 else pcm
        return np.ascontiguousarray(frames).tobytes()
