"""Briefing packs as Markdown: one per role (private), and the facilitator's pack (everything).

A role's pack holds what that role may know before play: the situation, its public face and
private brief, its objectives and red lines, how it is scored, its decisions with each option's
effects (the rules are public), the other parties' public faces, the calendar and the sources.
"""

from __future__ import annotations

from collections.abc import Iterable

from game.describe_rules import condition_text, effect_text, possessive, track_key
from game.engine import Game
from game.scenario.loader import LoadedScenario
from game.scenario.models import Citation, Role

AREAS = {"transparency": "Transparency", "data_sharing": "Data-sharing", "basing": "Basing", "lever": "Other levers"}


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _sources(loaded: LoadedScenario, citations: Iterable[Citation]) -> str:
    """Citations grouped by text: ``Title (date): "quote"; "quote". Other title (date): ...``."""
    catalogue = {e.id: e for e in loaded.sources}
    quotes: dict[str, list[str]] = {}
    for c in citations:
        if f'"{c.quote}"' not in quotes.setdefault(c.text, []):
            quotes[c.text].append(f'"{c.quote}"')
    parts = []
    for text_id, said in quotes.items():
        entry = catalogue.get(text_id)
        where = f"{entry.title} ({entry.date})" if entry else text_id
        parts.append(f"{where}: {'; '.join(said)}")
    return ". ".join(parts)


def _calendar(game: Game, with_history: bool) -> list[str]:
    lines = ["| Turn | Period | Negotiation |" + (" What happened in reality |" if with_history else ""),
             "|---|---|---|" + ("---|" if with_history else "")]
    for i, turn in enumerate(game.scenario.turns, 1):
        row = f"| {i} | {_cell(turn.label)} ({_cell(turn.date)}) | {'yes' if turn.negotiation else 'no'} |"
        if with_history:
            row += f" {_cell(turn.history or '')} |"
        lines.append(row)
    return lines


def _scoring(game: Game, role: Role) -> list[str]:
    lines = []
    for ref, weight in role.score.items():
        key = track_key(game, ref, role.id)
        name = game.tracks[key].name if key else ref
        lines.append(f"- {name}: {weight:+g} point(s) for each step above its starting value "
                     "(and the opposite for each step below it)")
    return lines


def _brief_sections(loaded: LoadedScenario, role: Role, heading: str = "##") -> list[str]:
    game = loaded.game
    brief = role.brief
    out = [f"{heading} Brief of {role.name} (private)", "", brief.summary.strip(), ""]
    if brief.objectives:
        out += [f"{heading}# Objectives (checked at the end of the game)", ""]
        out += [f"- **{_cell(o.text)}** - {o.points:+d} points if {condition_text(game, o.when, role.id)}"
                for o in brief.objectives]
        out.append("")
    if brief.red_lines:
        out += [f"{heading}# Red lines", ""]
        out += [f"- **{_cell(r.text)}** - {-r.penalty:d} points for every turn in which "
                f"{condition_text(game, r.when, role.id)}" for r in brief.red_lines]
        out.append("")
    out += [f"{heading}# How {role.name} is scored", ""]
    out += _scoring(game, role)
    out += ["", f"*Sources: {_sources(loaded, brief.sources)}*", ""]
    return out


def _decisions(loaded: LoadedScenario, role: Role) -> list[str]:
    game = loaded.game
    out: list[str] = []
    for dec in role.decisions:
        rules = game.decision(role.id, dec.id)
        asset = f" - {dec.asset}" if dec.asset else ""
        out += [f"### {dec.name} ({AREAS[dec.area]}{asset})", "", dec.description.strip(), ""]
        notes = [f"You start at **{rules.option(rules.initial).name}**."]
        if dec.available:
            notes.append(f"Open only when {condition_text(game, dec.available, role.id)}.")
        out += [" ".join(notes), "", "| Option | What it means | Effects each turn it is held |", "|---|---|---|"]
        for opt in dec.options:
            effects = "<br>".join(_cell(effect_text(game, e, role.id)) for e in opt.effects) or "none"
            extra = []
            if opt.requires:
                extra.append(f"only when {condition_text(game, opt.requires, role.id)}")
            if opt.final:
                extra.append("final: once revealed it cannot be changed")
            name = f"**{_cell(opt.name)}**" + (f" ({'; '.join(extra)})" if extra else "")
            out.append(f"| {name} | {_cell(opt.description)} | {effects} |")
        out += ["", f"*Sources: {_sources(loaded, (c for o in dec.options for c in o.sources[:1]))}*", ""]
    return out


def role_pack(loaded: LoadedScenario, role_id: str) -> str:
    """The private briefing pack of one role, as Markdown."""
    game = loaded.game
    s = game.scenario
    role = game.role(role_id)
    out = [
        f"# {s.title}: briefing for {role.name}",
        "",
        f"*{s.period} - {len(s.turns)} turns. For {role.name} only: do not show this to other teams.*",
        "",
        "## The situation",
        "",
        s.situation.strip(),
        "",
        f"## {role.name}",
        "",
        role.public.strip(),
        "",
        *_brief_sections(loaded, role),
        f"## {possessive(role.name)} decisions",
        "",
        "Each turn you may keep or change each of these positions; they are revealed together. "
        "Options are listed from the least to the most forthcoming.",
        "",
        *_decisions(loaded, role),
        "## The other parties",
        "",
    ]
    for other in s.roles:
        if other.id != role_id:
            decisions = ", ".join(d.name for d in other.decisions) or "no decisions of its own"
            out += [f"- **{other.name}** - {_cell(other.public)} (decides: {decisions})"]
    out += ["", "## Calendar", "", *_calendar(game, with_history=False), "", *_source_list(loaded)]
    return "\n".join(out).rstrip() + "\n"


def _source_list(loaded: LoadedScenario) -> list[str]:
    out = ["## Sources", ""]
    out += [f"- *{e.title}* - {e.author}, {e.date}" for e in loaded.sources]
    return out


def facilitator_pack(loaded: LoadedScenario) -> str:
    """Everything a facilitator needs: aims, every brief, the event deck, outcomes, calendar, questions."""
    game = loaded.game
    s = game.scenario
    out = [
        f"# {s.title}: facilitator's pack",
        "",
        f"*{s.period} - {len(s.turns)} turns - roles: {', '.join(r.name for r in s.roles)}. "
        "Contains every team's private brief.*",
        "",
        "## The situation",
        "",
        s.situation.strip(),
        "",
        "## Teaching aims",
        "",
        *[f"- {aim}" for aim in s.teaching_aims],
        "",
        "## Calendar and what happened in reality",
        "",
        *_calendar(game, with_history=True),
        "",
        "## The teams' briefs",
        "",
    ]
    for role in s.roles:
        out += [f"### {role.name}", "", role.public.strip(), ""]
        out += _brief_sections(loaded, role, heading="####")
    out += ["## The event deck", "", "One card is drawn at the start of each turn from the cards not yet played "
            "whose turn window and condition allow it, in proportion to their copies.", "",
            "| Card | Turns | Copies | Effects | Condition |", "|---|---|---|---|---|"]
    for card in s.events:
        turns = ", ".join(map(str, card.turns)) if card.turns else "any"
        effects = "<br>".join(_cell(effect_text(game, e)) for e in card.effects) or "none"
        when = _cell(condition_text(game, card.when)) if card.when else ""
        out.append(f"| **{_cell(card.title)}** - {_cell(card.text)} | {turns} | {card.weight} | {effects} | {when} |")
    out += ["", "## Outcome bands", "", "The first band whose condition holds at the end applies.", ""]
    for band in s.outcomes:
        when = condition_text(game, band.when) if band.when else "otherwise"
        out.append(f"- **{band.title}** - {_cell(band.description)} *({when})*")
    if s.discussion:
        out += ["", "## Questions for the debrief", "", *[f"{i}. {q}" for i, q in enumerate(s.discussion, 1)]]
    out += ["", *_source_list(loaded)]
    return "\n".join(out).rstrip() + "\n"
