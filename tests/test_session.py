"""Sessions: seats, whose move it is, bots filling seats, and resuming from the action log."""

from __future__ import annotations

import pytest

from game.engine import CHANCE, EndNegotiation, Game, state_hash
from game.session import Seat, SeatError, Session, next_actor, parse_seats


def test_parse_seats_defaults_and_errors(engine: Game) -> None:
    seats = parse_seats("russia=bot:greedy,host=random", engine.roles)
    assert seats["nato"].human and seats["russia"].bot == "greedy" and seats["host"].bot == "random"
    assert parse_seats(None, engine.roles, default="bot:random")["nato"].spec() == "bot:random"
    for bad, message in [("nato", "expected"), ("france=human", "unknown role"), ("nato=bot:genius", "unknown bot")]:
        with pytest.raises(SeatError, match=message):
            parse_seats(bad, engine.roles)



def test_parse_seats_refuses_a_role_given_twice_and_a_bot_without_its_kind(engine: Game) -> None:
    with pytest.raises(SeatError, match="role 'nato' is given twice"):
        parse_seats("nato=human,russia=bot:random,nato=bot:greedy", engine.roles)
    for bare in ("bot", "bot:"):
        with pytest.raises(SeatError, match=r"write bot:KIND, e\.g\. russia=bot:strategic \(bots: .*greedy"):
            parse_seats(f"russia={bare}", engine.roles)

def test_humans_wait_while_chance_and_bots_move(engine: Game) -> None:
    session = Session.start(engine, 5, parse_seats("russia=bot:greedy,host=bot:random", engine.roles))
    assert session.to_act() == CHANCE and session.human_to_act() is None
    session.run_automatic()
    assert session.human_to_act() == "nato"
    session.submit(EndNegotiation("nato"))
    session.run_automatic()
    assert session.to_act() in (None, "nato")


def test_a_resumed_session_continues_identically(engine: Game) -> None:
    seats = {r: Seat(r, "random") for r in engine.roles}
    full = Session.start(engine, 8, seats)
    full.run_automatic()
    assert full.state.over
    half = Session.resume(engine, 8, seats, full.actions[: len(full.actions) // 2])
    half.run_automatic()
    assert half.actions == full.actions and half.hashes == full.hashes
    assert state_hash(half.state) == state_hash(full.state)


def test_the_rotation_passes_to_the_next_seat_with_something_to_do(engine: Game) -> None:
    nato, russia, host = engine.roles
    session = Session.start(engine, 3, {r: Seat(r, "random") for r in engine.roles})
    session.step_automatic()  # the card: every role now negotiates
    state = session.state
    assert [next_actor(engine, state, last) for last in (None, nato, russia, host)] == [nato, russia, host, nato]
    state = session.submit(EndNegotiation(russia)).state
    assert next_actor(engine, state, nato) == host  # a role that has ended its talks is passed over
    assert next_actor(engine, state, host) == nato
