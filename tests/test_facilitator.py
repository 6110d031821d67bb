"""Facilitator actions: each changes the game as described, enters the record, and replays exactly."""

from __future__ import annotations

import pytest

from game.engine import (
    FACILITATOR,
    Adjust,
    CloseNegotiation,
    Commit,
    Commitment,
    Countdown,
    DrawCard,
    EndNegotiation,
    Game,
    IllegalAction,
    Inject,
    Note,
    Pause,
    Phase,
    Propose,
    Resume,
    Reveal,
    TrackDelta,
    action_from_dict,
    action_to_dict,
    actors,
    observe,
    replay_steps,
    state_hash,
    turn_hashes,
)
from game.session import Seat, Session


@pytest.fixture
def session(engine: Game) -> Session:
    s = Session.start(engine, 3, {r: Seat(r, "greedy") for r in engine.roles})
    s.submit(DrawCard("missile_test"))
    return s


def test_inject_a_deck_card_or_a_custom_event(session: Session) -> None:
    before = session.state.tracks["confidence"]
    session.submit(Inject(card="exercise", reason="to test the table"))
    assert "exercise" in session.state.drawn and session.state.tracks["confidence"] == before - 1
    with pytest.raises(IllegalAction, match="already been played"):
        session.submit(Inject(card="exercise"))
    step = session.submit(Inject(title="Leak", text="Talks leak.", effects=(TrackDelta("trust.nato.russia", -2),),
                                 reason="pressure"))
    change = step.events[0].changes[0]
    assert (change.track, change.delta, change.cause.note) == ("trust.nato.russia", -2, "pressure")
    with pytest.raises(IllegalAction, match="unknown track"):
        session.submit(Inject(title="Bad", effects=(TrackDelta("nonsense", 1),)))


def test_adjust_needs_a_reason_and_is_clamped(session: Session) -> None:
    with pytest.raises(IllegalAction, match="reason"):
        session.submit(Adjust("confidence", 1, " "))
    session.submit(Adjust("confidence", 3, "umpire"))
    assert session.state.tracks["confidence"] == 8
    session.submit(Adjust("confidence", 50, "generous umpire"))
    assert session.state.tracks["confidence"] == 10


def test_pause_stops_everyone_but_the_facilitator(session: Session, engine: Game) -> None:
    session.submit(Pause("lunch"))
    assert actors(engine, session.state) == () and session.to_act() is None and session.paused
    with pytest.raises(IllegalAction, match="paused"):
        session.submit(EndNegotiation("nato"))
    session.submit(Note("Teams at lunch"))
    session.submit(Resume())
    assert session.to_act() is not None
    with pytest.raises(IllegalAction, match="not paused"):
        session.submit(Resume())


def test_countdown_is_shown_to_all_and_closing_expires_unanswered_proposals(session: Session, engine: Game) -> None:
    session.submit(Countdown(300))
    assert all(observe(engine, session.state, r).countdown == 300 for r in engine.roles)
    offer = Commitment("nato", "transparency", "briefings")
    session.submit(Propose("nato", ("russia",), (offer,)))
    session.submit(CloseNegotiation("time is up"))
    state = session.state
    assert state.phase is Phase.DECISION and state.countdown == 0
    assert state.proposals[0].status == "expired" and state.agreements == ()
    with pytest.raises(IllegalAction, match="no negotiation"):
        session.submit(Countdown(60))


def test_reveal_shows_a_committed_role_to_everyone(session: Session, engine: Game) -> None:
    for role in engine.roles:
        session.submit(EndNegotiation(role))
    with pytest.raises(IllegalAction, match="no committed"):
        session.submit(Reveal("russia"))
    session.submit(Commit.of("russia", {"transparency": "open"}))
    assert observe(engine, session.state, "nato").revealed == {}
    session.submit(Reveal("russia"))
    assert observe(engine, session.state, "nato").revealed["russia"]["transparency"] == "open"


def test_notes_are_for_the_facilitator_only(session: Session) -> None:
    step = session.submit(Note("Russia hesitated"))
    event = step.events[0]
    assert event.visible(FACILITATOR) and not event.visible("russia")
    assert session.state.notes == ((1, "Russia hesitated"),)


def test_a_game_with_facilitator_actions_replays_exactly(session: Session, engine: Game) -> None:
    session.submit(Countdown(120))
    session.submit(Inject(title="Backlash", effects=(TrackDelta("support.host", -1),), reason="news"))
    session.submit(Note("watch the host"))
    session.submit(CloseNegotiation())
    session.step_automatic()  # one role commits
    session.submit(Pause())
    session.submit(Adjust("cooperation", 1, "a good exercise"))
    session.submit(Resume())
    session.run_automatic()
    assert session.state.over
    logged = [action_from_dict(action_to_dict(a)) for a in session.actions]
    steps = list(replay_steps(engine, session.seed, logged))
    assert turn_hashes(steps) == session.hashes
    assert state_hash(steps[-1].state) == state_hash(session.state)
    assert any(a.role == FACILITATOR for a in logged)
