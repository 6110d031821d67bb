"""``wargame watch``: bots play one game and each turn is printed readably."""

from __future__ import annotations

import shutil
import sys
import textwrap
import time
from collections.abc import Callable
from typing import TextIO

from game.engine import Action, Event, GameState
from game.runner import play
from game.scenario.loader import LoadedScenario
from game.text import SourceCatalog, event_lines, score_table, tracks_table

_SECTION = {
    "proposal": "Negotiation", "answer": "Negotiation", "agreement": "Negotiation",
    "reveal": "Resolution", "effects": "Resolution", "agreement_kept": "Resolution",
    "agreement_broken": "Resolution", "red_line": "Resolution",
}
_QUIET = {"negotiation_done", "committed", "turn_resolved"}


def watch(
    loaded: LoadedScenario, seed: int, seats: dict[str, str], delay: float = 0.0, out: TextIO | None = None,
    scenario_arg: str | None = None,
) -> GameState:
    """Play one bot game of ``loaded`` and print it turn by turn."""
    out = out or sys.stdout
    say = _printer(out)
    game = loaded.game
    sources: SourceCatalog = {entry.id: entry for entry in loaded.sources}
    seat_text = ", ".join(f"{game.role_name(r)}: {k}" for r, k in seats.items())
    say(f"{game.scenario.title} - {game.scenario.period}")
    say(f"Seed {seed}. Bots - {seat_text}")
    bots = ",".join(f"{r}={k}" for r, k in seats.items())
    say(f"(Again: wargame watch --scenario {scenario_arg or game.id} --seed {seed} --bots {bots})")
    section: list[str | None] = [None]

    def on_step(action: Action, events: tuple[Event, ...], state: GameState) -> None:
        for event in events:
            if event.kind in _QUIET:
                continue
            if event.kind == "card":
                say(f"\n{'=' * 78}\n{event.text}")
                for line in event_lines(game, event, sources)[1:]:
                    say(line)
                section[0] = None
                continue
            heading = _SECTION.get(event.kind)
            if heading and heading != section[0]:
                say(f"\n  -- {heading} --")
                section[0] = heading
            if event.kind == "negotiation_closed":
                say(f"  {event.text}")
                continue
            if event.kind == "game_over":
                continue
            for i, line in enumerate(event_lines(game, event, sources)):
                say(("  " if i == 0 or event.kind == "reveal" else "") + line)
        if any(e.kind == "turn_resolved" for e in events):
            say("\n  -- Tracks --")
            for line in tracks_table(game, state):
                say(line)
            say("\n  -- Scores so far --" if not state.over else "\n  == Final scores ==")
            for line in score_table(game, state):
                say(line)
            out.flush()
            if delay and not state.over:
                time.sleep(delay)

    played = play(game, seed, seats, on_step=on_step)
    history = [t for t in game.scenario.turns if t.history]
    if history:
        say("\n  == What happened in reality ==")
        for turn in game.scenario.turns:
            if turn.history:
                say(f"  {turn.label} ({turn.date}): {turn.history}")
    return played.state


def _printer(out: TextIO) -> Callable[[str], None]:
    """What prints to ``out``: on a terminal, each line wrapped to its width under its own indent (a
    source quote or a score's breakdown runs to a few hundred characters, which the terminal would
    break mid-word at its edge); to a file or a pipe, each line as it is."""
    width = shutil.get_terminal_size().columns if out.isatty() else 0

    def say(text: str) -> None:
        for line in text.split("\n"):
            if width and len(line) > width:
                indent = " " * (len(line) - len(line.lstrip(" ")))
                line = textwrap.fill(line.strip(), width, initial_indent=indent, subsequent_indent=indent + "    ",
                                     break_long_words=False, break_on_hyphens=False)
            print(line, file=out)

    return say
