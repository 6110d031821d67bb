"""Bots: each personality behaves as described, negotiates on the merits, honours its red lines,
sees only its own observation, and plays reproducibly.

Most situations are built on ``tests/fixtures/bots.yaml``, whose numbers make each personality's
choice readable off the effects (see the comments at the top of that file): alpha is the seat
under test, beta its partner, gamma a third party.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.bots import BOTS, DEFAULT_BOT, DEFAULT_MIX, PERSONALITIES, BotSpecError, default_seats, parse_bot_spec
from game.bots.greedy import GreedyBot
from game.bots.red_lines import one_turn_swing
from game.engine import (
    Action, Commit, Commitment, Counter, DrawCard, EndNegotiation, Game, GameState, Observation, Phase, Propose,
    Respond, apply, compile_game, draw_card, new_game, observe, preview_tracks, replay_steps, state_hash,
)
from game.engine.context import Context
from game.runner import play
from game.scenario.loader import load_scenario
from game.session import Seat, Session, parse_seats

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PLANNERS = ("cooperative", "hawkish", "reciprocal", "strategic", "greedy")
C = Commitment


@pytest.fixture(scope="module")
def table() -> Game:
    return load_scenario(FIXTURES / "bots.yaml").game


@pytest.fixture(scope="module")
def lisbon() -> Game:
    return load_scenario(ROOT / "scenarios" / "lisbon-2010.yaml").game


# -- driving the engine by hand ------------------------------------------------------------------


def draw(game: Game, state: GameState) -> GameState:
    return apply(game, state, DrawCard(draw_card(game, state))).state


def start(game: Game, seed: int = 1) -> GameState:
    """Turn 1, negotiation open."""
    return draw(game, new_game(game, seed))


def run(game: Game, state: GameState, *actions: Action) -> GameState:
    for action in actions:
        state = apply(game, state, action).state
    return state


def close_talks(game: Game, state: GameState) -> GameState:
    """Everyone who has not yet finished negotiating finishes (the decision phase opens)."""
    for role in game.roles:
        if state.phase is Phase.NEGOTIATION and role not in state.done:
            state = apply(game, state, EndNegotiation(role)).state
    return state


def resolve(game: Game, state: GameState, moves: dict[str, dict[str, str]]) -> GameState:
    """Every role yet to commit commits ``moves`` (the rest hold); then the next card is drawn if the game
    goes on."""
    for role in game.roles:
        if role not in state.committed:
            state = apply(game, state, Commit.of(role, moves.get(role, {}))).state
    return state if state.over else draw(game, state)


def act(kind: str, game: Game, state: GameState, role: str = "alpha") -> Action:
    """What a fresh bot of ``kind`` does for ``role`` now."""
    return BOTS[kind](game, role).act(observe(game, state, role))


def committed(kind: str, game: Game, state: GameState, decision: str, role: str = "alpha") -> str:
    """The option a fresh bot of ``kind`` commits on ``decision`` at the decision step of ``state``."""
    action = act(kind, game, close_talks(game, state), role)
    assert isinstance(action, Commit)
    return dict(action.positions)[decision]


def accepts(action: Action) -> bool:
    return isinstance(action, Respond) and action.accept


def without_red_lines(game: Game, role: str) -> Game:
    """The same scenario with ``role``'s red lines struck out."""
    roles = [r.model_copy(update={"brief": r.brief.model_copy(update={"red_lines": []})}) if r.id == role else r
             for r in game.scenario.roles]
    return compile_game(game.scenario.model_copy(update={"roles": roles}))


# -- the registry -----------------------------------------------------------------------------------


def test_every_bot_is_a_small_class_with_a_name_and_a_one_line_description() -> None:
    assert set(PERSONALITIES) <= set(BOTS) and {"greedy", "random"} <= set(BOTS)
    for name, cls in BOTS.items():
        assert cls.name == name
        assert cls.description and "\n" not in cls.description and cls.description.endswith(".")
    assert DEFAULT_BOT in BOTS


def test_bot_specs_name_one_kind_for_every_seat_or_one_per_role(table: Game) -> None:
    assert parse_bot_spec("random", table.roles) == dict.fromkeys(table.roles, "random")
    seats = parse_bot_spec("alpha=hawkish,beta=reciprocal", table.roles, default="cooperative")
    assert seats == {"alpha": "hawkish", "beta": "reciprocal", "gamma": "cooperative"}
    assert parse_bot_spec(None, table.roles) == default_seats(table.roles)
    six = ("a", "beta", "c", "d", "e", "f")
    mixed = parse_bot_spec("beta=random", six)
    assert mixed["beta"] == "random" and {mixed[r] for r in six if r != "beta"} == set(DEFAULT_MIX)
    for bad, message in [("genius", "unknown bot"), ("alpha=genius", "unknown bot"), ("delta=random", "unknown role"),
                         ("alpha", "unknown bot"), ("alpha=", "expected role=bot"),
                         ("alpha=random,alpha=greedy", "given twice")]:
        with pytest.raises(BotSpecError, match=message):
            parse_bot_spec(bad, table.roles)


# -- personalities, told apart ------------------------------------------------------------------------


def test_a_cooperative_bot_opens_up_where_selfish_ones_hold_back(table: Game) -> None:
    state = start(table)
    # Opening costs alpha 1 and gives beta and gamma 2 each.
    assert committed("cooperative", table, state, "openness") == "open"
    for kind in ("greedy", "hawkish", "strategic"):
        assert committed(kind, table, state, "openness") == "closed", kind


def test_a_cooperative_bot_accepts_a_fair_proposal_but_not_an_exploitative_one(table: Game) -> None:
    state = start(table)
    # Fair: beta opens (alpha +2, beta -1) for alpha's aid (alpha -3, beta +4): alpha -1, beta +3.
    fair = run(table, state, Propose("beta", ("alpha",), (C("beta", "openness", "open"),), (C("alpha", "aid", "give"),)))
    assert accepts(act("cooperative", table, fair))
    assert not accepts(act("greedy", table, fair))  # alone, alpha would be 1 worse off
    assert not accepts(act("hawkish", table, fair))
    # Exploitative: aid for nothing (alpha -3, beta +4).
    grab = run(table, state, Propose("beta", ("alpha",), (C("beta", "centre", "none"),), (C("alpha", "aid", "give"),)))
    assert not accepts(act("cooperative", table, grab))


def test_a_hawkish_bot_refuses_a_proposal_that_crosses_its_red_line(table: Game) -> None:
    # The pact would earn alpha 4 and beta's openness 2 more: only the red line stands in the way.
    proposal = Propose("beta", ("alpha",), (C("beta", "openness", "open"),), (C("alpha", "pact", "sign"),))
    answer = act("hawkish", table, run(table, start(table), proposal))
    assert not accepts(answer)
    if isinstance(answer, Counter):
        assert all(c.option != "sign" for c in (*answer.offers, *answer.requests))
    unbound = without_red_lines(table, "alpha")
    assert accepts(act("hawkish", unbound, run(unbound, start(unbound), proposal)))
    for kind in PLANNERS:
        assert not accepts(act(kind, table, run(table, start(table), proposal))), kind


def test_planners_keep_clear_of_a_red_line_another_role_could_push_them_over(table: Game) -> None:
    # Joining pays beta 1; joining while alpha builds arms is beta's red line. Alpha has built none,
    # so joining crosses nothing on the board beta expects - but alpha could build at any turn.
    state = start(table)
    (red_line,) = table.red_lines["beta"]
    expected = {r: dict(p) for r, p in state.positions.items()}
    expected["beta"]["centre"] = "join"
    assert not red_line.when(Context(state.tracks, expected, 1, frozenset(), frozenset(), frozenset()))
    unbound = without_red_lines(table, "beta")
    for kind in PLANNERS:
        assert committed(kind, table, state, "centre", role="beta") == "none", kind
        assert committed(kind, unbound, start(unbound), "centre", role="beta") == "join", kind


def test_no_planner_makes_a_choice_it_cannot_undo_close_to_a_red_line(table: Game) -> None:
    # Hosting the base pays gamma 1 a turn and is final; hosting with wealth 18 or less is its red line.
    # One turn can cost gamma 4 (its own openness 1, the storm card 3) and bring it 5 (two others' openness,
    # the base itself).
    assert one_turn_swing(table, "wealth.gamma") == (4, 5)
    state = start(table)
    assert state.tracks["wealth.gamma"] == 20  # clear of the red line now, but not by a turn's worst fall
    rich = state.evolve(tracks={**state.tracks, "wealth.gamma": 25})
    for kind in PLANNERS:
        assert committed(kind, table, state, "base", role="gamma") == "refuse", kind
        assert committed(kind, table, rich, "base", role="gamma") == "host", kind


def test_a_hawkish_bot_builds_what_hurts_others_and_costs_it_nothing(table: Game) -> None:
    state = start(table)
    assert committed("hawkish", table, state, "arms") == "build"
    for kind in ("greedy", "cooperative", "reciprocal", "strategic"):
        assert committed(kind, table, state, "arms") == "none", kind


def test_a_hawkish_bot_breaks_an_agreement_when_breaking_pays_and_pays_for_it(table: Game) -> None:
    # Beta opens if alpha builds no arms. Every planner takes that deal; only the hawk then builds.
    rules = table.scenario.negotiation
    proposal = Propose("beta", ("alpha",), (C("beta", "openness", "open"),), (C("alpha", "arms", "none"),))
    offered = run(table, start(table), proposal)
    for kind in ("hawkish", "greedy"):
        answer = act(kind, table, offered)
        assert accepts(answer), kind
        talks_over = close_talks(table, run(table, offered, answer))
        commit = act(kind, table, talks_over)
        after = resolve(table, run(table, talks_over, commit), {"beta": {"openness": "open"}})
        (settlement,) = after.history[-1].settlements
        trust = after.tracks["trust.alpha.beta"] - table.tracks["trust.alpha.beta"].start
        if kind == "hawkish":
            assert dict(commit.positions)["arms"] == "build"
            assert settlement.breakers == ("alpha",) and trust == rules.broken_delta
        else:
            assert dict(commit.positions)["arms"] == "none"
            assert settlement.kept and trust == rules.kept_delta


def _after_a_deal(table: Game, beta_keeps: bool) -> GameState:
    """Turn 2 opens after alpha and beta agreed to open up together; beta kept its word or broke it."""
    state = run(table, start(table),
                Propose("beta", ("alpha",), (C("beta", "openness", "open"),), (C("alpha", "openness", "open"),)),
                Respond("alpha", 1, True))
    state = close_talks(table, state)
    return resolve(table, state, {"alpha": {"openness": "open"}, "beta": {"openness": "open" if beta_keeps else "closed"}})


def test_a_reciprocal_bot_answers_a_broken_agreement_by_withdrawing(table: Game) -> None:
    kept, broken = _after_a_deal(table, beta_keeps=True), _after_a_deal(table, beta_keeps=False)
    assert broken.history[-1].settlements[0].breakers == ("beta",)
    offer = Propose("beta", ("alpha",), (C("beta", "openness", "open"),), (C("alpha", "openness", "open"),))
    # Kept: alpha stays open, takes the same deal again and proposes to beta.
    assert committed("reciprocal", table, kept, "openness") == "open"
    assert accepts(act("reciprocal", table, run(table, kept, offer)))
    # Broken: alpha closes up, refuses to deal with beta and makes beta no proposal.
    assert committed("reciprocal", table, broken, "openness") == "closed"
    assert not accepts(act("reciprocal", table, run(table, broken, offer)))
    move = act("reciprocal", table, broken)
    assert not (isinstance(move, Propose) and "beta" in move.to)
    # A cooperative bot, which does not keep score, stays open either way.
    assert committed("cooperative", table, broken, "openness") == "open"


def test_a_reciprocal_bot_answers_a_hostile_move_in_kind_and_forgives_a_friendly_one(table: Game) -> None:
    state = close_talks(table, start(table))
    state = resolve(table, state, {"alpha": {"openness": "open"}, "beta": {"openness": "open"}})
    assert committed("reciprocal", table, state, "openness") == "open"
    state = resolve(table, close_talks(table, state), {"alpha": {"openness": "open"}, "beta": {"openness": "closed"}})
    assert committed("reciprocal", table, state, "openness") == "closed"  # beta withdrew: so does alpha
    # Beta breaks a deal at turn 1, then opens up of its own accord at turn 2: alpha follows at turn 3.
    state = _after_a_deal(table, beta_keeps=False)
    assert committed("reciprocal", table, state, "openness") == "closed"
    state = resolve(table, close_talks(table, state), {"beta": {"openness": "open"}})
    assert committed("reciprocal", table, state, "openness") == "open"


def test_a_strategic_bot_joins_the_centre_it_expects_its_partner_to_join(table: Game) -> None:
    # Beta last stayed out of the centre, but joining pays beta whatever alpha does.
    state = start(table)
    assert committed("strategic", table, state, "centre") == "join"
    assert committed("greedy", table, state, "centre") == "none"


def test_a_strategic_bot_looks_two_turns_ahead_but_not_past_the_end(table: Game) -> None:
    # Investing costs 3 once and pays 2 a turn: a loss over one turn, a gain over two.
    state = start(table)
    assert committed("strategic", table, state, "invest") == "build"
    assert committed("greedy", table, state, "invest") == "none"
    last = resolve(table, close_talks(table, state), {})
    last = resolve(table, close_talks(table, last), {})
    assert last.turn == table.turns
    assert committed("strategic", table, last, "invest") == "none"


def test_planners_propose_what_serves_them(table: Game) -> None:
    from game.bots.planner import Mind

    state = start(table)
    for kind in PLANNERS:
        bot = BOTS[kind](table, "alpha")
        obs = observe(table, state, "alpha")
        proposal = bot.act(obs)
        assert isinstance(proposal, Propose), kind
        mind = Mind(bot, obs)  # type: ignore[arg-type]
        gain = mind.deal_gain(("alpha", *proposal.to), (*proposal.offers, *proposal.requests))
        assert gain is not None and gain > 0, kind
        assert all(c.role in proposal.to for c in proposal.requests)


def test_a_bot_answers_a_human_proposal_on_its_merits(table: Game) -> None:
    seats = parse_seats("beta=bot:greedy,gamma=bot:greedy", table.roles)
    # The human asks beta to open up (beta -1, alpha +2): for aid (beta +4) beta agrees, for nothing it does not.
    for offer, expected in [(C("alpha", "aid", "give"), True), (C("alpha", "centre", "none"), False)]:
        session = Session.start(table, 4, seats)
        session.run_automatic()
        assert session.human_to_act() == "alpha"
        session.submit(Propose("alpha", ("beta",), (offer,), (C("beta", "openness", "open"),)))
        session.run_automatic()
        mine = next(p for p in session.state.proposals if p.proposer == "alpha")
        assert (mine.status == "accepted") is expected, offer


def test_planners_never_cross_a_red_line_while_a_random_bot_does(table: Game) -> None:
    def crossings(kind: str, seeds: range) -> int:
        total = 0
        for seed in seeds:
            seats = {"alpha": kind, "beta": PLANNERS[seed % len(PLANNERS)], "gamma": "random"}
            total += sum(c.role == "alpha" for c in play(table, seed, seats).state.crossings)
        return total

    for kind in PLANNERS:
        assert crossings(kind, range(12)) == 0, kind
    assert crossings("random", range(12)) > 0


# -- what bots may know ----------------------------------------------------------------------------------


def _with_other_briefs_rewritten(game: Game, role: str) -> Game:
    """The same scenario, but every role except ``role`` has other objectives and red lines."""
    roles = []
    for r in game.scenario.roles:
        if r.id != role:
            objectives = [o.model_copy(update={"when": "true", "points": 50 - o.points}) for o in r.brief.objectives]
            red_lines = [rl.model_copy(update={"when": "true", "penalty": 99}) for rl in r.brief.red_lines]
            r = r.model_copy(update={"brief": r.brief.model_copy(update={"objectives": objectives,
                                                                          "red_lines": red_lines})})
        roles.append(r)
    return compile_game(game.scenario.model_copy(update={"roles": roles}))


def _observations(game: Game, seed: int, seats: dict[str, str]) -> list[tuple[Observation, Action]]:
    """Every bot decision of a game: what the bot saw and what it did."""
    seen: list[tuple[Observation, Action]] = []
    state = new_game(game, seed)
    actions = play(game, seed, seats).actions
    for action, step in zip(actions, replay_steps(game, seed, actions)):
        if not isinstance(action, DrawCard):
            seen.append((observe(game, state, action.role), action))
        state = step.state
    return seen


class PeekingBot(GreedyBot):
    """A cheat, for the test's own sake: it ends negotiation early when another brief has rich objectives."""

    name = "peeking"
    description = "Reads the other roles' briefs."

    def act(self, obs: Observation) -> Action:
        rich = any(o.points > 40 for r in self.game.roles if r != self.role for o in self.game.objectives[r])
        if rich and obs.phase is Phase.NEGOTIATION and not [p for p in obs.proposals if self.role in p.awaiting()]:
            return EndNegotiation(self.role)
        return super().act(obs)


def test_bots_act_on_their_own_observation_and_brief_only(lisbon: Game) -> None:
    seats = dict(zip(lisbon.roles, ("strategic", "reciprocal", "hawkish", "cooperative", "greedy", "strategic",
                                    "reciprocal")))
    seen = _observations(lisbon, 5, seats)
    rewritten = {role: _with_other_briefs_rewritten(lisbon, role) for role in lisbon.roles}
    for obs, action in seen:
        # A fresh bot that knows the other briefs differently, shown the same observation, does the same.
        assert BOTS[seats[obs.role]](rewritten[obs.role], obs.role).act(obs) == action, (obs.role, obs.turn)
    # The check has teeth: a bot that reads another role's brief is caught.
    caught = [obs for obs, _ in seen
              if PeekingBot(lisbon, obs.role).act(obs) != PeekingBot(rewritten[obs.role], obs.role).act(obs)]
    assert caught


def test_observation_is_all_a_bot_is_given_hidden_commitments_change_nothing(lisbon: Game) -> None:
    seats = dict.fromkeys(lisbon.roles, "strategic")
    session = Session.start(lisbon, 9, {r: Seat(r, k) for r, k in seats.items()})
    while not session.state.over:
        state = session.state
        actor = session.to_act()
        if state.phase is Phase.DECISION and state.committed and actor not in (None, "chance"):
            hidden = {r: {d: o for d, o in held.items()} for r, held in state.committed.items()}
            for r in hidden:
                if r != actor:
                    hidden[r] = {d: lisbon.decision(r, d).options[-1].id for d in hidden[r]}
            twin = state.evolve(committed=hidden)
            assert observe(lisbon, twin, actor) == observe(lisbon, state, actor)
            assert BOTS["strategic"](lisbon, actor).act(observe(lisbon, twin, actor)) == \
                session.bot(actor).act(session.view(actor))
        session.step_automatic()


# -- reproducibility -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", PERSONALITIES)
def test_same_seed_same_game_and_a_resumed_game_plays_on_identically(lisbon: Game, kind: str) -> None:
    seats = {r: Seat(r, kind) for r in lisbon.roles}
    full = Session.start(lisbon, 21, seats)
    full.run_automatic()
    again = Session.start(lisbon, 21, seats)
    again.run_automatic()
    assert again.actions == full.actions and again.hashes == full.hashes
    # Fresh bots that join half-way (no memory of the first half) play on exactly the same.
    half = Session.resume(lisbon, 21, seats, full.actions[: len(full.actions) // 2])
    half.run_automatic()
    assert half.actions == full.actions and state_hash(half.state) == state_hash(full.state)


def test_personality_games_are_the_same_in_another_process_with_another_hash_seed(lisbon: Game) -> None:
    code = (
        "import sys, json; from game.scenario.loader import load_scenario; from game.runner import play;"
        "g = load_scenario(sys.argv[1]).game;"
        "kinds = sys.argv[2].split(',');"
        "seats = lambda i: {r: kinds[(i + j) % len(kinds)] for j, r in enumerate(g.roles)};"
        "print(json.dumps([play(g, 3, seats(i)).hashes for i in range(len(kinds))]))"
    )
    kinds = ",".join(PERSONALITIES)
    outputs = []
    for hash_seed in ("0", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        result = subprocess.run([sys.executable, "-c", code, str(ROOT / "scenarios" / "lisbon-2010.yaml"), kinds],
                                capture_output=True, text=True, env=env, check=True, cwd=ROOT)
        outputs.append(json.loads(result.stdout))
    names = PERSONALITIES
    here = [play(lisbon, 3, {r: names[(i + j) % len(names)] for j, r in enumerate(lisbon.roles)}).hashes
            for i in range(len(names))]
    assert outputs[0] == outputs[1] == here


@pytest.mark.parametrize("kind", [*PERSONALITIES, "greedy"])
def test_every_bot_plays_legal_games_on_every_shipped_scenario(shipped: Game, kind: str) -> None:
    for seed in (1, 2):
        seats = {r: (kind if i % 2 == 0 else PERSONALITIES[(seed + i) % len(PERSONALITIES)])
                 for i, r in enumerate(shipped.roles)}
        played = play(shipped, seed, seats)
        assert played.state.over and len(played.hashes) == shipped.turns


@pytest.mark.parametrize("limits", [{"max_commitments": 1}, {"max_proposals": 0}, {"max_agreement_turns": 2}])
def test_planners_keep_to_the_scenario_negotiation_limits(table: Game, limits: dict[str, int]) -> None:
    rules = table.scenario.negotiation.model_copy(update=limits)
    game = compile_game(table.scenario.model_copy(update={"negotiation": rules}))
    for kind in PLANNERS:
        played = play(game, 2, {r: kind for r in game.roles})  # any illegal move would raise
        made = [a for a in played.actions if isinstance(a, (Propose, Counter))]
        assert all(len(a.offers) + len(a.requests) <= rules.max_commitments for a in made)
        assert not made or rules.max_proposals > 0


def test_the_foresight_bots_use_agrees_with_the_resolution(lisbon: Game) -> None:
    """preview_tracks, given the positions that are then committed, gives exactly the tracks the
    resolution produces (agreements, once-effects, clamps and limits included)."""
    checked = 0
    for seed in range(6):
        kinds = ("random", "hawkish", "cooperative")
        seats = {r: kinds[(seed + i) % len(kinds)] for i, r in enumerate(lisbon.roles)}
        played = play(lisbon, seed, seats)
        before = None
        for step in replay_steps(lisbon, seed, played.actions):
            if before is not None and step.state.history and len(step.state.history) > len(before.history):
                tracks, _ = preview_tracks(lisbon, before, step.state.history[-1].positions)
                assert tracks == dict(step.state.history[-1].tracks)
                checked += 1
            before = step.state
    assert checked == 6 * lisbon.turns
