"""`poise db copy SOURCE TARGET`: players and all their history from one Poise database into another.

A home or station SQLite file into the clinic's PostgreSQL database, or one patient back out into a file
of their own. Each source player is matched in the target by patient id, else by name (any case):

- no match: the player is added, with everything stored about them;
- a match: what the target lacks is added (attempts are known by their own id, so copying twice adds
  nothing), and profile fields the target leaves empty are filled;
- a conflict, copied not at all: a name that matches a target player with another patient id, or a
  patient id that belongs there to a player of another name who also has this one's name taken.

`dry_run` lists every match and conflict and what would be copied, and changes nothing. A real copy is one
transaction on the target: all of it, or none.
"""
from __future__ import annotations

import contextlib
import dataclasses
from typing import Iterable

from poise.game.storage.store import PROFILE_FIELDS, StorageError, now_iso
from poise.i18n import _

BODY_FIELDS = ("weight_kg", "height_cm", *PROFILE_FIELDS)


@dataclasses.dataclass
class PlayerPlan:
    name: str
    patient_id: str | None
    verdict: str  # "new", "match" or "conflict"
    why: str
    counts: dict[str, int] = dataclasses.field(default_factory=dict)
    already: int = 0  # attempts the target has

    def line(self) -> str:
        who = self.name + (f" [patient {self.patient_id}]" if self.patient_id else "")
        if self.verdict == "conflict":
            return f"  CONFLICT {who}: {self.why}; not copied"
        what = ", ".join(f"{n} {k}" for k, n in self.counts.items() if n) or "nothing new"
        there = f"; {self.already} attempt(s) already there" if self.already else ""
        return f"  {'new' if self.verdict == 'new' else 'match'} {who}: {self.why}; {what}{there}"


@dataclasses.dataclass
class CopyPlan:
    source: str
    target: str
    dry_run: bool
    players: list[PlayerPlan]

    def lines(self) -> list[str]:
        head = f"poise db copy: {self.source} -> {self.target}" + (" (dry run: nothing changed)" if self.dry_run else "")
        copied = sum(1 for p in self.players if p.verdict != "conflict")
        conflicts = len(self.players) - copied
        tail = (f"{copied} player(s) {'would be ' if self.dry_run else ''}copied, {conflicts} conflict(s)"
                + (": settle them (rename, or set the patient id) and copy again" if conflicts else ""))
        return [head, *(p.line() for p in self.players), tail]


def copy(source, target, players: Iterable[str] | None = None, dry_run: bool = False) -> CopyPlan:
    """Copy the `players` (names; None: all) from `source` to `target` (paths or URLs). StorageError when
    either cannot be opened, a named player is not in the source, or source and target are one database."""
    from poise.game.storage.database import Storage

    src = Storage(source)
    dst = Storage(target)
    try:
        if src.url.shown() == dst.url.shown() or (src.url.is_sqlite and dst.url.is_sqlite
                                                  and src.path.resolve() == dst.path.resolve()):
            raise StorageError(_("{url} is both the source and the target").format(url=src.url))
        chosen = [src.player_id(n) for n in players] if players else [p["id"] for p in src.players()]
        with contextlib.nullcontext() if dry_run else dst.atomic():  # a dry run writes nothing
            plans = [_copy_player(src, dst, src.player_by_id(pid), dry_run) for pid in chosen]
        return CopyPlan(src.url.shown(), dst.url.shown(), dry_run, plans)
    finally:
        src.close()
        dst.close()


def _match(dst, player) -> tuple[dict | None, str, str]:
    """The target player for a source player: (row or None, verdict, why)."""
    by_name = dst.player(player["name"])
    by_id = dst.player_by_patient_id(player["patient_id"]) if player["patient_id"] else None
    if by_id is not None:
        if by_name is not None and by_name["id"] != by_id["id"]:
            return None, "conflict", (f"patient id is {by_id['name']}'s there, and another player there is called "
                                      f"{by_name['name']}")
        why = "same patient id" + (f", named {by_id['name']} there" if by_id["name"] != player["name"] else "")
        return by_id, "match", why
    if by_name is not None:
        if by_name["patient_id"] and player["patient_id"] and by_name["patient_id"] != player["patient_id"]:
            return None, "conflict", (f"named like {by_name['name']} there, whose patient id is "
                                      f"{by_name['patient_id']}")
        return by_name, "match", "same name" + (" (patient id added there)" if player["patient_id"]
                                                  and not by_name["patient_id"] else "")
    return None, "new", "not there yet"


def _copy_player(src, dst, player, dry_run: bool) -> PlayerPlan:
    there, verdict, why = _match(dst, player)
    plan = PlayerPlan(player["name"], player["patient_id"], verdict, why)
    if verdict == "conflict":
        return plan
    spid = player["id"]
    if there is None:
        tpid = None if dry_run else dst.insert_rows("players", [
            {k: player[k] for k in ("name", "patient_id", *BODY_FIELDS)}
            | {"created_at": player["created_at"] or now_iso()}], ids=True)[0]  # unknown (damaged): from now
    else:
        tpid = there["id"]
        fill = {k: player[k] for k in ("patient_id", *BODY_FIELDS) if there[k] in (None, "") and player[k] is not None}
        if fill and not dry_run:
            dst.update_player(tpid, fill)
    have = set() if there is None else dst.attempt_uids(tpid)
    every = src.rows("attempts", {"player_id": spid})
    attempts = [a for a in every if a["uid"] not in have]
    plan.already = len(every) - len(attempts)
    keep = _Keys(dst, tpid) if there is not None else None

    # sessions of the attempts copied (and of incidents), each once
    session_ids = {a["session_id"] for a in attempts}
    incidents = [i for i in src.rows("incidents", {"player_id": spid})
                 if keep is None or (i["at"], i["kind"], i["detail"]) not in keep.incidents]
    session_ids |= {i["session_id"] for i in incidents if i["session_id"] is not None}
    if there is None:  # a new player: every session, those without a stored attempt too
        session_ids |= {s["id"] for s in src.rows("sessions", {"player_id": spid})}
    sessions = src.rows("sessions", {"id": sorted(session_ids)}) if session_ids else []
    kept = {s["id"] for s in sessions}  # a damaged session is left out, and the attempts played in it
    attempts = [a for a in attempts if a["session_id"] in kept]
    checks = [a for a in src.rows("assessments", {"player_id": spid})
              if (a["attempt_id"] in {x["id"] for x in attempts})
              or (a["attempt_id"] is None and (keep is None or (a["created_at"], a["protocol"]) not in keep.checks))]
    limits = [x for x in src.rows("stability_limits", {"player_id": spid})
              if keep is None or x["created_at"] not in keep.limits]
    day_sessions = [x for x in src.rows("programme_sessions", {"player_id": spid})
                    if keep is None or (x["day"], x["started_at"]) not in keep.days]
    record = [x for x in src.rows("clinical_log", {"player_id": spid})
              if keep is None or (x["at"], x["kind"], x["action"], x["text"]) not in keep.record]
    settings = {name: src.rows(name, {"player_id": spid}) for name in ("protocols", "programmes")}
    settings = {name: rows for name, rows in settings.items()
                if rows and (there is None or not dst.rows(name, {"player_id": tpid}))}
    plan.counts = {"attempt(s)": len(attempts), "check(s)": len(checks), "limits": len(limits),
                   "incident(s)": len(incidents), "programme session(s)": len(day_sessions),
                   "clinical record entries": len(record), "setting(s)": sum(len(r) for r in settings.values())}
    if dry_run:
        return plan

    def without(row, *drop) -> dict:
        return {k: v for k, v in dict(row).items() if k not in ("id", *drop)}

    new_session = dict(zip([s["id"] for s in sessions], dst.insert_rows(
        "sessions", [without(s) | {"player_id": tpid} for s in sessions], ids=True)))
    new_attempt = dict(zip([a["id"] for a in attempts], dst.insert_rows(
        "attempts", [without(a) | {"player_id": tpid, "session_id": new_session[a["session_id"]]} for a in attempts],
        ids=True)))
    for start in range(0, len(attempts), 200):  # recordings are the bulk: a few hundred at a time
        batch = src.rows("recordings", {"attempt_id": [a["id"] for a in attempts[start:start + 200]]})
        dst.insert_rows("recordings", [dict(r) | {"attempt_id": new_attempt[r["attempt_id"]]} for r in batch])
    new_check = dict(zip([c["id"] for c in checks], dst.insert_rows(
        "assessments", [without(c) | {"player_id": tpid, "attempt_id": new_attempt.get(c["attempt_id"])}
                        for c in checks], ids=True)))
    if checks:
        trials = src.rows("assessment_trials", {"assessment_id": [c["id"] for c in checks]})
        dst.insert_rows("assessment_trials", [without(x) | {"assessment_id": new_check[x["assessment_id"]]}
                                              for x in trials])
    dst.insert_rows("stability_limits", [without(x) | {"player_id": tpid, "attempt_id": new_attempt.get(x["attempt_id"])}
                                         for x in limits])
    dst.insert_rows("incidents", [without(x) | {"player_id": tpid, "session_id": new_session.get(x["session_id"])}
                                  for x in incidents])
    dst.insert_rows("programme_sessions", [without(x) | {"player_id": tpid} for x in day_sessions])
    dst.insert_rows("clinical_log", [without(x) | {"player_id": tpid} for x in record])
    for name, rows in settings.items():
        dst.insert_rows(name, [dict(r) | {"player_id": tpid} for r in rows])
    identities = {s["board_identity"] for s in sessions}
    if identities:
        known = {(c["board_identity"], c["created_at"]) for c in dst.rows("board_calibrations",
                                                                            {"board_identity": sorted(identities)})}
        dst.insert_rows("board_calibrations", [
            without(c) for c in src.rows("board_calibrations", {"board_identity": sorted(identities)})
            if (c["board_identity"], c["created_at"]) not in known])
    return plan


class _Keys:
    """What a matched target player already has, by the fields that identify each record."""

    def __init__(self, dst, pid: int):
        self.incidents = {(i["at"], i["kind"], i["detail"]) for i in dst.rows("incidents", {"player_id": pid})}
        self.checks = {(a["created_at"], a["protocol"]) for a in dst.rows("assessments", {"player_id": pid})}
        self.limits = {x["created_at"] for x in dst.rows("stability_limits", {"player_id": pid})}
        self.days = {(x["day"], x["started_at"]) for x in dst.rows("programme_sessions", {"player_id": pid})}
        self.record = {(x["at"], x["kind"], x["action"], x["text"]) for x in dst.rows("clinical_log", {"player_id": pid})}
