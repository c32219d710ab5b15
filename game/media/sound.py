"""Sound: the effects and music loops of game/media/synth.py, the ambience beds and stingers of
game/media/beds.py played through pygame's mixer, at the volumes of the player's settings
(game/engine/settings.py), and the eyes-closed guidance tone.

Effects are synthesised in a background thread at start-up (a first use before that makes its own);
a game's music loop and its family's ambience bed are made when its screen opens, in the background, and fade in
when ready (the bed under the music, at the music's volume); a game family's stingers (start, success, new best,
fail) take turns between their variants. Music, beds and stingers are synthesised once and kept in the user's
cache folder (game/media/music_cache.py).
Without an audio device the game runs silent rather than failing.
"""
from __future__ import annotations

import threading

import numpy as np
import pygame

from poise.game.media import beds, music_cache, synth
from poise.game.engine.settings import Settings

RATE = synth.RATE
MUSIC_KEPT = 3  # pieces kept made in memory (the menus', the last game's, the one before)
SONIFY_PITCHES = 13  # semitone steps the COP's front-back position is heard on
MUSIC_CHANNEL, TONE_CHANNELS, BED_CHANNEL = 0, (1, 2), 3  # reserved: never taken by an effect; the tone
# crossfades between two
MUSIC_FADE_MS = 900
BED_GAIN = 0.7  # the ambience bed, times the music's volume


def _pcm(samples: np.ndarray, freq: int, channels: int) -> np.ndarray:
    """Float samples (mono, or stereo (n, 2)) at RATE -> int16 frames for the mixer as it is set up."""
    x = samples if samples.ndim == 2 else samples[:, None]
    if freq != RATE:
        n = int(len(x) * freq / RATE)
        src = np.arange(n) * RATE / freq
        x = np.stack([np.interp(src, np.arange(len(x)), x[:, c]) for c in range(x.shape[1])], axis=1)
    if channels == 1:
        x = x.mean(axis=1, keepdims=True)
    elif x.shape[1] == 1:
        x = np.repeat(x, channels, axis=1)
    pcm = (np.clip(x, -1, 1) * 32767).astype(np.int16)
    return np.ascontiguousarray(pcm if channels > 1 else pcm[:, 0])


class Sounds:
    def __init__(self, enabled: bool = True, settings: Settings | None = None):
        self.settings = settings or Settings()
        self.sounds: dict[str, pygame.mixer.Sound] = {}
        self.ok = False
        self.music_style: str | None = None  # wanted now
        self._music: dict[str, pygame.mixer.Sound] = {}
        self._music_playing: str | None = None
        self._beds: dict[str, pygame.mixer.Sound] = {}
        self._bed_playing: str | None = None
        self._turns: dict[tuple[str, str], int] = {}  # (family, moment): stingers played, to take turns
        self._ducked = False
        self._gain = 1.0  # the music's own fade toward 0 while ducked
        self._lock = threading.Lock()
        self._tones: list[pygame.mixer.Sound] | None = None
        self._tone_index = -1
        self._tone_on = False
        self.tone_volume = (0.0, 0.0)
        if not enabled:
            return
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(RATE, -16, 2, 512)
            self.freq, _, self.channels = pygame.mixer.get_init()
            pygame.mixer.set_num_channels(16)
            pygame.mixer.set_reserved(4)
            self.music_channel = pygame.mixer.Channel(MUSIC_CHANNEL)
            self.bed_channel = pygame.mixer.Channel(BED_CHANNEL)
            self.tone_channels = [pygame.mixer.Channel(i) for i in TONE_CHANNELS]
            self.tone_channel = self.tone_channels[0]
        except pygame.error:
            return  # no audio device: play silently
        self.ok = True
        threading.Thread(target=self._prewarm, daemon=True).start()

    # -- volumes ----------------------------------------------------------------------------
    @property
    def effects_volume(self) -> float:
        s = self.settings
        return 0.0 if s.muted else s.volume * s.effects

    @property
    def music_volume(self) -> float:
        s = self.settings
        return 0.0 if s.muted else s.volume * s.music

    def apply(self, settings: Settings) -> None:
        """New volumes or mute: the music and the guidance tone follow at once."""
        self.settings = settings
        if not self.ok:
            return
        self._set_music_volume()
        if self._tone_on:
            left, right = self.tone_volume
            k = 0.5 * self.effects_volume / max(1e-9, max(left, right)) if max(left, right) > 0 else 0.0
            self.tone_volume = (left * k, right * k) if k else (0.0, 0.0)
            self.tone_channel.set_volume(*self.tone_volume)

    # -- effects -----------------------------------------------------------------------------
    def _prewarm(self) -> None:
        for name in synth.EFFECTS:
            self._sound(name)

    def _sound(self, name: str) -> pygame.mixer.Sound | None:
        with self._lock:
            snd = self.sounds.get(name)
        if snd is None:
            if synth.ALIASES.get(name, name) not in synth.EFFECTS:
                return None
            snd = pygame.mixer.Sound(buffer=_pcm(synth.effect(name), self.freq, self.channels).tobytes())
            with self._lock:
                self.sounds.setdefault(name, snd)
        return snd

    def play(self, name: str, pan: float = 0.0) -> pygame.mixer.Channel | None:
        """An effect by name (game/media/synth.py EFFECTS); `pan` -1 left .. 1 right. Returns its channel."""
        if not self.ok or self.effects_volume <= 0:
            return None
        snd = self._sound(name)
        if snd is None:
            return None
        channel = snd.play()
        if channel is not None:
            v = self.effects_volume
            p = min(1.0, max(-1.0, pan))
            if p == 0:
                channel.set_volume(v)
            else:  # SDL_mixer pans with its own effect: the channel's volume then stays at full
                channel.set_volume(v * min(1.0, 1 - p), v * min(1.0, 1 + p))
        return channel

    def sting(self, family: str | None, moment: str) -> pygame.mixer.Channel | None:
        """The stinger of a game `family` (synth.STYLES) for `moment` (beds.MOMENTS: start, success, best, fail),
        the next of its variants in turn, at the effects' volume; a game without a family gets nothing. Returns its
        channel."""
        if not self.ok or self.effects_volume <= 0 or family not in synth.STYLES:
            return None
        turn = self._turns.get((family, moment), 0)
        self._turns[(family, moment)] = turn + 1
        key = f"sting:{family}:{moment}:{turn % beds.VARIANTS}"
        with self._lock:
            snd = self.sounds.get(key)
        if snd is None:
            samples = music_cache.stinger(family, moment, turn)
            snd = pygame.mixer.Sound(buffer=_pcm(samples, self.freq, self.channels).tobytes())
            with self._lock:
                self.sounds[key] = snd
        channel = snd.play()
        if channel is not None:
            channel.set_volume(self.effects_volume)
        return channel

    # -- music ---------------------------------------------------------------------------------
    def music(self, style: str | None) -> None:
        """Loop this style's music (game/media/synth.py STYLES), fading in once made; None fades it out."""
        if not self.ok or style == self.music_style:
            return
        self.music_style = style
        if style is None:
            self.music_channel.fadeout(MUSIC_FADE_MS)
            self.bed_channel.fadeout(MUSIC_FADE_MS)
            self._music_playing = self._bed_playing = None
            return
        if style in self._music and (style in self._beds or style not in beds.BEDS):
            self._start_music(style)
        else:
            threading.Thread(target=self._make_music, args=(style,), daemon=True).start()

    def _make_music(self, style: str) -> None:
        bed = None
        if style in beds.BEDS and style not in self._beds:
            bed = pygame.mixer.Sound(buffer=_pcm(music_cache.ambience(style), self.freq, self.channels).tobytes())
        snd = pygame.mixer.Sound(buffer=_pcm(music_cache.music(style), self.freq, self.channels).tobytes())
        with self._lock:
            self._music[style] = snd
            if bed is not None:
                self._beds[style] = bed
            for old in list(self._music)[:-MUSIC_KEPT]:  # a piece is about 20 MB: keep the last few only
                if old not in (self.music_style, self._music_playing):
                    del self._music[old]
                    self._beds.pop(old, None)

    def update(self) -> None:
        """Once a frame: start music that has finished being made (if still wanted), and move the
        music's volume a step toward ducked or not (about a fifth of a second end to end)."""
        if not self.ok:
            return
        style = self.music_style
        if style is not None and style != self._music_playing and style in self._music:
            self._start_music(style)
        target = 0.0 if self._ducked else 1.0
        if self._gain != target:
            self._gain = target if abs(target - self._gain) <= 0.08 else self._gain + (0.08 if target > self._gain
                                                                                      else -0.08)
            self._set_music_volume()

    def _set_music_volume(self) -> None:
        self.music_channel.set_volume(self.music_volume * self._gain)
        self.bed_channel.set_volume(self.music_volume * self._gain * BED_GAIN)

    def _start_music(self, style: str) -> None:
        # the volume first: SDL_mixer fades a channel in to the volume it had when play was called, and back to
        # that one at the end of the fade (a bed last heard muted would fade in to silence and stay there)
        self._set_music_volume()
        self.music_channel.play(self._music[style], loops=-1, fade_ms=MUSIC_FADE_MS)
        if style in self._beds:
            self.bed_channel.play(self._beds[style], loops=-1, fade_ms=MUSIC_FADE_MS)
            self._bed_playing = style
        else:
            self.bed_channel.fadeout(MUSIC_FADE_MS)
            self._bed_playing = None
        self._set_music_volume()
        self._music_playing = style

    def duck(self, ducked: bool) -> None:
        """Quieten the music to nothing (a pause, the eyes-closed tone) and bring it back, without stopping it."""
        self._ducked = ducked

    # -- the eyes-closed guidance tone ----------------------------------------------------------
    def sonify(self, level: float | None, pan: float = 0.0) -> None:
        """A steady tone for eyes-closed play: pitch follows `level` (0..1, front-back), the stereo
        position follows `pan` (-1 left .. 1 right). None silences it."""
        if not self.ok:
            return
        if level is None:
            if self._tone_on:
                self.tone_channel.fadeout(150)
                self._tone_on, self._tone_index = False, -1
            return
        if self._tones is None:
            self._tones = [pygame.mixer.Sound(buffer=self._loop(220.0 * 2 ** (i / 12))) for i in range(SONIFY_PITCHES)]
        index = min(SONIFY_PITCHES - 1, max(0, round(level * (SONIFY_PITCHES - 1))))
        p = min(1.0, max(-1.0, pan))
        v = 0.5 * self.effects_volume
        self.tone_volume = (v * min(1.0, 1 - p), v * min(1.0, 1 + p))  # left, right
        if index != self._tone_index or not self.tone_channel.get_busy():
            if self._tone_on:  # crossfade to the new pitch on the other channel: no click
                self.tone_channel.fadeout(60)
                self.tone_channel = self.tone_channels[1] if self.tone_channel is self.tone_channels[0] \
                    else self.tone_channels[0]
            self.tone_channel.set_volume(*self.tone_volume)  # before play: a fade-in ends at the volume it began with
            self.tone_channel.play(self._tones[index], loops=-1, fade_ms=40)
            self._tone_index = index
            self._tone_on = True
        self.tone_channel.set_volume(*self.tone_volume)

    def _loop(self, freq: float) -> bytes:
        """Exactly whole cycles of a soft, warm tone, so it loops without a click."""
        cycles = max(1, round(freq * 0.5))
        n = round(cycles * self.freq / freq)
        t = np.arange(n) / self.freq
        wave = 0.5 * np.sin(2 * np.pi * freq * t) + 0.12 * np.sin(4 * np.pi * freq * t) + \
            0.04 * np.sin(6 * np.pi * freq * t)
        pcm = (wave * 32767).astype(np.int16)
        frames = np.repeat(pcm[:, None], self.channels, axis=1) if self.channels > 1 else pcm
        return np.ascontiguousarray(frames).tobytes()
