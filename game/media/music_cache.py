"""The synthesised music loops, made once and kept: synthesising them costs seconds of CPU, every start.

Each loop is kept as a .npy file in the user's cache folder (platformdirs), private (0600 in a 0700
folder) and written atomically (a temporary name beside it, then a rename). The file name carries a hash
of the synthesiser's source and its sample rate, so a changed synthesiser makes new loops and never plays
stale ones; a file that cannot be read (damaged, cut short) is made again. The cache is only a saving: a
folder that cannot be written costs the time, never the music.
"""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import numpy as np

from poise.game.media import synth


@functools.lru_cache(maxsize=1)
def synth_key() -> str:
    """A short hash of the synthesiser (its source and rate): any change to how music is made changes it."""
    source = Path(synth.__file__).read_bytes()
    return hashlib.sha256(source + str(synth.RATE).encode()).hexdigest()[:16]


def cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("poise") / "music"


def music(style: str, form: tuple[synth.Section, ...] = synth.FORM) -> np.ndarray:
    """The piece of `style` (synth.STYLES) played through `form`, as synth.music makes it: from the cache, else
    made and kept."""
    folder = cache_dir()
    shape = hashlib.sha256(repr(form).encode()).hexdigest()[:8]
    path = folder / f"{style}-{shape}-{synth_key()}.npy"
    try:
        loop = np.load(path, allow_pickle=False)
        if loop.dtype.kind == "f" and loop.ndim in (1, 2) and len(loop):
            return loop
    except (OSError, ValueError, EOFError):
        pass  # not there yet, or damaged: made again below
    loop = synth.music(style, form)
    try:
        _keep(folder, path, loop)
    except OSError:
        pass
    return loop


def _keep(folder: Path, path: Path, loop: np.ndarray) -> None:
    from poise.drivers import files

    files.private_folder(folder)
    with files.atomic_write(path, binary=True) as out:  # 0600, whole or not at all (drivers/files.py)
        np.save(out, loop, allow_pickle=False)
    stem = path.name.split("-")[0] + "-"
    for old in folder.glob(f"{stem}*.npy"):  # loops of an older synthesiser: never played again
        if old != path and old.name.split("-")[0] == path.name.split("-")[0]:
            old.unlink(missing_ok=True)
