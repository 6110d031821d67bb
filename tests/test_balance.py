"""Guards against degenerate scenarios: every shipped scenario keeps real choices and survives bot play.

Small game counts and fixed seeds keep this fast; ``benchmarks/scenarios.py`` runs the same
measurements with the full counts (2,000 survival games per scenario).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from game.balance import MAXIMISER, Dominance, PinnedBot, measure, play_one, survival
from game.scenario.catalog import list_scenarios, resolve_scenario
from game.scenario.loader import load_scenario

SCENARIOS = list_scenarios()
GAMES_PER_CELL = 10
"""Games per balance cell in the guard (the benchmark uses 100 or more, and every opponent mix)."""
GUARD_MIXES = ("lowest", "highest", "random", "hawkish", MAXIMISER)
"""The opponent mixes of the guard: both ends of every scale, chance, a hard bargainer and the maximiser."""
SEED = 11
SURVIVAL_GAMES = 45


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_is_not_degenerate(path: Path) -> None:
    report = measure(str(path), games=GAMES_PER_CELL, seed=SEED, mixes=GUARD_MIXES, workers=2)
    assert report.problems() == []


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_survives_seeded_games_with_every_bot(path: Path) -> None:
    failures = survival(str(path), SURVIVAL_GAMES, seed=SEED, workers=2)
    assert failures == [], "\n".join(f"seed {f.seed} {dict(f.seats)}: {f.error}" for f in failures)


def test_a_pinned_role_holds_its_option_and_the_others_play_on() -> None:
    game = load_scenario(resolve_scenario("tutorial")).game
    role = game.roles[0]
    dec = game.decisions[role][0]
    option = dec.options[-1].id if dec.options[-1].requires is None else dec.options[0].id
    seats = {r: ("random", (), None) for r in game.roles}
    seats[role] = (PinnedBot.name, ((dec.id, option),), "greedy")
    played = play_one(game, 3, seats)
    assert played.picks[role], "the pinned role committed nothing"
    assert {o for d, o in played.picks[role] if d == dec.id} == {option}


def test_dominance_means_never_beaten_and_strictly_best_somewhere() -> None:
    clear = Dominance("nato", "transparency", {"closed": {"a": 1.0, "b": 2.0}, "open": {"a": 3.0, "b": 4.0}})
    assert clear.dominant() == "open"
    split = Dominance("nato", "transparency", {"closed": {"a": 1.0, "b": 5.0}, "open": {"a": 3.0, "b": 4.0}})
    assert split.dominant() is None and split.unbeaten() == set()
    tied = Dominance("nato", "transparency", {"closed": {"a": 3.0, "b": 4.0}, "open": {"a": 3.0, "b": 4.0}})
    assert tied.dominant() is None and tied.unbeaten() == {"closed", "open"}
    tie_then_win = Dominance("nato", "transparency", {"closed": {"a": 3.0, "b": 2.0}, "open": {"a": 3.0, "b": 4.0}})
    assert tie_then_win.dominant() == "open"


def test_problems_name_an_option_that_is_never_picked() -> None:
    report = measure(str(resolve_scenario("tutorial")), games=2, seed=SEED, mixes=("random",))
    key = next(iter(report.picks))
    only = next(iter(report.pick_shares(key)))
    report.picks[key] = {"random": Counter({only: 2})}
    assert any(problem.startswith(f"{key}:") for problem in report.problems())


def test_problems_name_a_single_outcome_band() -> None:
    report = measure(str(resolve_scenario("tutorial")), games=2, seed=SEED, mixes=("random",))
    report.bands = {"random": Counter({"talking": 2})}
    assert any("only one outcome band" in problem for problem in report.problems())


def test_the_guard_flags_a_choice_that_always_wins(tmp_path: Path) -> None:
    source = resolve_scenario("tutorial")
    text = source.read_text(encoding="utf-8")
    anchor = "                note: \"Every visit shows a little more of the system.\"\n"
    assert anchor in text
    rigged = text.replace(anchor, anchor + "              - {track: protection, delta: 3}\n")
    (tmp_path / "tutorial.yaml").write_text(rigged, encoding="utf-8")
    (tmp_path / "sources.yaml").write_text((source.parent / "sources.yaml").read_text(encoding="utf-8"))
    report = measure(str(tmp_path / "tutorial.yaml"), games=4, seed=SEED, mixes=("lowest", "highest", "random"))
    assert any(p.startswith("nato transparency") and "site_visits" in p for p in report.problems())
