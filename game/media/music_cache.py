"""The synthesised music loops, ambience beds and stingers, made once and kept: synthesising them costs seconds of
CPU, every start.

Each sound is kept as a .npy file in the user's cache folder (platformdirs), private (0600 in a 0700
folder) and written atomically (a temporary name beside it, then a rename). The file name carries a hash
of the synthesisers' source and the sample rate, so a changed synthesiser makes new sounds and never plays
stale ones; a file that cannot be read (damaged, cut short) is made again. The cache is only a saving: a
folder that cannot be written costs the time, never the music.
"""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import numpy as np

from poise.game.media import beds, synth


@functools.lru_cache(maxsize=1)
def synth_key() -> str:
    """A short hash of the synthesisers (their source and rate): any change to how a sound is made changes it."""
    source = Path(synth.__file__).read_bytes() + Path(beds.__file__).read_bytes()
    return hashlib.sha256(source + str(synth.RATE).encode()).hexdigest()[:16]


def cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("poise") / "music"


def music(style: str, form: tuple[synth.Section, ...] = synth.FORM) -> np.ndarray:
    """The piece of `style` (synth.STYLES) played through `form`, as synth.music makes it: from the cache, else
    made and kept."""
    shape = hashlib.sha256(repr(form).encode()).hexdigest()[:8]
    return kept(f"{style}-{shape}", lambda: synth.music(style, form))


def ambience(family: str) -> np.ndarray:
    """The ambience bed of `family` (beds.BEDS), from the cache or made and kept."""
    return kept(f"bed_{family}", lambda: beds.ambience(family))


def stinger(family: str, moment: str, variant: int) -> np.ndarray:
    """A stinger (beds.stinger), from the cache or made and kept."""
    return kept(f"sting_{family}_{moment}_{variant % beds.VARIANTS}", lambda: beds.stinger(family, moment, variant))


def kept(name: str, make) -> np.ndarray:
    """The float samples kept under `name` (letters, digits, '_' and '-') for this synthesiser, else `make()`'s,
    kept for next time."""
    folder = cache_dir()
    path = folder / f"{name}-{synth_key()}.npy"
    try:
        loop = np.load(path, allow_pickle=False)
        if loop.dtype.kind == "f" and loop.ndim in (1, 2) and len(loop):
            return loop
    except (OSError, ValueError, EOFError):
        pass  # not there yet, or damaged: made again below
    loop = make()
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
