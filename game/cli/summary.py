"""Printing a simulation summary as readable tables."""

from __future__ import annotations

import sys
from typing import TextIO

from game.engine import Game
from game.simulate import Summary


def print_summary(game: Game, summary: Summary, elapsed: float, out: TextIO | None = None) -> None:
    """Outcome bands, score spread per role, mean final tracks, and how often each option was held."""
    out = out or sys.stdout
    n = summary.games
    rate = n / elapsed if elapsed > 0 else float("inf")
    seats = ", ".join(f"{r}={k}" for r, k in summary.seats.items())
    print(f"{game.scenario.title}: {games_and_seeds(n, summary.seed)}", file=out)
    print(f"Bots: {seats}", file=out)
    print(f"{elapsed:.2f} s ({rate:,.0f} games/s, {summary.actions / max(elapsed, 1e-9):,.0f} actions/s)\n", file=out)

    print("Outcome bands", file=out)
    for band in game.outcomes:
        count = summary.outcomes.get(band.id, 0)
        print(f"  {band.title:<28} {count:>7}  {100 * count / n:5.1f}%", file=out)

    print("\nScores              mean      sd     min     max", file=out)
    for role in game.roles:
        s = summary.score_stats(role)
        print(f"  {game.role_name(role):<14} {s['mean']:>8.2f} {s['sd']:>7.2f} {s['min']:>7g} {s['max']:>7g}", file=out)

    print("\nMean final tracks", file=out)
    for key, track in game.tracks.items():
        values = summary.tracks[key]
        print(f"  {track.name:<40} {sum(values) / len(values):6.2f}  ({track.min}..{track.max})", file=out)

    print("\nOptions held (share of turns)", file=out)
    for key, shares in summary.choice_shares().items():
        role, decision = key.split(".")
        dec = game.decision(role, decision)
        parts = ", ".join(f"{dec.option(o).name} {100 * v:.0f}%" for o, v in
                          sorted(shares.items(), key=lambda kv: dec.ranks[kv[0]]))
        print(f"  {game.role_name(role)} - {dec.name}: {parts}", file=out)


def games_and_seeds(n: int, seed: int) -> str:
    """``1 game, seed 7`` or ``20 games, seeds 7..26``."""
    return f"1 game, seed {seed}" if n == 1 else f"{n:,} games, seeds {seed}..{seed + n - 1}"
