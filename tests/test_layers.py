"""Imports point one way: levels -> game -> drivers (docs/design.md layout); the signal core stands alone; a
level package (Poise's own, and the third-party example in examples/) imports nothing of Poise but poise.api.

The graph is read from the source (every import statement, also those inside functions), so an
arrow that runs back up fails here even when no test happens to execute it.
"""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

# a layer may import itself and the layers listed after it; assets is data that anyone may read
ALLOWED = {
    "levels": {"levels"},  # and poise.api, the public level API (LEVEL_API)
    "game": {"game", "drivers", "assets"},
    "drivers": {"drivers"},
    "assets": {"assets"},
}
FOLDERS = ("levels", "game", "drivers", "assets")
LEVEL_API = "poise.api"


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[:2] == ["game", "_root"]:
        parts = parts[2:]  # the package root, poise itself
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(["poise", *parts])


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) for every import in the file, relative ones resolved."""
    package = _module_name(path)
    if not path.name == "__init__.py":
        package = package.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names = [f"{module}.{alias.name}" for alias in node.names]
            found += [(node.lineno, n) for n in names]
    return found


def _layer(module: str) -> str | None:
    """The layer a poise module belongs to; None for the package root and anything outside poise."""
    parts = module.split(".")
    if parts[0] != "poise" or len(parts) < 2:
        return None
    if parts[1] in ALLOWED:
        return parts[1]
    return None


def _project_files():
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "_root" in path.parts:
                continue  # the composition root may import every layer
            yield folder, path


def _level_package_imports(path: Path, own: str) -> list[str]:
    """Imports of Poise by a level package's file that are not poise.api (nor its own package, `own`)."""
    bad = []
    for line, module in _imports(path):
        inside = module == LEVEL_API or module.startswith(LEVEL_API + ".") or module.startswith(own + ".")
        if module.split(".")[0] in ("poise", *FOLDERS) and not inside:
            bad.append(f"{path.relative_to(ROOT)}:{line} imports {module}: a level may use only {LEVEL_API}")
    return bad


def back_arrows() -> list[str]:
    bad = []
    for folder, path in _project_files():
        own = folder
        for line, module in _imports(path):
            top = module.split(".")[0]
            if top in FOLDERS:
                bad.append(f"{path.relative_to(ROOT)}:{line} imports {module} by its old top-level name")
                continue
            target = _layer(module)
            if own == "levels" and not (module == LEVEL_API or module.startswith(LEVEL_API + ".")) and \
                    module.startswith("poise.") and target != "levels":
                bad.append(f"{path.relative_to(ROOT)}:{line} imports {module}: a level may use only {LEVEL_API}")
            elif target is not None and target not in ALLOWED[own]:
                bad.append(f"{path.relative_to(ROOT)}:{line} ({own}) imports {module} ({target})")
            if own == "game" and "core" in path.relative_to(ROOT).parts and module.startswith("poise."):
                if not module.startswith("poise.game.core"):
                    bad.append(f"{path.relative_to(ROOT)}:{line} (signal core) imports {module}")
    return bad


def test_imports_point_one_way():
    assert back_arrows() == []


def example_leaks() -> list[str]:
    """What the example level packages in examples/ import of Poise beyond poise.api."""
    bad = []
    for path in sorted((ROOT / "examples").rglob("*.py")):  # its modules import one another relatively
        bad += _level_package_imports(path, _module_name(path.parent))
    return bad


def test_the_example_level_package_uses_only_the_level_api():
    assert list((ROOT / "examples").rglob("*.py"))  # the example is there to be read
    assert example_leaks() == []


def test_the_checker_sees_a_back_arrow(tmp_path, monkeypatch):
    # guards the test above: a driver that imports the game must be caught
    bad = ROOT / "drivers" / "_layer_probe.py"
    bad.write_text("def f():\n    from poise.game import ui\n    from ..levels import common\n")
    leak = ROOT / "levels" / "_layer_probe.py"  # and a level that reaches past poise.api
    leak.write_text("from poise.api import Level\nfrom poise.game.media import ui\nfrom poise import api\n"
                    "from . import common\n")
    try:
        found = back_arrows()
    finally:
        bad.unlink()
        leak.unlink()
    assert any("drivers/_layer_probe.py:2" in b and "poise.game.ui" in b for b in found)
    assert any("drivers/_layer_probe.py:3" in b and "poise.levels.common" in b for b in found)
    assert [b for b in found if b.startswith("levels/")] == [
        "levels/_layer_probe.py:2 imports poise.game.media.ui: a level may use only poise.api"]
    package = next((ROOT / "examples").rglob("__init__.py")).parent
    probe = package / "_layer_probe.py"  # and an example that does
    probe.write_text("from poise.api import Level\nfrom . import stones\nimport poise.game.storage.store\n")
    try:
        found = example_leaks()
    finally:
        probe.unlink()
    assert found == [f"{probe.relative_to(ROOT)}:3 imports poise.game.storage.store: a level may use only poise.api"]


def test_signal_core_reads_no_clock_and_does_no_io():
    banned = {"time", "datetime", "os", "sys", "io", "socket", "sqlite3", "pathlib", "subprocess", "threading"}
    bad = []
    for path in sorted((ROOT / "game" / "core").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for line, module in _imports(path):
            if module.split(".")[0] in banned:
                bad.append(f"{path.name}:{line} imports {module}")
        for call in ("open(", "print("):
            if call in text:
                bad.append(f"{path.name} calls {call[:-1]}")
    assert bad == []
