"""Every shipped scenario under load: survival of many seeded bot games, and its balance tables.

    python benchmarks/scenarios.py [--scenario ID ...] [--games 2000] [--balance-games 100] [--jobs 2]

Survival: ``--games`` seeded games per scenario, seats rotating between all random, all
score-maximiser and every bot kind mixed; any error is listed with its seed and seats, and the
exit code is 1. Balance: the tables of :mod:`game.balance` (outcome bands per opponent mix, the
options a score-maximising bot picks, fixed strategies against each mix), with
``--balance-games`` games per cell; a degenerate scenario is listed and also exits 1.
Prints Markdown.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.balance import MAXIMISER, MIXES, format_report, measure, survival  # noqa: E402
from game.scenario.catalog import list_scenarios, resolve_scenario  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", action="append", default=None, help="scenario id (default: every one)")
    parser.add_argument("--games", type=int, default=2000, help="survival games per scenario (0: skip)")
    parser.add_argument("--balance-games", type=int, default=100, help="games per balance cell (0: skip)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--maximiser", default=MAXIMISER, help="the score-maximising bot measured")
    parser.add_argument("--mixes", default=",".join(MIXES), help="opponent mixes, comma-separated")
    args = parser.parse_args()

    paths = [resolve_scenario(s) for s in args.scenario] if args.scenario else list_scenarios()
    failed = False
    for path in paths:
        game = load_scenario(path).game
        print(f"## {game.scenario.title} (`{game.id}`)\n")
        if args.games:
            started = time.perf_counter()
            failures = survival(str(path), args.games, args.seed, args.jobs)
            elapsed = time.perf_counter() - started
            print(f"Survival: {args.games} games, seeds {args.seed}..{args.seed + args.games - 1}, "
                  f"{args.jobs} process(es), {elapsed:.1f} s ({args.games / elapsed:.0f} games/s): "
                  f"{len(failures)} error(s).\n")
            for f in failures[:20]:
                print(f"- seed {f.seed}, seats {dict(f.seats)}: {f.error}")
            failed |= bool(failures)
        if args.balance_games:
            started = time.perf_counter()
            report = measure(str(path), games=args.balance_games, seed=args.seed,
                             mixes=tuple(args.mixes.split(",")), maximiser=args.maximiser, workers=args.jobs)
            print(format_report(game, report))
            problems = report.problems()
            print(f"Balance ({time.perf_counter() - started:.0f} s): "
                  + ("no problems." if not problems else "DEGENERATE:"))
            for problem in problems:
                print(f"- {problem}")
            failed |= bool(problems)
        print()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
