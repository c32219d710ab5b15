"""COP and total from corner loads, checked against the kg values of wbb.md section 7."""
import math

import numpy as np
import pytest

from poise.drivers.base import WII_GEOMETRY
from poise.game.core.cop import cop, cop_arrays

A, B = WII_GEOMETRY.half_x, WII_GEOMETRY.half_y


@pytest.mark.parametrize("kg, total, x, y", [
    ((18.2475, 17.9928, 18.0122, 18.1766), 72.4292, -0.2700, 0.0846),  # V1 quiet stance (tl, tr, bl, br)
    ((8.3111, 28.2959, 8.5190, 14.1193), 59.2453, 93.4956, 28.0574),  # V2 lean right and forward
    ((-0.6363, 37.6623, 0.0, 17.0), 54.0260, 221.5994, 44.1101),  # V3 unclamped
])
def test_cop_matches_wii_test_vectors(kg, total, x, y):
    t, cx, cy = cop(*kg, A, B)
    assert t == pytest.approx(total, abs=1e-3)
    assert cx == pytest.approx(x, abs=0.01)
    assert cy == pytest.approx(y, abs=0.01)


def test_cop_is_undefined_below_presence_threshold():
    total, x, y = cop(1.0, 1.0, 1.0, 1.0, A, B)
    assert total == 4.0 and math.isnan(x) and math.isnan(y)


def test_vectorised_cop_equals_scalar():
    rng = np.random.default_rng(0)
    loads = rng.uniform(0, 30, (50, 4))
    loads[3] = 0.5  # one empty row
    total, x, y = cop_arrays(loads, A, B)
    for i, row in enumerate(loads):
        t1, x1, y1 = cop(*row, A, B)
        assert total[i] == pytest.approx(t1)
        assert (math.isnan(x1) and math.isnan(x[i])) or x[i] == pytest.approx(x1)
        assert (math.isnan(y1) and math.isnan(y[i])) or y[i] == pytest.approx(y1)
