"""The seat's screens of a live game, driven with Textual's Pilot: the join form, a role's seat played by a
bot through the screen, others' moves arriving on screen, and the facilitator's controls."""

from __future__ import annotations

import time

import pytest

from game.bots import BOTS
from game.engine import FACILITATOR, Pause, state_hash
from game.live import LiveGame, codes
from game.live.tui import join as join_module
from game.live.tui.app import SeatApp
from game.live.tui.facilitator import FacilitatorScreen
from game.live.tui.join import JoinScreen
from game.live.tui.seat import SeatEndScreen, SeatScreen
from game.scenario.catalog import SCENARIO_DIR
from game.scenario.loader import load_scenario
from game.session import Session, parse_seats
from game.ui.widgets.status import StatusBar

SIZE = (130, 40)


@pytest.fixture(scope="module")
def tutorial():
    return load_scenario(SCENARIO_DIR / "tutorial.yaml")


@pytest.fixture(autouse=True)
def quick(monkeypatch):
    monkeypatch.setattr(codes, "PIN_ITERATIONS", 1000)
    monkeypatch.setattr(join_module, "WRONG_PIN_PAUSE", 0.0)


@pytest.fixture
def new(tutorial, tmp_path):
    return LiveGame.create(tutorial, 9, parse_seats(None, tutorial.game.roles), tmp_path)


def status_text(app: SeatApp) -> str:
    return str(app.screen.query_one(StatusBar).render())


async def wait_until(pilot, condition, what: str, timeout: float = 5.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)


async def test_the_join_screen_refuses_a_wrong_pin_on_screen_then_opens_the_seat(new, tmp_path):
    host = new.live.host_session(new.host_token)
    host.submit(host.automatic_action())
    app = SeatApp(None, code=new.code.lower(), role="Russia", live_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, JoinScreen)
        assert "Russia (russia)" in str(app.screen.query_one("#join-seats").render())
        wrong = "000000" if new.pins["russia"] != "000000" else "111111"
        await pilot.click("#join-pin")
        await pilot.press(*wrong, "enter")
        await wait_until(pilot, lambda: "wrong PIN" in str(app.screen.query_one("#join-error").render()), "the error")
        assert app.session is None and isinstance(app.screen, JoinScreen)
        await pilot.press(*new.pins["russia"], "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SeatScreen), "the seat's screen")
        assert app.session is not None and app.session.seat == "russia"
        assert "Russia" in status_text(app)
    assert [s.screens for s in host.presence() if s.seat == "russia"] == [("terminal",)]
    app.session.leave()


async def test_the_join_form_takes_code_seat_and_pin_typed_in_one_go(new, tmp_path):
    app = SeatApp(None, code=None, role=None, live_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, JoinScreen)
        await pilot.press(*new.code, "enter", *"romania", "enter", *new.pins["romania"], "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SeatScreen), "the seat's screen")
        assert app.session is not None and app.session.seat == "romania"
    app.session.leave()


async def test_the_join_form_fits_80x24_and_its_button_joins(new, tmp_path):
    """On an 80x24 terminal the whole form shows - the seats of the game, the PIN and the Join button -
    and a click on Join opens the seat."""
    app = SeatApp(None, code=new.code, role="romania", live_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, JoinScreen)
        button = app.screen.query_one("#join-go")
        assert app.screen.region.contains_region(button.region)
        assert "Romania (romania)" in str(app.screen.query_one("#join-seats").render())
        await pilot.press(*new.pins["romania"])
        await pilot.click("#join-go")
        await wait_until(pilot, lambda: isinstance(app.screen, SeatScreen), "the seat's screen")
        assert app.session is not None and app.session.seat == "romania"
    app.session.leave()


async def test_the_join_screen_says_how_to_leave_it_and_escape_does(new, tmp_path):
    from game.ui.widgets.keybar import KeyBar

    app = SeatApp(None, code=None, role=None, live_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        assert " esc Quit" in app.screen.query_one(KeyBar).render().plain
        await pilot.press("escape")
        await pilot.pause(0.1)
        assert not app.is_running and app.session is None


async def test_a_seat_played_through_its_screen_makes_the_same_game_as_one_process(tutorial, new, tmp_path):
    game = tutorial.game
    kinds = {"nato": "strategic", "russia": "random", "romania": "greedy"}
    bots = {role: BOTS[kind](game, role) for role, kind in kinds.items()}
    host = new.live.host_session(new.host_token)
    others = {role: LiveGame.open(new.code, tmp_path).join(role, new.pins[role]) for role in ("nato", "romania")}
    russia = LiveGame.open(new.code, tmp_path).join("russia", new.pins["russia"])
    app = SeatApp(russia)
    shown: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, SeatScreen), "the seat's screen")
        screen = app.screen
        screen.on_shown = lambda count: shown.append(time.monotonic())
        for _ in range(500):
            await pilot.pause(0.02)
            host.refresh()
            if host.state.over:
                break
            action = host.automatic_action()
            if action is not None:
                host.submit(action)
                continue
            actor = host.to_act()
            if actor == "russia":
                if "your move" in status_text(app):  # what the screen says, once it has seen the others' moves
                    assert await screen.submit(bots["russia"].act(russia.view("russia"))) is None
                continue
            seat = others[actor]
            seat.refresh()
            seat.submit(bots[actor].act(seat.view(actor)))
        await wait_until(pilot, lambda: isinstance(app.screen, SeatEndScreen), "the end of the game on screen")
    alone = Session.start(game, 9, parse_seats(",".join(f"{r}=bot:{k}" for r, k in kinds.items()), game.roles))
    alone.run_automatic()
    assert host.actions == alone.actions and state_hash(host.state) == state_hash(alone.state)
    assert shown, "others' moves were drawn on the seat's screen"


async def test_a_dialog_open_on_a_seat_when_the_others_end_the_game_gives_way_to_the_end(tutorial, new, tmp_path):
    from game.ui.screens.dialogs import ConfirmScreen
    from test_live import play_to_end

    game = tutorial.game
    host = new.live.host_session(new.host_token)
    seats = {role: LiveGame.open(new.code, tmp_path).join(role, new.pins[role]) for role in game.roles}
    app = SeatApp(seats["russia"])  # Russia's moves go through its session here, not its screen
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, SeatScreen), "the seat's screen")
        await pilot.press("escape")  # "Leave your seat?" stays open while the game is played out elsewhere
        assert isinstance(app.screen, ConfirmScreen)
        play_to_end(host, seats, {role: BOTS["random"](game, role) for role in game.roles})
        await wait_until(pilot, lambda: isinstance(app.screen, SeatEndScreen), "the end of the game on screen",
                         timeout=20.0)
        assert len(app.screen_stack) == 2  # the dialog closed and the seat's table gone, not left beneath
    for seat in seats.values():
        seat.leave()


async def test_others_moves_reach_the_screen_within_a_second(new, tmp_path):
    host = new.live.host_session(new.host_token)
    nato = LiveGame.open(new.code, tmp_path).join("nato", new.pins["nato"])
    app = SeatApp(LiveGame.open(new.code, tmp_path).join("romania", new.pins["romania"]))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, SeatScreen), "the seat's screen")
        shown: list[int] = []
        app.screen.on_shown = shown.append
        host.submit(host.automatic_action())
        start = time.monotonic()
        await wait_until(pilot, lambda: shown and shown[-1] == 1, "the card on Romania's screen", timeout=1.0)
        nato.refresh()
        nato.submit(BOTS["random"](new.live.loaded.game, "nato").act(nato.view("nato")))
        await wait_until(pilot, lambda: shown[-1] == 2, "NATO's move on Romania's screen", timeout=1.0)
        assert time.monotonic() - start < 2.0
        assert "Romania. Russia is to play" in status_text(app)


async def test_the_facilitator_pauses_the_game_and_hands_a_seat_to_a_bot(new, tmp_path):
    host = new.live.host_session(new.host_token)
    host.submit(host.automatic_action())
    facilitator = LiveGame.open(new.code, tmp_path).join(FACILITATOR, new.pins[FACILITATOR])
    russia_app = SeatApp(LiveGame.open(new.code, tmp_path).join("russia", new.pins["russia"]))
    app = SeatApp(facilitator)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, FacilitatorScreen), "the facilitator's screen")
        await pilot.press("p")
        await pilot.pause(0.1)
        await pilot.press(*"coffee", "enter")
        await wait_until(pilot, lambda: isinstance(facilitator.actions[-1], Pause), "the pause in the record")
        host.refresh()
        assert host.paused and host.to_act() is None
        async with russia_app.run_test(size=SIZE) as russia_pilot:
            await wait_until(russia_pilot, lambda: "paused" in status_text(russia_app), "the pause on Russia's screen")
        await pilot.press("p")
        await wait_until(pilot, lambda: not facilitator.paused, "the game to resume")
        table = app.screen.query_one("#seats")
        table.move_cursor(row=1)  # Russia
        await pilot.press("b")
        await pilot.pause(0.1)
        await pilot.press(*"random", "enter")
        await pilot.pause(0.2)
        host.refresh()
        assert host.seats["russia"].bot == "random"
        assert "random bot" in str(table.get_row_at(1))
        await pilot.press("h")
        await pilot.pause(0.2)
        host.refresh()
        assert host.seats["russia"].human


def test_facilitator_entries_are_read_into_engine_actions():
    from game.engine import Adjust, Inject
    from game.ui.facilitation import parse_adjustment, parse_injection, parse_seconds

    assert parse_seconds("5") == 300 and parse_seconds("2:30") == 150 and parse_seconds("90s") == 90
    assert parse_seconds(" 1.5 ") == 90
    with pytest.raises(ValueError, match="not a time"):
        parse_seconds("soon")
    assert parse_adjustment("mutual_confidence -1 a press leak") == Adjust("mutual_confidence", -1, "a press leak")
    with pytest.raises(ValueError, match="whole number"):
        parse_adjustment("mutual_confidence lots because")
    with pytest.raises(ValueError, match="the reason"):
        parse_adjustment("mutual_confidence -1")
    assert parse_injection("nrc_lisbon the summit moved") == Inject(card="nrc_lisbon", reason="the summit moved")


def to_the_first_negotiation(new, tmp_path):  # type: ignore[no-untyped-def]
    """Turn 1 (no negotiation) played with every seat keeping its positions: the host's session and the seats'."""
    from game.engine import Commit, Phase

    host = new.live.host_session(new.host_token)
    seats = {role: LiveGame.open(new.code, tmp_path).join(role, new.pins[role]) for role in new.live.loaded.game.roles}
    while host.state.phase is not Phase.NEGOTIATION:
        host.refresh()
        action = host.automatic_action()
        if action is not None:
            host.submit(action)
        else:
            seats[host.to_act()].submit(Commit.of(host.to_act(), {}))
    assert host.state.turn == 2
    return host, seats


async def test_the_facilitators_countdown_closes_the_negotiation_when_it_runs_out(new, tmp_path):
    from game.engine import CloseNegotiation, Countdown, Pause, Phase, Resume

    host, _ = to_the_first_negotiation(new, tmp_path)
    facilitator = LiveGame.open(new.code, tmp_path).join(FACILITATOR, new.pins[FACILITATOR])
    app = SeatApp(facilitator)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, FacilitatorScreen), "the facilitator's screen")
        await pilot.press("p", *"coffee", "enter")  # the clock does not run while the game is paused
        await wait_until(pilot, lambda: isinstance(facilitator.actions[-1], Pause), "the pause")
        await pilot.press("t")
        await pilot.pause(0.1)
        await pilot.press(*"1s", "enter")
        await wait_until(pilot, lambda: isinstance(facilitator.actions[-1], Countdown), "the countdown")
        await pilot.pause(1.5)
        assert isinstance(facilitator.actions[-1], Countdown)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(facilitator.actions[-1], CloseNegotiation), "time to run out")
    host.refresh()
    assert host.actions[-4:] == [Pause("coffee"), Countdown(1), Resume(), CloseNegotiation("time is up")]
    assert host.state.phase is Phase.DECISION


async def test_a_seat_opened_after_a_countdown_was_set_shows_the_time_really_left(new, tmp_path):
    from game.engine import Countdown

    _, seats = to_the_first_negotiation(new, tmp_path)
    facilitator = LiveGame.open(new.code, tmp_path).join(FACILITATOR, new.pins[FACILITATOR])
    facilitator.submit(Countdown(600))
    with new.live.store.transaction() as conn:  # as if it had been set five minutes ago
        conn.execute("UPDATE actions SET at = at - 300 WHERE seq = ?", (len(facilitator.actions),))
    app = SeatApp(seats["russia"])
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, SeatScreen), "the seat's screen")
        await wait_until(pilot, lambda: " left" in status_text(app), "the countdown")
        assert any(f"{m}:" in status_text(app) for m in ("4", "5")) and "9:" not in status_text(app)


async def test_a_seat_on_screen_is_told_when_the_facilitator_hands_it_to_a_bot(new, tmp_path):
    facilitator = LiveGame.open(new.code, tmp_path).join(FACILITATOR, new.pins[FACILITATOR])
    app = SeatApp(LiveGame.open(new.code, tmp_path).join("russia", new.pins["russia"]))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, SeatScreen), "the seat's screen")
        facilitator.control().hand_to_bot("russia", "random")
        await wait_until(pilot, lambda: any("handed Russia to the random bot" in n.message
                                            for n in app._notifications), "the notice")


async def test_every_key_of_the_live_facilitator_screen_shows_at_80_columns(new, tmp_path):
    """The footer of a live game's facilitator lists every key that works now, on two rows at 80x24:
    the seat keys the screen points to (b, h, s, x) included."""
    from game.ui.widgets.keybar import KeyBar

    facilitator = LiveGame.open(new.code, tmp_path).join(FACILITATOR, new.pins[FACILITATOR])
    app = SeatApp(facilitator)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, FacilitatorScreen), "the facilitator's screen")
        await pilot.pause(0.2)
        bar = app.screen.query_one(KeyBar)
        rows = bar.render().plain.split("\n")
        assert bar.size.height == len(rows) <= 2 and all(len(row) <= 80 for row in rows)
        for key in ("p", "n", "a", "i", "c", "v", "b", "h", "s", "x", "e", "esc"):
            assert any(f" {key} " in row for row in rows), key
