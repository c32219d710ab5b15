"""`poise`: one command, subcommands as in docs/design.md. Each returns an exit code; errors are one line."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from poise import __version__
from poise.i18n import N_, _, format_number, ngettext

if TYPE_CHECKING:
    from poise.game.level.contract import LevelCatalogue

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


class UserError(Exception):
    """A usage error: the command line itself is wrong (a flag's value, a missing or extra argument, flags that do
    not go together), found before any work is done. Printed as one line, exit status 2."""


class Failure(Exception):
    """A failure at run time: what the command line names is not there or cannot be used (a player, a board, a
    file's contents, a database, a folder that is not empty, a full disk). Printed as one line, exit status 1."""


USAGE, FAILED = 2, 1  # exit statuses


class Parser(argparse.ArgumentParser):
    """argparse, with a mistake on the command line reported in one line (and exit status 2)."""

    def error(self, message: str):
        self.exit(2, _("{prog}: {message} (see {prog} --help)").format(prog=self.prog, message=message) + "\n")


def number(lo: float | None, hi: float | None, lo_open: bool = False, integer: bool = False):
    """An argparse type: a finite number in range; argparse names the flag in front of the range."""
    from poise.drivers import numbers

    def convert(text: str):
        try:
            return numbers.parse(text, lo, hi, lo_open, integer)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    convert.__name__ = "integer" if integer else "number"
    return convert


# documented ranges of the numeric flags
SECONDS = (0.0, 86400.0)  # --seconds of monitor and record: up to a day
DEMO_SECONDS = (0.0, 3600.0)
MASS_KG = (2.0, 300.0)
FPS = (10, 1000)
WEEKS = (1, 1040)
HEIGHT_CM = (50.0, 250.0)
WEIGHT_KG = (10.0, 300.0)
AGE_YEARS = (18.0, 110.0)  # the normative data set holds adults aged 18-86
BIRTH_YEAR = (1900, 2100)


DATES = ("1900-01-01", "2100-12-31")  # any date argument: a calendar date in this range


def date_arg(text: str):
    """An argparse type: a calendar date, YYYY-MM-DD, from 1900-01-01 to 2100-12-31 (a date past them is a
    typing mistake, and date arithmetic near year 9999 overflows)."""
    import datetime as dt

    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text!r} is not a date like 2026-03-05").format(text=text)) from None
    lo, hi = (dt.date.fromisoformat(d) for d in DATES)
    if not lo <= day <= hi:
        raise argparse.ArgumentTypeError(_("{text!r} is outside {lo} to {hi}").format(text=text, lo=lo, hi=hi))
    return day


def player_name(text: str) -> str:
    """An argparse type: a player's name spaced as names are stored (runs of white space, line breaks
    included, as one space; none at the ends), so messages echo it as it is kept."""
    return " ".join(text.split())


WINDOW_PX = ((640, 4096), (400, 2304))  # --size: width, height


def size_arg(text: str) -> tuple[int, int]:
    """An argparse type: a window size WxH in pixels, e.g. 1920x1080."""
    try:
        w, h = (int(part) for part in text.lower().replace("×", "x").split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text!r} is not a size like 1920x1080").format(text=text)) from None
    (wlo, whi), (hlo, hhi) = WINDOW_PX
    if not (wlo <= w <= whi and hlo <= h <= hhi):
        raise argparse.ArgumentTypeError(_("{text!r}: width must be {wlo} to {whi} and height {hlo} to {hhi} "
                                          "pixels").format(text=text, wlo=wlo, whi=whi, hlo=hlo, hhi=hhi))
    return w, h


def database(text: str) -> str:
    """--db: a path, sqlite:///PATH or postgresql://user@host/db, refused at parsing when it is none of them
    (the message masks any password)."""
    from poise.game.storage.url import DatabaseURLError, parse
    try:
        parse(text)
    except DatabaseURLError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix(f"--db ")) from None
    return text


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", type=database, metavar="PATH_OR_URL",
                   help=_("the database: a file, sqlite:///PATH or postgresql://user@host/db (default: $POISE_DB, "
                          "else a file in the user data directory)"))


def _lsl_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lsl", action="store_true",
                   help=_("publish the board while playing as Lab Streaming Layer streams (forces and centre of "
                          "pressure, and the on-screen cursor), as poise stream does; needs pip install 'poise[lsl]'"))
    p.add_argument("--lsl-markers", action="store_true",
                   help=_("publish the game's events as an LSL Markers stream NAME-markers: level start and end, "
                          "trial and condition start, target shown, touch-down, pause, result"))
    p.add_argument("--lsl-name", default="Poise", metavar="NAME", help=_("the LSL streams' name (default: Poise)"))


def _json_arg(p: argparse.ArgumentParser, what: str) -> None:
    # TRANSLATORS: {what} is a list of JSON field names, which stay as they are
    p.add_argument("--json", action="store_true", help=_("print {what} as JSON on stdout, for scripts").format(
        what=what))


def _shared_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--shared", action="store_true",
                   help=_("files written follow your umask (e.g. readable by a clinic's group) instead of 0600, "
                          "private to you (docs/data.md)"))


def _clinician_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--clinician", help=_("who sets it, kept in the player's clinical record "
                                         "(default: $POISE_CLINICIAN, else your login name)"))


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="poise", description=_("Poise: balance-board training game."))
    parser.add_argument("--version", action="version", version=f"poise {__version__}",
                        help=_("show program's version number and exit"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("play", help=_("play the game"), description=_("Play the game on a board."))
    p.add_argument("--board", action="append", metavar="URL",
                   help=_("board URL (default: auto; sim:// when no board is found); twice for two boards at once, "
                          "in seat order (left, right)"))
    p.add_argument("--player", type=player_name, action="append", metavar="NAME",
                   help=_("player name (created if new); once per seat with two boards, or two to four times on one "
                          "board to take turns"))
    p.add_argument("--fullscreen", action="store_true", help=_("start fullscreen (F11 or Alt+Enter toggles it)"))
    p.add_argument("--size", type=size_arg, help=_("window size WxH, e.g. 1920x1080 (default: most of the screen)"))
    _lsl_args(p)
    _db_arg(p)

    p = sub.add_parser("demo", help=_("the simulated player plays a level unattended"),
                       description=_("The simulated player plays a level (or, with --today, the player's whole session "
                                     "of the day); prints the result as JSON and stores it."))
    p.add_argument("--level", help=_("level id, e.g. single-leg-hold"))
    p.add_argument("--today", action="store_true",
                   help=_("play today's planned session (see poise today) instead of one level"))
    p.add_argument("--board", action="append", metavar="URL",
                   help=_("board URL (default: sim://); twice for a match on two boards, in seat order"))
    p.add_argument("--player", type=player_name, action="append", metavar="NAME",
                   help=_("player name (default: Demo); once per board, or two to four times on one board to "
                          "take turns"))
    p.add_argument("--rounds", type=number(1, 5, integer=True), default=1,
                   help=_("with players taking turns on one board: rounds each, 1 to 5 (default 1)"))
    p.add_argument("--seconds", type=number(*DEMO_SECONDS, lo_open=True),
                   help=_("active play time instead of the level's own (more than 0, at most 3600)"))
    p.add_argument("--headless", action="store_true", help=_("no window; runs faster than real time"))
    p.add_argument("--screenshot", type=Path, help=_("save a PNG mid-play (and NAME-results.png)"))
    p.add_argument("--size", type=size_arg, help=_("render at this window size WxH, e.g. 1024x600 (default 1280x720 "
                     "headless, else most of the screen)"))
    p.add_argument("--fps", type=number(*FPS, integer=True), default=60,
                   help=_("frames per second, 10 to 1000 (default 60)"))
    p.add_argument("--step", type=number(0, 1000, integer=True),
                   help=_("difficulty step from 0 (easiest) to the level's last (default: the player's adaptive step)"))
    _lsl_args(p)
    _shared_arg(p)
    _db_arg(p)

    p = sub.add_parser("levels", help=_("list every level and why others are not usable"),
                       description=_("List every level of the installed level packages (Poise's own and any installed "
                                     "with pip, entry-point group poise.levels): id, title, kind, the package it comes "
                                     "from and the level API version it was written for. A package or level that "
                                     "cannot be used is listed with the reason, in one line."))
    p.add_argument("--json", action="store_true", help=_("one JSON array of objects: id, title, kind, package, "
                     "api_version, usable, reason"))

    p = sub.add_parser("boards", help=_("list boards and why others are not usable"),
                       description=_("List the boards Poise can find, with battery and calibration, and why others "
                                     "are not usable."))
    p.add_argument("--json", action="store_true")
    _db_arg(p)

    p = sub.add_parser("calibrate", help=_("the board calibration wizard"),
                       description=_("Calibrate a board with a known mass: zero, then the mass at the centre and "
                                     "near each corner; shows the error at each spot and saves the result for the board."))
    p.add_argument("--board", default="auto", help=_("board URL (default: auto)"))
    p.add_argument("--mass", type=number(*MASS_KG), default=20.0,
                   help=_("the known mass in kg, 2 to 300 (default 20)"))
    p.add_argument("--yes", action="store_true", help=_("accept the result without asking"))
    _db_arg(p)

    p = sub.add_parser("monitor", help=_("live readout of a board"), description=_("Live readout of a board."))
    p.add_argument("--board", default="auto", help=_("board URL (default: auto)"))
    p.add_argument("--seconds", type=number(*SECONDS, lo_open=True),
                   help=_("stop after this long, at most 86400 (default: until Ctrl-C)"))
    p.add_argument("--json", action="store_true", help=_("one JSON object per sample"))
    _db_arg(p)

    p = sub.add_parser("record", help=_("raw capture to a recording file"),
                       description=_("Record raw corner loads in the recording format."))
    p.add_argument("--board", required=True, help=_("board URL"))
    p.add_argument("--seconds", type=number(*SECONDS, lo_open=True), required=True,
                   help=_("how long to record (more than 0, at most 86400)"))
    p.add_argument("--out", type=Path, required=True, help=_("recording file to write (CSV)"))
    _json_arg(p, "what was recorded (out, samples, seconds, board, board_identity, rate_hz, start)")
    _shared_arg(p)
    _db_arg(p)

    p = sub.add_parser("stream", help=_("publish a board as a Lab Streaming Layer stream"),
                       description=_("Publish a board's corner loads, total load, raw and filtered centre of pressure "
                                     "as a Lab Streaming Layer (LSL) outlet, with channel labels, units and the board's "
                                     "nominal rate; lsl://NAME reads such a stream back as a board. Needs pylsl: "
                                     "pip install 'poise[lsl]'."))
    p.add_argument("--board", default="auto", help=_("board URL (default: auto)"))
    p.add_argument("--lsl", action="store_true", required=True, help=_("publish over Lab Streaming Layer"))
    p.add_argument("--name", default="Poise", help=_("the LSL stream's name (default: Poise)"))
    p.add_argument("--seconds", type=number(*SECONDS, lo_open=True),
                   help=_("stop after this long, at most 86400 (default: until Ctrl-C)"))
    _db_arg(p)

    p = sub.add_parser("replay", help=_("run a recording through the live pipeline"),
                       description=_("Run a recording through the game's live pipeline; writes t,x,y,fx,fy,state."))
    p.add_argument("file", type=Path)
    p.add_argument("--out", type=Path, help=_("write here instead of standard output"))
    _shared_arg(p)
    _db_arg(p)

    p = sub.add_parser("analyze", help=_("sway metrics of a recording"),
                       description=_("Sway metrics of one recording (either variant). By default they are the "
                                     "metrics Poise stores for every attempt and check: the longest stretch with "
                                     "someone on the board, on a uniform grid near the board's rate, the first 2 s "
                                     "trimmed and a 4th-order zero-phase 5 Hz low-pass applied (board noise and the "
                                     "step-on transient out). They differ from the textbook (raw) values, mostly "
                                     "lower: on "
                                     "the 24 BDS reference trials (60 s) velocity x0.976 median (x0.882 at worst) "
                                     "and 95 % ellipse x1.006 (x0.889 at worst); on their 20-s windows, the weekly "
                                     "check's length, velocity x0.977 (x0.826) and ellipse x0.972 (x0.567). --raw "
                                     "skips trimming and filtering: the published definitions, comparable with "
                                     "other systems and with published norms."))
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true")
    p.add_argument("--raw", action="store_true",
                   help=_("no trimming or low-pass: the published (textbook) definitions, as other systems report"))
    p.add_argument("--age", type=number(*AGE_YEARS),
                   help=_("with --sex and --condition: percentiles among healthy adults (18 to 110 years)"))
    p.add_argument("--sex", choices=["F", "M"], help=_("the person's sex, for the reference group"))
    p.add_argument("--png", type=Path, help=_("draw the recording's statokinesigram (its centre-of-pressure path with "
                                              "the 95 %% ellipse) into this PNG file"))
    p.add_argument("--condition", choices=["eo-firm", "ec-firm", "eo-foam", "ec-foam"],
                   help=_("the recording's condition: eyes open/closed on firm ground or foam (60 s, both feet)"))
    _db_arg(p)

    p = sub.add_parser("progress", help=_("trends over weeks"), description=_("A player's balance trends over weeks."))
    p.add_argument("name", type=player_name)
    p.add_argument("--weeks", type=number(*WEEKS, integer=True), help=_("only the latest N weeks (1 to 1040)"))
    p.add_argument("--png", type=Path, help=_("write a one-page report"))
    p.add_argument("--csv", type=Path, help=_("write the weekly series as CSV"))
    p.add_argument("--json", action="store_true", help=_("print everything as JSON"))
    _shared_arg(p)
    _db_arg(p)

    p = sub.add_parser("report", help=_("the clinical report (PDF)"),
                       description=_("A multi-page PDF report for a clinician: a one-page summary (patient, key "
                                     "numbers, verdicts, one chart), a statokinesigram per condition, checks, trends "
                                     "with their verdicts, Romberg quotient, one-leg symmetry, limits of stability "
                                     "(polar plot, composite score), comparison with healthy adults, adherence, "
                                     "incidents and methods. Names and goals in any script."))
    p.add_argument("name", type=player_name)
    p.add_argument("--pdf", type=Path, required=True, help=_("the PDF file to write"))
    p.add_argument("--from", dest="since", type=date_arg, help=_("only what happened on or after this date (YYYY-MM-DD)"))
    p.add_argument("--to", dest="until", type=date_arg, help=_("only what happened on or before this date (YYYY-MM-DD)"))
    p.add_argument("--clinician", help=_("the clinician's name, printed in the header"))
    _json_arg(p, "what was written (pdf, pages, pdfa)")
    p.add_argument("--paper", choices=["a4", "letter"], default="a4", help=_("paper size (default a4)"))
    p.add_argument("--pdfa", action="store_true",
                   help=_("an archival PDF/A-2u file (fonts embedded with their Unicode maps, sRGB output intent, XMP "
                          "metadata), for a records system that asks for PDF/A"))
    _shared_arg(p)
    _db_arg(p)

    from poise.game.clinic.protocol import PRESETS
    p = sub.add_parser("protocol", help=_("the weekly check's protocol a clinician sets for a player"),
                       description=_("set NAME FILE: the player's weekly check follows the protocol in FILE (TOML: "
                                     "conditions, trials, trial_s, rest_s, foam, note), validated with file:line "
                                     "errors; set NAME --preset P: a named protocol ({presets}). show NAME: the "
                                     "protocol in force. clear NAME: back to the standard weekly check.").format(
                                         presets="; ".join(f"{k}: {_(v.note)}" for k, v in PRESETS.items())))
    p.add_argument("action", choices=["set", "show", "clear"])
    p.add_argument("name", type=player_name)
    p.add_argument("file", nargs="?", type=Path, help=_("the protocol file (with set)"))
    p.add_argument("--preset", choices=list(PRESETS), help=_("a named protocol instead of a file (with set)"))
    _json_arg(p, "the protocol in force (show), or what was set or cleared")
    _clinician_arg(p)
    _db_arg(p)

    p = sub.add_parser("today", help=_("today's planned session"),
                       description=_("The session planned for today: its activities and minutes, the week and stage of "
                                     "the programme and why (poise.game.clinic.programme)."))
    p.add_argument("name", type=player_name)
    p.add_argument("--json", action="store_true", help=_("print the plan as one JSON object"))
    _db_arg(p)

    p = sub.add_parser("programme", help=_("a clinician's prescribed programme for a player"),
                       description=_("set NAME FILE: the player's daily sessions follow the programme in FILE (TOML: "
                                     "sessions_per_week, note, weekly_check, [progression], [[activity]] with level, step, "
                                     "seconds, legs, eyes_closed, sets, from_week, until_week), validated with file:line "
                                     "errors. show NAME: the programme in force. clear NAME: back to the programme Poise "
                                     "plans from the player's goal."))
    p.add_argument("action", choices=["set", "show", "clear"])
    p.add_argument("name", type=player_name)
    p.add_argument("file", nargs="?", type=Path, help=_("the programme file (with set)"))
    _json_arg(p, "the programme in force (show), or what was set or cleared")
    _clinician_arg(p)
    _db_arg(p)

    p = sub.add_parser("notes", help=_("a clinician's notes about a player"),
                       description=_("NAME: the player's clinical record (every protocol, programme and note, who set "
                                     "it, when and at which station). NAME TEXT: add a note. Entries are never changed."))
    p.add_argument("name", type=player_name)
    p.add_argument("text", nargs="?", help=_("the note to add"))
    _json_arg(p, "the clinical record (an array: at, kind, action, clinician, station, text)")
    _clinician_arg(p)
    _db_arg(p)

    p = sub.add_parser("export", help=_("everything stored about a player"),
                       description=_("Write everything stored about a player (profile, attempts with their "
                                     "recordings, checks, limits, protocol, programme, clinical record, incidents, "
                                     "the boards' calibrations) into a new folder, with a README and a manifest of "
                                     "checksums; `poise import DIR` reads it back (docs/data.md)."))
    p.add_argument("name", type=player_name)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--format", choices=["poise", "bids", "bds"], default="poise",
                   help=_("poise: everything, in Poise's own layout (default); bids: the recordings as a BIDS-motion "
                          "dataset; bds: the balance-check trials in the layout of the public BDS balance data set "
                          "(docs/lab.md)"))
    _json_arg(p, "what was written (out, format, files)")
    _shared_arg(p)
    _db_arg(p)

    p = sub.add_parser("import", help=_("restore a player from an export folder"),
                       description=_("Store the player in an export folder (poise export) in this database: "
                                     "everything, checked against the folder's manifest first. A player of the same "
                                     "name or patient id here is matched and gets what it lacks (as db copy does); an "
                                     "attempt already here (by its id) is not stored twice."))
    p.add_argument("folder", type=Path)
    p.add_argument("--as", dest="rename", type=player_name, metavar="NAME", help=_("store the player under this name"))
    _json_arg(p, "what was stored, as lines (as db copy --json)")
    _db_arg(p)

    p = sub.add_parser("db", help=_("check, back up, set up or copy a database; send rescued attempts"),
                       description=_("check: integrity and schema version of the database, and every stored field "
                                     "and recording decoded (each damaged row named). recover: send the attempts kept "
                                     "in your rescue folder when the database could not take them (imported files "
                                     "move to its imported/ folder; each is stored once). backup FILE: a consistent "
                                     "copy of the live database (SQLite's online backup; PostgreSQL: use pg_dump). "
                                     "init URL: set up a clinic's PostgreSQL database: its schema and the "
                                     "poise_station and poise_admin roles (docs/clinic-database.md). "
                                     "copy SOURCE TARGET: copy players and all their history from one database to "
                                     "another, players matched by patient id, else by name (--dry-run lists every "
                                     "match and conflict and changes nothing)."))
    p.add_argument("action", choices=["check", "recover", "init", "copy", "backup"])
    p.add_argument("databases", nargs="*", type=database, metavar="DATABASE",
                   help=_("URL for init; SOURCE TARGET for copy (paths or URLs); FILE for backup"))
    p.add_argument("--dry-run", action="store_true", help=_("with copy: list what would be copied, change nothing"))
    p.add_argument("--player", dest="players", action="append", type=player_name, metavar="NAME",
                   help=_("with copy: only this player (repeat for more); by default every player"))
    _json_arg(p, "the result (check: database, engine, ok, schema, head, attempts, rescued; recover: imported, "
                 "skipped, problems; init and copy: lines)")
    _shared_arg(p)
    _db_arg(p)

    p = sub.add_parser("players", help=_("list, add, rename or remove players"),
                       description=_("Player profiles."))
    p.add_argument("action", nargs="?", default="list", choices=["list", "add", "rename", "remove", "set"])
    p.add_argument("names", nargs="*", type=player_name, help=_("NAME for add/remove/set; OLD NEW for rename"))
    p.add_argument("--height", type=number(*HEIGHT_CM),
                   help=_("body height in cm, 50 to 250 (with add or set): scales the targets"))
    p.add_argument("--weight", type=number(*WEIGHT_KG), help=_("body weight in kg, 10 to 300 (with add or set)"))
    p.add_argument("--birth-year", type=number(*BIRTH_YEAR, integer=True),
                   help=_("year of birth, 1900 to 2100 (with add or set): age for the normative percentiles"))
    p.add_argument("--sex", choices=["F", "M"], help=_("F or M (with add or set): the reference group for percentiles"))
    p.add_argument("--goal", help=_("what the training is for, in a few words (shown on the report; '' clears it)"))
    p.add_argument("--injured-side", choices=["left", "right", "both", "none"],
                   help=_("the injured or weaker side, if any (shown on the report)"))
    p.add_argument("--patient-id", help=_("the clinic's own identifier for the player, unique (with add or set; "
                                          "shown on the report; '' removes it)"))
    _json_arg(p, "the players (list) or the player added, set or renamed: name, patient_id, created_at, height_cm, "
                 "weight_kg, birth_year, sex, goal, injured_side")
    _db_arg(p)
    p = sub.add_parser("completion", help=_("shell completion for poise (bash, zsh or fish)"),
                       description=_("Print a shell's completion script for poise, made from this command line's own "
                                     "parser (argcomplete): every command, flag and choice completes. bash: "
                                     "eval \"$(poise completion bash)\" in ~/.bashrc; zsh: the same in ~/.zshrc; fish: "
                                     "poise completion fish > ~/.config/fish/completions/poise.fish"))
    p.add_argument("shell", choices=["bash", "zsh", "fish"])
    for command in (parser, *sub.choices.values()):
        command.add_argument("--lang", metavar="CODE", help=_lang_help())
    for command in sub.choices.values():
        command.add_argument("--verbose", action="store_true",
                             help=_("log what happens (boards, their status, errors) to a private file in your log "
                                    "directory, for a problem report"))
    return parser


def _lang_help() -> str:
    """--lang's help, in the language chosen (read when the parser is built)."""
    from poise.i18n import LANGUAGES
    return _("the language of what is printed: {codes} (default: $POISE_LANG, else the system's language); "
             "JSON, CSV and recordings stay as they are").format(codes=", ".join(LANGUAGES))


def language_asked(argv: list[str]) -> str | None:
    """The code given with --lang CODE or --lang=CODE (the last one), read before the parser is built, so that
    its help and its errors, argparse's own words too, are in that language."""
    code = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            code = argv[i + 1]
        elif arg.startswith("--lang="):
            code = arg.split("=", 1)[1]
    return code


def _speak_argparse() -> None:
    """argparse's own words ("usage:", "error:", "invalid choice") from Poise's catalogue (game/cli/argparse_words.py
    marks them), in the language chosen: argparse looks them up through its module's `_` and `ngettext`."""
    argparse._ = lambda message: _(message)
    argparse.ngettext = lambda singular, plural, n: ngettext(singular, plural, n)


def main(argv: list[str] | None = None, levels: Callable[[], LevelCatalogue] | None = None) -> int:
    """Run one command; `levels` loads the level catalogue (poise.__main__ passes poise.levels). The language is
    chosen first (--lang, $POISE_LANG, the system's; poise.i18n.choose) and is the process's until it returns."""
    from poise import i18n
    before = i18n.language()
    try:
        i18n.set_language(i18n.choose(language_asked(sys.argv[1:] if argv is None else argv)))
    except i18n.LanguageError as exc:
        print(f"poise: {exc}", file=sys.stderr)
        return USAGE
    _speak_argparse()
    try:
        return _run(argv, levels)
    finally:
        i18n.set_language(before)


def _run(argv: list[str] | None, levels: Callable[[], LevelCatalogue] | None) -> int:
    parser = build_parser()
    if "_ARGCOMPLETE" in os.environ:  # the shell asks what can come next (poise completion): answered and exits
        import argcomplete
        argcomplete.autocomplete(parser)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a one-line usage error already printed
        return exc.code if isinstance(exc.code, int) else USAGE
    args.levels = levels or _no_levels
    args.lang = language_asked(sys.argv[1:] if argv is None else argv)  # before or after the command's name
    import logging
    log = logging.getLogger("poise")
    if not log.handlers:  # logged only with --verbose: never Python's last-resort print to stderr
        log.addHandler(logging.NullHandler())
    if args.verbose:
        from poise.game.cli import logfile
        try:
            print(_("poise {command}: logging to {path}").format(
                command=args.command, path=logfile.start(sys.argv[1:] if argv is None else argv)), file=sys.stderr)
        except OSError as exc:
            print(_("poise {command}: cannot write the log ({why}); going on without it").format(
                command=args.command, why=exc.strerror or exc), file=sys.stderr)
    args.opened = []  # the databases the command opened (for the note on damaged rows)
    try:
        return COMMANDS[args.command](args)
    except UserError as exc:
        log.warning("usage error: %s", exc)
        print(f"poise {args.command}: {exc}", file=sys.stderr)
        return USAGE
    except Failure as exc:
        log.error("failed: %s", exc, exc_info=exc.__cause__ or exc.__context__ or exc)
        print(f"poise {args.command}: {exc}", file=sys.stderr)
        return FAILED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        sys.stdout = open(os.devnull, "w")
        return 0
    except Exception:
        log.exception("unexpected error")
        raise
    finally:
        if args.verbose:
            from poise.game.cli import logfile
            logfile.stop()
        _damage_note(args)


def _damage_note(args) -> None:
    """One line when rows were left out as damaged: how many, the first, and what to run."""
    damaged = [line for storage in args.opened for line in storage.damaged]
    if damaged and args.command != "db":
        first = (ngettext("{first} and {n} more", "{first} and {n} more", len(damaged) - 1).format(
            first=damaged[0], n=len(damaged) - 1) if len(damaged) > 1 else damaged[0])
        print(ngettext("poise {command}: {n} damaged row left out ({first}); everything else was used; "
                       "`poise db check` lists it",
                       "poise {command}: {n} damaged rows left out ({first}); everything else was used; "
                       "`poise db check` lists them", len(damaged)).format(
                           command=args.command, n=len(damaged), first=first), file=sys.stderr)


def _no_levels():
    raise Failure(_("no levels were handed to the game: run it as `poise` or `python -m poise`"))


def _translate_errors(fn):
    """Known error families, met while the command runs, become one-line Failures (exit status 1)."""
    def wrapper(args):
        from poise.drivers import BoardError
        from poise.drivers.recording import RecordingError

        from poise.game.core.calibration import CalibrationError
        from poise.game.clinic.export import ExportError
        from poise.game.level.levelfile import LevelFileError
        from poise.game.storage.store import DiskFull, StorageError
        try:
            return fn(args)
        except DiskFull as exc:  # a run-time failure, not a mistake on the command line
            raise Failure(str(exc)) from None
        except (BoardError, LevelFileError, StorageError, RecordingError, ExportError, CalibrationError) as exc:
            import logging
            logging.getLogger("poise").debug("%s", exc, exc_info=exc)
            raise Failure(str(exc)) from None
        except OSError as exc:  # a file that cannot be written or read: its path and why, in one line
            from poise.game.storage.store import file_problem
            raise Failure(file_problem(exc)) from None
    wrapper.__name__ = fn.__name__
    return wrapper


def _output_file(path: Path, flag: str, what: str, suffix: str | None = None, make_folder: bool = False,
                 args=None, inputs=()) -> None:
    """Refuse, before any work is done, an output path that cannot become the file named: empty, a
    folder, in a folder that does not exist (unless `make_folder`), without `suffix` when the
    writer needs it (matplotlib would pick the format by it, or add its own), or one that would replace
    something Poise must keep (see _refuse_clobber)."""
    _refuse_clobber(path, flag, args, inputs)
    if not str(path).strip() or path.is_dir():
        raise UserError(_("{flag} {path} is a folder: name the {what} file to write").format(
            flag=flag, path=path, what=_(what)))
    if suffix and path.suffix.lower() != suffix:
        raise UserError(_("{flag} {path}: name a {suffix} file ({what} files are written as {kind})").format(
            flag=flag, path=path, suffix=suffix, what=_(what), kind=suffix[1:].upper()))
    if not path.parent.is_dir() and not make_folder:
        raise Failure(_("{flag} {path}: the folder {folder} does not exist").format(
            flag=flag, path=path, folder=path.parent))
    for folder in (path.parent, *path.parent.parents):
        if folder.exists() and not folder.is_dir():
            raise Failure(_("{flag} {path}: {folder} is a file, not a folder").format(
                flag=flag, path=path, folder=folder))


def _refuse_clobber(path: Path, flag: str, args=None, inputs=()) -> None:
    """Refuse an output that is one of the command's inputs, the database (or its -wal, -shm or -journal
    file), or inside the rescue folder: writing it would destroy what it was made from."""
    from poise.drivers.files import same_file
    from poise.game.storage.rescue import rescue_folder
    from poise.game.storage.url import default, parse
    for given in inputs:
        if given is not None and same_file(path, Path(given)):
            raise UserError(_("{flag} {path} is this command's own input: name another file").format(
                flag=flag, path=path))
    db = (parse(args.db) if args.db else default()) if args is not None and hasattr(args, "db") else None
    if db is not None and db.is_sqlite and str(db.path) != ":memory:":
        for suffix in ("", "-wal", "-shm", "-journal"):
            if same_file(path, Path(f"{db.path}{suffix}")):
                raise UserError((_("{flag} {path} is the database ({part} file): name another file") if suffix
                                 else _("{flag} {path} is the database: name another file")).format(
                    flag=flag, path=path, part=suffix[1:]))
    rescue = os.path.realpath(rescue_folder())
    if os.path.commonpath([rescue, os.path.realpath(path)]) == rescue:
        raise UserError(_("{flag} {path} is in the rescue folder, which holds attempts to recover: name another "
                          "place").format(flag=flag, path=path))


def _board_file(url: str) -> Path | None:
    """The recording a replay:// board reads, or None."""
    from poise.drivers.url import parse as parse_url
    try:
        board = parse_url(url)
    except Exception:  # noqa: BLE001 - a bad URL is reported when the board is opened
        return None
    return Path(board.target) if board.scheme == "replay" and board.target else None


def _storage(args):
    from poise.game.storage.store import Storage
    from poise.game.storage.url import default
    storage = Storage(args.db or default())
    if hasattr(args, "opened"):
        args.opened.append(storage)
    return storage


def _station_storage(args):
    """The database for play. A station whose clinic server cannot be reached plays on without it: it says so,
    and every attempt goes to the rescue folder for `poise db recover` (a file database must open)."""
    from poise.game.storage.store import Unreachable
    try:
        return _storage(args)
    except Unreachable as exc:
        print(_("poise play: {problem}; playing on without it: each attempt is kept in the rescue folder").format(
            problem=exc), file=sys.stderr)
        return None


def _clinician(args) -> str:
    """Who is setting something: --clinician, else $POISE_CLINICIAN, else the login name."""
    import getpass
    name = (args.clinician if args.clinician is not None else os.environ.get("POISE_CLINICIAN", "")).strip()
    if not name and args.clinician is not None:
        raise UserError(_("--clinician cannot be empty"))
    if not name:
        try:
            name = getpass.getuser()
        except (OSError, KeyError):
            name = "unknown"
    return name


def display_problem(environ=os.environ, platform: str = sys.platform) -> str | None:
    """Why `poise play` could show no window here, or None when a display is likely."""
    driver = environ.get("SDL_VIDEODRIVER", "").strip().lower()
    if driver in ("dummy", "offscreen", "evdev_headless"):
        return _("SDL_VIDEODRIVER={driver} shows no window, so the game could not be seen; unset it, "
                 "or use `poise demo --headless` for unattended play").format(driver=driver)
    if platform.startswith("linux") and not driver and not environ.get("DISPLAY") and not environ.get(
            "WAYLAND_DISPLAY"):
        return _("no display: neither DISPLAY nor WAYLAND_DISPLAY is set (a console or SSH session?); "
                 "run it from the desktop, or use `poise demo --headless` for unattended play")
    return None


def _seating(args, default_board: str, default_player: str | None) -> tuple[list[str], list[str | None]]:
    """The boards (seat order) and players from repeated --board and --player: one or two boards; with two
    boards one player per board; on one board one player, or two to four taking turns."""
    from poise.game.engine.seats import MAX_SEATS, MAX_TURNS

    boards = args.board or [default_board]
    players = args.player or [default_player]
    if len(boards) > MAX_SEATS:
        raise UserError(_("--board at most {n} times: Poise reads one or two boards at once").format(n=MAX_SEATS))
    if len(set(p.casefold() for p in players if p)) < len([p for p in players if p]):
        raise UserError(_("each --player must be another person: a name was given twice"))
    if len(boards) == 2 and len(players) != 2 and args.player:
        raise UserError(_("with two boards give --player twice, one for each board in the same order"))
    if len(boards) == 2 and not args.player:
        players = [default_player, None] if default_player is None else [f"{default_player} 1", f"{default_player} 2"]
    if len(boards) == 1 and len(players) > MAX_TURNS:
        raise UserError(_("--player at most {n} times for turns on one board").format(n=MAX_TURNS))
    return boards, players


def returning(players: list[str | None], boards: list[str], settings, storage) -> list[str | None]:
    """`players` as asked, or, when nobody was named for one board, whoever played last on this machine
    (Settings.player) if they are in the database: back another day, the title starts with them."""
    if players == [None] and len(boards) == 1 and settings.player and storage is not None \
            and storage.player(settings.player) is not None:
        return [settings.player]
    return players


@_translate_errors
def cmd_play(args) -> int:
    problem = display_problem()
    if problem:
        raise Failure(problem)

    from poise.game.engine.app import App

    boards, players = _seating(args, "auto", None)
    storage = _station_storage(args)
    from poise.game.engine.settings import load as load_settings

    settings = load_settings()  # volume, mute, fullscreen, who played last: remembered on this machine
    players = returning(players, boards, settings, storage)
    for player in players:
        if player and storage is not None:
            storage.player_id(player, create=True)
    from poise.game.engine.seats import open_seats

    from poise.game.cli.signal_commands import announce_simulated, say_waiting

    opened = open_seats(boards, storage, progress=say_waiting)
    for board in opened:
        announce_simulated(board.info)
    app = App(opened, storage, players=players[:len(opened)], fullscreen=args.fullscreen or settings.fullscreen,
              levels=args.levels(), size=args.size, settings=settings, remember=True, lang=getattr(args, "lang", None))
    app.stack.push("title")
    if len(opened) > 1 or len(players) > 1:  # more than one player: their game first, the title under it
        app.stack.push("party", players=players)
    with _lab_streams(args, app):
        app.run()
    return 0


def _lab_streams(args, app):
    """--lsl and --lsl-markers: the game's own feed and events as LSL streams for as long as the app runs."""
    import contextlib

    if not (args.lsl or args.lsl_markers):
        return contextlib.nullcontext()
    from poise.game.engine.lab_streams import LabStreams

    if not args.lsl_name.strip():
        raise UserError(_("--lsl-name cannot be empty"))
    streams = LabStreams(app.feed, args.lsl_name.strip(), board=args.lsl, markers=args.lsl_markers, clock=app.clock)
    app.ctx.mark = streams.mark
    return contextlib.closing(streams)


@_translate_errors
def cmd_demo(args) -> int:

    levels = args.levels()
    if bool(args.level) == bool(args.today):
        raise UserError(_("give --level ID or --today (one of them)"))
    if args.screenshot is not None:  # the folder is made when the first screenshot is taken
        read = [_board_file(url) for url in args.board or []]
        _output_file(args.screenshot, "--screenshot", "PNG", make_folder=True, args=args, inputs=read)
        _refuse_clobber(args.screenshot.with_name(f"{args.screenshot.stem}-results{args.screenshot.suffix}"),
                        "--screenshot", args, read)
    boards, players = _seating(args, "sim://", "Demo")
    if args.today:
        if len(boards) > 1 or len(players) > 1:
            raise UserError(_("--today is one player's session on one board: give --board and --player once"))
        return _demo_today(args, levels, boards[0], players[0])
    steps = levels.spec(args.level).params.steps  # unknown level: fail before opening anything
    if args.step is not None and not 0 <= args.step < steps:
        raise UserError(_("--step must be a whole number from 0 to {last} for {level}, not {step}").format(
            last=steps - 1, level=args.level, step=args.step))
    from poise.game.level.levelsetup import plays_on_two_seats, prepare, prepare_match

    if len(boards) == 2 and not plays_on_two_seats(levels, args.level):
        raise UserError(_("{level} is not played on two boards at once; two-board games: {games}").format(
            level=args.level, games=", ".join(i for i in levels.all_specs() if plays_on_two_seats(levels, i))))
    if len(players) > 1 and levels.spec(args.level).kind == "assessment":
        raise UserError(_("{level} is a measurement: it is never played head to head or in turns").format(
            level=args.level))
    storage = _storage(args)
    for player in players:
        storage.player_id(player, create=True)
    app = _demo_app(args, storage, levels, boards, players)
    if len(boards) == 2:
        app.stack.push("match", levels=prepare_match(app.ctx, args.level, args.seconds, args.step))
    elif len(players) > 1:
        app.stack.push("turns", level_id=args.level, players=players, rounds=args.rounds, seconds=args.seconds,
                       step=args.step)
    else:
        app.stack.push("play", level=prepare(app.ctx, args.level, args.seconds, args.step))
    with _lab_streams(args, app):
        app.run()
    if not app.ctx.results:
        raise Failure(_("the demo ended before the level finished"))
    refused = [r["refused"] for r in app.ctx.results if r.get("refused")]
    if refused:
        raise Failure(refused[0])
    if len(boards) == 1 and len(players) == 1:
        print(json.dumps(app.ctx.results[-1], sort_keys=True))
    elif len(boards) == 2:
        both = app.ctx.results[-2:]
        match = {"uid": both[0]["match"]["uid"], "kind": both[0]["match"]["kind"], "players": players,
                 "outcomes": [r["match"]["outcome"] for r in both]}
        print(json.dumps({"match": match, "results": both}, sort_keys=True))
    else:
        if "totals" not in app.ctx.results[-1].get("match", {}):
            raise Failure(_("the demo ended before every player had their turn"))
        print(json.dumps({"match": app.ctx.results[-1]["match"], "results": app.ctx.results[:-1]}, sort_keys=True))
    return 1 if app.capture_errors else 0


def _demo_app(args, storage, levels, boards: list[str] | None = None, players: list[str] | None = None):
    """The app a demo plays in, the simulated player at the controls. Headless, simulated or replayed boards
    run on a virtual clock, faster than real time (a real board can only be played in real time), and nothing
    is drawn unless a screenshot is asked for: nobody sees those frames, and drawing them is most of the time
    (a whole day's session: 30 s drawn, a few seconds not). `boards`, `players`: in seat order (default: from
    the arguments)."""
    from poise.drivers.url import parse as parse_url

    if boards is None or players is None:
        boards, players = _seating(args, "sim://", "Demo")

    from poise.game.engine.app import App, headless_environment
    from poise.game.engine.loop import VirtualClock
    from poise.game.engine.seats import open_seats, seat_urls

    clock = None
    if args.headless:
        headless_environment()
        if all(parse_url(url).scheme in ("sim", "replay") for url in seat_urls(boards)):
            clock = VirtualClock()
    from poise.game.cli.signal_commands import announce_simulated, say_waiting

    opened = open_seats(boards, storage, clock, progress=say_waiting)
    for board in opened:
        announce_simulated(board.info)
    seated = players if len(opened) > 1 else players[:1]
    return App(opened, storage, players=seated, autoplay=True, fps=args.fps, screenshot=args.screenshot,
               quit_after_results=True, sound=not args.headless, render=not args.headless or args.screenshot is not None,
               levels=levels, size=args.size, shared=args.shared, lang=getattr(args, "lang", None),
               **({"clock": clock} if clock else {}))


def _demo_today(args, levels, board: str, player: str) -> int:
    """The simulated player plays today's whole session; one JSON object with each activity and its result."""
    from poise.game.clinic.today import plan_for

    if args.step is not None or args.seconds is not None:
        raise UserError(_("--step and --seconds go with --level; --today plays the plan as planned"))
    storage = _storage(args)
    storage.player_id(player, create=True)
    plan = plan_for(storage, levels, player)
    row = storage.player(player)
    if board == "sim://" and (row["weight_kg"] or row["height_cm"]):  # the simulated person is the player's size
        body = [f"{k}={row[c]:g}" for k, c in (("weight", "weight_kg"), ("height", "height_cm")) if row[c]]
        board = "sim://?" + "&".join(body)
    app = _demo_app(args, storage, levels, [board], [player])
    records: list[dict] = []
    app.stack.push("today", plan=plan, on_done=records.append)
    with _lab_streams(args, app):
        app.run(max_frames=args.fps * 3600 if app.virtual else None)  # an hour of simulated time at most
    if not records:
        raise Failure(_("the demo ended before the session finished (an activity waited for over an hour)"))
    print(json.dumps(records[-1], sort_keys=True))
    return 1 if app.capture_errors else 0


@_translate_errors
def cmd_today(args) -> int:
    from poise.game.clinic.today import plan_for
    levels = args.levels()
    plan = plan_for(_storage(args), levels, args.name)
    if args.json:
        print(json.dumps(plan.as_dict()))
        return 0
    from poise.game.clinic.programme import GOALS, ROLE_WORDS, STAGES
    from poise.i18n import format_date
    stage = (_("prescribed ({source})").format(source=plan.prescribed) if plan.prescribed
             else _("stage {n} of {of}, {name}").format(n=plan.stage + 1, of=len(STAGES), name=plan.stage_name))
    print(_("{name}, {day}: week {week}, {stage}; goal: {goal}").format(
        name=args.name, day=f"{format_date(plan.day, 'weekday')} {format_date(plan.day, 'long')}", week=plan.week,
        stage=stage, goal=_(GOALS[plan.goal])))
    print("  " + ngettext("{what}, about {minutes} minutes ({done} of {of} session done this week)",
                          "{what}, about {minutes} minutes ({done} of {of} sessions done this week)",
                          plan.sessions_per_week).format(
        what=_("Rest day: an optional light session") if plan.rest_day else _("Today"),
        minutes=format_number(plan.minutes), done=plan.week_done, of=plan.sessions_per_week))
    legs = {"left": _("left"), "right": _("right")}
    roles = {role: _(words) for role, words in ROLE_WORDS.items()}
    width = max((len(r) for r in roles.values()), default=12)
    for a in plan.activities:
        on = _("legs: {legs}").format(legs=" ".join(legs.get(x, x) for x in a.legs)) if a.legs else ""
        extra = ", ".join(x for x in (a.note, on) if x)
        line = _("{minutes} min  {role} {title} (step {step})").format(
            minutes=format_number(a.minutes, 1).rjust(4), role=roles.get(a.role, a.role).ljust(width), title=a.title,
            step=a.step + 1)
        print("  " + (_("{line}: {extra}").format(line=line, extra=extra) if extra else line))
    for line in plan.notes + plan.changes:
        print(f"  - {line}")
    return 0


@_translate_errors
def cmd_programme(args) -> int:
    from poise.game.clinic import prescription as presc
    from poise.game.clinic.today import clear_prescription, level_infos, prescription_row, set_prescription
    if (args.action == "set") != (args.file is not None):
        raise UserError(_("'programme set' takes NAME FILE; 'show' and 'clear' take only NAME"))
    storage = _storage(args)
    pid = storage.player_id(args.name)
    if args.action == "set":
        p = presc.load(args.file, level_infos(args.levels()))
        set_prescription(storage, pid, args.file.name, presc.read_text(args.file), p, _clinician(args))
        print(_("poise programme: {name}'s sessions now follow {file}: {what}").format(
            name=args.name, file=args.file.name, what=presc.describe(p)), file=sys.stderr)
    elif args.action == "show":
        row = prescription_row(storage, pid)
        if args.json:
            print(json.dumps({"player": args.name, "programme": None if row is None else {
                "programme": json.loads(row["programme_json"]), "set_at": row["set_at"], "clinician": row["clinician"],
                "source": row["source"], "text": row["text"]}}))
        elif row is None:
            print(_("no programme set for {name}: Poise plans the sessions from the player's goal "
                    "(poise today NAME shows today's)").format(name=args.name))
        else:
            p = presc.from_stored(row)
            print((_("{name}'s programme, set {when} by {clinician} from {source}: {what}") if row["clinician"]
                   else _("{name}'s programme, set {when} from {source}: {what}")).format(
                name=args.name, when=_when(row["set_at"]), clinician=row["clinician"], source=row["source"],
                what=presc.describe(p)))
            print(row["text"], end="" if row["text"].endswith("\n") else "\n")
    else:
        cleared = clear_prescription(storage, pid, _clinician(args))
        print((_("poise programme: cleared for {name}; Poise plans the sessions from the player's goal") if cleared
               else _("poise programme: none was set for {name}; Poise plans the sessions from the player's goal"))
              .format(name=args.name), file=sys.stderr)
    return 0


@_translate_errors
def cmd_progress(args) -> int:
    from poise.game.clinic.progress import progress
    from poise.game.clinic.report import series_csv, table, write_png
    from poise.game.clinic.today import adherence, adherence_text
    for path, flag, what, suffix, other in ((args.png, "--png", N_("report"), ".png", args.csv),
                                            (args.csv, "--csv", "CSV", None, None)):
        if path is not None:
            _output_file(path, flag, what, suffix, args=args, inputs=[other])
    storage = _storage(args)
    p = progress(storage, args.name, args.weeks)
    kept = adherence(storage, args.name)  # sessions done against planned, per programme week
    if args.png:
        write_png(p, args.png, shared=args.shared)
        print(_("wrote {path}").format(path=args.png), file=sys.stderr)
    if args.csv:
        from poise.drivers import files
        files.write_text(args.csv, series_csv(p), shared=args.shared)
        print(_("wrote {path}").format(path=args.csv), file=sys.stderr)
    if args.json:
        print(json.dumps(p.as_dict() | {"adherence": kept}))
        return 0
    if not p.points:
        print((ngettext("no weekly checks yet for {name} ({n} left out for poor measurement quality): run the "
                        "Weekly balance check",
                        "no weekly checks yet for {name} ({n} left out for poor measurement quality): run the "
                        "Weekly balance check", len(p.excluded)) if p.excluded
               else _("no weekly checks yet for {name}: run the Weekly balance check")).format(
            name=p.player, n=len(p.excluded)))
    else:
        print(table(p), end="")
    print(adherence_text(kept), end="")
    return 0


@_translate_errors
def cmd_report(args) -> int:
    from poise.game.clinic.clinical_report import gather
    from poise.game.clinic.report_pages import write_pdf
    if args.since and args.until and args.since > args.until:
        raise UserError(_("--from {since} is after --to {until}").format(since=args.since, until=args.until))
    _output_file(args.pdf, "--pdf", "PDF", args=args)
    if args.clinician is not None and not args.clinician.strip():
        raise UserError(_("--clinician cannot be empty"))
    data = gather(_storage(args), args.name, args.since, args.until, args.clinician)
    pages = write_pdf(data, args.pdf, args.paper, args.pdfa, shared=args.shared)
    print(ngettext("poise report: {n} page to {pdf}", "poise report: {n} pages to {pdf}", pages).format(
        n=pages, pdf=args.pdf), file=sys.stderr)
    if args.json:
        print(json.dumps({"pdf": str(args.pdf), "pages": pages, "pdfa": args.pdfa, "paper": args.paper}))
    return 0


@_translate_errors
def cmd_protocol(args) -> int:
    import dataclasses

    from poise.game.clinic import protocol as proto
    given = (args.file is not None) + (args.preset is not None)
    if (args.action == "set") != (given == 1) or given > 1:
        raise UserError(_("'protocol set' takes NAME FILE or NAME --preset P; 'show' and 'clear' take only NAME"))
    storage = _storage(args)
    pid = storage.player_id(args.name)
    if args.action == "set":
        levels = args.levels()
        base = levels.spec(proto.LEVEL).params
        check = lambda overrides: dataclasses.replace(base, **overrides)  # noqa: E731 - the check's own Params
        if args.preset:
            text, source = proto.preset_text(args.preset), f"preset {args.preset}"
            p = proto.loads(text, source, check)
        else:
            text, source = proto.read_text(args.file), args.file.name
            p = proto.load(args.file, check)
        storage.set_protocol(pid, source, text, p.as_dict(), _clinician(args))
        print(f"poise protocol: {args.name}'s weekly check is now {proto.describe(p)}", file=sys.stderr)
    elif args.action == "show":
        row = storage.protocol(pid)
        p = None if row is None else proto.from_stored(row)
        if args.json:
            print(json.dumps({"player": args.name, "protocol": None if row is None else p.as_dict() | {
                "set_at": row["set_at"], "clinician": row["clinician"], "source": row["source"], "text": row["text"]}}))
        elif row is None:
            print(_("no protocol set for {name}: the weekly check follows its standard protocol").format(
                name=args.name))
        else:
            print((_("{name}'s weekly check, set {when} by {clinician} from {source}: {what}") if row["clinician"]
                   else _("{name}'s weekly check, set {when} from {source}: {what}")).format(
                name=args.name, when=_when(row["set_at"]), clinician=row["clinician"], source=row["source"],
                what=proto.describe(p)))
            print(row["text"], end="" if row["text"].endswith("\n") else "\n")
    else:
        cleared = storage.clear_protocol(pid, _clinician(args))
        print((_("poise protocol: cleared for {name}; the weekly check follows its standard protocol") if cleared
               else _("poise protocol: none was set for {name}; the weekly check follows its standard protocol"))
              .format(name=args.name), file=sys.stderr)
    return 0


@_translate_errors
def cmd_export(args) -> int:
    from poise.game.clinic.export import export
    _refuse_clobber(args.out, "--out", args)
    if args.format == "poise":
        report = export(_storage(args), args.name, args.out, shared=args.shared)
        written, unreadable, line = report.files, report.unreadable, report.line(args.out)
    else:
        from poise.game.clinic.research_export import export_bds, export_bids
        written = {"bids": export_bids, "bds": export_bds}[args.format](_storage(args), args.name, args.out,
                                                                      shared=args.shared)
        unreadable, line = [], _("poise export: {n} files in {out}").format(n=written, out=args.out)
    print(line, file=sys.stderr)
    if args.json:
        print(json.dumps({"out": str(args.out), "format": args.format, "files": written, "unreadable": unreadable}))
    return 1 if unreadable else 0


@_translate_errors
def cmd_import(args) -> int:
    from poise.game.clinic.export import import_folder
    from poise.game.storage.url import default
    text = import_folder(args.db or default(), args.folder, args.rename)
    print(json.dumps({"action": "import", "lines": text.splitlines()}) if args.json else text)
    return 0


def _check_typed(args) -> None:
    """What was typed for `players` (names, goal, patient id) refused as a usage error before anything is
    opened: the one-line reason the storage would give."""
    from poise.game.storage import names
    from poise.game.storage.store import StorageError, check_text
    for name in args.names:
        if why := names.problem(name):
            raise UserError(why)
    try:
        check_text(getattr(args, "goal", None), "a goal")
        check_text(getattr(args, "patient_id", None), "a patient id")
    except StorageError as exc:
        raise UserError(str(exc)) from None


@_translate_errors
def cmd_players(args) -> int:
    storage = _storage(args)
    need = {"list": 0, "add": 1, "remove": 1, "rename": 2, "set": 1}[args.action]
    if len(args.names) != need:
        raise UserError(ngettext("'players {action}' takes {need} name, got {got}",
                                 "'players {action}' takes {need} names, got {got}", need).format(
            action=args.action, need=need, got=len(args.names)))
    _check_typed(args)
    if args.action == "list" and args.json:
        print(json.dumps([_player_json(row) for row in storage.players()]))
    elif args.action == "list":
        for row in storage.players():
            print(f"{row['name']}  {_player_words(row)}".rstrip())
    elif args.action in ("add", "set"):
        with storage.atomic():  # the player and all they were given, or nothing
            pid = storage.add_player(args.names[0]) if args.action == "add" else storage.player_id(args.names[0])
            if args.patient_id is not None:
                storage.set_patient_id(pid, args.patient_id)
            storage.set_body(pid, weight_kg=args.weight, height_cm=args.height)
            storage.set_profile(pid, birth_year=args.birth_year, sex=args.sex, goal=args.goal,
                                injured_side=args.injured_side)
    elif args.action == "remove":
        storage.remove_player(args.names[0])
    else:
        storage.rename_player(*args.names)
    if args.json and args.action in ("add", "set", "rename"):
        print(json.dumps(_player_json(storage.player(args.names[-1]))))
    elif args.json and args.action == "remove":
        print(json.dumps({"removed": args.names[0]}))
    return 0


PLAYER_FIELDS = ("name", "patient_id", "created_at", "height_cm", "weight_kg", "birth_year", "sex", "goal",
                 "injured_side")


def _player_words(row) -> str:
    """A player's profile in a line for `poise players`, in the reader's language."""
    sides = {"left": _("left"), "right": _("right"), "both": _("both"), "none": _("none")}
    sexes = {"F": _("female"), "M": _("male")}
    height, weight = row["height_cm"], row["weight_kg"]
    parts = (_("{cm} cm").format(cm=format_number(height, 0 if float(height).is_integer() else 1)) if height else "",
             _("{kg} kg").format(kg=format_number(weight, 1)) if weight else "",
             _("born {year}").format(year=row["birth_year"]) if row["birth_year"] else "",
             sexes.get(row["sex"], row["sex"] or ""),
             _("injured side {side}").format(side=sides.get(row["injured_side"], row["injured_side"]))
             if row["injured_side"] else "",
             _("goal: {goal}").format(goal=row["goal"]) if row["goal"] else "",
             _("patient id {id}").format(id=row["patient_id"]) if row["patient_id"] else "")
    return "  ".join(x for x in parts if x)


def _player_json(row) -> dict:
    return {k: row[k] for k in PLAYER_FIELDS}


def _when(iso: str) -> str:
    """A stored time (ISO, UTC) for people: the local date and time as everywhere else (poise.i18n)."""
    import datetime as dt

    from poise.i18n import format_datetime
    moment = dt.datetime.fromisoformat(iso)
    return format_datetime(moment.astimezone() if moment.tzinfo else moment)


@_translate_errors
def cmd_levels(args) -> int:
    listing = args.levels().listing()
    if args.json:
        print(json.dumps([entry.as_dict() for entry in listing]))
        return 0
    width = max((len(e.id) for e in listing), default=0)
    for e in listing:
        mark = "ok " if e.usable else "-- "
        version = _("api {version}").format(version=e.api_version if e.api_version is not None else "?")
        print(f"{mark} {e.id or e.title:<{width}}  {e.kind:<10} {e.package:<20} {version}  {e.title if e.id else ''}"
              .rstrip())
        if not e.usable:
            print(f"    {e.reason}")
    return 0


@_translate_errors
def cmd_boards(args) -> int:
    import dataclasses

    from poise.drivers.discovery import survey
    from poise.drivers.paths import PATHS, limits_for
    found = survey()
    if args.json:  # each board with what its path can and cannot correct (docs/boards.md)
        print(json.dumps([dataclasses.asdict(f) | {"corrects": dataclasses.asdict(limits_for(f.url) or PATHS[-1])}
                          for f in found]))
        return 0
    for f in found:
        mark = "ok " if f.usable else "-- "
        battery = _("battery {pct} %").format(pct=format_number(100 * f.battery)) if f.battery is not None else ""
        extra = "  ".join(x for x in (battery, f.calibration) if x)
        print(f"{mark} {f.url:<28} {f.name}  {extra}".rstrip())
        print(f"    {f.detail}")
    print("\n" + _("What each board path can and cannot correct (docs/boards.md):"))
    for p in PATHS:
        print(f"  {p.url}")
        for line in p.lines():
            print(f"    {line}")
    return 0


@_translate_errors
def cmd_calibrate(args) -> int:
    from poise.drivers.url import parse as parse_url

    from poise.game.cli.calibration_commands import calibrate
    scheme = parse_url(args.board).scheme
    if scheme in ("keys", "replay"):
        raise UserError(_("a {scheme}:// board cannot be calibrated: it has no load cells to measure; "
                          "calibrate a real board (wii://, serial://) or sim://").format(scheme=scheme))
    return calibrate(args.board, args.mass, args.yes, _storage(args))


@_translate_errors
def cmd_monitor(args) -> int:
    from poise.game.cli.signal_commands import monitor
    return monitor(args.board, args.seconds, args.json)


@_translate_errors
def cmd_record(args) -> int:
    from poise.game.cli.signal_commands import record
    _output_file(args.out, "--out", N_("recording"), args=args, inputs=[_board_file(args.board)])
    return record(args.board, args.seconds, args.out, shared=args.shared, as_json=args.json)


@_translate_errors
def cmd_stream(args) -> int:
    from poise.game.cli.lsl_stream import stream
    if not args.name.strip():
        raise UserError(_("--name cannot be empty"))
    return stream(args.board, args.name.strip(), args.seconds)


@_translate_errors
def cmd_replay(args) -> int:
    from poise.game.cli.signal_commands import replay
    if args.out is not None:
        _output_file(args.out, "--out", N_("replay"), args=args, inputs=[args.file])
    return replay(args.file, args.out, shared=args.shared)


@_translate_errors
def cmd_analyze(args) -> int:
    from poise.game.cli.signal_commands import analyze
    asked = [f"--{k}" for k in ("age", "sex", "condition") if getattr(args, k) is not None]
    if args.png is not None:
        _output_file(args.png, "--png", N_("statokinesigram"), ".png")
    if not asked:
        return analyze(args.file, args.raw, args.json, png=args.png)
    if len(asked) < 3:
        raise UserError(_("percentiles need all of --age, --sex and --condition (given: {given})").format(
            given=", ".join(asked)))
    import io

    from poise.game.clinic import norms
    shown, raw = io.StringIO(), io.StringIO()
    analyze(args.file, args.raw, args.json, out=shown, png=args.png)
    analyze(args.file, True, True, out=raw)  # the data set's values are raw: compare like with like
    found = norms.standing(json.loads(raw.getvalue()), args.sex, args.age, args.condition)
    group = next(iter(found.values())).group
    if args.json:
        data = json.loads(shown.getvalue())
        data.update({"velocity_steadier_than_pct": round(found["velocity_mm_s"].steadier_than_pct, 2),
                     "ellipse95_steadier_than_pct": round(found["ellipse95_mm2"].steadier_than_pct, 2),
                     "norm_group": group.as_dict() | {"condition": args.condition, "source": norms.SHORT_ATTRIBUTION}})
        print(json.dumps(data))
        return 0
    print(shown.getvalue(), end="")
    for key, s in found.items():
        print("  " + _("{metric} (raw) {value}: {text}").format(metric=key, value=format_number(s.value, 2),
                                                              text=s.text))
    print("  " + _("lower sway is steadier; reference: {source}").format(source=norms.SHORT_ATTRIBUTION))
    return 0


def cmd_completion(args) -> int:
    import argcomplete
    print(argcomplete.shellcode(["poise"], shell=args.shell), end="")
    return 0


@_translate_errors
def cmd_notes(args) -> int:
    storage = _storage(args)
    pid = storage.player_id(args.name)
    if args.text is not None:
        storage.add_note(pid, _clinician(args), args.text)
        print(_("poise notes: note added for {name}").format(name=args.name), file=sys.stderr)
        return 0
    record = storage.clinical_record(pid)
    if args.json:
        print(json.dumps([{k: r[k] for k in ("at", "kind", "action", "clinician", "station", "text")} for r in record]))
        return 0
    if not record:
        print(_("no clinical record yet for {name}").format(name=args.name))
    from poise.game.clinic.record import entry_words
    for r in record:
        what, text = entry_words(r)
        who = r["clinician"] or _("clinician not recorded")
        if r["station"]:
            who = _("{who} at {station}").format(who=who, station=r["station"])
        first = text.strip().splitlines()[0] if text.strip() else ""
        print(f"{_when(r['at'])}  {who}: {what}" + (f": {first}" if first else ""))
    return 0


@_translate_errors
def cmd_db(args) -> int:
    from poise.game.cli import dbtools
    from poise.game.storage.url import default
    need = {"check": 0, "recover": 0, "init": 1, "copy": 2, "backup": 1}[args.action]
    if len(args.databases) != need:
        raise UserError({0: _("'db {action}' takes no database argument (use --db)"),
                         1: _("'db {action}' takes the backup FILE") if args.action == "backup"
                         else _("'db {action}' takes the database URL"),
                         2: _("'db {action}' takes SOURCE and TARGET")}[need].format(action=args.action))
    if args.shared and args.action != "backup":
        raise UserError(_("--shared goes with 'db backup'"))
    if (args.dry_run or args.players) and args.action != "copy":
        raise UserError(_("--dry-run and --player go with 'db copy'"))
    if args.action == "check":
        if args.json:
            facts = dbtools.check_facts(args.db or default())
            print(json.dumps(facts))
            return 0 if facts["ok"] else 1  # damaged rows, each named
        lines = dbtools.check(args.db or default()).splitlines()
        print("\n".join(lines))
        return 1 if len(lines) > 1 else 0  # more than the summary: damaged rows, each named
    if args.action == "backup":
        target = Path(args.databases[0])
        _output_file(target, "backup", N_("backup"), args=args)
        line = dbtools.backup(args.db or default(), target, shared=args.shared)
        print(json.dumps({"action": "backup", "lines": [line]}) if args.json else line)
        return 0
    if args.action in ("init", "copy"):
        if args.action == "init":
            from poise.game.storage.roles import init
            lines = list(init(args.databases[0]))
        else:
            from poise.drivers.files import same_file
            from poise.game.storage.copy import copy
            from poise.game.storage.url import parse
            source, target = (parse(d) for d in args.databases)
            if source.is_sqlite and target.is_sqlite and same_file(source.path, target.path):
                raise UserError(_("db copy: SOURCE and TARGET are the same database"))
            lines = copy(args.databases[0], args.databases[1], players=args.players, dry_run=args.dry_run).lines()
        print(json.dumps({"action": args.action, "lines": list(lines)}) if args.json else "\n".join(lines))
        return 0
    imported, skipped, problems = dbtools.recover(_storage(args))
    for line in problems:
        print(_("poise db: {problem}").format(problem=line), file=sys.stderr)
    if args.json:
        print(json.dumps({"imported": imported, "skipped": skipped, "problems": problems}))
    else:
        line = ngettext("poise db recover: {n} attempt imported, {skipped} already in the database",
                        "poise db recover: {n} attempts imported, {skipped} already in the database",
                        imported).format(n=imported, skipped=skipped)
        print(_("{line}, {n} not imported").format(line=line, n=len(problems)) if problems else line)
    return FAILED if problems else 0


COMMANDS = {"db": cmd_db, "calibrate": cmd_calibrate, "boards": cmd_boards, "levels": cmd_levels, "play": cmd_play, "demo": cmd_demo, "players": cmd_players, "monitor": cmd_monitor,
            "record": cmd_record, "replay": cmd_replay, "analyze": cmd_analyze, "progress": cmd_progress,
            "export": cmd_export, "import": cmd_import, "report": cmd_report, "stream": cmd_stream,
            "protocol": cmd_protocol, "today": cmd_today, "programme": cmd_programme, "notes": cmd_notes,
            "completion": cmd_completion}
