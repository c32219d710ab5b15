"""All SQL lives behind the storage interface (game/storage/): no other file of Poise imports a database
library, holds a connection or carries SQL, so a second engine needs changes in one place only."""
from __future__ import annotations

import ast
import re

from conftest import ROOT

STORAGE = ROOT / "game" / "storage"
DATABASE_LIBRARIES = ("sqlite3", "sqlalchemy", "alembic", "psycopg", "psycopg2")
SQL = re.compile(r"\b(SELECT\s[\s\S]*?\sFROM\s|INSERT\s+(OR\s+\w+\s+)?INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|"
                 r"(CREATE|ALTER|DROP)\s+(TABLE|INDEX|TRIGGER|VIEW)\s|PRAGMA\s|BEGIN\s+(IMMEDIATE|EXCLUSIVE)|"
                 r"json_extract\(|COLLATE\s+NOCASE)")
CONNECTION_CALLS = {"execute", "executemany", "executescript", "exec_driver_sql", "cursor", "connect"}


def product_files():
    for folder in ("game", "drivers", "levels", "bench"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if STORAGE not in path.parents:
                yield path


def problems_in(path, root=ROOT) -> list[str]:
    """Each database import, SQL text, connection call or reach into a storage's insides, one line each."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    where = path.relative_to(root)
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            if name.split(".")[0] in DATABASE_LIBRARIES:
                found.append(f"{where}:{node.lineno}: imports {name}")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
            found.append(f"{where}:{node.lineno}: SQL {SQL.search(node.value).group(0)!r}")
        if isinstance(node, ast.Attribute) and node.attr in ("db", "engine", "_tx") and \
                re.search(r"storage$", ast.unparse(node.value)):
            found.append(f"{where}:{node.lineno}: reaches into the storage's .{node.attr}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CONNECTION_CALLS:
            owner = ast.unparse(node.func.value)
            if re.search(r"\b(db|con|conn|connection|cursor|cur|storage)\b", owner):
                found.append(f"{where}:{node.lineno}: {owner}.{node.func.attr}(...)")
    return found


def test_no_sql_outside_the_storage_interface():
    problems = [p for path in product_files() for p in problems_in(path)]
    assert not problems, "\n".join(problems)


def test_the_check_finds_sql_where_it_is(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text('import sqlite3\n'
                       'rows = storage.db.execute("SELECT level FROM attempts WHERE player_id = ?", (1,))\n'
                       'sql = "INSERT OR REPLACE INTO protocols VALUES (?)"\n'
                       'step = "COALESCE(json_extract(result_json, \'$.details.step\'), 0)"\n'
                       'path = args.db\n', encoding="utf-8")
    found = "\n".join(problems_in(planted, tmp_path))
    for expected in ("planted.py:1: imports sqlite3", "SQL 'SELECT level FROM ", "INSERT OR REPLACE INTO",
                     "json_extract(", "reaches into the storage's .db", "storage.db.execute(...)"):
        assert expected in found, (expected, found)
    assert "args" not in found and found.count("\n") == 5
