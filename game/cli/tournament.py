"""``wargame tournament``: every personality against every other, in every seat, and a table to read."""

from __future__ import annotations

import argparse
import csv
import functools
import io
import json
import sys
import textwrap
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from game.cli import EXIT_OK, Subcommands, UserError

if TYPE_CHECKING:  # imported where used: every wargame command builds this parser, and the engine is slow to import
    from game.tournament import Lineup, LineupTally, Standings

LINEUPS_SHOWN = 5
"""Lineups shown for the first and the last outcome band (all of them go to --csv and --json)."""
ALL_LINEUPS_UP_TO = 12
"""With this many lineups or fewer, the table shows every one."""


def register(sub: Subcommands) -> None:
    """Add ``wargame tournament`` to the subcommands."""
    from game.cli.commands import _positive, _scenario_arg, _seed, jobs_arg

    p = sub.add_parser(
        "tournament", help="play every personality against every other in every seat; scores and outcome bands",
        description="Play the personalities against each other in every seat of a scenario: every combination "
                    "when --games covers them all (each played equally often), otherwise a balanced sample "
                    "drawn from the seed. Prints, per role and personality, the mean score and its spread and "
                    "the outcome bands, and which lineups end in the best and the worst band.",
    )
    _scenario_arg(p)
    p.add_argument("--games", "-n", type=_positive, default=500,
                   help="games to play in all (default 500); game k uses seed + k")
    p.add_argument("--seed", type=_seed, default=1, help="seed of the first game and of the lineup sample")
    p.add_argument("--personalities", metavar="LIST", default=None,
                   help="comma-separated bots to set against each other (default: every personality)")
    jobs_arg(p)
    p.add_argument("--csv", metavar="FILE", type=Path, default=None,
                   help="write the table by lineup as CSV ('-' for stdout)")
    p.add_argument("--json", metavar="FILE", type=Path, default=None,
                   help="write every figure as JSON ('-' for stdout)")
    p.set_defaults(handler=cmd_tournament)


def personalities(text: str) -> tuple[str, ...]:
    """The bots named in ``text`` (comma-separated, each once)."""
    from game.bots import BOTS

    names = tuple(dict.fromkeys(n.strip() for n in text.split(",") if n.strip()))
    unknown = [n for n in names if n not in BOTS]
    if unknown:
        raise UserError(f"--personalities: unknown bot {unknown[0]!r} (bots: {', '.join(BOTS)})")
    if not names:
        raise UserError("--personalities: name at least one bot")
    return names


def cmd_tournament(args: argparse.Namespace) -> int:
    from game.cli.commands import _progress, jobs, load
    from game.simulate import load_game
    from game.bots import PERSONALITIES
    from game.tournament import Standings, iter_results, schedule

    kinds = personalities(args.personalities or ",".join(PERSONALITIES))
    loaded = load(args.scenario)
    game = loaded.game
    plan = schedule(game.roles, kinds, args.games, args.seed)
    standings = Standings(game, plan, args.seed)
    loader = functools.partial(load_game, str(loaded.path))
    started = time.perf_counter()
    with _progress(plan.games, "Tournament") as advance:
        for result in iter_results(game, loader, plan, args.seed, jobs(args, plan.games)):
            standings.add(result)
            advance()
    elapsed = time.perf_counter() - started
    to_stdout = False
    if args.json is not None:
        to_stdout |= _write(args.json, json.dumps(standings.to_json(), indent=2, sort_keys=True) + "\n")
    if args.csv is not None:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(standings.csv_rows())
        to_stdout |= _write(args.csv, out.getvalue())
    if not to_stdout:
        print_standings(standings, elapsed, asked=args.games)
    return EXIT_OK


def _write(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` (``-`` is stdout); True when it went to stdout."""
    if str(path) == "-":
        sys.stdout.write(text)
        return True
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror}") from None
    return False


def print_standings(standings: Standings, elapsed: float, out: TextIO | None = None, asked: int | None = None) -> None:
    """The tournament as tables a scenario author can read in 80 columns (``asked``: the games asked
    for, said when the schedule played fewer)."""
    from game.cli.summary import games_and_seeds

    out = out or sys.stdout
    game, plan = standings.game, standings.plan
    n = standings.games
    bands = game.outcomes
    codes = [f"B{i}" for i in range(1, len(bands) + 1)]

    def say(line: str = "") -> None:
        print(line, file=out)

    say(f"{game.scenario.title}: {games_and_seeds(n, standings.seed)}")
    if plan.sampled:
        each = n // len(plan.personalities)
        say(f"{len(plan.lineups):,} of {plan.combinations:,} lineups, drawn at random so that each personality")
        say(f"plays each role about {each:,} times")
    else:
        say(f"Every one of the {plan.combinations:,} lineups, {plan.games_each:,} game(s) each")
        if asked is not None and asked != n:
            say(f"({asked:,} asked: every lineup plays equally often, so {n:,})")
    say(f"Personalities: {', '.join(plan.personalities)}")
    say(f"{elapsed:.1f} s ({n / max(elapsed, 1e-9):,.0f} games/s)")

    say()
    say("Outcome bands                         games   share")
    for code, band in zip(codes, bands):
        count = standings.bands.get(band.id, 0)
        say(f"  {code} {_cut(band.title, 30):<30} {count:>7,}  {100 * count / n:5.1f}%")

    say()
    head = " ".join(f"{c:>4}" for c in codes)
    say(f"{'Role':<12} {'Personality':<11} {'games':>5} {'mean':>6} {'sd':>5} {'red':>4} {'brk':>4}  {head}")
    for role in game.roles:
        label = _cut(game.role_name(role), 12)
        for personality in plan.personalities:
            tally = standings.seat(role, personality)
            if not tally.games:
                continue
            shares = " ".join(f"{_share(tally.bands.get(b.id, 0), tally.games):>4}" for b in bands)
            say(f"{label:<12} {_cut(personality, 11):<11} {tally.games:>5} {tally.mean:>6.1f} {tally.sd:>5.1f} "
                f"{tally.red_lines / tally.games:>4.2f} {tally.broken / tally.games:>4.2f}  {shares}")
            label = ""
    say("  mean, sd: the role's final score; red: red lines crossed per game;")
    say("  brk: agreements broken per game; B1..: share of its games ending in each band")

    ranked = list(standings.lineups.items())
    if len(ranked) <= ALL_LINEUPS_UP_TO:
        _lineup_block(standings, "Outcome bands by lineup", ranked, codes, out)
        return
    for code, band in ((codes[0], bands[0]), (codes[-1], bands[-1])):
        reached = [kv for kv in standings.ranked_lineups(band.id) if kv[1].bands.get(band.id)]
        if not reached:
            say(f"\nNo lineup ended in {band.title} ({code}).")
            continue
        title = f"Lineups ending in {band.title} ({code}): {len(reached):,} of {len(ranked):,}"
        if len(reached) > LINEUPS_SHOWN:
            title += f", the {LINEUPS_SHOWN} most often"
        _lineup_block(standings, title, reached[:LINEUPS_SHOWN], codes, out)
    say()
    say("Every lineup, one row each: --csv FILE or --json FILE.")


def _lineup_block(
    standings: Standings, title: str, rows: list[tuple[Lineup, LineupTally]], codes: list[str], out: TextIO,
) -> None:
    from game.tournament import lineup_text

    game = standings.game
    print(f"\n{title}", file=out)
    print(f"  {' '.join(f'{c:>4}' for c in codes)}  games  lineup", file=out)
    for lineup, tally in rows:
        shares = " ".join(f"{_share(tally.bands.get(b.id, 0), tally.games):>4}" for b in game.outcomes)
        text = textwrap.wrap(lineup_text(game, lineup), width=78 - 2 - len(shares) - 9)
        print(f"  {shares}  {tally.games:>5}  {text[0]}", file=out)
        for more in text[1:]:
            print(f"  {'':>{len(shares)}}  {'':>5}  {more}", file=out)


def _share(count: int, total: int) -> str:
    return f"{100 * count / total:.0f}%" if total else "-"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "."


__all__ = ["cmd_tournament", "personalities", "print_standings", "register"]

