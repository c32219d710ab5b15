"""Corner loads to total weight and centre of pressure (docs/design.md conventions)."""
from __future__ import annotations

import numpy as np

PRESENCE_KG = 10.0  # below this total nobody is on the board and the COP is undefined


def cop(tl: float, tr: float, bl: float, br: float, half_x: float, half_y: float,
        threshold: float = PRESENCE_KG) -> tuple[float, float, float]:
    """(total kg, x mm, y mm); x and y are NaN while the total is under `threshold`.

    +x is the player's right, +y toward the toes; COP = sum(F_i * p_i) / sum(F_i).
    """
    total = tl + tr + bl + br
    if total < threshold:
        return total, float("nan"), float("nan")
    x = half_x * ((tr + br) - (tl + bl)) / total
    y = half_y * ((tl + tr) - (bl + br)) / total
    return total, x, y


def cop_arrays(loads: np.ndarray, half_x: float, half_y: float,
               threshold: float = PRESENCE_KG) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vectorised `cop` over an (N, 4) array of tl, tr, bl, br."""
    tl, tr, bl, br = (loads[:, i] for i in range(4))
    total = tl + tr + bl + br
    with np.errstate(invalid="ignore", divide="ignore"):
        x = half_x * ((tr + br) - (tl + bl)) / total
        y = half_y * ((tl + tr) - (bl + br)) / total
    off = total < threshold
    x[off] = np.nan
    y[off] = np.nan
    return total, x, y
