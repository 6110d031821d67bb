"""``wargame watch``: bots play one game and each turn is printed readably."""

from __future__ import annotations

import sys
import time
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
    game = loaded.game
    sources: SourceCatalog = {entry.id: entry for entry in loaded.sources}
    seat_text = ", ".join(f"{game.role_name(r)}: {k}" for r, k in seats.items())
    print(f"{game.scenario.title} - {game.scenario.period}", file=out)
    print(f"Seed {seed}. Bots - {seat_text}", file=out)
    bots = ",".join(f"{r}={k}" for r, k in seats.items())
    print(f"(Again: wargame watch --scenario {scenario_arg or game.id} --seed {seed} --bots {bots})", file=out)
    section: list[str | None] = [None]

    def on_step(action: Action, events: tuple[Event, ...], state: GameState) -> None:
        for event in events:
            if event.kind in _QUIET:
                continue
            if event.kind == "card":
                print(f"\n{'=' * 78}\n{event.text}", file=out)
                for line in event_lines(game, event, sources)[1:]:
                    print(line, file=out)
                section[0] = None
                continue
            heading = _SECTION.get(event.kind)
            if heading and heading != section[0]:
                print(f"\n  -- {heading} --", file=out)
                section[0] = heading
            if event.kind == "negotiation_closed":
                print(f"  {event.text}", file=out)
                continue
            if event.kind == "game_over":
                continue
            for i, line in enumerate(event_lines(game, event, sources)):
                print(("  " if i == 0 or event.kind == "reveal" else "") + line, file=out)
        if any(e.kind == "turn_resolved" for e in events):
            print("\n  -- Tracks --", file=out)
            for line in tracks_table(game, state):
                print(line, file=out)
            print("\n  -- Scores so far --" if not state.over else "\n  == Final scores ==", file=out)
            for line in score_table(game, state):
                print(line, file=out)
            out.flush()
            if delay and not state.over:
                time.sleep(delay)

    played = play(game, seed, seats, on_step=on_step)
    history = [t for t in game.scenario.turns if t.history]
    if history:
        print("\n  == What happened in reality ==", file=out)
        for turn in game.scenario.turns:
            if turn.history:
                print(f"  {turn.label} ({turn.date}): {turn.history}", file=out)
    return played.state
