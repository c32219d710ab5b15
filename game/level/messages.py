"""Messages in words: a result's message keys and arguments rendered at display time, from English templates.

A level's results hold messages as keys with arguments (poise.game.level.result.Message), never sentences;
the words come from a catalogue of templates, the game's own (`GAME`, for what the game adds: the limits
in use, the check's sway and percentiles) merged with the level package's (`LevelPack.messages`). A
template is a (label, text) pair or a label alone (a score part's name), in `str.format` syntax over the
message's arguments, with conversions of our own: `{x!w}` shows an identifier in words ("eyes-open"
-> "eyes open"; `WORDS`), `{n!o}` an ordinal ("62nd", "62.", "62.º"), `{p!s}` a share of people in words ("38 %", "fewer
than 1 %"). A label starts with a capital letter. A key whose meaning was turned round (`LEGACY`) is shown
through its successor, so stored history reads the same way as new results.

All rendering goes through `render`: a template is looked up in the player's language (poise.i18n, gettext)
before it is filled, so history stored as keys shows in whatever language is chosen when it is shown.
Results stored before messages existed hold English rows ("summary"); `rows` shows them as they are.
"""
from __future__ import annotations

import json
import string
from typing import Any, Mapping

GAME = {
    "limits.far_below": ("{direction!w}", "{mm:.0f} mm, far below the {limit:.0f} mm limit for your height"),
    "limits.beyond_body": ("{direction!w}", "{mm:.0f} mm, beyond what a body {height:.0f} cm tall can lean"),
    "limits.in_use": ("In use", "your limits of {date}"),
    "limits.in_use_default": ("In use", "the cautious default from your height"),
    "check.condition_sway": ("{condition!w}", "{velocity_mm_s:.1f} mm/s, {ellipse95_mm2:.0f} mm²  ({trials} trials)"),
    "check.steadier": ("", "steadier than {steadier_pct!s} of {group} aged {age_low:g}–{age_high:g} (n = {n})"),
    "check.percentile_needs_profile": ("", "percentiles: set birth year and sex"),
}
# keys stored by an earlier Poise whose arguments said the other way round: key -> (successor, its arguments)
LEGACY = {"check.percentile": ("check.steadier",
                               lambda a: {k: v for k, v in a.items() if k != "percentile"}
                               | {"steadier_pct": 100 - float(a.get("percentile", 0))})}
WORDS: dict[str, str] = {}  # identifiers whose words are not just the identifier with spaces for dashes


class Templates(dict):
    """Message key -> template, with the gettext domain the templates are translated in (a plugin's own
    catalogue; the game's keys fall back to Poise's, see poise.i18n.gettext)."""

    def __init__(self, templates: Mapping[str, Any] = (), domain: str = "poise"):
        super().__init__(templates)
        self.domain = domain


def templates_for(levels, level_id: str) -> Mapping[str, Any]:
    """The templates a level's results are put into words with: its package's and the game's (`levels`: the
    catalogue on offer; None: the game's own alone)."""
    return levels.templates(level_id) if levels is not None else GAME


def ordinal(n: int) -> str:
    """A rank in the player's language: 62nd, 62., 62.º (poise.i18n.ordinal)."""
    from poise.i18n import ordinal as shown

    return shown(n)


class _Formatter(string.Formatter):
    """str.format with the conversions above, numbers written as the player's language writes them (a decimal
    comma in German and Spanish), and identifiers' words looked up in the template's domain."""

    domain = "poise"

    def convert_field(self, value, conversion):
        if conversion == "w":
            from poise.i18n import gettext

            words = WORDS.get(str(value), str(value).replace("-", " ").replace("_", " "))
            return gettext(words, self.domain)
        if conversion == "o":
            return ordinal(round(value))
        if conversion == "s":
            from poise.game.clinic.norms import share_words

            return share_words(float(value))
        return super().convert_field(value, conversion)

    def format_field(self, value, format_spec):
        shown = super().format_field(value, format_spec)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and format_spec[-1:] in ("f", "%", "g", ""):
            from poise.i18n import language

            if language() in ("de", "es"):
                shown = shown.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
        return shown


_FORMAT = _Formatter()


def _fill(template, args: Mapping[str, Any], domain: str = "poise") -> tuple[str, str]:
    """The template in the player's language (poise.i18n, in `domain`; the English itself where no translation
    exists), filled in."""
    from poise.i18n import gettext

    label, text = (template, "") if isinstance(template, str) else template
    _FORMAT.domain = domain
    label = _FORMAT.format(gettext(label, domain) if label else "", **args)
    return label[:1].upper() + label[1:], _FORMAT.format(gettext(text, domain) if text else "", **args)


def check(template, args: Mapping[str, Any]) -> str:
    """'' when `args` fill `template`; else what is wrong, in a few words."""
    if not (isinstance(template, str) or (isinstance(template, tuple) and len(template) == 2
                                          and all(isinstance(t, str) for t in template))):
        return f"its template {template!r} is not a label or a (label, text) pair"
    try:
        _fill(template, args)
    except KeyError as exc:
        return f"its template needs the argument {exc.args[0]!r}"
    except (ValueError, TypeError, IndexError, AttributeError) as exc:
        return f"its arguments do not fit its template ({exc})"
    return ""


def render(key: str, args: Mapping[str, Any] | None, templates: Mapping[str, Any]) -> tuple[str, str]:
    """(label, text) of one message. A key the catalogue no longer knows (a level package since removed) or
    arguments that no longer fit show the key and the arguments as they are: stored history stays readable."""
    args = dict(args or {})
    if key in LEGACY and key not in templates:
        key, convert = LEGACY[key]
        try:
            args = convert(args)
        except (TypeError, ValueError):
            pass
    template = templates.get(key)
    if template is not None and not check(template, args):
        return _fill(template, args, getattr(templates, "domain", "poise"))
    return key, ", ".join(f"{k} {v}" for k, v in args.items())


def rows(result: Mapping[str, Any], templates: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The rows of a stored or fresh result for a screen: its messages rendered, or, for a result stored before
    messages existed, its English summary rows as they were."""
    if "messages" in result:
        return [render(m[0], m[1] if len(m) > 1 else None, templates) for m in result["messages"]]
    return [(str(label), str(value)) for label, value in result.get("summary", [])]


def part_rows(result: Mapping[str, Any], templates: Mapping[str, Any]) -> list[tuple[str, float]]:
    """(label, value 0..1) of each score part."""
    return [(render(p[0], p[2] if len(p) > 2 else None, templates)[0], float(p[1])) for p in result.get("parts", [])]


def note_data(message) -> str:
    """A trial note (a Message, or None) as it is stored in a text column: its key and arguments as JSON; '' for
    none. A note that is already text (an attempt rescued by an earlier Poise) is kept as it is."""
    if message is None or isinstance(message, str):
        return message or ""
    return json.dumps([message[0], dict(message[1] or {})], sort_keys=True)


def note_text(stored: str, level_id: str) -> str:
    """A stored trial note of level `level_id` in words: a note stored as a message is rendered (its text) with
    the templates of the installed level packages; one stored as English by an earlier Poise is shown as it is."""
    if not stored.startswith("["):
        return stored
    try:
        key, args = json.loads(stored)
    except (ValueError, TypeError):
        return stored
    from poise.game.level.catalogue import installed

    return render(key, args, installed().templates(level_id))[1]
