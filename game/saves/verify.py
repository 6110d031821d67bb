"""Replaying a game log and checking it against the hashes its file recorded.

:func:`replay_log` feeds every action of a :class:`~game.saves.read.GameLog` to a fresh
:class:`~game.session.Session` and compares, turn by turn, the state hash the engine computes
with the one in the file; it stops at the first disagreement, an action the rules refuse, or
a missing or extra turn. A save is also checked against the hash of its last state and the
progress in its header, a record against its outcome and scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from game.engine import Action, IllegalAction, Step, outcome, scores, state_hash
from game.engine.actions import CHANCE, action_kind
from game.saves.read import GameLog, Kind
from game.session import Session

SHOWN = 12
"""Hex digits of a hash shown in messages."""


@dataclass(frozen=True)
class Divergence:
    """The first place where replaying the log disagrees with the file."""

    turn: int
    reason: str
    step: int | None = None
    """The number (1-based) of the action where it shows, when there is one."""

    def __str__(self) -> str:
        where = f"turn {self.turn} diverges" + (f" at action {self.step}" if self.step is not None else "")
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class Verification:
    """The outcome of replaying one file: how far it matched, and where it first diverged (if it did)."""

    path: Path
    kind: Kind
    actions: int
    turns_matched: int
    divergence: Divergence | None = None

    @property
    def ok(self) -> bool:
        return self.divergence is None

    def summary(self) -> str:
        """One line for the command line."""
        if self.divergence is None:
            return (f"{self.path}: ok - {self.turns_matched} turn hash(es) match, "
                    f"{self.actions} action(s) replayed ({self.kind})")
        matched = f" (turns 1-{self.turns_matched} match)" if self.turns_matched > 1 else (
            " (turn 1 matches)" if self.turns_matched == 1 else "")
        return f"{self.path}: {self.divergence}{matched}"


@dataclass
class Replayed:
    """A replayed log: the session it rebuilt (up to a divergence), its steps if kept, and the verdict."""

    session: Session
    verification: Verification
    steps: list[Step] = field(default_factory=list)


def describe_action(session: Session, action: Action) -> str:
    """``commit by Russia`` / ``the card draw``, for messages."""
    kind = action_kind(action).replace("_", " ")
    if action.role == CHANCE:
        return "the card draw"
    name = session.game.role_name(action.role) if action.role in session.game.roles else action.role
    return f"{kind} by {name}"


def replay_log(log: GameLog, *, keep_steps: bool = False) -> Replayed:
    """Replay ``log`` and check every recorded hash; never raises for a bad log (see :class:`Verification`)."""
    session = Session.start(log.game, log.seed, log.seats, facilitator=log.facilitator)
    steps: list[Step] = []
    expected = log.turns
    matched = 0

    def result(divergence: Divergence | None) -> Replayed:
        verdict = Verification(log.path, log.kind, len(session.actions), matched, divergence)
        return Replayed(session, verdict, steps)

    for number, action in enumerate(log.actions, 1):
        turn = session.state.turn
        try:
            step = session.submit(action)
        except IllegalAction as exc:
            return result(Divergence(turn, f"{describe_action(session, action)} is illegal here: {exc}", number))
        if keep_steps:
            steps.append(step)
        for event in step.events:
            if event.kind != "turn_resolved":
                continue
            digest = event.data["hash"]
            if matched >= len(expected):
                return result(Divergence(event.turn, "the turn resolves, but the file has no hash for it", number))
            check = expected[matched]
            if check.turn != event.turn:
                return result(Divergence(event.turn, f"the turn resolves, but the file's next hash is for turn "
                                                     f"{check.turn}", number))
            if check.hash != digest:
                return result(Divergence(event.turn, f"the state hash after it is {digest[:SHOWN]}, the file "
                                                     f"says {check.hash[:SHOWN]}", number))
            matched += 1
    if matched < len(expected):
        missing = expected[matched]
        return result(Divergence(missing.turn, "the file has a hash for it, but the log ends before it resolves"))
    return result(_final_check(log, session))


def _final_check(log: GameLog, session: Session) -> Divergence | None:
    """The checks after the last action: a save's final hash and progress, a record's outcome and scores."""
    state = session.state
    last = len(log.actions) or None
    if log.final_hash is not None and state_hash(state) != log.final_hash:
        return Divergence(state.turn, f"the state after the last action hashes to {state_hash(state)[:SHOWN]}, "
                                      f"the file says {log.final_hash[:SHOWN]}", last)
    if log.save is not None:
        progress = log.save.progress
        actual = (state.turn, state.phase.value, state.steps, state.over)
        if (progress.turn, progress.phase, progress.steps, progress.over) != actual:
            return Divergence(state.turn, f"the header says turn {progress.turn} ({progress.phase}, {progress.steps} "
                                          f"actions), the log replays to turn {state.turn} ({state.phase.value}, "
                                          f"{state.steps} actions)", last)
    if log.record is not None:
        band = outcome(log.game, state).id if state.over else None
        if band != log.record.outcome:
            return Divergence(state.turn, f"the game replays to the outcome {band!r}, the record says "
                                          f"{log.record.outcome!r}", last)
        totals = {s.role: s.total for s in scores(log.game, state)}
        if totals != log.record.scores:
            return Divergence(state.turn, f"the game replays to the scores {totals}, the record says "
                                          f"{log.record.scores}", last)
    return None


def verify_log(log: GameLog) -> Verification:
    """Replay ``log`` headlessly and report whether every turn's hash matches."""
    return replay_log(log).verification
