"""The wargame command as a user meets it: output, exit codes, no tracebacks."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.bots import BOTS, DEFAULT_BOT
from game.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ENGINE = str(FIXTURES / "engine.yaml")


def test_scenarios_lists_every_shipped_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    from game.scenario.catalog import list_scenarios

    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    for path in list_scenarios():
        assert path.stem in out
    if list_scenarios():
        assert "turns" in out and "roles:" in out


def test_validate_accepts_good_files_and_reports_every_problem(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", ENGINE]) == 0
    assert "ok" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    text = (FIXTURES / "engine.yaml").read_text().replace("track: threat, delta: 1}", "track: threat, delta: one}")
    text = text.replace("trust_metric: trust", "trust_metric: trust\n  colour: red")
    bad.write_text(text)
    (tmp_path / "sources.yaml").write_text((FIXTURES / "sources.yaml").read_text())
    assert main(["validate", ENGINE, str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:" in err and "'one'" in err and "colour" in err
    assert "1 of 2 file(s)" in err


def _commands(parser: argparse.ArgumentParser, name: str = "wargame") -> list[tuple[str, argparse.ArgumentParser]]:
    """Every subcommand under ``parser`` (nested ones too), with its full name."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command, sub in action.choices.items():
                found.append((f"{name} {command}", sub))
                found.extend(_commands(sub, f"{name} {command}"))
    return found


def test_every_command_says_what_it_does_and_what_each_argument_is() -> None:
    commands = _commands(build_parser())
    assert len(commands) > 10
    for name, parser in commands:
        assert parser.description, f"{name} --help has no description"
        for action in parser._actions:
            if not isinstance(action, argparse._SubParsersAction):
                assert action.help, f"{name}: {action.option_strings or action.dest} has no help"


def test_watch_prints_every_turn_and_the_final_scores(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["watch", "--scenario", ENGINE, "--seed", "5", "--bots", "random"]) == 0
    out = capsys.readouterr().out
    assert out.count("Turn ") >= 3 and "Final scores" in out and "Outcome:" in out
    assert "Seed 5" in out


def test_watch_is_reproducible(capsys: pytest.CaptureFixture[str]) -> None:
    main(["watch", "--scenario", ENGINE, "--seed", "9"])
    first = capsys.readouterr().out
    main(["watch", "--scenario", ENGINE, "--seed", "9"])
    assert capsys.readouterr().out == first


def test_watch_on_a_terminal_wraps_each_line_to_its_width_and_loses_no_word(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On a terminal, watch wraps each long line (a source quote, a score's breakdown) under its own
    indent; to a file or a pipe it prints each line whole. Either way the words are the same."""
    import io
    import os
    import shutil

    from game.cli.watch import watch
    from game.scenario.catalog import resolve_scenario
    from game.scenario.loader import load_scenario

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    loaded = load_scenario(resolve_scenario("tutorial"))
    seats = dict.fromkeys(loaded.game.roles, "strategic")
    piped, terminal = io.StringIO(), Terminal()
    watch(loaded, 3, seats, out=piped)
    monkeypatch.setattr(shutil, "get_terminal_size", lambda *_: os.terminal_size((80, 24)))
    watch(loaded, 3, seats, out=terminal)
    whole, wrapped = piped.getvalue().splitlines(), terminal.getvalue().splitlines()
    assert max(len(line) for line in whole) > 80  # something to wrap
    assert max(len(line) for line in wrapped) <= 80
    assert " ".join(terminal.getvalue().split()) == " ".join(piped.getvalue().split())


def test_simulate_json_counts_outcomes_and_jobs_do_not_change_results(tmp_path: Path) -> None:
    serial, parallel = tmp_path / "serial.json", tmp_path / "parallel.json"
    assert main(["simulate", "--scenario", ENGINE, "--games", "30", "--seed", "4", "--json", str(serial)]) == 0
    assert main(["simulate", "--scenario", ENGINE, "--games", "30", "--seed", "4", "--jobs", "2",
                 "--json", str(parallel)]) == 0
    data = json.loads(serial.read_text())
    assert sum(data["outcomes"].values()) == 30
    assert set(data["outcomes"]) == {"good", "bad"}
    assert json.loads(parallel.read_text()) == data


def test_simulate_save_dir_writes_replayable_records(tmp_path: Path) -> None:
    from game.engine import action_from_dict, replay_steps, turn_hashes
    from game.scenario.loader import load_scenario

    assert main(["simulate", "--scenario", ENGINE, "--games", "3", "--save-dir", str(tmp_path / "rec")]) == 0
    records = sorted((tmp_path / "rec").glob("*.json"))
    assert len(records) == 3
    game = load_scenario(ENGINE).game
    for path in records:
        record = json.loads(path.read_text())
        assert record["scenario_hash"] == game.scenario_hash
        actions = [action_from_dict(a) for a in record["actions"]]
        assert turn_hashes(replay_steps(game, record["seed"], actions)) == record["turn_hashes"]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["watch", "--scenario", "atlantis"], "unknown scenario 'atlantis'"),
        (["watch", "--scenario", "missing/file.yaml"], "no scenario file"),
        (["watch", "--scenario", ENGINE, "--bots", "nato=genius"], "unknown bot 'genius'"),
        (["watch", "--scenario", ENGINE, "--bots", "france=random"], "unknown role 'france'"),
        (["simulate", "--scenario", ENGINE, "--games", "0"], "at least 1"),
        (["watch", "--seed", "abc"], "seed must be a whole number"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_user_errors_exit_2_with_one_clear_line(argv: list[str], message: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) if argv[0] == "frobnicate" or "--seed" in argv or "0" in argv else _nothing():
        code = main(argv)
        assert code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return False


def test_python_m_game_is_the_same_command_and_bad_files_give_no_traceback(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.yaml"
    garbage.write_bytes(b"\x00\x01 not yaml: [")
    result = subprocess.run([sys.executable, "-m", "game", "validate", str(garbage)], capture_output=True,
                            text=True, cwd=ROOT)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and str(garbage) in result.stderr
    version = subprocess.run([sys.executable, "-m", "game", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert version.returncode == 0 and version.stdout.startswith("wargame ")


def test_play_load_refuses_missing_files_and_mixed_flags(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", "--load", "no-such-save"]) == 2
    assert main(["play", "--load", "x", "--seed", "3"]) == 2
    err = capsys.readouterr().err
    assert "no such file" in err and "--load resumes a saved game" in err and "Traceback" not in err


@pytest.mark.parametrize("command", [["play"], ["host", "--live-dir", "LIVE"]])
def test_every_command_with_seats_refuses_a_role_given_twice_and_a_bare_bot(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    argv = [str(tmp_path / "live") if arg == "LIVE" else arg for arg in command] + ["--scenario", ENGINE]
    assert main([*argv, "--seats", "nato=human,russia=bot:random,host=bot:random,nato=bot:random"]) == 2
    assert main([*argv, "--seats", "nato=bot"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "wargame: error: --seats: role 'nato' is given twice (one seat per role)",
        f"wargame: error: --seats: say which bot plays nato: write bot:KIND, e.g. nato=bot:{DEFAULT_BOT} "
        f"(bots: {', '.join(BOTS)})",
    ]
    assert not (tmp_path / "live").exists()


def test_the_progress_bar_goes_to_the_terminal_on_stderr_and_stays_out_of_stdout(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)  # a terminal, with stdout sent to a file or pipe
    assert main(["simulate", "--scenario", ENGINE, "--games", "3", "--jobs", "1", "--json", "-"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["games"] == 3
    assert "Simulating" in err
