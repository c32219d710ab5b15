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


def extract(root: Path) -> Catalog:
    """Every marked string under the source folders, with where it stands and its translator comment."""
    catalog = Catalog(domain=DOMAIN, project="Poise", charset="utf-8")
    for folder in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
                root / folder, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True):
            catalog.add(message, locations=[(f"{folder}/{filename}", lineno)], auto_comments=comments,
                        context=context)
    return catalog


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
