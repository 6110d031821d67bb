"""``wargame rules``: the rulebook's tables of a scenario, generated from its data, as Markdown.

``wargame rules --scenario tutorial`` prints them; ``-o FILE`` writes them to a file;
``--into rules.md`` replaces the scenario's generated block inside an existing rulebook.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from game.cli import EXIT_OK, Subcommands, UserError


def register(sub: Subcommands) -> None:
    """Add ``wargame rules`` to the subcommands."""
    p = sub.add_parser("rules", help="the rules tables of a scenario (options, effects, scores) as Markdown")
    p.add_argument("--scenario", "-s", metavar="ID|PATH", default=None,
                   help="scenario id (see 'wargame scenarios') or path to a scenario file; default: lisbon-2010")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--output", "-o", metavar="FILE", type=Path, default=None, help="default: stdout")
    where.add_argument("--into", metavar="RULEBOOK", type=Path, default=None,
                       help="replace the scenario's generated block in this file (e.g. rules.md)")
    p.set_defaults(handler=cmd_rules)


def cmd_rules(args: argparse.Namespace) -> int:
    """Print, write or splice the generated tables."""
    from game.cli import emit
    from game.cli.commands import load
    from game.rulebook import RulebookError, generated_block, splice

    loaded = load(args.scenario)
    if args.into is None:
        return emit(generated_block(loaded) + "\n", args.output)
    try:
        text = args.into.read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot read {args.into}: {exc.strerror}") from None
    try:
        updated = splice(text, loaded)
    except RulebookError as exc:
        raise UserError(f"{args.into}: {exc}") from None
    if updated == text:
        print(f"{args.into}: the {loaded.game.id} tables are up to date")
        return EXIT_OK
    return emit(updated, args.into)
