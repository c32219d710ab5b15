"""A throwaway PostgreSQL server from the installed binaries, for the tests and `make bench`.

`initdb` into a fresh temporary folder, `pg_ctl start` on a free loopback port (no Unix socket), a
superuser `poise` with a password (so the tests see a password travel in a URL), fsync off (nothing here
needs to survive a power cut), and `stop()` removes it all. PostgreSQL refuses to run as root: as root the
server runs as the `postgres` user that Debian's package creates.
"""
from __future__ import annotations

import dataclasses
import glob
import json
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

START_TIMEOUT_S = 120


def binaries() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres: $POISE_PG_BIN, the newest /usr/lib/postgresql/*/bin,
    else wherever pg_ctl is on PATH; None when there is none."""
    found = [os.environ.get("POISE_PG_BIN", "")]
    found += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
                    if Path(p).parent.name.isdigit() else 0, reverse=True)
    found += [str(Path(shutil.which("pg_ctl")).resolve().parent)] if shutil.which("pg_ctl") else []
    for folder in found:
        if folder and all((Path(folder) / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(folder)
    return None


def required() -> bool:
    """Under CI (CI=1 or CI=true) the PostgreSQL tests must run: a missing server fails them."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


@dataclasses.dataclass
class Server:
    root: str
    port: int
    password: str
    bindir: str
    owner: str | None = None

    def url(self, database: str = "postgres", user: str = "poise", password: str | None = None) -> str:
        return f"postgresql://{user}:{self.password if password is None else password}@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "t") -> str:
        """A new empty database; its URL."""
        import psycopg

        name = f"{prefix}_{secrets.token_hex(6)}"
        with psycopg.connect(self.url().replace("postgresql://", "postgresql://", 1), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        _run(self, [str(Path(self.bindir) / "pg_ctl"), "-D", str(Path(self.root) / "data"), "-m", "immediate", "-w",
                    "stop"], check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(dataclasses.asdict(self)))

    @classmethod
    def load(cls, path: Path) -> Server:
        return cls(**json.loads(path.read_text()))


def start() -> Server:
    """A running server. RuntimeError when there are no binaries or it does not start (with its log)."""
    bindir = binaries()
    if bindir is None:
        raise RuntimeError("no PostgreSQL server binaries (initdb, pg_ctl, postgres) found: install the "
                           "postgresql package, or set POISE_PG_BIN")
    owner = "postgres" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="poise-pg-"))
    server = Server(str(root), _free_port(), secrets.token_urlsafe(12), str(bindir), owner)
    pwfile = root / "pw"
    pwfile.write_text(server.password + "\n")
    if owner:
        entry = pwd.getpwnam(owner)
        for p in (root, pwfile):
            os.chown(p, entry.pw_uid, entry.pw_gid)
    try:
        _run(server, [str(bindir / "initdb"), "-D", str(root / "data"), "-U", "poise", "--pwfile", str(pwfile),
                      "--auth=scram-sha-256", "-E", "UTF8", "--no-locale", "-N"])
        _run(server, [str(bindir / "pg_ctl"), "-D", str(root / "data"), "-l", str(root / "log"), "-w",
                      "-t", str(START_TIMEOUT_S), "-o",
                      f"-p {server.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=off "
                      "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60", "start"])
    except RuntimeError as exc:
        log = (root / "log").read_text(errors="replace")[-2000:] if (root / "log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"{exc}\n{log}") from None
    pwfile.unlink()
    return server


def _run(server: Server, argv: list[str], check: bool = True) -> None:
    proc = subprocess.run(argv, capture_output=True, text=True, user=server.owner, cwd=server.root,
                          stdin=subprocess.DEVNULL, timeout=START_TIMEOUT_S + 30)
    if check and proc.returncode != 0:
        raise RuntimeError(f"{Path(argv[0]).name} failed ({proc.returncode}): {proc.stderr.strip()[-1500:]}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Proxy:
    """A loopback TCP relay in front of the server: `cut()` drops every connection and refuses new ones, as a
    station's network going down would; `restore()` listens again on the same port."""

    def __init__(self, port: int):
        import threading

        self.target = port
        self.port = _free_port()
        self._threading = threading
        self._sockets: list[socket.socket] = []
        self._listener: socket.socket | None = None
        self.restore()

    def url(self, server: Server, url: str) -> str:
        return url.replace(f":{server.port}/", f":{self.port}/")

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self._listener = listener
        self._threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            try:
                listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept(), which close() does not
            except OSError:
                pass
            listener.close()
        for s in self._sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()
        self._sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target))
            self._sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                self._threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
