"""Protocols a clinician sets: the weekly balance check's conditions, trial length, number of trials,
rest and foam pad, for one player, from a small TOML file (`poise protocol set NAME FILE`).

    # Ana's weekly check, set by her physiotherapist
    conditions = ["eyes-open", "eyes-closed", "left-leg", "right-leg"]
    trials = 3
    trial_s = 30.0
    rest_s = 10.0     # before each trial: instructions, rest and the countdown (at least 3 s)
    foam = true       # adds the both-feet conditions again on a foam pad
    note = "after the right ankle sprain"

The file is validated like a level file (game/level/levelfile.py): an unknown key, a wrong type or a value
out of range names the file, the line, the key and a close match; the conditions are checked by the
weekly check's own parameters. Each stored assessment records the protocol it used, and the weekly
trends compare a condition only with trials of the same length (poise.game.clinic.progress).
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

from poise.game.level.levelfile import LevelFileError, build_params, line_of, parse_toml, read_text
from poise.i18n import N_, _, format_number

LEVEL = "balance-check"  # the level a protocol applies to: the weekly check
MIN_REST_S = 3.0  # the countdown alone takes 3 s
FOAM_OF = {"eyes-open": "eyes-open-foam", "eyes-closed": "eyes-closed-foam"}


@dataclasses.dataclass(frozen=True)
class Protocol:
    conditions: tuple[str, ...]  # in the order played: eyes-open, eyes-closed, left-leg, right-leg, *-foam
    trials: int  # per condition
    trial_s: float
    rest_s: float = 6.0
    foam: bool = False
    note: str = ""

    def __post_init__(self):
        if not self.conditions:
            raise ValueError(_("conditions: name at least one condition"))
        if len(set(self.conditions)) != len(self.conditions):
            raise ValueError(_("conditions: a condition is listed twice"))
        if self.trial_s < 5:
            raise ValueError(_("trial_s must be at least 5 seconds"))
        if self.rest_s < MIN_REST_S:
            raise ValueError(_("rest_s must be at least {min_rest_s:g} seconds (the countdown)").format(
                min_rest_s=MIN_REST_S))
        if self.trials > 10:
            raise ValueError(_("trials can be at most 10 per condition"))
        if len(self.note) > 500:
            raise ValueError(_("note can be at most 500 characters"))

    @property
    def played(self) -> tuple[str, ...]:
        """The conditions in the order played: the listed ones, then (with `foam`) the both-feet ones on foam."""
        extra = tuple(FOAM_OF[c] for c in self.conditions if self.foam and c in FOAM_OF and FOAM_OF[c] not in
                      self.conditions)
        return self.conditions + extra

    def overrides(self) -> dict:
        """The weekly check's Params fields this protocol sets."""
        return {"conditions": self.played, "trials": self.trials, "trial_s": self.trial_s, "prepare_s": self.rest_s}

    def as_dict(self) -> dict:
        return dataclasses.asdict(self) | {"conditions": list(self.conditions), "played": list(self.played)}


def loads(text: str, name: str, check_params=None) -> Protocol:
    """A protocol from TOML text; `check_params(overrides)` (the weekly check's own Params) must accept it."""
    data = parse_toml(text, name)
    tables = [k for k, v in data.items() if isinstance(v, dict)]
    if tables:
        raise LevelFileError(_("{name}:{line}: unknown table [{tables}] (a protocol's settings are plain keys at "
                               "the top)").format(name=name, line=line_of(text, None, tables[0]), tables=tables[0]))
    protocol = build_params(name, Protocol, data, text, table="")
    if check_params is not None:
        try:
            check_params(protocol.overrides())
        except (ValueError, TypeError) as exc:
            named = next((k for k in ("conditions", "trials", "trial_s", "rest_s") if k in str(exc)), "conditions")
            message = str(exc).replace("params.", "")
            raise LevelFileError(_("{name}:{line}: {message}").format(
                name=name, line=line_of(text, named), message=message)) from None
    return protocol


def load(path: Path, check_params=None) -> Protocol:
    return loads(read_text(path), str(path), check_params)


def from_stored(row) -> Protocol:
    """The protocol a stored row holds; DamagedRow when its document is not one (damaged or edited by hand)."""
    import json

    from poise.game.storage.store import DamagedRow
    try:
        return from_dict(json.loads(row["protocol_json"]))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DamagedRow(_("protocols row {player_id}: the stored protocol cannot be read ({exc!r})").format(
            player_id=row['player_id'], exc=exc)) from None


def from_dict(data: dict) -> Protocol:
    fields = {f.name for f in dataclasses.fields(Protocol)}
    values = {k: v for k, v in data.items() if k in fields}
    values["conditions"] = tuple(values["conditions"])
    return Protocol(**values)


PRESETS = {
    "romberg": Protocol(("eyes-open", "eyes-closed"), trials=3, trial_s=30.0, rest_s=10.0,
                        note=N_("Romberg: feet together, eyes open then closed, 3 x 30 s (the Romberg quotient)")),
    "mctsib": Protocol(("eyes-open", "eyes-closed", "eyes-open-foam", "eyes-closed-foam"), trials=3, trial_s=30.0,
                       rest_s=10.0, note=N_("modified Clinical Test of Sensory Interaction on Balance: firm and foam, "
                                        "eyes open and closed, 3 x 30 s")),
    "bess": Protocol(("eyes-closed", "left-leg-eyes-closed", "tandem-eyes-closed", "eyes-closed-foam",
                      "left-leg-eyes-closed-foam", "tandem-eyes-closed-foam"), trials=1, trial_s=20.0, rest_s=10.0,
                     note=N_("the Balance Error Scoring System's stances (both feet, the non-dominant LEFT leg, "
                             "tandem with the left foot in front), eyes closed, hands on hips, firm then foam, 20 s; "
                             "Poise measures sway, the errors are counted by the clinician")),
    "bess-right": Protocol(("eyes-closed", "right-leg-eyes-closed", "tandem-eyes-closed", "eyes-closed-foam",
                            "right-leg-eyes-closed-foam", "tandem-eyes-closed-foam"), trials=1, trial_s=20.0,
                           rest_s=10.0, note=N_("as bess, standing on the RIGHT leg (the non-dominant one)")),
}


def preset_text(name: str) -> str:
    """A preset written as the protocol file it stands for (what `protocol show` prints and the record keeps)."""
    p = PRESETS[name]
    conditions = ", ".join(f'"{c}"' for c in p.conditions)
    return (f"# preset {name}\nconditions = [{conditions}]\ntrials = {p.trials}\ntrial_s = {p.trial_s!r}\n"
            f"rest_s = {p.rest_s!r}\nfoam = {str(p.foam).lower()}\nnote = \"{p.note}\"\n")


def describe(p: Protocol) -> str:
    """The protocol in a line, in the reader's language (condition ids as written; a preset's note translated, a
    clinician's as written)."""
    def seconds(s: float) -> str:
        return format_number(s, 0 if float(s).is_integer() else 1)
    out = _("{conditions}; {trials} × {s} s per condition, {rest} s rest before each trial").format(
        conditions=", ".join(p.played), trials=p.trials, s=seconds(p.trial_s), rest=seconds(p.rest_s))
    if p.foam:
        out = _("{text}; foam pad for the both-feet conditions").format(text=out)
    return _("{text}; note: {note}").format(text=out, note=_(p.note)) if p.note else out
