"""Unit tests of the engine's rules on tests/fixtures/engine.yaml, whose numbers are checked by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine import (
    Commit,
    Commitment,
    Counter,
    DrawCard,
    EndNegotiation,
    Game,
    GameState,
    IllegalAction,
    Phase,
    Propose,
    Respond,
    SeededRandom,
    actors,
    apply,
    chance_outcomes,
    draw_card,
    new_game,
    open_decisions,
    outcome,
    score,
)


def run(game: Game, state: GameState, *actions) -> tuple[GameState, list]:
    events = []
    for action in actions:
        step = apply(game, state, action)
        state = step.state
        events.extend(step.events)
    return state, events


def chance(game: Game, state: GameState) -> DrawCard:
    """The draw the game's seed gives (DrawCard(None) is legal only when the deck is empty)."""
    return DrawCard(draw_card(game, state))


def end_all(game: Game) -> list[EndNegotiation]:
    return [EndNegotiation(r) for r in game.roles]


def changes_of(events, track: str) -> list[tuple[int, int, str]]:
    return [(c.before, c.after, c.cause.label) for e in events for c in e.changes if c.track == track]


def to_decision(game: Game, card: str | None = "missile_test") -> GameState:
    state, _ = run(game, new_game(game, 1), DrawCard(card), *end_all(game))
    assert state.phase is Phase.DECISION
    return state


def test_new_game_starts_tracks_and_positions_from_the_scenario(engine: Game) -> None:
    state = new_game(engine, 7)
    assert state.phase is Phase.EVENT and state.turn == 1
    assert state.tracks["trust.nato.russia"] == 3  # the override
    assert state.tracks["trust.host.russia"] == 4
    assert state.positions["host"]["radar"] == "refuse"
    assert actors(engine, state) == ("chance",)


def test_card_effects_apply_at_the_draw(engine: Game) -> None:
    state, events = run(engine, new_game(engine, 1), DrawCard("missile_test"))
    assert state.tracks["threat"] == 4
    assert state.phase is Phase.NEGOTIATION
    assert changes_of(events, "threat") == [(3, 4, "Missile test")]


def test_cards_respect_turn_windows_conditions_and_the_deck(engine: Game) -> None:
    state = new_game(engine, 1)
    cards = {c for c, _ in chance_outcomes(engine, state)}
    assert cards == {"missile_test"}  # exercise is for turns 2-3; summit needs confidence >= 9
    with pytest.raises(IllegalAction):
        apply(engine, state, DrawCard("exercise"))
    state = to_decision(engine)
    state, _ = run(engine, state, *(Commit.of(r, {}) for r in engine.roles))
    assert state.turn == 2
    assert dict(chance_outcomes(engine, state)) == {"exercise": 2}  # drawn cards leave the deck


def test_draw_card_is_deterministic_per_seed_and_turn(engine: Game) -> None:
    state = new_game(engine, 123)
    assert draw_card(engine, state) == draw_card(engine, state)


def test_a_generator_keyed_by_its_joined_key_is_the_same_stream() -> None:
    first = SeededRandom(7, "random", "nato", 2, True)
    again = SeededRandom.keyed("7:random:nato:2:True")
    other = SeededRandom(7, "random", "nato", 2, False)
    numbers = [first.random() for _ in range(5)]
    assert numbers == [again.random() for _ in range(5)]
    assert numbers != [other.random() for _ in range(5)]
    assert all(0 <= x < 1 for x in numbers)


def test_option_effects_and_conditions_resolve_against_revealed_positions(engine: Game) -> None:
    state = to_decision(engine)
    state, events = run(
        engine, state,
        Commit.of("nato", {"transparency": "briefings"}),
        Commit.of("russia", {"transparency": "open"}),
        Commit.of("host", {}),
    )
    assert state.tracks["trust.nato.russia"] == 4  # briefings +1
    assert state.tracks["confidence"] == 6  # open +1 because NATO gives at least briefings
    assert state.turn == 2 and state.phase is Phase.EVENT
    assert [e.kind for e in events][:2] == ["committed", "committed"]
    assert any(e.kind == "turn_resolved" and len(e.data["hash"]) == 64 for e in events)


def test_condition_fails_when_the_other_side_holds_back(engine: Game) -> None:
    state = to_decision(engine)
    state, _ = run(
        engine, state,
        Commit.of("nato", {"transparency": "closed"}),
        Commit.of("russia", {"transparency": "open"}),
        Commit.of("host", {}),
    )
    assert state.tracks["confidence"] == 5


def test_once_effects_apply_only_on_adoption(engine: Game) -> None:
    state = to_decision(engine)
    state, _ = run(engine, state, Commit.of("nato", {"transparency": "full"}), Commit.of("russia", {}),
                   Commit.of("host", {}))
    assert state.tracks["trust.nato.russia"] == 4  # +1 once
    state, _ = run(engine, state, chance(engine, state), *end_all(engine))
    state, _ = run(engine, state, Commit.of("nato", {}), Commit.of("russia", {}), Commit.of("host", {}))
    assert state.tracks["trust.nato.russia"] == 4  # held again: no second bonus


def test_decision_availability_and_option_requirements(engine: Game) -> None:
    state = to_decision(engine)
    with pytest.raises(IllegalAction, match="not open"):
        apply(engine, state, Commit.of("host", {"radar": "accept"}))
    with pytest.raises(IllegalAction, match="cannot be set"):
        apply(engine, state, Commit.of("nato", {"centre": "fusion"}))  # requires turn >= 2
    with pytest.raises(IllegalAction, match="not one of its decisions"):
        apply(engine, state, Commit.of("nato", {"basing": "x"}))


def test_final_options_lock_the_decision(engine: Game) -> None:
    state = to_decision(engine)
    state, _ = run(engine, state, *(Commit.of(r, {}) for r in engine.roles))
    state, _ = run(engine, state, chance(engine, state), *end_all(engine))
    state, events = run(engine, state, Commit.of("nato", {}), Commit.of("russia", {}),
                        Commit.of("host", {"radar": "accept"}))
    assert ("host", "radar") in state.locked
    assert state.tracks["support.host"] == 4
    assert state.tracks["trust.host.russia"] == 3  # NATO transparency is low
    assert state.tracks["trust.nato.host"] == 6  # +2 once
    state, _ = run(engine, state, chance(engine, state))
    with pytest.raises(IllegalAction):
        apply(engine, state, Commit.of("host", {"radar": "refuse"}))


def test_tracks_are_clamped_and_the_clamp_is_reported(engine: Game) -> None:
    state = new_game(engine, 1)
    state = state.evolve(tracks={**state.tracks, "threat": 10})
    state, events = run(engine, state, DrawCard("missile_test"))
    assert state.tracks["threat"] == 10
    change = next(c for e in events for c in e.changes)
    assert (change.before, change.after, change.requested) == (10, 10, 1)


def test_an_accepted_proposal_binds_and_keeping_it_builds_trust(engine: Game) -> None:
    state, _ = run(engine, new_game(engine, 1), DrawCard("missile_test"))
    offer = Commitment("nato", "transparency", "briefings")
    request = Commitment("russia", "transparency", "open")
    state, events = run(engine, state, Propose("nato", ("russia",), (offer,), (request,), note="a start"))
    assert state.proposals[0].awaiting() == ("russia",)
    assert events[0].visible_to == frozenset({"nato", "russia"})
    with pytest.raises(IllegalAction, match="answer"):
        apply(engine, state, EndNegotiation("russia"))
    state, events = run(engine, state, Respond("russia", 1, True), *end_all(engine))
    assert [a.parties for a in state.agreements] == [("nato", "russia")]
    state, events = run(engine, state, Commit.of("nato", {"transparency": "briefings"}),
                        Commit.of("russia", {"transparency": "open"}), Commit.of("host", {}))
    kept = next(e for e in events if e.kind == "agreement_kept")
    # briefings +1, then kept +1 on the pair; confidence: open +1, kept effect +1
    assert state.tracks["trust.nato.russia"] == 5
    assert state.tracks["confidence"] == 7
    assert {c.track for c in kept.changes} == {"trust.nato.russia", "confidence"}
    assert state.agreements == ()  # a one-turn agreement expires


def test_breaking_an_agreement_costs_the_breaker_trust(engine: Game) -> None:
    state, _ = run(engine, new_game(engine, 1), DrawCard("missile_test"))
    request = Commitment("russia", "transparency", "open")
    offer = Commitment("nato", "transparency", "briefings", "ge")
    state, _ = run(engine, state, Propose("nato", ("russia",), (offer,), (request,), turns=2),
                   Respond("russia", 1, True), *end_all(engine))
    state, events = run(engine, state, Commit.of("nato", {"transparency": "full"}),
                        Commit.of("russia", {"transparency": "closed"}), Commit.of("host", {}))
    broken = next(e for e in events if e.kind == "agreement_broken")
    assert broken.data["breakers"] == ["russia"]  # NATO's "at least briefings" was kept by full
    # start 3; full: +1 once; broken: -2
    assert state.tracks["trust.nato.russia"] == 2
    assert state.agreements == ()  # a broken agreement ends even though it was for two turns


def test_rejection_counter_and_limits(engine: Game) -> None:
    state, _ = run(engine, new_game(engine, 1), DrawCard("missile_test"))
    ask = Commitment("russia", "centre", "fusion")
    give = Commitment("nato", "transparency", "full")
    state, _ = run(engine, state, Propose("nato", ("russia",), (give,), (ask,)))
    counter = Counter("russia", 1, (Commitment("russia", "transparency", "open"),), (give,))
    state, _ = run(engine, state, counter)
    assert state.proposals[0].status == "rejected"
    assert state.proposals[1].counter_of == 1 and state.proposals[1].to == ("nato",)
    state, _ = run(engine, state, Respond("nato", 2, False))
    assert state.proposals[1].status == "rejected"
    state, _ = run(engine, state, Propose("nato", ("russia",), (give,), ()))
    with pytest.raises(IllegalAction, match="no proposals left"):
        apply(engine, state, Propose("nato", ("russia",), (give,), ()))


@pytest.mark.parametrize(
    "proposal, message",
    [
        (Propose("nato", (), (Commitment("nato", "transparency", "full"),)), "addressee"),
        (Propose("nato", ("nato",), (Commitment("nato", "transparency", "full"),)), "distinct"),
        (Propose("nato", ("russia",)), "at least one commitment"),
        (Propose("nato", ("russia",), (Commitment("russia", "transparency", "open"),)), "proposer's own"),
        (Propose("nato", ("russia",), (), (Commitment("host", "radar", "accept"),)), "addressee"),
        (Propose("nato", ("russia",), (Commitment("nato", "transparency", "max"),)), "no option"),
        (Propose("nato", ("russia",), (Commitment("nato", "transparency", "full"),), turns=3), "1 to 2 turns"),
        (Propose("nato", ("russia",), (Commitment("nato", "transparency", "full"),), note="x" * 281), "note"),
    ],
)
def test_malformed_proposals_are_refused(engine: Game, proposal: Propose, message: str) -> None:
    state, _ = run(engine, new_game(engine, 1), DrawCard("missile_test"))
    with pytest.raises(IllegalAction, match=message):
        apply(engine, state, proposal)


def test_actions_out_of_phase_are_refused(engine: Game) -> None:
    state = new_game(engine, 1)
    with pytest.raises(IllegalAction):
        apply(engine, state, Commit.of("nato", {}))
    with pytest.raises(IllegalAction):
        apply(engine, state, EndNegotiation("nato"))
    state = to_decision(engine)
    with pytest.raises(IllegalAction, match="closed"):
        apply(engine, state, EndNegotiation("nato"))
    state, _ = run(engine, state, Commit.of("nato", {}))
    with pytest.raises(IllegalAction, match="already committed"):
        apply(engine, state, Commit.of("nato", {}))
    with pytest.raises(IllegalAction, match="unknown role"):
        apply(engine, state, Commit.of("france", {}))


def test_turn_without_negotiation_goes_straight_to_decision(engine: Game) -> None:
    state = new_game(engine, 1)
    for _ in range(2):
        state, _ = run(engine, state, chance(engine, state), *end_all(engine), *(Commit.of(r, {}) for r in engine.roles))
    state, _ = run(engine, state, chance(engine, state))
    assert state.turn == 3 and state.phase is Phase.DECISION


def test_scores_red_lines_objectives_and_outcome_at_the_end(engine: Game) -> None:
    state = new_game(engine, 1)
    for turn in (1, 2):
        state, _ = run(engine, state, chance(engine, state), *end_all(engine))
        state, _ = run(engine, state, Commit.of("nato", {"transparency": "full", "centre": "joint"}),
                       Commit.of("russia", {"transparency": "open"}), Commit.of("host", {}))
    state, _ = run(engine, state, chance(engine, state))
    state, events = run(engine, state, *(Commit.of(r, {}) for r in engine.roles))
    assert state.over and events[-1].kind == "game_over"
    nato = score(engine, state, "nato")
    red = [line for line in nato.lines if line.kind == "red_line"]
    assert red and red[0].points == -15  # crossed in each of the 3 turns, 5 points each
    russia = score(engine, state, "russia")
    assert any(line.kind == "objective" and line.id == "partners" for line in russia.lines)
    assert outcome(engine, state).id == ("good" if state.tracks["confidence"] >= 6 else "bad")
    assert nato.total == sum(line.points for line in nato.lines)
    with pytest.raises(IllegalAction, match="over"):
        apply(engine, state, DrawCard(None))


def test_an_empty_deck_draws_no_card_and_only_then(engine: Game) -> None:
    state = new_game(engine, 1)
    with pytest.raises(IllegalAction, match="cannot be drawn"):
        apply(engine, state, DrawCard(None))
    state = state.evolve(drawn=("missile_test",))
    assert chance_outcomes(engine, state) == ((None, 1),)
    state, events = run(engine, state, DrawCard(None))
    assert state.card is None and "No event card" in events[0].text


def test_red_line_crossings_are_private_events(engine: Game) -> None:
    state = to_decision(engine)
    state, events = run(engine, state, Commit.of("nato", {"centre": "joint"}), Commit.of("russia", {}),
                        Commit.of("host", {}))
    red = [e for e in events if e.kind == "red_line"]
    assert len(red) == 1 and red[0].visible_to == frozenset({"nato"})
    assert not red[0].visible("russia") and red[0].visible("nato")


def test_once_means_the_first_adoption_in_the_game(engine: Game) -> None:
    state = to_decision(engine)
    state, _ = run(engine, state, Commit.of("nato", {"transparency": "full"}), Commit.of("russia", {}),
                   Commit.of("host", {}))
    assert state.tracks["trust.nato.russia"] == 4  # +1 once
    state, _ = run(engine, state, chance(engine, state), *end_all(engine))
    state, _ = run(engine, state, Commit.of("nato", {"transparency": "closed"}), Commit.of("russia", {}),
                   Commit.of("host", {}))
    state, _ = run(engine, state, chance(engine, state))
    state, _ = run(engine, state, Commit.of("nato", {"transparency": "full"}), Commit.of("russia", {}),
                   Commit.of("host", {}))
    assert state.tracks["trust.nato.russia"] == 4  # back to full: no second bonus


@pytest.mark.parametrize(
    "before, delta, limit, after",
    [(5, 3, 7, 7), (8, 1, 7, 8), (5, 1, None, 6), (5, -4, 3, 3), (2, -1, 3, 2), (9, 5, None, 10), (1, -5, None, 0)],
)
def test_effect_limits_stop_a_track_without_pulling_it_back(engine: Game, before: int, delta: int,
                                                             limit: int | None, after: int) -> None:
    from game.engine.effects import move
    from game.engine.events import Cause

    tracks = {"confidence": before}
    change = move(engine, tracks, "confidence", delta, Cause("event", "x", "x"), limit)
    assert (change.before, change.after, tracks["confidence"]) == (before, after, after)


def test_inside_a_role_a_bare_role_metric_means_its_own_track() -> None:
    from game.scenario.loader import load_scenario_text

    fixtures = Path(__file__).resolve().parent / "fixtures"
    text = (fixtures / "engine.yaml").read_text()
    text = text.replace('''            final: true
            effects:''', '''            final: true
            requires: "support >= 1"
            effects:''')
    game = load_scenario_text(text, "owned.yaml", sources=fixtures / "sources.yaml").game
    state = new_game(game, 1).evolve(turn=2, phase=Phase.DECISION, tracks={**new_game(game, 1).tracks, "support.host": 0})
    assert "accept" not in {o.id for d, opts in open_decisions(game, state, "host") for o in opts}


def test_the_cards_on_offer_are_those_of_the_game_asked_about(engine: Game) -> None:
    from game.engine import compile_game

    state = new_game(engine, 1)
    assert {c for c, _ in chance_outcomes(engine, state)} == {"missile_test"}
    no_cards = compile_game(engine.scenario.model_copy(update={"events": []}))
    assert chance_outcomes(no_cards, state) == ((None, 1),)  # the same state, another deck
    assert {c for c, _ in chance_outcomes(engine, state)} == {"missile_test"}
