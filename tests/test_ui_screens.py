"""The screens around a game: main menu, new game, help, themes, the command palette, the `play`
command's errors, and text snapshots of two screens at 80x24."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.engine import Phase
from game.session import parse_seats
from test_ui import ROOT, SEED, Driver, app_for, scenario, screen_text

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
ENGINE_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "engine.yaml"


@pytest.fixture(autouse=True)
def saves_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Games started here are autosaved into a folder of the test's own."""
    folder = tmp_path / "saves"
    monkeypatch.setenv("WARGAME_SAVES_DIR", str(folder))
    return folder

async def menu_ready(app, pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until the main menu has looked at the saves folder (it does so just after it appears)."""
    from game.ui.screens.menu import MainMenu

    for _ in range(200):
        if isinstance(app.screen, MainMenu) and app.screen.saves_shown:
            return
        await pilot.pause(0.05)
    raise AssertionError("the main menu never showed the saves")


def fresh_app():  # type: ignore[no-untyped-def]
    from game.ui.app import WargameApp

    app = WargameApp()
    app.animation_level = "none"
    return app


async def test_the_main_menu_leads_to_a_new_game_set_up_by_keys() -> None:
    from game.ui.screens.dialogs import HandoverScreen
    from game.ui.screens.game import GameScreen
    from game.ui.screens.menu import MainMenu
    from game.ui.screens.new_game import NewGameScreen
    from game.ui.widgets.keybar import KeyBar

    app = fresh_app()
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot)
        await menu_ready(app, pilot)
        assert isinstance(app.screen, MainMenu)
        text = screen_text(app)
        for item in ("New game", "Continue", "Load", "Replays", "Rules and keys", "Quit"):
            assert item in text
        await pilot.click(KeyBar, offset=(2, 0))  # the mouse works too: the footer's first key, New game
        await driver.settle()
        setup = app.screen
        assert isinstance(setup, NewGameScreen)
        ids = [entry.id for entry in setup._entries]
        assert "tutorial" in ids
        await driver.press(*["down"] * ids.index("tutorial"), "enter")  # the tutorial; Enter moves to the seats
        assert "First steps: Deveselu" in screen_text(app)
        await driver.press("down", "h")  # Russia is played by a person too
        await driver.press("tab", "space")  # a facilitator steers this game
        await driver.press("tab", "home", "ctrl+k", *"4242", "ctrl+s")
        await driver.settle()
        assert isinstance(app.screen, HandoverScreen) and app.screen.role_name == "NATO"  # two people share it
        await driver.press("enter")
        assert isinstance(app.screen, GameScreen)
        session = app.screen.session
        assert session.game.id == "tutorial" and session.seed == 4242 and session.facilitator
        assert [seat.spec() for seat in session.seats.values()] == ["human", "human", "bot:strategic"]
        await driver.press("escape", "y")  # leave the game
        await driver.settle()
        assert isinstance(app.screen, MainMenu)


async def test_help_lists_every_key_and_the_rules_and_the_theme_switches() -> None:
    from rich.markdown import Markdown
    from textual.widgets import DataTable, Static

    from game.ui.screens.game import GameScreen
    from game.ui.screens.help import RULES_FILE as RULES
    from game.ui.screens.help import HelpScreen, key_name

    app = fresh_app()
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot)
        await driver.press("f1")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        table = help_screen.query_one("#keys-table", DataTable)
        rows = [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
        for binding in GameScreen.BINDINGS:
            assert ("Game", key_name(binding), binding.description) in rows  # type: ignore[union-attr]
        await driver.press("r")
        rules = help_screen.query_one("#rules-text", Static).content
        assert isinstance(rules, Markdown) and rules.markup == RULES.read_text(encoding="utf-8")
        await driver.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        dark = app.theme
        await driver.press("ctrl+t")
        assert app.theme != dark and app.current_theme.dark is False
        # in both themes the headings (the accent colour) and the footer's keys read on a projector:
        # WCAG's 4.5:1 for text
        for switch_after in (True, False):  # the light theme, then the dark one
            colours = app.get_css_variables()
            assert contrast(colours["accent"], colours["background"]) >= 4.5, app.theme
            assert contrast(colours["footer-key-foreground"], colours["footer-background"]) >= 4.5, app.theme
            if switch_after:
                await driver.press("ctrl+t")
        assert app.theme == dark


def contrast(foreground: str, background: str) -> float:
    """WCAG's contrast ratio of two colours (1 to 21)."""
    from textual.color import Color

    def luminance(hex_colour: str) -> float:
        channels = [c / 255 for c in Color.parse(hex_colour[:7]).rgb]  # (without an alpha part)
        r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


async def test_help_opens_at_the_keys_of_the_screen_it_was_asked_from() -> None:
    from textual.widgets import DataTable

    from game.ui.screens.help import HelpScreen

    app = app_for(scenario(), "nato=human,russia=bot:greedy,romania=bot:greedy")
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot)
        await driver.settle()
        await driver.press("f1")
        await driver.settle()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        table = help_screen.query_one("#keys-table", DataTable)
        groups = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        first = groups.index("Game")
        assert first > 0 and table.cursor_row == first and table.scroll_y == first  # its keys on top
        assert "Game" in " ".join(screen_text(app).split("\n")[3:6])


async def test_the_command_palette_offers_the_moves_open_now() -> None:
    from game.ui.screens.dialogs import ConfirmScreen

    loaded = scenario()
    app = app_for(loaded, "nato=human,russia=bot:greedy,romania=bot:greedy")
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot)
        await driver.settle()
        screen = driver.game_screen
        assert screen.session.state.phase is Phase.DECISION  # the tutorial opens without negotiation
        titles = [command.title for command in app.get_system_commands(screen)]
        assert "Commit positions" in titles and "Propose" not in titles and "Finish negotiating" not in titles
        assert "Show Board" in titles and "Help" in titles
        await driver.press("ctrl+p", *"commit pos")
        from textual.command import CommandPalette

        palette = app.screen
        assert isinstance(palette, CommandPalette)
        for _ in range(100):  # the palette searches in the background
            if palette.query_one("CommandList").option_count:
                break
            await pilot.pause(0.05)
        await driver.press("enter")
        await driver.settle()
        assert isinstance(app.screen, ConfirmScreen)


def test_play_reports_mistakes_in_one_line_and_needs_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    for argv, message in [
        (["play", "--scenario", "atlantis"], "unknown scenario 'atlantis'"),
        (["play", "--scenario", "tutorial", "--seats", "mars=human"], "--seats: unknown role 'mars'"),
        (["play", "--scenario", "tutorial", "--seats", "nato=bot:martian"], "--seats: unknown bot 'martian'"),
        (["play", "--scenario", "tutorial"], "needs an interactive terminal"),
        ([], "needs an interactive terminal"),  # no command: play
    ]:
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_no_other_command_imports_textual() -> None:
    code = ("import sys; from game.cli import main; main(['scenarios']); "
            "print(any(m == 'textual' or m.startswith(('textual.', 'game.ui')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"


# -- snapshots ---------------------------------------------------------------------------------


def check_snapshot(name: str, text: str) -> None:
    """Compare with tests/snapshots/NAME.txt; UPDATE_SNAPSHOTS=1 writes it instead."""
    text = "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
    path = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("UPDATE_SNAPSHOTS") or not path.exists():
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if not os.environ.get("UPDATE_SNAPSHOTS"):
            pytest.fail(f"wrote the missing snapshot {path.name}; check it and run again")
    assert text == path.read_text(encoding="utf-8"), f"{name} looks different (UPDATE_SNAPSHOTS=1 to accept)"


async def test_snapshot_of_the_main_menu_at_80x24() -> None:
    app = fresh_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await menu_ready(app, pilot)
        check_snapshot("main-menu-80x24", screen_text(app))


async def test_snapshot_of_the_board_at_80x24() -> None:
    loaded = scenario(ENGINE_FIXTURE)  # a fixture that changes only with the engine's tests
    app = app_for(loaded, "nato=human,russia=human,host=human")
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot)
        await driver.settle()
        await driver.press("enter", "1")  # past the curtain, to the board
        assert driver.game_screen.session.seed == SEED
        check_snapshot("board-80x24", screen_text(app))


@pytest.mark.parametrize("name", sorted(path.stem for path in (ROOT / "scenarios").glob("*.yaml")
                                         if path.stem != "sources"))
async def test_no_tab_of_any_scenario_runs_wider_than_an_80_column_terminal(name: str) -> None:
    """On every tab of every shipped scenario at 80x24, nothing runs past its width behind a horizontal
    scroll bar: the track table (the longest names, and "(lower is better)", beside the range and the
    trend), the log, the panels."""
    from textual.widget import Widget

    from game.ui.widgets.board import TrackTable

    loaded = scenario(ROOT / "scenarios" / f"{name}.yaml")
    app = app_for(loaded, f"{loaded.game.roles[0]}=human")
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot)
        await driver.settle()
        for tab in "1234567":
            await driver.press(tab)
            await driver.settle()
            screen = driver.game_screen
            shown = [w for w in screen.walk_children(Widget)
                     if w.display and w.is_scrollable and w.scrollable_content_region.width]
            assert any(isinstance(w, TrackTable) for w in shown) == (tab == "1")
            for widget in shown:
                assert widget.virtual_size.width <= widget.scrollable_content_region.width, (tab, widget)


# -- saved games ---------------------------------------------------------------------------------


async def test_a_game_is_autosaved_saved_on_quitting_and_continued_from_the_menu(saves_here: Path) -> None:
    from game.saves import list_saves, load_save
    from game.ui.screens.game import GameScreen

    loaded = scenario()
    app = app_for(loaded, "nato=human,russia=bot:greedy,romania=bot:greedy")
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot)
        await driver.settle()
        await driver.press("4", "right", "c", "y")  # turn 1 committed and resolved; turn 2's talks begin
        await driver.settle()
        played = list(driver.game_screen.session.actions)
        [info] = list_saves(saves_here)
        assert info.data is not None and info.data.progress.turn == 2
        assert load_save(info.path).session.actions == played
        await driver.press("ctrl+q")  # quitting saves the game as it stands
    saved = load_save(info.path)
    assert saved.session.actions == played and saved.view.role == "nato" and saved.view.screen == "game.result"

    app = fresh_app()
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot)
        await menu_ready(app, pilot)
        assert "Continue" in screen_text(app) and f"{loaded.game.scenario.title}: turn 2" in screen_text(app)
        await driver.press("c")
        await driver.settle()
        assert isinstance(app.screen, GameScreen)
        assert app.screen.session.actions == played and app.screen.saver.path == info.path
        assert app.screen.query_one("Tabs").active == "tab-result"  # where the player was


async def test_saves_are_listed_replayed_step_by_step_and_branched(saves_here: Path) -> None:
    from game.runner import play
    from game.saves import SaveFile
    from game.session import Seat, Session
    from game.ui.screens.dialogs import HandoverScreen
    from game.ui.screens.game import GameScreen
    from game.ui.screens.replay import ReplayScreen
    from game.ui.screens.saves import LoadScreen

    loaded = scenario()
    seats = {role: "greedy" for role in loaded.game.roles}
    finished = play(loaded.game, SEED, seats)
    session = Session.resume(loaded.game, SEED, {r: Seat(r, k) for r, k in seats.items()}, finished.actions)
    SaveFile.new(loaded, saves_here, name="debrief").save(session)
    (saves_here / "torn.json").write_text('{"format": "wargame-save", "version"', encoding="utf-8")

    app = fresh_app()
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot)
        await menu_ready(app, pilot)
        await driver.press("l")
        await driver.settle()
        assert isinstance(app.screen, LoadScreen)
        text = screen_text(app)
        assert "debrief" in text and "finished" in text and "torn" in text and "cannot be read" in text
        assert "⏎ Open" in text.splitlines()[-1]  # the footer says how to open a game
        await driver.press("escape", "p")
        await driver.settle()
        await driver.press("enter")
        await driver.settle()
        viewer = app.screen
        assert isinstance(viewer, ReplayScreen) and viewer.position == len(finished.actions)
        steps = len(finished.actions)
        assert f"step {steps} of {steps}" in screen_text(app) and "Commit by" in screen_text(app)
        footer = screen_text(app).rstrip().splitlines()[-1]
        for key in ("r Report", "esc Back", "f1 Help", "1 Board"):  # at 80 columns every key of the viewer is there
            assert key in footer
        assert "2 Step" not in footer  # the step is shown: its key would do nothing
        await driver.press("1")
        footer = screen_text(app).rstrip().splitlines()[-1]
        assert "2 Step" in footer and "1 Board" not in footer and "f1 Help" in footer
        await driver.press("2")
        await driver.press("left", "left")
        assert viewer.position == len(finished.actions) - 2
        await driver.press("[", "[")
        position = viewer.position
        assert viewer.replay.state(position).phase.value == "event" and position == viewer.replay.turn_start(
            viewer.replay.state(position).turn)
        await driver.press("b")  # only bots played it: people take every seat of the branch
        await driver.settle()
        assert isinstance(app.screen, HandoverScreen)
        await driver.press("enter")
        assert isinstance(app.screen, GameScreen)
        branch = app.screen.session
        assert branch.actions[:position] == finished.actions[:position] and all(s.human for s in branch.seats.values())


async def test_the_load_and_replays_lists_tell_each_game_apart(saves_here: Path) -> None:
    """Each row says which game it is, in two lines at 80 columns: the name given (or that it is an autosave, and
    of which named game), the scenario, where the game stands (turn N of M, or finished with its outcome), who
    plays, and when it was saved."""
    from datetime import UTC, datetime, timedelta

    from game.engine import Commit, EndNegotiation, outcome
    from game.runner import play
    from game.saves import SaveFile, list_saves
    from game.session import Seat, Session
    from game.ui.saving import saved_when
    from game.ui.screens.saves import LoadScreen

    loaded = scenario()
    game = loaded.game
    times = iter(datetime(2026, 11, 21, 9, 0, tzinfo=UTC) + timedelta(minutes=m) for m in range(100))
    session = Session.start(game, SEED, parse_seats("nato=human,russia=human", game.roles, default="bot:greedy"))
    session.run_automatic()
    file = SaveFile.new(loaded, saves_here, clock=lambda: next(times))
    file.save(session)  # the autosave of a new game, under the game's id
    file.save_as(session, "seminar group 2")
    while session.state.turn == 1:
        role = session.human_to_act()
        session.submit(EndNegotiation(role) if session.state.phase is Phase.NEGOTIATION else Commit.of(role, {}))
        session.run_automatic()
    file.save(session)  # the game goes on under its name; the autosave stays where it was
    bots = {role: "greedy" for role in game.roles}
    finished = play(game, SEED, bots)
    done = Session.resume(game, SEED, {r: Seat(r, k) for r, k in bots.items()}, finished.actions)
    SaveFile.new(loaded, saves_here, name="debrief", clock=lambda: next(times)).save(done)
    band = outcome(game, done.state).title
    when = {info.name: saved_when(info) for info in list_saves(saves_here)}
    autosave = file.game_id

    app = fresh_app()
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot)
        await menu_ready(app, pilot)
        for key in ("l", "p"):  # Load, then Replays: the same list
            await driver.press(key)
            for _ in range(100):
                await driver.settle()
                if "finished: " in screen_text(app):  # the outcome, found by replaying, comes after the list
                    break
            assert isinstance(app.screen, LoadScreen)
            lines = [line[4:].rstrip(" ▊▎") for line in screen_text(app).splitlines() if line.startswith("  ▊ ")]
            rows = [re.sub(r"(?<=\S)\s{2,}", "  ", line) for line in lines if line.strip()]
            assert rows == [
                f"debrief - First steps: Deveselu  {when['debrief']}",
                f"  finished: {band} - bots only",
                f"seminar group 2 - First steps: Deveselu  {when['seminar group 2']}",
                "  turn 2 of 3, negotiation - humans: NATO, Russia",
                f"Autosave of seminar group 2 - First steps: Deveselu  {when[autosave]}",
                "  turn 1 of 3, decision - humans: NATO, Russia",
            ], rows
            assert autosave not in screen_text(app)  # the game's id, which the file is named after
            await driver.press("escape")
            await driver.settle()


GAME_LAYERS = ("game.engine", "game.scenario.loader", "game.scenario.models", "pydantic", "game.saves.format",
               "game.saves.store", "game.session")
"""Modules the first screen of ``wargame play`` must not wait for (they load in a thread once it is up)."""


def test_the_menu_needs_neither_the_engine_nor_the_scenarios() -> None:
    """Start-up: ``wargame play`` shows its menu before the game layers are imported (they load in a thread)."""
    code = ("import sys; from game.cli import build_parser; build_parser(); "
            "import game.ui.app, game.ui.screens.menu; "
            f"print(sorted(m for m in sys.modules if m.startswith({GAME_LAYERS!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_the_play_command_reaches_the_app_without_the_game_layers() -> None:
    """What ``wargame play`` does before the app runs (checking the saves folder, say) imports none of them."""
    code = f"""
import sys
from game.ui.app import WargameApp

class Terminal:
    def isatty(self) -> bool:
        return True

    def flush(self) -> None:
        pass

def run(app, *args, **kwargs):
    sys.stderr.write(repr(sorted(m for m in sys.modules if m.startswith({GAME_LAYERS!r}))))
    return 0

WargameApp.run = run
sys.stdin = sys.stdout = Terminal()
from game.cli import main
main(["play"])
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.stderr.strip() == "[]", out.stderr


async def test_replaying_an_unfinished_hot_seat_game_asks_first(saves_here: Path) -> None:
    from game.engine import Commit, EndNegotiation
    from game.saves import SaveFile
    from game.session import Session, parse_seats
    from game.ui.screens.dialogs import ConfirmScreen
    from game.ui.screens.replay import ReplayScreen
    from game.ui.screens.saves import LoadScreen

    loaded = scenario()
    game = loaded.game
    session = Session.start(game, SEED, parse_seats("nato=human,russia=human", game.roles, default="bot:greedy"))
    session.run_automatic()
    while session.state.phase is not Phase.DECISION:
        session.submit(EndNegotiation(session.human_to_act()))
        session.run_automatic()
    first = session.human_to_act()
    session.submit(Commit.of(first, {}))  # committed, not yet revealed: the next seat must not see it
    SaveFile.new(loaded, saves_here, name="seminar").save(session)

    app = fresh_app()
    async with app.run_test(size=(100, 30)) as pilot:
        driver = Driver(app, pilot)
        await menu_ready(app, pilot)
        await driver.press("p")
        await driver.settle()
        await driver.press("enter")
        await driver.settle()
        assert isinstance(app.screen, ConfirmScreen) and "every seat's secrets" in screen_text(app)
        await driver.press("escape")
        await driver.settle()
        assert isinstance(app.screen, LoadScreen)  # no: nothing shown
        await driver.press("enter")
        await driver.settle()
        await driver.press("y")
        await driver.settle()
        assert isinstance(app.screen, ReplayScreen)  # yes: the facilitator's own look


class _Terminal(io.StringIO):
    """Standard input or output as a terminal, so that ``wargame replay FILE`` opens the viewer."""

    def isatty(self) -> bool:
        return True


def test_replay_on_the_command_line_saves_branches_in_its_saves_dir(saves_here: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """``wargame replay FILE --saves-dir DIR``: a game played on from the viewer is saved in DIR, not in the
    saves folder of the environment."""
    import asyncio

    from game.runner import play
    from game.saves import SaveFile
    from game.session import Seat, Session
    from game.ui.app import WargameApp
    from game.ui.screens.game import GameScreen

    loaded = scenario()
    seats = {role: "greedy" for role in loaded.game.roles}
    finished = play(loaded.game, SEED, seats)
    session = Session.resume(loaded.game, SEED, {r: Seat(r, k) for r, k in seats.items()}, finished.actions)
    save = SaveFile.new(loaded, tmp_path / "handed-out", name="debrief").save(session)
    folder = tmp_path / "seminar"
    branched: list[Path] = []

    def headless(app: WargameApp, *args: object, **kwargs: object) -> None:
        async def drive() -> None:
            async with app.run_test(size=(80, 24)) as pilot:
                driver = Driver(app, pilot)
                await driver.settle()
                await driver.press("[", "b", "enter")  # play on from the last turn; people take every seat
                await driver.settle()
                assert isinstance(app.screen, GameScreen)
                branched.append(app.screen.saver.path)

        asyncio.run(drive())

    monkeypatch.setattr(WargameApp, "run", headless)
    monkeypatch.setattr(sys, "stdin", _Terminal())
    monkeypatch.setattr(sys, "stdout", _Terminal())
    assert main(["replay", str(save), "--saves-dir", str(folder)]) == 0
    assert [path.parent for path in branched] == [folder] and saves_here not in branched[0].parents
    assert main(["replay", str(save), "--saves-dir", str(save)]) == 2  # a file: no viewer whose branches would fail
    assert len(branched) == 1


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_every_seat_choice_is_shown_whole_in_the_new_game_screen(size: tuple[int, int]) -> None:
    from game.ui.screens.new_game import SEAT_KINDS, NewGameScreen, SeatTable, seat_label
    from game.ui.widgets.tickbox import TickBox

    app = fresh_app()
    async with app.run_test(size=size) as pilot:
        driver = Driver(app, pilot)
        await menu_ready(app, pilot)
        await driver.press("n")
        await driver.settle()
        assert isinstance(app.screen, NewGameScreen)
        await driver.press("enter", "down")  # the first scenario; the cursor on its second seat
        table = app.screen.query_one(SeatTable)
        role = table.current_role()
        assert role is not None
        for _ in SEAT_KINDS:
            await driver.press("space")
            name = table.get_row(role)[0]
            row = next(line for line in screen_text(app).splitlines() if line.startswith(f"  {name}  "))
            assert seat_label(table.seats[role]) in row, row
        await driver.press("tab")  # on to the facilitator's tick, scrolled into view: it is read whole too
        tick = app.screen.query_one("#facilitator", TickBox)
        assert tick.has_focus and str(tick.label) in screen_text(app)
