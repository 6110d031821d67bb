"""The replay model behind the viewer: positions, turns, events, branching; records and saves alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine import Phase, state_hash
from game.saves import SaveFile, load_save, open_replay, read_log, verify_log
from game.scenario.loader import LoadedScenario, load_scenario
from game.session import Seat, Session

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ENGINE = FIXTURES / "engine.yaml"
RECORD = FIXTURES / "saves" / "record-v1-engine.json"


@pytest.fixture(scope="module")
def loaded() -> LoadedScenario:
    return load_scenario(ENGINE)


@pytest.fixture(scope="module")
def finished(loaded: LoadedScenario) -> Session:
    session = Session.start(loaded.game, 31, {r: Seat(r, "random") for r in loaded.game.roles})
    session.run_automatic()
    return session


def test_every_position_of_a_replay_is_the_state_the_game_had(loaded: LoadedScenario, finished: Session,
                                                             tmp_path: Path) -> None:
    replay = open_replay(SaveFile.new(loaded, tmp_path).save(finished))
    assert len(replay) == len(finished.actions) and replay.verification.ok
    again = Session.start(loaded.game, 31, finished.seats)
    assert replay.state(0) == again.state and replay.events_at(0) == ()
    for position in range(1, len(replay) + 1):
        step = again.submit(replay.action(position))
        assert replay.state(position) == step.state and replay.events_at(position) == step.events
    assert replay.events_until(len(replay)) == finished.events
    with pytest.raises(IndexError):
        replay.state(len(replay) + 1)


def test_turns_start_before_their_card_and_end_after_their_resolution(loaded: LoadedScenario, finished: Session,
                                                                     tmp_path: Path) -> None:
    replay = open_replay(SaveFile.new(loaded, tmp_path).save(finished))
    assert replay.turns() == list(range(1, loaded.game.turns + 1))
    for turn in replay.turns():
        start, end = replay.turn_start(turn), replay.turn_end(turn)
        assert replay.state(start).turn == turn and replay.state(start).phase is Phase.EVENT
        assert end is not None and len(replay.state(end).history) == turn
        assert any(e.kind == "turn_resolved" for e in replay.events_at(end))
    with pytest.raises(ValueError):
        replay.turn_start(99)


def test_a_replay_hides_nothing(loaded: LoadedScenario, finished: Session, tmp_path: Path) -> None:
    """Secret commits before the reveal, and private proposals and answers, are all in the replay."""
    replay = open_replay(SaveFile.new(loaded, tmp_path).save(finished))
    states = [replay.state(p) for p in range(len(replay) + 1)]
    secret = [state for state in states if state.phase is Phase.DECISION and state.committed]
    assert secret
    for state in secret:
        for role, positions in state.committed.items():
            assert set(positions) == {d.id for d in loaded.game.decisions[role]}
    private = [e for e in replay.events_until(len(replay)) if e.visible_to is not None]
    assert private and private == [e for e in finished.events if e.visible_to is not None]
    assert replay.state(len(replay)).talks == finished.state.talks


def test_branch_here_starts_a_new_game_from_that_point_with_new_seats(loaded: LoadedScenario, finished: Session,
                                                                      tmp_path: Path) -> None:
    replay = open_replay(SaveFile.new(loaded, tmp_path).save(finished))
    position = replay.turn_start(2)
    seats = {r: Seat(r) if r == "russia" else Seat(r, "greedy") for r in loaded.game.roles}
    session, file = replay.branch(position, seats, tmp_path / "branches")
    assert session.actions == list(finished.actions[:position]) and session.state == replay.state(position)
    assert session.seats == seats and file.game_id != replay.game_id
    assert file.branched_from is not None and file.branched_from.step == position
    session.run_automatic()
    assert session.human_to_act() == "russia"
    saved = load_save(file.save(session))
    assert saved.data.branched_from is not None and saved.data.branched_from.game == replay.game_id
    assert saved.session.hashes[:1] == finished.hashes[:1]  # the shared turn replays to the same hash


def test_a_simulation_record_opens_and_verifies_like_a_save() -> None:
    log = read_log(RECORD, scenario=ENGINE)
    assert log.kind == "record" and verify_log(log).ok
    replay = open_replay(RECORD, scenario=str(ENGINE))
    last = replay.state(len(replay))
    assert last.over and state_hash(last) and len(replay.verification.path.name) > 0


def test_a_record_of_a_scenario_that_changed_is_refused_with_the_reason(tmp_path: Path) -> None:
    from game.saves import SaveError

    changed = tmp_path / "engine.yaml"
    changed.write_text(ENGINE.read_text().replace("start: 5", "start: 6", 1))
    (tmp_path / "sources.yaml").write_text((FIXTURES / "sources.yaml").read_text())
    with pytest.raises(SaveError, match="other rules than .*records carry no copy"):
        read_log(RECORD, scenario=changed)


def test_a_record_whose_scenario_is_unknown_points_at_scenario_option() -> None:
    from game.saves import SaveError

    with pytest.raises(SaveError, match=r"unknown scenario 'engine-test'.*give it with --scenario"):
        read_log(RECORD)
