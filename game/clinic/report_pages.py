"""The clinical report's pages (`poise report`): what a clinician reads, laid out by poise.game.clinic.pdf_layout.

Page 1 is the summary vendors print on one page: the patient and their identifier, the key numbers per condition
with the verdicts, one chart, the limits of stability's composite score. Then a statokinesigram per condition
(the centre-of-pressure trace with its 95 % ellipse), the checks, the trends, eyes closed against open and left
against right, the limits of stability as a polar plot, the comparison with healthy adults (as the share of them
the patient is steadier than: higher is steadier), adherence, the clinical record, safety, and the methods.
Text is in the player's language (poise.i18n); dates are written as everywhere else (format_date).
"""
from __future__ import annotations

from pathlib import Path

from poise import __version__

from poise.game.clinic import norms
from poise.game.clinic import report_charts as charts
from poise.game.clinic.clinical_report import (CONDITION_NAMES, DIRECTIONS, INCIDENT_WORDS, ReportData, norm_rows,
                                               romberg, week_start, worse_leg)
from poise.game.clinic.pdf_layout import GREY, Document
from poise.game.clinic.record import entry_text, incident_words
from poise.game.clinic.progress import WEEKLY_CHECK
from poise.game.core import sway
from poise.i18n import N_, _, format_date, format_number, language, ngettext

NOTE = 8.5  # size of explanatory text (pt)


def day(d) -> str:
    """A date (or an ISO date/time string) for people, as everywhere else."""
    import datetime as dt

    return format_date(dt.date.fromisoformat(d[:10]) if isinstance(d, str) else d)


def name_of(condition: str) -> str:
    return _(CONDITION_NAMES.get(condition, condition))


def write_pdf(data: ReportData, path: Path | str, paper: str = "a4", pdfa: bool = False, shared: bool = False) -> int:
    """Write the report to `path`, atomically and privately (drivers/files.py; `shared`: by the umask); returns the
    number of pages."""
    from poise.drivers import files

    doc = build(data, paper, pdfa)
    files.write_bytes(Path(path), doc.output(), shared=shared)
    return doc.pages


def build(data: ReportData, paper: str = "a4", pdfa: bool = False) -> Document:
    pl = data.player
    who = pl["name"] + (f" ({pl['patient_id']})" if pl.get("patient_id") else "")
    doc = Document(paper, footer=_("Poise balance report — {who} — generated {date}").format(
                       who=who, date=day(data.generated.date())),
                   title=_("Balance report: {name}").format(name=pl["name"]), author=data.clinician or "",
                   lang=language() if language() != "qps" else "en", pdfa=pdfa,
                   page_words=_("page {n} of {total}"))
    _summary(doc, data)
    _statokinesigrams(doc, data)
    _checks(doc, data)
    _trends(doc, data)
    _romberg_symmetry(doc, data)
    _limits(doc, data)
    _norms(doc, data)
    doc.new_page()
    _adherence_safety(doc, data)
    _methods(doc, data)
    return doc


# --- page 1: the summary -------------------------------------------------------------------------------------------


def _patient(doc: Document, data: ReportData) -> None:
    pl = data.player
    born = pl.get("birth_year")
    age = data.age_on(data.generated.date())
    sex = {"F": _("female"), "M": _("male")}.get(pl.get("sex") or "", _("not recorded"))
    period = (_("{first} to {last}").format(first=day(data.first), last=day(data.last)) if data.first
              else _("no sessions recorded"))
    if data.since or data.until:
        period += " " + _("(as requested)")
    rows = [[_("Patient"), pl["name"], _("Patient id"), pl.get("patient_id") or _("not recorded")],
            [_("Born / age"), _("{born} / {age} years").format(born=born, age=age) if born else _("not recorded"),
             _("Sex"), sex],
            [_("Height / weight"), " / ".join([
                _("{cm} cm").format(cm=_whole_or_tenth(pl["height_cm"])) if pl.get("height_cm") else "—",
                _("{kg} kg").format(kg=format_number(pl["weight_kg"], 1)) if pl.get("weight_kg") else "—"]),
             _("Injured side"), _(pl["injured_side"]) if pl.get("injured_side") else _("not recorded")],
            [_("Goal"), pl.get("goal") or _("not recorded"), _("Clinician"), data.clinician or "—"],
            [_("Period"), period, _("Generated"), day(data.generated.date())],
            [_("Board"), _boards(data), _("Software"), f"Poise {__version__}"]]
    doc.table(["", "", "", ""], rows, [0.14, 0.36, 0.14, 0.36], size=8.5, bold_first=True)


def _boards(data: ReportData) -> str:
    """The boards used and their calibration, a simulated one named as such."""
    simulated = [b for b in data.boards if b["url"].startswith(("sim", "keys"))]
    real = [b for b in data.boards if b not in simulated]
    parts = [f"{b['url']}: " + (_("calibrated {date}").format(date=day(b["calibrated_at"])) if b["calibrated_at"]
                                 else _("factory calibration only")) for b in real]
    if simulated:
        parts.append(_("simulated board: no real person's data"))
    return "; ".join(parts) or _("none recorded")


def _composite(limits: dict) -> float | None:
    """The limits of stability's composite: the mean maximum excursion over the directions tested (%)."""
    values = [d["max_excursion_pct"] for d in limits["directions"] if d.get("max_excursion_pct") is not None]
    return sum(values) / len(values) if values else None


def _peers(data: ReportData) -> dict[str, dict]:
    """Per condition, the latest comparison with healthy adults that has a percentile."""
    out = {}
    for r in norm_rows(data):
        if "velocity_pct" in r:
            out[r["condition"]] = r
    return out


def _summary(doc: Document, data: ReportData) -> None:
    p = data.progress
    doc.heading(_("Balance report"), 0, keep=0)
    doc.text(_("Standing balance measured on a balance board (Poise {version}): sway, its trend, the limits of "
               "stability and a comparison with healthy adults.").format(version=__version__), NOTE, colour=GREY)
    _patient(doc, data)
    doc.heading(_("Key numbers"), 2, keep=25)
    latest = {}
    for pt in p.points:
        latest[pt.condition] = pt
    verdicts = {v.condition: v for v in p.verdicts}
    peers = _peers(data)
    rows = []
    for c in [c for c in CONDITION_NAMES if c in latest or c in verdicts]:
        pt, v = latest.get(c), verdicts.get(c)
        change = "—" if v is None or v.verdict == "not enough data" else \
            f"{format_number(v.baseline, 1)} → {format_number(v.latest, 1)} ({v.change_pct:+.0f} %)"
        verdict = _("not enough weeks yet") if v is None or v.verdict == "not enough data" else _(v.verdict)
        peer = norms.share_words(peers[c]["velocity_pct"].steadier_than_pct) if c in peers else "—"
        rows.append([name_of(c), format_number(pt.velocity, 1) if pt else "—", format_number(pt.area) if pt else "—",
                     change, verdict, peer])
    if rows:
        doc.table([_("Condition"), _("Sway velocity, latest week (mm/s)"), _("95 % area (mm²)"),
                   _("First → latest 2 weeks (mm/s)"), _("Verdict (beyond the MDC)"),
                   _("Steadier than healthy peers (higher = steadier)")], rows,
                  [0.2, 0.14, 0.11, 0.21, 0.16, 0.18], size=8)
    else:
        doc.text(_("No weekly balance check of good quality in this period."), 9.5)
    facts = []
    rq = romberg(p)
    facts.append(_("Romberg quotient (eyes closed ÷ open): {q}").format(q=format_number(rq[-1][1], 2)) if rq
                 else _("Romberg quotient: not measured (eyes open and closed in the same week)"))
    if p.symmetry:
        facts.append(_("One-leg symmetry: {pct:+.0f} %, {words}").format(pct=p.symmetry[-1][1],
                                                                          words=worse_leg(p.symmetry[-1][1])))
    if data.limits:
        score = _composite(data.limits[-1])
        facts.append(_("Limits of stability, composite: {score} % of the theoretical limit ({date})").format(
            score=format_number(score or 0), date=day(data.limits[-1]["date"])))
    else:
        facts.append(_("Limits of stability: not measured in this period"))
    kept = data.adherence
    facts.append(_("Programme: {done} of {planned} planned sessions done").format(done=kept["done"],
                                                                                 planned=kept["planned"])
                 if kept and kept["programme"] and kept["planned"] else _("Programme: none set"))
    invalid = sum(not t["valid"] for c in data.checks for t in c.trials)
    facts.append(_("Safety: {incidents}, {invalid}").format(
        incidents=ngettext("{n} incident", "{n} incidents", len(data.incidents)).format(n=len(data.incidents)),
        invalid=ngettext("{n} invalid trial", "{n} invalid trials", invalid).format(n=invalid)))
    doc.text("\n".join("•  " + f for f in facts), 9)
    doc.chart(charts.trends(p.points, ("eyes-open", "eyes-closed", "eyes-open-foam", "eyes-closed-foam"),
                            {c: name_of(c) for c in CONDITION_NAMES}, _("Sway velocity per week, both feet"),
                            week_start, height_in=2.4))
    doc.text(_("Verdicts compare the first two weeks with the latest two; a change counts only beyond the minimal "
               "detectable change (MDC), else 'no clear change yet'. Lower sway velocity is steadier."), 7.5,
             colour=GREY)
    doc.advance(6)
    doc.need(12)
    doc.text(_("Clinician's signature: ______________________________      Date: ______________"), 10)


# --- statokinesigrams ----------------------------------------------------------------------------------------------


def _statokinesigrams(doc: Document, data: ReportData) -> None:
    doc.new_page()
    doc.heading(_("Statokinesigrams"))
    doc.text(_("The path of the centre of pressure during one trial of each condition (the latest check's first "
               "valid trial), seen from above: left–right across, heels–toes up, the same scale on every plot. "
               "The red ellipse holds 95 % of the path (its area is the 95 % ellipse area)."), NOTE, colour=GREY)
    if not data.traces:
        doc.text(_("No trial with a stored recording in this period."), 9.5)
        return
    shown = [data.traces[c] for c in CONDITION_NAMES if c in data.traces]
    ellipses = [sway.ellipse95(t.x, t.y) for t in shown]
    half = max(max(abs(t.x - e[0]).max(), abs(t.y - e[1]).max(), e[2]) for t, e in zip(shown, ellipses)) * 1.1
    figs = []
    for t, e in zip(shown, ellipses):
        title = f"{name_of(t.condition)}\n{day(t.date)}, " + _("trial {n}").format(n=t.trial)
        figs.append(charts.statokinesigram(t.x, t.y, e, title, max(10.0, half)))
    doc.charts(figs, 3)
    rows = [[name_of(t.condition), day(t.date), str(t.trial), format_number(t.metrics.get("velocity_mm_s", 0), 1),
             format_number(t.metrics.get("ellipse95_mm2", 0)), format_number(t.metrics.get("range_ml_mm", 0), 1),
             format_number(t.metrics.get("range_ap_mm", 0), 1)] for t in shown]
    doc.table([_("Condition"), _("Date"), _("Trial"), _("Velocity (mm/s)"), _("95 % area (mm²)"),
               _("Range left–right (mm)"), _("Range heels–toes (mm)")], rows,
              [0.22, 0.14, 0.08, 0.14, 0.14, 0.14, 0.14], size=8)


# --- checks and trends ---------------------------------------------------------------------------------------------


def _checks(doc: Document, data: ReportData) -> None:
    doc.heading(_("Balance checks"))
    doc.text(_("Each row is one stored check: trials valid / done per condition, and the measurement quality the "
               "board reported. Checks of poor quality are listed but left out of the trends."), NOTE, colour=GREY)
    if not data.checks:
        doc.text(_("No balance checks in this period."), 9.5)
        return
    rows = []
    for c in data.checks:
        per: dict[str, tuple[int, int]] = {}
        for t in c.trials:
            v, n = per.get(t["condition"], (0, 0))
            per[t["condition"]] = (v + t["valid"], n + 1)
        q = c.quality
        lost = q.get("lost_samples", 0) / max(1, q.get("samples") or 1) * 100
        quality = (_("calibrated") if q.get("calibrated") else _("NOT calibrated")) + ", " + \
            _("{rate} samples/s, {lost} % lost").format(rate=format_number(q.get("rate_hz", 0)),
                                                        lost=format_number(lost, 1))
        if not c.quality_ok:
            quality += " — " + _("left out: {why}").format(why=c.quality_note)
        test = _("weekly check") if c.level == WEEKLY_CHECK else _("standard test") \
            if c.level == "standard-balance-test" else c.level
        length = _whole_or_tenth(c.protocol.get("trial_s") or 0)
        rows.append([day(c.date), f"{test}, {c.protocol.get('trials', '?')} × {length} s",
                     ", ".join(f"{name_of(k)} {v}/{n}" for k, (v, n) in per.items()), quality])
    doc.table([_("Date"), _("Test and protocol"), _("Trials valid / done"), _("Measurement quality")], rows,
              [0.13, 0.21, 0.38, 0.28], size=7.5)


def _trends(doc: Document, data: ReportData) -> None:
    p = data.progress
    doc.heading(_("Trends of the weekly check"), keep=70)
    doc.text(_("Weekly mean sway velocity (geometric mean of the valid trials) with its 95 % band from {source}. "
               "Lower is steadier.").format(source=p.sd_source), NOTE, colour=GREY)
    doc.chart(charts.trends(p.points, ("left-leg", "right-leg"), {c: name_of(c) for c in CONDITION_NAMES},
                            _("Sway velocity per week, one leg"), week_start))
    doc.heading(_("What changed"), 2)
    rows = []
    for v in p.verdicts:
        if v.verdict == "not enough data":
            rows.append([name_of(v.condition), "—", "—", "—", "—", _("not enough weeks yet")])
        else:
            rows.append([name_of(v.condition), format_number(v.baseline, 1), format_number(v.latest, 1),
                         f"{v.change_pct:+.0f} %", v.thresholds, _(v.verdict)])
    doc.table([_("Condition"), _("First 2 weeks (mm/s)"), _("Latest 2 weeks (mm/s)"), _("Change"), _("MDC (95 %)"),
               _("Verdict")], rows, [0.24, 0.14, 0.14, 0.1, 0.16, 0.22], size=8)
    if p.excluded:
        doc.text(_("Left out of the trends: {which}.").format(which="; ".join(
            f"{day(week_start(e['week']))} ({e['reason']})" for e in p.excluded)), 8, colour=GREY)


def _romberg_symmetry(doc: Document, data: ReportData) -> None:
    p = data.progress
    doc.heading(_("Eyes closed against open, left against right"), keep=115)  # the text and both charts
    injured = data.player.get("injured_side")
    doc.text(_("Romberg quotient = sway velocity with eyes closed ÷ with eyes open, both feet, same week: above 1 the "
               "patient relies on vision. One-leg symmetry = (left − right) ÷ the mean of the two one-leg "
               "velocities: above 0 the LEFT leg sways more (is the weaker), below 0 the RIGHT; within ±10 % counts "
               "as even.") + (" " + _("Recorded injured side: {side}.").format(side=_(injured)) if injured else ""),
             NOTE, colour=GREY)
    rq = romberg(p)
    lines = []
    if rq:
        lines.append(_("Romberg quotient, latest week: {q} (first: {first}).").format(
            q=format_number(rq[-1][1], 2), first=format_number(rq[0][1], 2)))
    if p.symmetry:
        w, s = p.symmetry[-1]
        lines.append(_("One-leg symmetry, week of {date}: {pct:+.0f} %, {words}.").format(
            date=day(week_start(w)), pct=s, words=worse_leg(s)))
    if lines:
        doc.text("\n".join(lines), 9.5, bold=True)
    doc.charts([charts.romberg(rq), charts.symmetry([(week_start(w), s) for w, s in p.symmetry])], 2)


def _limits(doc: Document, data: ReportData) -> None:
    doc.heading(_("Limits of stability"), keep=110)
    doc.text(_("Leaning as far as possible toward eight targets without stepping. Maximum excursion in % of the "
               "theoretical limit for the patient's height (the dashed ring); the composite is its mean over the "
               "directions. Directional control: on-axis minus off-axis travel as % of on-axis; reaction time from "
               "the cue to movement onset."), NOTE, colour=GREY)
    if not data.limits:
        doc.text(_("Not measured in this period (Player setup: limits of stability)."), 9.5)
        return
    first, last = data.limits[0], data.limits[-1]
    words = {deg: _(w) for deg, w in DIRECTIONS.items()}

    def excursions(m):
        return {d["direction_deg"]: d["max_excursion_pct"] for d in m["directions"]}

    score = _composite(last)
    doc.text(ngettext("Composite score {score} % ({date}), {n} measurement in this period.",
                      "Composite score {score} % ({date}), {n} measurements in this period.", len(data.limits)).format(
        score=format_number(score or 0), date=day(last["date"]), n=len(data.limits))
        + ("" if len(data.limits) < 2 else " " + _("First: {score} % ({date}).").format(
            score=format_number(_composite(first) or 0), date=day(first["date"]))), 10, bold=True)
    doc.chart(charts.limits_polar(excursions(first), excursions(last), words, day(last["date"]),
                                  day(first["date"]) if len(data.limits) > 1 else None), 0.55, 0.22)
    rows = []
    for d in sorted(last["directions"], key=lambda d: list(DIRECTIONS).index(d["direction_deg"])):
        rows.append([words[d["direction_deg"]], format_number(d["max_excursion_pct"]),
                     format_number(d["endpoint_excursion_pct"]), format_number(d["directional_control_pct"]),
                     "—" if d.get("reaction_time_s") is None else format_number(d["reaction_time_s"], 2),
                     "—" if d.get("movement_velocity_deg_s") is None else format_number(d["movement_velocity_deg_s"], 1)])
    doc.table([_("Direction"), _("Max. excursion (%)"), _("Endpoint excursion (%)"), _("Directional control (%)"),
               _("Reaction time (s)"), _("Movement velocity (°/s)")], rows, [0.2, 0.16, 0.16, 0.16, 0.15, 0.17], size=8)


def _norms(doc: Document, data: ReportData) -> None:
    doc.heading(_("Compared with healthy adults"), keep=60)
    doc.text(_("Only the standard balance test (60 s on both feet, eyes open then closed, optionally on foam) follows "
               "the protocol of the reference data set, so only it is compared. The number is the share of healthy "
               "adults of the patient's sex and age (±10 years, widened until at least 20 people) who swayed more "
               "than the patient: higher = steadier. Reference: {ref}.").format(ref=norms.SHORT_ATTRIBUTION),
             NOTE, colour=GREY)
    rows = norm_rows(data)
    if not rows:
        doc.text(_("No standard balance test (60 s) in this period."), 9.5)
        return
    if not any("velocity_pct" in r for r in rows):
        doc.text(_("The comparison needs the patient's birth year and sex: poise players set NAME --birth-year YEAR "
                   "--sex F|M."), 9.5, bold=True)
    table = [[day(r["date"]), name_of(r["condition"]), str(r["n"]), format_number(r["velocity"], 1),
              norms.share_words(r["velocity_pct"].steadier_than_pct) if "velocity_pct" in r else "—",
              format_number(r["area"]),
              norms.share_words(r["area_pct"].steadier_than_pct) if "area_pct" in r else "—",
              r["velocity_pct"].group.words if "velocity_pct" in r else "—"] for r in rows]
    doc.table([_("Date"), _("Condition"), _("Trials"), _("Velocity (mm/s)"), _("Steadier than (velocity)"),
               _("Area (mm²)"), _("Steadier than (area)"), _("Reference group")], table,
              [0.11, 0.17, 0.07, 0.1, 0.12, 0.09, 0.12, 0.22], size=7.5)
    latest = {r["condition"]: r for r in rows if "velocity_pct" in r}
    if latest:
        people = norms.reference()
        chart_rows = []
        for condition, r in latest.items():
            g = r["velocity_pct"].group
            _group, members = norms.group(people, g.sex, data.age_on(r["date"]), r["norm"])
            chart_rows.append((name_of(condition), [m.velocity_mm_s for m in members], r["velocity"]))
        doc.chart(charts.against_norms(chart_rows))
    doc.text(_("Reading it: the game's values are low-pass filtered at 5 Hz (a board's sensor noise would otherwise "
               "inflate velocity); on the data set's own force-plate trials that filter changes velocity by −12 % to "
               "+1 % (median −2 %). A balance board is not a force plate: treat the comparison as a guide, and "
               "compare the patient with their own earlier tests first."), 8, colour=GREY)


# --- adherence, record, safety -------------------------------------------------------------------------------------


def _adherence_safety(doc, data: ReportData) -> None:
    doc.heading(_("Adherence to the programme"))
    if data.protocol:
        prot = data.protocol
        by = " " + _("by {who}").format(who=prot["clinician"]) if prot.get("clinician") else ""
        doc.text(_("Weekly-check protocol set {date}{by} from {source}: {conditions}; {trials} × {trial_s} s, {rest} s "
                   "rest, foam pad {foam}.").format(date=day(prot["set_at"]), by=by, source=prot["source"],
                                                    conditions=", ".join(name_of(c) for c in prot["conditions"]),
                                                    trials=prot["trials"], trial_s=_whole_or_tenth(prot["trial_s"]),
                                                    rest=_whole_or_tenth(prot["rest_s"]),
                                                    foam=_("yes") if prot.get("foam") else _("no")), 9)
    kept = data.adherence
    if kept and kept["programme"] and kept["weeks"]:
        source = " " + _("from {source}").format(source=kept["source"]) if kept["source"] else ""
        share = f" ({kept['share']:.0%})" if kept["share"] is not None else ""
        doc.text(_("Training programme: daily sessions {programme}{source}. Sessions done against planned, per "
                   "programme week (a week is 7 days from the first session): {done} of {planned}{share}.").format(
            programme=kept["programme"], source=source, done=kept["done"], planned=kept["planned"], share=share), 9.5)
        doc.table([_("Week"), _("Dates"), _("Sessions done / planned"), _("Complete"), _("Minutes")],
                  [[str(w["week"]), f"{day(w['start'])} – {day(w['end'])}"
                    + (" " + _("(in progress)") if w["in_progress"] else ""), f"{w['done']} / {w['planned']}",
                    _("yes") if w["complete"] else _("no"), f"{w['minutes']:.0f}"] for w in kept["weeks"]],
                  [0.1, 0.42, 0.2, 0.13, 0.15], size=8.5)
    average = ""
    if data.first and data.last:
        average = ", " + _("{n} days a week on average").format(n=format_number(
            len(data.training_days) / max(1, ((data.last - data.first).days + 1) / 7), 1))
    doc.text(("" if kept and kept["programme"] else _("Training programme: no programme set.") + " ")
             + ngettext("Training done: {days} day, {minutes} minutes in all",
                        "Training done: {days} days, {minutes} minutes in all", len(data.training_days)).format(
                 days=len(data.training_days), minutes=format_number(data.minutes)) + average + ".", 9.5)
    weekly = [c for c in data.checks if c.level == WEEKLY_CHECK]
    if data.first and data.last:
        weeks = ((data.last - data.first).days // 7) + 1
        doc.text(ngettext("Weekly balance check done in {n} of {weeks} week.",
                          "Weekly balance check done in {n} of {weeks} weeks.", weeks).format(
            n=len({c.date.isocalendar()[:2] for c in weekly}), weeks=weeks), 9.5)
    doc.heading(_("Clinical record"), keep=20)
    if data.record:
        doc.table([_("When"), _("Clinician"), _("Station"), _("What")],
                  [[day(r["at"]) + " " + r["at"][11:16], r["clinician"] or _("not recorded"), r["station"] or "—",
                    _record_words(r)] for r in data.record], [0.17, 0.18, 0.15, 0.50], size=8)
    else:
        doc.text(_("No protocol, programme or note was set by a clinician in this period."), 9.5)
    doc.heading(_("Safety incidents"), keep=20)
    if data.incidents:
        doc.table([_("When"), _("Level"), _("What happened"), _("Detail")],
                  [[day(i["at"]) + " " + i["at"][11:16], i["level"], _(INCIDENT_WORDS.get(i["kind"], i["kind"])),
                    incident_words(i["kind"], i["detail"])] for i in data.incidents], [0.17, 0.18, 0.33, 0.32], size=8)
    else:
        doc.text(_("No safety incidents (sudden loss of load, leaning past the limits) were logged in this period."),
                 9.5)
    doc.heading(_("Invalid trials"), keep=15)
    invalid = [(c, t) for c in data.checks for t in c.trials if not t["valid"]]
    if invalid:
        doc.table([_("Date"), _("Condition"), _("Trial"), _("Why it was marked invalid")],
                  [[day(c.date), name_of(t["condition"]), str(t["trial"]), t["note"]] for c, t in invalid],
                  [0.15, 0.25, 0.08, 0.52], size=8)
    else:
        doc.text(_("None: every trial in this period was valid."), 9.5)


def _whole_or_tenth(value: float) -> str:
    """A length or a number of seconds as the reader's language writes it: 165, 172,5."""
    return format_number(value, 0 if float(value).is_integer() else 1)


def _record_words(entry: dict) -> str:
    """One clinical-record entry as a reader wants it: what was set or cleared, or the note, shortened."""
    text = " ".join(entry_text(entry["clinician"] or "", entry["text"]).split())
    text = text if len(text) <= 140 else text[:137] + "…"
    if entry["kind"] == "note":
        return _("Note: {text}").format(text=text)
    what = {"protocol": _("Weekly check protocol"), "programme": _("Training programme")}.get(entry["kind"],
                                                                                                entry["kind"])
    return _("{what} cleared").format(what=what) if entry["action"] == "clear" else \
        _("{what} set: {text}").format(what=what, text=text)


# --- methods ---------------------------------------------------------------------------------------------------------


METHODS = (  # (title, body) in English for the catalogue; shown through _()
    (N_("Centre of pressure (COP)"),
     N_("From the board's four corner loads: COP = Σ Fᵢ·(xᵢ, yᵢ) / Σ Fᵢ; x to the player's right, y toward the toes, "
        "in mm. Metrics are computed from the stored raw samples (exact repeats dropped, window-averaged onto a "
        "uniform grid near the board's rate, first 2 s trimmed, 4th-order zero-phase Butterworth low-pass at 5 Hz), "
        "never from the smoothed on-screen cursor.")),
    (N_("Sway velocity"),
     N_("Path length of the COP divided by the trial duration T = N/fs (mm/s); the primary measure, being the most "
        "reliable between sessions (Ruhe et al. 2010).")),
    (N_("95 % ellipse area"),
     N_("Area of the finite-sample 95 % prediction ellipse of the COP, π·q·√det(cov), q = 2·F₀.₉₅(2, "
        "n−2)·(n−1)(n+1)/(n(n−2)) (mm²); its axes, drawn on the statokinesigrams, are √(q·λ) for the covariance's "
        "eigenvalues λ.")),
    (N_("Weekly trends and MDC"),
     N_("Per week and condition, the geometric mean of the valid trials' velocity with a 95 % band from the player's "
        "own trial-to-trial variability (the published within-subject value until 8 trials inform it). The first two "
        "weeks are compared with the latest two; a change is called an improvement or a decline only beyond the "
        "minimal detectable change, 1.96 standard errors of that difference counting both trial-to-trial and "
        "week-to-week spread; otherwise 'no clear change yet'. Only checks of good measurement quality (calibrated "
        "board, at least 30 samples/s, under 2 % lost samples or corrupt frames) and of the same protocol (trial "
        "length) as the latest check are compared.")),
    (N_("Romberg quotient"),
     N_("Sway velocity eyes closed ÷ eyes open, both feet, in the same week.")),
    (N_("One-leg symmetry"),
     N_("(left − right) ÷ the mean of the two one-leg velocities, in %; positive: the left leg sways more.")),
    (N_("Limits of stability"),
     N_("Per direction: reaction time (cue to movement onset), movement velocity (5–95 % of the excursion), endpoint "
        "and maximum excursion in % of the theoretical limit (8° forward and sideways, 4.5° back at a centre-of-mass "
        "height of 0.55 × body height), directional control (on-axis − off-axis) ÷ on-axis. The composite score is "
        "the mean maximum excursion over the directions tested.")),
    (N_("Invalid trials"),
     N_("Stepping off, a touch-down of the lifted foot, or standing on the wrong leg marks a trial invalid; it is "
        "kept with its reason, never used, and one more trial is added.")),
    (N_("Comparison with healthy adults"),
     N_("Reference: the public balance data set of Santos & Duarte (2016), 163 healthy adults aged 18–86, 60 s on a "
        "force plate, three trials per condition. A person's value is the mean of their trials in the condition (in "
        "mm/s and mm²); the reference group is the people of the patient's sex within ±10 years of the patient's "
        "age, widened in 5-year steps until it holds at least 20; the number shown is the share of the group who "
        "swayed more than the patient (ties counting half): higher = steadier. Shown only for the standard balance "
        "test, whose protocol matches. Limits: force plate against balance board; the data set's people are "
        "Brazilian volunteers, mostly women; 47 men, so men's groups are wider.")),
    (N_("Safety"),
     N_("Play pauses on a sudden loss of load and when the COP passes the player's limits of stability; both are "
        "logged as incidents.")),
)
REFERENCES = (
    "Santos DA, Duarte M (2016). A public data set of human balance evaluations. PeerJ 4:e2648. doi:10.7717/peerj.2648.",
    "Prieto TE, Myklebust JB, Hoffmann RG, Lovett EG, Myklebust BM (1996). Measures of postural steadiness. IEEE "
    "Trans Biomed Eng 43(9):956–966.",
    "Ruhe A, Fejer R, Walker B (2010). The test–retest reliability of centre of pressure measures in bipedal static "
    "task conditions: a systematic review. Gait Posture 32:436–445.",
    "Schubert P, Kirchner M (2014). Ellipse area calculations and their applicability in posturography. Gait Posture "
    "39:518–522.",
    "Clark RA et al. (2010). Validity and reliability of the Nintendo Wii Balance Board for assessment of standing "
    "balance. Gait Posture 31:307–310.",
    "Scoppa F et al. (2013). Clinical stabilometry standardization. Gait Posture 37:290–292.",
)


def _methods(doc: Document, data: ReportData) -> None:
    doc.new_page()
    doc.heading(_("Methods, definitions and references"))
    for title, body in METHODS:
        doc.text(_(title), 9, bold=True, gap=0.3)
        doc.text(_(body), 8, indent=4.0, gap=1.5)
    doc.heading(_("References"), 2, keep=20)
    for ref in REFERENCES:
        doc.text("–  " + ref, 7.5, indent=2.0, gap=0.5)
    doc.heading(_("Data attribution"), 2, keep=15)
    doc.text(_(norms.ATTRIBUTION) + " " + _("Poise derived a per-person table from the authors' per-trial table (mean of "
                                         "each person's trials per condition, converted to mm); no values were "
                                         "removed."), 8)
