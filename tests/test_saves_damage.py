"""Damaged, tampered and foreign files: a clear message naming the file, exit 2 (or 1 for a divergent
replay under --verify), never a traceback, and the file left exactly as it was."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from game.cli import main
from game.saves import SaveError, SaveFile, load_save, open_replay, read_log, verify_log
from game.saves.format import SCHEMA_VERSION
from game.scenario.loader import LoadedScenario, load_scenario
from game.session import Seat, Session

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
Json = dict[str, Any]


@pytest.fixture(scope="module")
def loaded() -> LoadedScenario:
    return load_scenario(FIXTURES / "engine.yaml")


@pytest.fixture(scope="module")
def good_save(loaded: LoadedScenario, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A finished three-turn game of the engine scenario, with proposals and agreements in its log."""
    session = Session.start(loaded.game, 2, {r: Seat(r, "random") for r in loaded.game.roles})
    session.run_automatic()
    assert session.state.over and any(a.role != "chance" for a in session.actions)
    return SaveFile.new(loaded, tmp_path_factory.mktemp("good")).save(session).read_bytes()


def edit(change: Callable[[Json], object]) -> Callable[[bytes], bytes]:
    """A damage that edits the JSON of the save."""

    def damage(raw: bytes) -> bytes:
        data = json.loads(raw)
        change(data)
        return json.dumps(data, indent=1).encode()

    return damage


def _commit_index(data: Json, turn: int = 2) -> int:
    """The index of the first commit of ``turn`` in the log."""
    seen = 0
    for i, action in enumerate(data["actions"]):
        if action["kind"] == "draw":
            seen += 1
        if seen == turn and action["kind"] == "commit" and action["positions"]:
            return i
    raise AssertionError("no commit found")


def _draw_index(data: Json, turn: int) -> int:
    """The index of the card draw that opens ``turn``."""
    return [i for i, action in enumerate(data["actions"]) if action["kind"] == "draw"][turn - 1]


def _other_legal_commit(data: Json) -> None:
    """Russia commits otherwise in turn 2: still legal, so only the hashes can tell."""
    i = _commit_index(data)
    action = data["actions"][i]
    decision, option = sorted(action["positions"].items())[0]
    options = {"transparency": ["closed", "open"], "centre": ["none", "fusion", "joint", "boycott"],
               "radar": ["refuse", "accept"]}[decision]
    action["positions"][decision] = next(o for o in options if o != option)


def _retext(data: Json, old: str, new: str) -> None:
    """Change the scenario copy and update its sha256 too, as a careful forger would."""
    copy = data["scenario"]
    copy["text"] = copy["text"].replace(old, new, 1)
    copy["sha256"] = hashlib.sha256(copy["text"].encode()).hexdigest()


# (id, damage, what the message must say, whether --verify calls it a divergence (exit 1) rather than unreadable)
CASES: list[tuple[str, Callable[[bytes], bytes], str, bool]] = [
    ("truncated", lambda raw: raw[: len(raw) // 2], "ends too early", False),
    ("truncated in the header", lambda raw: raw[:40], "ends too early", False),
    ("empty", lambda raw: b"", "the file is empty", False),
    ("not json", lambda raw: b"Turn 3: NATO offers transparency\n", "not valid JSON at line 1", False),
    ("not utf-8", lambda raw: b"\xff\xfe" + raw, "not UTF-8", False),
    ("a list", lambda raw: b"[1, 2, 3]", "expected a JSON object", False),
    ("nested too deeply", lambda raw: b"[" * 100_000 + b"]" * 100_000, "nested too deeply", False),
    ("duplicate key", lambda raw: raw.replace(b'"seed": 2,', b'"seed": 2, "seed": 3,', 1), "'seed' appears twice",
     False),
    ("NaN", lambda raw: raw.replace(b'"seed": 2', b'"seed": NaN', 1), "NaN is not a number", False),
    ("no format", edit(lambda d: d.pop("format")), "no 'format' field", False),
    ("another format", edit(lambda d: d.update(format="spreadsheet")), "its format is 'spreadsheet'", False),
    ("newer version", edit(lambda d: d.update(version=SCHEMA_VERSION + 1)), "written by a newer wargame", False),
    ("version as text", edit(lambda d: d.update(version="1")), "'version' must be a whole number", False),
    ("seed as text", edit(lambda d: d.update(seed="2")), "seed: expected a whole number, got text '2'", False),
    ("negative seed", edit(lambda d: d.update(seed=-1)), "seed: must be at least 0", False),
    ("unknown field", edit(lambda d: d.update(colour="red")), "colour: unknown field", False),
    ("missing field", edit(lambda d: d.pop("final_hash")), "final_hash: field required", False),
    ("bad time", edit(lambda d: d.update(created="yesterday")), "created:", False),
    ("bad hash text", edit(lambda d: d["turns"][0].update(hash="abc")), "turns.0.hash", False),
    ("seats miss a role", edit(lambda d: d["seats"].pop("host")), "seats name nato, russia", False),
    ("bad seat", edit(lambda d: d["seats"].update(host="robot")), "seats.host", False),
    ("malformed action", edit(lambda d: d["actions"][1].update(kind="surrender")),
     "action 2 of the log is malformed: unknown action kind 'surrender'", False),
    ("action with a wrong type", edit(lambda d: d["actions"][0].update(card=7)),
     "action 1 of the log is malformed", False),
    ("illegal action", edit(lambda d: d["actions"][_commit_index(d)]["positions"].update(transparency="total")),
     "turn 2 diverges at action", True),
    ("an action taken twice", edit(lambda d: d["actions"].insert(1, d["actions"][0])),
     "turn 1 diverges at action 2: the card draw is illegal here", True),
    ("other legal move", edit(_other_legal_commit), "turn 2 diverges at action", True),
    ("turn hash", edit(lambda d: d["turns"][1].update(hash="0" * 64)), "turn 2 diverges", True),
    ("missing turn hash", edit(lambda d: d["turns"].pop()), "turn 3 diverges", True),
    ("extra turn hash", edit(lambda d: d["turns"].append({"turn": 4, "hash": "1" * 64})),
     "turn 4 diverges: the file has a hash for it, but the log ends", True),
    ("log cut after turn 2", edit(lambda d: d.update(actions=d["actions"][: _draw_index(d, 3)])),
     "turn 3 diverges: the file has a hash for it, but the log ends before it resolves", True),
    ("final hash", edit(lambda d: d.update(final_hash="f" * 64)), "the state after the last action hashes", True),
    ("progress", edit(lambda d: d["progress"].update(turn=1)), "the header says turn 1", True),
    ("scenario text", edit(lambda d: d["scenario"].update(text=d["scenario"]["text"].replace("start: 5", "start: 6"))),
     "the scenario copy does not match its sha256", False),
    ("scenario rules forged", edit(lambda d: _retext(d, "start: 5", "start: 6")),
     "the scenario copy compiles to rules", False),
    ("scenario broken", edit(lambda d: _retext(d, "id: engine-test", "id: [")), "the scenario copy is not a valid",
     False),
    ("scenario source titles", edit(lambda d: d["scenario"]["sources"][0].update(title="Forged")),
     "source catalogue does not match its sha256", False),
    ("view of no role", edit(lambda d: d["view"].update(role="france")), "view.role", False),
]


@pytest.mark.parametrize("damage, message, divergent", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_damaged_save_is_refused_with_a_clear_message_and_left_as_it_was(
    good_save: bytes, tmp_path: Path, damage: Callable[[bytes], bytes], message: str, divergent: bool,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "seminar.json"
    bad = damage(good_save)
    assert bad != good_save
    path.write_bytes(bad)
    with pytest.raises(SaveError) as caught:
        load_save(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: ") and message in text, text
    assert "\n" not in text and "Traceback" not in text

    code = main(["replay", str(path), "--verify"])
    out, err = capsys.readouterr()
    if divergent:
        assert code == 1 and message in out and f"{path}:" in out
        with pytest.raises(SaveError, match="does not replay"):
            open_replay(path)
    else:
        assert code == 2 and err.startswith(f"wargame: error: {path}: ") and message in err and "Traceback" not in err
    assert path.read_bytes() == bad
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seminar.json"]


def test_a_good_save_verifies(good_save: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "seminar.json"
    path.write_bytes(good_save)
    assert main(["replay", str(path), "--verify"]) == 0
    assert "ok - 3 turn hash(es) match" in capsys.readouterr().out


def test_verify_names_the_first_divergent_turn_only(good_save: bytes, tmp_path: Path) -> None:
    data = json.loads(good_save)
    data["turns"][1]["hash"] = "0" * 64
    data["turns"][2]["hash"] = "0" * 64
    path = tmp_path / "two-bad-turns.json"
    path.write_text(json.dumps(data))
    result = verify_log(read_log(path))
    assert not result.ok and result.divergence is not None
    assert result.divergence.turn == 2 and result.turns_matched == 1
    assert "turn 2 diverges" in result.summary() and "(turn 1 matches)" in result.summary()


def test_missing_files_and_folders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SaveError, match="no such file"):
        load_save(tmp_path / "nothing.json")
    with pytest.raises(SaveError, match="a folder, not a save"):
        load_save(tmp_path)
    assert main(["replay", "--verify", str(tmp_path / "nothing.json")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_a_record_is_not_a_save_to_continue(tmp_path: Path) -> None:
    with pytest.raises(SaveError, match="simulation record, not a save: open it with 'wargame replay'"):
        load_save(FIXTURES / "saves" / "record-v1-engine.json")


def test_no_traceback_reaches_the_terminal_for_a_damaged_file(good_save: bytes, tmp_path: Path) -> None:
    """The real command in a real process: one line on stderr, exit 2, the file untouched."""
    path = tmp_path / "cut.json"
    path.write_bytes(good_save[:1000])
    done = subprocess.run([sys.executable, "-m", "game", "replay", str(path)], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "ends too early" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert path.read_bytes() == good_save[:1000]
