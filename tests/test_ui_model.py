"""What the game screen computes from a session, without Textual: track histories and explanations,
options' known effects, the moves open to a seat, and proposals drafted on screen."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

from game.engine import (
    Commit, Commitment, Counter, DrawCard, EndNegotiation, Game, Phase, Propose, Respond, check,
)
from game.session import Seat, Session
from game.ui.negotiation import Draft, binds_nothing, legal, moves, objection, proposal_status
from game.ui.options import option_effects
from game.ui.tracks import changes_seen, last_changes, meter, series, spark_text


def humans(game: Game, seed: int = 4) -> Session:
    session = Session.start(game, seed, {r: Seat(r) for r in game.roles})
    session.submit(DrawCard(session.automatic_action().card))  # type: ignore[union-attr]
    return session


def test_series_is_the_start_then_each_turn_then_now(engine: Game) -> None:
    session = Session.start(engine, 2, {r: Seat(r, "random") for r in engine.roles})
    assert series(engine, session.state, "confidence") == [5]
    session.run_automatic()
    history = [record.tracks["threat"] for record in session.state.history]
    assert series(engine, session.state, "threat") == [3, *history]  # game over: no "now" point
    assert len(history) == engine.turns


def test_changes_are_seen_only_where_the_seat_may_see_them(engine: Game) -> None:
    session = Session.start(engine, 2, {r: Seat(r, "random") for r in engine.roles})
    session.run_automatic()
    everything = list(changes_seen(session, None))
    assert everything and [m.turn for m in everything] == sorted((m.turn for m in everything), reverse=True)
    for role in engine.roles:
        visible = {id(e) for e in session.events if e.visible(role)}
        allowed = {id(c) for e in session.events if id(e) in visible for c in e.changes}
        assert all(id(m.change) in allowed for m in changes_seen(session, role))
    latest = last_changes(session, "nato")
    for key, moved in latest.items():
        assert moved == next(changes_seen(session, "nato", key))


@pytest.mark.parametrize(("values", "low", "high", "expected"), [
    ([0, 5, 10], 0, 10, "▁▅█"),
    ([3, 3], 0, 10, "▃▃"),
    ([12, -1], 0, 10, "█▁"),  # outside the bounds: clamped
])
def test_spark_text_is_drawn_on_the_track_scale(values: list[int], low: int, high: int, expected: str) -> None:
    assert spark_text(values, low, high) == expected


def test_meter_fills_in_proportion() -> None:
    assert meter(0, 0, 10) == "□" * 10 and meter(10, 0, 10) == "■" * 10 and meter(3, 0, 10) == "■■■" + "□" * 7


def test_option_effects_name_the_track_condition_and_limits(engine: Game) -> None:
    full = option_effects(engine, "nato", "transparency", "full")
    assert full == [
        "Confidence +2 ▲, when Russia's Transparency is at least Open",
        "Trust (NATO-Russia) +1 ▲, the first time only",
    ]
    assert option_effects(engine, "nato", "transparency", "closed") == []
    accept = option_effects(engine, "host", "radar", "accept")
    assert accept[0] == "Support (Host) -1 ▼"
    assert accept[1] == "Trust (Host-Russia) -1 ▼, when NATO's Transparency is at most Briefings"


def test_moves_follow_the_turn_order_and_the_engine(engine: Game) -> None:
    session = humans(engine)
    assert session.state.phase is Phase.NEGOTIATION and session.to_act() == "nato"
    mine = moves(session, "nato")
    assert mine.my_move and mine.propose and mine.finish and not mine.commit and not mine.to_answer
    assert not moves(session, "russia").my_move and not moves(session, "russia").any
    session.submit(Propose("nato", ("russia",), offers=(Commitment("nato", "transparency", "full"),)))
    answering = moves(session, "russia")
    assert answering.my_move and len(answering.to_answer) == 1
    assert not answering.finish  # the engine: answer before finishing
    assert legal(session, Respond("russia", answering.to_answer[0].id, True))
    assert objection(session, EndNegotiation("russia")) == "russia must first answer the proposals sent to it"
    assert proposal_status(session, answering.to_answer[0]) == "awaits Russia"


def test_a_draft_becomes_the_engines_action() -> None:
    draft = Draft("nato", to=["russia"], offers=[Commitment("nato", "transparency", "full", "ge")],
                  requests=[Commitment("russia", "transparency", "open")], note="  a note  ", turns=2)
    assert draft.action() == Propose("nato", ("russia",), tuple(draft.offers), tuple(draft.requests), "a note", 2)
    counter = Draft("russia", to=["nato"], offers=[Commitment("russia", "centre", "fusion")], counter_of=3)
    assert counter.action() == Counter("russia", 3, tuple(counter.offers), (), "", 1)


def test_a_counter_draft_starts_from_the_countered_terms_seen_from_the_counterers_side(engine: Game) -> None:
    session = humans(engine)
    offer = Commitment("nato", "transparency", "full", "ge")
    of_russia, of_host = Commitment("russia", "centre", "fusion"), Commitment("host", "radar", "accept", "le")
    session.submit(Propose("nato", ("russia", "host"), (offer,), (of_russia, of_host), "a note", 2))
    countered = session.state.proposals[-1]
    draft = Draft.countering("russia", countered)
    assert draft.to == ["nato"] and draft.counter_of == countered.id and draft.from_countered
    assert draft.offers == [of_russia] and draft.requests == [offer]  # what it asked is offered, and the other way
    assert draft.left_out == [of_host] and draft.note == "" and draft.turns == 2
    assert objection(session, draft.action()) is None
    # the host's term is left out because the engine refuses it in a counter, which goes to NATO alone
    assert objection(session, Counter("russia", countered.id, (of_russia,), (offer, of_host))) is not None


def test_a_term_binds_nothing_when_every_option_keeps_it(engine: Game) -> None:
    dec = engine.decision("host", "radar")  # refuse, defer, accept
    idle = {(c.op, c.option): binds_nothing(engine, c)
            for c in (Commitment("host", "radar", o.id, op) for o in dec.options for op in ("eq", "ge", "le"))}
    assert idle.pop(("le", "accept")) == "every option already meets it"
    assert idle.pop(("ge", "refuse")) == "every option already meets it"
    assert set(idle.values()) == {None}  # every other term can be broken


def test_commit_of_the_choices_is_legal_only_in_the_decision_phase(engine: Game) -> None:
    session = humans(engine)
    with pytest.raises(ValueError):
        check(engine, session.state, Commit.of("nato", {"transparency": "full"}))
    for role in engine.roles:
        while session.state.phase is Phase.NEGOTIATION and session.to_act() == role:
            session.submit(EndNegotiation(role))
    while session.state.phase is Phase.NEGOTIATION:
        session.submit(EndNegotiation(session.to_act()))  # type: ignore[arg-type]
    role = session.to_act()
    assert role is not None and moves(session, role).commit


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="needs POSIX signals")
@pytest.mark.parametrize("name", ["SIGHUP", "SIGTERM"])
def test_a_hang_up_or_a_stop_request_reaches_the_app_instead_of_ending_the_process(name: str) -> None:
    from game.ui.terminal import on_hang_up

    heard: list[str] = []

    async def main() -> None:
        assert on_hang_up(lambda: heard.append(name))
        os.kill(os.getpid(), getattr(signal, name))
        for _ in range(100):
            if heard:
                return
            await asyncio.sleep(0.01)

    asyncio.run(main())  # the loop's handlers leave with it
    assert heard == [name]


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs pseudo-terminals")
def test_a_terminal_is_gone_once_its_other_end_has_closed() -> None:
    from game.ui.terminal import terminal_gone

    ours, theirs = os.openpty()
    try:
        assert not terminal_gone(theirs)
        os.close(ours)  # the window or connection closes
        assert terminal_gone(theirs)
    finally:
        os.close(theirs)
    with open(os.devnull) as not_a_terminal:
        assert not terminal_gone(not_a_terminal.fileno())


def test_a_change_held_back_says_whether_the_scale_or_the_effect_stopped_it(engine: Game) -> None:
    from game.engine import Cause, Change
    from game.text import change_line

    cause = Cause("event", "test", "A test")
    top = engine.tracks["confidence"].max
    assert f"+2 asked, held at the top of the scale ({top})" in change_line(
        engine, Change("confidence", top - 1, top, 2, cause))
    assert "+3 asked, stopped at the effect's limit (5)" in change_line(engine, Change("confidence", 4, 5, 3, cause))
    assert "asked" not in change_line(engine, Change("confidence", 4, 6, 2, cause))


def test_a_listed_save_says_which_game_it_is(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The words of the Load and Replays lists: the name (or which game an autosave belongs to), where the game
    stands, who plays it, and when it was saved."""
    from datetime import timedelta
    from pathlib import Path

    from game.saves import SaveFile, list_saves, open_replay, scenario_facts
    from game.scenario.loader import load_scenario
    from game.ui.saving import game_names, players, save_label, saved_when, standing

    loaded = load_scenario(Path(__file__).resolve().parent / "fixtures" / "engine.yaml")
    game = loaded.game
    session = Session.start(game, 3, {"nato": Seat("nato"), "russia": Seat("russia", "greedy"),
                                      "host": Seat("host", "greedy")}, facilitator=True)
    session.run_automatic()
    SaveFile.new(loaded, tmp_path).save(session)
    people = Session.start(game, 4, {role: Seat(role) for role in game.roles})
    named = SaveFile.new(loaded, tmp_path, name="group one")
    named.save(people)
    branch_session, branch = open_replay(named.path).branch(0, dict(people.seats), tmp_path)
    branch.save(branch_session)
    saves = list_saves(tmp_path)
    names = game_names(saves)
    info = {save_label(s, names): s for s in saves}
    assert sorted(info) == ["Autosave", "Branch of group one", "group one"]
    assert save_label(info["Branch of group one"]) == "Autosave of a branch"  # the game it came from unknown
    facts = scenario_facts(info["Autosave"])
    assert standing(info["Autosave"], facts) == f"turn 1 of {game.turns}, {session.state.phase.value}"
    assert standing(info["Autosave"], None) == f"turn 1, {session.state.phase.value}"
    assert players(info["Autosave"], facts) == f"human: {game.role_name('nato')}, with a facilitator"
    assert players(info["group one"], facts) == "humans at every seat"
    saved = info["group one"].updated
    assert saved is not None
    local = saved.astimezone()
    assert saved_when(info["group one"], saved + timedelta(days=3)) == f"saved {local:%d %b %H:%M}"
    assert saved_when(info["group one"], saved + timedelta(days=400)) == f"saved {local:%d %b %Y}"
    # Continue's hint: the game's name, else its scenario's title, and where it stands, cut to fit
    from game.ui.saving import continue_hint

    stood = f"turn 1, {session.state.phase.value}"
    assert continue_hint(info["Autosave"], saves, 60) == f"{loaded.game.scenario.title}: {stood}"
    assert continue_hint(info["group one"], saves, 60).startswith("group one: turn 1")
    title = loaded.game.scenario.title
    assert continue_hint(info["Autosave"], saves, len(title) + 8) == f"{title}: turn 1"  # the phase goes first
    assert continue_hint(info["Autosave"], saves, 14) == f"{title[:5]}…: turn 1"  # then the name is cut
