"""The transition function: ``apply(game, state, action) -> Step(new state, events)``."""

from __future__ import annotations

from typing import NamedTuple

from game.engine.actions import Action, ByFacilitator, Commit, Counter, DrawCard, EndNegotiation, Propose, Respond
from game.engine.context import context_of
from game.engine.describe import role_names, terms_text
from game.engine.effects import apply_effects
from game.engine.events import Cause, Event
from game.engine.facilitator import apply_facilitator
from game.engine.legality import check
from game.engine.resolution import resolve
from game.engine.rules import Game
from game.engine.state import Agreement, GameState, Phase, Proposal


class Step(NamedTuple):
    """The result of one action: the new state and what happened."""

    state: GameState
    events: tuple[Event, ...]


def new_game(game: Game, seed: int) -> GameState:
    """The state before the first card of turn 1 is drawn."""
    tracks = {key: track.start for key, track in game.tracks.items()}
    positions = {role: {d.id: d.initial for d in game.decisions[role]} for role in game.roles}
    return GameState(
        scenario_hash=game.scenario_hash,
        seed=seed,
        turn=1,
        phase=Phase.EVENT,
        tracks=tracks,
        positions=positions,
    )


def apply(game: Game, state: GameState, action: Action, *, quiet: bool = False) -> Step:
    """Apply a legal action; raises :class:`~game.engine.legality.IllegalAction` otherwise.

    ``quiet`` returns no events and, for the roles' moves and chance, builds none (a facilitator's
    rare actions still build theirs): for drivers that read only the states (headless simulation).
    The new state is exactly the same, turn hash included.
    """
    check(game, state, action)
    if isinstance(action, Commit):
        new, events = _commit(game, state, action, quiet)
    elif isinstance(action, DrawCard):
        new, events = _draw(game, state, action, quiet)
    elif isinstance(action, ByFacilitator):
        new, events = apply_facilitator(game, state, action)
    else:
        new, events = _negotiate(game, state, action, quiet)
        new, closing = _close_negotiation_if_done(game, new, quiet)
        events += closing
    return Step(new.evolve(steps=state.steps + 1), () if quiet else tuple(events))


def _draw(game: Game, state: GameState, action: DrawCard, quiet: bool) -> tuple[GameState, list[Event]]:
    turn_rules = game.scenario.turns[state.turn - 1]
    next_phase = Phase.NEGOTIATION if turn_rules.negotiation else Phase.DECISION
    header = f"Turn {state.turn}: {turn_rules.label} ({turn_rules.date})"
    if action.card is None:
        new = state.evolve(phase=next_phase, card=None)
        return new, [] if quiet else [Event("card", state.turn, f"{header}. No event card this turn.",
                                            data={"card": None})]
    card = game.cards[action.card]
    tracks = dict(state.tracks)
    cause = None if quiet else Cause("event", card.id, card.title, sources=card.sources)
    changes = apply_effects(game, tracks, card.effects, context_of(state), cause)
    new = state.evolve(phase=next_phase, card=card.id, drawn=(*state.drawn, card.id), tracks=tracks)
    if quiet:
        return new, []
    return new, [Event("card", state.turn, f"{header}. Event: {card.title}", changes=changes, data={"card": card.id})]


def _negotiate(game: Game, state: GameState, action: Action, quiet: bool) -> tuple[GameState, list[Event]]:
    turn = state.turn
    if isinstance(action, EndNegotiation):
        done = state.evolve(done=state.done | {action.role})
        if quiet:
            return done, []
        text = f"{game.role_name(action.role)} has finished proposing this turn."
        return done, [Event("negotiation_done", turn, text)]
    if isinstance(action, Propose):
        return _add_proposal(game, state, action.role, action.to, action, None, quiet)
    assert isinstance(action, (Respond, Counter))
    original = next(p for p in state.proposals if p.id == action.proposal)
    if isinstance(action, Counter):
        answered = original.answered(action.role, "counter", "rejected")
        state = _replace_proposal(state, answered)
        new, events = _add_proposal(game, state, action.role, (original.proposer,), action, original.id, quiet)
        if quiet:
            return new, []
        text = f"{game.role_name(action.role)} rejects proposal #{original.id} and counters."
        answer_event = Event("answer", turn, text, frozenset(original.parties), data={"proposal": original.id})
        return new, [answer_event, *events]
    answer = "accept" if action.accept else "reject"
    last = len(original.answers) + 1 == len(original.to)  # the last addressee to answer
    status = "rejected" if not action.accept else ("accepted" if last else "pending")
    updated = original.answered(action.role, answer, status)
    state = _replace_proposal(state, updated)
    events = []
    if not quiet:
        verb = "accepts" if action.accept else "rejects"
        events.append(Event("answer", turn, f"{game.role_name(action.role)} {verb} proposal #{original.id}.",
                            frozenset(original.parties), data={"proposal": original.id, "answer": answer}))
    if status == "accepted":
        parties = original.parties
        agreement = Agreement(
            id=original.id,
            parties=tuple([r for r in game.roles if r in parties]),
            commitments=(*original.offers, *original.requests),
            note=original.note,
            from_turn=turn,
            until_turn=turn + original.turns - 1,
        )
        state = state.evolve(agreements=(*state.agreements, agreement))
        if not quiet:
            span = "this turn" if original.turns == 1 else f"turns {turn}-{agreement.until_turn}"
            text = f"Agreement #{agreement.id} between {role_names(game, agreement.parties)} binds {span}."
            events.append(Event("agreement", turn, text, frozenset(agreement.parties),
                                data={"agreement": agreement.id}))
    return state, events


def _add_proposal(
    game: Game, state: GameState, proposer: str, to: tuple[str, ...], terms: Propose | Counter,
    counter_of: int | None, quiet: bool,
) -> tuple[GameState, list[Event]]:
    proposal = Proposal(
        id=state.next_id,
        turn=state.turn,
        proposer=proposer,
        to=tuple(r for r in game.roles if r in to),
        offers=terms.offers,
        requests=terms.requests,
        note=terms.note,
        turns=terms.turns,
        counter_of=counter_of,
    )
    new = state.evolve(proposals=(*state.proposals, proposal), next_id=state.next_id + 1)
    if quiet:
        return new, []
    text = (
        f"{game.role_name(proposer)} proposes #{proposal.id} to {role_names(game, proposal.to)}: "
        f"{terms_text(game, proposal.offers, proposal.requests)}"
    )
    if proposal.note:
        text += f' - "{proposal.note}"'
    return new, [Event("proposal", state.turn, text, frozenset(proposal.parties), data={"proposal": proposal.id})]


def _replace_proposal(state: GameState, proposal: Proposal) -> GameState:
    return state.evolve(proposals=tuple(proposal if p.id == proposal.id else p for p in state.proposals))


def _close_negotiation_if_done(game: Game, state: GameState, quiet: bool) -> tuple[GameState, list[Event]]:
    if len(state.done) < len(game.roles) or any(p.awaiting() for p in state.proposals):
        return state, []
    if quiet:
        return state.evolve(phase=Phase.DECISION, countdown=0), []
    agreed = sum(1 for p in state.proposals if p.status == "accepted")
    text = f"Negotiation closed: {len(state.proposals)} proposal(s), {agreed} agreement(s). Positions are now committed in secret."
    return state.evolve(phase=Phase.DECISION, countdown=0), [Event("negotiation_closed", state.turn, text)]


def _commit(game: Game, state: GameState, action: Commit, quiet: bool) -> tuple[GameState, list[Event]]:
    positions = dict(state.positions[action.role])
    positions.update(dict(action.positions))
    committed = {**state.committed, action.role: positions}
    state = state.evolve(committed=committed)
    events = [] if quiet else [
        Event("committed", state.turn, f"{game.role_name(action.role)} has committed its positions.",
              data={"role": action.role}),
    ]
    if len(committed) == len(game.roles):
        state, resolution = resolve(game, state, quiet)
        events.extend(resolution)
    return state, events
