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
}


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
