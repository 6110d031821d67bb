"""Engine speed: games and decisions per second for bot play on one core.

    python benchmarks/engine.py [--scenario lisbon-2010] [--bots random] [--seconds 5]

A "decision" is one bot action (a proposal, an answer, the end of negotiation or a commit);
chance draws are counted separately. Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.bots import make_bots, parse_bot_spec  # noqa: E402
from game.engine import DrawCard  # noqa: E402
from game.runner import play  # noqa: E402
from game.scenario.catalog import resolve_scenario  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="lisbon-2010")
    parser.add_argument("--bots", default="random")
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()

    game = load_scenario(resolve_scenario(args.scenario)).game
    seats = parse_bot_spec(args.bots, game.roles)
    bots = make_bots(game, seats)
    play(game, 0, seats, bots=bots)  # warm up

    games = decisions = draws = 0
    started = time.perf_counter()
    while (elapsed := time.perf_counter() - started) < args.seconds:
        played = play(game, games + 1, seats, bots=bots)
        games += 1
        chance = sum(isinstance(a, DrawCard) for a in played.actions)
        draws += chance
        decisions += len(played.actions) - chance
    print(f"scenario {game.id}, bots {args.bots}, one core, {elapsed:.1f} s")
    print(f"games/s      {games / elapsed:10,.0f}   ({games} games)")
    print(f"decisions/s  {decisions / elapsed:10,.0f}   ({decisions / games:.1f} bot decisions per game)")
    print(f"actions/s    {(decisions + draws) / elapsed:10,.0f}")


if __name__ == "__main__":
    main()
