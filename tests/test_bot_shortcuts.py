"""The bots' shortcuts change no decision: boards shared between games, checked against the longer way round."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.bots import foresight
from game.bots.foresight import board, believed_state
from game.engine import DrawCard, Game, GameState, apply, draw_card, new_game, observe
from game.runner import play
from game.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def lisbon() -> Game:
    return load_scenario(ROOT / "scenarios" / "lisbon-2010.yaml").game


def _boards_unshared(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, every board is made afresh (none is kept to share)."""
    monkeypatch.setattr(foresight, "_BOARDS_KEPT", 0)
    foresight._BOARDS.clear()


def test_a_game_plays_the_same_on_boards_shared_with_earlier_games(any_game: Game, monkeypatch: pytest.MonkeyPatch) -> None:
    seats = {r: ("strategic", "cooperative", "hawkish")[i % 3] for i, r in enumerate(any_game.roles)}
    with monkeypatch.context() as unshared:
        _boards_unshared(unshared)
        alone = play(any_game, 11, seats).actions
    for seed in range(4):  # games that open on the same boards, when they draw the same first card
        play(any_game, seed, seats)
    assert play(any_game, 11, seats).actions == alone


def _opening(game: Game, seed: int) -> GameState:
    """Turn 1 of a game, its card drawn."""
    state = new_game(game, seed)
    return apply(game, state, DrawCard(draw_card(game, state))).state


def test_equal_boards_of_different_games_are_one_board(lisbon: Game) -> None:
    openings: dict[str | None, GameState] = {}
    for seed in range(40):
        state = _opening(lisbon, seed)
        if state.card in openings:
            break
        openings[state.card] = state
    else:
        pytest.fail("no two of 40 games drew the same first card")
    first, again = openings[state.card], state
    assert first.seed != again.seed and first.tracks is not again.tracks
    believed = [believed_state(lisbon, observe(lisbon, s, lisbon.roles[0])) for s in (first, again)]
    assert board(lisbon, believed[0], 2) is board(lisbon, believed[1], 2)

    role, held = next(iter(believed[1].positions.items()))
    decision = next(d for d in lisbon.decisions[role] if len(d.options) > 1)
    other = next(o.id for o in decision.options if o.id != held[decision.id])
    moved = believed[1]._replace(positions={**believed[1].positions, role: {**held, decision.id: other}})
    assert board(lisbon, moved, 2) is not board(lisbon, believed[0], 2)
    locked = believed[1]._replace(locked=frozenset({(role, decision.id)}))
    assert board(lisbon, locked, 2) is not board(lisbon, believed[0], 2)
