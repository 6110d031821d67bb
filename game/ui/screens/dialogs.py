"""Small screens over the game: the hot-seat curtain, a yes/no question, a track explained, and where
to write the after-action report."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Checkbox, Input, Static

from game.report.source import ReportSource
from game.session import Session
from game.text import SourceCatalog
from game.ui.reports import FORMAT_NAMES, export_reports, resolve
from game.ui.widgets.board import TrackExplainer
from game.ui.widgets.keybar import KeyBar
from game.ui.widgets.tickbox import TickBox

EXPLAIN_RECENT = 30


class HandoverScreen(Screen[None]):
    """The hot-seat curtain: an opaque screen that hides the last seat's table until the next player is ready.

    It is a full screen, not a dialog, so nothing of the game screen beneath shows through.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "ready", "I am at the keyboard", id="handover.ready", priority=True),
    ]

    def __init__(self, role_name: str) -> None:
        super().__init__()
        self.role_name = role_name

    def compose(self) -> ComposeResult:
        with Vertical(id="curtain"):
            yield Static(f"Pass to {self.role_name}", id="curtain-title")
            yield Static(
                f"The screen is hidden so that nobody sees another seat's brief or positions.\n"
                f"{self.role_name}: press Enter when you are at the keyboard.",
                id="curtain-text",
            )
            with Center():
                yield Button(f"I am {self.role_name} - show my seat", id="curtain-ready", variant="primary",
                             action="screen.ready")
        yield KeyBar()

    def action_ready(self) -> None:
        """The next player is at the keyboard."""
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A question with a yes (the ``yes`` label) and a Cancel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(False)", "Cancel", id="confirm.cancel"),
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
    ]

    def __init__(self, title: str, text: str, yes: str) -> None:
        super().__init__()
        self.title_text, self.text, self.yes = title, text, yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Static(self.text)
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="no", action="screen.answer(False)")
                yield Button(f"{self.yes} (y)", id="yes", variant="primary", action="screen.answer(True)")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)


class ExplainScreen(ModalScreen[None]):
    """Where a track's number came from: its history and every change with cause and source."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter,q", "close", "Close", id="explain.close")]

    def __init__(self, session: Session, role: str | None, key: str, sources: SourceCatalog) -> None:
        super().__init__()
        self.session, self.role, self.key, self.sources = session, role, key, sources

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="explain-dialog"):
            yield TrackExplainer()
            yield Static(Text("Escape to close", style="dim"))
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(TrackExplainer).show(self.session, self.role, self.key, self.sources, recent=EXPLAIN_RECENT)
        self.query_one("#explain-dialog").focus()

    def action_close(self) -> None:
        """Back to the game."""
        self.dismiss(None)


class ReportScreen(ModalScreen[dict[str, Path] | None]):
    """Where to write the after-action report: Markdown, HTML or both, each to a path that can be edited.

    Closes with the chosen paths by format (``markdown``, ``html``), or None when cancelled.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="report.cancel")]

    def __init__(self, paths: Mapping[str, Path], note: str) -> None:
        super().__init__()
        self.paths = dict(paths)
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="report-dialog"):
            yield Static("Write the after-action report", classes="dialog-title")
            yield Static(self.note, id="report-note")
            for kind, path in self.paths.items():
                with Horizontal(classes="report-row"):
                    yield TickBox(FORMAT_NAMES[kind], True, id=f"report-{kind}", compact=True)
                    yield Input(str(path), id=f"report-{kind}-path", compact=True)
            yield Static("Missing folders are created; a file already there is replaced only after you confirm.",
                         classes="muted")
            yield Static(id="report-problem", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", compact=True, action="screen.cancel")
                yield Button("Write (Enter)", id="report-write", variant="primary", compact=True,
                             action="screen.write")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#report-problem").display = False
        self.query_one("#report-write", Button).focus()

    @on(Checkbox.Changed)
    def _toggled(self, event: Checkbox.Changed) -> None:
        kind = (event.checkbox.id or "").removeprefix("report-")
        self.query_one(f"#report-{kind}-path", Input).disabled = not event.value

    def chosen(self) -> dict[str, Path] | str:
        """The paths of the formats ticked, or what is wrong with them."""
        targets: dict[str, Path] = {}
        for kind in self.paths:
            if not self.query_one(f"#report-{kind}", Checkbox).value:
                continue
            text = self.query_one(f"#report-{kind}-path", Input).value
            if not text.strip():
                return f"Give the {FORMAT_NAMES[kind]} report a file name."
            targets[kind] = resolve(text)
        if not targets:
            return "Tick Markdown, HTML or both."
        if len(set(targets.values())) < len(targets):
            return "The two reports need two different files."
        return targets

    @on(Input.Submitted)
    def action_write(self) -> None:
        """Close with the paths chosen (or say what is wrong with them)."""
        targets = self.chosen()
        if isinstance(targets, str):
            problem = self.query_one("#report-problem", Static)
            problem.update(targets)
            problem.display = True
            return
        self.dismiss(targets)

    def action_cancel(self) -> None:
        """Close without writing."""
        self.dismiss(None)


class ReportingScreen(Screen[None]):
    """A screen that offers the after-action report (the end of the game, the replay viewer): the dialog,
    the question before replacing a file, and the writing, in a worker thread so the screen never freezes.

    Subclasses bind a key to ``report`` and say what to report in :meth:`report_request`. The export is
    offered only while the screen has that binding: a subclass that drops it (a live seat's end screen,
    whose player must not read the other roles' secrets) drops the button, the command and the action.
    """

    REPORT_HELP: ClassVar[str] = "The after-action report as Markdown or HTML"
    """What the command palette says of the report."""

    def palette_commands(self) -> Iterable[SystemCommand]:
        """The after-action report, when this screen offers it."""
        if self.offers_report():
            yield SystemCommand("Write the report", self.REPORT_HELP, self.action_report)

    def offers_report(self) -> bool:
        """Whether this screen has a key for the report (and so its button and command)."""
        return any(binding.action == "report" for _, binding in self._bindings)

    def report_request(self) -> tuple[ReportSource, dict[str, Path], str] | None:
        """What to report, the default path of each format, and a line about what the report covers
        (None: nothing to report; the subclass has said why)."""
        raise NotImplementedError

    def action_report(self) -> None:
        """Ask where to write the report, then write it."""
        if not self.offers_report():
            return
        request = self.report_request()
        if request is None:
            return
        source, paths, note = request

        def chosen(targets: dict[str, Path] | None) -> None:
            if targets:
                self._confirm_and_write(source, targets)

        self.app.push_screen(ReportScreen(paths, note), callback=chosen)

    def _confirm_and_write(self, source: ReportSource, targets: dict[str, Path]) -> None:
        there = [path for path in targets.values() if path.is_file()]
        if not there:
            self.write_report(source, targets)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.write_report(source, targets)

        names = " and ".join(str(path) for path in there)
        self.app.push_screen(
            ConfirmScreen("Replace the report?", f"{names} already {'exists' if len(there) == 1 else 'exist'}.",
                          "Replace"),
            callback=confirmed,
        )

    @work(thread=True, group="report", exit_on_error=False)
    def write_report(self, source: ReportSource, targets: dict[str, Path]) -> None:
        """Build and write the report off the main thread; a notification says where it went, or why not."""
        app = self.app
        for result in export_reports(source, targets):
            if result.error is None:
                app.call_from_thread(app.notify, f"Report written to {result.path}", title="Report")
            else:
                message = result.error[:1].upper() + result.error[1:] + "."
                app.call_from_thread(app.notify, message, title="Report not written", severity="error", timeout=15)
