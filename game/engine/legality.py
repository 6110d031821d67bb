"""Who may act now, and whether an action is legal. Illegal actions raise :class:`IllegalAction`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from game.engine.actions import (
    CHANCE, Action, ByFacilitator, Commit, Commitment, Counter, DrawCard, EndNegotiation, Propose, Respond,
)
from game.engine.context import context_of
from game.engine.rules import DecisionRules, Game, OptionRules
from game.engine.state import GameState, Phase, Proposal

if TYPE_CHECKING:
    from game.engine.chance import Outcomes


class IllegalAction(ValueError):
    """The action is not allowed in this state; the message says why."""


def actors(game: Game, state: GameState) -> tuple[str, ...]:
    """The roles (in seat order) that have something to do now; ``("chance",)`` at a card draw.

    Nobody but the facilitator acts while the game is paused.
    """
    if state.paused:
        return ()
    if state.phase is Phase.EVENT:
        return (CHANCE,)
    if state.phase is Phase.NEGOTIATION:
        awaited = {r for p in state.proposals for r in p.awaiting()}
        return tuple([r for r in game.roles if r not in state.done or r in awaited])
    if state.phase is Phase.DECISION:
        return tuple([r for r in game.roles if r not in state.committed])
    return ()


def awaiting_answer(state: GameState, role: str) -> tuple[Proposal, ...]:
    """Pending proposals that ``role`` still has to answer."""
    return tuple(p for p in state.proposals if role in p.awaiting())


def proposals_left(game: Game, state: GameState, role: str) -> int:
    """How many more proposals (or counters) ``role`` may make this turn."""
    made = [p.proposer for p in state.proposals].count(role)
    return max(0, game.scenario.negotiation.max_proposals - made)


def can_propose(game: Game, state: GameState, role: str) -> bool:
    return state.phase is Phase.NEGOTIATION and role not in state.done and proposals_left(game, state, role) > 0


Choices = tuple[tuple[DecisionRules, tuple[OptionRules, ...]], ...]

_LAST_OPEN: dict[tuple[str, str], tuple[tuple[object, ...], Choices]] = {}
"""The last answer of :func:`open_decisions` for each role of each scenario, with what it was worked out from."""


def open_decisions(game: Game, state: GameState, role: str) -> Choices:
    """The decisions ``role`` may change this turn, each with the options it may choose."""
    # The answer reads only these parts of the state, which stay the same objects from one action to the
    # next until something changes them (states share their containers, never changing them in place):
    # through a decision phase, every observation and every commit check asks the same question. (Tuple
    # equality tries identity first, so the usual case compares no contents.)
    basis = (state.positions, state.tracks, state.locked, state.drawn, state.agreements, state.turn)
    key = (game.scenario_hash, role)
    last = _LAST_OPEN.get(key)
    if last is not None and last[0] == basis:
        return last[1]
    choices = _open_decisions(game, state, role)
    _LAST_OPEN[key] = (basis, choices)
    return choices


def _open_decisions(game: Game, state: GameState, role: str) -> Choices:
    ctx = None  # built only if a condition must be read
    held = state.positions[role]
    out = []
    for dec in game.decisions[role]:
        if (role, dec.id) in state.locked:
            continue
        if dec.available is not None:
            ctx = ctx or context_of(state)
            if not dec.available(ctx):
                continue
        options = dec.options
        if dec.conditional:
            ctx = ctx or context_of(state)
            options = tuple([o for o in options if o.requires is None or o.requires(ctx)])
            current = dec.option(held[dec.id])
            if all(o is not current for o in options):  # keeping the current position is always allowed
                options = tuple(sorted((*options, current), key=lambda o: o.rank))
        out.append((dec, options))
    return tuple(out)


def commitment_holds(c: Commitment, positions: Mapping[str, Mapping[str, str]], game: Game) -> bool:
    """Whether revealed ``positions`` satisfy the commitment ``c``."""
    dec = game.decision(c.role, c.decision)
    held = dec.ranks[positions[c.role][c.decision]]
    target = dec.ranks[c.option]
    if c.op == "eq":
        return held == target
    if c.op == "ge":
        return held >= target
    return held <= target


def check(game: Game, state: GameState, action: Action) -> None:
    """Raise :class:`IllegalAction` unless ``action`` is legal in ``state``."""
    if isinstance(action, ByFacilitator):
        from game.engine.facilitator import check_facilitator  # facilitator imports this module

        check_facilitator(game, state, action)
        return
    if state.phase is Phase.OVER:
        raise IllegalAction("the game is over")
    if state.paused:
        raise IllegalAction("the game is paused by the facilitator")
    if isinstance(action, DrawCard):
        _check_draw(game, state, action)
        return
    if action.role not in game.roles:
        raise IllegalAction(f"unknown role {action.role!r}")
    if isinstance(action, Commit):
        _check_commit(game, state, action)
        return
    if state.phase is not Phase.NEGOTIATION:
        raise IllegalAction(f"negotiation is closed (phase: {state.phase.value})")
    if isinstance(action, EndNegotiation):
        if action.role in state.done:
            raise IllegalAction(f"{action.role} has already ended its negotiation")
        if awaiting_answer(state, action.role):
            raise IllegalAction(f"{action.role} must first answer the proposals sent to it")
    elif isinstance(action, Respond):
        _pending_for(state, action.role, action.proposal)
    elif isinstance(action, Counter):
        original = _pending_for(state, action.role, action.proposal)
        if proposals_left(game, state, action.role) <= 0:
            raise IllegalAction(f"{action.role} has no proposals left this turn")
        _check_terms(game, action.role, (original.proposer,), action.offers, action.requests, action.note, action.turns)
    elif isinstance(action, Propose):
        if action.role in state.done:
            raise IllegalAction(f"{action.role} has ended its negotiation this turn")
        if proposals_left(game, state, action.role) <= 0:
            raise IllegalAction(f"{action.role} has no proposals left this turn")
        _check_terms(game, action.role, action.to, action.offers, action.requests, action.note, action.turns)


def _check_draw(game: Game, state: GameState, action: DrawCard) -> None:
    if state.phase is not Phase.EVENT:
        raise IllegalAction(f"no card is drawn in the {state.phase.value} phase")
    cards = [c for c, _ in (_outcomes(game, state))]
    if action.card not in cards:
        raise IllegalAction(f"card {action.card!r} cannot be drawn now")


def _outcomes(game: Game, state: GameState) -> Outcomes:
    from game.engine.chance import chance_outcomes  # local: chance imports context, not legality

    return chance_outcomes(game, state)


def _pending_for(state: GameState, role: str, proposal_id: int) -> Proposal:
    for p in state.proposals:
        if p.id == proposal_id:
            if role not in p.awaiting():
                raise IllegalAction(f"proposal {proposal_id} is not waiting for an answer from {role}")
            return p
    raise IllegalAction(f"no proposal {proposal_id} this turn")


def _check_terms(
    game: Game,
    proposer: str,
    to: tuple[str, ...],
    offers: tuple[Commitment, ...],
    requests: tuple[Commitment, ...],
    note: str,
    turns: int,
) -> None:
    rules = game.scenario.negotiation
    if not to:
        raise IllegalAction("a proposal needs at least one addressee")
    if len(set(to)) != len(to) or proposer in to:
        raise IllegalAction("addressees must be distinct and not the proposer")
    for role in to:
        if role not in game.roles:
            raise IllegalAction(f"unknown role {role!r}")
    if not offers and not requests:
        raise IllegalAction("a proposal needs at least one commitment")
    if len(offers) + len(requests) > rules.max_commitments:
        raise IllegalAction(f"at most {rules.max_commitments} commitments in one proposal")
    if len(note) > rules.max_note_chars:
        raise IllegalAction(f"the note is longer than {rules.max_note_chars} characters")
    if not 1 <= turns <= rules.max_agreement_turns:
        raise IllegalAction(f"an agreement may bind for 1 to {rules.max_agreement_turns} turns")
    seen = set()
    for c in offers:
        if c.role != proposer:
            raise IllegalAction(f"an offer is the proposer's own commitment, not {c.role}'s")
    for c in requests:
        if c.role not in to:
            raise IllegalAction(f"a request must be a commitment of an addressee, not of {c.role}")
    for c in (*offers, *requests):
        _check_commitment(game, c)
        if (c.role, c.decision) in seen:
            raise IllegalAction(f"{c.role}.{c.decision} appears twice in one proposal")
        seen.add((c.role, c.decision))


def _check_commitment(game: Game, c: Commitment) -> None:
    if c.role not in game.roles:
        raise IllegalAction(f"unknown role {c.role!r}")
    try:
        dec = game.decision(c.role, c.decision)
    except KeyError:
        raise IllegalAction(f"{c.role} has no decision {c.decision!r}") from None
    if c.option not in dec.ranks:
        raise IllegalAction(f"{c.role}.{c.decision} has no option {c.option!r}")
    if c.op not in ("eq", "ge", "le"):
        raise IllegalAction(f"unknown commitment operator {c.op!r}")


def _check_commit(game: Game, state: GameState, action: Commit) -> None:
    if state.phase is not Phase.DECISION:
        raise IllegalAction(f"positions are committed in the decision phase, not the {state.phase.value} phase")
    if action.role in state.committed:
        raise IllegalAction(f"{action.role} has already committed this turn")
    choices = {dec.id: options for dec, options in open_decisions(game, state, action.role)}
    seen = set()
    for decision, option in action.positions:
        if decision in seen:
            raise IllegalAction(f"decision {decision!r} appears twice")
        seen.add(decision)
        options = choices.get(decision)
        if options is None:
            known = {d.id for d in game.decisions[action.role]}
            why = "is not open this turn" if decision in known else "is not one of its decisions"
            raise IllegalAction(f"{action.role}.{decision} {why}")
        for o in options:
            if o.id == option:
                break
        else:
            raise IllegalAction(f"{action.role}.{decision} cannot be set to {option!r} now")
