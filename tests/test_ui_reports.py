"""The after-action report written from the terminal game: from the end screen and from the replay
viewer, as Markdown and as HTML, beside the game's save; the same report ``wargame report`` writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game.engine import outcome
from game.report import build_report, report_html, report_markdown
from game.runner import play
from game.scenario.loader import LoadedScenario
from game.session import Seat, Session
from test_ui import SEED, Driver, app_for, scenario, screen_text, workers_done

BOTS = {"nato": "greedy", "russia": "random", "romania": "greedy"}


@pytest.fixture(autouse=True)
def saves_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Games started here are autosaved into a folder of the test's own."""
    folder = tmp_path / "saves"
    monkeypatch.setenv("WARGAME_SAVES_DIR", str(folder))
    return folder


def finished(loaded: LoadedScenario, upto: int | None = None) -> Session:
    """A bots' game of the tutorial: to the end, or its first ``upto`` actions."""
    played = play(loaded.game, SEED, BOTS)
    actions = played.actions if upto is None else played.actions[:upto]
    return Session.resume(loaded.game, SEED, {r: Seat(r, k) for r, k in BOTS.items()}, actions)


def saved(loaded: LoadedScenario, session: Session, folder: Path, name: str = "seminar") -> Path:
    from game.saves import SaveFile

    file = SaveFile.new(loaded, folder, name=name)
    file.save(session)
    return file.path


def expected(loaded: LoadedScenario, session: Session) -> tuple[str, str]:
    """The Markdown and HTML that ``wargame report`` writes for ``session``."""
    report = build_report(session.game, session.seed, session.actions,
                          seats={role: seat.spec() for role, seat in session.seats.items()},
                          sources={entry.id: entry for entry in loaded.sources})
    return report_markdown(report), report_html(report)


def fresh_app():  # type: ignore[no-untyped-def]
    from game.ui.app import WargameApp

    app = WargameApp()
    app.animation_level = "none"
    return app


def record_notes(app) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Every notification from now on, as (severity, message)."""
    notes: list[tuple[str, str]] = []
    notify = app.notify

    def recording(message, *args, **kwargs):  # type: ignore[no-untyped-def]
        notes.append((kwargs.get("severity", "information"), str(message)))
        return notify(message, *args, **kwargs)

    app.notify = recording
    return notes


async def wait_for(pilot, done, what: str) -> None:  # type: ignore[no-untyped-def]
    """Until ``done()``: at least 12 s, as a loaded machine may take seconds to read and replay a save."""
    for _ in range(600):
        await workers_done(pilot.app)
        await pilot.pause()
        if done():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never: {what}")


async def open_end(app, pilot, path: Path):  # type: ignore[no-untyped-def]
    """The end screen of the finished game saved at ``path``, as the game screen shows it."""
    from game.saves import load_save
    from game.ui.screens.end import EndScreen

    game = load_save(path)
    app.push_screen(EndScreen(game.loaded, game.session, save=path))
    await wait_for(pilot, lambda: isinstance(app.screen, EndScreen), "the end screen")
    return app.screen


async def open_replay(app, pilot, path: Path):  # type: ignore[no-untyped-def]
    from game.saves import open_replay as read
    from game.ui.screens.replay import ReplayScreen

    app.push_screen(ReplayScreen(read(path), path.stem))
    await wait_for(pilot, lambda: isinstance(app.screen, ReplayScreen), "the replay viewer")
    return app.screen


async def open_dialog(app, pilot):  # type: ignore[no-untyped-def]
    """Press r on a screen that offers the report: the dialog it opens."""
    from game.ui.screens.dialogs import ReportScreen

    await pilot.press("r")
    await pilot.pause()
    assert isinstance(app.screen, ReportScreen)
    return app.screen


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


# -- the end screen ----------------------------------------------------------------------------------


async def test_a_game_played_to_the_end_writes_both_reports_beside_its_save(saves_here: Path) -> None:
    from game.ui.screens.dialogs import ReportScreen
    from game.ui.screens.end import EndScreen

    loaded = scenario()
    app = app_for(loaded, ",".join(f"{role}=bot:{kind}" for role, kind in BOTS.items()))
    async with app.run_test(size=(100, 30)) as pilot:
        notes = record_notes(app)
        save = Driver(app, pilot).game_screen.saver.path
        await pilot.press("plus", "plus", "plus")  # the bots as fast as they go
        await wait_for(pilot, lambda: isinstance(app.screen, EndScreen), "the end of the game")
        end = app.screen
        session = end.session
        assert end.save == save and "r Report" in screen_text(app) and end.query_one("#end-report").display
        dialog = await open_dialog(app, pilot)
        assert isinstance(dialog, ReportScreen) and "Write the after-action report" in screen_text(app)
        md_path, html_path = (save.with_name(f"{save.stem}-report{suffix}") for suffix in (".md", ".html"))
        assert dialog.paths == {"markdown": md_path, "html": html_path}
        await pilot.press("enter")  # the Write button has the focus
        await wait_for(pilot, lambda: len(notes) == 2, "two notifications")
        assert app.screen is end
    md, html = expected(loaded, session)
    written_md, written_html = md_path.read_text(encoding="utf-8"), html_path.read_text(encoding="utf-8")
    assert written_md == md and written_html == html
    band, title = outcome(session.game, session.state).title, loaded.game.scenario.title
    assert f"**{band}**" in written_md and title in written_md and "| Role | Score | How |" in written_md
    assert band in written_html and title in written_html and "<svg" in written_html
    assert notes == [("information", f"Report written to {md_path}"), ("information", f"Report written to {html_path}")]
    assert {name for name in files_in(saves_here) if "-report" in name} == {md_path.name, html_path.name}


async def test_one_format_to_a_path_of_ones_own_in_a_new_folder(saves_here: Path, tmp_path: Path) -> None:
    loaded = scenario()
    session = finished(loaded)
    path = saved(loaded, session, saves_here)
    target = tmp_path / "seminar" / "group 2" / "debrief.html"
    app = fresh_app()
    async with app.run_test(size=(100, 30)) as pilot:
        notes = record_notes(app)
        await open_end(app, pilot, path)
        dialog = await open_dialog(app, pilot)
        dialog.query_one("#report-markdown").value = False
        await pilot.pause()
        assert dialog.query_one("#report-markdown-path").disabled
        dialog.query_one("#report-html-path").value = str(target)
        dialog.query_one("#report-html-path").focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: notes, "a notification")
    assert notes == [("information", f"Report written to {target}")]
    assert target.read_text(encoding="utf-8") == expected(loaded, session)[1]
    assert not (saves_here / "seminar-report.md").exists()


async def test_the_dialog_is_cancelled_with_escape_and_a_report_is_replaced_only_when_confirmed(
    saves_here: Path,
) -> None:
    from game.ui.screens.dialogs import ConfirmScreen
    from game.ui.screens.end import EndScreen

    loaded = scenario()
    session = finished(loaded)
    path = saved(loaded, session, saves_here)
    old = saves_here / "seminar-report.md"
    old.write_text("notes of the last seminar\n", encoding="utf-8")
    app = fresh_app()
    async with app.run_test(size=(100, 30)) as pilot:
        notes = record_notes(app)
        await open_end(app, pilot, path)
        await pilot.press("r", "escape")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen) and files_in(saves_here) >= {"seminar.json", "seminar-report.md"}
        assert not (saves_here / "seminar-report.html").exists()

        await pilot.press("r", "enter")
        await pilot.pause(0.05)
        assert isinstance(app.screen, ConfirmScreen) and "Replace the report?" in screen_text(app)
        assert str(old) in app.screen.text and "already exists" in app.screen.text
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, EndScreen), "back at the end")
        assert old.read_text(encoding="utf-8") == "notes of the last seminar\n" and not notes

        await pilot.press("r", "enter", "y")
        await wait_for(pilot, lambda: len(notes) == 2, "two notifications")
    assert old.read_text(encoding="utf-8") == expected(loaded, session)[0]


async def test_the_end_screen_ranks_the_scores_and_says_who_played_each_role() -> None:
    from textual.widgets import DataTable

    from game.engine import scores
    from game.ui.screens.end import EndScreen

    loaded = scenario()
    session = finished(loaded)
    app = fresh_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(EndScreen(loaded, session))
        await pilot.pause()
        table = app.screen.query_one("#scores", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        ranked = sorted(scores(session.game, session.state), key=lambda s: -s.total)
        assert rows == [[session.game.role_name(s.role), f"bot ({session.seats[s.role].bot})", f"{s.total:g}"]
                        for s in ranked]
        assert app.focused is app.screen.query_one("#end")  # the arrow keys scroll the whole screen


@pytest.mark.parametrize("seat", [False, True], ids=["table", "live-seat"])
async def test_an_end_screen_closed_as_it_opens_closes_cleanly(seat: bool) -> None:
    """The app may close the moment the end comes up (the last move lands as the player quits): the screen
    must not look for widgets that were never mounted."""
    from game.live.tui.seat import SeatEndScreen
    from game.ui.screens.end import EndScreen

    loaded = scenario()
    app = fresh_app()
    async with app.run_test(size=(100, 30)):
        app.push_screen((SeatEndScreen if seat else EndScreen)(loaded, finished(loaded)))  # closed before it is up


async def test_the_end_screen_offers_the_report_in_the_command_palette() -> None:
    from game.ui.screens.end import EndScreen

    loaded = scenario()
    app = fresh_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = EndScreen(loaded, finished(loaded))
        app.push_screen(screen)
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(screen)]
        assert "Write the report" in titles


async def test_without_a_save_the_report_goes_to_the_saves_folder(saves_here: Path) -> None:
    from game.ui.screens.end import EndScreen

    loaded = scenario()
    app = fresh_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(EndScreen(loaded, finished(loaded)))  # no game screen, so no save to go beside
        await pilot.pause()
        dialog = await open_dialog(app, pilot)
        stem = f"tutorial-seed-{SEED}-report"
        assert dialog.paths == {"markdown": saves_here / f"{stem}.md", "html": saves_here / f"{stem}.html"}


# -- failures -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["in-a-file", "a-folder", "read-only"])
async def test_a_report_that_cannot_be_written_is_reported_and_nothing_is_written(
    saves_here: Path, tmp_path: Path, where: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    if where == "read-only" and (not hasattr(os, "geteuid") or os.geteuid() == 0):
        # A read-only folder does not stop the superuser: the refusal is the operating system's.
        import game.report.source

        def refused(path: Path, data: bytes, **_: object) -> None:
            raise PermissionError(13, "Permission denied", str(path))

        monkeypatch.setattr(game.report.source, "write_atomic", refused)
    loaded = scenario()
    session = finished(loaded)
    path = saved(loaded, session, saves_here)
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "a file").write_text("x", encoding="utf-8")
    target = {"in-a-file": folder / "a file" / "report.md", "a-folder": folder, "read-only": folder / "report.md"}[where]
    if where == "read-only":
        folder.chmod(0o555)
    app = fresh_app()
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            notes = record_notes(app)
            await open_end(app, pilot, path)
            dialog = await open_dialog(app, pilot)
            dialog.query_one("#report-html").value = False
            dialog.query_one("#report-markdown-path").value = str(target)
            await pilot.pause()
            await pilot.press("enter")
            await wait_for(pilot, lambda: notes, "a notification")
            assert len(notes) == 1
            severity, message = notes[0]
            assert severity == "error" and message.startswith(f"Cannot write {target}: ")
            assert "Traceback" not in message
            reason = {"in-a-file": "is a file, not a folder", "a-folder": "it is a folder",
                      "read-only": "Permission denied"}[where]
            assert reason in message
    finally:
        folder.chmod(0o755)
    assert files_in(folder) == {"a file"} and (folder / "a file").read_text(encoding="utf-8") == "x"
    assert files_in(saves_here) == {"seminar.json"} | {n for n in files_in(saves_here) if n.endswith(".lock")}


async def test_the_dialog_asks_for_a_format_and_a_file_name() -> None:
    from game.ui.screens.dialogs import ReportScreen
    from game.ui.screens.end import EndScreen

    loaded = scenario()
    app = fresh_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(EndScreen(loaded, finished(loaded)))
        await pilot.pause()
        dialog = await open_dialog(app, pilot)
        dialog.query_one("#report-markdown-path").value = "  "
        await pilot.press("enter")
        await pilot.pause(0.05)
        assert isinstance(app.screen, ReportScreen) and "Give the Markdown report a file name" in screen_text(app)
        assert "▐✓▌ Markdown" in screen_text(app) and "▐✓▌ HTML" in screen_text(app)
        dialog.query_one("#report-markdown").value = False
        dialog.query_one("#report-html").value = False
        await pilot.pause(0.25)  # a button takes no second press while it shows the first
        # ticked or not reads without colour: a tick, or a blank
        assert "▐ ▌ Markdown" in screen_text(app) and "▐ ▌ HTML" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause(0.05)
        assert isinstance(app.screen, ReportScreen) and "Tick Markdown, HTML or both" in screen_text(app)


# -- the replay viewer --------------------------------------------------------------------------------


@pytest.mark.parametrize("upto", [None, 9], ids=["finished", "unfinished"])
async def test_the_replay_viewer_reports_the_whole_game_whatever_step_it_shows(
    saves_here: Path, upto: int | None,
) -> None:
    from game.ui.screens.dialogs import ReportScreen

    loaded = scenario()
    session = finished(loaded, upto)
    path = saved(loaded, session, saves_here, name="group 1")
    md, html = expected(loaded, session)
    app = fresh_app()
    async with app.run_test(size=(100, 30)) as pilot:
        notes = record_notes(app)
        viewer = await open_replay(app, pilot, path)
        await pilot.press("left", "left", "[")
        assert 0 < viewer.position < len(session.actions)
        dialog = await open_dialog(app, pilot)
        assert isinstance(dialog, ReportScreen)
        assert dialog.paths["markdown"] == saves_here / "group 1-report.md"
        assert f"all {len(session.actions)} steps" in dialog.note and f"step {viewer.position}" in dialog.note
        assert ("not finished" in dialog.note) == (upto is not None)
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(notes) == 2, "two notifications")
        assert app.screen is viewer and viewer.position < len(session.actions)
    assert (saves_here / "group 1-report.md").read_text(encoding="utf-8") == md
    assert (saves_here / "group 1-report.html").read_text(encoding="utf-8") == html
    played = len(session.state.history) + (0 if session.state.over else 1)
    assert f"{played} of {len(loaded.game.scenario.turns)} turns played" in md


async def test_the_replay_viewer_offers_the_report_in_the_command_palette(saves_here: Path) -> None:
    loaded = scenario()
    path = saved(loaded, finished(loaded), saves_here)
    app = fresh_app()
    async with app.run_test(size=(100, 30)) as pilot:
        viewer = await open_replay(app, pilot, path)
        assert "Write the report" in [command.title for command in app.get_system_commands(viewer)]
        assert "r Report" in screen_text(app)


# -- a seat of a live game ----------------------------------------------------------------------------


async def test_a_seat_of_a_live_game_is_offered_no_report(saves_here: Path) -> None:
    """The report shows every role's secrets and the facilitator's notes: not for one seat's eyes."""
    from game.live.tui.seat import SeatEndScreen

    loaded = scenario()
    app = fresh_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = SeatEndScreen(loaded, finished(loaded))
        app.push_screen(screen)
        await pilot.pause()
        assert not screen.offers_report()
        assert not screen.query("#end-report")
        assert "Report" not in screen_text(app)
        assert "Write the report" not in [command.title for command in app.get_system_commands(screen)]
        await pilot.press("r")
        await pilot.pause()
        screen.action_report()
        await pilot.pause()
        assert app.screen is screen
    assert not saves_here.exists() or not any(p.name.endswith((".md", ".html")) for p in saves_here.iterdir())


# -- the paths ----------------------------------------------------------------------------------------


def test_default_paths_beside_the_save_else_in_the_saves_folder(saves_here: Path, tmp_path: Path) -> None:
    from game.ui.reports import default_paths

    save = tmp_path / "class" / "week 3.json"
    assert default_paths(save, None, "x") == {"markdown": tmp_path / "class" / "week 3-report.md",
                                              "html": tmp_path / "class" / "week 3-report.html"}
    assert default_paths(None, None, "tutorial-seed-4")["html"] == saves_here / "tutorial-seed-4-report.html"
    assert default_paths(None, tmp_path / "mine", "g")["markdown"] == tmp_path / "mine" / "g-report.md"


def test_a_game_not_yet_started_has_no_report(tmp_path: Path) -> None:
    from game.ui.reports import ReportSource, export_reports

    loaded = scenario()
    source = ReportSource.of_session(loaded, finished(loaded, 0))
    (result,) = export_reports(source, {"markdown": tmp_path / "r.md"})
    assert result.error is not None and "nothing to report" in result.error and not (tmp_path / "r.md").exists()


async def test_a_game_screen_that_gave_way_to_the_end_screen_ignores_redraws_queued_before(
    saves_here: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from textual.widgets import RichLog

    from game.ui.screens.end import EndScreen
    from game.ui.screens.game import GameScreen

    loaded = scenario()
    path = saved(loaded, finished(loaded), saves_here)
    show_end = GameScreen._show_end
    ending: list[GameScreen] = []
    monkeypatch.setattr(GameScreen, "_show_end", lambda self: ending.append(self))  # hold the game screen
    app = fresh_app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_save(path)
        await wait_for(pilot, lambda: bool(ending), "the end of the game")
        screen = ending[0]
        await screen.query_one(RichLog).remove()  # a screen's widgets leave one by one once it gives way
        show_end(screen)
        assert screen.is_attached  # still: it goes only once all its widgets have
        screen.on_resize()
        screen._rewrite_log()  # as queued by a resize just before the end: finds no log, and must not look
        await wait_for(pilot, lambda: isinstance(app.screen, EndScreen), "the end screen")
        assert "Game over" in screen_text(app)


async def test_a_finished_save_opens_on_its_end_screen_and_reports_beside_itself(saves_here: Path) -> None:
    from game.ui.screens.end import EndScreen

    loaded = scenario()
    path = saved(loaded, finished(loaded), saves_here)
    app = fresh_app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_save(path)
        await wait_for(pilot, lambda: isinstance(app.screen, EndScreen), "the end screen")
        await pilot.pause(0.3)  # the layout settles after the game screen gave way: nothing may break
        assert isinstance(app.screen, EndScreen) and app.screen.save == path
        assert "Game over" in screen_text(app)


async def test_a_save_reopens_on_the_tab_its_player_was_reading(saves_here: Path) -> None:
    from textual.widgets import Tabs

    from game.engine import Commit, EndNegotiation, Phase
    from game.saves import SaveFile, View
    from game.session import parse_seats
    from game.ui.screens.game import GameScreen

    loaded = scenario()
    game = loaded.game
    session = Session.start(game, SEED, parse_seats("nato=human", game.roles, default="bot:greedy"))
    session.run_automatic()
    while not (session.state.phase is Phase.DECISION and session.human_to_act() == "nato"):
        session.submit(EndNegotiation("nato") if session.state.phase is Phase.NEGOTIATION else Commit.of("nato", {}))
        session.run_automatic()
    file = SaveFile.new(loaded, saves_here, name="reading")
    file.save(session, view=View(role="nato", screen="game.talks"))  # deciding, but reading the talks
    app = fresh_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_save(file.path)
        await wait_for(pilot, lambda: isinstance(app.screen, GameScreen), "the game")
        await pilot.pause(0.2)
        assert app.screen.query_one(Tabs).active == "tab-talks"


# -- opened from the command line on a save or a replay -----------------------------------------------


@pytest.mark.parametrize("opened_on", ["save", "replay"])
async def test_an_app_opened_on_a_save_or_a_replay_starts_up_once(
    saves_here: Path, opened_on: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``wargame play --load`` and ``wargame replay FILE`` open their game over the main menu; the app's
    own start-up (Textual runs each class's ``on_mount``) must run once, not once more per subclass."""
    from textual import events

    from game.cli.saves import load_for_play
    from game.saves.replay import open_replay as read_replay
    from game.ui import replay_app, saved_app
    from game.ui.app import WargameApp
    from game.ui.screens.end import EndScreen
    from game.ui.screens.game import GameScreen
    from game.ui.screens.replay import ReplayScreen

    started: list[WargameApp] = []
    start_up = WargameApp.on_mount

    def counted(app: WargameApp, event: events.Mount) -> None:
        started.append(app)
        start_up(app, event)

    monkeypatch.setattr(WargameApp, "on_mount", counted)
    loaded = scenario()
    path = saved(loaded, finished(loaded, 9), saves_here)
    if opened_on == "save":  # a bots' game: it plays on to its end screen
        app, shown = saved_app(load_for_play(str(path)), saves_here), (GameScreen, EndScreen)
    else:
        app, shown = replay_app(read_replay(path), saves_here), (ReplayScreen,)
    app.animation_level = "none"
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, shown), f"the {opened_on}")
        await workers_done(app)
        assert started == [app]
