"""Pip, Poise's coach: a figure drawn at run time (like the scenery, no image files) who shows each exercise.

`draw(surface, rect, move, t)` draws Pip inside `rect`, moving as the exercise asks at time `t` (s): leaning
from the ankles, rolling onto the outer edge of a foot, circling over the feet, squatting, rising onto the toes,
lifting a foot, marching, a lunge, a cheer. Poses are worked out from a few joint angles of a simple body
(ankle, knee, hip, shoulder, head; lengths as shares of the height), seen from the front or the side,
whichever shows the movement. `MOVES` says which move each level shows.
"""
from __future__ import annotations

import math

import pygame

from poise.game.media import ui

# Segment lengths as shares of the standing height (ankle to the top of the head), after Drillis and
# Contini's body-segment proportions: shank 0.285, thigh 0.285, trunk 0.30, neck and head 0.13.
SHANK, THIGH, TRUNK, HEAD_R = 0.27, 0.27, 0.30, 0.07
HIP_W, SHOULDER_W = 0.09, 0.13
ARM, FOOT = 0.30, 0.12

MOVES = {  # level -> what Pip shows (default: "lean")
    "single-leg-hold": "one_leg", "single-leg-hold-eyes-closed": "one_leg", "tracking-single-leg": "one_leg",
    "weight-shift-reach": "reach", "rhythm-shift": "side", "slalom": "side", "table-tilt": "circle",
    "heading": "side", "bubble-river": "side", "tracking": "circle", "heel-raises": "heel_raise",
    "toe-raises": "toe_raise", "squat": "squat", "marching": "march", "outward-roll": "roll",
    "split-stance": "lunge", "ankle-circles": "circle", "limits-of-stability": "reach",
    "balance-check": "stand", "standard-balance-test": "stand", "follow-my-lead": "circle",
}


# one whole movement of each move (s), as `front` and `side` play it; at 0 Pip stands at rest and half way the
# movement is at its fullest (heels highest, squat deepest, foot rolled furthest), a circle goes once round
PERIODS = {"heel_raise": 3.0, "toe_raise": 3.0, "squat": 4.0, "roll": 3.0, "circle": 4.0, "march": 1.4,
           "side": 3.0, "lean": 4.0, "one_leg": 6.0, "lunge": 3.0, "reach": 4.0}
CYCLES = ("circle", "reach", "march", "side", "lean", "lunge")  # moves that run round rather than out and back


def draw_at(surface: pygame.Surface, rect: pygame.Rect, move: str, share: float) -> pygame.Rect:
    """Pip doing `move` in step with a level's guide: `share` 0..1 is how far into the movement (0 at rest, 1 at
    its fullest: heels up, squat down, foot rolled; for a circling move, the share of the way round). Levels
    call it as poise.api.pip.draw_at. Returns the rectangle drawn on."""
    period = PERIODS.get(move, 4.0)
    k = min(1.0, max(0.0, share)) if move not in CYCLES else share % 1.0
    t = k * period if move in CYCLES else period * math.acos(1 - 2 * k) / (2 * math.pi)
    return draw(surface, rect, move, t)


def _rot(x: float, y: float, angle: float) -> tuple[float, float]:
    c, s = math.cos(angle), math.sin(angle)
    return x * c - y * s, x * s + y * c


def front(move: str, t: float) -> dict:
    """Joint positions seen from the front (x to Pip's left on screen, y up, feet at y 0) for `move` at `t`."""
    lean = 0.0  # sideways tilt of the whole body about the ankles (rad)
    lift = {-1: 0.0, 1: 0.0}  # how high each foot is lifted (share of height)
    roll = {-1: 0.0, 1: 0.0}  # each foot rolled onto its outer edge (rad)
    arms = 0.35  # arm angle out from the body (rad)
    circle = None
    if move == "side":
        lean = 0.10 * math.sin(2 * math.pi * t / 3.0)
    elif move in ("circle", "reach"):
        a = 2 * math.pi * t / 4.0
        circle = (0.09 * math.cos(a), 0.05 * math.sin(a))
        lean = 0.09 * math.cos(a)
    elif move == "one_leg":
        k = min(1.0, max(0.0, 1.6 * math.sin(2 * math.pi * t / 6.0)))  # lifts, holds, puts it down
        lean, lift[1], arms = -0.05 * k, 0.12 * k, 0.35 + 0.55 * k
    elif move == "march":
        phase = math.sin(2 * math.pi * t / 1.4)
        lift[-1], lift[1] = 0.16 * max(0.0, phase), 0.16 * max(0.0, -phase)
        lean, arms = -0.03 * phase, 0.5
    elif move == "roll":
        k = 0.5 - 0.5 * math.cos(2 * math.pi * t / 3.0)
        roll[1], lean = 0.45 * k, 0.03 * k
    elif move == "cheer":
        arms = 2.6 + 0.2 * math.sin(2 * math.pi * t * 2)
    joints = {}
    for side in (-1, 1):
        ankle = (side * HIP_W, FOOT * 0.25 + lift[side])
        knee = (side * HIP_W, ankle[1] + SHANK - 0.6 * lift[side])
        joints[f"ankle{side}"], joints[f"knee{side}"] = ankle, knee
        joints[f"hip{side}"] = (side * HIP_W, SHANK + THIGH)
        joints[f"roll{side}"] = roll[side]
    joints["pelvis"] = (0.0, SHANK + THIGH)
    joints["neck"] = (0.0, SHANK + THIGH + TRUNK)
    if circle is not None:
        joints["pelvis"] = (circle[0], SHANK + THIGH + circle[1] * 0.2)
    out = {}
    for name, p in joints.items():  # the body above the ankles tilts about them
        if name.startswith("roll"):
            out[name] = p
        elif name.startswith("ankle"):
            out[name] = p
        else:
            dx, dy = _rot(p[0], p[1], -lean)
            out[name] = (dx, dy)
    for side in (-1, 1):
        sx, sy = _rot(side * SHOULDER_W, SHANK + THIGH + TRUNK - 0.02, -lean)
        out[f"shoulder{side}"] = (sx, sy)
        hx, hy = _rot(0.0, -ARM, side * arms)
        out[f"hand{side}"] = (sx + hx, sy + hy)
    out["head"] = _rot(0.0, SHANK + THIGH + TRUNK + HEAD_R + 0.02, -lean)
    out["view"] = "front"
    return out


def side(move: str, t: float) -> dict:
    """Joint positions seen from the side (x forward, y up) for `move` at `t`."""
    lean, heel, toe, depth, lunge = 0.0, 0.0, 0.0, 0.0, 0.0
    arms = 0.2
    if move == "lean":
        lean = 0.12 * math.sin(2 * math.pi * t / 4.0)
    elif move == "heel_raise":
        heel = 0.06 * (0.5 - 0.5 * math.cos(2 * math.pi * t / 3.0))
    elif move == "toe_raise":
        toe = 0.35 * (0.5 - 0.5 * math.cos(2 * math.pi * t / 3.0))
    elif move == "squat":
        depth, arms = 0.5 - 0.5 * math.cos(2 * math.pi * t / 4.0), 1.2
        arms *= depth
    elif move == "lunge":
        lunge = 1.0
        lean = 0.05 * math.sin(2 * math.pi * t / 3.0)
    knee_bend = 1.1 * depth  # rad
    ankle = (0.0, FOOT * 0.25 + heel)
    out = {"toe": (FOOT * 0.8, (toe * FOOT * 0.8) if toe else 0.0), "heel": (-FOOT * 0.25, heel),
           "ankle": ankle}
    shank_a = lean + 0.55 * knee_bend  # forward tilt of the shank
    knee = (ankle[0] + SHANK * math.sin(shank_a), ankle[1] + SHANK * math.cos(shank_a))
    thigh_a = shank_a - 1.6 * knee_bend  # the thigh tilts back as the hips sit back
    hip = (knee[0] + THIGH * math.sin(thigh_a), knee[1] + THIGH * math.cos(thigh_a))
    trunk_a = lean + 0.6 * depth  # leaning the chest forward over the feet in a squat
    neck = (hip[0] + TRUNK * math.sin(trunk_a), hip[1] + TRUNK * math.cos(trunk_a))
    out.update(knee=knee, hip=hip, neck=neck,
               head=(neck[0] + (HEAD_R + 0.02) * math.sin(trunk_a), neck[1] + (HEAD_R + 0.02) * math.cos(trunk_a)))
    hand_a = trunk_a + math.pi - arms
    out["shoulder"] = (neck[0] - 0.02 * math.sin(trunk_a), neck[1] - 0.02)
    out["hand"] = (out["shoulder"][0] + ARM * math.sin(hand_a), out["shoulder"][1] + ARM * math.cos(hand_a))
    if lunge:  # the back leg, on the floor behind
        out["back_knee"] = (hip[0] - 0.12, knee[1] - 0.05)
        out["back_ankle"] = (hip[0] - 0.30, FOOT * 0.25)
    out["view"] = "side"
    return out


def pose(move: str, t: float) -> dict:
    """The joints of `move` at `t` s, in the view that shows it."""
    return side(move, t) if move in ("lean", "heel_raise", "toe_raise", "squat", "lunge") else front(move, t)


def draw(surface: pygame.Surface, rect: pygame.Rect, move: str, t: float, mood: str = "calm") -> pygame.Rect:
    """Pip inside `rect` (feet on its bottom edge, as tall as it allows), doing `move` at `t` s; `mood` "cheer"
    raises the arms. Returns the rectangle drawn on."""
    p = pose("cheer" if mood == "cheer" else move, t)
    height = rect.height * 0.82
    base = (rect.centerx, rect.bottom - 6)

    def at(q: tuple[float, float]) -> tuple[int, int]:
        return round(base[0] + q[0] * height), round(base[1] - q[1] * height)

    body, limb, skin, band = ui.colour("accent"), ui.colour("accent_light"), (246, 206, 170), ui.colour("gold")
    w = max(4, round(height * 0.05))
    pygame.draw.ellipse(surface, ui.colour("bar"), pygame.Rect(base[0] - height * 0.22, base[1] - 8, height * 0.44, 14))

    def bone(a, b, col, width=w):
        pa, pb = at(a), at(b)
        pygame.draw.line(surface, col, pa, pb, width)
        pygame.draw.circle(surface, col, pa, width // 2)
        pygame.draw.circle(surface, col, pb, width // 2)

    if p["view"] == "front":
        for s in (-1, 1):
            a, k, h = p[f"ankle{s}"], p[f"knee{s}"], p[f"hip{s}"]
            bone(h, k, limb)
            bone(k, a, limb)
            r = p[f"roll{s}"]  # the foot, tipped onto its outer edge by `r`
            toe = (a[0] + s * FOOT * 0.7 * math.cos(r), a[1] - FOOT * 0.25 + s * 0 + FOOT * 0.7 * math.sin(r) * 0.6)
            bone(a, toe, ui.colour("ink"), max(3, w - 1))
        for s in (-1, 1):
            bone(p[f"shoulder{s}"], p[f"hand{s}"], limb, max(3, w - 1))
        bone(p["pelvis"], p["neck"], body, round(w * 3.2))  # the body: a rounded capsule over the hips
    else:
        if "back_ankle" in p:
            bone(p["hip"], p["back_knee"], limb)
            bone(p["back_knee"], p["back_ankle"], limb)
        bone(p["heel"], p["toe"], ui.colour("ink"), max(3, w - 1))
        bone(p["ankle"], p["knee"], limb)
        bone(p["knee"], p["hip"], limb)
        bone(p["hip"], p["neck"], body, w + 6)
        bone(p["shoulder"], p["hand"], limb, max(3, w - 1))
    head = at(p["head"])
    r = round(HEAD_R * height)
    pygame.draw.circle(surface, skin, head, r)
    pygame.draw.arc(surface, band, pygame.Rect(head[0] - r, head[1] - r, 2 * r, 2 * r), 0.35, math.pi - 0.35,
                    max(3, r // 3))  # Pip's headband
    if p["view"] == "front":
        eye = max(2, r // 6)
        for s in (-1, 1):
            pygame.draw.circle(surface, ui.colour("ink"), (head[0] + s * r // 3, head[1] - r // 8), eye)
        smile = pygame.Rect(head[0] - r // 2, head[1] - r // 6, r, r // 2 + 2)
        pygame.draw.arc(surface, ui.colour("ink"), smile, math.pi + 0.3, 2 * math.pi - 0.3, max(2, r // 8))
    else:
        pygame.draw.circle(surface, ui.colour("ink"), (head[0] + r // 2, head[1] - r // 8), max(2, r // 6))
    drawn = pygame.Rect(base[0] - height * 0.45, rect.bottom - height * 1.08, height * 0.9, height * 1.08)
    ui.mark("coach", drawn.clip(rect))
    return drawn.clip(rect)


def face(surface: pygame.Surface, centre: tuple[int, int], r: int) -> pygame.Rect:
    """Pip's face alone (beside a caption: who is speaking), radius `r` px."""
    skin = (246, 206, 170)
    pygame.draw.circle(surface, skin, centre, r)
    pygame.draw.arc(surface, ui.colour("gold"), pygame.Rect(centre[0] - r, centre[1] - r, 2 * r, 2 * r), 0.35,
                    math.pi - 0.35, max(2, r // 3))
    for s in (-1, 1):
        pygame.draw.circle(surface, ui.colour("ink"), (centre[0] + s * r // 3, centre[1] - r // 8), max(2, r // 6))
    pygame.draw.arc(surface, ui.colour("ink"), pygame.Rect(centre[0] - r // 2, centre[1] - r // 6, r, r // 2 + 2),
                    math.pi + 0.3, 2 * math.pi - 0.3, max(1, r // 8))
    return pygame.Rect(centre[0] - r, centre[1] - r, 2 * r, 2 * r)
