"""Where the database is: one `--db` value or $POISE_DB, a path or a URL.

`poise.db`, `sqlite:///poise.db` and `sqlite:////abs/poise.db` are a SQLite file (the default, for one
person at home); `postgresql://user@host:5432/clinic?sslmode=require` is a clinic's PostgreSQL server.
A password may be given in the URL, but it is never shown: `shown()` masks it for every message, and
nothing Poise writes keeps it (libpq's PGPASSWORD or ~/.pgpass are the better places for it).

Parsing imports nothing heavy: `poise --help` stays fast, and SQLAlchemy is loaded only when a database
is opened.
"""
from __future__ import annotations

import dataclasses
import os
import re
import urllib.parse
from pathlib import Path
from poise.i18n import _

POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
_PASSWORD = re.compile(r"(://[^/:@]*:)([^@/]*)(@)")


class DatabaseURLError(ValueError):
    """A --db value that names no database Poise can open; the message says what is accepted."""


@dataclasses.dataclass(frozen=True)
class DatabaseURL:
    """A parsed --db value. `engine` is "sqlite" or "postgresql"; `path` is the SQLite file (or ':memory:')."""
    engine: str
    path: Path | None = None
    raw: str = ""

    @property
    def is_sqlite(self) -> bool:
        return self.engine == "sqlite"

    def sqlalchemy_url(self) -> str:
        """The URL SQLAlchemy opens: psycopg 3 as the PostgreSQL driver."""
        if self.is_sqlite:
            return "sqlite://" if str(self.path) == ":memory:" else f"sqlite:///{self.path}"
        scheme, rest = self.raw.split("://", 1)
        return f"postgresql+psycopg://{rest}"

    def shown(self) -> str:
        """The URL as it may be printed or logged: a SQLite file as its path, any password as ***."""
        if self.is_sqlite:
            return str(self.path)
        return mask(self.raw)

    def __str__(self) -> str:
        return self.shown()


def mask(text: str) -> str:
    """`text` with the password of any URL in it replaced by ***, and any `password=` option too."""
    text = _PASSWORD.sub(r"\1***\3", text)
    return re.sub(r"(password=)[^&\s]*", r"\1***", text)


def parse(value: str | os.PathLike) -> DatabaseURL:
    """A path, `sqlite:///PATH` or `postgresql://…` -> DatabaseURL. DatabaseURLError for anything else
    (another scheme, a PostgreSQL URL without a host or database name)."""
    text = os.fspath(value)
    if not isinstance(text, str):
        text = os.fsdecode(text)
    if text == ":memory:":
        return DatabaseURL("sqlite", Path(":memory:"), text)
    if "://" not in text:
        if not text.strip():
            raise DatabaseURLError(_("--db is empty: give a file path, sqlite:///PATH or postgresql://user@host/db"))
        return DatabaseURL("sqlite", Path(text).expanduser(), text)
    scheme = text.split("://", 1)[0].lower()
    if scheme == "sqlite":
        rest = text[len("sqlite://"):]
        if not rest.startswith("/") or rest == "/":
            raise DatabaseURLError(_("--db {mask}: a SQLite URL is sqlite:///relative.db or "
                                     "sqlite:////absolute/path.db").format(mask=mask(text)))
        return DatabaseURL("sqlite", Path(urllib.parse.unquote(rest[1:])).expanduser(), text)
    if scheme in POSTGRES_SCHEMES:
        parts = urllib.parse.urlsplit(text)
        if not parts.path.strip("/"):
            raise DatabaseURLError(_("--db {mask}: name the database, postgresql://user@host/DATABASE").format(
                mask=mask(text)))
        return DatabaseURL("postgresql", None, "postgresql://" + text.split("://", 1)[1])
    raise DatabaseURLError(_("--db {mask}: Poise opens a file path, sqlite:///PATH or postgresql://user@host/db, not "
                             "{scheme}://").format(mask=mask(text), scheme=scheme))


def default() -> DatabaseURL:
    """$POISE_DB, else poise.db in the platform's user data directory."""
    env = os.environ.get("POISE_DB")
    if env:
        return parse(env)
    import platformdirs

    return parse(Path(platformdirs.user_data_dir("poise", appauthor=False)) / "poise.db")
