"""`poise db backup FILE`: a consistent copy of a live SQLite database, taken while Poise may be writing.

SQLite's online backup API copies the database page by page under its own locks, so the copy is what one
moment of the database held, the write-ahead log included (a plain file copy can miss it or tear a page).
The copy is written under a temporary name beside FILE, checked (integrity_check), and only then renamed
to FILE, 0600. A clinic's PostgreSQL database is backed up with the server's own tool, pg_dump.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from poise.drivers import files

from poise.i18n import _
from poise.game.storage import url as db_url
from poise.game.storage.store import DiskFull, StorageError, disk_full


def backup(where, target: Path, shared: bool = False) -> str:
    """Copy the database at `where` to the file `target`; one line saying what was copied. StorageError for a
    PostgreSQL database (pg_dump does that), a missing or damaged source, or a copy that cannot be written."""
    url = where if isinstance(where, db_url.DatabaseURL) else db_url.parse(where)
    if not url.is_sqlite:
        raise StorageError(_("a PostgreSQL database is backed up with pg_dump: pg_dump -Fc -f FILE '{url}' "
                             "(restore: pg_restore; docs/data.md)").format(url=url))
    source = Path(url.path)
    if not source.is_file():
        raise StorageError(_("no database at {url}").format(url=url))
    try:
        src = sqlite3.connect(f"file:{source.resolve()}?mode=ro", uri=True, timeout=30)
        with files.atomic_path(target, shared) as tmp:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst, pages=1024)
                dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
                problems = [r[0] for r in dst.execute("PRAGMA integrity_check")]
                pages = dst.execute("PRAGMA page_count").fetchone()[0]
            finally:
                dst.close()
            if problems != ["ok"]:
                raise StorageError(_("{url}: the copy failed its integrity check ({why}); nothing written to "
                                     "{target}: run `poise db check`").format(url=url, why=problems[0],
                                                                              target=target))
        src.close()
    except sqlite3.Error as exc:
        text = str(exc)
        if "full" in text or "I/O error" in text:
            raise DiskFull(disk_full(target)) from None
        raise StorageError(_("{url} -> {target}: {text}").format(url=url, target=target, text=text)) from None
    return _("poise db backup: {url} copied to {target} ({pages} pages, integrity ok)").format(
        url=url, target=target, pages=pages)
