"""The game screen: one seat's view of the table, the moves open to it, and the bots playing theirs.

The screen shows ``session.view(role)`` for the seat in front of it (``role``) and nothing else.
In a hot-seat game, when the next human seat is another one, a curtain hides the screen until the
next player presses Enter; the screen is redrawn for the new seat beneath the curtain. Bots and the
card draw run in a worker: each bot thinks in a thread and its move is applied on the main loop, so
the screen never freezes. A bots-only game can be watched at an adjustable speed.

A game with a facilitator opens the facilitator's desk over the table with F2; a countdown the
facilitator sets is shown on the status bar, and when it runs out this screen closes the negotiation.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterable
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult, CSSPathType, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Tab, Tabs

from game.engine import (
    CHANCE,
    Action,
    CloseNegotiation,
    Commit,
    EndNegotiation,
    IllegalAction,
    Phase,
    Respond,
)
from game.engine.state import Proposal
from game.scenario.loader import LoadedScenario
from game.session import Session
from game.text import SourceCatalog
from game.ui.facilitation import NegotiationClock
from game.ui.negotiation import Draft, Moves, moves
from game.ui.saving import GameSaver, SaveConflict, SaveError, View, snapshot
from game.ui.screens import in_stack
from game.ui.widgets.board import Board, TrackChosen, TrackExplainer, TrackHighlighted, TrackTable, TrustMatrix
from game.ui.widgets.decide import BREAKING_COSTS, DecidePanel
from game.ui.widgets.eventlog import EventLog
from game.ui.widgets.keybar import KeyBar
from game.ui.widgets.panels import BriefPanel, EventPanel, ResultPanel
from game.ui.widgets.status import StatusBar
from game.ui.widgets.styled import event_block
from game.ui.widgets.talks import TalksPanel

TABS: tuple[tuple[str, str], ...] = (
    ("board", "Board"), ("event", "Event"), ("talks", "Talks"), ("decide", "Decide"),
    ("result", "Result"), ("brief", "Brief"), ("log", "Log"),
)
WIDE = 150
"""From this many columns the board stays on screen beside the panels."""
TALL = 45
"""From this many lines (on a wide screen) the log stays on screen under the panels."""
SPEEDS: tuple[float, ...] = (0.0, 0.05, 0.15, 0.4, 1.0, 2.0)
"""Seconds between bot moves in a bots-only game, from fastest to slowest."""
DEFAULT_SPEED = 2
FULL_SPEED_FRAME = 0.1
"""At full speed a bots-only game is redrawn at most this often (seconds)."""
QUIET_EVENTS = frozenset({"negotiation_done", "committed", "turn_resolved"})
MOVES = frozenset({"propose", "accept", "reject", "counter", "finish", "commit"})
READ_ONLY: tuple[str, ...] = ("board", "event", "result", "brief", "log")
"""Panels that only show the game; the others (Talks, Decide) are where moves are made."""
WATCH = frozenset({"pause", "faster", "slower", "follow"})
TICK = 0.5
"""Seconds between looks at a running countdown."""


class GameScreen(Screen[None]):
    """A game in progress, seen from one seat."""

    CSS_PATH: ClassVar[CSSPathType | None] = "game.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (TALL, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(i), f"tab('{tab}')", label, show=False, id=f"game.tab.{tab}")
          for i, (tab, label) in enumerate(TABS, start=1)),
        Binding("n", "propose", "Propose", id="game.propose"),
        Binding("a", "accept", "Accept", id="game.accept"),
        Binding("x", "reject", "Reject", id="game.reject"),
        Binding("o", "counter", "Counter", id="game.counter"),
        Binding("f", "finish", "Finish talks", id="game.finish"),
        Binding("c", "commit", "Commit", id="game.commit"),
        Binding("space", "pause", "Pause/go", id="game.pause"),
        Binding("plus,equals_sign", "faster", "Faster", id="game.faster"),
        Binding("minus", "slower", "Slower", id="game.slower"),
        Binding("v", "follow", "Next seat", id="game.follow"),
        Binding("f2", "facilitator", "Facilitator", id="game.facilitator"),
        Binding("ctrl+s", "save_as", "Save as", id="game.save_as"),
        Binding("escape", "leave", "Menu", id="game.leave"),
    ]

    def __init__(
        self, loaded: LoadedScenario, session: Session, *, saver: GameSaver | None = None,
        shown: str | None = None, tab: str | None = None,
    ) -> None:
        """``saver`` autosaves the game at each new phase (none: the game is not saved). A resumed game
        opens on ``tab`` of the seat ``shown`` when that is the seat in front of the screen (or the seat a
        bots-only game was following), without jumping to the news it has already seen."""
        super().__init__()
        self.loaded = loaded
        self.session = session
        self.saver = saver
        self.sources: SourceCatalog = {entry.id: entry for entry in loaded.sources}
        humans = session.humans
        self.role: str = humans[0] if humans else shown if shown in session.game.roles else session.game.roles[0]
        self.watching = not humans
        self._speed = DEFAULT_SPEED
        self._bots_go = asyncio.Event()
        self._bots_go.set()
        self._seen: dict[str, int] = {}
        self._logged: tuple[str, int] = ("", 0)
        self._explained: str = next(iter(session.game.tracks))
        self._moves: Moves = Moves(self.role, False, session.state.phase)
        self._stale: set[str] = set(READ_ONLY)
        # The seat last handed the screen; in a hot-seat game the first human also gets the curtain.
        self._handed: str | None = self.role if len(humans) <= 1 else None
        self._save_lock = threading.Lock()
        self._save_problem = ""
        self._first_tab = tab if tab in dict(TABS) else "event"
        self._keep_first_tab = shown == self.role and tab is not None
        """Whether the first landing keeps the resumed tab (the seat has seen everything up to the save)."""
        if self._keep_first_tab:
            self._seen[self.role] = len(session.events)
        self._desk_open = False
        self.closes_countdown = True
        """Whether this screen closes the negotiation when a countdown runs out (a live seat leaves it to the
        facilitator's screen)."""
        self._clock = NegotiationClock()

    # -- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield Tabs(*(Tab(f"{label} {i}", id=f"tab-{tab}") for i, (tab, label) in enumerate(TABS, start=1)),
                   id="tabs")
        with Horizontal(id="body"):
            yield Board(id="board")
            with Vertical(id="main"):
                with ContentSwitcher(id="panes", initial="event"):
                    yield EventPanel(id="event")
                    yield TalksPanel(id="talks")
                    yield DecidePanel(id="decide")
                    yield ResultPanel(id="result")
                    yield BriefPanel(id="brief")
                yield EventLog(id="log")
        yield KeyBar()

    async def on_mount(self) -> None:
        self.action_tab(self._first_tab)
        self.set_interval(TICK, self._tick, name="countdown")
        await self.advance()

    def on_resize(self) -> None:
        if not in_stack(self):
            return
        # The log keeps its lines wrapped at the width they were written at: rewrite it once laid out anew.
        self.call_after_refresh(self._rewrite_log)
        tabs = self.query_one(Tabs)
        wide, tall = self.has_class("-wide"), self.has_class("-tall")
        for tab, beside in (("board", wide), ("log", wide and tall)):
            if beside:
                if tabs.active == f"tab-{tab}":
                    tabs.active = "tab-event"
                tabs.hide(f"tab-{tab}")
            else:
                tabs.show(f"tab-{tab}")
        self._arrange()

    def _arrange(self) -> None:
        """Lay out the board, the tab's panel and the log for the terminal's size.

        Narrow: one of them at a time, as the tabs choose. Wide: the board always on the left.
        Wide and tall: the log also always shown, under the panels. Only ``display`` changes on
        the three containers: a class on the screen would restyle every widget.
        """
        if not in_stack(self):
            return
        tab = self.query_one(Tabs).active.removeprefix("tab-")
        wide, tall = self.has_class("-wide"), self.has_class("-tall")
        self.query_one(Board).display = wide or tab == "board"
        panes = self.query_one("#panes", ContentSwitcher)
        log = self.query_one(EventLog)
        panes.display = tab not in ("board", "log")
        log.display = (wide and tall) or tab == "log"
        self.query_one("#main").display = panes.display or log.display
        self._draw([name for name in self._in_view() if name in self._stale])

    @on(Tabs.TabActivated)
    def _tab_activated(self, event: Tabs.TabActivated) -> None:
        self._switch((event.tab.id or "tab-event").removeprefix("tab-"))

    def _switch(self, tab: str) -> None:
        if tab not in ("board", "log"):
            self.query_one("#panes", ContentSwitcher).current = tab
        self._arrange()

    def action_tab(self, tab: str) -> None:
        """Show one of the tabs (Board only on narrow screens; on wide ones it is always shown),
        and focus its first control at once, so that keys typed right after go to it."""
        beside = {"board": self.has_class("-wide"), "log": self.has_class("-wide") and self.has_class("-tall")}
        if not beside.get(tab, False):
            self.query_one(Tabs).active = f"tab-{tab}"
            self._switch(tab)  # now, not when the tab bar's message arrives
        target = {"board": "TrackTable", "talks": "#inbox", "decide": "OptionCycler"}.get(tab)
        if target is not None:
            controls = [w for w in self.query(target) if w.display]
            if controls:
                self.set_focus(controls[0])

    # -- drawing -------------------------------------------------------------------------------

    async def refresh_view(self, everything: bool = False) -> None:
        """Redraw the screen from the session, as the seat ``role`` may see it.

        The panels where moves are made are always redrawn; read-only panels out of sight are
        redrawn when they come into view, unless ``everything`` (a new seat) is asked for.
        """
        session, role = self.session, self.role
        self._moves = moves(session, role)
        self.query_one(StatusBar).show(session, role, self._moves, self._watch_text() if self.watching else None)
        self._follow_countdown()
        self.query_one(TalksPanel).show(session, role, self._moves)
        await self.query_one(DecidePanel).show(session, role, self.sources, self._moves.commit)
        self._stale = set(READ_ONLY)
        self._draw(READ_ONLY if everything else self._in_view())
        self.refresh_bindings()

    def _in_view(self) -> list[str]:
        """The read-only panels on screen now."""
        panes = self.query_one("#panes", ContentSwitcher)
        shown = ["board"] if self.query_one(Board).display else []
        if panes.display and panes.current in READ_ONLY:
            shown.append(panes.current)
        if self.query_one(EventLog).display:
            shown.append("log")
        return shown

    def _draw(self, names: Iterable[str]) -> None:
        """Redraw the read-only panels ``names`` (board, event, result, brief, log)."""
        session, role = self.session, self.role
        for name in names:
            if name == "board":
                self.query_one(TrackTable).show(session, role)
                self.query_one(TrustMatrix).show(session, role)
                self.query_one(TrackExplainer).show(session, role, self._explained, self.sources)
            elif name == "event":
                self.query_one(EventPanel).show(session, role, self.sources)
            elif name == "result":
                self.query_one(ResultPanel).show(session, role, self.sources)
            elif name == "brief":
                self.query_one(BriefPanel).show(session, role, self.sources)
            elif name == "log":
                self._write_log()
            self._stale.discard(name)

    def _write_log(self) -> None:
        log = self.query_one(EventLog)
        role, start = self._logged
        if role != self.role:
            log.clear()
            start = 0
        game = self.session.game
        for event in self.session.events[start:]:
            if event.kind in QUIET_EVENTS or not event.visible(self.role):
                continue
            if event.kind == "card":
                log.write("")
            log.write(event_block(game, event, self.sources))
        self._logged = (self.role, len(self.session.events))

    def _rewrite_log(self) -> None:
        if not in_stack(self):  # the game ended (or was left) before the layout came round to it
            return
        self._logged = ("", 0)
        self._stale.add("log")
        self._draw([name for name in self._in_view() if name == "log"])

    def _watch_text(self) -> str:
        pace = "as fast as possible" if SPEEDS[self._speed] == 0 else f"{SPEEDS[self._speed]:g} s per move"
        state = "paused" if not self._bots_go.is_set() else pace
        return f"Speed: {state} (space pause, +/- speed, v next seat)."

    @on(TrackHighlighted)
    def _track_highlighted(self, message: TrackHighlighted) -> None:
        self._explained = message.key
        self.query_one(TrackExplainer).show(self.session, self.role, message.key, self.sources)

    @on(TrackChosen)
    def _track_chosen(self, message: TrackChosen) -> None:
        from game.ui.screens.dialogs import ExplainScreen

        self.app.push_screen(ExplainScreen(self.session, self.role, message.key, self.sources))

    # -- turn order: bots, hand-over, the end ------------------------------------------------

    async def advance(self) -> None:
        """After any move: redraw, then let chance and bots play, pass the screen to the next human,
        or end the game. The one place the screen is redrawn after a move."""
        session = self.session
        actor = session.to_act()
        automatic = actor is not None and (actor == CHANCE or not session.seats[actor].human)
        if not automatic:
            self._autosave()  # a new phase, the end, or a person's move: nothing moves while it is written
        if self._desk_open and not automatic:
            # The facilitator is at the desk: the next seat, or the end screen, waits until they leave it.
            await self.refresh_view()
            return
        if session.state.over:
            self._show_end()
            return
        if automatic:
            await self.refresh_view()
            self._play_automatic()
        elif actor is not None and actor != self._handed:
            await self._hand_over(actor)
        else:  # this seat's move, or a pause
            await self.refresh_view()
            if actor is not None:
                self._land()

    @work(exclusive=True, group="automatic")
    async def _play_automatic(self) -> None:
        """Chance and bots move until a human must, each bot thinking in a thread."""
        session = self.session
        drawn = time.monotonic()
        while True:
            if self.watching:
                await self._bots_go.wait()
            before = len(session.actions)
            action = await asyncio.to_thread(session.automatic_action)
            if len(session.actions) != before:
                continue  # the facilitator moved meanwhile: think again about the game as it now stands
            if action is None:
                break
            try:
                session.submit(action)
            except IllegalAction as exc:  # a bot that breaks the rules is a bug; say so and stop
                self.notify(f"{action.role} made an illegal move: {exc}", severity="error", timeout=30)
                return
            delay = SPEEDS[self._speed]
            # Watching: every move is drawn, but at full speed no more often than the eye can follow.
            if self.watching and (delay or time.monotonic() - drawn >= FULL_SPEED_FRAME):
                await self.refresh_view()
                drawn = time.monotonic()
            await asyncio.sleep(delay if self.watching else 0)
        await self.advance()

    async def _hand_over(self, role: str) -> None:
        """Hide the table behind a curtain, then redraw it for ``role`` beneath the curtain."""
        from game.ui.screens.dialogs import HandoverScreen
        from game.ui.screens.facilitator import FacilitatorCurtain

        self.app.clear_notifications()
        if isinstance(self.app.screen, HandoverScreen):  # the move passed on while the curtain was up
            self.app.pop_screen()
        name = self.session.game.role_name(role)
        curtain = FacilitatorCurtain(name, self.action_facilitator) if self.session.facilitator else HandoverScreen(name)
        self.app.push_screen(curtain, callback=lambda _: self._land())
        self.role = self._handed = role
        self.query_one(DecidePanel).reset()
        await self.refresh_view(everything=True)

    def _land(self) -> None:
        """Open the tab with the news since this seat last looked (a resolution, a card, a new phase)."""
        start = self._seen.get(self.role, 0)
        news = [e.kind for e in self.session.events[start:] if e.visible(self.role)]
        self._seen[self.role] = len(self.session.events)
        keep, self._keep_first_tab = self._keep_first_tab, False
        if keep and not news:  # a resumed game opens where its player was, whatever the phase asks of them
            return
        phase = self.session.state.phase
        if "turn_resolved" in news and start:
            self.action_tab("result")
        elif "card" in news:
            self.action_tab("event")
        elif "negotiation_closed" in news or (phase is Phase.DECISION and self._moves.commit):
            self.action_tab("decide")
        elif phase is Phase.NEGOTIATION and (self._moves.to_answer or {"answer", "proposal"} & set(news)):
            self.action_tab("talks")

    def _view(self) -> View:
        """What this screen shows, for the save: the seat and the tab."""
        return View(role=self.role, screen=f"game.{self.query_one(Tabs).active.removeprefix('tab-')}")

    def _autosave(self) -> None:
        if self.saver is not None:
            self._write_save(snapshot(self.session), self._view())

    @work(thread=True, group="saving", exit_on_error=False)
    def _write_save(self, session: Session, view: View) -> None:
        """Autosave off the main thread (one write at a time); a failure is said once, not fatal."""
        assert self.saver is not None
        with self._save_lock:
            try:
                self.saver.update(session, view)
            except SaveError as exc:
                message = str(exc)
                if message != self._save_problem:
                    self._save_problem = message
                    self.app.call_from_thread(self.notify, message, title="Autosave failed", severity="warning",
                                              timeout=15)

    def action_save_as(self) -> None:
        """Save the game under a name of one's choice (later autosaves go there too)."""
        from game.ui.screens.saves import SaveAsScreen

        if self.saver is None:
            return
        session, view = snapshot(self.session), self._view()

        def chosen(name: str | None) -> None:
            if name:
                self._save_as(session, view, name, overwrite=False)

        self.app.push_screen(SaveAsScreen(self.saver.path.stem), callback=chosen)

    @work(thread=True, group="saving", exit_on_error=False)
    def _save_as(self, session: Session, view: View, name: str, overwrite: bool) -> None:
        assert self.saver is not None
        with self._save_lock:
            try:
                path = self.saver.save_as(session, name, view, overwrite=overwrite)
            except SaveConflict as exc:
                self.app.call_from_thread(self._ask_overwrite, session, view, name, exc.reason)
                return
            except SaveError as exc:
                self.app.call_from_thread(self.notify, str(exc), title="Not saved", severity="error", timeout=15)
                return
        self.app.call_from_thread(self.notify, f"Saved as {path}", title="Saved")

    def _ask_overwrite(self, session: Session, view: View, name: str, reason: str) -> None:
        from game.ui.screens.dialogs import ConfirmScreen

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._save_as(session, view, name, overwrite=True)

        self.app.push_screen(ConfirmScreen(f"Save over {name!r}?", reason[:1].upper() + reason[1:] + ".",
                                           "Overwrite"), callback=confirmed)

    def save_now(self) -> None:
        """Save the game at once, on the main thread (used when the app quits)."""
        if self.saver is not None and self.session.actions:
            with self._save_lock:
                self.saver.autosave.file.save(snapshot(self.session), view=self._view())

    def _show_end(self) -> None:
        from game.ui.screens.end import EndScreen

        try:  # the whole record: autosaves follow the phases, and notes written at the desk after the end have none
            self.save_now()
        except SaveError as exc:
            self.notify(str(exc), title="Not saved", severity="error", timeout=15)
        save = self.saver.path if self.saver is not None else None
        self.give_way_to(EndScreen(self.loaded, self.session, save=save))

    def give_way_to(self, end: Screen[None]) -> None:
        """Put ``end`` in this screen's place, closing any dialog still open over it (a track explained,
        a proposal being drafted: the last move may be another seat's or a bot's)."""
        if not in_stack(self):  # already gone (the end shown, or the menu)
            return
        while self.app.screen is not self:
            self.app.pop_screen()
        self.app.switch_screen(end)

    # -- the facilitator -------------------------------------------------------------------------

    def action_facilitator(self) -> None:
        """Open the facilitator's desk over the table (a game with a facilitator only)."""
        from game.ui.screens.facilitator import FacilitatorDesk

        if not self.session.facilitator or self._desk_open:
            return
        self._desk_open = True
        self.app.push_screen(FacilitatorDesk(self.session, self.sources), callback=self._desk_closed)

    async def _desk_closed(self, _: None = None) -> None:
        """Back from the desk: the seat whose move it is gets the screen behind the curtain."""
        self._desk_open = False
        if self.session.humans:
            self._handed = None
        await self.advance()

    def _now(self) -> float:
        """The countdown's time scale: the wall clock where moves carry the time they were recorded."""
        return time.time() if self.session.recorded_at() is not None else time.monotonic()

    def _follow_countdown(self) -> None:
        """Start the clock when a countdown has just been set this negotiation; stop it when it is gone."""
        session = self.session
        self._clock.follow(session.state, session.actions, self._now(), session.recorded_at())
        self._show_clock()

    def _show_clock(self) -> None:
        self.query_one(StatusBar).show_clock(self._clock.left(self._now()))

    async def _tick(self) -> None:
        """Keep the clock current; when it runs out, close the negotiation (as the facilitator)."""
        now, paused = self._now(), self.session.state.paused
        self._clock.tick(paused, now)
        if self._clock.deadline is None:
            return
        self._show_clock()
        if not self.closes_countdown or not self._clock.run_out(paused, now):
            return
        try:
            self.session.submit(CloseNegotiation("time is up"))
        except IllegalAction:
            return
        self.notify("Time is up: the negotiation is closed.", title="Countdown", timeout=8)
        await self.advance()

    # -- moves ---------------------------------------------------------------------------------

    async def submit(self, action: Action) -> str | None:
        """Play a move of the seat in front of the screen; the engine's objection, if any, is returned."""
        if self.session.to_act() != action.role or action.role != self.role:
            return "it is not your move"
        before = len(self.session.events)
        try:
            step = self.session.submit(action)
        except IllegalAction as exc:
            return str(exc)
        # A move is no news to the one who made it, but the resolution a last commit brings is: the
        # landing then opens its result.
        resolved = any(event.kind == "turn_resolved" for event in step.events)
        self._seen[self.role] = before if resolved else len(self.session.events)
        await self.advance()
        return None

    async def _play(self, action: Action) -> None:
        problem = await self.submit(action)
        if problem:
            self.notify(problem, title="Not allowed", severity="warning")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Moves show in the footer only when they are open; speed keys only in a bots-only game."""
        if action in MOVES:
            if action == "commit":
                return self._moves.commit
            talks = self.query(TalksPanel)
            return bool(talks) and talks.first().can(action)
        if action in WATCH:
            return self.watching
        if action == "save_as":
            return self.saver is not None
        if action == "facilitator":
            return self.session.facilitator
        return True

    def action_propose(self) -> None:
        """Compose a proposal."""
        self._open_composer(Draft(self.role))

    def action_counter(self) -> None:
        """Reject the proposal under the cursor and send its proposer one of your own, starting from its terms."""
        proposal = self._selected()
        if proposal is not None:
            self._open_composer(Draft.countering(self.role, proposal))

    def _open_composer(self, draft: Draft) -> None:
        from game.ui.screens.proposal import ProposalScreen

        async def send(action: Action | None) -> None:
            if action is not None:
                await self._play(action)

        if self.check_action("propose" if draft.counter_of is None else "counter", ()):
            self.app.push_screen(ProposalScreen(self.session, draft), callback=send)

    def _selected(self) -> Proposal | None:
        selected = self.query_one(TalksPanel).selected
        return next((p for p in self._moves.to_answer if p.id == selected), None)

    async def action_accept(self) -> None:
        """Accept the proposal under the cursor."""
        proposal = self._selected()
        if proposal is not None:
            await self._play(Respond(self.role, proposal.id, True))

    async def action_reject(self) -> None:
        """Reject the proposal under the cursor."""
        proposal = self._selected()
        if proposal is not None:
            await self._play(Respond(self.role, proposal.id, False))

    async def action_finish(self) -> None:
        """Make no more proposals this turn."""
        if self._moves.finish:
            await self._play(EndNegotiation(self.role))

    def action_commit(self) -> None:
        """Commit the chosen positions, after a confirmation: they are final for the turn."""
        from game.ui.screens.dialogs import ConfirmScreen

        if not self._moves.commit:
            return
        panel = self.query_one(DecidePanel)
        chosen = panel.choices()
        game = self.session.game
        lines = [f"{d.name}: {d.option(chosen.get(d.id, self.session.state.positions[self.role][d.id])).name}"
                 for d in game.decisions[self.role]]
        broken = panel.broken_promises()
        if broken:
            lines += ["", "These positions BREAK your promises:", *(f"  {line}" for line in broken),
                      BREAKING_COSTS]
        action = Commit.of(self.role, chosen)

        async def confirmed(yes: bool | None) -> None:
            if yes:
                await self._play(action)

        self.app.push_screen(
            ConfirmScreen("Commit these positions?", "\n".join(lines) + "\n\nThey are final for this turn.",
                          "Commit"),
            callback=confirmed,
        )

    # -- watching bots -----------------------------------------------------------------------

    async def action_pause(self) -> None:
        """Pause or resume a bots-only game."""
        if self._bots_go.is_set():
            self._bots_go.clear()
        else:
            self._bots_go.set()
        await self.refresh_view()

    async def action_faster(self) -> None:
        """Less time between bot moves."""
        self._speed = max(0, self._speed - 1)
        await self.refresh_view()

    async def action_slower(self) -> None:
        """More time between bot moves."""
        self._speed = min(len(SPEEDS) - 1, self._speed + 1)
        await self.refresh_view()

    async def action_follow(self) -> None:
        """Follow the next seat (bots-only games have no private seat to protect)."""
        roles = self.session.game.roles
        self.role = roles[(roles.index(self.role) + 1) % len(roles)]
        await self.refresh_view(everything=True)

    def action_leave(self) -> None:
        """Back to the main menu, after a confirmation."""
        from game.ui.screens.dialogs import ConfirmScreen

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.save_now()
            except SaveError as exc:
                self.notify(str(exc), title="Not saved", severity="error", timeout=15)
                return
            self.app.show_menu()  # type: ignore[attr-defined]

        where = (f"It is saved as {self.saver.path.stem!r}: Continue on the main menu goes on with it."
                 if self.saver is not None else "This game is not saved: leaving ends it.")
        self.app.push_screen(ConfirmScreen("Leave this game?", where, "Leave"), callback=confirmed)

    # -- command palette -----------------------------------------------------------------------

    def palette_commands(self) -> Iterable[SystemCommand]:
        """The moves open now, and the tabs."""
        labels = {
            "propose": ("Propose", "Offer commitments for commitments of others"),
            "finish": ("Finish negotiating", "Make no more proposals this turn"),
            "commit": ("Commit positions", "Your positions for this turn; final once committed"),
        }
        for action, (title, help_text) in labels.items():
            if self.check_action(action, ()):
                yield SystemCommand(title, help_text, lambda a=action: self.run_action(a))
        game = self.session.game
        for proposal in self._moves.to_answer:
            who = game.role_name(proposal.proposer)
            for verb, action in (("Accept", "accept"), ("Reject", "reject"), ("Counter", "counter")):
                if action == "counter" and not self._moves.counter:
                    continue
                yield SystemCommand(f"{verb} proposal #{proposal.id} from {who}", "Answer this proposal",
                                    lambda p=proposal.id, a=action: self._answer(p, a))
        for i, (tab, label) in enumerate(TABS, start=1):
            yield SystemCommand(f"Show {label}", f"The {label} tab (key {i})", lambda t=tab: self.action_tab(t))
        if self.session.facilitator:
            yield SystemCommand("Facilitator's desk", "See everything and steer the game (F2)",
                                self.action_facilitator)
        if self.saver is not None:
            yield SystemCommand("Save as", "Save the game under a name of your choice", self.action_save_as)
        if self.watching:
            yield SystemCommand("Pause or resume", "Stop or restart the bots", lambda: self.run_action("pause"))

    async def _answer(self, proposal: int, action: str) -> None:
        self.action_tab("talks")
        inbox = self.query_one(TalksPanel)
        inbox.select(proposal)
        await self.run_action(action)
