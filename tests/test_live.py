"""Live games in one process: codes and PINs, joining seats, who may move, refusals that change nothing,
the host's loop, exports that replay. (Several processes at once: tests/test_live_processes.py.)"""

from __future__ import annotations

import io
import re
import sqlite3
from pathlib import Path

import pytest

from game.bots import BOTS
from game.engine import (
    FACILITATOR,
    Commit,
    DrawCard,
    EndNegotiation,
    IllegalAction,
    Note,
    Pause,
    Resume,
    state_hash,
)
from game.live import (
    BadRequest,
    Damaged,
    LiveGame,
    NotAllowed,
    SeatLocked,
    SeatTaken,
    Stale,
    UnknownGame,
    WrongPin,
    codes,
)
from game.live import store as store_module
from game.live.codes import BadInput, PinDigest, read_code, read_pin
from game.live.host import Host
from game.scenario.catalog import SCENARIO_DIR
from game.scenario.loader import load_scenario
from game.session import Session, parse_seats

ROLES = ("nato", "russia", "romania")


@pytest.fixture(scope="module")
def tutorial():
    return load_scenario(SCENARIO_DIR / "tutorial.yaml")


@pytest.fixture(autouse=True)
def quick_pins(monkeypatch):
    """Cheap PIN digests (the real cost is checked once, in test_pin_digest_is_salted_and_slow)."""
    monkeypatch.setattr(codes, "PIN_ITERATIONS", 1000)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def new(tutorial, tmp_path):
    """A live tutorial game with people at every seat, seed 5."""
    return LiveGame.create(tutorial, 5, parse_seats(None, tutorial.game.roles), tmp_path)


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Everything in a game's database that is about the game (not the wrong-PIN counters)."""
    conn = sqlite3.connect(path)
    try:
        return {
            "actions": conn.execute("SELECT seq, data, actor, by FROM actions ORDER BY seq").fetchall(),
            "claims": conn.execute("SELECT token, seat, beat FROM claims ORDER BY token").fetchall(),
            "seats": conn.execute("SELECT seat, kind, shared FROM seats ORDER BY seat").fetchall(),
            "journal": conn.execute("SELECT * FROM journal").fetchall(),
        }
    finally:
        conn.close()


def play_to_end(host, seats, bots) -> None:
    """Alternate the host's automatic moves and the bots at the seats until the game ends."""
    for _ in range(10_000):
        host.refresh()
        if host.state.over:
            return
        action = host.automatic_action()
        if action is not None:
            host.submit(action)
            continue
        role = host.to_act()
        seat = seats[role]
        seat.refresh()
        seat.submit(bots[role].act(seat.view(role)))
    raise AssertionError("the game did not end")


# --- codes and PINs -------------------------------------------------------------------------------


def test_codes_and_pins_are_read_leniently_and_checked_strictly():
    code = codes.new_code()
    assert read_code(code.lower()) == code
    assert read_code(f" {code[:3]}-{code[3:]} ") == code
    for bad in ("", "K7QM2", "K7QM2XX", "O0I1L5", "K7QM2!"):
        with pytest.raises(BadInput):
            read_code(bad)
    assert read_pin(" 012 345 ") == "012345"
    for bad in ("12345", "1234567", "12a456", ""):
        with pytest.raises(BadInput):
            read_pin(bad)
    pins = {codes.new_pin() for _ in range(50)}
    assert all(len(p) == 6 and p.isdigit() for p in pins) and len(pins) > 40


def test_pin_digest_is_salted_and_slow(monkeypatch):
    monkeypatch.setattr(codes, "PIN_ITERATIONS", 100_000)
    a, b = PinDigest.of("123456"), PinDigest.of("123456")
    assert a.iterations == 100_000
    assert a.salt != b.salt and a.digest != b.digest
    assert a.matches("123456") and b.matches("123456")
    assert not a.matches("123457")


# --- creating, opening, joining ----------------------------------------------------------------------


def test_a_new_game_has_a_code_and_one_distinct_pin_per_seat(new, tmp_path):
    assert set(new.pins) == {*ROLES, FACILITATOR}
    assert len(set(new.pins.values())) == 4
    path = tmp_path / f"{new.code}.sqlite"
    assert path.is_file() and (path.stat().st_mode & 0o077) == 0, "the record holds PIN digests: owner only"
    conn = sqlite3.connect(path)
    stored = b"".join(row[0] for row in conn.execute("SELECT digest FROM seats"))
    conn.close()
    for pin in new.pins.values():
        assert pin.encode() not in path.read_bytes() and pin.encode() not in stored
    live = LiveGame.open(new.code.lower(), tmp_path)
    assert live.loaded.game.scenario_hash == new.live.loaded.game.scenario_hash
    assert live.header.seed == 5


def test_unknown_and_malformed_codes_are_refused(new, tmp_path):
    other = "A" * 6 if new.code != "A" * 6 else "B" * 6
    with pytest.raises(UnknownGame, match="no live game"):
        LiveGame.open(other, tmp_path)
    with pytest.raises(BadRequest, match="not a game code"):
        LiveGame.open("hello world", tmp_path)
    (tmp_path / "CCCCCC.sqlite").write_text("not a database, just text " * 100)
    with pytest.raises(UnknownGame, match="not a live game"):
        LiveGame.open("CCCCCC", tmp_path)
    assert not (tmp_path / f"{other}.sqlite").exists(), "opening an unknown code must not create a file"


def test_wrong_pins_and_malformed_requests_change_nothing(new, tmp_path):
    live, path = new.live, tmp_path / f"{new.code}.sqlite"
    nato = live.join("nato", new.pins["nato"])
    before = snapshot(path)
    wrong = "000000" if new.pins["russia"] != "000000" else "111111"
    with pytest.raises(WrongPin, match="wrong PIN for Russia"):
        live.join("russia", wrong)
    with pytest.raises(WrongPin):
        live.join("russia", new.pins["nato"])  # another seat's PIN opens nothing else
    with pytest.raises(BadRequest, match="6 digits"):
        live.join("russia", "12")
    with pytest.raises(BadRequest, match="no seat"):
        live.join("ukraine", new.pins["russia"])
    with pytest.raises(BadRequest, match="unknown way"):
        live.join("russia", new.pins["russia"], via="carrier pigeon")
    with pytest.raises(BadRequest, match="malformed action"):
        nato.submit_dict({"kind": "commit", "role": "nato", "positions": ["x"]})
    with pytest.raises(BadRequest, match="malformed action"):
        nato.submit_dict("propose everything")
    with pytest.raises(BadRequest, match="not an action"):
        nato.submit(None)  # type: ignore[arg-type]
    assert snapshot(path) == before


def test_a_seat_locks_after_five_wrong_pins(tutorial, tmp_path):
    clock = Clock()
    new = LiveGame.create(tutorial, 1, parse_seats(None, tutorial.game.roles), tmp_path, clock=clock)
    live = LiveGame.open(new.code, tmp_path, clock=clock)
    wrong = "000000" if new.pins["russia"] != "000000" else "111111"
    for _ in range(store_module.MAX_FAILURES):
        with pytest.raises(WrongPin):
            live.join("russia", wrong)
    with pytest.raises(SeatLocked, match="try again in 60 s"):
        live.join("russia", new.pins["russia"])
    live.join("nato", new.pins["nato"])  # other seats are not locked
    clock.now += store_module.LOCKOUT + 1
    assert live.join("russia", new.pins["russia"]).seat == "russia"


def test_a_second_screen_is_refused_unless_the_facilitator_shares_the_seat(new, tmp_path):
    first = new.live.join("russia", new.pins["russia"])
    second_process = LiveGame.open(new.code, tmp_path)
    with pytest.raises(SeatTaken, match="already open on another screen"):
        second_process.join("russia", new.pins["russia"])
    facilitator = second_process.join(FACILITATOR, new.pins[FACILITATOR])
    facilitator.control().share("russia")
    second = second_process.join("russia", new.pins["russia"], via="browser")
    assert {s.seat: s.screens for s in facilitator.presence()}["russia"] == ("terminal", "browser")
    facilitator.control().share("russia", False)
    first.leave()
    second.leave()
    third = second_process.join("russia", new.pins["russia"])
    assert third.seat == "russia"


def test_a_seat_whose_screen_went_silent_is_taken_over_with_its_pin(tutorial, tmp_path):
    clock = Clock()
    new = LiveGame.create(tutorial, 1, parse_seats(None, tutorial.game.roles), tmp_path, clock=clock)
    old = LiveGame.open(new.code, tmp_path, clock=clock).join("russia", new.pins["russia"])
    again = LiveGame.open(new.code, tmp_path, clock=clock)
    with pytest.raises(SeatTaken):
        again.join("russia", new.pins["russia"])
    clock.now += store_module.STALE_AFTER + 1  # no heartbeat: the terminal was closed or cut off
    rejoined = again.join("russia", new.pins["russia"])
    assert rejoined.seat == "russia"
    old.refresh()
    assert old.released and not old.beat(force=True), "the old screen's claim is gone"
    assert any("rejoined" in entry.what for _, entry in again.store.journal())


def test_a_claim_of_a_process_that_has_gone_is_absent_at_once(new, tmp_path):
    import subprocess
    import sys

    live = new.live
    live.join("romania", new.pins["romania"])
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          timeout=30)
    conn = sqlite3.connect(tmp_path / f"{new.code}.sqlite")
    with conn:
        conn.execute("UPDATE claims SET pid = ? WHERE seat = 'romania'", (int(gone.stdout),))
    conn.close()
    assert LiveGame.open(new.code, tmp_path).join("romania", new.pins["romania"]).seat == "romania"


# --- who may move ------------------------------------------------------------------------------------


def test_each_seat_makes_only_its_own_moves_in_turn(new, tmp_path):
    live, path = new.live, tmp_path / f"{new.code}.sqlite"
    host = live.host_session(new.host_token)
    nato = live.join("nato", new.pins["nato"])
    russia = LiveGame.open(new.code, tmp_path).join("russia", new.pins["russia"])
    facilitator = LiveGame.open(new.code, tmp_path).join(FACILITATOR, new.pins[FACILITATOR])
    card = host.automatic_action()
    assert isinstance(card, DrawCard)
    before = snapshot(path)
    with pytest.raises(NotAllowed, match="the host draws"):
        nato.submit(card)
    with pytest.raises(NotAllowed, match="facilitator moves only"):
        facilitator.submit(card)
    assert snapshot(path) == before
    host.submit(card)
    for seat in (nato, russia, facilitator):
        assert seat.refresh() and seat.actions == host.actions
    assert host.state.phase.value == "decision" and host.to_act() == "nato"  # turn 1 has no negotiation
    before = snapshot(path)
    with pytest.raises(NotAllowed, match="not Russia's move"):
        russia.submit(Commit.of("russia", {}))
    with pytest.raises(NotAllowed, match="plays Russia, not NATO"):
        russia.submit(Commit.of("nato", {}))
    with pytest.raises(NotAllowed, match="only the facilitator"):
        nato.submit(Pause("coffee"))
    with pytest.raises(NotAllowed, match="played by people"):
        host.submit(Commit.of("nato", {}))
    with pytest.raises(IllegalAction, match="negotiation is closed"):
        nato.submit(EndNegotiation("nato"))
    with pytest.raises(NotAllowed, match="sees only its own view"):
        nato.view("russia")
    assert snapshot(path) == before
    nato.submit(Commit.of("nato", {}))
    facilitator.submit(Note("NATO was quick"))
    facilitator.submit(Pause("coffee"))
    russia.refresh()
    with pytest.raises(IllegalAction, match="paused"):
        russia.submit(Commit.of("russia", {}))
    facilitator.submit(Resume())
    russia.submit(Commit.of("russia", {}))
    assert [type(a).__name__ for a in host.actions] == ["DrawCard"] and host.refresh()
    assert [type(a).__name__ for a in host.actions] == ["DrawCard", "Commit", "Note", "Pause", "Resume", "Commit"]
    assert facilitator.view("russia").role == "russia", "the facilitator sees every seat"


def test_a_move_chosen_on_an_old_position_is_stale(new):
    host = new.live.host_session(new.host_token)
    nato = new.live.join("nato", new.pins["nato"])
    host.submit(host.automatic_action())
    with pytest.raises(Stale):
        nato.submit(Commit.of("nato", {}), based_on=0)
    nato.submit(Commit.of("nato", {}), based_on=1)
    assert len(host.actions) == 1 and host.refresh() and len(host.actions) == 2


def test_a_released_screen_can_no_longer_move(new, tmp_path):
    host = new.live.host_session(new.host_token)
    host.submit(host.automatic_action())
    nato = LiveGame.open(new.code, tmp_path).join("nato", new.pins["nato"])
    facilitator = new.live.join(FACILITATOR, new.pins[FACILITATOR])
    assert facilitator.control().release("nato") == 1
    with pytest.raises(NotAllowed, match="no longer holds NATO"):
        nato.submit(Commit.of("nato", {}))
    assert nato.released and not nato.beat(force=True)
    assert len(host.actions) == 1


def test_a_seat_handed_to_a_bot_is_played_by_the_host_until_its_people_rejoin(new, tmp_path):
    live = new.live
    host = live.host_session(new.host_token)
    russia = LiveGame.open(new.code, tmp_path).join("russia", new.pins["russia"])
    russia.leave()
    facilitator = live.join(FACILITATOR, new.pins[FACILITATOR])
    with pytest.raises(BadRequest, match="unknown bot"):
        facilitator.control().hand_to_bot("russia", "skynet")
    nato = LiveGame.open(new.code, tmp_path).join("nato", new.pins["nato"])
    with pytest.raises(NotAllowed, match="only the facilitator"):
        nato.control()
    facilitator.control().hand_to_bot("russia", "random")
    host.refresh()
    assert host.seats["russia"].bot == "random" and host.seats["nato"].human
    host.submit(host.automatic_action())  # the card
    nato.submit(Commit.of("nato", {}))
    host.refresh()
    assert host.to_act() == "russia"
    bot_move = host.automatic_action()
    assert bot_move is not None and bot_move.role == "russia"
    back = LiveGame.open(new.code, tmp_path).join("russia", new.pins["russia"])
    assert back.seats["russia"].human
    with pytest.raises(NotAllowed, match="played by people"):
        host.submit(bot_move)
    assert host.automatic_action() is None, "the host no longer plays Russia"
    assert any("taking the seat back from the random bot" in e.what for _, e in live.store.journal())


def test_a_new_host_takes_over_only_from_a_stopped_one_and_with_the_facilitators_pin(tutorial, tmp_path):
    clock = Clock()
    new = LiveGame.create(tutorial, 1, parse_seats(None, tutorial.game.roles), tmp_path, clock=clock)
    seat = LiveGame.open(new.code, tmp_path, clock=clock).join("nato", new.pins["nato"])
    assert not seat.host_running() and seat.waiting_for_host(), "no host has started yet: nobody draws the card"
    old = LiveGame.open(new.code, tmp_path, clock=clock).host_session(new.host_token)
    assert seat.host_running() and not seat.waiting_for_host()
    other = LiveGame.open(new.code, tmp_path, clock=clock)
    with pytest.raises(WrongPin):
        other.host_session("not the key")
    with pytest.raises(WrongPin):
        other.take_over_host(new.pins["nato"])
    with pytest.raises(SeatTaken, match="still hosted"):
        other.take_over_host(new.pins[FACILITATOR])
    clock.now += store_module.STALE_AFTER + 1
    assert seat.waiting_for_host(), "the old host stopped beating"
    host, _key = other.take_over_host(new.pins[FACILITATOR])
    assert not seat.waiting_for_host()
    host.submit(host.automatic_action())
    with pytest.raises(NotAllowed, match="another host"):
        old.submit(DrawCard(None))
    assert len(host.actions) == 1


# --- whole games ------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [3, 11])
def test_a_live_game_equals_the_same_game_in_one_session(tutorial, tmp_path, seed):
    game = tutorial.game
    kinds = {"nato": "greedy", "russia": "random", "romania": "strategic"}
    new = LiveGame.create(tutorial, seed, parse_seats(None, game.roles), tmp_path)
    host = new.live.host_session(new.host_token)
    seats = {role: LiveGame.open(new.code, tmp_path).join(role, new.pins[role]) for role in game.roles}
    bots = {role: BOTS[kind](game, role) for role, kind in kinds.items()}
    play_to_end(host, seats, bots)
    alone = Session.start(game, seed, parse_seats(",".join(f"{r}=bot:{k}" for r, k in kinds.items()), game.roles))
    alone.run_automatic()
    assert host.actions == alone.actions
    assert state_hash(host.state) == state_hash(alone.state) and host.hashes == alone.hashes
    for seat in seats.values():
        seat.refresh()
        assert seat.actions == alone.actions


def test_an_export_is_an_ordinary_save_that_replays_and_reports(new, tmp_path, tutorial):
    from game.report import build_report, report_markdown
    from game.saves import load_save, read_log, verify_log

    game = tutorial.game
    host = new.live.host_session(new.host_token)
    seats = {role: new.live.join(role, new.pins[role]) for role in game.roles}
    bots = {role: BOTS["random"](game, role) for role in game.roles}
    play_to_end(host, seats, bots)
    path = host.export(tmp_path / "seminar.json")
    log = read_log(path)
    assert verify_log(log).ok
    assert list(log.actions) == host.actions and log.seed == 5
    saved = load_save(path)
    assert state_hash(saved.session.state) == state_hash(host.state)
    assert "#" in report_markdown(build_report(log.game, log.seed, log.actions))
    observer = LiveGame.open(new.code, tmp_path).observe()
    assert observer.export(path) == path, "exporting again to the same save is fine"
    with pytest.raises(NotAllowed):
        observer.submit(DrawCard(None))


def test_a_damaged_record_is_reported_not_replayed(new, tmp_path):
    host = new.live.host_session(new.host_token)
    host.submit(host.automatic_action())
    conn = sqlite3.connect(tmp_path / f"{new.code}.sqlite")
    with conn:
        conn.execute("""UPDATE actions SET data = '{"kind": "draw", "card": "no-such-card"}' WHERE seq = 1""")
    conn.close()
    with pytest.raises(Damaged, match="action 1 of the record does not replay"):
        LiveGame.open(new.code, tmp_path).observe()


# --- the host ----------------------------------------------------------------------------------------


def test_the_host_draws_plays_bots_and_says_who_the_game_waits_for(tutorial, tmp_path):
    game = tutorial.game
    new = LiveGame.create(tutorial, 2, parse_seats("nato=bot:random,romania=bot:random", game.roles), tmp_path)
    lines: list[str] = []
    host = Host(new.live.host_session(new.host_token), write=lines.append, save_to=tmp_path / "end.json")
    for _ in range(50):
        host.step()
    assert host.session.to_act() == "russia"
    assert any("waiting for Russia, whose screen is not open" in line for line in lines)
    russia = LiveGame.open(new.code, tmp_path).join("russia", new.pins["russia"])
    host.step()
    assert any("Russia joined (terminal)" in line for line in lines)
    assert any(line.endswith("Russia to play") for line in lines)
    bot = BOTS["random"](game, "russia")
    for _ in range(2000):
        if host.session.state.over:
            break
        host.step()
        russia.refresh()
        if russia.to_act() == "russia":
            russia.submit(bot.act(russia.view("russia")))
    assert host.run() == tmp_path / "end.json"
    assert (tmp_path / "end.json").is_file()
    text = "\n".join(lines)
    assert not any(re.search(rf"\b{pin}\b", text) for pin in new.pins.values()), "the room may see the host's screen"


# --- the command line, in this process --------------------------------------------------------------


def test_live_list_status_export_and_seat_controls_on_the_command_line(new, tmp_path, capsys, monkeypatch):
    import io

    from game.cli import main
    from game.saves import read_log

    host = new.live.host_session(new.host_token)
    host.submit(host.automatic_action())
    folder = str(tmp_path)
    assert main(["live", "list", "--live-dir", folder]) == 0
    listed = capsys.readouterr().out
    assert new.code in listed and re.search(r"started \d{4}-\d\d-\d\d \d\d:\d\d UTC  1 move$", listed, re.M), listed
    assert main(["live", "status", new.code.lower(), "--live-dir", folder]) == 0
    out = capsys.readouterr().out
    assert "turn 1/3, decision, 1 move\n" in out and "To play: NATO" in out and "Russia         absent" in out
    target = tmp_path / "now.json"
    assert main(["live", "export", new.code, "--live-dir", folder, "-o", str(target)]) == 0
    assert list(read_log(target).actions) == host.actions
    monkeypatch.setattr("sys.stdin", io.StringIO(new.pins[FACILITATOR] + "\n"))
    assert main(["live", "bot", new.code, "russia", "hawkish", "--live-dir", folder]) == 0
    assert "Russia: played by the hawkish bot" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("000000\n" if new.pins[FACILITATOR] != "000000" else "111111\n"))
    assert main(["live", "people", new.code, "russia", "--live-dir", folder]) == 2
    assert "wrong PIN for Facilitator" in capsys.readouterr().err
    host.refresh()
    assert host.seats["russia"].bot == "hawkish"
    assert main(["live", "status", "ZZZZZZ", "--live-dir", folder]) == 2
    assert "no live game ZZZZZZ" in capsys.readouterr().err


def test_ssh_logins_fill_in_the_code_and_seat_and_nothing_else(monkeypatch):
    from game.cli.live import _ssh_words

    monkeypatch.setenv("SSH_ORIGINAL_COMMAND", "k7qm2x russia")
    assert _ssh_words() == ("k7qm2x", "russia")
    monkeypatch.setenv("SSH_ORIGINAL_COMMAND", "rm -rf / ; sh")
    assert _ssh_words() == ("rm", None)
    monkeypatch.delenv("SSH_ORIGINAL_COMMAND")
    assert _ssh_words() == (None, None)


def test_the_browser_page_loads_nothing_from_elsewhere(tmp_path):
    import textual_serve

    from game.live.serve import join_command, local_templates

    folder = local_templates(Path(textual_serve.__file__).parent / "templates", tmp_path)
    page = (folder / "app_index.html").read_text()
    original = (Path(textual_serve.__file__).parent / "templates" / "app_index.html").read_text()
    assert "googleapis" not in page and len(page) > len(original) - 200
    assert re.findall(r'(?:href|src)="(https?://[^"]+)"', page) == [], "only the server's own address"
    assert join_command(tmp_path / "a dir").endswith(f"-m game join --live-dir '{tmp_path / 'a dir'}'")


def test_a_host_that_takes_over_reports_what_happens_from_then_on(tutorial, tmp_path):
    clock = Clock()
    new = LiveGame.create(tutorial, 4, parse_seats(None, tutorial.game.roles), tmp_path, clock=clock)
    first = Host(LiveGame.open(new.code, tmp_path, clock=clock).host_session(new.host_token), write=lambda _: None,
                 clock=clock)
    first.step()
    LiveGame.open(new.code, tmp_path, clock=clock).join("nato", new.pins["nato"])
    clock.now += store_module.STALE_AFTER + 1
    session, _ = LiveGame.open(new.code, tmp_path, clock=clock).take_over_host(new.pins[FACILITATOR])
    lines: list[str] = []
    again = Host(session, write=lines.append, clock=clock)
    again.step()
    with pytest.raises(NotAllowed, match="another host process has taken over"):
        first.step()
    assert not any("joined" in line or "Event" in line for line in lines), lines
    LiveGame.open(new.code, tmp_path, clock=clock).join("romania", new.pins["romania"])
    again.step()
    assert any(line.endswith("Romania joined (terminal)") for line in lines)


def test_the_pins_file_is_private_and_a_game_whose_pins_cannot_be_written_is_not_left_behind(tmp_path, capsys):
    from game.cli import main

    pins = tmp_path / "pins.txt"
    pins.write_text("old")
    pins.chmod(0o644)
    live = tmp_path / "live"
    assert main(["host", "--scenario", "tutorial", "--seats", "nato=bot:random,russia=bot:random,romania=bot:random",
                 "--pins", str(pins), "--live-dir", str(live), "--save", str(tmp_path / "end.json")]) == 0
    assert pins.stat().st_mode & 0o077 == 0 and pins.read_text().startswith("# live game")
    code = dict(line.split() for line in pins.read_text().splitlines() if not line.startswith("#"))["code"]
    assert (tmp_path / "end.json").is_file(), "bots at every seat: the host played the game to its end"
    assert code in capsys.readouterr().out
    missing = tmp_path / "no such folder" / "pins.txt"
    assert main(["host", "--scenario", "tutorial", "--pins", str(missing), "--live-dir", str(live)]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert [p.stem for p in live.glob("*.sqlite")] == [code]


@pytest.mark.parametrize("command", [
    ["host", "--scenario", "tutorial"],
    ["host", "--resume", "K7QM2X"],
    ["join", "K7QM2X", "--role", "nato", "--bot", "random"],
    ["join"],
    ["serve"],
    ["live", "list"],
    ["live", "status", "K7QM2X"],
    ["live", "export", "K7QM2X"],
    ["live", "release", "K7QM2X", "russia"],
])
def test_a_live_folder_that_is_a_file_is_refused_by_every_command_that_takes_one(command, tmp_path, capsys,
                                                                                 monkeypatch):
    from game.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO("123456\n"))
    monkeypatch.setattr("game.live.serve.serve", lambda *args: pytest.fail("served from a file"))
    taken = tmp_path / "notes.txt"
    taken.write_text("not a folder")
    assert main([*command, "--live-dir", str(taken)]) == 2
    err = capsys.readouterr().err
    assert err == f"wargame: error: --live-dir {taken} is a file, not a folder\n"
    assert main([*command, "--live-dir", str(taken / "live")]) == 2
    assert f"--live-dir {taken / 'live'}: {taken} is a file, not a folder" in capsys.readouterr().err
    monkeypatch.setenv("WARGAME_LIVE_DIR", str(taken))
    assert main(command) == 2
    assert f"WARGAME_LIVE_DIR {taken} is a file" in capsys.readouterr().err
    assert taken.read_text() == "not a folder" and sorted(tmp_path.iterdir()) == [taken]
