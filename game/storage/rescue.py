"""The rescue folder: where a finished attempt goes when the database cannot take it, until
`poise db recover` sends it home.

It is the user's own: the platform's user state directory (platformdirs; ~/.local/state/poise/rescue on
Linux), kept over a reboot, the folder 0700 and every file 0600, created exclusively and never through
a link. An attempt is two files named by its unique id, `<level>-<time>-<uid>.csv` (the raw samples)
then `.json` (the result), the .json appearing only when both are complete. Recover reads only files this
account owns, opened without following links, that parse as Poise's own; the id makes it exactly-once
(the database refuses a second copy of an id). Attempts rescued by an older Poise into the shared
`<tempdir>/poise-unsaved` are read from there too, when this account owns them.
"""
from __future__ import annotations

import json
import os
import re
import stat
import tempfile
import uuid
from pathlib import Path

from poise.drivers import files

from poise.game.storage.store import now_iso
from poise.i18n import _

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
MAX_RESULT_BYTES = 16 << 20  # a result document is a few kB; anything this large is not one of ours


class RescueError(OSError):
    """The rescue folder cannot be used safely (another account's, a link); the message says why."""


def rescue_folder() -> Path:
    """Where results the database could not take are written; `poise db recover` imports them."""
    from platformdirs import user_state_path

    return user_state_path("poise", appauthor=False) / "rescue"


def legacy_folder() -> Path:
    """Where Poise before 0.2 rescued attempts: a folder every account shared."""
    return Path(tempfile.gettempdir()) / "poise-unsaved"


def _own_uid() -> int | None:
    return os.getuid() if hasattr(os, "getuid") else None


def private_folder(folder: Path | None = None) -> Path:
    """The rescue folder, made 0700 if new; RescueError when it is a link, not a folder, or another
    account's (whose files this account must neither read nor write)."""
    folder = folder or rescue_folder()
    files.private_folder(folder)
    st = os.lstat(folder)
    uid = _own_uid()
    if stat.S_ISLNK(st.st_mode) or not stat.S_ISDIR(st.st_mode):
        raise RescueError(_("the rescue folder {folder} is not a folder (a link?): move it aside").format(
            folder=folder))
    if uid is not None and st.st_uid != uid:
        raise RescueError(_("the rescue folder {folder} belongs to another account: move it aside").format(
            folder=folder))
    if st.st_mode & 0o077:
        os.chmod(folder, 0o700)
    return folder


def save(result: dict, csv_text: str, folder: Path | None = None) -> Path:
    """Keep a finished attempt (`result` with its `uid`, and its recording) in the rescue folder; the .json's
    path. OSError naming the file when it cannot be written (the caller tells the player)."""
    folder = private_folder(folder)
    uid = str(result.get("uid") or uuid.uuid4())
    level = re.sub(r"[^A-Za-z0-9_-]", "_", str(result.get("level", "attempt")))[:40]
    stem = f"{level}-{now_iso().replace(':', '').replace('+0000', 'Z')}-{uid}"
    files.create_private(folder / f"{stem}.csv", csv_text.encode("utf-8"))
    files.create_private(folder / f"{stem}.json",
                         json.dumps(result | {"uid": uid}, indent=2, default=str).encode("utf-8"))
    return folder / f"{stem}.json"


def pending(folder: Path | None = None) -> list[Path]:
    """The rescued results (.json with its .csv) waiting, this account's own only, oldest name first; with
    no `folder`, the rescue folder's and then the old shared folder's."""
    folders = [folder] if folder else [rescue_folder(), legacy_folder()]
    found = []
    for f in folders:
        try:
            entries = sorted(f.glob("*.json"))
        except OSError:
            continue
        found += [p for p in entries if _owned_file(p) and _owned_file(p.with_suffix(".csv"))]
    return found


def _owned_file(path: Path) -> bool:
    try:
        st = os.lstat(path)
    except OSError:
        return False
    uid = _own_uid()
    return stat.S_ISREG(st.st_mode) and (uid is None or st.st_uid == uid)


def read_own(path: Path, limit: int | None = None) -> bytes:
    """A rescued file's bytes, opened without following a link and checked (on the open file) to be a
    regular file this account owns; OSError otherwise."""
    fd = os.open(path, os.O_RDONLY | NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        uid = _own_uid()
        if not stat.S_ISREG(st.st_mode) or (uid is not None and st.st_uid != uid):
            raise OSError(_("{path} is not a file of this account's: left where it is").format(path=path))
        if limit is not None and st.st_size > limit:
            raise OSError(_("{path} is too large to be a rescued result").format(path=path))
        with os.fdopen(os.dup(fd), "rb") as f:
            return f.read()
    finally:
        os.close(fd)


def parse_result(data: bytes, path: Path) -> dict:
    """A rescued result document, checked to be Poise's own: ValueError saying what is wrong otherwise."""
    result = json.loads(data.decode("utf-8"))
    if not isinstance(result, dict):
        raise ValueError(_("{path} is not a Poise result (not a JSON object)").format(path=path))
    for key, kind in (("level", str), ("started_at", str), ("score", (int, float)), ("stars", int)):
        if not isinstance(result.get(key), kind) or isinstance(result.get(key), bool):
            raise ValueError(_("{path} is not a Poise result ({key!r} missing or of the wrong kind)").format(
                path=path, key=key))
    uid = result.get("uid")
    if uid is not None:
        uuid.UUID(str(uid))  # ValueError when it is not an id Poise made
    return result


def move_done(path: Path, source_folder: Path) -> None:
    """Keep an imported pair in the rescue folder's imported/ (never deleted), private like the rest. A pair
    from the old shared folder is copied there, then removed from the shared folder."""
    target = private_folder(rescue_folder() if source_folder == legacy_folder() else source_folder) / "imported"
    files.private_folder(target)
    for src in (path, path.with_suffix(".csv")):
        dest = target / src.name
        n = 1
        while dest.exists():
            n += 1
            dest = target / f"{src.stem}-{n}{src.suffix}"
        if source_folder == legacy_folder():
            try:
                files.create_private(dest, read_own(src))
            except FileNotFoundError:  # another recover moved it meanwhile
                continue
            src.unlink(missing_ok=True)
        else:
            try:
                os.replace(src, dest)
            except FileNotFoundError:
                continue
