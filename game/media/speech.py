"""The coach's voice: short cues spoken by the system's own speech engine, where one is installed.

espeak-ng (Linux, and installable on Windows and macOS) or speech-dispatcher's `spd-say`; nothing is
downloaded and nothing is bundled. Speaking never waits on the frame: cues go to one worker thread that
starts the engine as a separate process (subprocess, never a shell) and, when a newer cue arrives while an
older one is still being said, stops the older one, so the voice is never behind the game. Every cue is
also shown as a caption (the scenes draw it), so nothing depends on hearing it; the voice can be muted in
Settings, and a machine without an engine simply has captions.
"""
from __future__ import annotations

import queue
import shutil
import subprocess
import threading
from pathlib import Path

ENGINES = ("espeak-ng", "spd-say")
WORDS_PER_MINUTE = 165  # a little slower than conversation: it is heard while balancing


def engine() -> str | None:
    """The first speech engine on PATH (a name from ENGINES), or None."""
    return next((name for name in ENGINES if shutil.which(name)), None)


def voice_language(lang: str | None = None) -> str:
    """The speech engines' language code for a Poise language (default: the player's; the pseudo-language is
    spoken as English): "en", "de", "es"."""
    from poise import i18n

    lang = lang or i18n.language()
    return lang if lang in i18n.LANGUAGES else "en"


def command(name: str, text: str, wav: Path | None = None, lang: str | None = None) -> list[str]:
    """The argument list that says `text` with engine `name` in the voice of `lang` (default: the player's
    language), to the sound card or into `wav` with espeak-ng. Raises ValueError for an engine Poise does not
    know, or a WAV asked of one that cannot write it."""
    voice = voice_language(lang)
    if name == "espeak-ng":
        out = ["-w", str(wav)] if wav is not None else []
        return ["espeak-ng", "-v", voice, "-s", str(WORDS_PER_MINUTE), *out, "--", text]
    if name == "spd-say":
        if wav is not None:
            raise ValueError("spd-say speaks to the sound card only: use espeak-ng to write a WAV")
        return ["spd-say", "-l", voice, "--rate", "-10", "--", text]
    raise ValueError(f"unknown speech engine {name!r}: Poise uses {' or '.join(ENGINES)}")


class Voice:
    """Speaks cues off the game's thread. `enabled` False (muted, headless, tests) speaks nothing; `name` picks the
    engine (default: the first installed)."""

    def __init__(self, enabled: bool = True, name: str | None = None):
        self.name = (name or engine()) if enabled else None
        self.enabled = enabled
        self.spoken: list[str] = []  # every cue handed to the engine, in order (for the tests and captions)
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._process: subprocess.Popen | None = None

    @property
    def available(self) -> bool:
        return self.enabled and self.name is not None

    def say(self, text: str) -> None:
        """Queue `text` to be spoken; returns at once. Nothing happens when muted or without an engine."""
        if not self.available or not text.strip():
            return
        self._queue.put(text)
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="poise-voice", daemon=True)
            self._thread.start()

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        if not enabled:
            self._stop_current()
        elif self.name is None:
            self.name = engine()

    def close(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
        self._stop_current()

    def _stop_current(self) -> None:
        p = self._process
        if p is not None and p.poll() is None:
            p.terminate()

    def _run(self) -> None:
        while True:
            text = self._queue.get()
            while text is not None and not self._queue.empty():  # only the newest cue matters
                text = self._queue.get()
            if text is None:
                return
            self._stop_current()
            try:
                self._process = subprocess.Popen(command(self.name, text), stdin=subprocess.DEVNULL,
                                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                self.spoken.append(text)
            except (OSError, ValueError):
                self.name = None  # the engine went away: captions only from now on
                return
