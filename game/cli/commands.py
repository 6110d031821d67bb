"""The subcommands of ``wargame``: each a function taking parsed arguments, returning an exit code."""

from __future__ import annotations

import argparse
import functools
import json
import os
import secrets
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from game.cli import EXIT_OK, EXIT_USAGE, Subcommands, UserError, debrief, emit, play, rules, tournament

if TYPE_CHECKING:  # imported where they are used: rich where a bar is drawn, the loader where a scenario is read
    from rich.progress import Progress

    from game.scenario.loader import LoadedScenario

Handler = Callable[[argparse.Namespace], int]

BOTS_HELP = (
    "one bot for every seat (hawkish) or one per role (nato=strategic,russia=reciprocal); seats not named "
    "get the default mix of personalities (see 'wargame tournament')"
)


def _scenario_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scenario", "-s", metavar="ID|PATH", default=None,
                   help="scenario id (see 'wargame scenarios') or path to a scenario file; default: lisbon-2010")


def _seed(value: str) -> int:
    try:
        seed = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"seed must be a whole number, not {value!r}") from None
    if not 0 <= seed < 2**63:
        raise argparse.ArgumentTypeError("seed must be between 0 and 2**63 - 1")
    return seed


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, not {n}")
    return n


def cores() -> int:
    """The cores this process may run on (fewer than the machine's where it is confined)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def jobs_arg(p: argparse.ArgumentParser) -> None:
    """``--jobs``: by default every core, never more processes than games."""
    p.add_argument("--jobs", "-j", type=_positive, default=None,
                   help=f"processes to spread the games over (default: every core, {cores()} here; "
                        "the results are the same whatever the number)")


def jobs(args: argparse.Namespace, games: int) -> int:
    """The processes to play ``games`` games with: ``--jobs`` if given, else every core (one per game at most)."""
    return args.jobs if args.jobs is not None else max(1, min(cores(), games))


def register(sub: Subcommands) -> None:
    """Add every subcommand to the parser."""
    debrief.register(sub)
    play.register(sub, _seed)
    rules.register(sub)

    p = sub.add_parser("scenarios", help="list the scenarios with title, roles and turns")
    p.set_defaults(handler=cmd_scenarios)

    p = sub.add_parser("validate", help="check scenario files; every problem as file:line:column")
    p.add_argument("paths", nargs="+", metavar="PATH", help="scenario files to check (or the source catalogue)")
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("watch", help="watch bots play one game, turn by turn")
    _scenario_arg(p)
    p.add_argument("--seed", type=_seed, default=None, help="seed of the game (default: random, shown)")
    p.add_argument("--bots", metavar="SPEC", default=None, help=BOTS_HELP)
    p.add_argument("--delay", type=float, default=0.0, metavar="SECONDS", help="pause after each turn")
    p.set_defaults(handler=cmd_watch)

    p = sub.add_parser(
        "simulate", help="play many seeded bot games and summarise them",
        description="Play seeded games with a bot in every seat and print the outcome bands, each role's "
                    "scores, the mean final tracks and the options held. The same seed and bots give the "
                    "same games, whatever --jobs.",
    )
    _scenario_arg(p)
    p.add_argument("--games", "-n", type=_positive, default=200, help="games to play (default 200)")
    p.add_argument("--seed", type=_seed, default=1, help="seed of the first game (game i uses seed + i)")
    p.add_argument("--bots", metavar="SPEC", default=None, help=BOTS_HELP)
    jobs_arg(p)
    p.add_argument("--json", metavar="FILE", type=Path, default=None, help="write the summary as JSON ('-' for stdout)")
    p.add_argument("--save-dir", metavar="DIR", type=Path, default=None, help="write each game's record here")
    p.set_defaults(handler=cmd_simulate)

    tournament.register(sub)

    p = sub.add_parser("brief", help="write a role's briefing pack (or every pack) as Markdown")
    _scenario_arg(p)
    p.add_argument("--role", "-r", metavar="ROLE", default=None, help="the role whose pack to write")
    p.add_argument("--all", action="store_true", help="every role's pack and the facilitator's, into a folder")
    p.add_argument("--output", "-o", metavar="PATH", type=Path, default=None,
                   help="file (or folder with --all); default: stdout (folder: briefs-SCENARIO)")
    p.set_defaults(handler=cmd_brief)

    p = sub.add_parser("schema", help="write the JSON Schema of scenario files")
    p.add_argument("--output", "-o", metavar="FILE", type=Path, default=None, help="default: stdout")
    p.set_defaults(handler=cmd_schema)

    from game.cli import saves

    saves.register(sub)

    from game.cli import live

    live.register(sub)


def run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """Dispatch to the chosen subcommand (``play`` when none is given)."""
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        args = parser.parse_args(["play"])
        handler = args.handler
    return handler(args)


# --- helpers ----------------------------------------------------------------------------------


def load(ref: str | None) -> LoadedScenario:
    """Load a scenario by id or path, turning every failure into a :class:`UserError`."""
    from game.scenario.catalog import DEFAULT_SCENARIO, UnknownScenarioError, resolve_scenario
    from game.scenario.loader import ScenarioFileError, load_scenario

    try:
        path = resolve_scenario(ref or DEFAULT_SCENARIO)
        return load_scenario(path)
    except UnknownScenarioError as exc:
        raise UserError(str(exc)) from None
    except ScenarioFileError as exc:
        raise UserError(f"{exc}\n(run 'wargame validate {ref}' to see these again)") from None


def _seats(spec: str | None, roles: tuple[str, ...]) -> dict[str, str]:
    from game.bots import BotSpecError, parse_bot_spec

    try:
        return parse_bot_spec(spec, roles)
    except BotSpecError as exc:
        raise UserError(f"--bots: {exc}") from None


# --- commands ---------------------------------------------------------------------------------


def cmd_scenarios(args: argparse.Namespace) -> int:
    from game.scenario.catalog import DEFAULT_SCENARIO, list_scenarios
    from game.scenario.loader import ScenarioFileError, load_scenario

    for path in list_scenarios():
        try:
            loaded = load_scenario(path)
        except ScenarioFileError:
            print(f"{path.stem:<18} (invalid: run 'wargame validate {path}')")
            continue
        s = loaded.scenario
        mark = " (default)" if s.id == DEFAULT_SCENARIO else ""
        roles = ", ".join(r.name for r in s.roles)
        print(f"{s.id:<18} {s.title}{mark}\n{'':<18} {s.period}; {len(s.turns)} turns; roles: {roles}")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from game.scenario.catalog import SOURCES_FILE
    from game.scenario.loader import ScenarioFileError, load_scenario, load_sources

    failed = 0
    for raw in args.paths:
        path = Path(raw)
        try:
            if path.name == SOURCES_FILE:
                summary = f"source catalogue of {len(load_sources(path))} texts"
            else:
                s = load_scenario(path).scenario
                summary = f"{s.title} ({len(s.roles)} roles, {len(s.turns)} turns, {len(s.events)} event cards)"
        except ScenarioFileError as exc:
            failed += 1
            print(str(exc), file=sys.stderr)
            continue
        print(f"{path}: ok - {summary}")
    if failed:
        print(f"{failed} of {len(args.paths)} file(s) have problems", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def cmd_watch(args: argparse.Namespace) -> int:
    from game.cli.watch import watch

    loaded = load(args.scenario)
    seats = _seats(args.bots, loaded.game.roles)
    seed = args.seed if args.seed is not None else secrets.randbelow(1_000_000)
    watch(loaded, seed, seats, delay=max(0.0, args.delay), scenario_arg=args.scenario)
    return EXIT_OK


def cmd_simulate(args: argparse.Namespace) -> int:
    from game.cli.summary import print_summary
    from game.simulate import Summary, iter_results, load_game, write_record

    loaded = load(args.scenario)
    game = loaded.game
    seats = _seats(args.bots, game.roles)
    summary = Summary(game.id, args.games, args.seed, seats)
    loader = functools.partial(load_game, str(loaded.path))
    started = time.perf_counter()
    results = iter_results(game, loader, args.games, args.seed, seats, jobs(args, args.games),
                           keep_records=bool(args.save_dir))
    with _progress(args.games) as advance:
        for result in results:
            summary.add(result)
            if args.save_dir is not None and result.record is not None:
                write_record(args.save_dir, result.record)
            advance()
    elapsed = time.perf_counter() - started
    data = summary.to_json(game)
    if args.json is not None:
        text = json.dumps(data, indent=2, sort_keys=True) + "\n"
        if str(args.json) == "-":
            sys.stdout.write(text)
            return EXIT_OK
        try:
            args.json.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UserError(f"cannot write {args.json}: {exc.strerror}") from None
    print_summary(game, summary, elapsed)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from game.scenario.schema import schema_text

    return emit(schema_text(), args.output)


class _progress:
    """A progress bar on stderr when it is a terminal; silent otherwise."""

    def __init__(self, total: int, label: str = "Simulating") -> None:
        self.total = total
        self.label = label
        self.bar: Progress | None = None

    def __enter__(self) -> Callable[[], None]:
        if not sys.stderr.isatty():
            return lambda: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        # On stderr, so the bar shows when stdout goes to a file or a pipe, and stays out of it.
        bar = self.bar = Progress(self.label, BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                  console=Console(stderr=True), transient=True)
        bar.start()
        task = bar.add_task("games", total=self.total)
        return lambda: bar.advance(task)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def cmd_brief(args: argparse.Namespace) -> int:
    from game.handouts import facilitator_pack, role_pack

    loaded = load(args.scenario)
    roles = loaded.game.roles
    if args.all:
        folder = args.output or Path(f"briefs-{loaded.game.id}")
        if folder.suffix:
            raise UserError(f"--all writes a folder of files; {folder} looks like a file name")
        packs = {f"{role}.md": role_pack(loaded, role) for role in roles}
        packs["facilitator.md"] = facilitator_pack(loaded)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for name, text in packs.items():
                (folder / name).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UserError(f"cannot write to {folder}: {exc.strerror}") from None
        print(f"wrote {len(packs)} packs to {folder}/", file=sys.stderr)
        return EXIT_OK
    if args.role is None:
        raise UserError(f"name a role with --role ({', '.join(roles)}) or use --all")
    if args.role not in roles:
        raise UserError(f"unknown role {args.role!r} (roles: {', '.join(roles)})")
    return emit(role_pack(loaded, args.role), args.output)


__all__ = ["register", "run", "load", "EXIT_USAGE"]
