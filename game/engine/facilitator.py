"""Facilitator actions: control of a seminar game, each one recorded like any other action.

The facilitator sees everything and can inject an event (a card of the deck or a custom one),
move a track by hand, pause and resume, announce a countdown for negotiation and close it,
reveal a role's secret positions early, and write notes. Because these are actions in the log,
a replay shows and reproduces them.
"""

from __future__ import annotations

from dataclasses import replace

from game.engine.actions import (
    FACILITATOR,
    Adjust,
    CloseNegotiation,
    Countdown,
    FacilitatorAction,
    Inject,
    Note,
    Pause,
    Resume,
    Reveal,
)
from game.engine.context import context_of
from game.engine.describe import positions_text
from game.engine.effects import apply_effects, move
from game.engine.events import Cause, Event
from game.engine.legality import IllegalAction
from game.engine.rules import Game
from game.engine.state import GameState, Phase

MAX_TEXT = 2000
MAX_COUNTDOWN = 24 * 3600
_CONTROL = frozenset({FACILITATOR})


def check_facilitator(game: Game, state: GameState, action: FacilitatorAction) -> None:
    """Raise :class:`IllegalAction` unless the facilitator may take ``action`` now."""
    if state.phase is Phase.OVER and not isinstance(action, Note):
        raise IllegalAction("the game is over (only notes may be added)")
    if isinstance(action, Pause) and state.paused:
        raise IllegalAction("the game is already paused")
    if isinstance(action, Resume) and not state.paused:
        raise IllegalAction("the game is not paused")
    if isinstance(action, Inject):
        _check_inject(game, state, action)
    elif isinstance(action, Adjust):
        if action.track not in game.tracks:
            raise IllegalAction(f"unknown track {action.track!r}")
        if not action.reason.strip():
            raise IllegalAction("an adjustment needs a reason")
    elif isinstance(action, (Countdown, CloseNegotiation)):
        if state.phase is not Phase.NEGOTIATION:
            raise IllegalAction("there is no negotiation under way")
        if isinstance(action, Countdown) and not 0 <= action.seconds <= MAX_COUNTDOWN:
            raise IllegalAction(f"a countdown runs 0 to {MAX_COUNTDOWN} seconds")
    elif isinstance(action, Reveal):
        if action.target not in game.roles:
            raise IllegalAction(f"unknown role {action.target!r}")
        if state.phase is not Phase.DECISION or action.target not in state.committed:
            raise IllegalAction(f"{action.target} has no committed positions to reveal")
        if action.target in state.revealed:
            raise IllegalAction(f"{action.target}'s positions are already revealed")
    for text in _texts(action):
        if len(text) > MAX_TEXT:
            raise IllegalAction(f"text longer than {MAX_TEXT} characters")
    if isinstance(action, Note) and not action.text.strip():
        raise IllegalAction("a note needs some text")


def _texts(action: FacilitatorAction) -> list[str]:
    return [getattr(action, name) for name in ("title", "text", "reason") if hasattr(action, name)]


def _check_inject(game: Game, state: GameState, action: Inject) -> None:
    if action.card is not None:
        if action.card not in game.cards:
            raise IllegalAction(f"unknown event card {action.card!r}")
        if action.card in state.drawn:
            raise IllegalAction(f"card {action.card!r} has already been played")
        if action.effects or action.title:
            raise IllegalAction("inject either a card of the deck or a custom event, not both")
        return
    if not action.title.strip():
        raise IllegalAction("a custom event needs a title")
    for effect in action.effects:
        if effect.track not in game.tracks:
            raise IllegalAction(f"unknown track {effect.track!r}")
        if not -20 <= effect.delta <= 20:
            raise IllegalAction("an effect moves a track by -20 to 20")


def apply_facilitator(game: Game, state: GameState, action: FacilitatorAction) -> tuple[GameState, list[Event]]:
    """The state and events after a (checked) facilitator action."""
    turn = state.turn
    if isinstance(action, Inject):
        return _inject(game, state, action)
    if isinstance(action, Adjust):
        tracks = dict(state.tracks)
        cause = Cause("facilitator", "adjust", "Facilitator's adjustment", note=action.reason)
        change = move(game, tracks, action.track, action.delta, cause)
        text = f"The facilitator adjusts {game.tracks[action.track].name}: {action.reason}"
        return state.evolve(tracks=tracks), [Event("facilitator", turn, text, changes=(change,))]
    if isinstance(action, Pause):
        text = f"The facilitator pauses the game{_because(action.reason)}."
        return state.evolve(paused=True), [Event("facilitator", turn, text, data={"paused": True})]
    if isinstance(action, Countdown):
        minutes = f"{action.seconds // 60}:{action.seconds % 60:02d}"
        text = f"Negotiation countdown: {minutes}." if action.seconds else "Negotiation countdown cleared."
        return state.evolve(countdown=action.seconds), [Event("facilitator", turn, text,
                                                               data={"countdown": action.seconds})]
    if isinstance(action, CloseNegotiation):
        proposals = tuple(replace(p, status="expired") if p.status == "pending" else p for p in state.proposals)
        expired = sum(1 for p in state.proposals if p.status == "pending")
        text = (f"The facilitator closes the negotiation{_because(action.reason)} "
                f"({expired} unanswered proposal(s) expire).")
        new = state.evolve(proposals=proposals, done=frozenset(game.roles), phase=Phase.DECISION, countdown=0)
        return new, [Event("negotiation_closed", turn, text, data={"by": FACILITATOR})]
    if isinstance(action, Reveal):
        held = state.committed[action.target]
        listing = positions_text(game, action.target, held, ", ")
        text = f"The facilitator reveals {game.role_name(action.target)}'s positions early - {listing}"
        return state.evolve(revealed=state.revealed | {action.target}), [
            Event("facilitator", turn, text, data={"revealed": action.target, "positions": dict(held)})
        ]
    if isinstance(action, Note):
        return state.evolve(notes=(*state.notes, (turn, action.text))), [
            Event("note", turn, f"Facilitator's note: {action.text}", _CONTROL, data={"note": action.text})
        ]
    text = "The facilitator resumes the game."
    return state.evolve(paused=False), [Event("facilitator", turn, text, data={"paused": False})]


def _because(reason: str) -> str:
    """``: the reason`` for an event's text, without a doubled full stop; nothing when there is none."""
    reason = reason.strip().rstrip(".")
    return f": {reason}" if reason else ""


def _inject(game: Game, state: GameState, action: Inject) -> tuple[GameState, list[Event]]:
    tracks = dict(state.tracks)
    ctx = context_of(state)
    if action.card is not None:
        card = game.cards[action.card]
        cause = Cause("event", card.id, card.title, note=action.reason or None, sources=card.sources)
        changes = apply_effects(game, tracks, card.effects, ctx, cause)
        text = f"The facilitator plays a card: {card.title}"
        new = state.evolve(tracks=tracks, drawn=(*state.drawn, card.id))
        return new, [Event("card", state.turn, text, changes=changes, data={"card": card.id, "injected": True})]
    cause = Cause("facilitator", "inject", action.title, note=action.reason or None)
    changes = tuple(move(game, tracks, e.track, e.delta, cause) for e in action.effects)
    text = f"Event (from the facilitator): {action.title}" + (f" - {action.text}" if action.text else "")
    return state.evolve(tracks=tracks), [Event("card", state.turn, text, changes=changes,
                                               data={"card": None, "injected": True, "title": action.title,
                                                     "text": action.text})]
