"""The levels on offer: every level package installed, found through the entry-point group `poise.levels`.

Poise's own levels register there like anyone else's (pyproject.toml: `poise = "poise.levels:PACK"`). An
entry point names a `LevelPack` (poise.game.level.contract): the API version it was written for, its
folder of level files, its mechanics ("module:LevelClass") and its message templates. Whatever goes
wrong with a package - it fails to import, names something that is not a LevelPack, was written for an
API version this Poise does not support, has a level file that does not load, a mechanic that does not
import or a level that cannot be built from its file, reuses an id another package has - makes that
package or level *unusable*: it is listed with a
one-line reason (`poise levels`) and left out of the game, which carries on with the rest.
"""
from __future__ import annotations

import dataclasses
import difflib
import functools
import importlib
import importlib.metadata
from pathlib import Path
from typing import Any, Iterable, Mapping

from poise.game.level.contract import Level, LevelPack
from poise.game.level.levelfile import LevelFileError, LevelSpec, load
from poise.game.level.messages import GAME, Templates
from poise.game.level.reach import Reach

GROUP = "poise.levels"
API_VERSION = 3  # the version of poise.api (poise/api.py re-exports these two); 2 added play on two seats,
# 3 the player's language (the translation functions, a LevelPack's catalogue)
SUPPORTED_API_VERSIONS = frozenset({1, 2, 3})


@dataclasses.dataclass(frozen=True)
class Listing:
    """One row of `poise levels`: a level, or a whole package that could not be used (id "")."""

    id: str
    title: str
    kind: str
    package: str  # the distribution that installed it ("poise" for the built-in levels)
    api_version: int | None
    usable: bool
    reason: str = ""  # why it is not usable, in one line

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class _Pack:
    name: str  # the entry point's name
    package: str
    pack: LevelPack
    classes: dict[str, type] = dataclasses.field(default_factory=dict)  # mechanic -> Level class, once imported

    @functools.cached_property
    def templates(self) -> Mapping[str, Any]:
        return Templates({**self.pack.messages, **GAME}, self.pack.domain)  # the game's own keys win

    def mechanic(self, name: str) -> type:
        """The Level class of a mechanic, imported on first use; KeyError (one line) when it cannot be had."""
        if name not in self.classes:
            mechanics = self.pack.mechanics
            if name not in mechanics:
                hint = difflib.get_close_matches(name, mechanics, n=1)
                raise KeyError(f"unknown mechanic {name!r}" + (f"; did you mean {hint[0]!r}?" if hint else ""))
            module_name, _, attr = mechanics[name].partition(":")
            try:
                cls = getattr(importlib.import_module(module_name), attr)
            except Exception as exc:  # noqa: BLE001 - a mechanic that does not import: its levels are unusable
                raise KeyError(f"mechanic {name!r} ({mechanics[name]}) cannot be imported: "
                               f"{type(exc).__name__}: {_line(exc)}") from None
            if not isinstance(cls, type) or not issubclass(cls, Level) or cls.Params is None:
                raise KeyError(f"mechanic {name!r}: {mechanics[name]} is not a poise.api.Level naming its Params")
            self.classes[name] = cls
        return self.classes[name]

    def params_for(self, mechanic: str) -> type:
        return self.mechanic(mechanic).Params


class Catalogue:
    """Every usable level of the installed packages, and why the others are not usable.

    Build it with `discover()` (the installed entry points) or from entry points given (tests)."""

    def __init__(self, entry_points: Iterable[importlib.metadata.EntryPoint]):
        self._specs: dict[str, LevelSpec] = {}
        self._pack_of: dict[str, _Pack] = {}
        self._listing: list[Listing] = []
        loaded = [self._load(ep) for ep in sorted(entry_points, key=lambda e: (e.name != "poise", e.name))]
        for pack in filter(None, loaded):
            self._add_levels(pack)

    @classmethod
    def discover(cls) -> "Catalogue":
        return cls(importlib.metadata.entry_points(group=GROUP))

    # --- loading ----------------------------------------------------------------------------------------------
    def _load(self, ep: importlib.metadata.EntryPoint) -> _Pack | None:
        package = ep.dist.name if ep.dist is not None else ep.value.split(":")[0].split(".")[0]

        def unusable(reason: str, version: int | None = None) -> None:
            self._listing.append(Listing("", f"({ep.name})", "package", package, version, False, reason))

        try:
            pack = ep.load()
        except Exception as exc:  # noqa: BLE001 - whatever a broken package raises, the game carries on
            return unusable(f"cannot import {ep.value}: {type(exc).__name__}: {_line(exc)}")
        if not isinstance(pack, LevelPack):
            return unusable(f"{ep.value} is a {type(pack).__name__}, not a poise.api.LevelPack")
        if pack.api_version not in SUPPORTED_API_VERSIONS:
            supported = ", ".join(map(str, sorted(SUPPORTED_API_VERSIONS)))
            return unusable(f"written for poise.api version {pack.api_version!r}; this Poise supports {supported}",
                            pack.api_version if isinstance(pack.api_version, int) else None)
        if not Path(pack.levels).is_dir():
            return unusable(f"its level folder {pack.levels} does not exist", pack.api_version)
        if pack.locale is not None:  # the package's own catalogue: its level files' text and its templates
            from poise.i18n import add_domain

            add_domain(pack.domain, Path(pack.locale))
        return _Pack(ep.name, package, pack)

    def _add_levels(self, p: _Pack) -> None:
        paths = sorted(Path(p.pack.levels).glob("*.toml"),
                       key=lambda path: (p.pack.order.index(path.stem) if path.stem in p.pack.order
                                         else len(p.pack.order), path.stem))
        for path in paths:
            def unusable(reason: str, title: str = "", kind: str = "") -> None:
                self._listing.append(Listing(path.stem, title, kind, p.package, p.pack.api_version, False, reason))

            try:
                spec = dataclasses.replace(load(path, p.params_for), domain=p.pack.domain)
            except Exception as exc:  # noqa: BLE001 - a level file (or its Params) that fails: only it is left out
                unusable(_line(exc) if isinstance(exc, LevelFileError) else
                         f"{path}: {type(exc).__name__}: {_line(exc)}")
                continue
            if spec.id != path.stem:
                unusable(f"{path}: key 'id' is {spec.id!r} but the file is named {path.stem!r}", spec.title, spec.kind)
                continue
            if spec.id in self._specs:
                unusable(f"the id {spec.id!r} is already taken by package {self._pack_of[spec.id].package}",
                         spec.title, spec.kind)
                continue
            try:  # a level that cannot even be built would fail on the title screen: find out now
                p.mechanic(spec.mechanic)(spec)
            except Exception as exc:  # noqa: BLE001 - whatever its constructor raises, only this level is left out
                unusable(f"{path}: the level cannot be built: {type(exc).__name__}: {_line(exc)}", spec.title,
                         spec.kind)
                continue
            self._specs[spec.id] = spec
            self._pack_of[spec.id] = p
            self._listing.append(Listing(spec.id, spec.title, spec.kind, p.package, p.pack.api_version, True))

    # --- what the game asks --------------------------------------------------------------------------------------
    def all_specs(self) -> dict[str, LevelSpec]:
        """Every usable level, in menu order (Poise's own first)."""
        return dict(self._specs)

    def spec(self, level_id: str) -> LevelSpec:
        if level_id not in self._specs:
            unusable = next((e for e in self._listing if e.id == level_id and not e.usable), None)
            if unusable is not None:
                raise LevelFileError(f"level {level_id!r} cannot be played: {unusable.reason}")
            hint = difflib.get_close_matches(level_id, self._specs, n=1)
            also = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise LevelFileError(f"unknown level {level_id!r}{also}; levels: {', '.join(self._specs)}")
        return self._specs[level_id]

    def create(self, level_id: str, seconds: float | None = None, step: int = 0, reach: Reach | None = None) -> Level:
        s = self.spec(level_id)
        return self._pack_of[level_id].mechanic(s.mechanic)(s, seconds, step, reach)

    def templates(self, level_id: str) -> Mapping[str, Any]:
        """The game's message templates and those of the level's package (a removed package: the game's alone)."""
        p = self._pack_of.get(level_id)
        return p.templates if p is not None else GAME

    def package(self, level_id: str) -> str:
        return self._pack_of[level_id].package

    def listing(self) -> list[Listing]:
        """Every level found, usable or not, and every package that could not be used, in menu order."""
        return list(self._listing)


def params_for(pack: LevelPack):
    """mechanic -> its Params class, for a package's level files, as the catalogue reads them (KeyError in one line
    for a mechanic the package does not have or that does not import)."""
    return _Pack("", "", pack).params_for


def _line(exc: BaseException) -> str:
    """An exception's message on one line."""
    return " ".join(str(exc).split()) or type(exc).__name__


@functools.cache
def installed() -> Catalogue:
    """The catalogue of the installed level packages, found once per process."""
    return Catalogue.discover()
