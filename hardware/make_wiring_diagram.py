"""Draw hardware/wiring.png: Arduino (ATmega328P), four HX711 boards and four load cells.

The pin map below is the one the firmware uses (poise_loadcell/hx711.c); a test checks both agree,
and that the build guide's pin table says the same. Run: python hardware/make_wiring_diagram.py
"""
from __future__ import annotations

from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

# corner -> (Arduino pin for the HX711's DT line, ATmega328P port bit)
DATA_PINS = {"tl": ("D4", "PD4"), "tr": ("D5", "PD5"), "bl": ("D6", "PD6"), "br": ("D7", "PD7")}
CLOCK_PIN = ("D8", "PB0")  # shared SCK of all four HX711s
CORNER_NAMES = {"tl": "top-left", "tr": "top-right", "bl": "bottom-left", "br": "bottom-right"}
WIRE_COLOURS = {"E+": "#d62728", "E-": "#222222", "A-": "#f2f2f2", "A+": "#2ca02c"}  # usual 4-wire cell colours
OUT = Path(__file__).resolve().parent / "wiring.png"


def box(ax, x, y, w, h, title, face):
    ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.02,rounding_size=0.15", fc=face, ec="#333333"))
    ax.text(x + w / 2, y + h + 0.15, title, ha="center", va="bottom", fontsize=11, weight="bold")


def draw() -> Figure:
    fig = Figure(figsize=(14, 8.5), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 14)
    ax.set_ylim(0, 8.5)
    ax.axis("off")
    ax.text(7, 8.2, "Poise load-cell board: wiring (Arduino Uno / Nano, four HX711, four 4-wire load cells)",
            ha="center", fontsize=14, weight="bold")
    # the Arduino
    box(ax, 0.5, 1.5, 2.4, 5.1, "Arduino Uno / Nano", "#cfe3f5")
    pins = ["5V", "GND", CLOCK_PIN[0]] + [DATA_PINS[c][0] for c in ("tl", "tr", "bl", "br")]
    pin_y = {}
    for i, pin in enumerate(pins):
        y = 6.0 - i * 0.6
        pin_y[pin] = y
        ax.plot([2.9], [y], "o", color="#333333")
        port = {CLOCK_PIN[0]: CLOCK_PIN[1], **{v[0]: v[1] for v in DATA_PINS.values()}}.get(pin, "")
        ax.text(2.75, y, f"{pin} {('(' + port + ')') if port else ''}", ha="right", va="center", fontsize=10)
    ax.text(1.7, 1.75, "USB to the computer", ha="center", fontsize=9, style="italic")
    # four HX711 boards and their cells
    for i, corner in enumerate(("tl", "tr", "bl", "br")):
        y0 = 6.3 - i * 1.6
        box(ax, 5.2, y0 - 0.95, 2.2, 1.25, f"HX711 {corner.upper()} ({CORNER_NAMES[corner]})", "#fde9c9")
        left = {"VCC": y0 + 0.1, "GND": y0 - 0.15, "DT": y0 - 0.4, "SCK": y0 - 0.65}
        for name, y in left.items():
            ax.plot([5.2], [y], "o", color="#333333", ms=4)
            ax.text(5.3, y, name, va="center", fontsize=8)
        right = {"E+": y0 + 0.1, "E-": y0 - 0.15, "A-": y0 - 0.4, "A+": y0 - 0.65}
        for name, y in right.items():
            ax.plot([7.4], [y], "o", color="#333333", ms=4)
            ax.text(7.3, y, name, va="center", ha="right", fontsize=8)
            ax.plot([7.4, 9.3], [y, y], color=WIRE_COLOURS[name], lw=2.5, zorder=0,
                    path_effects=None)
            ax.plot([7.4, 9.3], [y, y], color="#555555", lw=0.5, zorder=0)
        ax.text(6.3, y0 - 0.88, "RATE tied to VCC: 80 Hz", ha="center", fontsize=7, color="#a04000")
        box(ax, 9.3, y0 - 0.8, 1.6, 1.0, f"load cell {corner.upper()}", "#e2e2e2")
        ax.text(10.1, y0 - 0.3, "red E+  black E-\nwhite A-  green A+", ha="center", va="center", fontsize=7)
        # wiring to the Arduino
        ax.plot([2.9, 4.2, 4.2, 5.2], [pin_y["5V"], pin_y["5V"], left["VCC"], left["VCC"]], color="#d62728", lw=1.2)
        ax.plot([2.9, 4.4, 4.4, 5.2], [pin_y["GND"], pin_y["GND"], left["GND"], left["GND"]], color="#222222",
                lw=1.2)
        ax.plot([2.9, 4.6, 4.6, 5.2], [pin_y[CLOCK_PIN[0]], pin_y[CLOCK_PIN[0]], left["SCK"], left["SCK"]],
                color="#9467bd", lw=1.2)
        d = DATA_PINS[corner][0]
        x_turn = 3.2 + 0.2 * i
        ax.plot([2.9, x_turn, x_turn, 5.2], [pin_y[d], pin_y[d], left["DT"], left["DT"]], color="#1f77b4", lw=1.2)
    # the board seen from above
    ax.add_patch(FancyBboxPatch((11.4, 3.0), 2.2, 3.0, boxstyle="round,pad=0.02", fc="#f7f7f7", ec="#333333"))
    ax.text(12.5, 6.25, "board from above", ha="center", fontsize=10, weight="bold")
    for corner, (x, y) in {"tl": (11.7, 5.6), "tr": (13.3, 5.6), "bl": (11.7, 3.4), "br": (13.3, 3.4)}.items():
        ax.text(x, y, corner.upper(), ha="center", va="center", fontsize=10, weight="bold")
    ax.annotate("toes (+y)", xy=(12.5, 5.9), xytext=(12.5, 4.6), ha="center", fontsize=9,
                arrowprops={"arrowstyle": "->"})
    ax.text(12.5, 3.15, "heels", ha="center", fontsize=9)
    ax.text(7, 0.4, "SCK (purple) is shared by all four HX711s; each DT (blue) has its own pin on port D so one read "
            "samples all four. 5 V and GND to every HX711 VCC/GND.", ha="center", fontsize=9)
    return fig


def main() -> None:
    fig = draw()
    FigureCanvasAgg(fig)
    fig.savefig(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
