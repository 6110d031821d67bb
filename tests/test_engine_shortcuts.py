"""The engine's shortcuts give exactly what the plain definitions give.

Hashes skip the parts of the state they chain instead of encoding them (and a turn's hash is worked
out only when read), open decisions and a
role's past talks are remembered while what they were worked out from stands, and previews move tracks without
recording changes: each is checked here against the longer way round, over whole games.
"""

from __future__ import annotations

import hashlib
import pickle

from game.engine import (
    Adjust, Commit, Game, Phase, apply, compile_game, new_game, observe, preview_tracks, state_hash, state_to_dict,
)
from game.engine.legality import _open_decisions, open_decisions
from game.engine.observation import _involving
from game.engine.resolution import _turn_context, _turn_effects
from game.engine.state import GameState, TurnHash, canonical_json
from game.runner import play
from game.session import Seat, Session


def _states(game: Game, seed: int, kind: str = "random") -> list[GameState]:
    """Every state of a bot game, in order."""
    states = [new_game(game, seed)]
    play(game, seed, dict.fromkeys(game.roles, kind), on_step=lambda action, events, state: states.append(state))
    return states


def test_a_state_hash_is_the_digest_of_its_picture_without_the_chained_parts(any_game: Game) -> None:
    for state in _states(any_game, 3):
        picture = state_to_dict(state)
        for key in ("history", "talks", "crossings"):
            del picture[key]
        assert state_hash(state) == hashlib.sha256(canonical_json(picture).encode("ascii")).hexdigest()


def test_remembered_open_decisions_are_the_ones_worked_out_afresh(any_game: Game) -> None:
    for state in _states(any_game, 5):
        for role in any_game.roles:
            assert open_decisions(any_game, state, role) == _open_decisions(any_game, state, role)


def test_an_observation_shows_a_role_exactly_the_past_talks_it_took_part_in(any_game: Game) -> None:
    states = _states(any_game, 9)
    assert states[-1].talks
    for state in states:
        for role in any_game.roles:
            seen = observe(any_game, state, role).talks
            assert seen == _involving(state.talks, role)
            assert all(p.proposer == role or role in p.to for p in seen)


def _fusion_needs_confidence(game: Game) -> Game:
    """The engine fixture with the fusion centre open only while confidence is 6 or more."""
    roles = []
    for role in game.scenario.roles:
        decisions = []
        for dec in role.decisions:
            options = [o.model_copy(update={"requires": "confidence >= 6"}) if o.id == "fusion" else o
                       for o in dec.options]
            decisions.append(dec.model_copy(update={"options": options}))
        roles.append(role.model_copy(update={"decisions": decisions}))
    return compile_game(game.scenario.model_copy(update={"roles": roles}))


def test_open_decisions_follow_a_track_moved_in_the_decision_phase(engine: Game) -> None:
    game = _fusion_needs_confidence(engine)
    state = next(s for s in _states(game, 1) if s.phase is Phase.DECISION and s.turn >= 2)
    seen = set()
    for delta in (-10, 10):
        moved = apply(game, state, Adjust("confidence", delta, "test")).state
        for role in game.roles:
            open_decisions(game, state, role)  # remembered for the board before the move
            choices = open_decisions(game, moved, role)
            assert choices == _open_decisions(game, moved, role)
            seen.add(tuple(o.id for dec, options in choices if dec.id == "centre" for o in options))
    assert len(seen) > 1  # the move opens and closes the fusion centre


def test_a_commit_check_accepts_exactly_the_open_options(any_game: Game) -> None:
    state = next(s for s in _states(any_game, 7) if s.phase is Phase.DECISION and not s.committed)
    for role in any_game.roles:
        for dec, options in observe(any_game, state, role).choices:
            for option in dec.options:
                commit = Commit.of(role, {dec.id: option.id})
                try:
                    apply(any_game, state, commit)
                    legal = True
                except ValueError:
                    legal = False
                assert legal == (option in options), (role, dec.id, option.id)


def test_a_preview_moves_the_tracks_exactly_as_the_resolution_does(any_game: Game) -> None:
    deciding = [s for s in _states(any_game, 11, "greedy") if s.phase is Phase.DECISION]
    assert deciding
    for state in deciding:
        positions = {r: state.committed.get(r, state.positions[r]) for r in any_game.roles}
        ctx, in_force, settlements = _turn_context(any_game, state, positions)
        recorded, _ = _turn_effects(any_game, state, ctx, in_force, settlements, record=True)
        assert preview_tracks(any_game, state, positions)[0] == recorded


def test_quiet_play_reaches_every_state_that_narrated_play_does(any_game: Game) -> None:
    for seed, kind in ((4, "random"), (6, "reciprocal")):
        seats = {role: Seat(role, kind) for role in any_game.roles}
        narrated = Session.start(any_game, seed, seats)
        quiet = Session.start(any_game, seed, seats, quiet=True)
        while (step := narrated.step_automatic()) is not None:
            assert step.events
            action = narrated.actions[-1]
            assert quiet.automatic_action() == action
            assert quiet.submit(action) == (step.state, ())
        assert quiet.state.over and quiet.automatic_action() is None
        assert quiet.hashes == [e.data["hash"] for e in narrated.events if e.kind == "turn_resolved"]
        assert len(quiet.hashes) == any_game.turns and not quiet.events


def test_a_turn_hash_read_late_is_the_one_narrated_play_gives_at_once(any_game: Game) -> None:
    narrated: list[str] = []
    play(any_game, 8, dict.fromkeys(any_game.roles, "random"),
         on_step=lambda action, events, state: narrated.extend(e.data["hash"] for e in events
                                                               if e.kind == "turn_resolved"))
    quiet = play(any_game, 8, dict.fromkeys(any_game.roles, "random"))
    assert all(isinstance(digest, TurnHash) for digest in quiet.turn_digests)
    # The last turn first: working it out works out every earlier turn it chains.
    assert [str(digest) for digest in reversed(quiet.turn_digests)] == narrated[::-1]
    assert len(narrated) == any_game.turns


def test_a_turn_hash_stands_for_its_text(engine: Game) -> None:
    digest = play(engine, 2, dict.fromkeys(engine.roles, "random")).turn_digests[0]
    text = str(digest)
    assert len(text) == 64 and digest == text and text == digest and digest != text[::-1]
    assert hash(digest) == hash(text) and {digest, text} == {text}
    assert pickle.loads(pickle.dumps(digest)) == text and type(pickle.loads(pickle.dumps(digest))) is str
