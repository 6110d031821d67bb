"""A seminar game at one terminal: the facilitator's desk, driven by keys through Textual's Pilot.

The facilitator opens the desk (F2) from the curtain or the table, injects an event of their own,
writes a note, pauses and resumes, and sets a countdown that runs out and closes the negotiation;
every move is in the session's record, the autosave and the report.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.engine import CloseNegotiation, Countdown, Inject, Note, Pause, Phase, Resume
from game.engine.actions import TrackDelta
from game.session import Session, parse_seats
from test_ui import SEED, Driver, plan, scenario, screen_text

HOT_SEAT = "nato=human,russia=human,romania=human"


@pytest.fixture(autouse=True)
def saves_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Games started here are autosaved into a folder of the test's own."""
    folder = tmp_path / "saves"
    monkeypatch.setenv("WARGAME_SAVES_DIR", str(folder))
    return folder


def seminar_app(facilitator: bool = True):  # type: ignore[no-untyped-def]
    from game.ui.app import WargameApp

    loaded = scenario()
    session = Session.start(loaded.game, SEED, parse_seats(HOT_SEAT, loaded.game.roles), facilitator=facilitator)
    app = WargameApp(loaded, session)
    app.animation_level = "none"
    return app, session


async def play_until(driver: Driver, session: Session, done) -> None:  # type: ignore[no-untyped-def]
    """Play the planned moves by keys (passing the curtain) until ``done(session)``."""
    from game.ui.screens.dialogs import HandoverScreen

    for _ in range(200):
        await driver.settle()
        if done(session):
            return
        if isinstance(driver.app.screen, HandoverScreen):
            await driver.press("enter")
            continue
        role = session.human_to_act()
        assert role is not None
        await driver.perform(session, plan(session, role))
    raise AssertionError("never got there")


async def test_a_facilitator_steers_a_hot_seat_game_and_every_move_is_kept(saves_here: Path) -> None:
    from game.ui.screens.dialogs import HandoverScreen
    from game.ui.screens.facilitator import CustomEventScreen, FacilitatorDesk
    from game.ui.screens.game import GameScreen

    app, session = seminar_app()
    async with app.run_test(size=(150, 40)) as pilot:
        driver = Driver(app, pilot)
        await driver.settle()
        assert isinstance(app.screen, HandoverScreen) and "f2 Facilitator" in screen_text(app)

        # From the curtain: the desk shows every role's row and the whole record.
        await driver.press("f2")
        assert isinstance(app.screen, FacilitatorDesk)
        assert all(name in screen_text(app) for name in ("NATO", "Russia", "Romania", "FACILITATOR"))

        # An event of the facilitator's own, typed into the form.
        confidence = session.state.tracks["confidence"]
        await driver.press("c")
        assert isinstance(app.screen, CustomEventScreen)
        await driver.press(*"Radar leak", "enter", *"A memo is printed", "enter",
                           *"confidence -1, trust.nato.russia -2", "enter", *"surprise", "enter")
        await driver.settle()
        assert session.actions[-1] == Inject(title="Radar leak", text="A memo is printed", reason="surprise",
                                             effects=(TrackDelta("confidence", -1), TrackDelta("trust.nato.russia", -2)))
        assert session.state.tracks["confidence"] == confidence - 1

        # A note, then a pause: nobody moves until the facilitator resumes.
        await driver.press("n", *"watch Russia's answer", "enter", "p", *"coffee", "enter")
        await driver.settle()
        assert session.actions[-2:] == [Note("watch Russia's answer"), Pause("coffee")]
        await driver.press("escape")
        await driver.settle()
        assert session.state.paused and session.to_act() is None
        await driver.press("enter")  # past the curtain: the seat sees the pause, and its moves are shut
        await driver.settle()
        assert isinstance(app.screen, GameScreen) and "paused the game" in screen_text(app)
        await driver.press("f2", "p", "escape")  # resume from the table; the curtain comes back
        await driver.settle()
        assert session.actions[-1] == Resume() and isinstance(app.screen, HandoverScreen)

        # Turn 2 negotiates: a one-second countdown runs out and closes the talks.
        await play_until(driver, session, lambda s: s.state.turn == 2 and s.state.phase is Phase.NEGOTIATION)
        await driver.press("f2", "t", *"1s", "enter", "escape")
        await driver.settle()
        assert session.actions[-1] == Countdown(1)
        await pilot.pause(1.8)
        await driver.settle()
        assert session.actions[-1] == CloseNegotiation("time is up")
        assert session.state.phase is Phase.DECISION and session.state.turn == 2
        assert isinstance(app.screen, HandoverScreen)  # the seat to decide first is handed the screen

    saves = list(saves_here.glob("*.json"))
    assert len(saves) == 1
    data = json.loads(saves[0].read_text(encoding="utf-8"))
    assert data["facilitator"] is True
    from game.saves import load_save

    saved = load_save(saves[0])
    assert saved.session.facilitator and saved.session.actions == session.actions

    from game.report import build_report, report_markdown

    report = report_markdown(build_report(session.game, session.seed, session.actions))
    assert "watch Russia's answer" in report and "Radar leak" in report


async def test_without_a_facilitator_there_is_no_desk() -> None:
    from game.ui.screens.facilitator import FacilitatorDesk

    app, session = seminar_app(facilitator=False)
    async with app.run_test(size=(120, 40)) as pilot:
        driver = Driver(app, pilot)
        await driver.settle()
        assert "Facilitator" not in screen_text(app)
        await driver.press("enter", "f2")
        await driver.settle()
        assert not isinstance(app.screen, FacilitatorDesk) and session.actions[-1].role == "chance"


async def test_a_custom_event_with_a_bad_effect_is_explained_and_not_played() -> None:
    from game.ui.screens.facilitator import CustomEventScreen

    app, session = seminar_app()
    async with app.run_test(size=(120, 40)) as pilot:
        driver = Driver(app, pilot)
        await driver.settle()
        before = len(session.actions)
        await driver.press("f2", "c", *"Leak", "enter", "enter", *"morale +1", "enter", "enter")
        await driver.settle()
        assert isinstance(app.screen, CustomEventScreen) and len(session.actions) == before
        assert "'morale' is not a track of this game" in screen_text(app)
        await driver.press("escape")
        await driver.settle()
        assert len(session.actions) == before


async def test_a_game_that_bots_finish_under_the_desk_ends_when_the_facilitator_leaves_it(saves_here: Path) -> None:
    from game.ui.app import WargameApp
    from game.ui.screens.end import EndScreen
    from game.ui.screens.facilitator import FacilitatorDesk
    from game.ui.screens.game import SPEEDS

    loaded = scenario()
    session = Session.start(loaded.game, SEED, parse_seats(None, loaded.game.roles, default="bot:random"),
                            facilitator=True)
    app = WargameApp(loaded, session)
    app.animation_level = "none"
    async with app.run_test(size=(150, 40)) as pilot:
        driver = Driver(app, pilot)
        table = driver.game_screen
        table.action_facilitator()  # what F2 does: the desk, over the table, while the bots play on
        for _ in range(len(SPEEDS)):
            await table.action_faster()  # the bots at full speed
        assert isinstance(app.screen, FacilitatorDesk) and not session.state.over
        for _ in range(300):
            await pilot.pause(0.1)
            if session.state.over:
                break
        assert session.state.over
        for _ in range(50):  # the desk looks for moves made beneath it a few times a second
            await pilot.pause(0.1)
            if "The game is over" in screen_text(app):
                break
        assert isinstance(app.screen, FacilitatorDesk) and "The game is over" in screen_text(app)
        await driver.press("n", *"debrief: why did talks stall?", "enter")
        await driver.settle()
        assert session.actions[-1] == Note("debrief: why did talks stall?")  # a note after the end is kept
        await driver.press("escape")
        await driver.settle()
        assert isinstance(app.screen, EndScreen)

    from game.saves import load_save

    (saved,) = (load_save(path) for path in saves_here.glob("*.json"))
    assert saved.session.actions == session.actions  # the note written after the end is in the save


def test_what_the_facilitator_types_is_read_strictly() -> None:
    from game.ui.facilitation import clock, custom_event, parse_effects

    tracks = ("confidence", "trust.nato.russia")
    assert parse_effects(" confidence -1 ; trust.nato.russia +2,", tracks) == (
        TrackDelta("confidence", -1), TrackDelta("trust.nato.russia", 2))
    assert parse_effects("", tracks) == ()
    for bad, says in (("confidence", r"TRACK \+N"), ("confidence lots", "whole number"), ("morale +1", "not a track")):
        with pytest.raises(ValueError, match=says):
            parse_effects(bad, tracks)
    with pytest.raises(ValueError, match="title"):
        custom_event("  ", "text", "", "")
    assert custom_event(" Leak ", "", "confidence -1", " why ", tracks) == Inject(
        title="Leak", effects=(TrackDelta("confidence", -1),), reason="why")
    assert [clock(s) for s in (272, 0.2, 0, -3, 60)] == ["4:32", "0:01", "0:00", "0:00", "1:00"]


def test_the_countdown_clock_starts_in_full_stops_while_paused_and_runs_out_once(engine) -> None:
    from game.engine import DrawCard, apply, draw_card, new_game
    from game.ui.facilitation import NegotiationClock

    state = new_game(engine, 1)
    actions: list = [DrawCard(draw_card(engine, state)), Countdown(60)]
    for action in actions:
        state = apply(engine, state, action).state
    assert state.phase is Phase.NEGOTIATION
    clock = NegotiationClock()
    clock.follow(state, actions, now=100.0)
    clock.tick(False, 100.0)
    assert clock.left(100.0) == "1:00" and not clock.run_out(False, 159.0)
    clock.follow(state, actions, now=130.0)  # after another move the same countdown goes on
    assert clock.left(130.0) == "0:30"
    clock.tick(False, 140.0)
    clock.tick(True, 200.0)  # a minute paused
    assert clock.left(200.0) == "0:20" and not clock.run_out(True, 300.0)
    clock.tick(False, 210.0)
    assert not clock.run_out(False, 219.0)
    assert clock.run_out(False, 220.0) and not clock.run_out(False, 221.0) and clock.left(221.0) == ""

    actions.append(Countdown(30))  # a new countdown starts in full
    state = apply(engine, state, actions[-1]).state
    clock.follow(state, actions, now=240.0)
    assert clock.left(240.0) == "0:30"
    actions.append(CloseNegotiation("done"))
    state = apply(engine, state, actions[-1]).state
    clock.follow(state, actions, now=241.0)
    assert clock.left(241.0) == "" and clock.deadline is None


def test_with_recorded_times_the_countdown_runs_from_when_it_was_set(engine) -> None:
    """A screen opened late (or again) shows what is really left, pauses deducted."""
    from game.engine import DrawCard, Pause, Resume, apply, draw_card, new_game
    from game.ui.facilitation import NegotiationClock

    state = new_game(engine, 1)
    actions: list = [DrawCard(draw_card(engine, state)), Countdown(60), Pause("tea"), Resume()]
    times = [90.0, 100.0, 110.0, 120.0]
    for action in actions:
        state = apply(engine, state, action).state
    late = NegotiationClock()
    late.follow(state, actions, now=130.0, recorded_at=times)
    assert late.left(130.0) == "0:40"  # 60 s from 100, plus the 10 s paused

    paused = apply(engine, state, Pause("again")).state
    late = NegotiationClock()
    late.follow(paused, [*actions, Pause("again")], now=130.0, recorded_at=[*times, 125.0])
    assert late.left(130.0) == "0:45"  # both pauses deducted; still paused since 125
    late.tick(True, 140.0)
    assert late.left(140.0) == "0:45" and not late.run_out(True, 200.0)

    expired = NegotiationClock()
    expired.follow(state, actions, now=200.0, recorded_at=times)
    assert expired.run_out(False, 200.0)  # opened after the time ran out: it closes at once


async def test_the_logs_wrap_every_event_to_an_80_column_terminal_and_again_after_a_resize() -> None:
    """At 80x24 the facilitator's log (beside the roles) and the table's log (a tab) show each event
    whole, wrapped to the width they have - nothing cut off behind a horizontal scroll bar - and the
    desk's log wraps anew when the terminal is resized."""
    from game.ui.screens.dialogs import HandoverScreen
    from game.ui.screens.facilitator import FacilitatorDesk
    from game.ui.screens.game import GameScreen
    from game.ui.widgets.eventlog import EventLog

    def fits(log: EventLog) -> bool:
        return 0 < log.virtual_size.width <= log.scrollable_content_region.width

    app, session = seminar_app()
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot)
        await play_until(driver, session, lambda s: bool(s.state.proposals))
        await driver.press("f2")
        await driver.settle()
        desk = app.screen
        assert isinstance(desk, FacilitatorDesk)
        log = desk.query_one(EventLog)
        narrow = log.scrollable_content_region.width
        assert max(len(e.text) for e in session.events) > narrow  # a line that must be wrapped to fit
        assert fits(log)

        await pilot.resize_terminal(120, 30)
        await driver.settle()
        await pilot.pause(0.1)
        assert fits(log) and log.virtual_size.width > narrow  # wrapped anew, to the wider log
        await pilot.resize_terminal(80, 24)
        await driver.settle()
        await pilot.pause(0.1)
        assert fits(log)

        await driver.press("escape")
        await driver.settle()
        if isinstance(app.screen, HandoverScreen):
            await driver.press("enter")
            await driver.settle()
        assert isinstance(app.screen, GameScreen)
        await driver.press("7")
        await driver.settle()
        table_log = app.screen.query_one(EventLog)
        assert table_log.display and fits(table_log)


async def test_every_key_of_the_desk_shows_at_80_columns_on_two_rows_and_either_row_takes_a_click() -> None:
    """The footer shows the keys that work now: on the facilitator's desk at 80 columns they do not fit in
    one row even shortened, so the bar takes two, and a click on a key of the second row works too."""
    from game.ui.screens.facilitator import FacilitatorDesk
    from game.ui.widgets.keybar import KeyBar

    app, session = seminar_app()
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot)
        await play_until(driver, session, lambda s: s.state.phase is Phase.NEGOTIATION)  # talks: every key
        await driver.press("f2")
        await driver.settle()
        assert isinstance(app.screen, FacilitatorDesk)
        bar = app.screen.query_one(KeyBar)
        rows = bar.render().plain.split("\n")
        assert len(rows) == 2 == bar.size.height and all(len(row) <= 80 for row in rows)
        for key in ("p", "n", "t", "k", "a", "i", "c", "v", "esc", "f1"):
            assert any(f" {key} " in row for row in rows), key
        row = next(i for i, text in enumerate(rows) if " esc " in text)
        assert row == 1
        await pilot.click(KeyBar, offset=(rows[row].index(" esc ") + 1, row))  # Back to the table
        await driver.settle()
        assert not isinstance(app.screen, FacilitatorDesk)


async def test_an_event_of_ones_own_is_written_and_played_by_mouse_on_an_80x24_terminal() -> None:
    """The facilitator's own event fits 80x24 whole - every field and both buttons in sight, and its own
    keys at the foot - and its button plays it."""
    from game.ui.screens.facilitator import CustomEventScreen
    from game.ui.widgets.keybar import KeyBar

    app, session = seminar_app()
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot)
        await play_until(driver, session, lambda s: s.state.phase is Phase.NEGOTIATION)
        await driver.press("f2", "c")
        await driver.settle()
        dialog = app.screen
        assert isinstance(dialog, CustomEventScreen)
        for widget in dialog.query("Input, Button"):
            assert dialog.region.contains_region(widget.region), widget.id
        assert " esc Cancel" in dialog.query_one(KeyBar).render().plain  # its own keys, not the desk's
        await driver.press(*"Leak")
        await pilot.click("#event-ok")
        await driver.settle()
        played = session.actions[-1]
        assert isinstance(played, Inject) and played.title == "Leak"
