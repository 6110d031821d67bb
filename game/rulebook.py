"""The rulebook's tables, generated from a scenario: tracks, scoring, options and effects, cards, bands.

``rules.md`` holds one generated block per scenario it documents, between the markers
``<!-- BEGIN GENERATED: ID -->`` and ``<!-- END GENERATED -->``. :func:`generated_block` renders
a block; :func:`splice` puts it into a rulebook in place of the old one; :func:`stale_blocks`
lists the blocks that no longer match their scenario (the test of ``rules.md`` uses it).

Everything is rendered from the compiled scenario, with conditions and effects in words
(:mod:`game.describe_rules`), so a group playing on paper reads exactly what the program does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from game.describe_rules import condition_text, effect_text, track_key
from game.engine import Game
from game.handouts import AREAS
from game.handouts import _cell as cell
from game.scenario.loader import LoadedScenario
from game.scenario.models import Effect, Metric

BEGIN = "<!-- BEGIN GENERATED: {id} -->"
END = "<!-- END GENERATED -->"
_BLOCK = re.compile(r"<!-- BEGIN GENERATED: (?P<id>[a-z0-9-]+) -->\n(?P<body>.*?)<!-- END GENERATED -->", re.S)


class RulebookError(ValueError):
    """A rulebook without the markers a generated block needs."""


def _effects(game: Game, effects: Iterable[Effect], owner: str | None = None) -> str:
    return "<br>".join(cell(effect_text(game, e, owner)) for e in effects) or "-"


def _when(game: Game, condition: str | None, owner: str | None = None, otherwise: str = "always") -> str:
    return cell(condition_text(game, condition, owner)) if condition else otherwise


def _calendar(game: Game) -> list[str]:
    out = ["| Turn | Period | Negotiation phase |", "|---|---|---|"]
    for i, turn in enumerate(game.scenario.turns, 1):
        out.append(f"| {i} | {cell(turn.label)} ({cell(turn.date)}) | {'yes' if turn.negotiation else 'no'} |")
    return out


def _kept_for(game: Game, metric: Metric) -> str:
    keys = [t for t in game.tracks.values() if t.metric == metric.id]
    if metric.scope == "global":
        return f"one track; starts at {keys[0].start}"
    if metric.scope == "role":
        return "each of " + ", ".join(f"{game.role_name(t.roles[0])} (starts at {t.start})" for t in keys)
    return "each pair: " + ", ".join(
        f"{game.role_name(t.roles[0])}-{game.role_name(t.roles[1])} ({t.start})" for t in keys
    )


def _tracks(game: Game) -> list[str]:
    out = ["| Track | Tracks kept, with starting values | Range | Better |", "|---|---|---|---|"]
    for metric in game.scenario.metrics:
        better = "higher" if metric.higher_is_better else "lower"
        out.append(f"| **{cell(metric.name)}** - {cell(metric.description)} | {cell(_kept_for(game, metric))} "
                   f"| {metric.min} to {metric.max} | {better} |")
    return out


def _scoring(game: Game) -> list[str]:
    out = ["| Role | Points per step a track ends above its start (below: the same, taken away) |", "|---|---|"]
    for role in game.scenario.roles:
        parts = []
        for ref, weight in role.score.items():
            key = track_key(game, ref, role.id)
            parts.append(f"{game.tracks[key].name if key else ref} {weight:g}")
        out.append(f"| {cell(role.name)} | {cell('; '.join(parts))} |")
    out += ["", "| Role | Objective (checked once, at the end) | Holds when | Points |", "|---|---|---|---|"]
    for role in game.scenario.roles:
        for o in role.brief.objectives:
            out.append(f"| {cell(role.name)} | {cell(o.text)} | {_when(game, o.when, role.id)} | {o.points:+d} |")
    out += ["", "| Role | Red line (checked at every resolution) | Crossed when | Points lost each turn crossed |",
            "|---|---|---|---|"]
    for role in game.scenario.roles:
        for r in role.brief.red_lines:
            out.append(f"| {cell(role.name)} | {cell(r.text)} | {_when(game, r.when, role.id)} | {-r.penalty:d} |")
    return out


def _decisions(game: Game) -> list[str]:
    out: list[str] = []
    for role in game.scenario.roles:
        for dec in role.decisions:
            rules = game.decision(role.id, dec.id)
            asset = f" - {cell(dec.asset)}" if dec.asset else ""
            opens = f" Open only when {_when(game, dec.available, role.id)}." if dec.available else ""
            out += [
                f"**{cell(role.name)}: {cell(dec.name)}** ({AREAS[dec.area]}{asset}). "
                f"{cell(dec.description)} Starts at *{cell(rules.option(rules.initial).name)}*.{opens}",
                "",
                "| # | Option | May be chosen | Effects at each resolution while held |",
                "|---|---|---|---|",
            ]
            for i, opt in enumerate(dec.options, 1):
                allowed = _when(game, opt.requires, role.id)
                if opt.final:
                    allowed += "; **final**: once revealed, held for the rest of the game"
                out.append(f"| {i} | **{cell(opt.name)}** - {cell(opt.description)} | {allowed} "
                           f"| {_effects(game, opt.effects, role.id)} |")
            out.append("")
    return out[:-1]


def _deck(game: Game) -> list[str]:
    out = ["| Card | Turns | Copies | May be drawn only when | Effects when drawn |", "|---|---|---|---|---|"]
    for card in game.scenario.events:
        turns = ", ".join(map(str, card.turns)) if card.turns else "any"
        out.append(f"| **{cell(card.title)}** - {cell(card.text)} | {turns} | {card.weight} "
                   f"| {_when(game, card.when)} | {_effects(game, card.effects)} |")
    return out


def _negotiation(game: Game) -> list[str]:
    n = game.scenario.negotiation
    trust = next(m.name for m in game.scenario.metrics if m.id == n.trust_metric)
    rows = [
        ("Proposals (counters included) per role per turn", str(n.max_proposals)),
        ("Commitments in one proposal", str(n.max_commitments)),
        ("Longest an agreement binds", f"{n.max_agreement_turns} turn(s)"),
        ("Characters in a proposal's note", str(n.max_note_chars)),
        (f"Agreement kept: {trust} of each pair of its parties", f"{n.kept_delta:+d}"),
        (f"Agreement broken: {trust} between each breaker and each other party", f"{n.broken_delta:+d}"),
        ("Also, once for each agreement kept", _effects(game, n.kept_effects)),
        ("Also, once for each agreement broken", _effects(game, n.broken_effects)),
    ]
    return ["| Rule | Value |", "|---|---|", *(f"| {a} | {b} |" for a, b in rows)]


def _outcomes(game: Game) -> list[str]:
    out = ["| Order | Band | Applies when |", "|---|---|---|"]
    for i, band in enumerate(game.scenario.outcomes, 1):
        out.append(f"| {i} | **{cell(band.title)}** - {cell(band.description)} "
                   f"| {_when(game, band.when, otherwise='otherwise (the fallback)')} |")
    return out


_SECTIONS: tuple[tuple[str, Callable[[Game], list[str]]], ...] = (
    ("Calendar", _calendar),
    ("Tracks", _tracks),
    ("Scoring", _scoring),
    ("Decisions, options and effects", _decisions),
    ("Event deck", _deck),
    ("Developments each turn", lambda game: [
        "Applied at every resolution, after the options and the agreements: "
        + (_effects(game, game.scenario.each_turn).replace("<br>", "; ") if game.scenario.each_turn else "none.")]),
    ("Negotiation", _negotiation),
    ("Outcome bands (the first that holds applies)", _outcomes),
)


def scenario_tables(loaded: LoadedScenario, level: int = 3) -> str:
    """Every rules table of a scenario as Markdown, headed at ``level``."""
    game = loaded.game
    s = game.scenario
    hashes = "#" * level
    out = [f"{hashes} Tables of {s.title} (`{s.id}`)", "",
           f"{s.period}; {len(s.turns)} turns; roles: {', '.join(r.name for r in s.roles)}.", ""]
    for title, render in _SECTIONS:
        out += [f"{hashes}# {title}", "", *render(game), ""]
    return "\n".join(out).rstrip() + "\n"


def generated_block(loaded: LoadedScenario, level: int = 3) -> str:
    """The tables between their markers, as they belong in ``rules.md``."""
    return (f"{BEGIN.format(id=loaded.game.id)}\n"
            f"<!-- made by `wargame rules --scenario {loaded.game.id}`; do not edit by hand -->\n\n"
            f"{scenario_tables(loaded, level)}{END}")


def blocks(text: str) -> dict[str, str]:
    """The generated blocks of a rulebook, by scenario id (markers included)."""
    return {m["id"]: m.group(0) for m in _BLOCK.finditer(text)}


def splice(text: str, loaded: LoadedScenario) -> str:
    """``text`` with the scenario's generated block replaced by a fresh one."""
    old = blocks(text).get(loaded.game.id)
    if old is None:
        raise RulebookError(f"no '{BEGIN.format(id=loaded.game.id)}' ... '{END}' block to replace")
    return text.replace(old, generated_block(loaded), 1)


def stale_blocks(text: str, load: Callable[[str], LoadedScenario]) -> list[str]:
    """Ids of the generated blocks of ``text`` that differ from what their scenario gives now."""
    return [sid for sid, block in blocks(text).items() if block != generated_block(load(sid))]


__all__ = ["BEGIN", "END", "RulebookError", "blocks", "generated_block", "scenario_tables", "splice", "stale_blocks"]
