"""The player's language: gettext catalogues for every user-facing string, and Babel for dates and numbers.

One module decides the language for the whole process; everything else calls `_`, `ngettext`,
`format_date` and `format_number`. The choice, strongest first: `--lang`, `POISE_LANG`, the game's
setting, the system locale, English. Catalogues live in `poise.assets/locale/<lang>/LC_MESSAGES/` as
.po (edited) and .mo (compiled by `python assets/locale/compile.py`, checked by the tests). A plugin
level ships its own catalogue and registers it with `add_domain`.

Machine-readable output (CSV, JSON, the recording format) never goes through here: ISO dates, dots.
"""
from __future__ import annotations

import datetime as _dt
import gettext as _gettext
import os
from pathlib import Path

LANGUAGES = {"en": "English", "de": "Deutsch", "es": "Español"}
PSEUDO = "qps"  # a pseudo-language for layout tests: every string 40 % longer, accented and wide
BABEL_LOCALE = {"en": "en_GB", "de": "de_DE", "es": "es_ES", PSEUDO: "en_GB"}
DOMAIN = "poise"

_language = "en"
_domains: dict[str, Path] = {}
_translations: dict[tuple[str, str], _gettext.NullTranslations] = {}


class LanguageError(ValueError):
    """An unknown language code was asked for (the message lists the known ones)."""


def _locale_dir() -> Path:
    from poise import assets  # the installed package's assets (a wheel has no repository beside it)

    return Path(assets.__file__).resolve().parent / "locale"


def normalise(code: str) -> str | None:
    """'de_DE.UTF-8', 'de-AT', 'DE' -> 'de'; None for a language Poise does not speak."""
    base = code.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    if base == PSEUDO:
        return PSEUDO
    return base if base in LANGUAGES else None


def system_language() -> str | None:
    """The first language Poise speaks among the system's preferences (LANGUAGE, LC_ALL, LC_MESSAGES, LANG)."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for code in os.environ.get(var, "").split(":"):
            if code and code not in ("C", "POSIX") and (lang := normalise(code)):
                return lang
    return None


def choose(explicit: str | None = None, setting: str | None = None) -> str:
    """The language to use: `explicit` (--lang), else POISE_LANG, else `setting`, else the system's, else English.

    Raises LanguageError for an explicit or POISE_LANG code Poise does not speak (a saved setting that is no
    longer known is passed over)."""
    for source, code in (("--lang", explicit), ("POISE_LANG", os.environ.get("POISE_LANG"))):
        if code:
            lang = normalise(code)
            if lang is None:
                known = ", ".join(f"{k} ({v})" for k, v in LANGUAGES.items())
                raise LanguageError(f"{source}: no language {code!r}; Poise speaks {known}")
            return lang
    return (normalise(setting) if setting else None) or system_language() or "en"


def set_language(lang: str) -> None:
    """Switch every later `_` to `lang` (a code from LANGUAGES, or PSEUDO)."""
    global _language
    if normalise(lang) is None:
        raise LanguageError(f"no language {lang!r}")
    _language = normalise(lang)


def language() -> str:
    return _language


def add_domain(domain: str, locale_dir: Path) -> None:
    """Register a plugin's own catalogue (`<locale_dir>/<lang>/LC_MESSAGES/<domain>.mo`)."""
    _domains[domain] = Path(locale_dir)


def _catalogue(domain: str) -> _gettext.NullTranslations:
    key = (domain, _language)
    if key not in _translations:
        folder = _domains.get(domain) or _locale_dir()
        lang = "en" if _language == PSEUDO else _language
        _translations[key] = _gettext.translation(domain, folder, languages=[lang], fallback=True)
    return _translations[key]


# characters a pseudo-translation swaps in: accented and wider, to show clipping and missing glyphs
_PSEUDO_MAP = str.maketrans("aeiouyAEIOUYcnsCNS", "àéîõüÿÅÉÎÕÜŸçñšÇÑŠ")


def pseudo(text: str) -> str:
    """English made 40 % longer with accented letters, braces and placeholders kept as they are."""
    out, depth = [], 0
    for ch in text:
        depth += ch == "{"
        out.append(ch if depth else ch.translate(_PSEUDO_MAP))
        depth -= ch == "}" and depth > 0
    body = "".join(out)
    pad = max(1, round(len(text) * 0.4))
    filler = ("ŵＷ" * pad)[:pad - 1]
    # in words of up to six characters, as a longer translation would run: it wraps like one
    words = " ".join(filler[i:i + 6] for i in range(0, len(filler), 6))
    return f"[{body} {words}]" if text.strip() else text


def gettext(message: str, domain: str = DOMAIN) -> str:
    """`message` in the current language (the English itself when no translation exists). A plugin's domain
    that lacks the message falls back to Poise's own catalogue (a plugin may reuse Poise's words: "Time")."""
    if _language == PSEUDO:
        return pseudo(message)
    shown = _catalogue(domain).gettext(message)
    if shown == message and domain != DOMAIN:
        return _catalogue(DOMAIN).gettext(message)
    return shown


def ngettext(singular: str, plural: str, n: int, domain: str = DOMAIN) -> str:
    """The singular or plural form for `n`, by the current language's plural rule."""
    if _language == PSEUDO:
        return pseudo(singular if n == 1 else plural)
    shown = _catalogue(domain).ngettext(singular, plural, n)
    if shown in (singular, plural) and domain != DOMAIN:
        return _catalogue(DOMAIN).ngettext(singular, plural, n)
    return shown


class Translator:
    """`gettext` and `ngettext` bound to one domain: what a plugin level uses for its own strings
    (`_ = Translator("poise_hopscotch").gettext`; poise.api.translator)."""

    def __init__(self, domain: str = DOMAIN):
        self.domain = domain

    def gettext(self, message: str) -> str:
        return gettext(message, self.domain)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return ngettext(singular, plural, n, self.domain)


def pgettext(context: str, message: str, domain: str = DOMAIN) -> str:
    """`message` translated within `context` (the same English word may translate differently)."""
    if _language == PSEUDO:
        return pseudo(message)
    return _catalogue(domain).pgettext(context, message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (translated where it is shown)."""
    return message


_ = gettext


def format_date(day: _dt.date | _dt.datetime, style: str = "medium") -> str:
    """A date for people: 'medium' 5 Jan 2026 / 5. Jan. 2026 / 5 ene 2026; 'short_weekday' Mon 5 Jan;
    'long' 5 January 2026; 'weekday' Monday; 'month' Jan."""
    from babel.dates import format_date as babel_date, format_skeleton

    locale = BABEL_LOCALE[_language]
    skeleton = {"medium": "yMMMd", "short_weekday": "MMMEd", "long": "yMMMMd", "month": "MMM",
                "day_month": "MMMd"}.get(style)
    if skeleton:
        return format_skeleton(skeleton, day, locale=locale)
    if style == "weekday":
        return babel_date(day, "EEEE", locale=locale)
    raise ValueError(f"unknown date style {style!r}")


def format_datetime(moment: _dt.datetime) -> str:
    """A date and time for people, in the current language (5 Jan 2026, 14:30): the date as `format_date` writes
    it and the time in the language's short form (a skeleton of both is missing from some locales' data)."""
    from babel.dates import format_time

    return f"{format_date(moment)}, {format_time(moment, 'short', locale=BABEL_LOCALE[_language])}"


def ordinal(n: int) -> str:
    """A rank as the language writes it: 'en' 62nd, 'de' 62., 'es' 62.º."""
    if _language == "de":
        return f"{n}."
    if _language == "es":
        return f"{n}.º"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def format_number(value: float, decimals: int = 0) -> str:
    """A number for people: decimal comma where the language uses one, grouping of thousands."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, pattern, locale=BABEL_LOCALE[_language])
