"""``wargame replay`` and ``wargame saves`` as a user meets them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from game.cli import main
from game.saves import ENV_VAR, SaveFile
from game.scenario.loader import LoadedScenario, load_scenario
from game.session import Seat, Session

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ENGINE = FIXTURES / "engine.yaml"


@pytest.fixture(scope="module")
def loaded() -> LoadedScenario:
    return load_scenario(ENGINE)


@pytest.fixture
def saves(loaded: LoadedScenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A saves folder (given by the environment) with one finished game and one in progress."""
    folder = tmp_path / "saves"
    monkeypatch.setenv(ENV_VAR, str(folder))
    for seed, name, moves in ((1, "finished", 10_000), (2, "group two", 5)):
        session = Session.start(loaded.game, seed, {r: Seat(r, "random") for r in loaded.game.roles})
        for _ in range(moves):
            if session.step_automatic() is None:
                break
        SaveFile.new(loaded, name=name, clock=lambda: datetime(2026, 11, 21, 9, seed, tzinfo=UTC)).save(session)
    return folder


def test_simulation_records_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = tmp_path / "records"
    assert main(["simulate", "--games", "2", "--bots", "random", "--save-dir", str(records), "--seed", "4"]) == 0
    capsys.readouterr()
    files = sorted(str(p) for p in records.glob("*.json"))
    assert len(files) == 2
    assert main(["replay", "--verify", *files]) == 0
    out = capsys.readouterr().out
    assert out.count(": ok - ") == 2 and "2 of 2 file(s) verified" in out


def test_one_divergent_file_among_several_fails_the_check(saves: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads((saves / "finished.json").read_text())
    data["turns"][0]["hash"] = "0" * 64
    bad = tmp_path / "tampered.json"
    bad.write_text(json.dumps(data))
    assert main(["replay", "--verify", str(saves / "finished.json"), str(bad), str(saves / "group two.json")]) == 1
    out = capsys.readouterr().out
    assert f"{bad}: turn 1 diverges" in out and "1 of 3 file(s) verified; 1 diverge" not in out
    assert "2 of 3 file(s) verified; 1 diverge" in out


def test_an_unreadable_file_among_several_is_a_user_error(saves: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "junk.json").write_text("]")
    assert main(["replay", "--verify", str(saves / "finished.json"), str(tmp_path / "junk.json")]) == 2
    captured = capsys.readouterr()
    assert "1 cannot be read" in captured.out and "junk.json: not valid JSON" in captured.err


def test_replay_takes_the_name_of_a_save_and_prints_the_whole_game(saves: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", "finished", "--text"]) == 0
    out = capsys.readouterr().out
    assert "Engine test" in out and "Turn 1: Opening" in out and "Turn 3 resolved" in out
    assert "Final scores" in out and "ok - 3 turn hash(es) match" in out


def test_replay_of_a_game_in_progress_says_where_it_stops(saves: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", "group two", "--saves-dir", str(saves)]) == 0
    assert "The log ends in turn 1" in capsys.readouterr().out


def test_replay_wants_one_file_unless_verifying(saves: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", "finished", "group two"]) == 2
    assert "give one file" in capsys.readouterr().err


def test_saves_lists_the_folder(saves: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (saves / "broken.json").write_text("{")
    assert main(["saves"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("group two.json") and "turn 1" in lines[0]
    assert lines[1].startswith("finished.json") and " over " in lines[1]
    assert lines[2].startswith("broken.json") and "cannot be read: the file ends too early" in lines[2]
    assert main(["saves", "--saves-dir", str(saves / "empty")]) == 0
    assert "No saved games in" in capsys.readouterr().out


def test_load_for_play_takes_a_name_or_a_path_and_makes_problems_one_line(saves: Path, tmp_path: Path) -> None:
    from game.cli import UserError
    from game.cli.saves import load_for_play

    assert load_for_play("group two").session.state.turn == 1
    assert load_for_play(str(saves / "finished.json")).session.state.over
    (tmp_path / "cut.json").write_bytes((saves / "finished.json").read_bytes()[:500])
    with pytest.raises(UserError, match=r"cut.json: the file ends too early"):
        load_for_play(str(tmp_path / "cut.json"))


def test_a_saves_folder_that_is_a_file_is_refused_before_anything_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    file = tmp_path / "notes.txt"
    file.write_text("not a folder")
    monkeypatch.delenv(ENV_VAR, raising=False)
    for argv in (["play"], ["play", "--scenario", str(ENGINE)], ["play", "--load", "finished"], ["saves"],
                 ["replay", "finished"]):
        assert main([*argv, "--saves-dir", str(file)]) == 2, argv
        assert capsys.readouterr().err == f"wargame: error: --saves-dir {file} is a file, not a folder\n", argv
    assert main(["saves", "--saves-dir", str(file / "inside")]) == 2
    assert capsys.readouterr().err == f"wargame: error: --saves-dir {file / 'inside'}: {file} is a file, not a folder\n"
    monkeypatch.setenv(ENV_VAR, str(file))
    assert main(["play"]) == 2
    assert capsys.readouterr().err == f"wargame: error: {ENV_VAR} {file} is a file, not a folder\n"
    folder = tmp_path / "new" / "saves"  # not made yet: the first save makes it
    assert main(["play", "--saves-dir", str(folder)]) == 2  # only for want of a terminal here
    assert "needs an interactive terminal" in capsys.readouterr().err
    assert not folder.parent.exists()


def test_report_takes_the_name_of_a_save_as_replay_does(saves: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "finished"]) == 0
    assert capsys.readouterr().out.startswith("# After-action report:")
    elsewhere = tmp_path / "elsewhere"
    saves.rename(elsewhere)
    assert main(["report", "group two", "--saves-dir", str(elsewhere), "-o", str(tmp_path / "r.html")]) == 0
    assert (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")
    capsys.readouterr()
    assert main(["report", "group two"]) == 2
    assert capsys.readouterr().err == "wargame: error: group two: no such file\n"
