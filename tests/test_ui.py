"""The terminal game, driven by keys through Textual's Pilot.

Whole games are played by pressing keys, and after every move the action the screen produced is
checked against the move intended; at the end the game must equal, hash for hash, the same moves
applied straight to the engine with the same seed.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from rich.console import Console

from game.engine import (
    Action, Commit, Commitment, Counter, EndNegotiation, Phase, Propose, Respond, state_hash,
)
from game.scenario.loader import LoadedScenario, load_scenario
from game.session import Session, parse_seats

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "scenarios" / "tutorial.yaml"
ENGINE_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "engine.yaml"
SEED = 11

Plan = Callable[[Session, str], Action]


@cache
def scenario(path: Path = TUTORIAL) -> LoadedScenario:
    return load_scenario(path)


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    """What the terminal shows now, as plain text (Textual's own screenshot, without colours)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, record=True,
                      color_system=None, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


@pytest.fixture(autouse=True)
def saves_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Games started here are autosaved into a folder of the test's own."""
    folder = tmp_path / "saves"
    monkeypatch.setenv("WARGAME_SAVES_DIR", str(folder))
    return folder

# -- what the players mean to do -------------------------------------------------------------


def plan(session: Session, role: str, propose: bool = True) -> Action:
    """A deterministic, legal and varied move: the first role proposes once in the game to the second
    (if ``propose``), every proposal is accepted, and each turn the first open decision moves."""
    obs = session.view(role)
    game = session.game
    if obs.phase is Phase.NEGOTIATION:
        waiting = [p for p in obs.proposals if role in p.awaiting()]
        if waiting:
            return Respond(role, waiting[0].id, True)
        first, second = game.roles[0], game.roles[1]
        made = any(p.proposer == role for p in (*obs.proposals, *obs.talks))
        if propose and role == first and obs.proposals_left and not made:
            mine, theirs = game.decisions[first][0], game.decisions[second][0]
            return Propose(
                first, (second,),
                offers=(Commitment(first, mine.id, mine.options[1].id, "ge"),),
                requests=(Commitment(second, theirs.id, theirs.options[1].id, "ge"),),
            )
        return EndNegotiation(role)
    chosen = {dec.id: obs.positions[role][dec.id] for dec, _ in obs.choices}  # the screen sends every open one
    for dec, options in obs.choices[:1]:
        chosen[dec.id] = options[(obs.turn + len(dec.id)) % len(options)].id
    return Commit.of(role, chosen)


def plan_without_proposals(session: Session, role: str) -> Action:
    """:func:`plan`, but answering and finishing only."""
    return plan(session, role, propose=False)


def expected_game(loaded: LoadedScenario, seats: str, intended: Plan = plan) -> Session:
    """The same game played straight on the engine: chance and bots as the session plays them,
    every human move the plan's."""
    session = Session.start(loaded.game, SEED, parse_seats(seats, loaded.game.roles, default="bot:greedy"))
    while not session.state.over:
        session.run_automatic()
        role = session.human_to_act()
        if role is None:
            break
        session.submit(intended(session, role))
    return session


# -- pressing the keys -----------------------------------------------------------------------


async def workers_done(app) -> None:  # type: ignore[no-untyped-def]
    """Wait for every worker the app has now. One cancelled on the way is no failure: a screen that gives
    way (the table to the end screen) cancels its workers, such as an autosave under way - whose thread
    still writes to the end."""
    from textual.worker import WorkerCancelled

    for worker in list(app.workers):
        try:
            await worker.wait()
        except WorkerCancelled:
            pass


class Driver:
    """Plays a game through the app by keys, checking every move it makes."""

    def __init__(self, app, pilot) -> None:  # type: ignore[no-untyped-def]
        self.app, self.pilot = app, pilot

    async def settle(self) -> None:
        await workers_done(self.app)
        await self.pilot.pause()

    async def press(self, *keys: str) -> None:
        await self.pilot.press(*keys)

    @property
    def game_screen(self):  # type: ignore[no-untyped-def]
        from game.ui.screens.game import GameScreen

        return next(s for s in self.app.screen_stack if isinstance(s, GameScreen))

    async def play(self, intended: Plan = plan, on_handover: Callable[[], None] | None = None) -> Session:
        """Play until the end screen; returns the session."""
        from game.ui.screens.dialogs import HandoverScreen
        from game.ui.screens.end import EndScreen

        await self.settle()
        session = self.game_screen.session
        for _ in range(500):
            screen = self.app.screen
            if isinstance(screen, EndScreen):
                return session
            if isinstance(screen, HandoverScreen):
                if on_handover is not None:
                    on_handover()
                await self.press("enter")
                await self.settle()
                continue
            role = session.human_to_act()
            assert role is not None and role == self.game_screen.role, (role, self.game_screen.role)
            action = intended(session, role)
            before = len(session.actions)
            await self.perform(session, action)
            await self.settle()
            assert session.actions[before] == action, "the keys did not make the intended move"
        raise AssertionError("the game did not end")

    async def perform(self, session: Session, action: Action) -> None:
        if isinstance(action, Respond):
            await self.press("3", "a" if action.accept else "x")
        elif isinstance(action, EndNegotiation):
            await self.press("3", "f")
        elif isinstance(action, Propose):
            await self.propose(session, action)
        elif isinstance(action, Commit):
            await self.commit(session, action)
        else:  # pragma: no cover - the plan makes no other moves
            raise AssertionError(action)

    async def commit(self, session: Session, action: Commit) -> None:
        obs = session.view(action.role)
        wanted = dict(action.positions)
        keys = ["4"]  # the Decide tab, the first decision focused
        for i, (dec, options) in enumerate(obs.choices):
            ids = [o.id for o in options]
            step = ids.index(wanted[dec.id]) - ids.index(obs.positions[action.role][dec.id])
            if step:
                keys += ["tab"] * (i - keys.count("tab")) + ["right" if step > 0 else "left"] * abs(step)
        await self.press(*keys, "c", "y")

    async def propose(self, session: Session, action: Propose) -> None:
        game = session.game
        await self.press("n")
        for role in game.roles:
            if role != action.role:
                await self.press(*(["space"] if role in action.to else []), "tab")
        terms = [*action.offers, *action.requests]
        pairs = [(r, d.id) for r in (action.role, *action.to) for d in game.decisions[r]]
        for c in terms:  # the builder starts at the first decision, "exactly", the first option
            keys = ["right"] * pairs.index((c.role, c.decision)) + ["tab"]
            keys += ["right"] * ["eq", "ge", "le"].index(c.op) + ["tab"]
            keys += ["right"] * game.decision(c.role, c.decision).ranks[c.option] + ["tab", "enter"]
            await self.press(*keys)  # Add: the builder resets and takes the focus again
        await self.press("ctrl+s")


def app_for(loaded: LoadedScenario, seats: str):  # type: ignore[no-untyped-def]
    from game.ui.app import WargameApp

    session = Session.start(loaded.game, SEED, parse_seats(seats, loaded.game.roles, default="bot:greedy"))
    app = WargameApp(loaded, session)
    app.animation_level = "none"  # the Pilot waits for every animation to finish
    return app


# -- whole games -----------------------------------------------------------------------------

HOT_SEAT = "nato=human,russia=human,romania=human"
AGAINST_BOTS = "nato=human,russia=bot:greedy,romania=bot:random"


@pytest.mark.parametrize(("seats", "intended"), [(HOT_SEAT, plan), (AGAINST_BOTS, plan_without_proposals)],
                         ids=["humans-on-every-seat", "human-against-bots"])
async def test_a_whole_game_played_by_keys_equals_the_engine_game(seats: str, intended: Plan) -> None:
    loaded = scenario()
    app = app_for(loaded, seats)
    handovers: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot)
        session = await driver.play(intended, on_handover=lambda: handovers.append(app.screen.role_name))
        from game.ui.screens.end import EndScreen

        assert isinstance(app.screen, EndScreen)
        text = screen_text(app)
    expected = expected_game(loaded, seats, intended)
    assert session.actions == expected.actions
    assert session.hashes == expected.hashes and state_hash(session.state) == state_hash(expected.state)
    assert session.state.over and "Game over" in text
    if seats == HOT_SEAT:
        assert handovers[0] == "NATO" and {"Russia", "Romania"} <= set(handovers)
    else:
        assert handovers == []


# -- privacy at the hand-over --------------------------------------------------------------------


def dom_text(screen) -> str:  # type: ignore[no-untyped-def]
    """Every text the screen holds, shown or scrolled out of sight, whitespace collapsed."""
    from textual.widgets import DataTable, OptionList, RichLog, Static

    from game.ui.widgets.cycler import OptionCycler

    console = Console(width=200, file=io.StringIO(), record=True, color_system=None)
    for widget in screen.query(Static):
        console.print(widget.content)
    for table in screen.query(DataTable):
        for row in range(table.row_count):
            console.print(*table.get_row_at(row))
    for options in screen.query(OptionList):
        for index in range(options.option_count):
            console.print(options.get_option_at_index(index).prompt)
    for log in screen.query(RichLog):
        console.print("\n".join(line.text for line in log.lines))
    for cycler in screen.query(OptionCycler):
        console.print(*(label for label, _ in cycler.options))
    return " ".join(console.export_text().split())


def private_texts(loaded: LoadedScenario, role: str) -> list[str]:
    """What only ``role`` may read: its brief, objectives and red lines."""
    brief = loaded.game.briefs[role]
    return [" ".join(brief.summary.split()), *(o.text for o in brief.objectives), *(r.text for r in brief.red_lines)]


async def russia_after_nato_commits(loaded: LoadedScenario, nato_keys: tuple[str, ...]) -> tuple[str, str, str]:
    """Play NATO's commit by ``nato_keys`` on the Decide tab, then pass the curtain to Russia: NATO's choice,
    the curtain's text, and everything Russia's screen shows on each tab."""
    from game.ui.screens.dialogs import HandoverScreen

    app = app_for(loaded, HOT_SEAT)
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot)
        await driver.settle()
        assert isinstance(app.screen, HandoverScreen) and app.screen.role_name == "NATO"
        await driver.press("enter")
        await driver.settle()
        game_screen = driver.game_screen
        assert all(text in dom_text(game_screen) for text in private_texts(loaded, "nato"))
        await driver.press("4", *nato_keys)
        chosen = game_screen.query_one("#choose-transparency").value
        await driver.press("c", "y")
        await driver.settle()

        assert isinstance(app.screen, HandoverScreen) and app.screen.role_name == "Russia"
        curtain = " ".join(screen_text(app).split())
        await driver.press("enter")
        await driver.settle()
        assert game_screen.role == "russia"
        seen = dom_text(game_screen)
        for i in range(1, 8):  # what each tab shows on the terminal, too
            await driver.press(str(i))
            seen += " " + " ".join(screen_text(app).split())
        assert all(text in dom_text(game_screen) for text in private_texts(loaded, "russia"))
    return chosen, curtain, seen


async def test_the_hand_over_hides_the_last_seat_and_the_next_sees_only_its_own() -> None:
    loaded = scenario()
    chosen, curtain, seen = await russia_after_nato_commits(loaded, ("right", "right"))
    assert chosen == "site_visits"
    assert "Pass to Russia" in curtain
    for role in loaded.game.roles:
        assert not any(text[:40] in curtain for text in private_texts(loaded, role))
    for text in [*private_texts(loaded, "nato"), *private_texts(loaded, "romania")]:
        assert text not in seen, f"{text!r} is on Russia's screen"
    # NATO's secret position leaves no trace: Russia sees the same whatever NATO chose. (Option names
    # themselves appear in the rules Russia reads, so looking for the name alone would prove nothing.)
    other, _, seen_otherwise = await russia_after_nato_commits(loaded, ())
    assert other != chosen
    assert words(seen_otherwise) == words(seen)


def words(text: str) -> str:
    """``text`` without box-drawing and block characters (borders, scroll bars that come and go)."""
    return " ".join(re.sub("[\u2500-\u259f]", " ", text).split())


# -- watching bots ------------------------------------------------------------------------------


async def test_a_bots_only_game_can_be_paused_sped_up_and_watched_to_the_end() -> None:
    from game.runner import play
    from game.ui.screens.end import EndScreen

    loaded = scenario()
    seats = "nato=bot:greedy,russia=bot:random,romania=bot:greedy"
    app = app_for(loaded, seats)
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot)
        await driver.press("space")  # pause (a move already being worked out still lands)
        screen = driver.game_screen
        assert "paused" in screen_text(app)
        await pilot.pause(0.2)
        steps = len(screen.session.actions)
        await pilot.pause(0.3)
        assert len(screen.session.actions) == steps
        await driver.press("v")
        assert screen.role == "russia" and "Following Russia" in screen_text(app)
        await driver.press("plus", "plus", "plus", "space")  # as fast as it goes, and on again
        for _ in range(400):
            if isinstance(app.screen, EndScreen):
                break
            await pilot.pause(0.02)
        assert isinstance(app.screen, EndScreen)
        session = screen.session
    expected = play(loaded.game, SEED, {role: seat.bot for role, seat in session.seats.items()})
    assert session.actions == expected.actions and state_hash(session.state) == state_hash(expected.state)


async def test_a_dialog_open_when_the_last_move_lands_gives_way_to_the_end_screen() -> None:
    from game.ui.screens.dialogs import ConfirmScreen
    from game.ui.screens.end import EndScreen

    loaded = scenario()
    app = app_for(loaded, AGAINST_BOTS)
    async with app.run_test(size=(100, 30)) as pilot:
        driver = Driver(app, pilot)
        table = driver.game_screen
        for _ in range(200):  # the screen's bots have played up to the person's move, and stopped
            await driver.settle()
            if table.session.human_to_act() is not None:
                break
        await driver.press("escape")  # "Leave this game?": a dialog over the table
        assert isinstance(app.screen, ConfirmScreen)
        session = table.session
        while not session.state.over:  # the rest of the game arrives beneath it (as a live seat's poll brings it)
            session.run_automatic()
            if (role := session.human_to_act()) is not None:
                session.submit(plan_without_proposals(session, role))
        await table.advance()
        await driver.settle()
        assert isinstance(app.screen, EndScreen) and len(app.screen_stack) == 2  # the dialog closed, the table gone
        await driver.press("m")
        await driver.settle()
        assert "New game" in screen_text(app)  # and the way to the menu works


async def test_an_autosave_still_being_written_when_the_game_ends_loses_nothing(
    saves_here: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The last move's autosave is written in a thread; the end screen takes the table's place, cancelling
    the table's workers, while it is still being written. The game on disk must still be the whole game."""
    import time

    from game.saves import load_save
    from game.ui.saving import GameSaver
    from game.ui.screens.end import EndScreen

    update = GameSaver.update

    def slow_at_the_end(self, session, view):  # type: ignore[no-untyped-def]
        if session.state.over:
            time.sleep(0.3)  # a slow disk: the end screen comes up meanwhile
        return update(self, session, view)

    monkeypatch.setattr(GameSaver, "update", slow_at_the_end)
    loaded = scenario()
    app = app_for(loaded, AGAINST_BOTS)
    async with app.run_test(size=(100, 30)) as pilot:
        driver = Driver(app, pilot)
        table = driver.game_screen
        await driver.settle()
        session = table.session
        while not session.state.over:  # the rest of the game arrives from elsewhere, as a live seat's poll brings it
            session.run_automatic()
            if (role := session.human_to_act()) is not None:
                session.submit(plan_without_proposals(session, role))
        await table.advance()
        await driver.settle()
        assert isinstance(app.screen, EndScreen)
    saves = list(saves_here.glob("*.json"))
    assert len(saves) == 1
    assert load_save(saves[0]).session.actions == session.actions


async def test_a_track_is_explained_with_its_history_drawn_on_its_own_scale() -> None:
    from game.ui.screens.dialogs import ExplainScreen
    from game.ui.tracks import series
    from game.ui.widgets.board import TrackTable
    from game.ui.widgets.chart import TrackChart

    loaded = scenario()
    app = app_for(loaded, AGAINST_BOTS)
    async with app.run_test(size=(100, 30)) as pilot:
        driver = Driver(app, pilot)
        await driver.settle()
        await driver.press("1")
        driver.game_screen.query_one(TrackTable).focus()
        await driver.press("enter")
        await driver.settle()
        assert isinstance(app.screen, ExplainScreen)
        session, key = app.screen.session, app.screen.key
        track = session.game.tracks[key]
        chart = app.screen.query_one(TrackChart)
        assert chart.values == series(session.game, session.state, key)
        assert (chart.low, chart.high) == (track.min, track.max)  # a one-point move looks like one point
        assert f"drawn on {track.min}..{track.max}" in screen_text(app)


async def test_the_commit_question_names_the_promises_the_positions_break() -> None:
    from game.ui.app import WargameApp
    from game.ui.screens.dialogs import ConfirmScreen, HandoverScreen

    loaded = scenario()
    game = loaded.game
    session = Session.start(game, SEED, parse_seats("nato=human", game.roles, default="bot:greedy"))
    while not (session.state.phase is Phase.NEGOTIATION and session.human_to_act() == "nato"):
        session.run_automatic()
        if session.human_to_act() == "nato" and session.state.phase is Phase.DECISION:
            session.submit(Commit.of("nato", {}))
    transparency = game.decisions["nato"][0]
    promise = Commitment("nato", transparency.id, transparency.options[-1].id, "eq")
    held = session.state.positions["nato"][transparency.id]
    assert held != promise.option  # keeping the position held breaks the promise
    session.submit(Propose("nato", ("russia",), offers=(promise,), requests=()))
    session.run_automatic()
    assert session.state.agreements, "the greedy bot takes a free promise"
    while session.state.phase is Phase.NEGOTIATION:  # nato ends its talks, answering what it is sent
        session.submit(plan_without_proposals(session, "nato"))
        session.run_automatic()
    app = WargameApp(loaded, session)
    app.animation_level = "none"
    async with app.run_test(size=(100, 40)) as pilot:
        driver = Driver(app, pilot)
        await driver.settle()
        if isinstance(app.screen, HandoverScreen):
            await driver.press("enter")
        await driver.press("4", "c")
        await driver.settle()
        assert isinstance(app.screen, ConfirmScreen)
        text = screen_text(app)
        assert "BREAK your promises" in text and f"#{session.state.agreements[0].id}" in text


# -- answering with a counter-proposal ------------------------------------------------------------


async def test_a_proposal_is_countered_from_the_inbox() -> None:
    loaded = scenario(ENGINE_FIXTURE)
    app = app_for(loaded, "nato=human,russia=human,host=bot:greedy")
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot)
        await driver.settle()
        await driver.press("enter")  # the curtain: NATO
        await driver.settle()
        session = driver.game_screen.session
        # NATO offers its first decision at its first option, to Russia alone (builder: Add is three tabs on)
        await driver.press("n", "space", "tab", "tab", "tab", "tab", "tab", "enter", "ctrl+s")
        await driver.settle()
        first = session.actions[-1]
        assert first == Propose("nato", ("russia",), (Commitment("nato", "transparency", "closed"),))
        await driver.press("enter")  # the curtain: Russia, who must answer
        await driver.settle()
        await driver.press("3", "o")  # the composer opens addressed to NATO, asking what NATO offered
        assert app.screen.draft.requests == list(first.offers)
        await driver.press("tab", "tab", "tab", "enter", "ctrl+s")  # Russia offers the same of its own
        await driver.settle()
        counter = Counter("russia", 1, (Commitment("russia", "transparency", "closed"),), first.offers)
        assert counter in session.actions  # (the host's bot has moved since)
        proposal = next(p for p in session.state.proposals if p.counter_of == 1)
        assert proposal.to == ("nato",) and "countered by Russia" in dom_text(driver.game_screen)


async def test_a_counter_starts_from_the_countered_terms_and_says_what_it_left_out() -> None:
    from game.engine.describe import commitment_text
    from game.ui.screens.proposal import ProposalScreen

    loaded = scenario(ENGINE_FIXTURE)
    app = app_for(loaded, "nato=human,russia=human,host=bot:greedy")
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot)
        await driver.settle()
        await driver.press("enter")  # the curtain: NATO
        await driver.settle()
        session = driver.game_screen.session
        offer = Commitment("nato", "transparency", "briefings", "ge")
        of_russia, of_host = Commitment("russia", "centre", "fusion"), Commitment("host", "radar", "accept")
        await driver.propose(session, Propose("nato", ("russia", "host"), (offer,), (of_russia, of_host)))
        await driver.settle()
        await driver.press("enter")  # the curtain: Russia, who answers first
        await driver.settle()
        await driver.press("3", "o")
        composer = app.screen
        assert isinstance(composer, ProposalScreen)
        text = dom_text(composer)
        assert "Starts from #1's terms" in text
        assert f"offer: {commitment_text(loaded.game, of_russia)}" in text
        assert f"ask: {commitment_text(loaded.game, offer)}" in text
        assert f"Left out (a counter goes to NATO alone): {commitment_text(loaded.game, of_host)}" in text
        await driver.press("ctrl+s")  # sent as it stands
        await driver.settle()
        assert Counter("russia", 1, (of_russia,), (offer,)) in session.actions


async def test_a_second_term_on_a_decision_says_which_term_it_replaces() -> None:
    loaded = scenario(ENGINE_FIXTURE)
    app = app_for(loaded, "nato=human")
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot)
        await driver.settle()
        transparency = loaded.game.decisions["nato"][0]
        first, last = transparency.options[0], transparency.options[-1]
        # To: Russia; NATO offers its first decision at its first option (Add is three tabs on)
        await driver.press("n", "space", "tab", "tab", "tab", "tab", "tab", "enter")
        composer = app.screen
        assert problem_text(app) == ""
        await driver.press("tab", "tab", *["right"] * (len(transparency.options) - 1), "tab", "enter")
        assert composer.draft.offers == [Commitment("nato", transparency.id, last.id)]
        assert problem_text(app) == f"Replaced: NATO: {transparency.name} {first.name} (one term per decision)"
        await driver.press("tab", "tab", "tab", "enter")  # the same term again
        assert composer.draft.offers == [Commitment("nato", transparency.id, last.id)]
        assert problem_text(app) == f"Already a term: NATO: {transparency.name} {last.name}"
        assert composer.query_one("#problem").has_class("-notice")  # news, not a problem
        # With a second term after it, a replaced term keeps its place in the list.
        other = loaded.game.decisions["nato"][1]
        second = Commitment("nato", other.id, other.options[0].id)
        composer.draft.offers.append(second)
        composer.query_one("#term-option").value = first.id
        await driver.press("tab", "tab", "tab", "enter")
        assert composer.draft.offers == [Commitment("nato", transparency.id, first.id), second]


LISBON = ROOT / "scenarios" / "lisbon-2010.yaml"


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_every_addressee_can_be_seen_and_chosen_on_a_narrow_screen(size: tuple[int, int]) -> None:
    from game.ui.screens.proposal import ProposalScreen
    from game.ui.widgets.tickbox import TickBox

    loaded = scenario(LISBON)
    game = loaded.game
    others = game.roles[1:]
    assert len(others) >= 6  # too many for one line of 80 columns
    app = app_for(loaded, f"{game.roles[0]}=human")
    async with app.run_test(size=size) as pilot:
        driver = Driver(app, pilot)
        await driver.settle()
        await driver.press("n")
        await driver.settle()
        composer = app.screen
        assert isinstance(composer, ProposalScreen)
        shown = screen_text(app)
        for role in others:
            box = composer.query_one(f"#to-{role}", TickBox)
            assert game.role_name(role) in shown
            assert box.region.right <= composer.query_one("#addressees").region.right
            await pilot.click(box)
        assert composer.draft.to == list(others)


async def test_the_forms_message_and_buttons_stay_in_sight_when_its_terms_fill_the_screen() -> None:
    from game.ui.negotiation import Draft
    from game.ui.screens.proposal import ProposalScreen

    loaded = scenario(LISBON)
    game = loaded.game
    proposer, *others = game.roles
    app = app_for(loaded, f"{proposer}=human")
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot)
        await driver.settle()
        session = driver.game_screen.session
        terms = [Commitment(role, dec.id, dec.options[0].id) for role in game.roles for dec in game.decisions[role]]
        most = game.scenario.negotiation.max_commitments
        offers = [c for c in terms if c.role == proposer][:most]
        requests = [c for c in terms if c.role != proposer][:most - len(offers)]
        composer = ProposalScreen(session, Draft(proposer, offers=offers, requests=requests))  # nobody ticked
        await app.push_screen(composer)
        await driver.settle()
        await driver.press("ctrl+s")
        await driver.settle()
        assert app.screen is composer
        assert problem_text(app).startswith("Not sent")
        shown = screen_text(app)
        assert problem_text(app) in " ".join(shown.split()) and "Send (ctrl+s)" in shown


# -- terms that bind nothing ------------------------------------------------------------------------

MOSCOW = ROOT / "scenarios" / "moscow-2012.yaml"


def problem_text(app) -> str:  # type: ignore[no-untyped-def]
    """The composer's problem line."""
    from textual.widgets import Static

    return str(app.screen.query_one("#problem", Static).content)


def asked_of_the_last_role(loaded: LoadedScenario):  # type: ignore[no-untyped-def]
    """The terms below, from the scenario rather than by name: the first role (the human seat) asks the
    last one about that role's last decision. Returns the two roles and the decision."""
    game = loaded.game
    asker, asked = game.roles[0], game.roles[-1]
    return asker, asked, game.decisions[asked][-1]


async def test_a_term_every_option_keeps_is_refused_with_the_reason() -> None:
    from game.ui.negotiation import OPS
    from game.ui.screens.proposal import ProposalScreen

    loaded = scenario(MOSCOW)
    game = loaded.game
    asker, asked, dec = asked_of_the_last_role(loaded)
    first, second, last = dec.options[0], dec.options[1], dec.options[-1]
    others = [r for r in game.roles if r != asker]
    pairs = [(r, d.id) for r in (asker, asked) for d in game.decisions[r]]  # the builder's decisions, in order
    ops = list(OPS)
    app = app_for(loaded, f"{asker}=human")
    async with app.run_test(size=(100, 30)) as pilot:
        driver = Driver(app, pilot)
        await driver.settle()
        session = driver.game_screen.session
        made = len(session.actions)
        # the asker ticks the asked role alone, then builds "at most" the last option of its decision
        await driver.press("n", *["tab"] * others.index(asked), "space", *["tab"] * (len(others) - others.index(asked)),
                           *["right"] * pairs.index((asked, dec.id)), "tab", *["right"] * ops.index("le"), "tab",
                           *["right"] * (len(dec.options) - 1))
        composer = app.screen
        assert isinstance(composer, ProposalScreen)
        assert problem_text(app) == f"at most {last.name} binds nothing: every option already meets it"
        await driver.press("tab", "enter")  # Add
        assert problem_text(app) == f"Not added: at most {last.name} binds nothing: every option already meets it"
        assert composer.draft.requests == [] and "no terms yet" in dom_text(composer)
        await driver.press("ctrl+s")  # a proposal of that request alone is not sent either
        await driver.settle()
        assert app.screen is composer and problem_text(app).startswith("Not sent")
        assert len(session.actions) == made
        # "at least" the first option binds nothing; one option up, it binds (and the warning goes)
        await driver.press("shift+tab", "shift+tab", *["left"] * (ops.index("le") - ops.index("ge")), "tab",
                           *["left"] * (len(dec.options) - 1))
        assert problem_text(app) == f"at least {first.name} binds nothing: every option already meets it"
        await driver.press("right")
        assert problem_text(app) == ""
        await driver.press("tab", "enter", "ctrl+s")
        await driver.settle()
        assert session.actions[made] == Propose(asker, (asked,), requests=(Commitment(asked, dec.id, second.id, "ge"),))


async def test_a_draft_holding_a_term_that_binds_nothing_is_not_sent() -> None:
    from game.ui.negotiation import Draft
    from game.ui.screens.proposal import ProposalScreen

    loaded = scenario(MOSCOW)
    game = loaded.game
    asker, asked, dec = asked_of_the_last_role(loaded)
    app = app_for(loaded, f"{asker}=human")
    async with app.run_test(size=(100, 30)) as pilot:
        driver = Driver(app, pilot)
        await driver.settle()
        session = driver.game_screen.session
        made = len(session.actions)
        idle = Commitment(asked, dec.id, dec.options[0].id, "ge")
        composer = ProposalScreen(session, Draft(asker, to=[asked], requests=[idle]))
        await app.push_screen(composer)
        await driver.press("ctrl+s")
        await driver.settle()
        assert app.screen is composer and len(session.actions) == made
        assert problem_text(app) == (f"Not sent: {game.role_name(asked)}: {dec.name} at least {dec.options[0].name} "
                                     "binds nothing: every option already meets it")


# -- the result of each turn ----------------------------------------------------------------------------


async def test_the_last_to_commit_lands_on_the_result_its_commit_brought() -> None:
    from textual.widgets import Tabs

    roles = scenario().game.roles
    app = app_for(scenario(), f"{roles[-1]}=human")  # the last seat in the rotation: the bots commit first
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot)
        await driver.settle()
        session = driver.game_screen.session
        await driver.press("4")
        assert session.state.phase is Phase.DECISION and len(session.state.committed) == len(roles) - 1
        await driver.press("c", "y")  # the last commit: the turn resolves at once
        await driver.settle()
        assert session.state.history[-1].turn == 1 and session.state.turn == 2
        assert driver.game_screen.query_one(Tabs).active == "tab-result"
        assert "Turn 1 resolved" in screen_text(app)


async def test_each_turns_result_opens_at_its_top() -> None:
    from game.ui.widgets.panels import ResultPanel

    loaded = scenario()
    app = app_for(loaded, "russia=human")
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot)
        await driver.settle()
        session = driver.game_screen.session
        panel = driver.game_screen.query_one(ResultPanel)
        await driver.press("4", "c", "y")  # turn 1 resolves
        await driver.settle()
        await driver.press("5", "pagedown", "pagedown")
        await driver.settle()
        assert session.state.history[-1].turn == 1 and panel.scroll_y > 0
        scrolled = panel.scroll_y
        await driver.press("2", "5")  # another tab and back: the same result stays where it was read
        await driver.settle()
        assert panel.scroll_y == scrolled
        await driver.press("3", "x", "f", "4", "c", "y")  # NATO's proposal refused, and turn 2 resolves
        await driver.settle()
        assert session.state.history[-1].turn == 2
        await driver.press("5")
        await driver.settle()
        assert panel.scroll_y == 0 and "Turn 2 resolved" in screen_text(app)


async def test_each_turns_event_opens_at_its_top() -> None:
    from game.ui.widgets.panels import EventPanel

    loaded = scenario()
    app = app_for(loaded, "russia=human")
    async with app.run_test(size=(80, 16)) as pilot:
        driver = Driver(app, pilot)
        await driver.settle()
        session = driver.game_screen.session
        panel = driver.game_screen.query_one(EventPanel)
        await driver.press("2")
        panel.scroll_end(animate=False)  # the reader scrolls down turn 1's event
        await driver.settle()
        assert session.state.turn == 1 and panel.scroll_y > 0
        scrolled = panel.scroll_y
        await driver.press("4", "c", "y")  # turn 1 resolves; the Event tab of turn 1 is redrawn meanwhile
        await driver.settle()
        await driver.press("2")
        await driver.settle()
        assert session.state.turn == 2 and panel.scroll_y == 0 < scrolled
        assert "Turn 2 of" in screen_text(app)


async def test_the_next_seats_brief_opens_at_its_top() -> None:
    from game.ui.widgets.panels import BriefPanel

    app = app_for(scenario(), HOT_SEAT)
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot)
        await driver.settle()
        await driver.press("enter", "6")  # NATO takes the seat and reads its brief to the end
        panel = driver.game_screen.query_one(BriefPanel)
        panel.scroll_end(animate=False)
        await driver.settle()
        assert driver.game_screen.role == "nato" and panel.scroll_y > 0
        await driver.press("4", "c", "y")
        await driver.settle()
        await driver.press("enter", "6")  # Russia takes the seat
        await driver.settle()
        assert driver.game_screen.role == "russia" and panel.scroll_y == 0
        assert "Russia: your brief" in screen_text(app)
