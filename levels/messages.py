"""The English templates of the messages Poise's own levels put in their results.

Key -> (label, text) for a line of the results screen, or a label alone for a score part; `str.format`
syntax over the message's arguments, with `{x!w}` for an identifier in words ("forward-right" -> "forward
right"). The game renders them when it shows a result (poise.api.Message), in the player's language (the
templates are in Poise's translation template by their place here); a label starts with a capital.
"""
from poise.api import N_

# the words `{x!w}` shows for the identifiers these messages name (conditions, directions, shapes), marked for
# the translators: the game looks the words up in the player's language when it shows them
IDENTIFIER_WORDS = (
    N_("eyes open"), N_("eyes closed"), N_("left leg"), N_("right leg"), N_("eyes open foam"),
    N_("eyes closed foam"), N_("tandem"), N_("tandem eyes closed"), N_("left leg eyes closed"),
    N_("right leg eyes closed"), N_("tandem eyes closed foam"), N_("left leg eyes closed foam"),
    N_("right leg eyes closed foam"),
    N_("forward"), N_("back"), N_("left"), N_("right"), N_("forward right"), N_("forward left"), N_("back right"),
    N_("back left"), N_("weight shift"), N_("circle"), N_("figure eight"),
)

MESSAGES = {
    # ankle circles
    "circles.on_guide": ("On the guide", "{share:.0%}"),
    "circles.covered": ("Circle covered, {way!w}", "{sectors} / {of}"),
    "circles.part.on_guide": "On the guide",
    "circles.part.range": "{way!w} range",
    # the balance check (a trial that does not count says why, under its name)
    "check.valid_trials": ("Valid trials", "{valid} / {trials}"),
    "check.not_on_leg": ("{condition!w} {trial}", "was not standing on the {leg!w} leg at the start"),
    "check.stepped_off": ("{condition!w} {trial}", "stepped off at {at_s:.1f} s"),
    "check.touchdown": ("{condition!w} {trial}", "touch-down at {at_s:.1f} s"),
    "check.one_foot": ("{condition!w} {trial}", "weight moved onto one foot at {at_s:.1f} s"),
    # bubble river
    "river.versus.rule": "Two bubbles on one river: the first to the end wins, each sparkle takes half a second off",
    "river.versus.measure": "Time: {value:.1f} s",
    "river.time": ("Time", "{s:.1f} s (par {par_s:.1f} s)"),
    "river.pops": ("Pops", "{pops}"),
    "river.sparkles": ("Sparkles", "{caught} / {of}  (-{bonus_s:.1f} s)"),
    "river.speed": ("Average speed", "{m_s:.1f} m/s"),
    "river.part.no_pops": "Time on the water (no pops)",
    "river.part.sparkles": "Sparkles caught",
    "river.part.pace": "Pace against par",
    # follow my lead
    "follow.versus.rule": "One leads with their balance, the other follows a beat behind: played together, "
                          "scored on how closely the follower keeps to the lead",
    "follow.versus.measure": "In step: {value:.0f} %",
    "follow.follow": ("In step with the lead", "{share:.0%}"),
    "follow.lead": ("On the shape you led", "{share:.0%}"),
    "follow.shape": ("{shape!w}", "{share:.0%}"),
    "follow.part.shape": "{shape!w}",
    # heading
    "heading.versus.rule": "Each ball goes to whoever heads it, the cleaner header when both do; a boot that hits "
                           "you is a ball to your rival",
    "heading.versus.measure": "Balls won: {value:.0f}",
    "heading.headers": ("Headers", "{headers} / {balls}  ({clean} clean)"),
    "heading.low_balls": ("Low balls headed", "{headed} / {balls}"),
    "heading.longest_run": ("Longest run", "{run}"),
    "heading.boots_dodged": ("Boots dodged", "{dodged} / {boots}"),
    "heading.no_boots": ("Boots dodged", "none thrown"),
    "heading.points": ("Points", "{points:.1f} of {of:.1f}"),
    "heading.part.headed": "Balls headed",
    "heading.part.clean": "Clean off the forehead",
    "heading.part.dodged": "Boots dodged",
    "heading.part.points": "Points of a perfect run",
    # heel raises, toe raises, squat, outward roll (guided repetitions)
    "reps.part.rep": "Rep {n}",
    "heel.reps": ("Heel raises", "{reps} / {wanted}"),
    "heel.quality": ("On tempo and straight", "{share:.0%}"),
    "heel.rolling": ("Rolling in or out", "{mm:.0f} mm"),
    "toe.reps": ("Toe raises", "{reps} / {wanted}"),
    "toe.tempo": ("On tempo, lowered slowly", "{share:.0%}"),
    "toe.heels": ("Back onto the heels", "{mm:.0f} mm"),
    "toe.tipping": ("Tipping sideways", "{mm:.0f} mm"),
    "squat.squats": ("Squats", "{reps} / {wanted}"),
    "squat.weight_even": ("Weight", "even ({right_pct} % right)"),
    "squat.weight_side": ("Weight", "{pct} % on your {side!w}"),
    "squat.no_squat": ("Weight", "no squat measured"),
    "squat.depth": ("Depth toward the heels", "{mm:.0f} mm"),
    "squat.tempo": ("On tempo", "{share:.0%}"),
    "squat.part.squat": "Squat {n}",
    "roll.rolls": ("Rolls", "{rolls} / {wanted}"),
    "roll.foot": ("{leg!w} foot", "{rolls} rolls, {mm:.0f} mm, {quality:.0%}"),
    "roll.rocking": ("Rocking forward or back", "{mm:.0f} mm"),
    "roll.rocking_two": ("Rocking forward or back", "{first_mm:.0f} mm / {second_mm:.0f} mm"),
    "roll.part.foot": "{leg!w} foot",
    # the limits of stability
    "los.weight": ("Body weight", "{kg:.1f} kg"),
    "los.forward_back": ("Forward / back", "{forward_mm:.0f} / {back_mm:.0f} mm"),
    "los.left_right": ("Left / right", "{left_mm:.0f} / {right_mm:.0f} mm"),
    "los.reaction": ("Reaction time", "{s:.2f} s"),
    "los.no_reaction": ("Reaction time", "none measured"),
    "los.never_reached": ("{direction!w}", "never reached"),
    "los.too_quick": ("{direction!w}", "reaction {s:.2f} s: moved before the light"),
    "los.directions_done": ("Directions", "{done} of {of} done"),
    "los.weight_not_measured": ("Weight", "not measured"),
    "los.weight_off_profile": ("Weight", "{kg:.0f} kg measured, {profile_kg:.0f} kg in your profile"),
    "los.weight_implausible": ("Weight", "{kg:.0f} kg is not plausible at {height_cm:.0f} cm: check the board or "
                                         "set your height"),
    "los.part.direction": "{direction!w}",
    # marching
    "march.on_beat": ("Steps on the beat", "{steps} / {wanted}"),
    "march.no_steps": ("On average", "no steps"),
    "march.late": ("On average", "{s:.1f} s late"),
    "march.early": ("On average", "{s:.1f} s early"),
    "march.time_on_feet": ("Time on each foot", "left {left:.0%} / right {right:.0%}"),
    "march.weight_shift": ("Weight shift", "left {left_mm:.0f} mm / right {right_mm:.0f} mm"),
    "march.part.timing": "Timing",
    "march.part.even_time": "Even time on each foot",
    "march.part.even_shift": "Even weight shift",
    # rhythm shift
    "rhythm.side_to_side": ("Side to side on the beat", "{share:.0%}"),
    "rhythm.front_to_back": ("Front to back on the beat", "{share:.0%}"),
    "rhythm.final_tempo": ("Final tempo", "{bpm:.0f} per minute"),
    "rhythm.part.side_to_side": "Side to side",
    "rhythm.part.front_to_back": "Front to back",
    # one leg: the single-leg hold and one-leg tracking
    "hold.in_zone": ("{leg!w} leg in zone", "{in_zone_s:.1f} / {held_s:.0f} s"),
    "leg.touchdowns": ("Touch-downs", "left {left}, right {right}"),
    "leg.touchdowns_one": ("Touch-downs", "{leg!w} {n}"),
    "leg.never_lifted": ("{leg!w} leg", "{other!w} foot never lifted"),
    # slalom
    "slalom.versus.rule": "Both ski the same course: the lower counted time wins (2 s for a missed gate, half a "
                          "second off for a clean one)",
    "slalom.versus.measure": "Counted time: {value:.1f} s",
    "slalom.counted_time": ("Counted time", "{s:.1f} s (par {par_s:.1f} s)"),
    "slalom.gates": ("Gates", "{passed} / {gates}"),
    "slalom.clean": ("Clean through the middle", "{clean}  (-{bonus_s:.1f} s)"),
    "slalom.missed": ("Missed", "{missed}  (+{penalty_s:.0f} s)"),
    "slalom.part.passed": "Gates passed",
    "slalom.part.clean": "Clean through the middle",
    "slalom.part.pace": "Pace against par",
    # split stance
    "split.front": ("{leg!w} foot in front", "{share:.0%} forward, steady {steady:.0%}"),
    "split.not_on_front": ("{leg!w} foot in front", "not on the front foot"),
    "split.asked": ("Asked for", "at least {share:.0%} forward, {hold_s:g} s"),
    "split.part.forward": "{leg!w} front: weight forward",
    "split.part.steady": "{leg!w} front: steady in the ring",
    # table tilt
    "tilt.versus.rule": "The same balls on two tables: the first ball in the hole takes the stage from both",
    "tilt.versus.measure": "Stages won: {value:.0f}",
    "tilt.sunk": ("Balls sunk", "{sunk} / {stages}"),
    "tilt.stage_time": ("Stage time", "{s:.0f} s"),
    "tilt.part.stage": "Stage {n}",
    # tracking
    "tracking.inside": ("Inside the circle", "{inside_s:.1f} / {played_s:.0f} s"),
    "tracking.inside_leg": ("Inside ({leg!w})", "{inside_s:.1f} / {played_s:.0f} s"),
    "tracking.part.inside": "Inside the circle",
    "tracking.part.inside_leg": "Inside, {leg!w}",
    # weight-shift reach
    "reach.held": ("Targets held", "{held} / {targets}"),
    "reach.reaction": ("Reaction time", "{s:.2f} s"),
    "reach.accuracy": ("Accuracy", "{share:.0%}"),
    "reach.direction": ("Direction control", "{share:.0%}"),
    "reach.part.start": "Quick start",
    "reach.part.speed": "Movement speed",
    "reach.part.landing": "Landing on target",
    "reach.part.straight": "Straight line",
}
