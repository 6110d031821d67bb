"""The after-action report as data: everything a debrief needs, rebuilt by replaying the game's log.

:func:`build_report` replays (scenario, seed, actions) through the engine and gathers, per turn,
the card, the proposals and their fate, the agreements kept and broken, the revealed positions,
the facilitator's interventions and every track change with its cause. Renderers
(:mod:`game.report.markdown`, :mod:`game.report.html`) only lay it out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from game.engine import Action, Change, Event, Game, GameState, Score, outcome, replay_steps, scores
from game.engine.describe import role_names, terms_text
from game.engine.state import Proposal

TURNING_POINTS = 6
CAUSES_SHOWN = 4


@dataclass(frozen=True)
class ProposalLine:
    """A proposal as the report tells it."""

    id: int
    proposer: str
    to: str
    terms: str
    note: str
    status: str
    counter_of: int | None


@dataclass
class TurnReport:
    """One turn of the timeline."""

    number: int
    label: str
    date: str
    card: str | None = None
    card_text: str = ""
    proposals: list[ProposalLine] = field(default_factory=list)
    settlements: list[str] = field(default_factory=list)
    positions: dict[str, dict[str, str]] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    interventions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    red_lines: list[str] = field(default_factory=list)
    history: str | None = None


@dataclass(frozen=True)
class TurningPoint:
    """A large movement of one track in one turn, with the decisions and events behind it."""

    turn: int
    track: str
    delta: int
    causes: tuple[str, ...]


@dataclass
class Report:
    """The whole after-action report."""

    game: Game
    seed: int
    seats: Mapping[str, str]
    state: GameState
    turns: list[TurnReport]
    series: dict[str, list[int]]
    turning_points: list[TurningPoint]
    scores: tuple[Score, ...]
    outcome_title: str
    outcome_description: str
    notes: list[tuple[int, str]]
    sources: Mapping[str, object]

    @property
    def title(self) -> str:
        return self.game.scenario.title


def _proposal_line(game: Game, p: Proposal) -> ProposalLine:
    return ProposalLine(p.id, game.role_name(p.proposer), role_names(game, p.to),
                        terms_text(game, p.offers, p.requests), p.note, p.status, p.counter_of)


def build_report(
    game: Game,
    seed: int,
    actions: Sequence[Action],
    seats: Mapping[str, str] | None = None,
    sources: Mapping[str, object] | None = None,
) -> Report:
    """Replay the log and gather the report (raises IllegalAction if the log is not a legal game)."""
    turns = {i: TurnReport(i, t.label, t.date, history=t.history) for i, t in enumerate(game.scenario.turns, 1)}
    state = None
    for step in replay_steps(game, seed, actions):
        for event in step.events:
            _collect(game, turns[event.turn], event)
        state = step.state
    if state is None:
        raise ValueError("the game has no actions yet")
    for p in state.talks:
        turns[p.turn].proposals.append(_proposal_line(game, p))
    for p in state.proposals:
        turns[p.turn].proposals.append(_proposal_line(game, p))
    for record in state.history:
        turns[record.turn].positions = {r: dict(pos) for r, pos in record.positions.items()}
    played = [turns[i] for i in sorted(turns) if i <= len(state.history) or (i == state.turn and not state.over)]
    band = outcome(game, state)
    return Report(
        game=game,
        seed=seed,
        seats=dict(seats or {}),
        state=state,
        turns=played,
        series=_series(game, state),
        turning_points=_turning_points(game, played),
        scores=scores(game, state),
        outcome_title=band.title,
        outcome_description=band.description,
        notes=list(state.notes),
        sources=dict(sources or {}),
    )


def _collect(game: Game, turn: TurnReport, event: Event) -> None:
    if event.kind == "card":
        if event.data.get("injected"):
            turn.interventions.append(event.text)
        else:
            card = event.data.get("card")
            turn.card = game.cards[card].title if card else None
            turn.card_text = game.cards[card].text if card else ""
    elif event.kind in ("agreement_kept", "agreement_broken"):
        turn.settlements.append(event.text)
    elif event.kind == "facilitator":
        turn.interventions.append(event.text)
    elif event.kind == "note":
        turn.notes.append(event.data["note"])
    elif event.kind == "red_line":
        turn.red_lines.append(event.text)
    elif event.kind == "negotiation_closed" and event.data.get("by"):
        turn.interventions.append(event.text)
    turn.changes.extend(event.changes)


def _series(game: Game, state: GameState) -> dict[str, list[int]]:
    """Each track's value at the start and after every resolved turn."""
    return {key: [track.start, *(r.tracks[key] for r in state.history)] for key, track in game.tracks.items()}


def _turning_points(game: Game, turns: Iterable[TurnReport]) -> list[TurningPoint]:
    """The largest net movements of a track within a turn, each with its main causes (largest first)."""
    moves: list[TurningPoint] = []
    for turn in turns:
        by_cause: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for change in turn.changes:
            if change.delta:
                by_cause[change.track][change.cause.label] += change.delta
        for key, causes in by_cause.items():
            delta = sum(causes.values())
            if delta:
                ranked = sorted(causes.items(), key=lambda kv: -abs(kv[1]))
                shown = [f"{label} {d:+d}" for label, d in ranked[:CAUSES_SHOWN]]
                if len(ranked) > CAUSES_SHOWN:
                    shown.append(f"and {len(ranked) - CAUSES_SHOWN} more")
                moves.append(TurningPoint(turn.number, key, delta, tuple(shown)))
    moves.sort(key=lambda m: (-abs(m.delta), m.turn, list(game.tracks).index(m.track)))
    return moves[:TURNING_POINTS]
