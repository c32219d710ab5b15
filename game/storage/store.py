"""Storage: the one place that holds SQL. Players, sessions, attempts with score, metrics and compressed
raw samples, assessments, a clinician's settings and the clinical record, on SQLite or PostgreSQL.

This module is light on purpose (the errors, the clock, the messages): screens and commands import it
without loading SQLAlchemy. `Storage` itself (game/storage/database.py) is loaded when first named, that
is, when a database is opened.
"""
from __future__ import annotations

import datetime as dt

from poise.i18n import N_, _

PROFILE_FIELDS = ("birth_year", "sex", "goal", "injured_side")
SEXES = ("F", "M")
SIDES = ("left", "right", "both", "none")


class StorageError(Exception):
    """The database cannot be used; the message says what to do."""


class DiskFull(StorageError):
    """The disk (or the user's quota) is full, or failed a write: nothing was changed, nothing is damaged."""


class DamagedRow(StorageError):
    """One stored row (or recording) cannot be decoded: the rest of the database is fine."""


class NoRecording(StorageError, LookupError):
    """An attempt stored without its raw samples (an export goes on without them)."""


class Unreachable(StorageError):
    """A database server that cannot be reached (a station plays on, keeping attempts for `poise db recover`)."""


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def __getattr__(name: str):
    if name == "Storage":
        from poise.game.storage.database import Storage
        return Storage
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def check_name(name: str) -> str:
    """The name as stored (NFC, white space collapsed); StorageError when it cannot be a name (names.py)."""
    from poise.game.storage import names
    why = names.problem(name)
    if why:
        raise StorageError(why)
    return names.normal(name)


# what check_text is told it checks, in English for the catalogue (said in the reader's language)
WHAT = (N_("a goal"), N_("a patient id"), N_("a note"), N_("a clinician's name"))


def check_text(text: str | None, what: str, lines: bool = False) -> str | None:
    """Free text a person typed (a goal, a note, a clinician's name, a patient id), refused when it holds
    control characters (a terminal escape would print as something else); line breaks and tabs are allowed
    with `lines`."""
    import unicodedata

    from poise.game.storage.names import REFUSED
    if text is None:
        return None
    allowed = "\n\t" if lines else ""
    bad = next((c for c in text if unicodedata.category(c) in REFUSED and c not in allowed), None)
    if bad is not None:
        raise StorageError(_("{what} cannot hold control characters (U+{ord:04X})").format(what=_(what), ord=ord(bad)))
    return text


def damaged(where, exc) -> str:
    from poise.i18n import _
    return _("the database {where} is damaged or not a Poise database ({why}); run `poise db check --db {where}`; "
             "keep the file (a copy of it too), and restore your latest `poise db backup` into a new file to go on"
             ).format(where=where, why=exc)


def disk_full(where) -> str:
    """The one line for a write that found no space: the path, and that nothing was changed."""
    from poise.i18n import _
    return _("{where}: disk full; nothing there was changed: free some space and try again").format(where=where)


def disk_trouble(where) -> str:
    """SQLite's "disk I/O error": most often a full disk (its shared-memory file cannot grow), else a failing one."""
    from poise.i18n import _
    return _("database {where}: disk I/O error: the disk is probably full (or failing); nothing was changed: free "
             "some space, or check the disk, and try again").format(where=where)


def file_problem(exc: OSError) -> str:
    """One line about a file that could not be written or read: its path, and why ("disk full" by name)."""
    from poise.drivers.files import disk_full as full
    where = exc.filename or exc.filename2
    if full(exc):
        return disk_full(where or "the disk")
    if where is None:
        return str(exc)
    return _("{where}: {why}").format(where=where, why=exc.strerror or exc)


def newer(where, revision: str, known: str) -> str:
    return _("the database {where} was written by a newer Poise (schema {revision}; this version knows up to "
             "{known}): upgrade Poise, or use another --db").format(where=where, revision=revision, known=known)


def unreachable(where, why: str) -> str:
    return _("the database server {where} cannot be reached ({why}); check the network and the server, "
             "then `poise db recover` sends what was kept meanwhile").format(where=where, why=why)
