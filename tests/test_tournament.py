"""Tournaments: which lineups are played, what the standings add up to, the same results over any
number of processes, and the ``wargame tournament`` command."""

from __future__ import annotations

import csv
import functools
import io
import json
import statistics
from collections import Counter
from pathlib import Path

import pytest

from game.cli import main
from game.engine import Game
from game.scenario.loader import load_scenario
from game.simulate import load_game
from game.tournament import Standings, iter_results, play_lineup, run_tournament, schedule

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BOTS_TABLE = FIXTURES / "bots.yaml"
PAIR = ("cooperative", "hawkish")


@pytest.fixture(scope="module")
def table() -> Game:
    return load_scenario(BOTS_TABLE).game


def test_every_combination_is_played_equally_often_when_the_games_cover_them(table: Game) -> None:
    plan = schedule(table.roles, PAIR, games=20, seed=1)
    assert not plan.sampled and plan.combinations == 8
    assert len(set(plan.lineups)) == 8 and plan.games_each == 2 and plan.games == 16
    seeds = [s for s, _ in plan.jobs(100)]
    assert seeds == list(range(100, 116))


def test_too_many_combinations_are_sampled_from_the_seed_with_balanced_seats() -> None:
    roles = tuple(f"r{i}" for i in range(7))
    kinds = ("cooperative", "hawkish", "reciprocal", "strategic", "random")
    plan = schedule(roles, kinds, games=200, seed=5)
    assert plan.sampled and plan.combinations == 5**7 and len(plan.lineups) == 200 and plan.games_each == 1
    for seat in range(7):
        assert Counter(lineup[seat] for lineup in plan.lineups) == dict.fromkeys(kinds, 40)
    assert len(set(plan.lineups)) > 190  # combinations at random, not a fixed rotation
    assert schedule(roles, kinds, 200, seed=5) == plan
    assert schedule(roles, kinds, 200, seed=6).lineups != plan.lineups


def test_standings_add_up(table: Game) -> None:
    loader = functools.partial(load_game, str(BOTS_TABLE))
    plan = schedule(table.roles, ("cooperative", "hawkish", "random"), games=30, seed=3)
    results = list(iter_results(table, loader, plan, seed=3))
    standings = Standings(table, plan, 3)
    for result in results:
        standings.add(result)
    assert standings.games == len(results) == plan.games == 27  # all 3**3 lineups, once each
    assert sum(standings.bands.values()) == 27
    for i, role in enumerate(table.roles):
        for kind in plan.personalities:
            mine = [r.scores[i] for r in results if r.lineup[i] == kind]
            tally = standings.seat(role, kind)
            assert tally.games == len(mine)
            assert tally.mean == pytest.approx(statistics.fmean(mine))
            assert tally.sd == pytest.approx(statistics.pstdev(mine))
            assert (tally.low, tally.high) == (min(mine), max(mine))
            assert sum(tally.bands.values()) == len(mine)
    assert len(standings.lineups) == 27 and {t.games for t in standings.lineups.values()} == {1}
    data = standings.to_json()
    assert data["games"] == 27 and sum(data["outcomes"].values()) == 27
    assert len(data["lineups"]) == 27


def test_a_result_counts_red_lines_and_broken_agreements_per_seat(table: Game) -> None:
    results = [play_lineup(table, seed, ("random", "hawkish", "random")) for seed in range(10)]
    assert any(r.red_lines[0] for r in results)  # a random alpha signs the pact now and then
    assert all(r.red_lines[1] == 0 for r in results)
    assert all(len(r.scores) == len(table.roles) for r in results)


def test_spreading_the_games_over_processes_changes_nothing(table: Game) -> None:
    loader = functools.partial(load_game, str(BOTS_TABLE))
    kinds = ("cooperative", "hawkish", "reciprocal", "random")
    one = run_tournament(table, loader, kinds, games=24, seed=9, jobs=1)
    two = run_tournament(table, loader, kinds, games=24, seed=9, jobs=2)
    assert one.to_json() == two.to_json()
    assert list(one.csv_rows()) == list(two.csv_rows())


def test_the_standings_tell_the_personalities_apart(table: Game) -> None:
    loader = functools.partial(load_game, str(BOTS_TABLE))
    standings = run_tournament(table, loader, PAIR, games=16, seed=1)
    # Alpha's relative-gains hawk builds arms and never opens up; it ends richer than the cooperative alpha.
    assert standings.seat("alpha", "hawkish").mean > standings.seat("alpha", "cooperative").mean
    assert all(standings.seat(r, "cooperative").broken == 0 for r in table.roles)


# -- the command -------------------------------------------------------------------------------------


def test_the_command_prints_a_readable_table_and_writes_csv_and_json(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_csv, out_json = tmp_path / "lineups.csv", tmp_path / "standings.json"
    code = main(["tournament", "--scenario", str(BOTS_TABLE), "--games", "16", "--personalities", "cooperative,hawkish",
                 "--csv", str(out_csv), "--json", str(out_json)])
    assert code == 0
    text = capsys.readouterr().out
    assert "Every one of the 8 lineups, 2 game(s) each" in text
    for name in ("Alpha", "Beta", "Gamma", "cooperative", "hawkish", "Together", "Apart", "Outcome bands by lineup"):
        assert name in text
    assert max(len(line) for line in text.splitlines()) <= 80
    rows = list(csv.reader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    assert rows[0] == ["alpha", "beta", "gamma", "games", "together", "apart",
                       "score_alpha", "score_beta", "score_gamma"]
    assert len(rows) == 1 + 8 and all(int(r[3]) == 2 and int(r[4]) + int(r[5]) == 2 for r in rows[1:])
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["games"] == 16 and set(data["seats"]["alpha"]) == {"cooperative", "hawkish"}


def test_the_command_says_when_it_plays_fewer_games_than_asked(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["tournament", "--scenario", str(BOTS_TABLE), "--personalities", "cooperative,hawkish", "--games"]
    assert main([*argv, "20"]) == 0
    text = capsys.readouterr().out
    assert "16 games" in text and "(20 asked: every lineup plays equally often, so 16)" in text
    assert main([*argv, "16"]) == 0
    assert "asked" not in capsys.readouterr().out


def test_by_default_the_games_go_to_every_core_and_the_figures_stay_the_same(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import game.cli.commands as commands
    import game.tournament as tournament

    asked: list[int] = []
    spread = tournament.iter_results

    def noted(*args: object) -> object:
        asked.append(args[-1])  # type: ignore[arg-type]
        return spread(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(commands, "cores", lambda: 3)
    monkeypatch.setattr(tournament, "iter_results", noted)
    argv = ["tournament", "--scenario", str(BOTS_TABLE), "--personalities", "cooperative,hawkish", "--json", "-"]
    figures = []
    for extra in ([], ["--jobs", "1"], ["--games", "2"]):
        assert main([*argv, "--games", "16", *extra]) == 0
        figures.append(json.loads(capsys.readouterr().out))
    assert asked == [3, 1, 2]  # every core; as asked; never more processes than games
    assert figures[0] == figures[1]


def test_json_to_stdout_is_json_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tournament", "--scenario", str(BOTS_TABLE), "--games", "4", "--personalities", "random",
                 "--json", "-"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["games"] == 4 and captured.err == ""


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--personalities", "cooperative,genius"], "unknown bot 'genius'"),
        (["--personalities", ","], "name at least one bot"),
        (["--games", "0"], "at least 1"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(
        argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    command = ["tournament", "--scenario", str(BOTS_TABLE), *argv]
    if argv[0] == "--games":  # argparse checks it, and exits
        with pytest.raises(SystemExit) as exited:
            main(command)
        assert exited.value.code == 2
    else:
        assert main(command) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_simulate_fills_unnamed_seats_with_the_default_mix(capsys: pytest.CaptureFixture[str]) -> None:
    from game.bots import default_seats

    game = load_scenario(BOTS_TABLE).game
    assert main(["simulate", "--scenario", str(BOTS_TABLE), "--games", "3", "--bots", "gamma=random",
                 "--json", "-"]) == 0
    seats = json.loads(capsys.readouterr().out)["seats"]
    assert seats == {**default_seats(game.roles), "gamma": "random"}
