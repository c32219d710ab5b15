"""names compared as people read them: every player gets a name key (the name in Unicode NFC, case-folded,
for every script), unique; names are stored in NFC without control characters. Two existing players whose
names become alike are both kept: the later one is renamed "NAME (2)", and the clinical record says so."""
import datetime as dt
import json
import sys

import sqlalchemy as sa
from alembic import op

from poise.game.storage.names import clean, key
from poise.i18n import _

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    bind = op.get_bind()
    op.add_column("players", sa.Column("name_key", sa.Text))
    players = sa.table("players", sa.column("id"), sa.column("name"), sa.column("name_key"))
    log = sa.table("clinical_log", sa.column("player_id"), sa.column("at"), sa.column("clinician"),
                   sa.column("station"), sa.column("kind"), sa.column("action"), sa.column("text"))
    taken: set[str] = set()
    final: dict[int, str] = {}
    renamed = []
    for row in bind.execute(sa.select(players.c.id, players.c.name).order_by(players.c.id)).all():
        name = clean(row.name) or f"Player {row.id}"
        base, n = name, 1
        while key(name) in taken:  # alike an earlier player's: both kept, this one renamed
            n += 1
            name = f"{base} ({n})"
        taken.add(key(name))
        final[row.id] = name
        if name != row.name:
            renamed.append((row.id, row.name, name))
    # every name first moves out of the way (uniqueness is checked row by row as they change)
    bind.execute(sa.update(players).values(name=sa.literal("~poise-renaming~") + sa.cast(players.c.id, sa.Text)))
    for pid, name in final.items():
        bind.execute(sa.update(players).where(players.c.id == pid).values(name=name, name_key=key(name)))
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    for pid, old, new in renamed:  # the record holds the key and the names; read in the reader's language
        bind.execute(sa.insert(log).values(player_id=pid, at=now, clinician="poise", station="", kind="note",
                                           action="add", text=json.dumps(["name.renamed", {"old": old, "new": new}],
                                                                         ensure_ascii=False)))
        print(_("poise: player {id}: name {old!r} became {new!r}; `poise players rename` gives another name").format(
            id=pid, old=old, new=new), file=sys.stderr)
    op.create_index("players_by_name_key", "players", ["name_key"], unique=True)
