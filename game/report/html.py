"""The after-action report as one self-contained HTML file (inline CSS and SVG; opens offline).

Charts never rely on colour alone: each line is labelled, and every chart has a text table
beside it for screen readers and for projectors that wash colours out.
"""

from __future__ import annotations

from html import escape

from game.engine.describe import positions_text, signed
from game.report.model import Report, TurnReport
from game.text import arrow

_CSS = """
:root { --fg:#1b1f24; --bg:#ffffff; --muted:#57606a; --line:#d0d7de; --accent:#0969da; --card:#f6f8fa; }
@media (prefers-color-scheme: dark) {
  :root { --fg:#e6edf3; --bg:#0d1117; --muted:#8d96a0; --line:#30363d; --accent:#4493f8; --card:#161b22; }
}
body { font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto;
       max-width: 70rem; padding: 1.5rem; }
h1 { font-size: 1.8rem; margin-bottom: .2rem; } h2 { border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
.muted { color: var(--muted); }
table { border-collapse: collapse; margin: .6rem 0; width: 100%; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); gap: .8rem; }
figure { margin: 0; padding: .5rem; background: var(--card); border: 1px solid var(--line); border-radius: 6px; }
figcaption { font-weight: 600; font-size: .9rem; }
svg text { fill: var(--muted); font-size: 10px; } svg .value { fill: var(--fg); font-weight: 600; }
svg polyline { fill: none; stroke: var(--accent); stroke-width: 2; } svg .grid { stroke: var(--line); }
.band { font-size: 1.3rem; padding: .6rem 1rem; background: var(--card); border-left: 4px solid var(--accent); }
blockquote { margin: .5rem 0; padding: .3rem .8rem; border-left: 3px solid var(--line); color: var(--muted); }
@media print { .charts { grid-template-columns: repeat(3, 1fr); } body { max-width: none; } }
"""


def _chart(title: str, values: list[int], low: int, high: int) -> str:
    """A small line chart of one track over the turns, with its values written on it."""
    width, height, pad = 260, 110, 22
    span = max(1, high - low)
    steps = max(1, len(values) - 1)

    def x(i: int) -> float:
        return pad + i * (width - 2 * pad) / steps

    def y(v: int) -> float:
        return height - pad - (v - low) * (height - 2 * pad) / span

    points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
    labels = "".join(f'<text class="value" x="{x(i):.1f}" y="{y(v) - 5:.1f}" text-anchor="middle">{v}</text>'
                     for i, v in enumerate(values))
    ticks = "".join(f'<text x="{x(i):.1f}" y="{height - 6}" text-anchor="middle">{"S" if i == 0 else i}</text>'
                    for i in range(len(values)))
    gained = values[-1] - values[0]
    summary = f"{title}: from {values[0]} to {values[-1]} ({signed(gained)}), range {low} to {high}"
    return (
        f'<figure><figcaption>{escape(title)} <span class="muted">{signed(gained)} {arrow(gained)}</span>'
        f'</figcaption><svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(summary)}">'
        f"<title>{escape(summary)}</title>"
        f'<line class="grid" x1="{pad}" y1="{y(low):.1f}" x2="{width - pad}" y2="{y(low):.1f}"/>'
        f'<line class="grid" x1="{pad}" y1="{y(high):.1f}" x2="{width - pad}" y2="{y(high):.1f}"/>'
        f'<text x="2" y="{y(high) + 3:.1f}">{high}</text><text x="2" y="{y(low) + 3:.1f}">{low}</text>'
        f'<polyline points="{points}"/>{labels}{ticks}</svg></figure>'
    )


def report_html(report: Report) -> str:
    """The report as one HTML page."""
    game = report.game
    s = game.scenario
    body = [f"<h1>After-action report: {escape(s.title)}</h1>",
            f'<p class="muted">{escape(s.period)} &middot; seed {report.seed} &middot; '
            f"{len(report.turns)} of {len(s.turns)} turns played</p>"]
    if report.seats:
        seats = ", ".join(f"{escape(game.role_name(r))} ({escape(k)})" for r, k in report.seats.items())
        body.append(f"<p><strong>Seats:</strong> {seats}</p>")
    body += ["<h2>Outcome</h2>", f'<p class="band"><strong>{escape(report.outcome_title)}</strong> - '
             f"{escape(report.outcome_description)}</p>", "<table><tr><th>Role</th><th class='num'>Score</th>"
             "<th>How</th></tr>"]
    for sc in sorted(report.scores, key=lambda x: -x.total):
        how = "<br>".join(f"{signed(line.points)} {escape(line.label)}" for line in sc.lines if line.points)
        body.append(f"<tr><td>{escape(game.role_name(sc.role))}</td><td class='num'>{sc.total:g}</td><td>{how}</td></tr>")
    body += ["</table>", "<h2>Turning points</h2>", "<ol>"]
    for tp in report.turning_points:
        body.append(f"<li><strong>Turn {tp.turn}: {escape(game.tracks[tp.track].name)} {signed(tp.delta)} "
                    f"{arrow(tp.delta)}</strong> - {escape('; '.join(tp.causes))}</li>")
    body.append("</ol>")
    for heading, pairs in (("Tracks over the game", False), ("Confidence between the parties", True)):
        charts = [
            _chart(game.tracks[key].name, values, game.tracks[key].min, game.tracks[key].max)
            for key, values in report.series.items() if (len(game.tracks[key].roles) == 2) == pairs
        ]
        if charts:
            body += [f"<h2>{heading}</h2>", '<div class="charts">', *charts, "</div>"]
    body.append("<h2>Timeline</h2>")
    for turn in report.turns:
        body += _turn(report, turn)
    if report.notes:
        body += ["<h2>Facilitator's notes</h2>", "<ul>"]
        body += [f"<li>Turn {t}: {escape(text)}</li>" for t, text in report.notes]
        body.append("</ul>")
    if s.discussion:
        body += ["<h2>Questions for the debrief</h2>", "<ol>", *[f"<li>{escape(q)}</li>" for q in s.discussion], "</ol>"]
    return ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>After-action report: {escape(s.title)}</title><style>{_CSS}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def _turn(report: Report, turn: TurnReport) -> list[str]:
    game = report.game
    out = [f"<h3>Turn {turn.number}: {escape(turn.label)} <span class='muted'>({escape(turn.date)})</span></h3>"]
    if turn.card:
        out.append(f"<p><strong>Event:</strong> {escape(turn.card)} - {escape(turn.card_text)}</p>")
    out += [f"<p><em>Facilitator:</em> {escape(t)}</p>" for t in turn.interventions]
    if turn.proposals:
        out.append("<table><tr><th class='num'>#</th><th>From</th><th>To</th><th>Terms</th><th>Note</th><th>Fate</th></tr>")
        for p in turn.proposals:
            fate = p.status + (f" (counter to #{p.counter_of})" if p.counter_of else "")
            out.append(f"<tr><td class='num'>{p.id}</td><td>{escape(p.proposer)}</td><td>{escape(p.to)}</td>"
                       f"<td>{escape(p.terms)}</td><td>{escape(p.note)}</td><td>{escape(fate)}</td></tr>")
        out.append("</table>")
    if turn.settlements:
        out += ["<ul>", *[f"<li>{escape(t)}</li>" for t in turn.settlements], "</ul>"]
    if turn.positions:
        out.append("<table><tr><th>Role</th><th>Positions revealed</th></tr>")
        for role, held in turn.positions.items():
            listing = positions_text(game, role, held)
            out.append(f"<tr><td>{escape(game.role_name(role))}</td><td>{escape(listing) or '-'}</td></tr>")
        out.append("</table>")
    out += [f"<p><em>Red line:</em> {escape(t)}</p>" for t in turn.red_lines]
    if turn.history:
        out.append(f"<blockquote><strong>What happened in reality:</strong> {escape(turn.history)}</blockquote>")
    return out
