"""Settings: volume, music, effects, mute, the coach's voice, colours, text size, fullscreen and language,
remembered on this machine.

Up and down choose a row, left and right (or a click on either half of a row) change it, Enter
toggles; every change is heard at once (an effect at the new volume, the menu's music playing) and
saved straight away. A new language takes effect at once: this screen's next frame is drawn in it
(unless --lang or POISE_LANG, which come first, decide the language; the screen then says so).
"""
from __future__ import annotations

import dataclasses

import pygame

from poise import i18n
from poise.i18n import N_, _
from poise.game.engine.settings import TEXT_SIZES
from poise.game.media import ui

from .base import Scene

STEP = 0.1
ROWS = (("volume", N_("Volume")), ("music", N_("Music")), ("effects", N_("Sound effects")), ("muted", N_("Sound")),
        ("voice", N_("Coach's voice")), ("colour_safe", N_("Colour-blind safe")), ("text_size", N_("Text size")),
        ("fullscreen", N_("Fullscreen")), ("language", N_("Language")), ("back", N_("Back")))
LANGUAGE_CHOICES = tuple(i18n.LANGUAGES)  # en, de, es: each shown in its own language
TOGGLES = ("muted", "fullscreen", "voice", "colour_safe")
TEXT_SIZE_WORDS = {"normal": N_("normal"), "large": N_("large"), "largest": N_("largest")}


class SettingsScene(Scene):
    music = "calm"  # so the music slider can be heard

    def on_enter(self) -> None:
        self.index = 0
        self.rects: list[pygame.Rect] = []

    def handle(self, intent) -> None:
        key = ROWS[self.index][0]
        if intent.kind == "back":
            self.stack.pop()
        elif intent.kind in ("up", "down"):
            self.index = (self.index + (1 if intent.kind == "down" else -1)) % len(ROWS)
            self.ctx.sounds.play("move")
        elif intent.kind in ("left", "right"):
            self.change(key, -1 if intent.kind == "left" else 1)
        elif intent.kind == "confirm":
            if key == "back":
                self.stack.pop()
            else:
                self.change(key, 1)
        elif intent.kind == "click" and intent.pos is not None:
            for i, r in enumerate(self.rects):
                if r.collidepoint(intent.pos):
                    self.index = i
                    if ROWS[i][0] == "back":
                        self.stack.pop()
                    else:
                        self.change(ROWS[i][0], -1 if intent.pos[0] < r.centerx else 1)

    def change(self, key: str, direction: int) -> None:
        s = self.ctx.settings
        if key in ("volume", "music", "effects"):
            value = round(min(1.0, max(0.0, getattr(s, key) + direction * STEP)), 2)
            s = dataclasses.replace(s, **{key: value})
        elif key in TOGGLES:
            s = dataclasses.replace(s, **{key: not getattr(s, key)})
        elif key == "text_size":  # one step larger or smaller, round from the largest back to normal
            at = TEXT_SIZES.index(s.text_size)
            s = dataclasses.replace(s, text_size=TEXT_SIZES[(at + direction) % len(TEXT_SIZES)])
        elif key == "language":
            now = s.language or (i18n.language() if i18n.language() in LANGUAGE_CHOICES else "en")
            at = LANGUAGE_CHOICES.index(now)
            s = dataclasses.replace(s, language=LANGUAGE_CHOICES[(at + direction) % len(LANGUAGE_CHOICES)])
        else:
            return
        self.ctx.save_settings(s)
        self.ctx.sounds.play("select")

    def value_text(self, key: str) -> str:
        s = self.ctx.settings
        if key in ("volume", "music", "effects"):
            return f"{round(100 * getattr(s, key))} %"
        if key == "muted":
            return _("muted") if s.muted else _("on")
        if key == "language":
            return i18n.LANGUAGES.get(s.language or i18n.language(), i18n.LANGUAGES["en"])
        if key in ("fullscreen", "voice", "colour_safe"):
            return _("on") if getattr(s, key) else _("off")
        if key == "text_size":
            return _(TEXT_SIZE_WORDS[s.text_size])
        return ""

    def draw(self, surface, frame) -> None:
        w, h = frame.size
        surface.blit(ui.background(frame.size), (0, 0))
        ui.text(surface, _("Settings"), (w / 2, 64), 72, "text", anchor="center", bold=True)
        chosen = self.ctx.settings.language
        note = _("Remembered on this computer")
        if chosen and i18n.language() != chosen:  # --lang or POISE_LANG decide for now
            note = _("Language: --lang or POISE_LANG decide it for now")
        ui.fit_text(surface, note, w - 80, (w / 2, 116), 30, "muted", anchor="center")
        self.rects = []
        top, gap = 146, min(70, (h - 72 - 146) // len(ROWS))  # ten rows: each at least 50 px, taller letters fit
        for i, (key, label) in enumerate(ROWS):
            r = pygame.Rect(0, 0, 640, gap - 10)
            r.midtop = (w // 2, top + i * gap)
            self.rects.append(r)
            selected = i == self.index
            ui.panel(surface, r, "accent" if selected else "panel", radius=14,
                     border="accent_light" if selected else "panel_edge", alpha=255 if selected else 200)
            ink = "ink" if selected else "text"
            label = _(label)
            if key == "back":
                ui.text(surface, label, r.center, 34, ink, anchor="center", bold=selected)
                continue
            ui.text(surface, label, (r.left + 28, r.centery), 34, ink, anchor="midleft", bold=selected)
            value = self.value_text(key)
            if key in ("volume", "music", "effects"):
                bar = pygame.Rect(r.left + 300, r.centery - 7, 200, 14)
                ui.bar(surface, bar, getattr(self.ctx.settings, key), "ink" if selected else "accent")
                ui.text(surface, value, (r.right - 28, r.centery), 32, ink, anchor="midright", bold=True)
            else:
                ui.text(surface, value, (r.right - 28, r.centery), 32, ink, anchor="midright", bold=True)
            if selected:  # arrows either side: left and right change it
                c = ui.colour("accent_light")
                y = r.centery
                pygame.draw.polygon(surface, c, [(r.left - 18, y - 12), (r.left - 18, y + 12), (r.left - 36, y)])
                pygame.draw.polygon(surface, c, [(r.right + 18, y - 12), (r.right + 18, y + 12), (r.right + 36, y)])
        ui.fit_text(surface, _("Up/down: choose   Left/right: change   Esc: back"), w - 80, (w / 2, h - 44), 28,
                    "muted", anchor="center")
