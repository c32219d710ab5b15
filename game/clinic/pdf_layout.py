"""Pages of a printed report laid out by a real engine (fpdf2): measured text, wrapping, tables that break across
pages, charts embedded as vectors, and a glyph for every script.

Widths come from the fonts' own metrics and text is shaped (HarfBuzz, through uharfbuzz), so a name in Devanagari
joins as it should and a line never runs into the next element. The body font is DejaVu Sans (shipped with
matplotlib: Latin, Greek, Cyrillic); a character it lacks (Chinese, Japanese, Korean, Devanagari, ...) is drawn
from an installed font that has it, found as the game finds its own (poise.game.media.fontfiles). Charts are
matplotlib figures handed over as SVG with their text as outlines, so they stay vector graphics and need no font.

`pdfa=True` makes the file PDF/A-2u (ISO 19005-2, level U): every font embedded with a Unicode map, an sRGB output
intent, XMP metadata naming the conformance, no encryption; fpdf2 refuses anything that would break it. What
cannot be claimed: the file is not tagged (PDF/A-2a, PDF/UA), so a screen reader sees text without structure.
"""
from __future__ import annotations

import io
import logging
from pathlib import Path

PAPER_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
MARGIN_MM = 16.0
FOOTER_MM = 10.0  # from the foot of the page to the footer's baseline area
BODY = "DejaVu"
GREY = (68, 68, 68)
INK = (17, 17, 17)
ACCENT = (11, 57, 84)
PT = 25.4 / 72  # mm per point
CELL_PAD_MM = 1.0  # a table cell's padding left and right
MIN_CELL_PT = 5.5  # a table cell's text is never set smaller than this to fit a long word


def _quiet() -> None:
    """fontTools says which tables it cannot subset and fpdf2's SVG reader which tags it skips: neither matters
    for the page, and a clinician's terminal is no place for them."""
    for name in ("fontTools", "fontTools.subset", "fpdf.svg", "fpdf.output"):
        logging.getLogger(name).setLevel(logging.ERROR)


def body_fonts() -> dict[str, Path]:
    """The body font's regular and bold files, shipped with matplotlib (so always there)."""
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {"": folder / "DejaVuSans.ttf", "B": folder / "DejaVuSans-Bold.ttf"}


class Document:
    """A report under construction: `heading`, `text`, `table`, `chart`, `new_page`; `save(path)` writes it.

    `footer` is printed on every page at the left, "page N of M" at the right; it is shortened with an ellipsis,
    by measured width, so the two never meet."""

    def __init__(self, paper: str = "a4", footer: str = "", title: str = "", author: str = "", lang: str = "en",
                 pdfa: bool = False, page_words: str = "page {n} of {total}"):
        from fpdf import FPDF

        _quiet()
        doc = self

        class _PDF(FPDF):
            def footer(self):  # noqa: D401 - fpdf2's hook
                doc._footer()

        width, height = PAPER_MM[paper]
        self.pdf = _PDF(unit="mm", format=(width, height), enforce_compliance="PDF/A-2U" if pdfa else None)
        pdf = self.pdf
        pdf._set_min_pdf_version("1.7")  # (fpdf2 would write the oldest version its features need)
        pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        pdf.set_auto_page_break(True, MARGIN_MM + FOOTER_MM)
        for style, path in body_fonts().items():
            pdf.add_font(BODY, style, str(path))
        pdf.set_text_shaping(True)
        pdf.set_title(title)
        pdf.set_author(author)
        pdf.set_creator("Poise")
        pdf.set_lang(lang)
        pdf.set_font(BODY, "", 9.5)
        self.footer_text = footer
        self.page_words = page_words
        self.covered = frozenset()
        self._fallbacks: list[str] = []
        self._cover(footer + page_words)
        pdf.add_page()

    # --- fonts -----------------------------------------------------------------------------------
    def _cover(self, text: str) -> None:
        """Register an installed font for every character of `text` the body font lacks (once per font file)."""
        from poise.game.media.fontfiles import covers, fallback

        body = body_fonts()[""]
        for ch in set(text) - self.covered:
            if ch.isspace() or not ch.isprintable() or covers(body, ch):
                continue
            path = fallback(ch)
            if path is None:
                continue  # no installed font has it: drawn from the body font (an empty box), as anywhere else
            family = f"fallback-{path.stem}".lower()
            if family not in self._fallbacks:
                self.pdf.add_font(family, "", str(path))
                self._fallbacks.append(family)
                self.pdf.set_fallback_fonts(self._fallbacks, exact_match=False)
        self.covered = self.covered | set(text)

    # --- page furniture ------------------------------------------------------------------------------
    def _footer(self) -> None:
        pdf = self.pdf
        pdf.set_y(-(MARGIN_MM + FOOTER_MM) + 4.0)
        pdf.set_font(BODY, "", 7.5)
        pdf.set_text_color(85, 85, 85)
        right = self.page_words.format(n=pdf.page_no(), total="{nb}")
        right_w = pdf.get_string_width(self.page_words.format(n=pdf.page_no(), total=99)) + 1.0
        room = pdf.epw - right_w - 4.0
        left = self.footer_text
        if pdf.get_string_width(left) > room:
            while left and pdf.get_string_width(left + "…") > room:
                left = left[:-1]
            left = left.rstrip() + "…"
        pdf.cell(room, 4.0, left, align="L")
        pdf.set_x(pdf.w - MARGIN_MM - right_w)
        pdf.cell(right_w, 4.0, right, align="R")

    @property
    def width(self) -> float:
        """The text width (mm)."""
        return self.pdf.epw

    @property
    def room(self) -> float:
        """What is left of the page below the cursor (mm)."""
        return self.pdf.page_break_trigger - self.pdf.get_y()

    def need(self, mm: float) -> None:
        """A new page unless `mm` fit below the cursor (keeps a heading with what follows it)."""
        if self.room < mm:
            self.new_page()

    def new_page(self) -> None:
        self.pdf.add_page()

    def advance(self, mm: float) -> None:
        self.pdf.set_y(self.pdf.get_y() + mm)

    # --- content ----------------------------------------------------------------------------------------
    def text(self, s: str, size: float = 9.5, bold: bool = False, colour: tuple = INK, indent: float = 0.0,
             gap: float = 1.2, align: str = "L") -> None:
        """A paragraph (\\n starts a new line), wrapped at word boundaries within the text width."""
        pdf = self.pdf
        self._cover(s)
        pdf.set_font(BODY, "B" if bold else "", size)
        pdf.set_text_color(*colour)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(self.width - indent, size * PT * 1.35, s, new_x="LMARGIN", new_y="NEXT", align=align)
        self.advance(gap)

    def heading(self, s: str, level: int = 1, keep: float = 30.0) -> None:
        """A heading, kept on one page with at least `keep` mm of what follows."""
        size = {0: 17.0, 1: 13.0, 2: 10.5}[level]
        self.need(size * PT * 2.0 + keep)
        if level and self.pdf.get_y() > self.pdf.t_margin + 1:
            self.advance(2.5)
        self.text(s, size, True, ACCENT if level < 2 else INK, gap=1.5)

    def rule(self) -> None:
        pdf = self.pdf
        pdf.set_draw_color(153, 153, 153)
        pdf.set_line_width(0.2)
        y = pdf.get_y() + 1.0
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        pdf.set_y(y + 2.0)

    def table(self, header: list[str], rows: list[list[str]], widths: list[float], size: float = 8.5,
              bold_first: bool = False) -> None:
        """Columns of `widths` (shares of the text width); cells wrap; the header row is repeated on a new page.
        An empty header (all '') gives a table without one (label and value pairs)."""
        from fpdf.fonts import FontFace

        pdf = self.pdf
        self._cover("".join(header) + "".join("".join(r) for r in rows))
        pdf.set_font(BODY, "", size)
        pdf.set_text_color(*INK)
        pdf.set_draw_color(190, 190, 190)
        pdf.set_line_width(0.15)
        has_header = any(header)
        self.need(size * PT * 1.3 * 3 + 4)
        with pdf.table(col_widths=[w * 100 for w in widths], width=self.width, line_height=size * PT * 1.3,
                       borders_layout="HORIZONTAL_LINES" if has_header else "NONE", text_align="LEFT",
                       first_row_as_headings=has_header, padding=(0.8, CELL_PAD_MM),
                       headings_style=FontFace(emphasis="BOLD", fill_color=(232, 238, 243)),
                       v_align="TOP") as table:
            for n, row in enumerate(([header] if has_header else []) + rows):
                r = table.row()
                for k, cell in enumerate(row):
                    bold = (has_header and n == 0) or (bold_first and k == 0 and not has_header)
                    fit = self._word_fit(str(cell), widths[k] * self.width - 2 * CELL_PAD_MM, size, bold)
                    style = FontFace(emphasis="BOLD" if bold else None, size_pt=fit if fit < size else None)
                    r.cell(str(cell), style=style if bold or fit < size else None)
        self.advance(2.0)

    def _word_fit(self, text: str, width_mm: float, size: float, bold: bool) -> float:
        """The font size at which the longest word of `text` fits `width_mm`: `size`, or smaller (not under
        MIN_CELL_PT) where a long word of another language ("Schwankungsgeschwindigkeit") would be broken."""
        pdf = self.pdf
        pdf.set_font(BODY, "B" if bold else "", size)
        # a line may break at a soft hyphen (a translation's long compound words carry them), printed as "-"
        pieces = [p for w in text.split() for p in w.split("\u00ad")]
        longest = max((pdf.get_string_width(p + "-") for p in pieces), default=0.0)
        pdf.set_font(BODY, "", size)
        return size if longest <= width_mm else max(MIN_CELL_PT, size * width_mm / longest)

    def chart(self, fig, width_share: float = 1.0, x_share: float = 0.0) -> None:
        """A matplotlib Figure drawn at the cursor as vectors, `width_share` of the text width wide at its
        own aspect ratio; a new page first when it does not fit."""
        svg = svg_of(fig)
        w_in, h_in = fig.get_size_inches()
        width = self.width * width_share
        height = width * h_in / w_in
        self.need(height + 1.0)
        pdf = self.pdf
        pdf.image(svg, x=pdf.l_margin + self.width * x_share, y=pdf.get_y(), w=width, h=height)
        pdf.set_y(pdf.get_y() + height + 1.5)

    def charts(self, figs: list, columns: int) -> None:
        """Figures side by side, `columns` to a row, rows one under another."""
        for i in range(0, len(figs), columns):
            row = figs[i:i + columns]
            share = 1.0 / columns
            w_in, h_in = row[0].get_size_inches()
            height = self.width * share * h_in / w_in
            self.need(height + 1.0)
            y = self.pdf.get_y()
            for k, fig in enumerate(row):
                self.pdf.set_y(y)
                self.chart(fig, share * 0.98, k * share)
            self.pdf.set_y(y + height + 1.5)

    @property
    def pages(self) -> int:
        return self.pdf.page_no()

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def svg_of(fig) -> io.BytesIO:
    """A matplotlib Figure as SVG, text as outlines (no font to embed, nothing left to substitute)."""
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    FigureCanvasSVG(fig)
    out = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "poise"}):
        fig.savefig(out, format="svg", metadata={"Date": None})
    out.seek(0)
    return out
