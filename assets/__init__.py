"""The game's shipped files (theme, generated images); `path()` resolves them, installed or not."""
from pathlib import Path

DIR = Path(__file__).resolve().parent


def path(name: str) -> Path:
    found = DIR / name
    if not found.is_file():
        raise FileNotFoundError(f"asset {name!r} is missing from {DIR}: reinstall Poise")
    return found
