"""The shortcuts of the effect kernel give exactly what the plain definitions give.

Conditions decided in advance against a board (``specialise``), plans that decide them once for
many previews, the clamping arithmetic written out in ``run_steps``, and the red-line guard's
search over the others' moves are each checked here against the longer way round.
"""

from __future__ import annotations

import random
from itertools import product

from game.bots.red_lines import _at, _holding, satisfiable
from game.engine import Game, Phase, new_game, preview_tracks
from game.engine.context import Context
from game.engine.effects import run_steps
from game.engine.resolution import VARYING, TurnPlan, _turn_context, _turn_effects
from game.engine.rules import Track
from game.engine.state import GameState
from game.runner import play
from game.scenario.conditions import Predicate, reads, specialise


def _states(game: Game, seed: int, kind: str) -> list[GameState]:
    states = [new_game(game, seed)]
    play(game, seed, dict.fromkeys(game.roles, kind), on_step=lambda action, events, state: states.append(state))
    return states


def _random_positions(game: Game, rng: random.Random) -> dict[str, dict[str, str]]:
    return {r: {d.id: rng.choice(d.options).id for d in game.decisions[r]} for r in game.roles}


def _conditions(game: Game) -> list[Predicate]:
    found: list[Predicate] = []
    for role in game.roles:
        for dec in game.decisions[role]:
            found += [e.when for o in dec.options for e in o.effects if e.when is not None]
        found += [rl.when for rl in game.red_lines[role]] + [o.when for o in game.objectives[role]]
    found += [e.when for e in (*game.each_turn, *game.kept_effects, *game.broken_effects) if e.when is not None]
    return found


def test_every_compiled_condition_says_what_it_reads(any_game: Game) -> None:
    for pred in _conditions(any_game):
        assert reads(pred) is not None


def test_a_specialised_condition_agrees_wherever_only_the_varying_parts_differ(any_game: Game) -> None:
    rng = random.Random(5)
    states = [s for s in _states(any_game, 2, "random") if s.phase is Phase.DECISION]
    conditions = _conditions(any_game)
    positions_of = [f"{r}.{d.id}" for r in any_game.roles for d in any_game.decisions[r]]
    for state in states:
        board = Context(state.tracks, _random_positions(any_game, rng), state.turn, frozenset(state.drawn),
                        frozenset(frozenset(a.parties) for a in state.agreements), frozenset())
        for varying in (VARYING, frozenset(rng.sample(positions_of, 2)), frozenset({"tracks"})):
            for pred in conditions:
                fixed = specialise(pred, board, varying)
                for _ in range(5):
                    positions = board.positions
                    if "positions" in varying:
                        positions = _random_positions(any_game, rng)
                    else:
                        positions = {r: dict(p) for r, p in positions.items()}
                        for name in varying & set(positions_of):
                            role, decision = name.split(".")
                            positions[role][decision] = rng.choice(any_game.decision(role, decision).options).id
                    tracks = ({k: rng.randint(t.min, t.max) for k, t in any_game.tracks.items()}
                              if "tracks" in varying else board.tracks)
                    broke = frozenset(rng.sample(any_game.roles, rng.randint(0, 2))) if "broke" in varying else board.broke
                    ctx = Context(tracks, positions, board.turn, board.drawn, board.agreed, broke)
                    expected = bool(pred(ctx))
                    assert (fixed if isinstance(fixed, bool) else bool(fixed(ctx))) == expected


def test_previews_with_a_deciding_plan_move_the_tracks_as_a_resolution_does(any_game: Game) -> None:
    rng = random.Random(9)
    for kind in ("random", "greedy"):
        for state in (s for s in _states(any_game, 4, kind) if s.phase is Phase.DECISION):
            plan = TurnPlan(any_game, state, decide=True)
            for _ in range(6):  # a plan decides an option's conditions once it is asked again
                positions = _random_positions(any_game, rng)
                ctx, in_force, settlements = _turn_context(any_game, state, positions)
                recorded, _ = _turn_effects(any_game, state, ctx, in_force, settlements, record=True)
                for _ in range(2):
                    tracks, broke = preview_tracks(any_game, state, positions, plan)
                    assert tracks == recorded and broke == ctx.broke


def _shift(track: Track, before: int, delta: int, limit: int | None) -> int:
    """The clamping rule as it reads in the rules: bounds, and a limit a move does not cross."""
    low, high = track.min, track.max
    if limit is not None:
        if delta > 0:
            high = max(min(high, limit), min(before, high))
        elif delta < 0:
            low = min(max(low, limit), max(before, low))
    return min(high, max(low, before + delta))


def test_the_kernel_clamps_as_the_rules_say(engine: Game) -> None:
    from game.engine.effects import step_of

    key = "confidence"
    track = engine.tracks[key]
    for before in range(track.min - 1, track.max + 2):
        for delta in range(-12, 13):
            for limit in (None, *range(track.min, track.max + 1)):
                tracks = {key: before}
                run_steps(tracks, (step_of(engine, key, delta, limit=limit),), None)
                assert tracks[key] == _shift(track, before, delta, limit), (before, delta, limit)


def test_the_guard_search_finds_a_red_line_exactly_when_some_combination_crosses_it(shipped: Game) -> None:
    rng = random.Random(3)
    state = new_game(shipped, 1)
    for role in shipped.roles:
        for rl in shipped.red_lines[role]:
            for _ in range(20):
                positions = _random_positions(shipped, rng)
                ctx = Context(state.tracks, positions, 1, frozenset(), frozenset(), frozenset())
                picks = rng.sample([(r, d) for r in shipped.roles for d in shipped.decisions[r]], 2)
                key = rng.choice(list(shipped.tracks))
                unknowns = [(f"{r}.{d.id}", _holding(r, d.id), tuple(o.id for o in d.options)) for r, d in picks]
                unknowns.append((key, _at(key), (shipped.tracks[key].min, shipped.tracks[key].max)))
                brute = False
                for combo in product(*(values for _, _, values in unknowns)):
                    trial = ctx
                    for (_, assign, _), value in zip(unknowns, combo):
                        trial = assign(trial, value)
                    brute = brute or bool(rl.when(trial))
                assert satisfiable(rl.when, ctx, unknowns) == brute
