"""Screens by name: every screen is registered in poise.game.scenes.SCREENS and shown by its name
(`stack.push("results", ...)`), so no screen imports another to show it.

The graph is read from the source: every push and replace in the game, the levels, the benches and the docs' scripts
names a registered screen (never a screen made on the spot), every screen can be reached from what
the command line starts, and the graph is the one written out below, so a new arrow is seen here.
"""
from __future__ import annotations

import ast
import inspect

import pytest

from conftest import ROOT
from poise.game.scenes import SCREENS, UnknownScreen, register, screen
from poise.game.scenes.base import Scene

# who shows whom: the command line starts the title, a level or the day's programme
GRAPH = {
    "command line": {"title", "play", "today", "party", "match", "turns"},
    "party": {"match", "turns"},  # more than one player: a game on two boards, or in turns on one
    "match": {"match_results"},
    "turns": {"play"},
    "title": {"quit", "player", "today", "progress", "settings", "calibrate", "play"},
    "player": {"profile"},
    "progress": {"play"},  # the weekly check, straight from the charts
    "today": {"play", "profile"},  # a refused measurement's fix: edit the weight
    "play": {"results", "play"},  # the pause menu's Restart
    "results": {"play", "profile"},  # Retry and Next; a refused measurement's fix: edit the weight
}
SCENE_PACKAGE = ROOT / "game" / "scenes"
CHANGES = ("push", "replace")


def _by_class() -> dict[tuple[str, str], str]:
    """(module file stem, class name) -> screen name."""
    return {tuple(target.split(":")): name for name, target in SCREENS.items() if isinstance(target, str)}


def _stack_calls(tree: ast.AST):
    """Every `<...>stack.push(...)` / `.replace(...)` call in `tree`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CHANGES:
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if name == "stack":
                yield node


def shown_by_name() -> tuple[dict[str, set[str]], list[str]]:
    """The graph as the source has it (who -> names shown), and every place a screen is shown by anything but
    a name."""
    classes = _by_class()
    graph: dict[str, set[str]] = {}
    not_by_name: list[str] = []
    files = [*sorted((ROOT / "game").rglob("*.py")), *sorted((ROOT / "levels").rglob("*.py")),
             *sorted((ROOT / "bench").rglob("*.py")), *sorted((ROOT / "docs").rglob("*.py"))]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        owners = [(node, classes.get((path.stem, node.name))) for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
        for call in _stack_calls(tree):
            first = call.args[0] if call.args else None
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                not_by_name.append(where)
                continue
            if path.parent == SCENE_PACKAGE:
                who = next((name for node, name in owners if name and node.lineno <= call.lineno <= node.end_lineno),
                           f"{path.stem} (no screen)")
            elif "cli" in path.parts or path.relative_to(ROOT).as_posix() == "game/_root/testing.py":
                who = "command line"  # (poise.testing plays a level as `poise demo` does)
            else:
                who = f"{path.relative_to(ROOT)}"
            graph.setdefault(who, set()).add(first.value)
    return graph, not_by_name


def test_every_screen_is_shown_by_a_registered_name_and_the_graph_is_as_drawn():
    graph, not_by_name = shown_by_name()
    assert not_by_name == []
    pushed = set().union(*graph.values())
    assert pushed - set(SCREENS) == set(), "shown but never registered"
    product = {who: names for who, names in graph.items() if not who.startswith(("bench", "docs"))}
    assert product == GRAPH
    reached, todo = set(), ["command line"]
    while todo:
        for name in GRAPH.get(todo.pop(), ()):
            if name not in reached:
                reached.add(name)
                todo.append(name)
    assert reached == set(SCREENS), "registered, but nothing shows it"


def test_every_registered_name_is_a_screen_class_and_no_screen_imports_another():
    for name, target in SCREENS.items():
        cls = screen(name)
        module, _, name_in_module = target.partition(":")
        assert inspect.isclass(cls) and issubclass(cls, Scene), name
        assert (cls.__module__, cls.__name__) == (f"poise.game.scenes.{module}", name_in_module), name
    screens = {target.split(":")[0] for target in SCREENS.values()}
    for path in sorted(SCENE_PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                module = (node.module or "").rsplit(".", 1)[-1]
                inside = node.level == 1 or (node.module or "").startswith("poise.game.scenes")
                assert not (inside and module in screens), f"{path.name}:{node.lineno} imports the screen module {module}"


def test_an_unknown_name_is_refused_in_one_line_and_the_stack_stays_as_it_was():
    from poise.game.scenes.base import SceneStack

    stack = SceneStack(ctx=None, frame=None)
    marker = Scene(None)
    stack.push(marker)
    for change in (stack.push, stack.replace):
        with pytest.raises(UnknownScreen) as error:
            change("resluts", spec=None)
        message = str(error.value)
        assert "\n" not in message and "'resluts'" in message and "did you mean 'results'" in message
        assert stack.scenes == [marker]
    with pytest.raises(TypeError):
        stack.push(Scene(None), level=None)  # arguments are for a screen made by name


def test_a_registered_screen_is_made_for_the_stack_context_with_its_arguments():
    from poise.game.scenes.base import SceneStack

    class Probe(Scene):
        def __init__(self, ctx, note: str, name: str = ""):
            super().__init__(ctx)
            self.note, self.name = note, name

    register("probe", Probe)
    try:
        stack = SceneStack(ctx="the context", frame=None)
        shown = stack.push("probe", note="hello", name="a screen argument called name")
        assert isinstance(shown, Probe) and shown.ctx == "the context" and shown.stack is stack
        assert (shown.note, shown.name) == ("hello", "a screen argument called name") and stack.top is shown
        with pytest.raises(ValueError):
            register("probe", "menus:TitleScene")  # a name is one screen
    finally:
        del SCREENS["probe"]
