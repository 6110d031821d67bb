"""Reading the public record: who kept or broke agreements, and whom each revealed move helped.

A role sees every past turn's revealed positions and tracks, and which agreements were kept or
broken (by id, with the breakers). From its own talks it knows which of those agreements it was
party to. This module turns that into the two readings the personalities need:

* :func:`moves` - for each past turn and role, how much that role's change of positions was worth
  to a given valuation, judged on the board as it stood before that turn's resolution;
* :func:`standing` - tit-for-tat: how each other role last treated the observer.

The board before a past resolution is rebuilt from the previous turn's record; the card drawn in
between is left out (its effects are not part of the public record), so a reading is close to,
not exactly, the board the movers saw.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from game.bots.foresight import Board, Outlook, Utility, copy_positions, public_utilities
from game.engine import Game, GameState, Observation, Phase
from game.engine.state import TurnRecord

NEUTRAL = 1e-6
"""A move worth less than this either way is no move at all."""


def initial_positions(game: Game) -> dict[str, dict[str, str]]:
    """Every role's positions at the start of the game."""
    return {role: {d.id: d.initial for d in game.decisions[role]} for role in game.roles}


def past_board(game: Game, obs: Observation, turn: int) -> GameState:
    """The board just before turn ``turn`` (1-based) was resolved, rebuilt from the public record."""
    history = obs.history[: turn - 1]
    if history:
        tracks: Mapping[str, int] = history[-1].tracks
        positions: Mapping[str, Mapping[str, str]] = history[-1].positions
    else:
        tracks = {key: track.start for key, track in game.tracks.items()}
        positions = initial_positions(game)
    drawn = tuple(r.card for r in obs.history[:turn] if r.card is not None)
    return GameState(game.scenario_hash, obs.seed, turn, Phase.DECISION, tracks, positions, drawn=drawn,
                     history=history)


class Readings:
    """A bot's memo of past-turn readings, so that each past turn is read once per game.

    An entry is reused only while the very same turn record is being read (records are never
    copied within a game), so a reading depends on the public record alone and a bot that joins
    a game half-way reads exactly what one that played it all would.
    """

    def __init__(self) -> None:
        self._entries: dict[tuple[str, int], tuple[TurnRecord, dict[str, float]]] = {}

    def get(self, tag: str, turn: int, record: TurnRecord, compute: Callable[[], dict[str, float]]) -> dict[str, float]:
        """The reading ``tag`` of ``record`` (turn ``turn``), computed on first use."""
        entry = self._entries.get((tag, turn))
        if entry is not None and entry[0] is record:
            return entry[1]
        value = compute()
        self._entries[(tag, turn)] = (record, value)
        return value


def moves(
    game: Game, obs: Observation, utility_of: Mapping[str, Utility], memo: Readings | None = None, tag: str = "",
) -> tuple[dict[str, float], ...]:
    """For each past turn, ``{role: value of its move}`` for every role in ``utility_of``.

    The value of a move is what the role's revealed change of positions at that turn was worth under
    ``utility_of[role]``: the board after it, against the same board with that role's positions put back.
    A role that changed nothing scores 0. With a ``memo``, ``tag`` must name the valuation.
    """
    out = []
    for turn, record in enumerate(obs.history, start=1):
        def compute(turn: int = turn, record: TurnRecord = record) -> dict[str, float]:
            before = obs.history[turn - 2].positions if turn > 1 else initial_positions(game)
            return _turn_moves(game, obs, turn, record, before, utility_of)

        out.append(memo.get(tag, turn, record, compute) if memo is not None else compute())
    return tuple(out)


def _turn_moves(
    game: Game, obs: Observation, turn: int, record: TurnRecord, before: Mapping[str, Mapping[str, str]],
    utility_of: Mapping[str, Utility],
) -> dict[str, float]:
    board: Outlook | None = None
    values = {}
    for role, utility in utility_of.items():
        if record.positions[role] == before[role]:
            values[role] = 0.0
            continue
        if board is None:
            board = Outlook.on_board(game, obs.role, _past_board_of(game, obs, turn, record))
        after = copy_positions(record.positions)
        undone = copy_positions(record.positions)
        undone[role] = dict(before[role])
        values[role] = board.value(utility, after) - board.value(utility, undone)
    return values


_PAST_BOARDS: dict[tuple[str, int], tuple[TurnRecord, Board]] = {}
"""The board of :func:`past_board` last read for each turn of each scenario, with the turn's record."""


def _past_board_of(game: Game, obs: Observation, turn: int, record: TurnRecord) -> Board:
    """The :class:`Board` (the resolutions foreseen) of :func:`past_board`, shared by every bot that reads the
    same record: each values the moves on its own terms, but the previews are the same for all.

    A record belongs to one game's history, so it stands for everything the board is built from (the
    records before it and the cards drawn), and the entry keeps it alive so its identity is not reused.
    """
    key = (game.scenario_hash, turn)
    found = _PAST_BOARDS.get(key)
    if found is not None and found[0] is record:
        return found[1]
    made = Board(game, past_board(game, obs, turn), 1)
    _PAST_BOARDS[key] = (record, made)
    return made


def my_agreements(obs: Observation) -> frozenset[int]:
    """Ids of the agreements the observer has been party to (from its own talks)."""
    return frozenset(p.id for p in obs.talks if p.status == "accepted")


def standing(game: Game, obs: Observation, utility: Utility, memo: Readings | None = None) -> dict[str, int]:
    """Tit-for-tat: +1 for each other role whose last telling act towards the observer was friendly,
    -1 for one whose last telling act was hostile. Everyone starts at +1.

    A telling act, turn by turn: breaking an agreement with the observer (hostile - it outweighs
    anything else that turn), keeping one (friendly), or a change of positions that made the observer
    worse off (hostile) or better off (friendly) under ``utility``. Holding still changes nothing.
    """
    others = [r for r in game.roles if r != obs.role]
    mine = my_agreements(obs)
    worth = moves(game, obs, {r: utility for r in others}, memo, "standing")
    result = {r: 1 for r in others}
    for record, values in zip(obs.history, worth):
        broke: set[str] = set()
        kept: set[str] = set()
        for s in record.settlements:
            if s.agreement in mine:
                if s.kept:
                    kept.update(_parties(obs, s.agreement))
                else:
                    broke.update(s.breakers)
        for role in others:
            if role in broke:
                result[role] = -1
            elif values[role] < -NEUTRAL:
                result[role] = -1
            elif values[role] > NEUTRAL or role in kept:
                result[role] = 1
    return result


def _parties(obs: Observation, agreement: int) -> tuple[str, ...]:
    for p in obs.talks:
        if p.id == agreement:
            return p.parties
    return ()


PUBLIC = Readings()
"""Readings that depend on the public record alone, shared by every bot in the process."""


def follows_interest(game: Game, obs: Observation, roles: Sequence[str]) -> dict[str, float]:
    """For each role, how far its revealed moves have served its own public score: the share of its
    telling moves that raised it, smoothed towards one half (1/2 with no record)."""
    worth = moves(game, obs, public_utilities(game), PUBLIC, f"interest:{game.scenario_hash}")
    up = dict.fromkeys(roles, 0)
    down = dict.fromkeys(roles, 0)
    for values in worth:
        for role in roles:
            value = values[role]
            if value > NEUTRAL:
                up[role] += 1
            elif value < -NEUTRAL:
                down[role] += 1
    return {r: (1 + up[r]) / (2 + up[r] + down[r]) for r in roles}
