"""Bot speed: how long each personality takes to choose a move in the terminal game, games per second
with every seat played by one personality (one core and all cores), and memory over many games.

    python benchmarks/bots.py [--scenario lisbon-2010] [--games 10] [--seconds 10] [--repeat 3]
                              [--bots cooperative,hawkish,reciprocal,strategic,greedy,random]
                              [--memory-games 2000] [--memory-bots strategic]

Decision time is timed around ``bot.act(observation)`` in a game session, as the terminal game calls
it, in two settings: every seat played by that personality (bots share the previews they have in
common), and one seat only, the others random - the lone player's case, where the bot gets no help
from other bots. The p95 target is 100 ms. Throughput and memory are measured as in
``benchmarks/engine.py``. Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Mapping
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import CORES, report_memory, report_throughput  # noqa: E402

from game.bots import BOTS  # noqa: E402
from game.engine import CHANCE, Game  # noqa: E402
from game.native import core_description  # noqa: E402
from game.scenario.catalog import resolve_scenario  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402
from game.session import Seat, Session  # noqa: E402


def decision_times(game: Game, seats: Mapping[str, str], timed: str, games: int) -> list[float]:
    """Seconds each decision of the bots of kind ``timed`` took, over ``games`` seeded games."""
    times: list[float] = []
    for seed in range(1, games + 1):
        session = Session.start(game, seed, {r: Seat(r, k) for r, k in seats.items()})
        while (actor := session.to_act()) is not None:
            if actor == CHANCE or seats[actor] != timed:
                session.step_automatic()
                continue
            bot, obs = session.bot(actor), session.view(actor)
            started = time.perf_counter()
            action = bot.act(obs)
            times.append(time.perf_counter() - started)
            session.submit(action)
    return times


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="lisbon-2010")
    parser.add_argument("--bots", default=",".join(BOTS), help="bot kinds to measure")
    parser.add_argument("--games", type=int, default=10, help="games per setting for the decision times")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each timed throughput run")
    parser.add_argument("--repeat", type=int, default=3, help="throughput runs per figure (the best is shown)")
    parser.add_argument("--memory-games", type=int, default=2_000, help="games of the memory run (0: skip it)")
    parser.add_argument("--memory-bots", default="strategic", help="bot kind of the memory run")
    args = parser.parse_args()

    path = str(resolve_scenario(args.scenario))
    game = load_scenario(path).game
    kinds = [k.strip() for k in args.bots.split(",") if k.strip()]
    print(f"{game.id}: {len(game.roles)} roles, {game.turns} turns; Python {sys.version.split()[0]}, "
          f"{core_description()}, {CORES} cores\n")

    print(f"Decision time, ms ({args.games} games per setting; target: p95 under 100 ms)")
    print(f"  {'bot':<12} {'every seat: p50':>16} {'p95':>7} {'max':>7}   {'one seat: p50':>14} {'p95':>7} {'max':>7}")
    for kind in kinds:
        full = decision_times(game, dict.fromkeys(game.roles, kind), kind, args.games)
        alone: list[float] = []
        for i in range(args.games):
            seats = {r: (kind if j == i % len(game.roles) else "random") for j, r in enumerate(game.roles)}
            alone += decision_times(game, seats, kind, 1)
        row = [1000 * f(v) for v in (full, alone) for f in (lambda x: percentile(x, 0.5),
                                                            lambda x: percentile(x, 0.95), max)]
        print(f"  {kind:<12} {row[0]:>16.2f} {row[1]:>7.2f} {row[2]:>7.1f}   {row[3]:>14.2f} {row[4]:>7.2f} {row[5]:>7.1f}")

    print(f"\nThroughput, every seat one personality (best of {args.repeat} runs of {args.seconds:g} s)")
    report_throughput(path, game.roles, kinds, args.seconds, args.repeat)
    if args.memory_games > 0:
        report_memory(path, game.roles, args.memory_bots, args.memory_games)

if __name__ == "__main__":
    main()
