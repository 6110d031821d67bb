"""What a seat may do now, and proposals in words. Plain data over a Session; no Textual.

Legality is the engine's: :func:`legal` asks :func:`game.engine.check`, so the screen never
offers a move the engine would refuse (and never duplicates its rules). Taking turns is the
session's: a seat acts only when :meth:`Session.to_act` names it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.engine import (
    Action, Commit, Commitment, Counter, EndNegotiation, Game, IllegalAction, Phase, Propose, check,
)
from game.engine.describe import commitment_text, role_names
from game.engine.legality import awaiting_answer, can_propose, commitment_holds, proposals_left
from game.engine.state import Proposal
from game.session import Session

OPS: dict[str, str] = {"eq": "exactly", "ge": "at least", "le": "at most"}
"""Commitment operators in words, in the order a composer offers them."""


def objection(session: Session, action: Action) -> str | None:
    """Why the engine would refuse ``action`` now, or None when it is legal."""
    try:
        check(session.game, session.state, action)
    except IllegalAction as exc:
        return str(exc)
    return None


def legal(session: Session, action: Action) -> bool:
    """Whether the engine would accept ``action`` now."""
    return objection(session, action) is None


def binds_nothing(game: Game, term: Commitment) -> str | None:
    """Why ``term`` binds nothing, or None when some option of its decision would break it.

    "At most" the last option or "at least" the first: every option keeps such a term (as the
    engine judges a kept commitment), so an agreement on it could never be broken and would earn
    trust for nothing. The reason follows the term in words: ``at most Accelerate binds nothing:
    every option already meets it``. (A term naming no option of its decision is the engine's to
    refuse.)
    """
    dec = game.decision(term.role, term.decision)
    if term.option not in dec.ranks:
        return None
    if not all(commitment_holds(term, {term.role: {term.decision: o.id}}, game) for o in dec.options):
        return None
    return "every option already meets it"


@dataclass(frozen=True, slots=True)
class Moves:
    """What ``role`` may do right now (nothing at all unless it is its move)."""

    role: str
    my_move: bool
    phase: Phase
    to_answer: tuple[Proposal, ...] = ()
    propose: bool = False
    counter: bool = False
    finish: bool = False
    commit: bool = False

    @property
    def any(self) -> bool:
        return bool(self.to_answer) or self.propose or self.finish or self.commit


def moves(session: Session, role: str) -> Moves:
    """The moves open to ``role`` now, as the engine and the turn order allow them."""
    state = session.state
    if session.to_act() != role:
        return Moves(role, False, state.phase)
    return Moves(
        role,
        True,
        state.phase,
        to_answer=awaiting_answer(state, role),
        propose=can_propose(session.game, state, role),
        counter=state.phase is Phase.NEGOTIATION and proposals_left(session.game, state, role) > 0,
        finish=legal(session, EndNegotiation(role)),
        commit=legal(session, Commit(role, ())),
    )


def proposal_status(session: Session, proposal: Proposal) -> str:
    """``awaits Russia``, ``accepted``, ``rejected by Poland`` ..."""
    game = session.game
    if proposal.status == "pending":
        return f"awaits {role_names(game, proposal.awaiting())}"
    if proposal.status == "accepted":
        return "accepted"
    if proposal.status == "expired":
        return "expired unanswered"
    refused = [role for role, answer in proposal.answers if answer != "accept"]
    countered = any(answer == "counter" for _, answer in proposal.answers)
    who = role_names(game, refused)
    return f"countered by {who}" if countered else f"rejected by {who}" if who else "rejected"


def proposal_title(session: Session, proposal: Proposal) -> str:
    """``#3 Russia to NATO``, marked when it counters an earlier proposal."""
    game = session.game
    text = f"#{proposal.id} {game.role_name(proposal.proposer)} to {role_names(game, proposal.to)}"
    if proposal.counter_of is not None:
        text += f" (counter to #{proposal.counter_of})"
    return text


@dataclass
class Draft:
    """A proposal being composed: addressees, commitments offered and asked for, a note."""

    proposer: str
    to: list[str] = field(default_factory=list)
    offers: list[Commitment] = field(default_factory=list)
    requests: list[Commitment] = field(default_factory=list)
    note: str = ""
    turns: int = 1
    counter_of: int | None = None
    left_out: list[Commitment] = field(default_factory=list)
    """Terms of the countered proposal that this counter cannot carry."""

    @property
    def from_countered(self) -> bool:
        """Whether the draft starts from the terms of the proposal it counters (every counter does:
        :meth:`countering`)."""
        return self.counter_of is not None

    @classmethod
    def countering(cls, role: str, proposal: Proposal) -> Draft:
        """A counter by ``role`` to ``proposal``, starting from its terms seen from ``role``'s side.

        A counter goes to the proposer alone, so it may offer only ``role``'s own commitments and ask
        only the proposer's (the engine's rule for a counter's terms): what ``proposal`` asked of
        ``role`` becomes ``role``'s offer, what its proposer offered becomes ``role``'s request, and
        what it asked of anyone else is left out (:attr:`left_out`). The turns carry over; the note
        does not.
        """
        return cls(
            role,
            to=[proposal.proposer],
            offers=[c for c in proposal.requests if c.role == role],
            requests=list(proposal.offers),
            turns=proposal.turns,
            counter_of=proposal.id,
            left_out=[c for c in proposal.requests if c.role != role],
        )

    def action(self) -> Propose | Counter:
        """The engine action this draft makes (a counter when it answers a proposal)."""
        if self.counter_of is not None:
            return Counter(self.proposer, self.counter_of, tuple(self.offers), tuple(self.requests),
                           self.note.strip(), self.turns)
        return Propose(self.proposer, tuple(self.to), tuple(self.offers), tuple(self.requests),
                       self.note.strip(), self.turns)

    def lines(self, session: Session) -> list[str]:
        """The commitments so far, in words."""
        game = session.game
        return [f"offer: {commitment_text(game, c)}" for c in self.offers] + [
            f"ask:   {commitment_text(game, c)}" for c in self.requests
        ]
