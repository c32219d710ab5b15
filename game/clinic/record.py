"""What Poise writes into a player's history in words at the time it is read, in the reader's language.

Stored history holds keys and numbers: an incident is its kind (load-loss, beyond-limits) and a detail of
numbers (JSON: the load in kg, the seat); an entry Poise adds to the clinical record itself is a message key
with its values (JSON: ["name.renamed", {"old": ..., "new": ...}]). Rows an earlier Poise stored as English
sentences are read back into the same keys and numbers when they are one of Poise's own fixed sentences, and
shown as they are otherwise: nothing stored is lost or changed. What a clinician typed stays as typed.
"""
from __future__ import annotations

import json
import re

from poise.i18n import _, format_number

POISE = "poise"  # the clinician name of entries Poise adds to the clinical record itself

# the sentences an earlier Poise stored, read back into numbers
_LOAD = re.compile(r"load fell to (?P<kg>-?[\d.]+) kg during play(?: on seat (?P<seat>\d+))?$")
_LIMITS = re.compile(r"the balance point went past the player's limits of stability(?: on seat (?P<seat>\d+))?$")
_RENAMED = re.compile(r"name (?P<old>'.*'|\".*\") became (?P<new>'.*'|\".*\"): Poise now compares names")


def incident_detail(kg: float | None = None, seat: int | None = None) -> str:
    """An incident's detail as it is stored: its numbers as JSON (the load left on the board in kg, the seat
    counted from 1 when two boards were played), never words."""
    return json.dumps({k: v for k, v in (("kg", None if kg is None else round(float(kg), 1)), ("seat", seat))
                       if v is not None}, sort_keys=True)


def _numbers(detail: str) -> dict | None:
    """The numbers of a stored incident detail (JSON, or one of Poise's old English sentences); None for text
    that is neither."""
    text = (detail or "").strip()
    if text.startswith("{"):
        try:
            found = json.loads(text)
        except ValueError:
            return None
        return found if isinstance(found, dict) else None
    for pattern in (_LOAD, _LIMITS):
        if m := pattern.match(text):
            return {k: float(v) if k == "kg" else int(v) for k, v in m.groupdict().items() if v is not None}
    return None


def incident_words(kind: str, detail: str) -> str:
    """A stored incident's detail in the reader's language; text that is not Poise's own is shown as it is."""
    numbers = _numbers(detail)
    if numbers is None:
        return detail or ""
    if kind == "load-loss" and "kg" in numbers:
        text = _("load fell to {kg} kg during play").format(kg=format_number(numbers["kg"], 1))
    elif kind == "beyond-limits":
        text = _("the balance point went past the player's limits of stability")
    else:
        return detail
    return _("{what} (seat {seat})").format(what=text, seat=numbers["seat"]) if "seat" in numbers else text


def entry_text(clinician: str, text: str) -> str:
    """A clinical-record entry's text in the reader's language when Poise wrote it; as typed otherwise."""
    if clinician != POISE:
        return text
    names = None
    if text.startswith("["):
        try:
            key, names = json.loads(text)
        except (ValueError, TypeError):
            return text
        if key != "name.renamed" or not isinstance(names, dict) or not {"old", "new"} <= names.keys():
            return text
    elif m := _RENAMED.match(text):
        names = {k: v[1:-1] for k, v in m.groupdict().items()}
    if names is None:
        return text
    return _("name {old!r} became {new!r}: Poise now compares names as they read (any case, any script, accents "
             "however typed) and refuses control characters").format(old=names["old"], new=names["new"])


def entry_words(entry) -> tuple[str, str]:
    """(what, text) of one clinical-record entry (a row: kind, action, clinician, text) for people: what was set
    or cleared, or "note", and the entry's text in the reader's language where Poise wrote it."""
    kinds = {"protocol": _("weekly check protocol"), "programme": _("training programme")}
    if entry["kind"] == "note":
        what = _("note")
    elif entry["action"] == "clear":
        what = _("{what} cleared").format(what=kinds.get(entry["kind"], entry["kind"]))
    else:
        what = _("{what} set").format(what=kinds.get(entry["kind"], entry["kind"]))
    return what, entry_text(entry["clinician"] or "", entry["text"])
