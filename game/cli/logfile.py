"""`--verbose`: what a command did, written to a log file in the user's log directory, for a board problem report.

The file is the user's own (0600, in a 0700 folder: it holds player names and what the board said), appended to
by each run (a log grows line by line, so it is not rewritten whole), and turned over at 5 MB (poise.log.1 keeps
the previous one). It records the command line, Poise's and Python's versions and platform, each board opened
(its URL, identity, rate, calibration) and every change of its status (connection, battery, faults, lost samples),
and any error with its traceback. Without --verbose nothing is written.
"""
from __future__ import annotations

import logging
import os
import platform
from pathlib import Path

MAX_BYTES = 5 * 1024 * 1024
_handler: logging.Handler | None = None
QUIET = ("matplotlib", "fontTools", "PIL", "fpdf", "alembic", "sqlalchemy", "asyncio")


def log_path() -> Path:
    """The log file: poise.log in the platform's user log directory (platformdirs)."""
    from platformdirs import user_log_path

    return user_log_path("poise", appauthor=False) / "poise.log"


def _private_folder(folder: Path) -> None:
    for p in reversed([folder, *folder.parents]):
        if not p.exists():
            os.mkdir(p, 0o700)
            os.chmod(p, 0o700)


def start(argv: list[str], path: Path | None = None) -> Path:
    """Send the `poise` loggers (and the root logger's warnings) to the log file; returns its path. OSError when
    the file cannot be made."""
    from poise import __version__

    path = path or log_path()
    _private_folder(path.parent)
    if path.exists() and path.stat().st_size > MAX_BYTES:
        os.replace(path, path.with_name(path.name + ".1"))
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    os.chmod(path, 0o600)
    global _handler
    handler = _handler = logging.StreamHandler(os.fdopen(fd, "a", encoding="utf-8", buffering=1))
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    log = logging.getLogger("poise")
    log.info("poise %s, Python %s, %s: poise %s", __version__, platform.python_version(), platform.platform(),
             " ".join(argv))
    return path


def stop() -> None:
    """Close the log file (tests run several commands in one process)."""
    global _handler
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
        _handler = None
