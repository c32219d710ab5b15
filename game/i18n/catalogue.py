"""Keeping the catalogues whole: extract marked strings with Babel, merge them into each language, compile.

Used by docs/make_translations.py (the maintainer's tool) and the tests (a catalogue that misses a
string, or a .mo older than its .po, fails them). Not imported by the game at run time.
"""
from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from poise.i18n import BABEL_LOCALE, DOMAIN

TRANSLATED = ("de", "es")
SOURCES = ("game", "levels", "drivers")
KEYWORDS = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
            "npgettext": ((1, "c"), 2, 3)}


LEVEL_TEXT = ("title", "summary", "instructions")  # the keys of a level file shown to the player
TEMPLATE_TABLES = {"game/level/messages.py": "GAME", "levels/messages.py": "MESSAGES"}  # message templates


def extract(root: Path) -> Catalog:
    """Every marked string under the source folders, with where it stands and its translator comment; the text
    of Poise's level files (levels/data/*.toml) by key; the message templates results are worded with."""
    catalog = Catalog(domain=DOMAIN, project="Poise", charset="utf-8")
    for folder in SOURCES:
        _add_code(catalog, root / folder, folder)
    for path in sorted((root / "levels" / "data").glob("*.toml")):
        _add_level_file(catalog, path, f"levels/data/{path.name}")
    for where, name in TEMPLATE_TABLES.items():
        for message, lineno in templates_in(root / where, name):
            catalog.add(message, locations=[(where, lineno)], auto_comments=[f"a result line ({name})"])
    return catalog


def extract_package(package: Path, levels: Path, table: str = "messages") -> Catalog:
    """A plugin level package's own template: the strings its code marks, its level files' text and the
    templates of its `LevelPack(messages={...})` (`table`, the dict literal's name or keyword)."""
    catalog = Catalog(domain=package.name, project=package.name, charset="utf-8")
    _add_code(catalog, package, package.name)
    for path in sorted(Path(levels).glob("*.toml")):
        _add_level_file(catalog, path, f"{package.name}/{path.relative_to(package).as_posix()}")
    for path in sorted(package.glob("*.py")):
        for message, lineno in templates_in(path, table):
            catalog.add(message, locations=[(f"{package.name}/{path.name}", lineno)])
    return catalog


def _add_code(catalog: Catalog, folder: Path, prefix: str) -> None:
    keywords = KEYWORDS | {"gettext": None}
    for filename, lineno, message, comments, context in extract_from_dir(
            folder, keywords=keywords, comment_tags=("TRANSLATORS:",), strip_comment_tags=True):
        catalog.add(message, locations=[(f"{prefix}/{filename}", lineno)], auto_comments=comments, context=context)


def _add_level_file(catalog: Catalog, path: Path, where: str) -> None:
    """A level file's title, summary and instructions, each with the key and level it belongs to."""
    import tomllib

    data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    for key in LEVEL_TEXT:
        if isinstance(data.get(key), str) and data[key].strip():
            lineno = next((i for i, line in enumerate(lines, 1) if line.startswith(f"{key} ")), 1)
            catalog.add(data[key], locations=[(where, lineno)],
                        auto_comments=[f"level {data.get('id', path.stem)!r}: {key}"])


def templates_in(path: Path, name: str) -> list[tuple[str, int]]:
    """(English text, line) of every template in the dict literal assigned to `name` (or passed as the keyword
    `name`) in a Python file: the labels and texts of poise.game.level.messages' (label, text) templates."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        value = None
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            value = node.value
        elif isinstance(node, ast.keyword) and node.arg == name:
            value = node.value
        if isinstance(value, ast.Dict):
            for template in value.values:
                parts = template.elts if isinstance(template, ast.Tuple) else [template]
                found += [(p.value, p.lineno) for p in parts
                          if isinstance(p, ast.Constant) and isinstance(p.value, str) and p.value.strip()]
    return found


def write_pot(template: Catalog, path: Path) -> None:
    buf = io.BytesIO()
    write_po(buf, template, omit_header=True, sort_output=True, width=100)
    _replace(path, buf.getvalue())


def read(path: Path, lang: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=BABEL_LOCALE[lang], domain=DOMAIN, project="Poise")
    with path.open("rb") as f:
        return read_po(f, locale=BABEL_LOCALE[lang], domain=DOMAIN)


def update(template: Catalog, po: Path, lang: str) -> int:
    """Merge `template` into the language's .po (kept translations stay); returns how many are untranslated."""
    catalog = read(po, lang)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    po.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_po(buf, catalog, sort_output=True, width=100, include_previous=False)
    _replace(po, buf.getvalue())
    return len(untranslated(catalog))


def untranslated(catalog: Catalog) -> list[str]:
    """The message ids with no translation (or only a fuzzy one), in any plural form."""
    out = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


def compiled(po: Path, lang: str) -> bytes:
    """The .mo bytes the .po compiles to."""
    buf = io.BytesIO()
    write_mo(buf, read(po, lang), use_fuzzy=False)
    return buf.getvalue()


def compile_po(po: Path) -> None:
    lang = po.parent.parent.name
    _replace(po.with_suffix(".mo"), compiled(po, lang))


def _replace(path: Path, data: bytes) -> None:
    if path.exists() and path.read_bytes() == data:
        return
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
