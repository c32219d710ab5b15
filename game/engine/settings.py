"""Settings remembered per machine (volume, mute, music, fullscreen, language, colours, text size, who played
last): a small TOML file in the user
config directory (platformdirs), or where $POISE_CONFIG points.

A damaged or hand-edited file never stops the game: what cannot be read is left at its default,
and values are clamped to their ranges.
"""
from __future__ import annotations

import dataclasses
import json
import os
import tomllib
from pathlib import Path

TEXT_SIZES = ("normal", "large", "largest")  # Settings > Text size (the scale of each: poise.game.media.ui)


@dataclasses.dataclass
class Settings:
    volume: float = 0.8  # master, 0..1
    music: float = 0.5  # music, as a share of the master volume
    effects: float = 1.0  # sound effects, as a share of the master volume
    muted: bool = False
    fullscreen: bool = False
    voice: bool = True  # the coach speaks its cues (they are captioned either way)
    colour_safe: bool = False  # colours told apart with red-green colour blindness, shapes beside them
    language: str = ""  # a code of poise.i18n.LANGUAGES; "" follows the system (--lang and POISE_LANG come first)
    text_size: str = "normal"  # one of TEXT_SIZES: every screen's text drawn larger
    player: str = ""  # who played last on this machine: `poise play` starts with them (empty: ask)

    def clamped(self) -> "Settings":
        c = lambda v: min(1.0, max(0.0, float(v)))  # noqa: E731
        from poise.i18n import LANGUAGES

        language = self.language if self.language in LANGUAGES else ""  # a hand-edited code Poise does not speak
        return Settings(c(self.volume), c(self.music), c(self.effects), bool(self.muted), bool(self.fullscreen),
                        bool(self.voice), bool(self.colour_safe), language,
                        self.text_size if self.text_size in TEXT_SIZES else "normal",
                        self.player if _name_like(self.player) else "")


def _name_like(value) -> bool:
    """A player's name as the game takes one (at most 40 printable characters), or empty."""
    return isinstance(value, str) and len(value) <= 40 and value.isprintable()


def default_path() -> Path:
    env = os.environ.get("POISE_CONFIG")
    if env:
        return Path(env)
    from platformdirs import user_config_path
    return user_config_path("poise", appauthor=False) / "settings.toml"


def load(path: Path | None = None) -> Settings:
    path = path or default_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return Settings()
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    values = {}
    for name, value in data.items():
        field = fields.get(name)
        if field is None:
            continue
        if field.type == "bool" and isinstance(value, bool):
            values[name] = value
        elif field.type == "float" and isinstance(value, (int, float)) and not isinstance(value, bool) \
                and value == value and abs(value) != float("inf"):
            values[name] = value
        elif field.type == "str" and isinstance(value, str):
            values[name] = value
    return Settings(**values).clamped()


def save(settings: Settings, path: Path | None = None) -> bool:
    """Write the settings; False (and nothing raised) when the directory cannot be written."""
    path = path or default_path()
    s = settings.clamped()
    lines = ["# Poise settings for this machine (written by the game's Settings screen)"]
    for f in dataclasses.fields(s):
        v = getattr(s, f.name)
        shown = json.dumps(v) if isinstance(v, str) else 'true' if v is True else 'false' if v is False else f'{v:.2f}'
        lines.append(f"{f.name} = {shown}")
    from poise.drivers import files
    try:
        files.private_folder(path.parent)
        files.write_text(path, "\n".join(lines) + "\n")
    except OSError:
        return False
    return True
