"""The after-action report as Markdown: readable tables in place of charts."""

from __future__ import annotations

from game.engine.describe import positions_text, signed
from game.report.model import Report, TurnReport
from game.text import arrow


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def report_markdown(report: Report) -> str:
    """The report as one Markdown document."""
    game = report.game
    s = game.scenario
    out = [f"# After-action report: {s.title}", "",
           f"*{s.period} - seed {report.seed} - {len(report.turns)} of {len(s.turns)} turns played*", ""]
    if report.seats:
        out += ["**Seats:** " + ", ".join(f"{game.role_name(r)} ({k})" for r, k in report.seats.items()), ""]
    out += ["## Outcome", "", f"**{report.outcome_title}** - {report.outcome_description}", "",
            "| Role | Score | How |", "|---|---:|---|"]
    for sc in sorted(report.scores, key=lambda x: -x.total):
        how = "; ".join(f"{signed(line.points)} {line.label}" for line in sc.lines if line.points)
        out.append(f"| {game.role_name(sc.role)} | {sc.total:g} | {_cell(how)} |")
    out += ["", "## Turning points", ""]
    for tp in report.turning_points:
        name = game.tracks[tp.track].name
        out.append(f"- **Turn {tp.turn}: {name} {signed(tp.delta)} {arrow(tp.delta)}** - "
                   + "; ".join(tp.causes))
    out += ["", "## Tracks over the game", "", _track_table(report, pairs=False), "",
            "## Confidence between the parties", "", _track_table(report, pairs=True), "", "## Timeline", ""]
    for turn in report.turns:
        out += _turn(report, turn)
    if report.notes:
        out += ["## Facilitator's notes", ""] + [f"- Turn {t}: {text}" for t, text in report.notes] + [""]
    if s.discussion:
        out += ["## Questions for the debrief", ""] + [f"{i}. {q}" for i, q in enumerate(s.discussion, 1)] + [""]
    return "\n".join(out).rstrip() + "\n"


def _track_table(report: Report, pairs: bool) -> str:
    game = report.game
    turns = len(next(iter(report.series.values()))) - 1
    header = "| Track | Start | " + " | ".join(f"T{i}" for i in range(1, turns + 1)) + " | Change |"
    rows = [header, "|---|---:|" + "---:|" * turns + "---|"]
    for key, values in report.series.items():
        if (len(game.tracks[key].roles) == 2) != pairs:
            continue
        gained = values[-1] - values[0]
        rows.append(f"| {game.tracks[key].name} | " + " | ".join(map(str, values))
                    + f" | {signed(gained)} {arrow(gained)} |")
    return "\n".join(rows) if len(rows) > 2 else "_(none in this scenario)_"


def _turn(report: Report, turn: TurnReport) -> list[str]:
    game = report.game
    out = [f"### Turn {turn.number}: {turn.label} ({turn.date})", ""]
    out.append(f"**Event:** {turn.card} - {turn.card_text}" if turn.card else "**Event:** none")
    out.append("")
    for text in turn.interventions:
        out.append(f"- *Facilitator:* {text}")
    if turn.proposals:
        out += ["", "| # | From | To | Terms | Note | Fate |", "|---:|---|---|---|---|---|"]
        for p in turn.proposals:
            fate = p.status + (f" (counter to #{p.counter_of})" if p.counter_of else "")
            out.append(f"| {p.id} | {p.proposer} | {p.to} | {_cell(p.terms)} | {_cell(p.note)} | {fate} |")
        out.append("")
    out += [f"- {text}" for text in turn.settlements]
    if turn.positions:
        out += ["", "| Role | Positions revealed |", "|---|---|"]
        for role, held in turn.positions.items():
            listing = positions_text(game, role, held)
            out.append(f"| {game.role_name(role)} | {_cell(listing) or '-'} |")
    out += [f"- *Red line:* {text}" for text in turn.red_lines]
    if turn.history:
        out += ["", f"> **What happened in reality:** {turn.history}"]
    out.append("")
    return out
