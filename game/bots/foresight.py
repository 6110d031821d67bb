"""Looking ahead from an observation: what a bot believes, and what a board would be worth.

Everything here starts from one role's :class:`~game.engine.Observation` and the scenario's
public rules: the decisions and their effects, the tracks, and every role's score weights
(which the scenario publishes). A role's own objectives and red lines come from its own brief;
nobody else's brief is read. Other roles are believed to hold their last revealed positions,
except where an agreement this role is party to binds them (assumed kept) or the facilitator
has revealed what they committed.

The heavy lifting is :func:`~game.engine.preview_tracks`, the engine's own resolution without
events, so a bot's foresight and the real resolution can never disagree about the rules.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from game.bots.red_lines import Choices, RedLineGuard
from game.engine import Commitment, Game, GameState, Observation, open_decisions, preview_tracks
from game.engine.context import Context
from game.engine.resolution import TurnPlan
from game.engine.rules import DecisionRules, ObjectiveRules, RedLineRules
from game.engine.state import Agreement, TurnRecord

Positions = dict[str, dict[str, str]]
T = TypeVar("T")

RED_LINE_COST = 1000.0
"""What crossing a red line is worth to a bot that honours its red lines: never worth it."""

_EPSILON = 1e-9


# --- beliefs --------------------------------------------------------------------------------------


def believed_state(game: Game, obs: Observation, agreements: Sequence[Agreement] | None = None) -> GameState:
    """A state built only from the observation (and, if given, hypothetical ``agreements``)."""
    return GameState(
        scenario_hash=game.scenario_hash, seed=obs.seed, turn=obs.turn, phase=obs.phase, tracks=obs.tracks,
        positions=obs.positions, locked=obs.locked, drawn=obs.drawn,
        agreements=tuple(obs.agreements if agreements is None else agreements), history=obs.history,
    )


def in_force(agreements: Iterable[Agreement], turn: int) -> tuple[Agreement, ...]:
    """The agreements that bind at ``turn``."""
    return tuple([a for a in agreements if a.from_turn <= turn <= a.until_turn]) if agreements else ()


def bound_commitments(obs: Observation, role: str) -> tuple[Commitment, ...]:
    """The commitments binding ``role`` this turn under agreements the observer is party to."""
    return tuple(c for a in in_force(obs.agreements, obs.turn) for c in a.commitments if c.role == role)


def satisfy(game: Game, positions: Positions, c: Commitment) -> None:
    """Move ``positions`` (in place) the least distance needed to honour ``c``."""
    dec = game.decision(c.role, c.decision)
    held = dec.ranks[positions[c.role][c.decision]]
    target = dec.ranks[c.option]
    if c.op == "eq" or (c.op == "ge" and held < target) or (c.op == "le" and held > target):
        positions[c.role][c.decision] = c.option


def honours(game: Game, positions: Mapping[str, Mapping[str, str]], c: Commitment) -> bool:
    """Whether ``positions`` keep the commitment ``c``."""
    dec = game.decision(c.role, c.decision)
    return allows(dec, dec.ranks[positions[c.role][c.decision]], c)


def allows(dec: DecisionRules, rank: int, c: Commitment) -> bool:
    """Whether holding the option of ``rank`` in ``dec`` keeps the commitment ``c`` (on that decision)."""
    target = dec.ranks[c.option]
    return rank == target if c.op == "eq" else rank >= target if c.op == "ge" else rank <= target


def expected_positions(
    game: Game, obs: Observation, extra: Iterable[Commitment] = (), agreements: Iterable[Agreement] | None = None,
) -> Positions:
    """Last revealed positions, what the facilitator has revealed of this turn's commitments, and every
    binding commitment (of ``agreements``, by default those the observer knows of, and ``extra`` ones)
    assumed kept."""
    positions = {role: dict(held) for role, held in obs.positions.items()}
    for role, held in obs.revealed.items():
        positions[role].update(held)
    for agreement in in_force(obs.agreements if agreements is None else agreements, obs.turn):
        for c in agreement.commitments:
            satisfy(game, positions, c)
    for c in extra:
        satisfy(game, positions, c)
    return positions


def copy_positions(positions: Mapping[str, Mapping[str, str]]) -> Positions:
    """A private, changeable copy."""
    return {role: dict(held) for role, held in positions.items()}


# --- values ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Utility:
    """How a bot values a foreseen board: weighted track gains since the start of the game, plus the
    points of the objectives that would hold, minus :data:`RED_LINE_COST` per red line crossed.

    A role knows its own objectives and red lines; for another role only its public weights.
    """

    weights: tuple[tuple[str, float], ...]
    objectives: tuple[ObjectiveRules, ...] = ()
    red_lines: tuple[RedLineRules, ...] = ()


def public_utility(game: Game, role: str) -> Utility:
    """What ``role`` is known to value: its published score weights (its brief is private)."""
    return public_utilities(game)[role]


_PUBLIC_UTILITIES: dict[str, dict[str, Utility]] = {}


def public_utilities(game: Game) -> Mapping[str, Utility]:
    """Every role's :func:`public_utility` (cached per scenario; never to be changed)."""
    return per_scenario(_PUBLIC_UTILITIES, game, lambda: {role: Utility(game.weights[role]) for role in game.roles})


def own_utility(game: Game, role: str, care: Mapping[str, float] | None = None) -> Utility:
    """``role``'s own score (weights, objectives, red lines), plus ``care[X]`` times each other role's
    public score: positive for a role whose gains this one welcomes, negative for a rival."""
    weights: dict[str, float] = dict(game.weights[role])
    for other, factor in sorted((care or {}).items()):
        if other == role or not factor:
            continue
        for key, w in game.weights[other]:
            weights[key] = weights.get(key, 0.0) + factor * w
    return Utility(tuple((k, w) for k, w in weights.items() if w), game.objectives[role], game.red_lines[role])


class Forecast(NamedTuple):
    """One foreseen resolution: the tracks after it, who would break an agreement, and (looking
    further ahead) the next one. (A named tuple: boards build one for every positions they foresee.)"""

    tracks: Mapping[str, int]
    broke: frozenset[str]
    then: Forecast | None = None


class Board:
    """A believed state and the resolutions foreseen from it, memoised by positions.

    A board holds no role's private values, so every bot that believes the same state shares it
    (see :func:`board`): when seven bots weigh the same positions, the engine previews them once.
    """

    def __init__(self, game: Game, state: GameState, horizon: int, nearer: Board | None = None) -> None:
        self.game = game
        self.state = state
        self.horizon = max(1, min(horizon, game.turns - state.turn + 1))
        self.nearer = nearer if self.horizon > 1 else None
        """The same state's board one turn ahead, whose previews this one's first step reuses."""
        self.slots = _slots(game)
        self.slot = _slot_index(game)
        """Where each (role, decision) is in :attr:`slots`."""
        self.drawn = frozenset(state.drawn)
        self._plan = TurnPlan(game, state, decide=True)
        self._later: dict[int, TurnPlan] = {}
        self._memo: dict[tuple[str, ...], Forecast] = {}
        self._notes: dict[tuple[object, ...], object] = {}

    def remember(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """A result derived from this board alone (no bot's private knowledge), worked out once for every
        bot that shares the board; ``key`` must name everything else the result depends on."""
        if key not in self._notes:
            self._notes[key] = compute()
        return self._notes[key]  # type: ignore[return-value]

    def key(self, positions: Mapping[str, Mapping[str, str]]) -> tuple[str, ...]:
        """A hashable picture of ``positions``."""
        return tuple([positions[r][d] for r, d in self.slots])

    def moved(self, key: tuple[str, ...], role: str, decision: str, option: str) -> tuple[str, ...]:
        """``key`` with ``role``'s ``decision`` at ``option``."""
        i = self.slot[role, decision]
        return (*key[:i], option, *key[i + 1:])

    def forecast(self, positions: Mapping[str, Mapping[str, str]], key: tuple[str, ...] | None = None) -> Forecast:
        """The resolution(s) ``positions`` (whose :meth:`key` is ``key``, if given) would bring."""
        if key is None:
            key = self.key(positions)
        found = self._memo.get(key)
        if found is None:
            if self.nearer is not None:
                first = self.nearer.forecast(positions, key)
                then = self._after(self.state, positions, first.tracks, self.horizon - 1)
                found = Forecast(first.tracks, first.broke, then)
            else:
                found = self._resolve(self.state, positions, self.horizon)
            self._memo[key] = found
        return found

    def _resolve(self, state: GameState, positions: Mapping[str, Mapping[str, str]], steps: int) -> Forecast:
        plan = self._plan if state is self.state else self._following(state)
        tracks, broke = preview_tracks(self.game, state, positions, plan)
        then = self._after(state, positions, tracks, steps - 1) if steps > 1 else None
        return Forecast(tracks, broke, then)

    def _following(self, state: GameState) -> TurnPlan:
        """The plan of the resolutions after the first (``state``: one of them, its positions those held
        before), shared by every such resolution at the same turn: they differ only in the tracks and
        positions."""
        plan = self._later.get(state.turn)
        if plan is None:
            plan = self._later[state.turn] = TurnPlan(self.game, state, held=True)
        return plan

    def _after(
        self, state: GameState, positions: Mapping[str, Mapping[str, str]], tracks: Mapping[str, int], steps: int,
    ) -> Forecast:
        """The next ``steps`` resolutions after one that left ``tracks``, the same positions held."""
        record = TurnRecord(state.turn, None, positions, tracks, ())
        following = state.evolve(
            turn=state.turn + 1, tracks=tracks, positions=positions, history=(*state.history, record),
            agreements=tuple(a for a in state.agreements if a.until_turn > state.turn),
        )
        return self._resolve(following, positions, steps)


_BOARDS: OrderedDict[tuple[object, ...], Board] = OrderedDict()
_BOARDS_KEPT = 256
_BOARDS_LOCK = threading.RLock()  # a terminal game may run bots in a worker thread


def board(game: Game, state: GameState, horizon: int) -> Board:
    """The shared :class:`Board` of a believed state; the most recently used few are kept.

    Boards are told apart by what a resolution from them reads, compared by value: the public record
    of past turns, the tracks, positions and locks, the agreements, cards, turn and horizon. Equal
    boards of different games are one board, so the games of a tournament that open alike (on the
    same first card, say) share their boards, and their bots weigh each move once.
    """
    horizon = max(1, min(horizon, game.turns - state.turn + 1))  # as the board would clamp it: no turn past the last
    key = (game.scenario_hash, _history_key(state.history), tuple(state.tracks.values()), state.turn,
           state.agreements, state.drawn, horizon)
    with _BOARDS_LOCK:
        found = _BOARDS.get(key)
        if found is not None and _same_board(found.state, state):
            _BOARDS.move_to_end(key)
            return found
        made = _BOARDS[key] = Board(game, state, horizon, board(game, state, 1) if horizon > 1 else None)
        while len(_BOARDS) > _BOARDS_KEPT:
            _BOARDS.popitem(last=False)
        return made


_HISTORY_KEYS: dict[int, tuple[tuple[TurnRecord, ...], int]] = {}


def _history_key(history: tuple[TurnRecord, ...]) -> int:
    """The hash of a picture of the public record of past turns, remembered for the last few records
    seen (a record stays the same object through a turn). Equal records give equal keys; unequal
    records that happen to share one are told apart by :func:`_same_board`."""
    found = _HISTORY_KEYS.get(id(history))
    if found is not None and found[0] is history:
        return found[1]
    key = hash(tuple([(r.turn, r.card, tuple([tuple(p.values()) for p in r.positions.values()]),
                       tuple(r.tracks.values()), r.settlements) for r in history]))
    if len(_HISTORY_KEYS) >= 64:
        _HISTORY_KEYS.clear()
    _HISTORY_KEYS[id(history)] = (history, key)
    return key


def _same_board(kept: GameState, state: GameState) -> bool:
    """Whether a board kept for ``kept`` is the board of ``state`` (whose lookup key it shares)."""
    return (
        (kept.history is state.history or kept.history == state.history)
        and (kept.tracks is state.tracks or kept.tracks == state.tracks)
        and (kept.positions is state.positions or kept.positions == state.positions)
        and (kept.locked is state.locked or kept.locked == state.locked)
    )


class Outlook:
    """One role's view of a coming resolution: a shared :class:`Board`, its expectations of the
    others, and its red-line guard. Valuations are the role's own (see :class:`Utility`).

    Built from an observation with :meth:`observe` (or from a board rebuilt from the public record
    with :meth:`on_board`). ``horizon`` 2 also resolves the next turn with the same positions held
    (never past the last turn).
    """

    def __init__(
        self, game: Game, role: str, state: GameState, horizon: int = 1,
        expected: Positions | None = None, own_choices: Choices = (), shared: bool = True, on: Board | None = None,
    ) -> None:
        self.game = game
        self.role = role
        self.board = on if on is not None else board(game, state, horizon) if shared else Board(game, state, horizon)
        """The board of ``state`` looking ``horizon`` turns ahead (``on``, if already at hand)."""
        self.horizon = horizon
        self.state = state
        self.expected = expected if expected is not None else copy_positions(state.positions)
        self._own_choices = own_choices
        self._starts = _starts(game)
        self._agreed = frozenset(frozenset(a.parties) for a in in_force(state.agreements, state.turn))
        self._later = frozenset(frozenset(a.parties) for a in in_force(state.agreements, state.turn + 1))
        self._choices: dict[str, Choices] = {}
        self._guard: RedLineGuard | None = None

    @classmethod
    def observe(
        cls, game: Game, obs: Observation, agreements: Sequence[Agreement] | None = None, horizon: int = 1,
    ) -> Outlook:
        """The observer's outlook; ``agreements`` replaces the agreements it knows of (to weigh a
        proposal as if accepted)."""
        return cls(game, obs.role, believed_state(game, obs, agreements), horizon,
                   expected_positions(game, obs, agreements=agreements), obs.choices)

    @classmethod
    def on_board(cls, game: Game, role: str, board: Board) -> Outlook:
        """``role``'s outlook on ``board`` (one rebuilt from public records, say)."""
        return cls(game, role, board.state, board.horizon, on=board)

    def assuming(self, agreements: Sequence[Agreement], horizon: int | None = None) -> Outlook:
        """The same view, as if the agreements known were ``agreements`` (to weigh a deal as if made)."""
        agreements = tuple(agreements)
        horizon = self.horizon if horizon is None else horizon
        on = None
        if agreements == self.state.agreements:
            state = self.state
            if horizon == self.horizon:
                on = self.board
            elif horizon == 1:
                on = self.board.nearer or self.board  # a board looking further ahead holds the one-turn board
        else:
            state = self.state._replace(agreements=agreements)
        twin = Outlook(self.game, self.role, state, horizon, self.expected, self._own_choices, on=on)
        twin._choices = self._choices
        twin._guard = self.guard
        return twin

    @property
    def guard(self) -> RedLineGuard:
        """The observer's red-line guard (built on first use)."""
        if self._guard is None:
            self._guard = RedLineGuard(self.game, self.role, self.expected, self.state.locked, self.choices,
                                       self.board.drawn)
        return self._guard

    def crossings(
        self, positions: Mapping[str, Mapping[str, str]], forecast: Forecast | None = None, turns: int | None = None,
        key: tuple[str, ...] | None = None,
    ) -> int:
        """Red lines ``positions`` (whose board key is ``key``, if given) would make the observer cross (or risk
        crossing), summed over the horizon (or its first ``turns``)."""
        guard = self.guard
        if not guard.watches:
            return 0
        total = 0
        tracks, turn, agreed = self.state.tracks, self.state.turn, self._agreed
        step: Forecast | None = forecast or self.board.forecast(positions, key)
        while step is not None and (turns is None or turn < self.state.turn + turns):
            total += guard.crossed(positions, tracks, turn, agreed, step.broke)
            tracks, turn, agreed, step = step.tracks, turn + 1, self._later, step.then
        return total

    def crosses_red_line(
        self, positions: Mapping[str, Mapping[str, str]], turns: int | None = None, key: tuple[str, ...] | None = None,
    ) -> bool:
        """Whether ``positions`` (whose board key is ``key``, if given) would make the observer cross, or risk
        crossing, one of its red lines (over the horizon, or its first ``turns``)."""
        return self.crossings(positions, turns=turns, key=key) > 0

    def value(
        self, utility: Utility, positions: Mapping[str, Mapping[str, str]], key: tuple[str, ...] | None = None,
    ) -> float:
        """What ``positions`` (whose board :meth:`~Board.key` is ``key``, if given) are worth under ``utility``
        at the end of the horizon."""
        first = forecast = self.board.forecast(positions, key)
        turn = self.state.turn
        while forecast.then is not None:
            forecast, turn = forecast.then, turn + 1
        tracks, starts = forecast.tracks, self._starts
        total = 0.0
        for track, w in utility.weights:
            total += w * (tracks[track] - starts[track])
        if utility.objectives:
            agreed = self._agreed if turn == self.state.turn else self._later
            end = Context(tracks, positions, turn, self.board.drawn, agreed, forecast.broke)
            for objective in utility.objectives:
                if objective.when(end):
                    total += objective.points
        if utility.red_lines:
            total -= RED_LINE_COST * self.crossings(positions, first)
        return total

    def choices(self, role: str) -> Choices:
        """The decisions ``role`` may change at the coming decision step, as far as the board shows."""
        if role == self.role and self._own_choices:
            return self._own_choices
        found = self._choices.get(role)
        if found is None:
            found = self._choices[role] = open_decisions(self.game, self.state, role)
        return found

    def best_response(
        self,
        role: str,
        utility: Utility,
        positions: Positions,
        bound: Iterable[Commitment] = (),
        rounds: int = 2,
        choices: Choices | None = None,
    ) -> tuple[Positions, float]:
        """Improve ``role``'s positions (a copy of ``positions``) one decision at a time under ``utility``.

        Only options open now are considered, and of those only the ones that keep every commitment
        in ``bound`` (where none can, the commitment is broken as little as the options allow). A
        position outside that set is first moved to the nearest option in it. Ties keep the current
        option, so the answer never depends on anything but the values.
        """
        positions = copy_positions(positions)
        mine = positions[role]
        allowed = self.allowed(role, bound, choices, must_move=True)
        for dec, options in allowed:
            held = dec.ranks[mine[dec.id]]
            if all(o.rank != held for o in options):
                mine[dec.id] = min(options, key=lambda o: (abs(o.rank - held), o.rank)).id
        # The board key of each trial differs from the held one in one slot: it is kept up to date, not rebuilt.
        key = list(self.board.key(positions))
        slot = self.board.slot
        best = self.value(utility, positions, tuple(key))
        for _ in range(rounds):
            improved = False
            for dec, options in allowed:
                held_id = mine[dec.id]
                i = slot[role, dec.id]
                for option in options:
                    if option.id == held_id:
                        continue
                    mine[dec.id] = key[i] = option.id
                    value = self.value(utility, positions, tuple(key))
                    if value > best + _EPSILON:
                        best, held_id, improved = value, option.id, True
                mine[dec.id] = key[i] = held_id
            if not improved:
                break
        return positions, best

    def allowed(
        self, role: str, bound: Iterable[Commitment] = (), choices: Choices | None = None, must_move: bool = False,
    ) -> Choices:
        """``role``'s open decisions with only the options that keep every commitment in ``bound``.

        A decision where no open option keeps them is left out - or, with ``must_move``, kept with all
        its open options (the role cannot keep its word there, but still has to choose).
        """
        bound = [c for c in bound if c.role == role]
        out = []
        for dec, options in choices if choices is not None else self.choices(role):
            rules = [c for c in bound if c.decision == dec.id]
            kept = tuple([o for o in options if all(allows(dec, o.rank, c) for c in rules)]) if rules else options
            if kept or must_move:
                out.append((dec, kept or options))
        return tuple(out)


_SLOTS: dict[str, tuple[tuple[str, str], ...]] = {}
_SLOT_INDEX: dict[str, dict[tuple[str, str], int]] = {}
_STARTS: dict[str, dict[str, int]] = {}


def per_scenario(cache: dict[str, T], game: Game, make: Callable[[], T]) -> T:
    """``cache``'s entry for ``game``'s scenario, made on first use (what is kept is never to be changed)."""
    found = cache.get(game.scenario_hash)
    if found is None:
        found = cache[game.scenario_hash] = make()
    return found


def _slots(game: Game) -> tuple[tuple[str, str], ...]:
    """Every (role, decision) of the scenario, in seat order (cached per scenario)."""
    return per_scenario(_SLOTS, game, lambda: tuple((r, d.id) for r in game.roles for d in game.decisions[r]))


def _slot_index(game: Game) -> Mapping[tuple[str, str], int]:
    """Where each (role, decision) is in :func:`_slots` (cached per scenario)."""
    return per_scenario(_SLOT_INDEX, game, lambda: {slot: i for i, slot in enumerate(_slots(game))})


def _starts(game: Game) -> Mapping[str, int]:
    """Every track's value at the start of the game (cached per scenario)."""
    return per_scenario(_STARTS, game, lambda: {key: track.start for key, track in game.tracks.items()})
