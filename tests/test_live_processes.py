"""Live games played by several processes on one machine: the host and each seat in its own process.

Every process here is started in its own process group, waited for with a deadline, and killed
at the end of its test whatever happens. They share only the game's folder (a temporary one).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from game.engine import FACILITATOR, FACILITATOR_ACTIONS, action_from_dict, state_hash
from game.saves import read_log, verify_log
from game.scenario.catalog import REPO_ROOT
from game.session import Session, parse_seats

DEADLINE = 90.0
"""Seconds any one wait may take before the test fails (a whole test takes a few seconds)."""

SEAT_SCRIPT = r"""
import json, os, sys, time
from pathlib import Path
from game.bots import BOTS
from game.live import LiveGame, LiveError
from game.live.seatbot import play_seat

folder, code, role, pin, kind, limit, result, go, race = sys.argv[1:10]
limit, race = int(limit), race == "race"
live = LiveGame.open(code, folder)
session = live.join(role, pin, via="bot")
print("joined", flush=True)
while go != "-" and not Path(go).exists():
    time.sleep(0.01)
appended, refused = [], 0
if race:  # submit as soon as it is the seat's move, without waiting for anyone: the database must serialise
    bot = BOTS[kind](live.loaded.game, role) if role != "facilitator" else None
    from game.engine import Note
    i = 0
    while not session.state.over and (bot is not None or i < limit):
        session.refresh()
        if bot is None:
            action = Note(f"{role} {os.getpid()} note {i}")
            i += 1
        elif session.to_act() == role:
            action = bot.act(session.view(role))
        else:
            time.sleep(0.001)  # not this seat's move: look again at once, leaving the CPU to the others
            continue
        try:
            session.submit(action)
            appended.append([len(session.actions), action.__class__.__name__])
        except LiveError as exc:
            refused += 1
        except ValueError:
            refused += 1
        if bot is None and i == 1:  # a note writer waits for the other's first note: both are writing now
            end = time.monotonic() + 60
            while time.monotonic() < end and not any(
                    isinstance(a, Note) and not a.text.startswith(f"{role} {os.getpid()} ") for a in session.actions):
                time.sleep(0.01)
                session.refresh()
else:  # play until `limit` own moves are made, then hang (a frozen terminal) until killed
    bot = BOTS[kind](live.loaded.game, role)
    own = lambda: sum(1 for a in session.actions if a.role == role)
    play_seat(session, bot, stop=lambda: limit >= 0 and own() >= limit)
    print("hanging", flush=True)
    while True:
        session.beat()
        time.sleep(0.2)
Path(result).write_text(json.dumps({"appended": appended, "refused": refused}))
session.leave()
"""


class Processes:
    """Processes started for one test; all are killed (with their children) when it ends."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.live = folder / "live"
        self.started: list[subprocess.Popen[str]] = []
        self.env = {**os.environ, "WARGAME_SAVES_DIR": str(folder / "saves"), "PYTHONUNBUFFERED": "1"}

    def start(self, args: list[str], stdin: str | None = None, name: str = "proc") -> subprocess.Popen[str]:
        log = open(self.folder / f"{name}-{len(self.started)}.log", "w")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(
            args, cwd=REPO_ROOT, env=self.env, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT,
            text=True, start_new_session=True,
        )
        proc.log_path = Path(log.name)  # type: ignore[attr-defined]
        log.close()
        if stdin is not None:
            assert proc.stdin is not None
            proc.stdin.write(stdin)
            proc.stdin.flush()
        self.started.append(proc)
        return proc

    def wargame(self, *args: str, stdin: str | None = None, name: str = "wargame") -> subprocess.Popen[str]:
        return self.start([sys.executable, "-m", "game", *args, "--live-dir", str(self.live)], stdin, name)

    def seat_script(self, code: str, role: str, pin: str, kind: str, *, limit: int = -1, race: bool = False,
                    go: Path | None = None) -> tuple[subprocess.Popen[str], Path]:
        result = self.folder / f"result-{role}-{len(self.started)}.json"
        args = [str(self.live), code, role, pin, kind, str(limit), str(result), str(go or "-"),
                "race" if race else "play"]
        return self.start([sys.executable, "-c", SEAT_SCRIPT, *args], name=f"seat-{role}"), result

    def host(self, scenario: str, seed: int, seats: str | None = None) -> tuple[subprocess.Popen[str], str, dict]:
        pins_file = self.folder / "pins.txt"
        args = ["host", "--scenario", scenario, "--seed", str(seed), "--pins", str(pins_file),
                "--save", str(self.folder / "end.json")]
        if seats:
            args += ["--seats", seats]
        proc = self.wargame(*args, name="host")
        wait_for(lambda: pins_file.exists() and "facilitator" in pins_file.read_text(), "the host's PINs", proc)
        lines = dict(line.split() for line in pins_file.read_text().splitlines() if not line.startswith("#"))
        return proc, lines.pop("code"), lines

    def stop_all(self) -> None:
        for proc in self.started:
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@pytest.fixture
def procs(tmp_path: Path) -> Iterator[Processes]:
    processes = Processes(tmp_path)
    try:
        yield processes
    finally:
        processes.stop_all()


def wait_for(condition: Callable[[], bool], what: str, *watched: subprocess.Popen[str]) -> None:
    """Poll ``condition`` until it holds; fail after :data:`DEADLINE` or if a watched process died."""
    end = time.monotonic() + DEADLINE
    while not condition():
        for proc in watched:
            if proc.poll() is not None and proc.returncode != 0:
                raise AssertionError(f"{what}: a process exited with {proc.returncode}:\n{output(proc)}")
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def finish(proc: subprocess.Popen[str]) -> int:
    try:
        return proc.wait(timeout=DEADLINE)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"process did not end:\n{output(proc)}") from None


def output(proc: subprocess.Popen[str]) -> str:
    return proc.log_path.read_text()  # type: ignore[attr-defined]


def logged(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT seq, data, actor, by FROM actions ORDER BY seq").fetchall()
    finally:
        conn.close()


def game_tables(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {
            "actions": conn.execute("SELECT * FROM actions ORDER BY seq").fetchall(),
            "claims": conn.execute("SELECT seat, via, pid, joined FROM claims ORDER BY seat, joined").fetchall(),
            "seats": conn.execute("SELECT seat, kind, shared FROM seats ORDER BY seat").fetchall(),
            "journal": conn.execute("SELECT * FROM journal ORDER BY id").fetchall(),
        }
    finally:
        conn.close()


def one_process_game(scenario: str, seed: int, kinds: dict[str, str]) -> Session:
    from game.cli.commands import load

    game = load(scenario).game
    spec = ",".join(f"{role}=bot:{kind}" for role, kind in kinds.items())
    session = Session.start(game, seed, parse_seats(spec, game.roles))
    session.run_automatic()
    assert session.state.over
    return session


# --- tests -------------------------------------------------------------------------------------------


def test_a_game_played_by_separate_seat_processes_equals_the_game_played_in_one(procs):
    kinds = {"nato": "greedy", "russia": "random", "us": "cooperative", "poland": "hawkish"}
    host, code, pins = procs.host("moscow-2012", 21)
    assert set(pins) == {*kinds, FACILITATOR}
    seats = [procs.wargame("join", code, "--role", role, "--bot", kind, stdin=pins[role] + "\n", name=role)
             for role, kind in kinds.items()]
    assert finish(host) == 0, output(host)
    for seat in seats:
        assert finish(seat) == 0, output(seat)
    alone = one_process_game("moscow-2012", 21, kinds)
    log = read_log(procs.folder / "end.json")
    assert verify_log(log).ok
    assert list(log.actions) == alone.actions
    assert log.final_hash == state_hash(alone.state)
    rows = logged(procs.live / f"{code}.sqlite")
    assert [row[0] for row in rows] == list(range(1, len(alone.actions) + 1))
    assert {row[3] for row in rows if row[2] != "chance"} == set(kinds), "each role's moves came from its own seat"
    assert "Game over" in output(host)


def test_a_seat_killed_mid_phase_rejoins_with_its_pin_and_the_game_goes_on(procs):
    kinds = {"nato": "greedy", "russia": "strategic", "romania": "random"}
    host, code, pins = procs.host("tutorial", 8)
    database = procs.live / f"{code}.sqlite"
    others = [procs.wargame("join", code, "--role", role, "--bot", kinds[role], stdin=pins[role] + "\n", name=role)
              for role in ("nato", "romania")]
    russia, _ = procs.seat_script(code, "russia", pins["russia"], kinds["russia"], limit=2)
    wait_for(lambda: "hanging" in output(russia), "Russia to make two moves and freeze", russia, host)

    def russia_to_play() -> bool:
        from game.live import LiveGame

        live = LiveGame.open(code, procs.live)
        try:
            return live.observe().to_act() == "russia"
        finally:
            live.close()

    wait_for(russia_to_play, "the game to wait for Russia", host)
    second = procs.wargame("join", code, "--role", "russia", "--bot", "random", stdin=pins["russia"] + "\n")
    assert finish(second) == 2
    assert "already open on another screen" in output(second)
    before = logged(database)

    os.killpg(russia.pid, signal.SIGKILL)  # the terminal is gone, mid-phase, with Russia to play
    russia.wait(timeout=10)
    time.sleep(0.5)
    assert logged(database) == before, "nothing moves while the game waits for Russia"
    status = procs.wargame("live", "status", code)
    assert finish(status) == 0
    assert "Russia         left or cut off" in output(status) and "To play: Russia" in output(status)

    back = procs.wargame("join", code, "--role", "russia", "--bot", kinds["russia"], stdin=pins["russia"] + "\n")
    assert finish(host) == 0, output(host)
    assert finish(back) == 0, output(back)
    for seat in others:
        assert finish(seat) == 0
    alone = one_process_game("tutorial", 8, kinds)
    log = read_log(procs.folder / "end.json")
    assert list(log.actions) == alone.actions, "the game after the rejoin is the game without the crash"
    assert "Russia rejoined (bot)" in output(host)
    assert "waiting for Russia" in output(host)


def test_concurrent_moves_from_every_seat_are_each_recorded_exactly_once(procs):
    from game.live import LiveGame

    host, code, pins = procs.host("tutorial", 13)
    live = LiveGame.open(code, procs.live)
    facilitator = live.join(FACILITATOR, pins[FACILITATOR], via="command")
    for seat in live.seat_ids:
        facilitator.control().share(seat)  # two screens per seat, racing each other too
    facilitator.leave()
    go = procs.folder / "go"
    racers = [procs.seat_script(code, role, pins[role], "random", race=True, go=go)
              for role in live.loaded.game.roles for _ in range(2)]
    writers = [procs.seat_script(code, FACILITATOR, pins[FACILITATOR], "-", limit=60, race=True, go=go)
               for _ in range(2)]
    for proc, _ in racers + writers:
        wait_for(lambda p=proc: "joined" in output(p), "every racer to join", proc)
    go.touch()  # all start at once
    assert finish(host) == 0, output(host)
    for proc, _ in racers + writers:
        assert finish(proc) == 0, output(proc)

    rows = logged(procs.live / f"{code}.sqlite")
    assert [row[0] for row in rows] == list(range(1, len(rows) + 1)), "numbered without gaps"
    results = [json.loads(result.read_text()) for _, result in racers + writers]
    claimed = [seq for result in results for seq, _ in result["appended"]]
    assert sorted(claimed) == [row[0] for row in rows if row[3] != ":host"], \
        "every accepted move is in the record once, and nothing else is"
    notes = [json.loads(row[1])["text"] for row in rows if json.loads(row[1])["kind"] == "note"]
    assert len(notes) == len(set(notes)) == sum(len(r["appended"]) for r in results[-2:]) > 0
    first, second = ([seq for seq, _ in r["appended"]] for r in results[-2:])
    assert first and second and min(first) < max(second) and min(second) < max(first), \
        "the two note writers ran at the same time"
    replayed = Session.resume(live.loaded.game, 13, live.role_seats(),
                              [action_from_dict(json.loads(row[1])) for row in rows])
    assert replayed.state.over
    assert len([a for a in replayed.actions if not isinstance(a, FACILITATOR_ACTIONS)]) == len(rows) - len(notes)


def test_wrong_pins_unknown_codes_and_malformed_requests_change_nothing(procs):
    host, code, pins = procs.host("tutorial", 2, seats="nato=bot:random,romania=bot:random")
    database = procs.live / f"{code}.sqlite"
    wait_for(lambda: "waiting for Russia" in output(host), "the game to wait for Russia", host)
    before = game_tables(database)
    wrong = next(p for p in ("000000", "111111") if p != pins["russia"])
    attempts = [
        (["join", code, "--role", "russia", "--bot", "random"], wrong, "wrong PIN for Russia"),
        (["join", code, "--role", "russia", "--bot", "random"], pins["nato"], "wrong PIN for Russia"),
        (["join", code, "--role", "russia", "--bot", "random"], "12", "a PIN is 6 digits"),
        (["join", code, "--role", "kremlin", "--bot", "random"], pins["russia"], "has no seat 'kremlin'"),
        (["join", "ZZZZZZ", "--role", "russia", "--bot", "random"], pins["russia"], "no live game ZZZZZZ"),
        (["join", "not-a-code!", "--role", "russia", "--bot", "random"], pins["russia"], "is not a game code"),
        (["live", "bot", code, "russia"], wrong, "wrong PIN for Facilitator"),
        (["live", "release", code, "russia"], pins["russia"], "wrong PIN for Facilitator"),
    ]
    started = [(procs.wargame(*args, stdin=pin + "\n"), message) for args, pin, message in attempts]  # all at once
    for proc, message in started:
        assert finish(proc) == 2, output(proc)
        text = output(proc)
        assert message in text and "Traceback" not in text and len(text.strip().splitlines()) == 1, text
    time.sleep(0.3)
    assert game_tables(database) == before
    assert host.poll() is None, "the host goes on"
