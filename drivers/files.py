"""Every file Poise writes goes through here: private, atomic, and never over something it must keep.

Health data (names, sway, a clinician's notes) must not be readable by other accounts, and a write that
fails half way (a full disk, a pulled USB stick, Ctrl-C) must not leave a truncated file where a good one
was. So each file is written to a temporary name beside its target, flushed to the disk (fsync), and
renamed into place only when complete; its mode is 0600, unless the user chose to share it: `--shared`,
or a target folder with the set-group-ID bit (`chmod g+s`, the usual way a clinic shares a folder with
a group), where the user's umask decides as for any other program. New folders are 0700 likewise.

The lowest layer (drivers) holds it so that every writer, the recording format included, can use it;
errors are OSErrors that name the target (never the temporary name), for the caller to word.
"""
from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import IO, Iterator

FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def disk_full(exc: BaseException) -> bool:
    """True for an OSError that means no space is left (disk full, or the user's quota)."""
    return isinstance(exc, OSError) and exc.errno in FULL


def _umask() -> int:
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def shared_folder(folder: Path) -> bool:
    """A folder a group shares (set-group-ID bit): files written there follow the user's umask."""
    try:
        return bool(os.stat(folder).st_mode & stat.S_ISGID)
    except OSError:
        return False


def file_mode(folder: Path, shared: bool = False) -> int:
    """0600, or what the umask allows (0666 less it) when `shared` or the folder is shared."""
    return (0o666 & ~_umask()) if shared or shared_folder(folder) else 0o600


def private_folder(folder: Path, shared: bool = False) -> Path:
    """Make `folder` (and any missing parents) 0700, or by the umask when shared; an existing one is left
    as it is. OSError naming the folder when it cannot be made."""
    folder = Path(folder)
    missing = []
    for p in (folder, *folder.parents):
        if p.exists():
            break
        missing.append(p)
    for p in reversed(missing):
        mode = (0o777 & ~_umask()) if shared or shared_folder(p.parent) else 0o700
        try:
            os.mkdir(p, mode)
        except FileExistsError:
            continue
        if mode == 0o700:
            os.chmod(p, 0o700)  # whatever the umask
    return folder


@contextlib.contextmanager
def atomic_path(path: Path, shared: bool = False) -> Iterator[Path]:
    """A new temporary file beside `path` (0600, or shared), for the block to write by name; when the block
    ends without an error the file is synced and renamed to `path` (replacing a file there in one step). On
    any error or interruption the temporary file is removed, `path` is as it was, and an OSError names
    `path`."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
        os.close(fd)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    done = False
    try:
        os.chmod(tmp, file_mode(folder, shared))
        yield Path(tmp)
        fd = os.open(tmp, os.O_RDONLY | NOFOLLOW)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        done = True
        _sync_folder(folder)
    except OSError as exc:
        if exc.filename not in (None, tmp):
            raise  # another file the block used
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    finally:
        if not done:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


@contextlib.contextmanager
def atomic_write(path: Path, binary: bool = False, shared: bool = False) -> Iterator[IO]:
    """Open a temporary file beside `path` for writing (text is UTF-8); renamed to `path` when the block ends
    without an error, removed otherwise (atomic_path)."""
    with atomic_path(path, shared) as tmp:
        opener = lambda name, flags: os.open(name, flags | NOFOLLOW)  # noqa: E731 - never through a link
        with open(tmp, "wb" if binary else "w", opener=opener,
                  **({} if binary else {"encoding": "utf-8", "newline": ""})) as f:
            yield f


def _sync_folder(folder: Path) -> None:
    """The rename itself survives a power cut once the folder is synced (where the platform allows it)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_text(path: Path, text: str, shared: bool = False) -> None:
    """Write `text` (UTF-8) to `path` atomically and privately; OSError naming `path`."""
    with atomic_write(path, shared=shared) as f:
        f.write(text)


def write_bytes(path: Path, data: bytes, shared: bool = False) -> None:
    """Write `data` to `path` atomically and privately; OSError naming `path`."""
    with atomic_write(path, binary=True, shared=shared) as f:
        f.write(data)


def create_private(path: Path, data: bytes) -> None:
    """Create a new file holding `data`, 0600, never following a link and never replacing anything:
    FileExistsError when the name is taken. It appears under its name only when complete (a temporary
    name, then a hard link, which also refuses an existing name)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(tmp, flags, 0o600)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.link(tmp, path)
    except OSError as exc:
        if isinstance(exc, FileExistsError):
            raise
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def same_file(a: Path, b: Path) -> bool:
    """True when `a` and `b` name one file (the same path, a link to it, or a hard link), existing or not."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)
