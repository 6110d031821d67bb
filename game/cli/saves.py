"""``wargame replay`` and ``wargame saves``: saved games and simulation records on the command line.

``wargame replay FILE --verify`` replays each file headlessly and checks every turn's hash
(exit 0 when all match, 1 naming the first turn that diverges, 2 when a file cannot be read).
``wargame replay FILE`` opens the replay viewer of the terminal UI when there is one, and
otherwise (or with ``--text``) prints the game step by step with every role's moves revealed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from game.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, Subcommands, UserError, usable_folder

if TYPE_CHECKING:
    from game.saves import Replay, SavedGame

SAVES_DIR_HELP = "the saves folder (default: $WARGAME_SAVES_DIR, else saves/)"


def add_saves_dir_option(p: argparse.ArgumentParser) -> None:
    """``--saves-dir DIR``, for every command that reads or writes the saves folder."""
    p.add_argument("--saves-dir", metavar="DIR", type=Path, default=None, help=SAVES_DIR_HELP)


def register(sub: Subcommands) -> None:
    """Add ``wargame replay`` and ``wargame saves`` to the subcommands."""
    p = sub.add_parser("replay", help="replay a saved game or a simulation record; --verify checks its hashes")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="a save or a record (wargame simulate --save-dir), or the name of a save in the saves folder")
    p.add_argument("--verify", action="store_true",
                   help="replay headlessly and check every turn's hash: exit 0 when all match, 1 naming the first "
                        "turn that diverges")
    p.add_argument("--text", action="store_true", help="print the game step by step instead of opening the viewer")
    p.add_argument("--scenario", "-s", metavar="ID|PATH", default=None,
                   help="the scenario of a simulation record, when it is not in scenarios/ (saves carry theirs)")
    add_saves_dir_option(p)
    p.set_defaults(handler=cmd_replay)

    p = sub.add_parser("saves", help="list the saved games, newest first")
    add_saves_dir_option(p)
    p.set_defaults(handler=cmd_saves)


def saves_folder(saves_dir: Path | None) -> Path:
    """The saves folder (``--saves-dir``, else ``$WARGAME_SAVES_DIR``, else ``saves/``), checked: a
    :class:`UserError` when it, or a folder above it, is a file. A folder that does not exist yet is
    fine: the first save creates it."""
    from game.saves.folder import ENV_VAR
    from game.saves.folder import saves_dir as folder_of_saves

    return usable_folder(folder_of_saves(saves_dir), saves_dir, "--saves-dir", ENV_VAR, "saves")


def resolve_file(ref: str, saves_dir: Path | None) -> Path:
    """A file named on the command line: a path, or the name of a save in the saves folder."""
    path = Path(ref)
    if path.exists() or "/" in ref or "\\" in ref or ref.endswith(".json"):
        return path
    candidate = saves_folder(saves_dir) / f"{ref}.json"
    return candidate if candidate.exists() else path


def cmd_replay(args: argparse.Namespace) -> int:
    """Verify files, or open one in the viewer (or print it)."""
    from game.saves import SaveError, open_replay

    files = [resolve_file(ref, args.saves_dir) for ref in args.files]
    if args.verify:
        return verify_files(files, args.scenario)
    if len(files) > 1:
        raise UserError("give one file to replay (several are accepted with --verify)")
    try:
        replay = open_replay(files[0], scenario=args.scenario)
    except SaveError as exc:
        raise UserError(str(exc)) from None
    viewer = _viewer()
    if viewer is not None and not args.text and sys.stdin.isatty() and sys.stdout.isatty():
        saves_folder(args.saves_dir)  # games branched in the viewer are saved there: a file would fail them
        return viewer(replay, args.saves_dir)
    print_replay(replay)
    return EXIT_OK


def _viewer() -> Callable[[Replay, Path | None], int] | None:
    """The terminal UI's replay viewer, ``game.ui.run_replay(replay, saves_dir) -> exit code``, if it has one."""
    try:
        from game.ui import run_replay
    except ImportError:
        return None
    return run_replay


def verify_files(files: list[Path], scenario: str | None, out: TextIO | None = None) -> int:
    """Verify each file; print one line per file (and a total for several). Returns the exit code."""
    from game.saves import SaveError, read_log, verify_log

    out = out or sys.stdout
    unreadable = diverged = 0
    for path in files:
        try:
            result = verify_log(read_log(path, scenario=scenario))
        except SaveError as exc:
            unreadable += 1
            print(f"wargame: error: {exc}", file=sys.stderr)
            continue
        diverged += not result.ok
        print(result.summary(), file=out)
    if len(files) > 1:
        parts = [f"{len(files) - unreadable - diverged} of {len(files)} file(s) verified"]
        if diverged:
            parts.append(f"{diverged} diverge")
        if unreadable:
            parts.append(f"{unreadable} cannot be read")
        print("; ".join(parts), file=out)
    if unreadable:
        return EXIT_USAGE
    return EXIT_FAILED if diverged else EXIT_OK


_QUIET = {"negotiation_done", "committed"}


def print_replay(replay: Replay, out: TextIO | None = None) -> None:
    """The whole game, step by step, every role's moves revealed, each change with its cause and source."""
    from game.text import event_lines, score_table

    out = out or sys.stdout
    game, log = replay.game, replay.log
    seats = ", ".join(f"{game.role_name(r)}: {log.seats[r].spec()}" for r in game.roles)
    print(f"{game.scenario.title} - {game.scenario.period}", file=out)
    print(f"{log.path} ({log.kind}, wargame {log.engine}); seed {log.seed}; {seats}", file=out)
    sources = replay.sources
    for position in range(1, len(replay) + 1):
        for event in replay.events_at(position):
            if event.kind in _QUIET:
                continue
            if event.kind == "card":
                print(f"\n{'=' * 78}", file=out)
            if event.kind == "turn_resolved":
                print(f"  Turn {event.turn} resolved; state hash {event.data['hash'][:16]}", file=out)
                continue
            indent = "" if event.kind == "card" else "  "
            for line in event_lines(game, event, sources):
                print(indent + line, file=out)
    state = replay.state(len(replay))
    print(f"\n{'=' * 78}", file=out)
    if state.over:
        print("Final scores", file=out)
        for line in score_table(game, state):
            print(line, file=out)
    else:
        print(f"The log ends in turn {state.turn}, {state.phase.value} phase.", file=out)
    print(replay.verification.summary(), file=out)


def cmd_saves(args: argparse.Namespace) -> int:
    """List the saves of the saves folder, newest first, then any that cannot be read."""
    from game.saves import list_saves

    folder = saves_folder(args.saves_dir)
    saves = list_saves(folder)
    if not saves:
        print(f"No saved games in {folder}.")
        return EXIT_OK
    for info in saves:
        if info.data is None:
            print(f"{info.path.name:<40} cannot be read: {info.error}")
            continue
        data = info.data
        where = "over" if data.progress.over else f"turn {data.progress.turn}, {data.progress.phase}"
        humans = ", ".join(role for role, spec in data.seats.items() if spec == "human") or "bots only"
        when = data.updated.astimezone().strftime("%Y-%m-%d %H:%M")
        print(f"{info.path.name:<40} {data.scenario.id:<16} {where:<22} {when}  humans: {humans}")
    return EXIT_OK


def load_for_play(ref: str, saves_dir: Path | None = None) -> SavedGame:
    """The save ``ref`` names (a path, or a name in the saves folder), loaded and replayed for
    ``wargame play --load``; every problem becomes a one-line :class:`UserError`."""
    from game.saves import SaveError, load_save

    try:
        return load_save(resolve_file(ref, saves_dir))
    except SaveError as exc:
        raise UserError(str(exc)) from None
