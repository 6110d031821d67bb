"""The terminal game, driven by keys through Textual's Pilot.

Whole games are played by pressing keys, and after every move the action the screen produced is
checked against the move intended; at the end the game must equal, hash for hash, the same moves
applied straight to the engine with the same seed.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from rich.console import Console

from game.engine import (
    Action, Commit, Commitment, EndNegotiation, Phase, Propose, Respond, state_hash,
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


# -- what the players mean to do -------------------------------------------------------------


def plan(session: Session, role: str) -> Action:
    """A deterministic, legal and varied move: the first role proposes once in the game to the second,
    every proposal is accepted, and each turn every open decision moves to a different option."""
    obs = session.view(role)
    game = session.game
    if obs.phase is Phase.NEGOTIATION:
        waiting = [p for p in obs.proposals if role in p.awaiting()]
        if waiting:
            return Respond(role, waiting[0].id, True)
        first, second = game.roles[0], game.roles[1]
        made = any(p.proposer == role for p in (*obs.proposals, *obs.talks))
        if role == first and obs.proposals_left and not made:
            mine, theirs = game.decisions[first][0], game.decisions[second][0]
            return Propose(
                first, (second,),
                offers=(Commitment(first, mine.id, mine.options[1].id, "ge"),),
                requests=(Commitment(second, theirs.id, theirs.options[1].id, "ge"),),
            )
        return EndNegotiation(role)
    chosen = {}
    for dec, options in obs.choices:
        chosen[dec.id] = options[(obs.turn + len(dec.id)) % len(options)].id
    return Commit.of(role, chosen)


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


class Driver:
    """Plays a game through the app by keys, checking every move it makes."""

    def __init__(self, app, pilot) -> None:  # type: ignore[no-untyped-def]
        self.app, self.pilot = app, pilot

    async def settle(self) -> None:
        await self.pilot.pause()
        await self.app.workers.wait_for_complete()
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
            keys += (["tab"] if i else []) + ["right" if step > 0 else "left"] * abs(step)
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


@pytest.mark.parametrize("seats", [HOT_SEAT, AGAINST_BOTS], ids=["humans-on-every-seat", "human-against-bots"])
async def test_a_whole_game_played_by_keys_equals_the_engine_game(seats: str) -> None:
    loaded = scenario()
    app = app_for(loaded, seats)
    handovers: list[str] = []
    async with app.run_test(size=(100, 32)) as pilot:
        driver = Driver(app, pilot)
        session = await driver.play(on_handover=lambda: handovers.append(app.screen.role_name))
        from game.ui.screens.end import EndScreen

        assert isinstance(app.screen, EndScreen)
        text = screen_text(app)
    expected = expected_game(loaded, seats)
    assert session.actions == expected.actions
    assert session.hashes == expected.hashes and state_hash(session.state) == state_hash(expected.state)
    assert session.state.over and "Game over" in text
    if seats == HOT_SEAT:
        assert handovers[0] == "NATO" and {"Russia", "Romania"} <= set(handovers)
    else:
        assert handovers == []
