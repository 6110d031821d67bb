"""``wargame play``: the game in the terminal (Textual), at the main menu or straight into a game.

With ``--scenario``, ``--seed`` or ``--seats`` the game starts at once: the scenario is loaded
and the seats are checked here, before Textual starts, so that a mistake is one line on
stderr and exit code 2 rather than a broken screen.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from game.cli import Subcommands, UserError

if TYPE_CHECKING:
    from game.scenario.loader import LoadedScenario
    from game.session import Session

SEATS_HELP = (
    "who plays each role: nato=human,russia=bot:greedy; roles not named are played by the default bot "
    "(without --seats: the first role is human, the others bots)"
)


def register(sub: Subcommands, seed: Callable[[str], int]) -> None:
    """Add ``wargame play`` to the subcommands; ``seed`` parses a seed as the other commands do."""
    p = sub.add_parser("play", help="play in the terminal: the main menu, or straight into a game")
    p.add_argument("--scenario", "-s", metavar="ID|PATH", default=None,
                   help="scenario id (see 'wargame scenarios') or path to a scenario file; skips the menu")
    p.add_argument("--seed", type=seed, default=None, help="seed of the game (default: random)")
    p.add_argument("--seats", metavar="SPEC", default=None, help=SEATS_HELP)
    p.add_argument("--facilitator", action="store_true",
                   help="a facilitator steers the game: F2 opens the facilitator's desk (sees everything; injects "
                        "events, adjusts tracks, pauses, sets countdowns, reveals positions, writes notes)")
    p.add_argument("--load", metavar="FILE", default=None,
                   help="resume a saved game (a path, or a name in the saves folder) where it stood")
    p.add_argument("--saves-dir", metavar="DIR", type=Path, default=None,
                   help="where games are saved and found (default: $WARGAME_SAVES_DIR, else saves/)")
    p.set_defaults(handler=cmd_play)


def cmd_play(args: argparse.Namespace) -> int:
    """Open the terminal game."""
    from game.cli.saves import saves_folder

    saves_folder(args.saves_dir)  # a file there would make every save fail once the game is under way
    if args.load is not None:
        if args.scenario is not None or args.seed is not None or args.seats is not None or args.facilitator:
            raise UserError("--load resumes a saved game as it was: give no --scenario, --seed, --seats or "
                            "--facilitator with it")
        from game.cli.saves import load_for_play

        saved = load_for_play(args.load, args.saves_dir)
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise UserError("'wargame play' needs an interactive terminal")
        from game.ui import run_saved

        return run_saved(saved, saves_dir=args.saves_dir)
    start = None
    if args.scenario is not None or args.seed is not None or args.seats is not None or args.facilitator:
        start = prepare(args.scenario, args.seed, args.seats, args.facilitator)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UserError("'wargame play' needs an interactive terminal (to see bots play in text, try 'wargame watch')")
    from game.ui import run

    return run(*start, saves_dir=args.saves_dir) if start is not None else run(saves_dir=args.saves_dir)


def prepare(
    scenario: str | None, seed: int | None, seats_spec: str | None, facilitator: bool = False,
) -> tuple[LoadedScenario, Session]:
    """Load the scenario and seat the players; every mistake becomes a :class:`UserError`."""
    from game.bots import DEFAULT_BOT
    from game.cli.commands import load
    from game.session import SeatError, Session, parse_seats

    loaded = load(scenario)
    roles = loaded.game.roles
    try:
        if seats_spec is None:
            seats = parse_seats(f"{roles[0]}=human", roles, default=f"bot:{DEFAULT_BOT}")
        else:
            seats = parse_seats(seats_spec, roles, default=f"bot:{DEFAULT_BOT}")
    except SeatError as exc:
        raise UserError(f"--seats: {exc}") from None
    chosen = seed if seed is not None else secrets.randbelow(1_000_000)
    return loaded, Session.start(loaded.game, chosen, seats, facilitator=facilitator)

