"""Writes that cannot damage a save: killed mid-write, failing mid-write, and two processes at once."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from game.saves import SaveError, SaveFile, load_save
from game.saves.atomic import remove_stale_temps, write_atomic
from game.saves.read import read_save_data
from game.scenario.loader import LoadedScenario, load_scenario
from game.session import Seat, Session

ROOT = Path(__file__).resolve().parent.parent
ENGINE = Path(__file__).resolve().parent / "fixtures" / "engine.yaml"


@pytest.fixture(scope="module")
def loaded() -> LoadedScenario:
    return load_scenario(ENGINE)


def python(code: str, *args: str) -> subprocess.Popen[str]:
    """This project's Python running ``code`` in a new process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def started_game(loaded: LoadedScenario, folder: Path, moves: int = 6) -> SaveFile:
    session = Session.start(loaded.game, 5, {r: Seat(r, "random") for r in loaded.game.roles})
    for _ in range(moves):
        session.step_automatic()
    file = SaveFile.new(loaded, folder)
    file.save(session)
    return file


KILLED_WRITER = """
    import sys, time
    from game.saves import load_save
    saved = load_save(sys.argv[1])
    saved.session.run_automatic()

    def stop_here():
        print("replacing", flush=True)
        time.sleep(120)

    saved.file.save(saved.session, before_replace=stop_here)
"""


def test_a_write_killed_between_the_temp_file_and_the_rename_leaves_the_previous_save(
    loaded: LoadedScenario, tmp_path: Path
) -> None:
    file = started_game(loaded, tmp_path)
    before = file.path.read_bytes()
    writer = python(KILLED_WRITER, str(file.path))
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "replacing", writer.stderr.read() if writer.stderr else ""
        leftovers = list(tmp_path.glob(f".{file.path.name}.*.tmp"))
        assert len(leftovers) == 1 and leftovers[0].stat().st_size > 0  # the new version was on disk...
    finally:
        writer.kill()
        writer.wait(timeout=30)
    assert file.path.read_bytes() == before  # ...but the save is still the previous one, whole
    assert len(load_save(file.path).session.actions) == 6
    # The lock died with the process: the next save goes through at once and sweeps up the temp file.
    saved = load_save(file.path)
    saved.session.run_automatic()
    started = time.monotonic()
    saved.file.save(saved.session)
    assert time.monotonic() - started < 5
    assert load_save(file.path).session.state.over
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))


def test_a_write_that_fails_leaves_the_previous_save_and_no_litter(loaded: LoadedScenario, tmp_path: Path) -> None:
    file = started_game(loaded, tmp_path)
    before = file.path.read_bytes()
    session = load_save(file.path).session
    session.run_automatic()

    def disk_full() -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(SaveError, match="cannot write the file: No space left on device"):
        file.save(session, before_replace=disk_full)
    assert file.path.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_write_atomic_replaces_whole_files_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    write_atomic(target, b"one")
    assert target.read_bytes() == b"one" and not (tmp_path / "x.json.bak").exists()
    target.chmod(0o640)
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two" and (tmp_path / "x.json.bak").read_bytes() == b"one"
    assert target.stat().st_mode & 0o777 == 0o640
    write_atomic(target, b"three", keep_backup=False)
    assert (tmp_path / "x.json.bak").read_bytes() == b"one"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.json", "x.json.bak"]


def test_only_the_temp_files_of_that_save_are_swept(tmp_path: Path) -> None:
    mine = tmp_path / ".a.json.123abc.tmp"
    theirs = tmp_path / ".b.json.123abc.tmp"
    for path in (mine, theirs):
        path.write_text("partial")
    assert remove_stale_temps(tmp_path / "a.json") == [mine]
    assert theirs.exists()


CONCURRENT_WRITER = """
    import sys, time
    from pathlib import Path
    from game.saves import SaveFile
    from game.scenario.loader import load_scenario
    from game.session import Seat, Session

    loaded = load_scenario(sys.argv[2])
    seed = int(sys.argv[3])
    session = Session.start(loaded.game, seed, {r: Seat(r, "random") for r in loaded.game.roles})
    file = SaveFile.new(loaded, Path(sys.argv[1]).parent)
    file.path = Path(sys.argv[1])
    print("ready", flush=True)
    go = Path(sys.argv[1]).with_name("go")
    while not go.exists():
        time.sleep(0.005)
    started = time.time()
    for _ in range(40):
        if session.step_automatic() is None:
            session = Session.start(loaded.game, seed, session.seats)
        file.save(session, overwrite=True)
    print(started, time.time(), flush=True)
"""


def test_two_processes_saving_one_file_at_once_never_corrupt_it(loaded: LoadedScenario, tmp_path: Path) -> None:
    target = tmp_path / "shared.json"
    writers = [python(CONCURRENT_WRITER, str(target), str(ENGINE), str(seed)) for seed in (1, 2)]
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    (tmp_path / "go").touch()  # both start saving together
    reads = 0
    while any(w.poll() is None for w in writers):
        if target.exists():
            read_save_data(target)  # every version a reader sees is a whole, valid save
            reads += 1
    windows = []
    for writer in writers:
        out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
        windows.append(tuple(map(float, out.split())))
    (start_a, end_a), (start_b, end_b) = windows
    assert start_a < end_b and start_b < end_a, "the two writers did not overlap; the test proved nothing"
    final = load_save(target)
    assert final.session.seed in (1, 2)
    assert reads > 0
    backup = target.with_name(target.name + ".bak")
    assert load_save(backup).session.seed in (1, 2)
    assert not list(tmp_path.glob(".*.tmp"))
