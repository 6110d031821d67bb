"""A game in progress, for every front end: seats, the action log, whose move it is, bots.

A :class:`Session` owns no rules: it feeds actions to the pure engine and keeps the log.
Everything it knows can be rebuilt from (scenario, seed, seats, actions), which is exactly
what a save file holds, so a resumed session continues identically.

Who acts next follows a fixed, logged-derived rotation (:func:`next_actor`): chance at a card
draw; otherwise the first role after the last one to act, in seat order, that has something
to do. Humans and bots are interleaved by that one rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from mypy_extensions import mypyc_attr

from game.bots import BOTS, DEFAULT_BOT, Bot
from game.role_spec import role_assignments
from game.engine import (
    CHANCE,
    Action,
    ByFacilitator,
    DrawCard,
    Event,
    Game,
    GameState,
    Observation,
    Step,
    TurnHash,
    actors,
    apply,
    draw_card,
    new_game,
    observe,
)

HUMAN = "human"
_NOT_A_ROLE = (DrawCard, ByFacilitator)
"""Actions taken by chance or the facilitator, which the rotation of roles passes over."""


class SeatError(ValueError):
    """A seat specification that names an unknown role or bot, or a role twice."""


@dataclass(frozen=True)
class Seat:
    """Who plays a role: a human at this terminal, or a bot of some kind."""

    role: str
    bot: str | None = None

    @property
    def human(self) -> bool:
        return self.bot is None

    def spec(self) -> str:
        """``human`` or ``bot:greedy``."""
        return HUMAN if self.bot is None else f"bot:{self.bot}"


def parse_seats(spec: str | None, roles: tuple[str, ...], default: str = HUMAN) -> dict[str, Seat]:
    """``nato=human,russia=bot:greedy``; roles not named get ``default`` (``human`` or ``bot:KIND``).

    Raises :class:`SeatError` for an unknown role or bot, a role named twice, or a bare ``bot``.
    """
    seats = {role: _seat(role, default) for role in roles}
    if not spec:
        return seats
    for role, kind in role_assignments(spec, roles, "role=human or role=bot:KIND", SeatError, "seat"):
        seats[role] = _seat(role, kind)
    return seats


def _seat(role: str, kind: str) -> Seat:
    if kind == HUMAN:
        return Seat(role)
    if kind in ("bot", "bot:"):
        raise SeatError(f"say which bot plays {role}: write bot:KIND, e.g. {role}=bot:{DEFAULT_BOT} "
                        f"(bots: {', '.join(BOTS)})")
    name = kind.removeprefix("bot:") if kind.startswith("bot:") else kind
    if name not in BOTS:
        raise SeatError(f"unknown bot {name!r} for {role} (bots: {', '.join(BOTS)})")
    return Seat(role, name)


def next_actor(game: Game, state: GameState, last: str | None) -> str | None:
    """Who acts now: ``"chance"``, a role, or None when the game is over.

    ``last`` is the role of the last non-chance action (rotation continues after it).
    """
    waiting = actors(game, state)
    if not waiting:
        return None
    if waiting[0] == CHANCE:
        return CHANCE
    for role in game.seats_after(last):
        if role in waiting:
            return role
    return None


@dataclass
# Open to subclasses in plain Python (when this module is compiled): the live game's session is one.
@mypyc_attr(allow_interpreted_subclasses=True)
class Session:
    """A game being played: the engine's state plus everything needed to save and resume it."""

    game: Game
    seed: int
    seats: Mapping[str, Seat]
    state: GameState
    actions: list[Action] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    turn_digests: list[str | TurnHash] = field(default_factory=list)
    """The hash of each resolved turn, in order; :attr:`hashes` gives them as text."""
    facilitator: bool = False
    """Whether a facilitator sits at the table (sees everything, steers the game with facilitator actions)."""
    quiet: bool = False
    """Whether the engine builds no events (headless play that reads only the states): :attr:`events` stays
    empty, and the game is otherwise the same."""
    _bots: dict[str, Bot] = field(default_factory=dict, repr=False)

    @classmethod
    def start(
        cls, game: Game, seed: int, seats: Mapping[str, Seat], bots: Mapping[str, Bot] | None = None, *,
        facilitator: bool = False, quiet: bool = False,
    ) -> Session:
        """A new game; ``bots`` may hand over ready-made bots for bot seats."""
        missing = set(game.roles) - set(seats)
        if missing:
            raise SeatError(f"no seat for {', '.join(sorted(missing))}")
        return cls(game, seed, dict(seats), new_game(game, seed), facilitator=facilitator, quiet=quiet,
                   _bots=dict(bots or {}))

    @classmethod
    def resume(
        cls, game: Game, seed: int, seats: Mapping[str, Seat], actions: Iterable[Action], *, facilitator: bool = False,
    ) -> Session:
        """Rebuild a session by replaying its action log (raises IllegalAction on a bad log)."""
        session = cls.start(game, seed, seats, facilitator=facilitator)
        for action in actions:
            session.submit(action)
        return session

    # -- whose move ----------------------------------------------------------------------------

    @property
    def last_role(self) -> str | None:
        """The role of the last non-chance action (where the rotation stands)."""
        for action in reversed(self.actions):
            if not isinstance(action, _NOT_A_ROLE):
                return action.role
        return None

    def to_act(self) -> str | None:
        """``"chance"``, the role whose move it is, or None when the game is over."""
        return next_actor(self.game, self.state, self.last_role)

    def human_to_act(self) -> str | None:
        """The human role whose move it is, or None when it is chance's, a bot's or nobody's."""
        actor = self.to_act()
        if actor is None or actor == CHANCE or not self.seats[actor].human:
            return None
        return actor

    @property
    def paused(self) -> bool:
        """Whether the facilitator has paused the game (then nobody else moves)."""
        return self.state.paused

    @property
    def humans(self) -> tuple[str, ...]:
        return tuple(r for r in self.game.roles if self.seats[r].human)

    # -- moves --------------------------------------------------------------------------------

    def submit(self, action: Action) -> Step:
        """Apply one action (any seat's, or chance's) and log it; raises IllegalAction if illegal."""
        before = self.state
        step = apply(self.game, before, action, quiet=self.quiet)
        self.state = step.state
        self.actions.append(action)
        self.events.extend(step.events)
        if len(step.state.history) > len(before.history):  # a turn was resolved: its hash heads the chain
            self.turn_digests.append(step.state.chain)
        return step

    @property
    def hashes(self) -> list[str]:
        """The hash of each resolved turn so far (a quiet session works them out here, when first read)."""
        return [str(digest) for digest in self.turn_digests]

    def recorded_at(self) -> Sequence[float] | None:
        """When each action was recorded (``time.time()``), for a session that keeps it (a live game's
        log does); None here: a game at one terminal keeps only the moves."""
        return None

    def view(self, role: str) -> Observation:
        """What ``role`` may know now."""
        return observe(self.game, self.state, role)

    def bot(self, role: str) -> Bot:
        """The bot playing ``role`` (made on first use)."""
        if role not in self._bots:
            kind = self.seats[role].bot
            if kind is None:
                raise SeatError(f"{role} is played by a human")
            self._bots[role] = BOTS[kind](self.game, role)
        return self._bots[role]

    def automatic_action(self) -> Action | None:
        """The chance or bot move due now, without taking it; None when a human must move or the game is over.

        It only reads the session, so a front end may work it out off its main thread and then
        :meth:`submit` it.
        """
        actor = self.to_act()
        if actor is None:
            return None
        if actor == CHANCE:
            return DrawCard(draw_card(self.game, self.state))
        if self.seats[actor].human:
            return None
        return self.bot(actor).act(self.view(actor))

    def step_automatic(self) -> Step | None:
        """Take one chance or bot move if one is due; None when a human must move or the game is over."""
        action = self.automatic_action()
        return None if action is None else self.submit(action)

    def run_automatic(self, limit: int = 100_000) -> list[Step]:
        """Take chance and bot moves until a human must move or the game ends."""
        steps: list[Step] = []
        while len(steps) < limit and (step := self.step_automatic()) is not None:
            steps.append(step)
        return steps
