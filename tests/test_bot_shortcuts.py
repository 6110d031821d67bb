"""The bots' shortcuts change no decision, each checked against the longer way round: boards shared
between games, moves passed over as changing nothing a bot values, one plan for every look a turn
further ahead, and what a planner keeps from one decision point to the next."""

from __future__ import annotations

from itertools import permutations
from pathlib import Path

import pytest

from game.bots import foresight
from game.bots.conduct import Readings, standing
from game.bots.foresight import Board, Outlook, board, believed_state, own_utility, public_utility
from game.bots.influence import influence, inert, utility_reads
from game.bots.planner import Planner
from game.bots.reciprocal import ReciprocalBot
from game.engine import (
    CHANCE, Commitment, DrawCard, Game, GameState, Phase, SeededRandom, apply, draw_card, new_game, observe,
    preview_tracks,
)
from game.engine.state import Agreement, TurnRecord
from game.runner import play
from game.scenario.loader import load_scenario
from game.session import Seat, Session

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def lisbon() -> Game:
    return load_scenario(ROOT / "scenarios" / "lisbon-2010.yaml").game


def _boards_unshared(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, every board is made afresh (none is kept to share)."""
    monkeypatch.setattr(foresight, "_BOARDS_KEPT", 0)
    foresight._BOARDS.clear()


def test_a_game_plays_the_same_on_boards_shared_with_earlier_games(
    any_game: Game, monkeypatch: pytest.MonkeyPatch,
) -> None:
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
    track, value = next(iter(believed[1].tracks.items()))
    shifted = believed[1]._replace(tracks={**believed[1].tracks, track: value + 1})
    assert board(lisbon, shifted, 2) is not board(lisbon, believed[0], 2)
    past = TurnRecord(1, None, believed[1].positions, believed[1].tracks, ())
    recorded = believed[1]._replace(history=(past,))  # what a past turn shows (once effects, readings)
    assert board(lisbon, recorded, 2) is not board(lisbon, believed[0], 2)
    # The rest of what a resolution reads: the turn, the agreements in force, the cards drawn, and how far
    # the board looks ahead.
    later = believed[1]._replace(turn=believed[1].turn + 1)
    assert board(lisbon, later, 2) is not board(lisbon, believed[0], 2)
    pair = next(p for p in lisbon.trust_pairs if role in p)  # an agreement binding the role moved above
    term = Commitment(role, decision.id, held[decision.id], "eq")
    parties = tuple(r for r in lisbon.roles if r in pair)
    agreed = believed[1]._replace(agreements=(Agreement(1, parties, (term,), "", 1, 1),))
    assert board(lisbon, agreed, 2) is not board(lisbon, believed[0], 2)
    card = next(c for c in lisbon.cards if c not in believed[1].drawn)
    drawn = believed[1]._replace(drawn=(*believed[1].drawn, card))
    assert board(lisbon, drawn, 2) is not board(lisbon, believed[0], 2)
    assert board(lisbon, believed[1], 1) is not board(lisbon, believed[0], 2)


def _boards_to_weigh(game: Game) -> list[GameState]:
    """Believed states of one bot game (most scenarios see agreements made, and some broken, in it): at every
    decision phase, as its first role sees it."""
    states: list[GameState] = []
    seats = {r: ("strategic", "hawkish", "random")[i % 3] for i, r in enumerate(game.roles)}

    def keep(action: object, events: object, state: GameState) -> None:
        if state.phase is Phase.DECISION and not state.committed:
            states.append(believed_state(game, observe(game, state, game.roles[0])))

    play(game, 5, seats, on_step=keep)
    return states


def test_a_move_passed_over_as_inert_is_worth_exactly_what_holding_on_is(any_game: Game) -> None:
    """Every one-decision move of every role that ``inert`` passes over leaves an observer's values -
    its own score (objectives and red lines included) and every role's public one - exactly as they
    were, one turn ahead and two; and some moves are passed over, some not."""
    public = [public_utility(any_game, r) for r in any_game.roles]
    verdicts = {True: 0, False: 0}
    for state in _boards_to_weigh(any_game):
        for horizon in (1, 2):
            for observer in any_game.roles:
                outlook = Outlook(any_game, observer, state, horizon, shared=False)
                for utility in (own_utility(any_game, observer), *public):
                    read = utility_reads(utility)
                    for role in any_game.roles:
                        for dec in any_game.decisions[role]:
                            for before, after in permutations([o.id for o in dec.options], 2):
                                skip = inert(any_game, read, state.agreements, role, dec.id, before, after,
                                             outlook.board.horizon)
                                verdicts[skip] += 1
                                if skip:
                                    here = {r: dict(p) for r, p in state.positions.items()}
                                    here[role][dec.id] = before
                                    there = {r: dict(p) for r, p in here.items()}
                                    there[role][dec.id] = after
                                    assert outlook.value(utility, here) == outlook.value(utility, there)
    assert verdicts[True] and verdicts[False]


def test_a_move_is_never_inert_for_values_that_read_what_it_can_change(lisbon: Game) -> None:
    """A move changes the tracks its options move and those of effects whose conditions read it - and,
    looking a turn further, those of effects whose conditions read a track it moved; a move on a
    decision an agreement names may change who breaks it."""
    reading = influence(lisbon)
    moves = [(role, dec.id, before, after) for role in lisbon.roles for dec in lisbon.decisions[role]
             for before, after in permutations([o.id for o in dec.options], 2)]
    role, decision, before, after = next(m for m in moves if reading.readers.get(f"{m[0]}.{m[1]}", frozenset())
                                         - reading.option_tracks[m[:3]] - reading.option_tracks[(*m[:2], m[3])])
    for track in reading.readers[f"{role}.{decision}"]:
        assert not inert(lisbon, frozenset({track}), (), role, decision, before, after, 1)
    assert not inert(lisbon, frozenset({f"{role}.{decision}"}), (), role, decision, before, after, 1)

    role, decision, before, after = next(m for m in moves if reading.moved(*m, 2) - reading.moved(*m, 1))
    for track in reading.moved(role, decision, before, after, 2) - reading.moved(role, decision, before, after, 1):
        assert inert(lisbon, frozenset({track}), (), role, decision, before, after, 1)
        assert not inert(lisbon, frozenset({track}), (), role, decision, before, after, 2)

    untouched = frozenset(lisbon.tracks) - reading.moved(role, decision, before, after, 2)
    assert untouched and inert(lisbon, untouched, (), role, decision, before, after, 2)
    binding = Agreement(1, (role,), (Commitment(role, decision, before),), "", 1, 1)
    assert not inert(lisbon, untouched, (binding,), role, decision, before, after, 2)


def test_a_board_looks_a_turn_further_as_a_fresh_preview_of_that_turn_does(any_game: Game) -> None:
    """The board's second resolution (one plan shared by every positions it foresees, no option taken
    up for the first time) gives the tracks and breakers of a preview made afresh from the state that
    resolution starts from - over positions that take ``once`` options up and put them down."""
    rng = SeededRandom(3, "positions")
    checked = 0
    for state in _boards_to_weigh(any_game):
        if state.turn == any_game.turns:
            continue
        ahead = Board(any_game, state, 2)
        for _ in range(12):
            positions = {role: {dec.id: rng.pick(dec.options).id for dec in any_game.decisions[role]}
                         for role in any_game.roles}
            first, _ = preview_tracks(any_game, state, positions)
            record = TurnRecord(state.turn, None, positions, first, ())
            following = state._replace(
                turn=state.turn + 1, tracks=first, positions=positions, history=(*state.history, record),
                agreements=tuple(a for a in state.agreements if a.until_turn > state.turn),
            )
            then = ahead.forecast(positions).then
            assert then is not None
            assert (dict(then.tracks), then.broke) == preview_tracks(any_game, following, positions)
            checked += 1
    assert checked


def test_a_planner_values_and_reads_its_standing_as_it_would_afresh(lisbon: Game) -> None:
    """What a planner keeps from one decision point to the next - its utility, and a reciprocal bot's
    reading of each role's standing - is what working them out again gives, at every decision of a game."""
    seats = {r: ("reciprocal", "cooperative", "hawkish", "strategic")[i % 4] for i, r in enumerate(lisbon.roles)}
    session = Session.start(lisbon, 4, {r: Seat(r, kind) for r, kind in seats.items()})
    checked = 0
    while (actor := session.to_act()) is not None:
        if actor != CHANCE:
            bot, obs = session.bot(actor), session.view(actor)
            assert isinstance(bot, Planner)
            assert bot.utility(obs) == own_utility(lisbon, actor, bot.care(obs))
            if isinstance(bot, ReciprocalBot):
                assert bot.standing(obs) == standing(lisbon, obs, own_utility(lisbon, actor), Readings())
                checked += 1
        session.step_automatic()
    assert checked and session.state.over
